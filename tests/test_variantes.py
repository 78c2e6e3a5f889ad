"""Données par apprenant : identité, variantes, réponses recopiées, retour de synthèse, outils du formateur."""

import zipfile

import nbformat
import pytest

from gpedu import identite
from gpedu.cours.operations import Cours
from gpedu.cours.recopie import Recopie, recopies
from gpedu.cours.reference import fiche_apprenant
from gpedu.demo import CAHIER, DEVOIR, _remplir, reponses_recopiees
from gpedu.exercices import cbn

from .conftest import copier_cours


@pytest.fixture
def sans_identite(monkeypatch, tmp_path):
    for variable in (identite.VARIABLE, "JUPYTERHUB_USER"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "maison"))
    (tmp_path / "maison").mkdir()
    return tmp_path


def test_identite_la_meme_dans_les_trois_contextes(sans_identite, monkeypatch):
    racine = sans_identite
    # 1. correction : le chemin de la copie
    for etape in ("submitted", "autograded"):
        dossier = racine / "cours" / etape / "alice.martin" / DEVOIR
        dossier.mkdir(parents=True)
        assert identite.apprenant(dossier) == "alice.martin"
    # 2. serveur partagé : l'utilisateur JupyterHub
    devoir = racine / "jupyterhub" / DEVOIR
    devoir.mkdir(parents=True)
    monkeypatch.setenv("JUPYTERHUB_USER", "alice.martin")
    assert identite.apprenant(devoir) == "alice.martin"
    monkeypatch.delenv("JUPYTERHUB_USER")
    # 3. machine personnelle : identité écrite dans le devoir distribué, ou tapée une fois
    machine = racine / "machine" / DEVOIR
    machine.mkdir(parents=True)
    with pytest.raises(identite.IdentiteInconnue, match="Je ne sais pas qui vous êtes"):
        identite.apprenant(machine)
    identite.identifier("alice.martin", machine)
    assert identite.apprenant(machine) == "alice.martin"
    autre_devoir = racine / "machine" / "amelioration"
    autre_devoir.mkdir()
    assert identite.apprenant(autre_devoir) == "alice.martin"  # tapée une fois pour tous les devoirs
    # le chemin de correction l'emporte toujours (une copie corrigée l'est pour son auteur)
    assert identite.apprenant(racine / "cours" / "submitted" / "alice.martin" / DEVOIR) == "alice.martin"


def test_identite_mal_formee(sans_identite, monkeypatch):
    monkeypatch.setenv(identite.VARIABLE, "Alice Martin")
    with pytest.raises(identite.IdentiteInconnue, match="invalide"):
        identite.apprenant(sans_identite)


def test_demarrer_sans_identite_message_francais(sans_identite, monkeypatch):
    from gpedu.session import demarrer

    monkeypatch.chdir(sans_identite)
    with pytest.raises(identite.IdentiteInconnue, match="identifier"):
        demarrer(afficher=False)


def test_recopies_seuils():
    def traces(*reponses):
        return {("c", "q", i, "x"): r for i, r in enumerate(reponses)}

    cohorte = {
        "a": traces(("e1", True), ("e2", True), ("e3", True)),
        "b": traces(("e1", False), ("e2", False), ("f3", True)),  # deux réponses justes de a, fausses pour b
        "c": traces(("e1", False), ("g2", False), ("g3", False)),  # une seule : pas de signalement
    }
    assert recopies(cohorte) == [Recopie("b", "a", 2, 2)]


@pytest.fixture(scope="module")
def cours_cbn(tmp_path_factory):
    """Un cours dont le devoir ne contient que le cahier CBN, publié, avec trois apprenants."""
    racine = copier_cours(tmp_path_factory.mktemp("variantes") / "cours", "demo")
    (racine / "source" / DEVOIR).mkdir(parents=True)
    source = copier_cours.__globals__["RACINE"] / "source" / DEVOIR / f"{CAHIER}.ipynb"
    (racine / "source" / DEVOIR / source.name).write_bytes(source.read_bytes())
    cours = Cours(racine)
    cours.publier([DEVOIR])
    cours.inscrire(racine / "demo" / "apprenants.csv")
    return cours


def test_deux_apprenants_donnees_differentes_references_justes_recopie_signalee(cours_cbn, tmp_path):
    cours = cours_cbn
    assert cbn.cas("alice.martin").article("C200").besoins_nets != cbn.cas("bruno.petit").article("C200").besoins_nets
    copies = tmp_path / "copies"
    for apprenant, reponses in (
        ("alice.martin", None),
        ("bruno.petit", None),
        ("fabien.roux", reponses_recopiees(cours.racine, "alice.martin")),
    ):
        (copies / apprenant).mkdir(parents=True)
        nbformat.write(_remplir(cours.racine, CAHIER, reponses), copies / apprenant / f"{CAHIER}.ipynb")
    cours.importer(copies, DEVOIR)
    rapport = cours.corriger(DEVOIR, progression=False)
    notes = cours.tableau_notes(DEVOIR).set_index("identifiant")
    plein = notes.loc["alice.martin", "sur_automatique"]
    assert notes.loc["alice.martin", "note_automatique"] == plein
    assert notes.loc["bruno.petit", "note_automatique"] == plein
    assert notes.loc["fabien.roux", "note_automatique"] <= plein / 2
    signalements = [r for a, r in rapport.remarques if "copie probable" in r]
    assert len(signalements) == 1 and dict(rapport.remarques)["fabien.roux"].endswith("réponse(s) fausse(s))")
    assert "de alice.martin" in signalements[0]

    # la page de synthèse : points, messages, pistes ; ni test caché ni empreinte
    page = (cours.racine / "feedback" / "fabien.roux" / DEVOIR / "synthese.html").read_text(encoding="utf-8")
    assert "Total :" in page and "Question 1" in page and "✘" in page
    for secret in ("HIDDEN", "verifier_liste(", "exercice.cas()", "empreinte", "gpedu.examen"):
        assert secret not in page
    retour = (cours.racine / "feedback" / "fabien.roux" / DEVOIR / f"{CAHIER}.html").read_text(encoding="utf-8")
    assert "gpedu.examen" not in retour

    # le formateur voit les données et les réponses attendues de Fabien, différentes de celles d'Alice
    fiche = fiche_apprenant(cours.racine, DEVOIR, CAHIER, "fabien.roux")
    assert "données de fabien.roux" in fiche
    attendu = cbn.cas("fabien.roux").article("C200").besoins_nets
    assert f"besoins_nets_c200 = {attendu!r}" in fiche

    # distribution : une archive par apprenant, avec son identité
    archives = cours.distribuer(DEVOIR, ["fabien.roux"])
    with zipfile.ZipFile(archives[0]) as zf:
        assert zf.read(f"{DEVOIR}/apprenant.txt").decode().strip() == "fabien.roux"
        assert f"{DEVOIR}/{CAHIER}.ipynb" in zf.namelist()
