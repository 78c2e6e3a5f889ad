"""Correction d'une cohorte : parallèle = séquentiel nbgrader, copies cassées, interruption, isolement.

Le corpus de copies cassées est fabriqué à partir de la version apprenant du cahier CBN :
chaque cas dit ce que l'apprenant a fait et la raison française attendue dans le rapport.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import nbformat
import pytest

from gpedu.cours import isolement
from gpedu.cours.operations import Cours
from gpedu.cours.reference import reponses_de_reference
from gpedu.demo import REPONSES

from .conftest import RACINE

DEVOIR = "bdc1_planification"
CAHIER = "03_calcul_des_besoins_nets"
pytestmark = pytest.mark.xdist_group("cohorte")


def cours_cbn(dossier, timeout=None):
    """Un cours qui ne contient que le cahier CBN (publié), avec un délai par cellule réduit si demandé."""
    (dossier / "source" / DEVOIR).mkdir(parents=True)
    config = (RACINE / "nbgrader_config.py").read_text()
    if timeout:
        config += f"\nc.Execute.timeout = {timeout}\n"
    (dossier / "nbgrader_config.py").write_text(config)
    source = RACINE / "source" / DEVOIR / f"{CAHIER}.ipynb"
    (dossier / "source" / DEVOIR / source.name).write_bytes(source.read_bytes())
    cours = Cours(dossier)
    cours.publier([DEVOIR])
    return cours


def reponses_justes(cours):
    return reponses_de_reference(nbformat.read(cours.dossier("source", DEVOIR, f"{CAHIER}.ipynb"), as_version=4))


def deposer(cours, ident, cellules=None, modifier=None, texte=None):
    """Dépose une copie directement dans submitted/ (comme si elle avait été importée)."""
    cible = cours.dossier("submitted", ident, DEVOIR, f"{CAHIER}.ipynb")
    cible.parent.mkdir(parents=True, exist_ok=True)
    if texte is not None:
        cible.write_text(texte)
        return cible
    copie = nbformat.read(cours.dossier("release", DEVOIR, f"{CAHIER}.ipynb"), as_version=4)
    for cellule in copie.cells:
        gid = cellule.metadata.get("nbgrader", {}).get("grade_id")
        if cellules and gid in cellules:
            cellule.source = cellules[gid]
    if modifier:
        modifier(copie)
    nbformat.write(copie, cible)
    return cible


def notes(cours):
    detail = cours.detail_notes(DEVOIR)
    return {(r.identifiant, r.question): r.points for r in detail.itertuples()}


def par_apprenant(cours):
    return cours.tableau_notes(DEVOIR).set_index("identifiant").note_automatique.to_dict()


def test_parallele_identique_a_nbgrader_sequentiel(tmp_path):
    """Mêmes notes, question par question, que « nbgrader autograde » lancé seul, copie après copie."""
    cours_gpedu = cours_cbn(tmp_path / "gpedu")
    cours_nbgrader = cours_cbn(tmp_path / "nbgrader")
    justes = reponses_justes(cours_gpedu)
    copies = {"alice.martin": justes, "bruno.petit": REPONSES["bruno.petit"], "chloe.durand": {}}
    for cours in (cours_gpedu, cours_nbgrader):
        for ident, cellules in copies.items():
            deposer(cours, ident, cellules)
    rapport = cours_gpedu.corriger(DEVOIR, progression=False, paralleles=2)
    assert sorted(rapport.faits) == sorted(copies), rapport
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", DEVOIR, "--force"],
        cwd=cours_nbgrader.racine,
        env=env,
        check=True,
        capture_output=True,
    )
    assert notes(cours_gpedu) == notes(cours_nbgrader)
    assert par_apprenant(cours_gpedu) == {"alice.martin": 9, "bruno.petit": 2, "chloe.durand": 0}
    # Une deuxième correction ne change rien (idempotente).
    cours_gpedu.corriger(DEVOIR, progression=False, paralleles=2)
    assert notes(cours_gpedu) == notes(cours_nbgrader)


def _supprimer(*ids):
    def modifier(copie):
        copie.cells = [c for c in copie.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in ids]

    return modifier


def _dupliquer(ident):
    def modifier(copie):
        rang = next(i for i, c in enumerate(copie.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == ident)
        copie.cells.insert(rang, nbformat.from_dict(copie.cells[rang]))
        copie.cells[rang]["id"] = "copie-de-cellule"

    return modifier


def _retyper(ident):
    def modifier(copie):
        for rang, cellule in enumerate(copie.cells):
            if cellule.metadata.get("nbgrader", {}).get("grade_id") == ident:
                markdown = nbformat.v4.new_markdown_cell(cellule.source, metadata=cellule.metadata)
                markdown["id"] = cellule["id"]
                copie.cells[rang] = markdown

    return modifier


def test_corpus_de_copies_cassees(tmp_path):
    """Une copie cassée est corrigée autant que possible, ou écartée avec sa raison ; les autres notes restent."""
    cours = cours_cbn(tmp_path / "cours", timeout=5)
    justes = reponses_justes(cours)
    deposer(cours, "alice.martin", justes)
    cours.corriger(DEVOIR, progression=False)
    avant = notes(cours)
    assert par_apprenant(cours)["alice.martin"] == 9

    q1_ailleurs = {k: v for k, v in justes.items() if k != "reponse_q1"}
    corpus = {
        # identifiant : (copie, raison attendue dans le rapport, note automatique attendue ou None)
        # (Q2 et Q4 réutilisent la réponse de Q1 : sans Q1, elles perdent leurs points, 4 / 9 au lieu de 8 / 9)
        "json.invalide": (dict(texte='{"cells": [ tronqué'), "JSON abîmé ou tronqué", None),
        "cellules.supprimees": (dict(cellules=justes, modifier=_supprimer("reponse_q1", "test_q1")), "supprimée", 4),
        "cellule.dupliquee": (dict(cellules=justes, modifier=_dupliquer("reponse_q2")), "en double", 9),
        "cellule.retypee": (dict(cellules=justes, modifier=_retyper("reponse_q3")), "type de cellule changé", 9),
        "boucle.infinie": (dict(cellules={**q1_ailleurs, "reponse_q1": "while True:\n    pass\n"}), None, 4),
        "sys.exit": (dict(cellules={**q1_ailleurs, "reponse_q1": "import sys\nsys.exit(3)\n"}), None, 4),
        "noyau.tue": (
            dict(cellules={**justes, "reponse_q2": "import os\nos._exit(1)\n"}),
            "noyau Python s'est arrêté",
            None,
        ),
        "sortie.enorme": (
            dict(cellules={**justes, "reponse_q1": justes["reponse_q1"] + "\nprint('x' * 5_000_000)\n"}),
            None,
            9,
        ),
    }
    for ident, (copie, _, _) in corpus.items():
        deposer(cours, ident, **copie)
    rapport = cours.corriger(DEVOIR, progression=False)
    texte = str(rapport)
    for ident, (_, raison, _) in corpus.items():
        if raison:
            lignes = [ligne for ligne in texte.splitlines() if ident in ligne]
            assert any(raison in ligne for ligne in lignes), f"{ident} : raison « {raison} » absente de\n{texte}"
    obtenues = par_apprenant(cours)
    for ident, (_, _, note) in corpus.items():
        if note is not None:
            assert obtenues.get(ident) == note, (ident, obtenues.get(ident), texte)
    assert obtenues.get("noyau.tue", 0) == 0
    # Aucune autre note n'a bougé.
    assert {k: v for k, v in notes(cours).items() if k[0] == "alice.martin"} == avant
    # Le retour de la boucle sans fin dit en français que le calcul a été interrompu.
    page = cours.dossier("feedback", "boucle.infinie", DEVOIR, f"{CAHIER}.html").read_text(encoding="utf-8")
    assert "trop de temps" in page


@pytest.mark.skipif(not isolement.possible(), reason="isolement possible seulement en root avec setpriv")
def test_une_copie_ne_lit_ni_les_sources_ni_la_base(tmp_path):
    cours = cours_cbn(tmp_path / "cours")
    justes = reponses_justes(cours)
    deposer(cours, "alice.martin", justes)
    cours.corriger(DEVOIR, progression=False)
    cible_source = cours.dossier("source", DEVOIR, f"{CAHIER}.ipynb")
    cible_base = cours.racine / "gradebook.db"
    cible_alice = cours.dossier("autograded", "alice.martin", DEVOIR, f"{CAHIER}.ipynb")
    tricheuse = (
        f"print(open({str(cible_source)!r}).read()[:100])\n"
        f"print(open({str(cible_base)!r}, 'rb').read()[:100])\n"
        "import glob\n"
        "print(glob.glob('../../../*'), open('../../../gradebook.db', 'rb').read()[:10])\n"
    )
    ecrivaine = f"open({str(cible_alice)!r}, 'w').write('effacé')\n"
    deposer(cours, "tricheuse", {**justes, "reponse_q1": justes["reponse_q1"] + "\n" + tricheuse})
    deposer(cours, "ecrivaine", {**justes, "reponse_q2": justes["reponse_q2"] + "\n" + ecrivaine})
    avant = notes(cours)
    rapport = cours.corriger(DEVOIR, ["tricheuse", "ecrivaine"], progression=False)
    texte = str(rapport)
    assert "tricheuse : " in texte and "accès refusé" in texte, texte
    assert "ecrivaine : " in texte and "accès refusé" in texte, texte
    corrigee = nbformat.read(cours.dossier("autograded", "tricheuse", DEVOIR, f"{CAHIER}.ipynb"), as_version=4)
    sorties = str([c.get("outputs") for c in corrigee.cells if c.cell_type == "code"])
    assert "BEGIN SOLUTION" not in sorties and "SQLite format" not in sorties
    assert nbformat.read(cible_alice, as_version=4)  # la copie corrigée d'Alice est intacte
    assert {k: v for k, v in notes(cours).items() if k[0] == "alice.martin"} == {
        k: v for k, v in avant.items() if k[0] == "alice.martin"
    }
    assert par_apprenant(cours)["tricheuse"] == 9  # la réponse est calculée avant la tentative refusée


def test_correction_interrompue_puis_reprise(tmp_path):
    """Un arrêt brutal (kill -9) pendant la correction laisse une base cohérente ; la reprise termine."""
    cours = cours_cbn(tmp_path / "cours")
    justes = reponses_justes(cours)
    idents = [f"apprenant.{i}" for i in range(6)]
    for ident in idents:
        deposer(cours, ident, justes)
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    commande = [sys.executable, "-m", "gpedu", "--cours", str(cours.racine), "corriger", DEVOIR, "--paralleles", "2"]
    processus = subprocess.Popen(
        commande, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = cours.racine / "gradebook.db"
    limite = time.monotonic() + 300
    while time.monotonic() < limite and processus.poll() is None:
        with sqlite3.connect(base) as connexion:
            faites = connexion.execute("SELECT COUNT(DISTINCT student_id) FROM submitted_assignment").fetchone()[0]
        if faites >= 2:
            break
        time.sleep(0.2)
    os.killpg(processus.pid, signal.SIGKILL)
    processus.wait()
    with sqlite3.connect(base) as connexion:
        assert connexion.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Chaque copie reportée l'est entièrement : 4 questions notées sur 9 points, rien d'autre.
    detail = cours.detail_notes(DEVOIR)
    for ident, questions in detail.groupby("identifiant"):
        assert len(questions) == 5 and questions[questions.correction == "automatique"].points.sum() == 9, ident
    rapport = cours.corriger(DEVOIR, progression=False, paralleles=2)
    assert sorted(rapport.faits) == idents
    assert set(par_apprenant(cours).values()) == {9}
