"""Accès au cours nbgrader : configuration (``nbgrader_config.py``) et API."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

FICHIER_CONFIG = "nbgrader_config.py"


class ErreurCours(Exception):
    """Erreur de l'utilisateur (dossier, devoir, fichier) : message en français, sans trace."""


def charger_config(racine: Path) -> Config:
    """La configuration du cours ``racine`` (son ``nbgrader_config.py``), racine et base fixées."""
    racine = Path(racine).resolve()
    fichier = racine / FICHIER_CONFIG
    if not fichier.is_file():
        raise ErreurCours(f"{racine} n'est pas un cours gpedu : {FICHIER_CONFIG} introuvable.")
    config = PyFileConfigLoader(FICHIER_CONFIG, path=str(racine)).load_config()
    config.CourseDirectory.root = str(racine)
    config.CourseDirectory.db_url = f"sqlite:///{racine / 'gradebook.db'}"
    if "root" not in config.Exchange:
        config.Exchange.root = str(racine / "echange")
    return config


def api(racine: Path):
    """``NbGraderAPI`` du cours ; son journal n'est pas affiché, il est rendu dans chaque résultat."""
    return creer_api(charger_config(racine))


def creer_api(config: Config):
    """``NbGraderAPI`` pour une configuration déjà chargée (et éventuellement complétée)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    # nbgrader lance « alembic » et le noyau python3 : ceux de l'environnement de gpedu
    binaires = str(Path(sys.executable).parent)
    if binaires not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = binaires + os.pathsep + os.environ.get("PATH", "")
    Path(config.Exchange.root).mkdir(parents=True, exist_ok=True)
    journal = logging.getLogger("gpedu.nbgrader")
    journal.setLevel(logging.INFO)
    journal.propagate = False
    coursedir = CourseDirectory(config=config, log=journal)
    return NbGraderAPI(coursedir=coursedir, config=config, log=journal)
