"""Graphiques des cahiers (matplotlib : ils apparaissent aussi dans les retours HTML)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt

from gpedu.calculs.cbn import EnregistrementCBN


def tracer_cbn(
    besoins_bruts: Sequence[int],
    stock_previsionnel: Sequence[int],
    *,
    stock_securite: int = 0,
    ordres: Sequence[int] | None = None,
    titre: str = "Calcul des besoins nets",
    ax=None,
):
    """Besoins bruts et ordres (barres), stock prévisionnel (ligne) et stock de sécurité."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    semaines = list(range(1, len(besoins_bruts) + 1))
    largeur = 0.38 if ordres is not None else 0.6
    decalage = largeur / 2 if ordres is not None else 0
    ax.bar([s - decalage for s in semaines], besoins_bruts, width=largeur, color="#9bb7d4", label="Besoins bruts")
    if ordres is not None:
        ax.bar([s + decalage for s in semaines], ordres, width=largeur, color="#f2b36b", label="Ordres (réception)")
    ax.plot(semaines, stock_previsionnel, marker="o", color="#1f4e79", label="Stock prévisionnel (fin de semaine)")
    if stock_securite:
        ax.axhline(stock_securite, color="#c0392b", linestyle="--", label=f"Stock de sécurité ({stock_securite})")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(semaines, [f"S{s}" for s in semaines])
    ax.set_xlabel("Semaine")
    ax.set_ylabel("Quantité")
    ax.set_title(titre)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_enregistrement(enregistrement: EnregistrementCBN, ax=None):
    """Le graphique d'un tableau CBN calculé par la GPAO."""
    return tracer_cbn(
        enregistrement.besoins_bruts,
        enregistrement.stock_previsionnel,
        stock_securite=enregistrement.stock_securite,
        ordres=enregistrement.ordres,
        titre=f"CBN de l'article {enregistrement.article}",
        ax=ax,
    )
