"""Graphiques du suivi de fabrication : cascade des temps, TRS par jour, avancement des OF, tableau de bord."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt

from gpedu.calculs.suivi import Avancement
from gpedu.calculs.trs import LIBELLES_NIVEAUX, LIBELLES_PERTES, NIVEAUX, PERTES, Cascade, cascade_par_pertes
from gpedu.graphiques.pareto import tracer_pareto

BLEU, ROUGE, VERT = "#1f4e79", "#c0392b", "#2e8b57"


def tracer_cascade(cascade: Cascade, *, titre: str = "Cascade des temps (NF E60-182)", ax=None):
    """Les six temps (barres bleues) et, entre deux, la perte qui les sépare (barre rouge flottante)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    temps = cascade.temps()
    pertes = cascade.pertes()
    positions, etiquettes = [], []
    for i, niveau in enumerate(NIVEAUX):
        x = 2 * i
        ax.bar(x, temps[niveau], color=BLEU)
        ax.annotate(f"{temps[niveau]:g}", (x, temps[niveau]), ha="center", va="bottom", fontsize="small")
        positions.append(x)
        etiquettes.append(LIBELLES_NIVEAUX[niveau].replace("Temps ", "T. "))
        if i < len(PERTES):
            perte = pertes[PERTES[i]]
            bas = temps[NIVEAUX[i + 1]]
            ax.bar(x + 1, perte, bottom=bas, color=ROUGE, alpha=0.75)
            if perte:
                ax.annotate(
                    f"−{perte:g}", (x + 1, bas + perte), ha="center", va="bottom", fontsize="small", color=ROUGE
                )
            positions.append(x + 1)
            etiquettes.append(LIBELLES_PERTES[PERTES[i]])
    ax.set_xticks(positions, etiquettes, rotation=35, ha="right", fontsize="small")
    ax.set_ylabel("Minutes")
    taux = cascade.taux()
    ax.set_title(
        f"{titre}\nTRS {taux['trs']:.1f} % — TRG {taux['trg']:.1f} % — TRE {taux['tre']:.1f} %".replace(".", ",")
    )
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_trs_jours(
    libelles: Sequence[str], trs: Sequence[float], *, objectif: float, titre: str = "TRS par jour", ax=None
):
    """TRS de chaque jour (en %) : barre verte si l'objectif est atteint, rouge sinon ; ligne de l'objectif."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    couleurs = [VERT if t >= objectif else ROUGE for t in trs]
    ax.bar(list(libelles), list(trs), color=couleurs)
    for x, t in enumerate(trs):
        ax.annotate(f"{t:.1f}".replace(".", ","), (x, t), ha="center", va="bottom", fontsize="small")
    ax.axhline(objectif, color="black", linestyle="--", label=f"Objectif {objectif:g} %")
    ax.set_ylim(0, 100)
    ax.set_ylabel("TRS (%)")
    ax.set_title(titre)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def tracer_avancement(avancements: Sequence[Avancement], *, titre: str = "Avancement des OF", ax=None):
    """Quantité prévue (contour) et pièces bonnes réalisées (barre pleine) de chaque OF."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    noms = [a.of for a in avancements]
    ax.barh(noms, [a.quantite for a in avancements], color="white", edgecolor=BLEU, label="Prévu")
    couleurs = [ROUGE if a.en_retard else BLEU for a in avancements]
    ax.barh(noms, [a.realise for a in avancements], color=couleurs, height=0.5, label="Réalisé (pièces bonnes)")
    for y, a in enumerate(avancements):
        ax.annotate(
            f"{a.realise}/{a.quantite} — {a.statut}",
            (a.quantite, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    ax.invert_yaxis()
    ax.set_xlabel("Pièces")
    ax.set_xlim(0, max(a.quantite for a in avancements) * 1.8)
    ax.set_title(titre)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def tableau_de_bord(
    cascade_periode: Cascade,
    libelles: Sequence[str],
    trs_jours: Sequence[float],
    *,
    objectif: float,
    avancements: Sequence[Avancement],
    durees_par_cause: Mapping[str, float],
    titre: str = "Tableau de bord",
):
    """Quatre graphiques : cascade de la période, TRS par jour, avancement des OF, Pareto des arrêts."""
    fig, axes = plt.subplots(2, 2, figsize=(14, 9), layout="constrained")
    tracer_cascade(cascade_periode, titre="Cascade des temps de la période", ax=axes[0, 0])
    tracer_trs_jours(libelles, trs_jours, objectif=objectif, ax=axes[0, 1])
    tracer_avancement(avancements, ax=axes[1, 0])
    tracer_pareto(durees_par_cause, titre="Arrêts non programmés (Pareto des durées)", unite="Minutes", ax=axes[1, 1])
    fig.suptitle(titre, fontsize="x-large")
    return fig


def tracer_pertes(
    *,
    temps_total: float,
    fermeture: float,
    arrets_programmes: float,
    arrets_non_programmes: float,
    ecarts_cadence: float,
    non_qualite: float,
    objectif: float | None = None,
):
    """Explorateur : la cascade des temps et les quatre taux (disponibilité, performance, qualité, TRS)."""
    c = cascade_par_pertes(
        temps_total=temps_total,
        fermeture=fermeture,
        arrets_programmes=arrets_programmes,
        arrets_non_programmes=arrets_non_programmes,
        ecarts_cadence=ecarts_cadence,
        non_qualite=non_qualite,
    )
    fig, (gauche, droite) = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained", width_ratios=[2, 1])
    tracer_cascade(c, ax=gauche)
    taux = c.taux()
    noms = ["Disponibilité", "Performance", "Qualité", "TRS"]
    valeurs = [taux["disponibilite"], taux["performance"], taux["qualite"], taux["trs"]]
    droite.bar(noms, valeurs, color=[BLEU, BLEU, BLEU, ROUGE])
    for x, v in enumerate(valeurs):
        droite.annotate(f"{v:.1f} %".replace(".", ","), (x, v), ha="center", va="bottom", fontsize="small")
    if objectif is not None:
        droite.axhline(objectif, color="black", linestyle="--", label=f"Objectif TRS {objectif:g} %")
        droite.legend(loc="lower left", fontsize="small")
    droite.set_ylim(0, 105)
    droite.set_title("TRS = disponibilité × performance × qualité")
    return fig
