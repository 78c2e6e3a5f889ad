"""Outils communs des tests : copie temporaire du cours (jamais de correction dans le dépôt)."""

import shutil
import warnings
from pathlib import Path

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
