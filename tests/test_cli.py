"""La commande gpedu telle que le formateur la lance (processus réel), et la démonstration."""

import filecmp
import subprocess
import sys

import pandas as pd

from gpedu.cours.cahiers import couverture
from gpedu.demo import DEVOIR, fabriquer_copies

from .conftest import RACINE, copier_cours


def gpedu(*arguments, cours=RACINE):
    return subprocess.run(
        [sys.executable, "-m", "gpedu", "--cours", str(cours), *arguments],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_aide_en_francais():
    resultat = gpedu("--help")
    assert resultat.returncode == 0
    assert resultat.stdout.startswith("utilisation : gpedu")
    for commande in ("verifier", "publier", "apprenants", "importer", "corriger", "notes", "couverture", "demo"):
        assert commande in resultat.stdout
    assert "afficher cette aide et quitter" in resultat.stdout
    assert "importer les copies" in gpedu("importer", "--help").stdout


def test_erreurs_en_francais(tmp_path):
    assert "arguments obligatoires manquants" in gpedu().stderr
    resultat = gpedu("corriger", "bdc9")
    assert resultat.returncode == 2
    attendu = "Devoir inconnu « bdc9 » : devoirs disponibles : amelioration, bdc1_planification, bdc2_lancement."
    assert resultat.stderr.strip() == f"gpedu : {attendu}"
    resultat = gpedu("publier", cours=tmp_path)
    assert resultat.returncode == 2 and "Aucun cours gpedu ici" in resultat.stderr
    assert "choix invalide" in gpedu("couverture", "--certification", "XYZ").stderr


def test_couverture():
    matrice = couverture(RACINE)
    assert matrice.loc["TSGP.CP3", "total"] >= 9
    assert set(matrice.index) >= {"GPO.BDC1.C1", "LOG.C2", "IND.C1", "TSGP.CP10"}
    sortie = gpedu("couverture", "--certification", "TSGP").stdout
    assert "TSGP.CP3" in sortie and "GPO.BDC1.C1" not in sortie


def test_copies_de_demo_a_jour(tmp_path):
    fabriquees = fabriquer_copies(RACINE, tmp_path / DEVOIR)
    comparaison = filecmp.dircmp(RACINE / "demo" / "copies" / DEVOIR, fabriquees)
    differences = comparaison.diff_files + comparaison.left_only + comparaison.right_only
    for sous in comparaison.subdirs.values():
        differences += sous.diff_files + sous.left_only + sous.right_only
    assert not differences, "copies de démonstration périmées : lancez « python -m gpedu.demo . »"


def test_demo_complete(tmp_path):
    racine = copier_cours(tmp_path / "cours", "source", "release", "demo")
    resultat = gpedu("demo", cours=racine)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    sortie = resultat.stdout
    assert "✔ Démonstration terminée." in sortie
    assert "david.moreau/03_calcul_des_besoins_nets.ipynb : fichier illisible" in sortie
    assert "emma.leroy/brouillon.txt : ce n'est pas un cahier Jupyter" in sortie
    for piste in (
        "vous n'avez pas déduit le stock disponible",
        "décalage du délai dans le mauvais sens",
        "stock de sécurité oublié",
    ):
        assert f"piste donnée : {piste}" in sortie
    notes = pd.read_csv(racine / "notes" / f"{DEVOIR}.csv", sep=";", decimal=",", encoding="utf-8-sig")
    notes = notes.set_index("identifiant")
    scores = notes.note_automatique
    assert scores["alice.martin"] == scores.max() == notes.sur_automatique["alice.martin"]
    assert scores["chloe.durand"] == 0
    assert scores["bruno.petit"] == 2
    for apprenant in ("alice.martin", "bruno.petit", "chloe.durand"):
        assert (racine / "feedback" / apprenant / DEVOIR / "03_calcul_des_besoins_nets.html").exists()
