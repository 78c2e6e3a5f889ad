"""Le cycle du formateur avec le vrai nbgrader : registre, import, correction, notes, entrées invalides."""

import shutil
import sqlite3
import zipfile

import nbformat
import pandas as pd
import pytest

from gpedu.cours.configuration import ErreurCours
from gpedu.cours.operations import Cours

DEVOIR, CAHIER = "bdc1_planification", "03_calcul_des_besoins_nets"


def copie(cours: Cours, apprenant: str) -> str:
    return str(cours.racine / "demo" / "copies" / DEVOIR / apprenant / f"{CAHIER}.ipynb")


def test_registre_lignes_fautives_ecartees(cours_publie, tmp_path):
    registre = tmp_path / "registre.csv"
    registre.write_text(
        "Identifiant;Nom;Prénom;Email\n"
        "ana.b;Bernard;Ana;ana@exemple.fr\n"
        ";Sans;Identifiant;\n"
        "ana.b;Bernard;Ana;doublon@exemple.fr\n"
        "../evasion;X;Y;\n"
        "yves.c;Colin;Yves;\n",
        encoding="utf-8",
    )
    rapport = cours_publie.inscrire(registre)
    assert rapport.faits == ["ana.b", "yves.c"]
    assert [quoi for quoi, _ in rapport.ecartes] == ["ligne 3", "ligne 4", "ligne 5"]
    assert "en double" in rapport.ecartes[1][1] and "invalide" in rapport.ecartes[2][1]
    assert cours_publie.apprenants()["ana.b"] == {"nom": "Bernard", "prenom": "Ana", "email": "ana@exemple.fr"}


def test_registre_sans_colonne_identifiant(cours_publie, tmp_path):
    registre = tmp_path / "registre.csv"
    registre.write_text("nom,prenom\nBernard,Ana\n")
    with pytest.raises(ErreurCours, match="colonne « identifiant » introuvable"):
        cours_publie.inscrire(registre)


def test_import_zip_noms_plats_et_raisons(cours_publie, tmp_path):
    archive = tmp_path / "depot.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(copie(cours_publie, "alice.martin"), f"alice.martin_{CAHIER}.ipynb")
        zf.write(copie(cours_publie, "chloe.durand"), f"chloe.durand/{DEVOIR}/{CAHIER}.ipynb")
        zf.write(copie(cours_publie, "chloe.durand"), f"chloe.durand-{CAHIER}.ipynb")
        zf.write(copie(cours_publie, "bruno.petit"), f"{DEVOIR}/bruno.petit/{CAHIER}.ipynb")
        zf.writestr("sans_nom.ipynb", "{}")
        zf.writestr("__MACOSX/._x.ipynb", "")
    rapport = cours_publie.importer(archive, DEVOIR)
    assert sorted(rapport.faits) == [
        f"alice.martin / {CAHIER} (importé)",
        f"bruno.petit / {CAHIER} (importé)",
        f"chloe.durand / {CAHIER} (importé)",
    ]
    raisons = dict(rapport.ecartes)
    assert sum("doublon" in raison for raison in raisons.values()) == 1
    assert raisons["sans_nom.ipynb"].startswith("nom inattendu")
    assert (cours_publie.racine / "submitted" / "alice.martin" / DEVOIR / "timestamp.txt").exists()


def test_import_archive_moodle(cours_publie, tmp_path):
    """Archive « Télécharger tous les travaux remis » de Moodle : dossiers ou fichiers « Nom Prénom_id_… »."""
    cours_publie.inscrire(cours_publie.racine / "demo" / "apprenants.csv")
    with cours_publie.api.gradebook as base:
        base.update_or_create_student("chloe.bis", last_name="Durand", first_name="Chloé")  # homonyme
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(copie(cours_publie, "alice.martin"), f"Martin Alice_1021_assignsubmission_file_/{CAHIER}.ipynb")
        zf.write(copie(cours_publie, "bruno.petit"), f"PETIT Bruno_1022_assignsubmission_file_{CAHIER} (1).ipynb")
        zf.write(copie(cours_publie, "chloe.durand"), f"Durand Chloé_1023_assignsubmission_file_/{CAHIER}.ipynb")
        zf.write(copie(cours_publie, "bruno.petit"), f"Inconnu Paul_1024_assignsubmission_file_/{CAHIER}.ipynb")
        zf.write(copie(cours_publie, "bruno.petit"), "Roux Fabien_1025_assignsubmission_file_/brouillon.ipynb")
        zf.writestr("Roux Fabien_1025_assignsubmission_onlinetext_/onlinetext.html", "<p>texte</p>")
    rapport = cours_publie.importer(archive, DEVOIR)
    assert sorted(rapport.faits) == [f"alice.martin / {CAHIER} (importé)", f"bruno.petit / {CAHIER} (importé)"]
    raisons = dict(rapport.ecartes)
    assert "homonymes dans le registre" in raisons[f"Durand Chloé_1023_assignsubmission_file_/{CAHIER}.ipynb"]
    assert "absent du registre" in raisons[f"Inconnu Paul_1024_assignsubmission_file_/{CAHIER}.ipynb"]
    assert "nom de cahier inattendu" in raisons["Roux Fabien_1025_assignsubmission_file_/brouillon.ipynb"]
    assert "pas un cahier Jupyter" in raisons["Roux Fabien_1025_assignsubmission_onlinetext_/onlinetext.html"]
    assert (cours_publie.racine / "submitted" / "bruno.petit" / DEVOIR / f"{CAHIER}.ipynb").exists()


def test_import_zip_dangereux_refuse(cours_publie, tmp_path):
    archive = tmp_path / "piege.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"../../alice.martin/{CAHIER}.ipynb", "{}")
    with pytest.raises(ErreurCours, match="chemin dangereux"):
        cours_publie.importer(archive, DEVOIR)


def test_import_registre_et_nouvelle_version(cours_publie, tmp_path):
    cours_publie.inscrire(cours_publie.racine / "demo" / "apprenants.csv")
    dossier = tmp_path / "copies"
    for apprenant in ("alice.martin", "inconnu.x"):
        (dossier / apprenant).mkdir(parents=True)
        shutil.copy(copie(cours_publie, "chloe.durand"), dossier / apprenant)
    premier = cours_publie.importer(dossier, DEVOIR)
    assert dict(premier.ecartes)[f"inconnu.x/{CAHIER}.ipynb"] == "apprenant « inconnu.x » absent du registre"
    assert cours_publie.importer(dossier, DEVOIR).faits == [f"alice.martin / {CAHIER} (déjà importé, identique)"]
    shutil.copy(copie(cours_publie, "alice.martin"), dossier / "alice.martin")
    assert "l'ancienne est sauvegardée" in cours_publie.importer(dossier, DEVOIR).faits[0]
    assert list((cours_publie.racine / "sauvegardes" / "copies").rglob(f"{CAHIER}.ipynb"))


def test_devoir_inconnu_et_non_publie(tmp_path):
    from .conftest import copier_cours

    cours = Cours(copier_cours(tmp_path / "cours", "source"))
    with pytest.raises(ErreurCours, match="Devoir inconnu « bdc9 » : devoirs disponibles : amelioration, bdc1_"):
        cours.corriger("bdc9")
    with pytest.raises(ErreurCours, match="n'est pas publié"):
        cours.corriger(DEVOIR)
    with pytest.raises(ErreurCours, match="n'est pas un cours gpedu"):
        Cours(tmp_path)


def test_copie_abimee_ne_perd_pas_la_note(cours_publie):
    cours_publie.importer(cours_publie.racine / "demo" / "copies" / DEVOIR, DEVOIR)
    premier = cours_publie.corriger(DEVOIR, ["alice.martin", "bruno.petit"], progression=False)
    assert premier.faits == ["alice.martin", "bruno.petit"]
    avant = cours_publie.tableau_notes(DEVOIR).set_index("identifiant")
    assert avant.loc["alice.martin", "note_automatique"] == avant.loc["alice.martin", "sur_automatique"]
    assert avant.loc["bruno.petit", "note_automatique"] == 2

    # le cahier CBN d'Alice est remplacé sur le disque par un fichier tronqué : ses autres cahiers
    # sont corrigés, celui-là garde sa note
    soumise = cours_publie.racine / "submitted" / "alice.martin" / DEVOIR / f"{CAHIER}.ipynb"
    soumise.write_text(soumise.read_text()[:500])
    second = cours_publie.corriger(DEVOIR, ["alice.martin", "bruno.petit"], progression=False)
    assert second.faits == ["alice.martin", "bruno.petit"]
    assert "note précédente conservée" in dict(second.remarques)["alice.martin"]
    apres = cours_publie.tableau_notes(DEVOIR).set_index("identifiant")
    pd.testing.assert_frame_equal(avant, apres)

    sauvegardes = sorted((cours_publie.racine / "sauvegardes" / "notes").glob("gradebook-*.db"))
    assert len(sauvegardes) == 2
    with sqlite3.connect(sauvegardes[-1]) as base:
        assert base.execute("select count(*) from submitted_assignment").fetchone()[0] == 2


def test_export_notes_format_tableur(cours_publie):
    cours_publie.inscrire(cours_publie.racine / "demo" / "apprenants.csv")
    cours_publie.importer(cours_publie.racine / "demo" / "copies" / DEVOIR, DEVOIR)
    cours_publie.corriger(DEVOIR, ["bruno.petit"], progression=False)
    resume, detail, _ = cours_publie.exporter_notes(DEVOIR)
    tableau = pd.read_csv(resume, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(tableau.columns[:3]) == ["identifiant", "nom", "prenom"]
    moodle = pd.read_csv(cours_publie.dossier("notes", f"{DEVOIR}_moodle.csv"), encoding="utf-8").set_index(
        "Identifiant"
    )
    assert list(moodle.columns) == [
        "Adresse de courriel",
        "Nom",
        "Prénom",
        f"{DEVOIR} (sur 20)",
        f"{DEVOIR} (points)",
        "Commentaire",
    ]
    bruno = moodle.loc["bruno.petit"]
    assert bruno["Adresse de courriel"] == "bruno.petit@exemple.fr"
    assert bruno[f"{DEVOIR} (sur 20)"] == round(
        20 * bruno[f"{DEVOIR} (points)"] / tableau.set_index("identifiant").loc["bruno.petit", "sur"], 2
    )
    assert bruno.Commentaire.startswith("Note automatique ")
    lignes = pd.read_csv(detail, sep=";", decimal=",", encoding="utf-8-sig")
    lignes = lignes[lignes.cahier == CAHIER]
    assert set(lignes.question) == {"test_q1", "test_q2", "test_q3", "test_q4", "analyse_retard"}
    assert lignes.set_index("question").loc["analyse_retard", "correction"] == "manuelle"
    retour = cours_publie.retours(DEVOIR)["bruno.petit"][0].read_text(encoding="utf-8")
    assert "Piste : vous n&#x27;avez pas déduit le stock disponible" in retour or (
        "Piste : vous n'avez pas déduit le stock disponible" in retour
    )


def test_cahier_mal_forme_signale(tmp_path):
    from gpedu.cours.operations import lire_cahier

    chemin = tmp_path / "x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), chemin)
    lire_cahier(chemin)
    chemin.write_text('{"cells": "pas une liste", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    with pytest.raises(ErreurCours, match="cahier mal formé"):
        lire_cahier(chemin)


def test_bouton_validate_de_l_apprenant(monkeypatch):
    """Ce que voit l'apprenant avec Validate : copie remplie acceptée, copie vide refusée en français."""
    from nbgrader.validator import Validator

    from .conftest import RACINE

    monkeypatch.setenv("GPEDU_APPRENANT", "alice.martin")  # l'apprenant connecté (JupyterHub, apprenant.txt…)

    copies = RACINE / "demo" / "copies" / DEVOIR
    assert Validator().validate(str(copies / "alice.martin" / f"{CAHIER}.ipynb")) == {}
    refus = Validator().validate(str(copies / "chloe.durand" / f"{CAHIER}.ipynb"))
    assert len(refus["failed"]) == 5  # les 4 questions et l'analyse non rédigée
    assert "La variable « besoins_nets_c200 » n&#39;est pas définie" in refus["failed"][0]["error"]
