# gpedu — commandes du projet (voir README.md)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLE := $(VENV)/.installe
REGLAGES_LAB := $(VENV)/share/jupyter/lab/settings/overrides.d/gpedu.json

.PHONY: demo test lab navigateur verifier publier lint format contraintes nettoyer

$(INSTALLE): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "gpedu demande Python 3.11 ou plus récent.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(INSTALLE)

## demo : cycle complet du formateur sur les copies de démonstration
demo: $(INSTALLE)
	$(BIN)/gpedu demo

## test : qualité du code, tests unitaires, harnais de qualité des cahiers et tests navigateur
test: $(INSTALLE) $(REGLAGES_LAB) navigateur
	$(BIN)/ruff check lib tests benchmarks nbgrader_config.py
	$(BIN)/ruff format --check lib tests benchmarks nbgrader_config.py
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## navigateur : Chromium de Debian pour les tests navigateur (installé s'il manque, si root)
navigateur:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	else echo "Chromium manque (/usr/bin/chromium) : installez le paquet Debian « chromium » en root," \
		"sinon les tests navigateur échouent."; fi

## lab : JupyterLab (en français) sur le cours
lab: $(INSTALLE) $(REGLAGES_LAB)
	$(BIN)/jupyter lab --ServerApp.root_dir=.

# Réglages de JupyterLab du cours (français, actions qui cassent la correction désactivées)
$(REGLAGES_LAB): jupyterlab/reglages.json $(INSTALLE)
	mkdir -p $(dir $@)
	cp jupyterlab/reglages.json $@

verifier: $(INSTALLE)
	$(BIN)/gpedu verifier

publier: $(INSTALLE)
	$(BIN)/gpedu publier

format: $(INSTALLE)
	$(BIN)/ruff check --fix lib tests benchmarks nbgrader_config.py
	$(BIN)/ruff format lib tests benchmarks nbgrader_config.py

contraintes: $(INSTALLE)
	head -2 constraints.txt > constraints.txt.nouveau
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^gpedu' >> constraints.txt.nouveau
	mv constraints.txt.nouveau constraints.txt

nettoyer:
	rm -rf submitted autograded feedback notes gradebook.db sauvegardes
