"""Graphiques du plan d'actions : matrice impact/effort, criticités AMDEC, SMED avant/après, suivi."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt

from gpedu.calculs import actions as ac

COULEURS_QUADRANTS = {
    ac.GAINS_RAPIDES: "#2e8b57",
    ac.PROJETS: "#1f4e79",
    ac.PETITES: "#f2b36b",
    ac.A_EVITER: "#c0392b",
}


def tracer_matrice(notes: Mapping[str, tuple[float, float]], seuil_impact=3, seuil_effort=3, *, titre=None, ax=None):
    """Matrice impact/effort : chaque action placée selon ses notes (1 à 5), couleur de son quadrant."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5), layout="constrained")
    limite_effort, limite_impact = seuil_effort - 0.5, seuil_impact - 0.5
    ax.axvline(limite_effort, color="grey", linestyle="--")
    ax.axhline(limite_impact, color="grey", linestyle="--")
    for texte, x, y in (
        (ac.GAINS_RAPIDES, 0.6, 5.35),
        (ac.PROJETS, 5.4, 5.35),
        (ac.PETITES, 0.6, 0.65),
        (ac.A_EVITER, 5.4, 0.65),
    ):
        ax.text(
            x,
            y,
            texte,
            ha="left" if x < 3 else "right",
            va="center",
            color=COULEURS_QUADRANTS[texte],
            fontweight="bold",
        )
    deja: dict[tuple, int] = {}
    for code, (impact, effort) in notes.items():
        q = ac.quadrant(impact, effort, seuil_impact, seuil_effort)
        rang = deja.get((impact, effort), 0)
        deja[(impact, effort)] = rang + 1
        ax.scatter(effort, impact, s=260, color=COULEURS_QUADRANTS[q], zorder=3)
        ax.annotate(
            code,
            (effort, impact),
            xytext=(0, 12 + 11 * rang),
            textcoords="offset points",
            ha="center",
            fontsize="small",
        )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.6)
    ax.set_xlabel("Effort (1 = faible, 5 = fort)")
    ax.set_ylabel("Impact (1 = faible, 5 = fort)")
    ax.set_title(titre or "Matrice impact / effort")
    ax.grid(alpha=0.2)
    return ax


def tracer_criticites(criticites: Mapping[str, float], seuil: float, *, titre=None, ax=None):
    """Criticités AMDEC triées (barres), seuil d'action ; barres rouges pour C ≥ seuil."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    modes = sorted(criticites, key=lambda m: (-criticites[m], m))
    valeurs = [criticites[m] for m in modes]
    couleurs = ["#c0392b" if v >= seuil else "#9bb7d4" for v in valeurs]
    ax.bar(modes, valeurs, color=couleurs)
    ax.axhline(seuil, color="black", linestyle="--", label=f"Seuil d'action (C ≥ {seuil:g})")
    a_traiter = sum(v >= seuil for v in valeurs)
    ax.set_title(titre or f"Criticités AMDEC : {a_traiter} mode(s) à traiter")
    ax.set_xlabel("Mode de défaillance")
    ax.set_ylabel("Criticité C = G × O × D")
    ax.legend(loc="upper right", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_smed(operations: Sequence[Mapping], *, titre=None, ax=None):
    """SMED : temps machine arrêtée aux trois étapes (barres horizontales empilées par opération)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.2), layout="constrained")
    etapes = [
        ("Aujourd'hui", lambda op: True),
        ("1. Séparer", lambda op: op["type"] == "interne"),
        ("2. Convertir", lambda op: op["type"] == "interne" and not op["convertible"]),
    ]
    for rang, (_nom, garde) in enumerate(etapes):
        debut = 0.0
        for numero, op in enumerate(operations, start=1):
            if garde(op):
                couleur = "#1f4e79" if op["type"] == "interne" else "#f2b36b"
                ax.barh(rang, op["duree_min"], left=debut, color=couleur, edgecolor="white")
                ax.text(
                    debut + op["duree_min"] / 2,
                    rang,
                    str(numero),
                    ha="center",
                    va="center",
                    color="white",
                    fontsize="small",
                )
                debut += op["duree_min"]
        ax.text(debut + 0.5, rang, f"{debut:g} min", va="center")
    ax.set_yticks(range(len(etapes)), [nom for nom, _ in etapes])
    ax.invert_yaxis()
    ax.set_xlabel("Temps machine arrêtée (min) — numéros = opérations ; bleu : interne, orange : externe")
    ax.set_title(titre or "SMED : temps de changement de série")
    return ax
