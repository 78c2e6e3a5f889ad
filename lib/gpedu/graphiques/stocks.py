"""Graphiques des stocks : fiche de stock, courbe ABC, coût total de Wilson avec remises, stock de sécurité."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd

from gpedu.calculs import stocks

COULEURS_ABC = {"A": "#c0392b", "B": "#f2b36b", "C": "#9bb7d4"}


def tracer_fiche_stock(fiche: stocks.FicheDeStock, *, titre: str = "Fiche de stock", ax=None):
    """Quantité en stock après chaque mouvement (marches) et coût unitaire du stock (axe de droite)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    lignes = fiche.lignes
    x = list(range(len(lignes)))
    quantites = [ligne["stock_quantite"] for ligne in lignes]
    ax.step(x, quantites, where="post", color="#1f4e79", label="Quantité en stock")
    ax.set_xticks(x, [ligne["piece"] for ligne in lignes], rotation=45, ha="right", fontsize="small")
    ax.set_ylabel("Quantité")
    ax.set_title(titre)
    ax.grid(alpha=0.3)
    ax2 = ax.twinx()
    couts = [ligne["stock_cout_unitaire"] for ligne in lignes]
    ax2.plot(x, couts, "o--", color="#e67e22", label=f"Coût unitaire du stock ({fiche.methode})")
    ax2.set_ylabel("€ par unité")
    poignees = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(poignees, [p.get_label() for p in poignees], loc="upper left", fontsize="small")
    return ax


def tracer_abc(tableau: pd.DataFrame, *, seuils: Sequence[float] = (80, 95), titre: str = "Analyse ABC", ax=None):
    """Courbe ABC (Pareto) : valeur consommée par article (barres colorées par classe) et % cumulé."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5), layout="constrained")
    x = list(range(len(tableau)))
    couleurs = [COULEURS_ABC[c] for c in tableau["classe"]]
    ax.bar(x, tableau["valeur"], color=couleurs)
    ax.set_xticks(x, list(tableau.index), rotation=60, fontsize="small")
    ax.set_ylabel("Valeur consommée (€ par an)")
    ax.set_title(titre)
    ax2 = ax.twinx()
    ax2.plot(x, tableau["pourcentage_cumule"], "o-", color="#1f4e79", label="% cumulé de la valeur")
    for seuil in seuils:
        ax2.axhline(seuil, color="grey", linestyle="--", linewidth=0.8)
        ax2.annotate(f"{seuil:g} %", (len(x) - 0.5, seuil), va="bottom", ha="right", fontsize="small")
    ax2.set_ylim(0, 105)
    ax2.set_ylabel("% cumulé")
    from matplotlib.patches import Patch

    poignees = [Patch(color=COULEURS_ABC[c], label=f"Classe {c}") for c in "ABC"]
    poignees += ax2.get_legend_handles_labels()[0]
    ax.legend(handles=poignees, loc="center right", fontsize="small")
    return ax


def tracer_wilson_remises(
    demande: float,
    cout_passation: float,
    taux_possession: float,
    paliers: Sequence[tuple[int, float]],
    *,
    q_max: int | None = None,
    ax=None,
):
    """Coût total annuel (achat + passation + possession) en fonction de la quantité commandée."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    resultat = stocks.lot_economique_remises(demande, cout_passation, taux_possession, paliers)
    q_max = q_max or int(max(max(q for q, _ in paliers) * 1.3, resultat.quantite * 2))
    pas = max(1, q_max // 400)
    quantites = list(range(pas, q_max + 1, pas))
    couts = [
        stocks.cout_total(q, demande, cout_passation, taux_possession, stocks.prix_du_palier(q, paliers))
        for q in quantites
    ]
    ax.plot(quantites, couts, color="#1f4e79", label="Coût total annuel")
    ax.plot(
        [resultat.quantite],
        [resultat.cout_total],
        "o",
        color="#c0392b",
        label=f"Optimum : {resultat.quantite} à {resultat.cout_total:,.0f} €".replace(",", " "),
    )
    for q, _ in paliers:
        if q > 1:
            ax.axvline(q, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlabel("Quantité commandée Q")
    ax.set_ylabel("€ par an")
    ax.set_title(f"Lot économique avec remises (taux de possession {100 * taux_possession:g} %)")
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return ax


def tracer_stock_securite(
    ecart_type: float, delai: float, taux_service: float, cout_possession_unitaire: float, ax=None
):
    """Stock de sécurité en fonction du taux de service (loi normale), avec le point choisi."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    taux = [t / 1000 for t in range(800, 999)]
    ss = [stocks.stock_de_securite(t, ecart_type, delai) for t in taux]
    choisi = stocks.stock_de_securite(taux_service, ecart_type, delai)
    ax.plot([100 * t for t in taux], ss, color="#1f4e79", label="Stock de sécurité")
    cout = choisi * cout_possession_unitaire
    ax.plot(
        [100 * taux_service],
        [choisi],
        "o",
        color="#c0392b",
        label=f"{100 * taux_service:g} % : SS = {choisi} (possession {cout:.0f} € par an)".replace(".", ","),
    )
    ax.set_xlabel("Taux de service (%)")
    ax.set_ylabel("Stock de sécurité (unités)")
    ax.set_title("Plus le taux de service visé est haut, plus le stock de sécurité grimpe vite")
    ax.legend(fontsize="small", loc="upper left")
    ax.grid(alpha=0.3)
    return ax
