"""Graphiques de l'équilibrage de ligne : graphe des antériorités, diagramme des postes, explorateur."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import networkx as nx

from gpedu.calculs import equilibrage as eq

COULEURS = plt.get_cmap("tab20").colors


def tracer_anteriorites(temps: Mapping[str, float], anteriorites: Mapping[str, Sequence[str]], *, titre=None, ax=None):
    """Graphe des antériorités : une colonne par niveau, chaque tâche avec son temps (s)."""
    graphe = eq.graphe_anteriorites(temps, anteriorites)
    colonne = eq.niveaux(temps, anteriorites)
    nx.set_node_attributes(graphe, colonne, "colonne")
    position = nx.multipartite_layout(graphe, subset_key="colonne")
    if ax is None:
        largeur = 2 + 1.4 * (max(colonne.values()) + 1)
        _, ax = plt.subplots(figsize=(min(max(largeur, 6), 13), 4.2), layout="constrained")
    nx.draw_networkx_edges(graphe, position, ax=ax, arrows=True, arrowsize=14, node_size=900, edge_color="#555")
    nx.draw_networkx_nodes(graphe, position, ax=ax, node_size=900, node_color="#9bb7d4", edgecolors="#1f4e79")
    nx.draw_networkx_labels(graphe, position, ax=ax, labels={t: t for t in graphe}, font_weight="bold")
    for tache, (x, y) in position.items():
        ax.annotate(
            f"{temps[tache]:g} s",
            (x, y),
            xytext=(0, -22),
            textcoords="offset points",
            ha="center",
            fontsize="small",
            color="#1f4e79",
        )
    ax.set_title(titre or "Graphe des antériorités (temps en secondes)")
    ax.axis("off")
    ax.margins(0.08, 0.15)
    return ax


def tracer_postes(postes: Sequence[Sequence[str]], temps: Mapping[str, float], takt: float, *, titre=None, ax=None):
    """Diagramme des postes : tâches empilées dans chaque poste, ligne du takt et poste goulot repéré."""
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5, 1.2 * len(postes) + 3), 4), layout="constrained")
    codes = list(temps)
    numeros = list(range(1, len(postes) + 1))
    for numero, poste in zip(numeros, postes):
        bas = 0.0
        for tache in poste:
            ax.bar(
                numero, temps[tache], bottom=bas, width=0.6, color=COULEURS[codes.index(tache) % 20], edgecolor="white"
            )
            ax.text(
                numero,
                bas + temps[tache] / 2,
                f"{tache} ({temps[tache]:g})",
                ha="center",
                va="center",
                fontsize="small",
            )
            bas += temps[tache]
    charges = eq.charges(postes, temps)
    ax.axhline(takt, color="#c0392b", linestyle="--", label=f"Takt ({takt:g} s)")
    etiquettes = [f"Poste {n}" for n in numeros]
    if postes:
        goulot = eq.poste_goulot(postes, temps)
        etiquettes[goulot - 1] += "\n(goulot)"
    ax.set_xticks(numeros, etiquettes)
    ax.set_ylabel("Charge du poste (s par diable)")
    ax.set_ylim(0, max([takt, *charges]) * 1.15)
    ax.set_title(titre or "Diagramme des postes")
    ax.legend(loc="upper right", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_exploration(
    temps,
    anteriorites,
    temps_disponible: float,
    demande: int,
    regle: str = "poids_positionnel",
    demandes: Sequence[int] | None = None,
):
    """Explorateur : la ligne équilibrée pour ``demande`` (à gauche), efficacité selon la demande (à droite)."""
    fig, (gauche, droite) = plt.subplots(
        1, 2, figsize=(12, 4.2), layout="constrained", gridspec_kw={"width_ratios": [3, 2]}
    )
    takt = eq.takt(temps_disponible, demande)
    plus_long = max(temps.values())
    if takt < plus_long:
        gauche.text(
            0.5,
            0.5,
            f"Takt {takt:.0f} s < tâche la plus longue ({plus_long:g} s) :\n"
            "impossible sans découper la tâche ou doubler un poste.",
            ha="center",
            va="center",
            transform=gauche.transAxes,
        )
        gauche.axis("off")
    else:
        postes = eq.affecter(temps, anteriorites, takt, regle)
        minimum = eq.nombre_minimal_postes(temps, takt)
        rendement = eq.efficacite(temps, len(postes), takt)
        tracer_postes(
            postes,
            temps,
            takt,
            ax=gauche,
            titre=f"Demande {demande}/jour : {len(postes)} postes (minimum {minimum}), "
            f"efficacité {100 * rendement:.1f} %",
        )
    demandes = list(
        demandes or range(max(1, int(temps_disponible // sum(temps.values()))), int(temps_disponible // plus_long) + 1)
    )
    points = [(d, eq.takt(temps_disponible, d)) for d in demandes]
    x = [d for d, t in points]
    effs = [100 * eq.efficacite(temps, len(eq.affecter(temps, anteriorites, t, regle)), t) for _, t in points]
    nb = [len(eq.affecter(temps, anteriorites, t, regle)) for _, t in points]
    droite.plot(x, effs, color="#1f4e79", label="Efficacité (%)")
    droite.axvline(demande, color="#c0392b", linestyle=":", label=f"Demande choisie ({demande})")
    droite.set_xlabel("Demande (diables par jour)")
    droite.set_ylabel("Efficacité (%)")
    droite.set_ylim(0, 105)
    axe_postes = droite.twinx()
    axe_postes.step(x, nb, where="mid", color="#f2b36b", label="Nombre de postes")
    axe_postes.set_ylabel("Nombre de postes")
    droite.set_title("Efficacité et nombre de postes selon la demande")
    lignes = droite.get_lines() + axe_postes.get_lines()
    droite.legend(
        lignes,
        [ligne.get_label() for ligne in lignes],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=3,
        fontsize="small",
        frameon=False,
    )
    return fig
