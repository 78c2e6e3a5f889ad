"""Diagramme de Pareto (barres triées, courbe des pourcentages cumulés, ligne du seuil).

``tracer_pareto`` sert à tous les cahiers : causes d'arrêt, défauts, classement ABC des stocks…
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.ticker import PercentFormatter

from gpedu.calculs import pareto

COULEUR_A, COULEUR_AUTRES, COULEUR_CUMUL = "#1f4e79", "#9bb7d4", "#c0392b"


def tracer_pareto(
    valeurs: Mapping[str, float],
    *,
    seuil: float = 80,
    titre: str = "Diagramme de Pareto",
    unite: str = "",
    etiquette_classe: str = "Classe A",
    ax=None,
):
    """Barres triées (classe A en foncé), pourcentages cumulés (axe de droite) et ligne du seuil.

    ``valeurs`` : {catégorie: valeur}, dans n'importe quel ordre (le tri suit les conventions de
    ``gpedu.calculs.pareto``). Rend l'axe des barres ; l'axe des cumuls est ``ax.cumul``.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    triees = pareto.trier(valeurs)
    categories = [c for c, _ in triees]
    classe_a = set(pareto.classe_a(valeurs, seuil))
    couleurs = [COULEUR_A if c in classe_a else COULEUR_AUTRES for c in categories]
    positions = list(range(len(categories)))
    ax.bar(positions, [v for _, v in triees], color=couleurs)
    ax.set_xticks(positions, categories, rotation=30, ha="right")
    ax.set_ylabel(unite or "Valeur")
    ax.set_title(titre)
    ax.grid(axis="y", alpha=0.3)
    cumul = ax.twinx()
    cumul.plot(positions, pareto.pourcentages_cumules(valeurs), marker="o", color=COULEUR_CUMUL, label="% cumulé")
    cumul.axhline(seuil, color="grey", linestyle="--", label=f"Seuil {seuil:g} %")
    cumul.set_ylim(0, 105)
    cumul.yaxis.set_major_formatter(PercentFormatter())
    cumul.set_ylabel("Pourcentage cumulé")
    poignees = [
        plt.Rectangle((0, 0), 1, 1, color=COULEUR_A, label=etiquette_classe),
        plt.Rectangle((0, 0), 1, 1, color=COULEUR_AUTRES, label="Autres"),
        *cumul.get_lines(),
    ]
    ax.legend(handles=poignees, loc="center right", fontsize="small")
    ax.cumul = cumul
    return ax
