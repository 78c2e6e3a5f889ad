"""Graphiques du cahier logistique : écarts de réception, lots prélevés, implantation par rotation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd

from gpedu.calculs.logistique import Lot

COULEURS_DECISION = {"accepter": "#4c9a5b", "litige": "#e08a2c", "refuser": "#c0392b"}


def tracer_reception(controle: pd.DataFrame, tolerance_pct: float, titre: str = "Contrôle de la réception", ax=None):
    """Écart de chaque ligne en % de la quantité commandée, bande de tolérance, couleur = décision."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    lignes = controle[controle["commandee"] > 0]
    articles = list(lignes.index)
    ecarts = [float(v) for v in lignes["ecart_pct"]]
    couleurs = [COULEURS_DECISION[d] for d in lignes["decision"]]
    barres = ax.bar(articles, ecarts, color=couleurs)
    for barre, decision in zip(barres, lignes["decision"]):
        ax.annotate(
            decision,
            (barre.get_x() + barre.get_width() / 2, barre.get_height()),
            ha="center",
            va="bottom" if barre.get_height() >= 0 else "top",
            fontsize="small",
        )
    ax.axhspan(-tolerance_pct, tolerance_pct, color="#4c9a5b", alpha=0.15, label=f"Tolérance ± {tolerance_pct:g} %")
    ax.axhline(0, color="black", linewidth=0.8)
    refuses = list(controle.index[controle["decision"] == "refuser"])
    if refuses:
        ax.text(
            0.99,
            0.02,
            "Refusé (non commandé) : " + ", ".join(refuses),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize="small",
            color=COULEURS_DECISION["refuser"],
        )
    ax.set_ylabel("Écart / quantité commandée (%)")
    ax.set_title(titre)
    ax.legend(loc="upper right", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_lots(lots: Sequence[Lot], prelevement: Mapping[str, int], titre: str = "Prélèvement par lot", ax=None):
    """Un lot par ligne (rangés par date limite) : quantité prélevée et quantité qui reste."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    ordonnes = sorted(lots, key=lambda lot: (lot.date_limite or "", lot.date_entree, lot.numero), reverse=True)
    etiquettes = [f"{lot.numero}\nentré {lot.date_entree} — limite {lot.date_limite}" for lot in ordonnes]
    pris = [prelevement.get(lot.numero, 0) for lot in ordonnes]
    reste = [lot.quantite - p for lot, p in zip(ordonnes, pris)]
    ax.barh(etiquettes, pris, color="#1f4e79", label="Prélevé")
    ax.barh(etiquettes, reste, left=pris, color="#c9d6e3", label="Reste en stock")
    ax.set_xlabel("Quantité")
    ax.set_title(titre)
    ax.legend(loc="lower right", fontsize="small")
    ax.tick_params(axis="y", labelsize="small")
    return ax


def tracer_implantation(
    sorties: Mapping[str, float],
    implantation: Mapping[str, str],
    distances: Mapping[str, float],
    titre: str = "Implantation par rotation",
    ax=None,
):
    """Sorties par mois de la référence rangée sur chaque emplacement (du plus proche au plus loin)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    par_emplacement = {e: r for r, e in implantation.items()}
    emplacements = sorted(par_emplacement, key=lambda e: (distances[e], e))
    hauteurs = [sorties[par_emplacement[e]] for e in emplacements]
    barres = ax.bar([f"{e}\n{distances[e]:g} m" for e in emplacements], hauteurs, color="#9bb7d4")
    for barre, e in zip(barres, emplacements):
        ax.annotate(
            par_emplacement[e],
            (barre.get_x() + barre.get_width() / 2, barre.get_height()),
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.set_xlabel("Emplacement (distance à la zone d'expédition)")
    ax.set_ylabel("Sorties par mois")
    ax.set_title(titre)
    ax.tick_params(axis="x", labelsize="small")
    ax.grid(axis="y", alpha=0.3)
    return ax
