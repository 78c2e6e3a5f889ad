"""Outils communs des tests : copie temporaire du cours (jamais de correction dans le dépôt), ossature des variantes."""

import itertools
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

RACINE = Path(__file__).resolve().parents[1]

warnings.filterwarnings("ignore", module="nbgrader")


def copier_cours(destination: Path, *dossiers: str) -> Path:
    """Copie du cours (config + dossiers demandés) dans ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(RACINE / "nbgrader_config.py", destination)
    for dossier in dossiers:
        shutil.copytree(RACINE / dossier, destination / dossier)
    return destination


@pytest.fixture
def cours_publie(tmp_path):
    """Un cours temporaire dont le devoir de démonstration est publié."""
    from gpedu.cours.operations import Cours

    cours = Cours(copier_cours(tmp_path / "cours", "source", "demo"))
    cours.publier(["bdc1_planification"])
    return cours


# --- variantes par apprenant : ossature commune des tests ---------------------------------------

APPRENANTS = [f"apprenant{i}" for i in range(40)]


def _identiques(a, b) -> bool:
    """Égalité de deux réponses, tableaux pandas compris (``equals``)."""
    if isinstance(a, pd.DataFrame | pd.Series):
        return a.equals(b)
    return bool(a == b)


def verifier_reproductible(cas, reponses, ident="alice.martin", autre="bruno.petit"):
    """Même identifiant, même cas (en cache, et identique après vidage du cache) ; ``autre`` a un autre cas."""
    cas.cache_clear()
    premier = reponses(cas(ident))
    cas.cache_clear()
    assert cas(ident) is cas(ident)
    assert _identiques(reponses(cas(ident)), premier), ident
    if autre is not None:
        assert not _identiques(reponses(cas(autre)), premier), (ident, autre)


def verifier_variete(cas, questions, part=0.9):
    """Chaque question (nom → fonction du cas) a au moins ``part`` × 40 réponses distinctes (par ``repr``)."""
    for nom, question in questions.items():
        distinctes = {repr(question(cas(ident))) for ident in APPRENANTS}
        assert len(distinctes) >= part * len(APPRENANTS), f"{nom} : {len(distinctes)} réponses distinctes sur 40"


def verifier_voisins_differents(cas, reponses, minimum, paires=None):
    """Deux apprenants voisins (ou chaque paire de ``paires``) diffèrent sur au moins ``minimum`` réponses."""
    paires = list(zip(APPRENANTS, APPRENANTS[1:])) if paires is None else paires
    toutes = {ident: reponses(cas(ident)) for paire in paires for ident in paire}
    for a, b in paires:
        differentes = sum(not _identiques(x, y) for x, y in zip(toutes[a], toutes[b], strict=True))
        assert differentes >= minimum, (a, b, differentes)


def verifier_paires_differentes(cas, questions, part, paires=None):
    """Chaque question diffère pour au moins ``part`` des paires (par défaut : toutes celles des 20 premiers)."""
    paires = list(itertools.combinations(APPRENANTS[:20], 2)) if paires is None else paires
    for nom, question in questions.items():
        reponses = {ident: question(cas(ident)) for paire in paires for ident in paire}
        differentes = sum(not _identiques(reponses[a], reponses[b]) for a, b in paires)
        assert differentes >= part * len(paires), f"{nom} : {differentes} paires différentes sur {len(paires)}"
