"""Calculs de référence de la GPAO pédagogique (un module par méthode).

Ici, ce que tous les modules partagent : l'erreur des données incohérentes et l'arrondi supérieur.
"""

import math


class DonneesIncoherentes(ValueError):
    """Données impossibles à traiter par un calcul de référence (message en français)."""


def arrondi_superieur(valeur: float) -> int:
    """Arrondi à l'entier supérieur sans les erreurs des flottants (100 × 0,07 donne 7, pas 8)."""
    return math.ceil(round(valeur, 9))
