"""Tests navigateur : le JupyterLab de l'apprenant et du formateur, piloté par Playwright.

Le test démarre lui-même ``jupyter lab`` sur 127.0.0.1 (port libre, jeton) dans une copie
temporaire du cours où la démonstration a été jouée, et le pilote avec le Chromium de Debian
(/usr/bin/chromium, jamais de navigateur téléchargé). Captures d'écran : ``.artefacts/navigateur/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tests.conftest import RACINE, copier_cours

pytestmark = [pytest.mark.navigateur, pytest.mark.xdist_group("navigateur")]

CHROMIUM = Path("/usr/bin/chromium")
OPTIONS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = RACINE / ".artefacts" / "navigateur"
REGLAGES = RACINE / "jupyterlab" / "reglages.json"
APPRENANT = "alice.martin"
DEVOIR_DEMO = "bdc1_planification"
# Un cahier avec un explorateur par devoir (rempli avec la référence pour tout exécuter sans erreur)
CAHIERS = {
    "bdc1_planification": "07_pert",
    "bdc2_lancement": "01_lancement_des_of",
    "amelioration": "04_equilibrage_de_postes",
}
DELAI_MS = 120_000
CAHIER_VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"


# --- serveur et navigateur -------------------------------------------------------------------


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def remplir_avec_reference(racine: Path, devoir: str, cahier: str) -> nbformat.NotebookNode:
    """Le cahier apprenant (release/) dont les cellules de réponse portent la solution de référence."""
    vierge = nbformat.read(racine / "release" / devoir / f"{cahier}.ipynb", as_version=4)
    source = nbformat.read(racine / "source" / devoir / f"{cahier}.ipynb", as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: "\n".join(ligne for ligne in c.source.splitlines() if "### " not in ligne)
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cellule in vierge.cells:
        gid = cellule.metadata.get("nbgrader", {}).get("grade_id")
        if gid in solutions:
            cellule.source = solutions[gid]
    return vierge


@pytest.fixture(scope="module")
def cours_demo(tmp_path_factory) -> Path:
    """Copie du cours où la démonstration a été jouée ; le dossier ``apprenant/`` contient ses cahiers."""
    from gpedu.cours.operations import Cours
    from gpedu.demo import lancer_demo

    racine = copier_cours(tmp_path_factory.mktemp("navigateur") / "cours", "source", "demo")
    assert lancer_demo(racine) == 0, "la démonstration a échoué"
    # Devoir diffusé par l'échange nbgrader : visible dans l'onglet « Assignments » de l'apprenant
    diffusion = Cours(racine).api.release_assignment(DEVOIR_DEMO)
    assert diffusion["success"], diffusion.get("error")
    apprenant = racine / "apprenant"
    # Copie de référence d'Alice (démonstration), cahier vierge et cahiers remplis des autres devoirs
    shutil.copytree(racine / "demo" / "copies" / DEVOIR_DEMO / APPRENANT, apprenant / DEVOIR_DEMO)
    for devoir, cahier in CAHIERS.items():
        chemin = apprenant / devoir / f"{cahier}.ipynb"
        if not chemin.exists():
            chemin.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(remplir_avec_reference(racine, devoir, cahier), chemin)
    (apprenant / "vierge").mkdir()
    shutil.copy(racine / "release" / DEVOIR_DEMO / f"{CAHIERS[DEVOIR_DEMO]}.ipynb", apprenant / "vierge")
    return racine


def demarrer_serveur(racine: Path, dossier: Path) -> tuple[subprocess.Popen, str, str]:
    """``jupyter lab`` sur 127.0.0.1 (port libre, jeton), réglages du dépôt ; rend (processus, url, jeton)."""
    port, jeton = port_libre(), secrets.token_hex(16)
    reglages = dossier / "reglages_lab"
    (reglages / "overrides.d").mkdir(parents=True)
    shutil.copy(REGLAGES, reglages / "overrides.d" / "gpedu.json")
    env = os.environ | {
        "GPEDU_APPRENANT": APPRENANT,
        "JUPYTER_CONFIG_DIR": str(dossier / "config"),
        "JUPYTER_RUNTIME_DIR": str(dossier / "runtime"),
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    }
    env.pop("NBGRADER_EXECUTION", None)
    env.pop("GPEDU_STATIQUE", None)
    commande = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.allow_root=True",
        f"--IdentityProvider.token={jeton}",
        f"--ServerApp.root_dir={racine}",
        f"--LabApp.app_settings_dir={reglages}",
        f"--LabApp.user_settings_dir={dossier / 'reglages_utilisateur'}",
        f"--LabApp.workspaces_dir={dossier / 'espaces'}",
        "--LabApp.expose_app_in_browser=True",
    ]
    journal = open(dossier / "serveur.log", "w")  # noqa: SIM115 (fermé avec le serveur)
    processus = subprocess.Popen(commande, cwd=racine, env=env, stdout=journal, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    fin = time.monotonic() + 90
    while time.monotonic() < fin:
        if processus.poll() is not None:
            raise RuntimeError(f"le serveur JupyterLab s'est arrêté :\n{(dossier / 'serveur.log').read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={jeton}", timeout=2) as reponse:
                if reponse.status == 200:
                    return processus, url, jeton
        except OSError:
            time.sleep(0.5)
    processus.kill()
    raise RuntimeError("le serveur JupyterLab n'a pas répondu en 90 s")


@pytest.fixture(scope="module")
def serveur(cours_demo, tmp_path_factory):
    processus, url, jeton = demarrer_serveur(cours_demo, tmp_path_factory.mktemp("serveur"))
    yield url, jeton
    processus.terminate()
    try:
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        processus.kill()


@pytest.fixture(scope="module")
def navigateur():
    """Chromium de Debian piloté par Playwright ; échec clair (jamais d'omission) s'il manque."""
    if not CHROMIUM.is_file():
        pytest.fail(
            "Chromium est introuvable (/usr/bin/chromium) : les tests navigateur ne peuvent pas tourner. "
            "Installez le paquet Debian « chromium » (en root : make navigateur, ou apt-get install chromium)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright manque : installez les dépendances de test (pip install -c constraints.txt -e '.[test]')."
        )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=OPTIONS_CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    contexte.set_default_timeout(DELAI_MS)
    page = contexte.new_page()
    yield page
    contexte.close()


def capture_ecran(page, nom: str) -> Path:
    """Capture d'écran de la page, gardée comme artefact des tests."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    chemin = ARTEFACTS / f"{nom}.png"
    page.screenshot(path=str(chemin))
    return chemin


# --- actions dans JupyterLab ------------------------------------------------------------------


def ouvrir_cahier(page, serveur, chemin: str) -> None:
    """Ouvre un cahier dans JupyterLab et attend que son noyau soit prêt."""
    url, jeton = serveur
    page.goto(f"{url}/lab/tree/{chemin}?reset&token={jeton}")
    page.wait_for_selector(f"{CAHIER_VISIBLE} .jp-Notebook .jp-Cell")
    page.wait_for_function(
        """() => { const w = window.jupyterapp?.shell.currentWidget;
                   return w?.sessionContext?.session?.kernel?.status === 'idle'; }"""
    )


def attendre_noyau_libre(page) -> None:
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'", polling=200
    )


def etat_cahier(page) -> list[dict]:
    """Les cellules du cahier ouvert : type, identifiant nbgrader, compteur d'exécution et sorties."""
    return page.evaluate(
        """() => { const cellules = window.jupyterapp.shell.currentWidget.content.model.cells;
                   const liste = [];
                   for (let i = 0; i < cellules.length; i++) {
                       const c = cellules.get(i).toJSON();
                       liste.push({type: c.cell_type, gid: c.metadata?.nbgrader?.grade_id ?? null,
                                   compteur: c.execution_count ?? null, sorties: c.outputs ?? []});
                   }
                   return liste; }"""
    )


def executer_tout(page) -> list[dict]:
    """Menu Exécution › Exécuter toutes les cellules, puis attend la fin ; rend l'état du cahier."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Exécution").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Exécuter toutes les cellules").first.click()
    page.wait_for_function(
        """() => { const w = window.jupyterapp.shell.currentWidget;
                   const cellules = w.content.model.cells;
                   if (w.sessionContext.session.kernel.status !== 'idle') return false;
                   for (let i = 0; i < cellules.length; i++) {
                       const c = cellules.get(i);
                       if (c.type === 'code' && !c.executionCount) return false;
                   }
                   return true; }""",
        polling=500,
    )
    return etat_cahier(page)


def erreurs(etat: list[dict]) -> list[str]:
    return [
        f"{c['gid'] or 'cellule'} : {s.get('ename')} {s.get('evalue')}"
        for c in etat
        for s in c["sorties"]
        if s["output_type"] == "error"
    ]


def valider(page) -> str:
    """Bouton « Validate » de nbgrader ; rend le texte du dialogue de résultat."""
    page.locator(f"{CAHIER_VISIBLE} .jp-NotebookPanel-toolbar jp-button", has_text="Validate").click()
    dialogue = page.locator(".jp-Dialog #validation-message")
    dialogue.wait_for(timeout=240_000)
    return dialogue.inner_text()


# --- tests -------------------------------------------------------------------------------------


def test_interface_en_francais_et_cellules_notees_protegees(page, serveur):
    chemin = f"apprenant/{DEVOIR_DEMO}/{CAHIERS[DEVOIR_DEMO]}.ipynb"
    ouvrir_cahier(page, serveur, chemin)
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert {"Fichier", "Édition", "Affichage", "Exécution", "Noyau"} <= set(menus), menus
    # Ni couper/copier/coller ni choix du type de cellule dans la barre d'outils du cahier
    barre = page.locator(f"{CAHIER_VISIBLE} .jp-NotebookPanel-toolbar")
    for element in ("cut", "copy", "paste", "cellType"):
        assert barre.locator(f'[data-jp-item-name="{element}"]').count() == 0, element
    avant = etat_cahier(page)
    rang = next(i for i, c in enumerate(avant) if c["gid"] == "preparation")
    page.locator(f"{CAHIER_VISIBLE} .jp-Notebook .jp-Cell").nth(rang).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    for touches in ("m", "r", "c", "v", "x", "d", "d", "Shift+m"):
        page.keyboard.press(touches)
    apres = etat_cahier(page)
    assert [(c["type"], c["gid"]) for c in apres] == [(c["type"], c["gid"]) for c in avant]
    capture_ecran(page, "cahier_protege")


@pytest.mark.parametrize("devoir", list(CAHIERS))
def test_cahier_execute_sans_erreur_et_explorateur_reagit(page, serveur, devoir):
    ouvrir_cahier(page, serveur, f"apprenant/{devoir}/{CAHIERS[devoir]}.ipynb")
    etat = executer_tout(page)
    assert not erreurs(etat), erreurs(etat)
    # Figure plotly (zoom, survol) rendue quand le cahier en affiche une
    if any("application/vnd.plotly.v1+json" in s.get("data", {}) for c in etat for s in c["sorties"]):
        page.locator(f"{CAHIER_VISIBLE} .js-plotly-plot").first.wait_for()
    explorateur = page.locator(f"{CAHIER_VISIBLE} .jp-OutputArea-output .widget-vbox").first
    explorateur.wait_for()
    image = explorateur.locator(".widget-output img").first
    image.wait_for()
    avant = image.get_attribute("src")
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    # Une entrée change : la figure est redessinée
    liste = explorateur.locator("select")
    if liste.count():
        liste.first.select_option(index=liste.first.locator("option").count() - 1)
    else:
        explorateur.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, avant]) => { const img = el.querySelector('.widget-output img'); return img && img.src !== avant; }",
        arg=[explorateur.element_handle(), avant],
    )
    attendre_noyau_libre(page)
    explorateur.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    capture_ecran(page, f"explorateur_{devoir}")


def test_valider_la_reponse_de_reference(page, serveur):
    ouvrir_cahier(page, serveur, f"apprenant/{DEVOIR_DEMO}/{CAHIERS[DEVOIR_DEMO]}.ipynb")
    rang = next(i for i, c in enumerate(etat_cahier(page)) if c["gid"] == "reponse_q1")
    page.locator(f"{CAHIER_VISIBLE} .jp-Notebook .jp-Cell").nth(rang).evaluate(
        "el => el.scrollIntoView({block: 'start'})"
    )
    capture_ecran(page, "reponse")
    texte = valider(page)
    capture_ecran(page, "valider_reference")
    assert "Success! Your notebook passes all the tests." in texte, texte


def test_valider_une_copie_vierge(page, serveur):
    ouvrir_cahier(page, serveur, f"apprenant/vierge/{CAHIERS[DEVOIR_DEMO]}.ipynb")
    texte = valider(page)
    capture_ecran(page, "valider_vierge")
    assert "The following cell failed" in texte, texte
    assert "Success" not in texte
    assert "n'est pas définie" in texte  # message français de gpedu


def test_formgrader_liste_les_copies_de_demonstration(page, serveur):
    url, jeton = serveur
    page.goto(f"{url}/lab?reset&token={jeton}")
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Formgrader").first.click()
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    cadre = page.frame_locator("#formgrader-iframe iframe")
    lien = cadre.locator(f'a[href$="manage_submissions/{DEVOIR_DEMO}"]').first
    lien.wait_for()
    cadre.locator("table").first.scroll_into_view_if_needed()
    capture_ecran(page, "formgrader_devoirs")
    lien.click()
    for apprenant in ("alice.martin", "bruno.petit", "chloe.durand"):
        cadre.locator("td", has_text=apprenant).first.wait_for()
    cadre.locator("table").first.scroll_into_view_if_needed()
    capture_ecran(page, "formgrader")


def test_page_de_retour_de_l_apprenant(page, serveur):
    url, jeton = serveur
    page.goto(f"{url}/files/feedback/bruno.petit/{DEVOIR_DEMO}/03_calcul_des_besoins_nets.html?token={jeton}")
    page.get_by_text("Piste").first.wait_for()
    capture_ecran(page, "retour")


def test_liste_des_devoirs_de_l_apprenant(page, serveur):
    url, jeton = serveur
    page.goto(f"{url}/lab?reset&token={jeton}")
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").first.click()
    page.locator("#released_assignments_list", has_text=DEVOIR_DEMO).wait_for()
    capture_ecran(page, "liste_des_devoirs")
    assert page.locator(".list_error:visible").count() == 0, page.locator(".list_error:visible").all_inner_texts()
