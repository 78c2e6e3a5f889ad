"""Le harnais de qualité, appliqué à chaque cahier de source/ (aucun code à ajouter pour un nouveau cahier)."""

import pytest

from gpedu.cours.cahiers import cahiers_sources
from gpedu.cours.qualite import VERIFICATIONS, verifier_devoir

from .conftest import RACINE

CAHIERS = [
    pytest.param(devoir, chemin, id=f"{devoir}/{chemin.stem}", marks=pytest.mark.xdist_group(devoir))
    for devoir, chemin in cahiers_sources(RACINE)
]
_constats: dict[str, list] = {}


def constats(devoir: str):
    """Le cycle complet d'un devoir, fait une seule fois par processus de test."""
    if devoir not in _constats:
        _constats[devoir] = verifier_devoir(RACINE, devoir)
    return _constats[devoir]


def test_au_moins_un_cahier():
    assert CAHIERS, "aucun cahier dans source/"


@pytest.mark.parametrize("verification", list(VERIFICATIONS))
@pytest.mark.parametrize("devoir,chemin", CAHIERS)
def test_harnais(devoir, chemin, verification):
    problemes = [
        c.message for c in constats(devoir) if c.cahier == f"{devoir}/{chemin.stem}" and c.verification == verification
    ]
    assert not problemes, f"{VERIFICATIONS[verification]} :\n  " + "\n  ".join(problemes)
