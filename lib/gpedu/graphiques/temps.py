"""Graphiques des temps opératoires : relevé de chronométrage et décomposition du temps standard."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt

from gpedu.calculs.temps import ECART_ABERRANT, aberrants, temps_normaux


def tracer_chronometrage(
    observes: Sequence[float], allures: Sequence[float], *, titre: str = "Relevé de chronométrage", ax=None
):
    """Temps observés et temps normaux par cycle ; bande ± 20 % autour de la médiane ; aberrants marqués."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    cycles = list(range(1, len(observes) + 1))
    normaux = temps_normaux(observes, allures)
    marques = aberrants(normaux)
    mediane = statistics.median(normaux)
    ax.axhspan(
        mediane * (1 - ECART_ABERRANT),
        mediane * (1 + ECART_ABERRANT),
        color="#d5f5e3",
        alpha=0.6,
        label=f"Médiane des temps normaux ± {ECART_ABERRANT:.0%}",
    )
    ax.plot(cycles, observes, marker="o", linestyle=":", color="#9bb7d4", label="Temps observé")
    ax.plot(cycles, normaux, marker="s", color="#1f4e79", label="Temps normal (observé × allure / 100)")
    x_ab = [c for c, m in zip(cycles, marques) if m]
    y_ab = [t for t, m in zip(normaux, marques) if m]
    ax.scatter(x_ab, y_ab, s=160, marker="X", color="#c0392b", zorder=3, label="Relevé aberrant (écarté)")
    for c, a, t in zip(cycles, allures, observes):
        ax.annotate(
            f"{a:g}", (c, t), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7, color="#555555"
        )
    ax.set_xticks(cycles, [f"C{c}" for c in cycles])
    ax.set_xlabel("Cycle (nombre au-dessus : allure jugée)")
    ax.set_ylabel("Temps (s)")
    ax.set_title(titre)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_temps_standard(
    temps_normal: Mapping[str, float], majoration: float, *, titre: str = "Décomposition du temps standard", ax=None
):
    """Barre empilée : temps normal de chaque élément, puis la majoration K × temps normal total."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 2.8), layout="constrained")
    gauche = 0.0
    couleurs = ["#1f4e79", "#2e86c1", "#5dade2", "#85c1e9", "#aed6f1", "#d6eaf8"]
    for rang, (element, valeur) in enumerate(temps_normal.items()):
        ax.barh(
            0,
            valeur,
            left=gauche,
            color=couleurs[rang % len(couleurs)],
            edgecolor="white",
            label=f"{element} : {valeur:.1f} s",
        )
        gauche += valeur
    supplement = gauche * majoration
    ax.barh(
        0,
        supplement,
        left=gauche,
        color="#f2b36b",
        edgecolor="white",
        label=f"Majoration K = {majoration:.0%} : {supplement:.1f} s",
    )
    ax.axvline(gauche + supplement, color="#c0392b", linestyle="--")
    ax.set_yticks([])
    ax.set_xlabel("Temps (s)")
    ax.set_title(f"{titre} : {gauche + supplement:.1f} s")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, fontsize="small", frameon=False)
    return ax
