"""Graphiques des cahiers (matplotlib : ils apparaissent aussi dans les retours HTML).

Un module par méthode (``gpedu.graphiques.cbn``…) ; ici, ce qui est commun à tous :
les explorateurs interactifs, qui deviennent une figure fixe quand le cahier est
exécuté sans navigateur (correction nbgrader, validation, tests).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import matplotlib.pyplot as plt

ENV_STATIQUE = "GPEDU_STATIQUE"


def mode_statique() -> bool:
    """Vrai quand personne ne peut manipuler les curseurs (correction, validation, exécution en ligne de commande)."""
    return bool(os.environ.get("NBGRADER_EXECUTION") or os.environ.get(ENV_STATIQUE))


def explorer(fonction: Callable, **curseurs):
    """Explorateur interactif : ``fonction`` est rappelée à chaque mouvement d'un curseur.

    ``curseurs`` associe chaque paramètre de ``fonction`` à un widget ipywidgets
    (``IntSlider``, ``Dropdown``…). Sans navigateur, la fonction est appelée une fois
    avec la valeur initiale de chaque widget : la figure reste visible dans le retour.
    """
    if mode_statique():
        fonction(**{nom: widget.value for nom, widget in curseurs.items()})
        plt.show()
        return None
    from ipywidgets import HBox, VBox, interactive_output

    sortie = interactive_output(fonction, curseurs)
    return VBox([HBox(list(curseurs.values())), sortie])


def interactif(figure, secours: Callable):
    """Une figure plotly dans le navigateur ; sans navigateur, la figure matplotlib ``secours()``.

    Les retours HTML et la correction n'ont pas plotly.js : la version fixe y apparaît à la place.
    """
    if mode_statique():
        secours()
        plt.show()
        return None
    return figure
