"""Graphiques du lancement : regroupement des OF, effet du taux de rebut sur la quantité et le coût."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt

from gpedu.calculs.lancement import quantite_a_lancer


def tracer_regroupement(
    besoins: Sequence[float], lancements: Sequence[float], *, titre: str = "Regroupement des OF", ax=None
):
    """Besoins par semaine (barres bleues) et OF lancés après regroupement (barres orange)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    semaines = list(range(1, len(besoins) + 1))
    ax.bar([s - 0.2 for s in semaines], besoins, width=0.4, color="#9bb7d4", label="Besoins (CBN + SAV)")
    ax.bar(
        [s + 0.2 for s in semaines], lancements, width=0.4, color="#f2b36b", label="OF lancés (regroupés, surlancés)"
    )
    for s, q in zip(semaines, lancements):
        if q:
            ax.annotate(str(int(q)), (s + 0.2, q), ha="center", va="bottom", fontsize="small")
    ax.set_xticks(semaines, [f"S{s}" for s in semaines])
    ax.set_xlabel("Semaine")
    ax.set_ylabel("Quantité")
    ax.set_title(titre)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_surlancement(
    besoin: int, cout_unitaire: float, taux_rebut_pourcent: float, *, taux_max: float = 20, article: str = "", axes=None
):
    """Quantité lancée et coût du lancement selon le taux de rebut (le taux choisi est marqué)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    ax_q, ax_c = axes
    taux = [t / 2 for t in range(0, int(2 * taux_max) + 1)]
    quantites = [quantite_a_lancer(besoin, t / 100) for t in taux]
    couts = [q * cout_unitaire for q in quantites]
    choisi = quantite_a_lancer(besoin, taux_rebut_pourcent / 100)
    ax_q.step(taux, quantites, where="post", color="#1f4e79", label="Quantité lancée")
    ax_q.axhline(besoin, color="#c0392b", linestyle="--", label=f"Besoin ({besoin})")
    ax_q.plot([taux_rebut_pourcent], [choisi], "o", color="#e67e22", label=f"Taux {taux_rebut_pourcent:g} % : {choisi}")
    ax_q.set_xlabel("Taux de rebut (%)")
    ax_q.set_ylabel("Pièces")
    ax_q.set_title(f"Quantité à lancer {article}".strip())
    ax_q.legend(fontsize="small")
    ax_q.grid(alpha=0.3)
    ax_c.plot(taux, couts, color="#1f4e79", label="Coût des pièces lancées")
    ax_c.axhline(besoin * cout_unitaire, color="#c0392b", linestyle="--", label="Coût sans rebut")
    surcout = choisi * cout_unitaire - besoin * cout_unitaire
    ax_c.plot(
        [taux_rebut_pourcent],
        [choisi * cout_unitaire],
        "o",
        color="#e67e22",
        label=f"Surcoût du rebut : {surcout:.2f} €".replace(".", ","),
    )
    ax_c.set_xlabel("Taux de rebut (%)")
    ax_c.set_ylabel("€")
    ax_c.set_title("Coût du lancement")
    ax_c.legend(fontsize="small")
    ax_c.grid(alpha=0.3)
    return axes
