"""Diagramme d'Ishikawa (arête de poisson) et arbre des causes.

Le tracé du poisson s'inspire de l'exemple « Ishikawa Diagram » de la galerie matplotlib
(https://matplotlib.org/stable/gallery/specialty_plots/ishikawa_diagram.html), réécrit ici.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import networkx as nx

from gpedu.calculs.causes import FAMILLES_6M, regrouper_par_famille

COULEUR_ARETE = "#1f4e79"
COULEUR_FAMILLE = "#9bb7d4"


def tracer_ishikawa(
    classement: Mapping[str, str],
    effet: str,
    *,
    libelles: Mapping[str, str] | None = None,
    titre: str = "Diagramme d'Ishikawa (6M)",
    largeur_texte: int = 34,
    ax=None,
):
    """Arête de poisson à partir d'un classement {cause: famille}.

    Les six familles (Matière, Matériel, Méthode en haut ; Main-d'œuvre, Milieu, Mesure en bas) sont
    toujours tracées, même vides ; ``libelles`` remplace un code de cause par son texte.
    """
    familles = regrouper_par_famille(classement)
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 6.5), layout="constrained")
    ax.set_xlim(-7.6, 7.2)
    ax.set_ylim(-5.2, 5.2)
    ax.axis("off")
    # arête centrale et tête
    ax.annotate("", xy=(4.0, 0), xytext=(-6.0, 0), arrowprops=dict(arrowstyle="-|>", lw=2.5, color=COULEUR_ARETE))
    ax.text(
        4.15,
        0,
        "\n".join(textwrap.wrap(effet, 22)),
        va="center",
        ha="left",
        fontsize=10,
        fontweight="bold",
        bbox=dict(boxstyle="round,pad=0.4", fc="#fdebd0", ec="#c0392b"),
    )
    positions = [(-4.2, 1), (-1.2, 1), (1.8, 1), (-4.2, -1), (-1.2, -1), (1.8, -1)]
    for famille, (x_pied, sens) in zip(FAMILLES_6M, positions):
        x_haut, y_haut = x_pied - 1.9, 4.2 * sens
        ax.plot([x_haut, x_pied], [y_haut, 0], color=COULEUR_ARETE, lw=1.6)
        ax.text(
            x_haut,
            y_haut + 0.45 * sens,
            f"{famille} ({len(familles[famille])})",
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            bbox=dict(boxstyle="square,pad=0.3", fc=COULEUR_FAMILLE, ec=COULEUR_ARETE),
        )
        causes = familles[famille]
        for rang, cause in enumerate(causes):
            f = (rang + 1) / (len(causes) + 1)
            y = y_haut * (1 - f)
            x = x_haut + (x_pied - x_haut) * f
            texte = (libelles or {}).get(cause, cause)
            etiquette = "\n".join(textwrap.wrap(str(texte), largeur_texte)) if libelles else str(texte)
            ax.plot([x - 0.25, x], [y, y], color="#555555", lw=0.8)
            ax.text(x - 0.3, y, etiquette, ha="right", va="center", fontsize=7.5)
    ax.set_title(titre)
    return ax


def _positions_arbre(graphe: nx.DiGraph, racine: str) -> dict[str, tuple[float, float]]:
    """Positions en couches : le problème à gauche, les causes racines à droite, feuilles régulièrement espacées."""
    profondeur = nx.shortest_path_length(graphe, racine)
    positions: dict[str, tuple[float, float]] = {}
    rang_feuille = [0]

    def placer(noeud):
        enfants = list(graphe.successors(noeud))
        if not enfants:
            y = -rang_feuille[0]
            rang_feuille[0] += 1
        else:
            y = sum(placer(e) for e in enfants) / len(enfants)
        positions[noeud] = (profondeur[noeud], y)
        return y

    placer(racine)
    return positions


def tracer_arbre_causes(
    liens: Iterable[tuple[str, str]],
    *,
    libelles: Mapping[str, str] | None = None,
    actionnables: Iterable[str] = (),
    chaine: Iterable[tuple[str, str]] = (),
    titre: str = "Arbre des causes",
    ax=None,
):
    """Arbre des causes (liens effet -> cause) : le problème à gauche, les causes racines (feuilles) à droite.

    Les causes racines actionnables sont en vert, les autres en gris ; une ``chaine`` 5 Pourquoi est surlignée.
    """
    graphe = nx.DiGraph(list(liens))
    racine = next(n for n in graphe if graphe.in_degree(n) == 0)
    positions = _positions_arbre(graphe, racine)
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 6.5), layout="constrained")
    actionnables = set(actionnables)
    chaine = {tuple(c) for c in chaine}
    for e, c in graphe.edges:
        (x1, y1), (x2, y2) = positions[e], positions[c]
        surligne = (e, c) in chaine
        ax.plot([x1, x2], [y1, y2], color="#c0392b" if surligne else "#888888", lw=3 if surligne else 1, zorder=1)
    for noeud, (x, y) in positions.items():
        if noeud == racine:
            couleur = "#fdebd0"
        elif graphe.out_degree(noeud) == 0:
            couleur = "#abebc6" if noeud in actionnables else "#d5d8dc"
        else:
            couleur = "#d6eaf8"
        texte = noeud
        if libelles and noeud in libelles:
            texte = f"{noeud} — " + "\n".join(textwrap.wrap(str(libelles[noeud]), 30))
        ax.text(
            x,
            y,
            texte,
            ha="center",
            va="center",
            fontsize=7,
            zorder=2,
            bbox=dict(boxstyle="round,pad=0.3", fc=couleur, ec="#555555"),
        )
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    ax.set_title(titre + " — vert : cause racine actionnable, gris : cause racine non actionnable")
    return ax
