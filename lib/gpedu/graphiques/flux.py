"""Graphiques du cahier « Alimenter les ateliers » : stock bord de ligne au cours de la journée."""

from __future__ import annotations

import matplotlib.pyplot as plt

from gpedu.calculs.flux import Simulation


def tracer_stock_bord_de_ligne(
    simulation: Simulation, *, contenance: float, cartes: int, intervalle_min: int, titre: str = "", ax=None
):
    """Stock bord de ligne minute par minute, passages du train et minutes de rupture."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    minutes = list(range(1, len(simulation.stock) + 1))
    ax.plot(minutes, simulation.stock, color="#1f4e79", label="Stock bord de ligne")
    for minute in range(intervalle_min, len(minutes), intervalle_min):
        ax.axvline(minute, color="#9bb7d4", linewidth=0.8, linestyle=":")
    if simulation.livraisons:
        x, bacs = zip(*simulation.livraisons)
        ax.scatter(x, [simulation.stock[m] for m in x], color="#f2b36b", zorder=3, label="Livraison (bacs pleins)")
    ruptures = [m for m, s in zip(minutes, simulation.stock) if s <= 1e-9]
    if simulation.minutes_rupture:
        ax.scatter(ruptures, [0] * len(ruptures), color="#c0392b", marker="|", label="Rupture")
    ax.axhline(
        cartes * contenance, color="#4c9a5b", linestyle="--", label=f"{cartes} bacs pleins ({cartes * contenance:g})"
    )
    ax.set_xlabel("Minutes de travail depuis la prise de poste (pauses retirées)")
    ax.set_ylabel("Quantité au poste")
    ax.set_ylim(bottom=-0.5)
    ax.set_title(
        titre
        or f"{cartes} cartes, une tournée toutes les {intervalle_min} min — {simulation.minutes_rupture} min de rupture"
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax
