"""Histogramme de charge d'un poste contre sa ligne de capacité (réutilisable par tous les cahiers)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt

COULEUR_CHARGE, COULEUR_SURCHARGE, COULEUR_CAPACITE = "#9bb7d4", "#c0392b", "#1f4e79"


def tracer_charge(
    charge: Sequence[float],
    capacite: float | Sequence[float],
    *,
    titre: str = "Charge et capacité",
    etiquettes: Sequence[str] | None = None,
    unite: str = "h",
    ax=None,
):
    """Charge par période (barres, en rouge au-delà de la capacité) et capacité (ligne en escalier).

    ``capacite`` : un nombre (la même chaque période) ou une liste (une valeur par période, par exemple
    avec des heures supplémentaires).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    periodes = list(range(1, len(charge) + 1))
    capacites = [float(capacite)] * len(charge) if isinstance(capacite, (int, float)) else list(capacite)
    couleurs = [COULEUR_SURCHARGE if c > k + 1e-9 else COULEUR_CHARGE for c, k in zip(charge, capacites)]
    ax.bar(periodes, list(charge), width=0.6, color=couleurs, label="Charge")
    bords = [periodes[0] - 0.5] + [p + 0.5 for p in periodes]
    ax.stairs(capacites, bords, color=COULEUR_CAPACITE, linewidth=2, label="Capacité", baseline=None)
    if any(c == COULEUR_SURCHARGE for c in couleurs):
        ax.bar([], [], color=COULEUR_SURCHARGE, label="Surcharge")
    for p, c, k in zip(periodes, charge, capacites):
        if k > 0:
            ax.annotate(
                f"{100 * c / k:.0f} %",
                (p, c),
                textcoords="offset points",
                xytext=(0, 3),
                ha="center",
                fontsize="x-small",
            )
    ax.set_xticks(periodes, list(etiquettes) if etiquettes else [f"S{p}" for p in periodes])
    ax.set_xlabel("Semaine" if not etiquettes else "")
    ax.set_ylabel(f"Heures ({unite})" if unite == "h" else unite)
    ax.set_title(titre)
    ax.set_ylim(0, max([*charge, *capacites, 1]) * 1.18)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax
