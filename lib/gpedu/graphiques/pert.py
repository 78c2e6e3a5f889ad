"""Graphiques du PERT : réseau (tâches sur les nœuds, méthode des potentiels) et Gantt du projet."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import networkx as nx

from gpedu.calculs import pert
from gpedu.graphiques.gantt import tracer_gantt

ROUGE, GRIS, BLEU = "#c0392b", "#9aa5b1", "#4e79a7"


def _fr(x: float) -> str:
    return f"{round(x, 2):g}".replace(".", ",")


def positions_reseau(taches: Sequence[pert.Tache]) -> dict[str, tuple[float, float]]:
    """Colonnes = rang de la tâche (plus long nombre d'antécédents en chaîne), lignes réparties."""
    graphe = pert.reseau(taches)
    positions = {}
    for colonne, generation in enumerate(nx.topological_generations(graphe)):
        generation = sorted(generation)
        for ligne, code in enumerate(generation):
            positions[code] = (colonne, (len(generation) - 1) / 2 - ligne)
    return positions


def tracer_reseau(taches: Sequence[pert.Tache], resultat: pert.ResultatPERT | None = None, *, titre="", ax=None):
    """Le réseau : une boîte par tâche (code, durée, début au plus tôt / au plus tard) ;
    tâches et liaisons critiques en rouge."""
    resultat = resultat or pert.calculer(taches)
    graphe = pert.reseau(taches)
    positions = positions_reseau(taches)
    if ax is None:
        largeur = 2 + 1.6 * (max(x for x, _ in positions.values()) + 1)
        _, ax = plt.subplots(figsize=(min(largeur, 14), 4.5), layout="constrained")
    critiques = set(resultat.taches_critiques)
    arcs_critiques = {(u, v) for chemin in resultat.chemins_critiques for u, v in zip(chemin, chemin[1:])}
    boites = {}
    for code, (x, y) in positions.items():
        texte = (
            f"{code}  ({_fr(resultat.durees[code])} j)\n"
            f"tôt {_fr(resultat.debut_plus_tot[code])} | tard {_fr(resultat.debut_plus_tard[code])}"
        )
        boites[code] = ax.text(
            x,
            y,
            texte,
            ha="center",
            va="center",
            fontsize="small",
            zorder=3,
            bbox=dict(
                boxstyle="round,pad=0.35",
                facecolor="#fdecea" if code in critiques else "white",
                edgecolor=ROUGE if code in critiques else GRIS,
                linewidth=1.8 if code in critiques else 1,
            ),
        )
    for u, v in graphe.edges:
        critique = (u, v) in arcs_critiques
        ax.annotate(
            "",
            xy=positions[v],
            xytext=positions[u],
            zorder=2,
            arrowprops=dict(
                arrowstyle="-|>",
                color=ROUGE if critique else GRIS,
                linewidth=2.2 if critique else 1,
                patchA=boites[u].get_bbox_patch(),
                patchB=boites[v].get_bbox_patch(),
                shrinkA=2,
                shrinkB=2,
                # une liaison qui saute des colonnes est courbée pour ne pas traverser une autre boîte
                connectionstyle="arc3,rad=0.3" if positions[v][0] - positions[u][0] > 1 else "arc3",
            ),
        )
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    chemins = " ; ".join(" → ".join(c) for c in resultat.chemins_critiques)
    ax.set_title(
        (titre + "\n" if titre else "") + f"Durée du projet {_fr(resultat.duree_projet)} j — chemin(s) critique(s) : "
        f"{chemins}",
        fontsize="medium",
    )
    return ax


def tracer_gantt_projet(resultat: pert.ResultatPERT, *, titre: str = "Gantt du projet (au plus tôt)", ax=None):
    """Gantt au plus tôt : tâches critiques en rouge, autres en bleu, marge totale en hachures."""
    taches = [(code, "", resultat.debut_plus_tot[code], resultat.fin_plus_tot[code]) for code in resultat.durees]
    couleurs = {code: ROUGE if code in resultat.taches_critiques else BLEU for code in resultat.durees}
    ax = tracer_gantt(taches, titre=titre, unite="jours ouvrés", couleur_par="ressource", couleurs=couleurs, ax=ax)
    for rang, code in enumerate(resultat.durees):
        marge = resultat.marge_totale[code]
        if marge > 0:
            ax.broken_barh(
                [(resultat.fin_plus_tot[code], marge)],
                (rang - 0.25, 0.5),
                facecolors="none",
                edgecolor=GRIS,
                hatch="///",
            )
    ax.axvline(resultat.duree_projet, color="black", linestyle=":", linewidth=1)
    return ax


def tracer_allongement(taches: Sequence[pert.Tache], tache: str, jours: int, ax=None):
    """Le réseau quand ``tache`` dure ``jours`` de plus (explorateur)."""
    modifiees = pert.allonger(taches, tache, jours)
    return tracer_reseau(modifiees, titre=f"{tache} allongée de {jours} j", ax=ax)
