"""Les données de chaque apprenant : un générateur amorcé par l'identifiant et le cahier.

Chaque module de ``gpedu.exercices`` décore la fonction qui construit son cas à partir
d'un générateur aléatoire ::

    @par_apprenant("03_calcul_des_besoins_nets")
    def cas(alea: random.Random) -> Cas:
        ...                       # tirer les paramètres avec alea, construire le cas
        exiger(cas.stock >= 0, "stock négatif")   # sinon : un autre tirage
        return cas

puis ``cas()`` donne le cas de l'apprenant courant (``gpedu.identite.apprenant()``) et
``cas("alice.martin")`` celui d'un apprenant donné (outils du formateur, tests). Le même
apprenant a toujours les mêmes données pour un cahier ; deux apprenants ont presque
toujours des données différentes. Un tirage qui donnerait un cas insoluble ou ambigu
(stock négatif, chemin critique vide, division par zéro, erreur type égale à la bonne
réponse) est rejeté par ``exiger`` et le générateur tire à nouveau.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections.abc import Callable
from typing import TypeVar

from gpedu import identite
from gpedu.calculs import DonneesIncoherentes

T = TypeVar("T")
ESSAIS = 200


class VarianteRejetee(Exception):
    """Le tirage ne donne pas un exercice correct : on tire à nouveau."""


def exiger(condition: bool, raison: str = "") -> None:
    """Rejette le tirage courant si ``condition`` est fausse."""
    if not condition:
        raise VarianteRejetee(raison)


def exiger_pistes_distinctes(paires) -> None:
    """Rejette le tirage si une erreur type donne la bonne réponse (``paires`` : (référence, {piste: valeur}))."""
    for reference, erreurs in paires:
        exiger(all(v != reference for v in erreurs.values()), "erreur type confondue avec la référence")


def generateur(apprenant: str, cahier: str) -> random.Random:
    """Générateur reproductible propre à un apprenant et à un cahier."""
    empreinte = hashlib.sha256(f"gpedu|{cahier}|{apprenant}".encode()).digest()
    return random.Random(int.from_bytes(empreinte[:8], "big"))


def par_apprenant(cahier: str, essais: int = ESSAIS) -> Callable[[Callable[[random.Random], T]], Callable[..., T]]:
    """Décorateur : ``construire(alea)`` devient ``cas(apprenant=None)``, mis en cache par apprenant."""

    def decorer(construire: Callable[[random.Random], T]) -> Callable[..., T]:
        @functools.cache
        def _cas(apprenant: str) -> T:
            alea = generateur(apprenant, cahier)
            raisons = []
            for _ in range(essais):
                try:
                    return construire(alea)
                except (VarianteRejetee, DonneesIncoherentes, ZeroDivisionError) as erreur:
                    raisons.append(str(erreur))
            raise RuntimeError(
                f"Aucune variante correcte du cahier {cahier} pour {apprenant} en {essais} tirages "
                f"(dernière raison : {raisons[-1] if raisons else '?'})."
            )

        @functools.wraps(construire)
        def cas(apprenant: str | None = None) -> T:
            return _cas(identite.apprenant() if apprenant is None else str(apprenant))

        cas.cahier = cahier
        cas.cache_clear = _cas.cache_clear
        return cas

    return decorer


def autour(alea: random.Random, valeur: float, ecart: float = 0.2, pas: float = 1) -> float:
    """Une valeur tirée à ±``ecart`` (relatif) autour de ``valeur``, arrondie au ``pas``."""
    tiree = valeur * alea.uniform(1 - ecart, 1 + ecart)
    arrondie = round(tiree / pas) * pas
    return int(arrondie) if float(pas).is_integer() and float(arrondie).is_integer() else round(arrondie, 6)
