"""Graphiques du cahier « Du PIC au PDP » : plan d'une famille, coûts des stratégies, tableau PDP."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt

from gpedu.calculs.pic_pdp import NOMS_STRATEGIES, EnregistrementPDP, PlanPIC

MOIS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
LIBELLES_COUTS = {
    "stockage": "Stockage",
    "retard": "Retards",
    "heures_sup": "Heures sup.",
    "sous_traitance": "Sous-traitance",
    "variation_cadence": "Variation de cadence",
    "production_normale": "Heures normales",
}


def _format_euros(valeur: float) -> str:
    return f"{valeur:,.0f} €".replace(",", " ")


def tracer_pic(plan: PlanPIC, *, titre: str | None = None, ax=None):
    """Demande (barres), production (ligne), stock de fin de mois (aire ; rouge = retard)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.2), layout="constrained")
    mois = list(range(1, len(plan.demande) + 1))
    ax.bar(mois, plan.demande, width=0.6, color="#9bb7d4", label="Demande")
    ax.plot(mois, plan.production, marker="o", color="#e67e22", label="Production")
    ax.fill_between(
        mois,
        plan.stock,
        0,
        where=[s >= 0 for s in plan.stock],
        color="#27ae60",
        alpha=0.35,
        interpolate=True,
        label="Stock fin de mois",
    )
    ax.fill_between(
        mois,
        plan.stock,
        0,
        where=[s < 0 for s in plan.stock],
        color="#c0392b",
        alpha=0.45,
        interpolate=True,
        label="Retard (stock négatif)",
    )
    ax.axhline(0, color="black", linewidth=0.8)
    etiquettes = MOIS if len(mois) == 12 else [f"M{m}" for m in mois]
    ax.set_xticks(mois, etiquettes)
    ax.set_ylabel("Unités")
    nom = NOMS_STRATEGIES.get(plan.strategie, plan.strategie)
    ax.set_title(titre or f"Stratégie {nom.lower()} — coût total {_format_euros(plan.cout_total)}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def tracer_couts(plans: Mapping[str, PlanPIC], ax=None):
    """Coûts empilés par poste, une barre par stratégie."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    noms = [NOMS_STRATEGIES.get(n, n) for n in plans]
    bas = [0.0] * len(plans)
    for poste, libelle in LIBELLES_COUTS.items():
        valeurs = [plan.couts.get(poste, 0.0) for plan in plans.values()]
        if any(valeurs):
            ax.bar(noms, valeurs, bottom=bas, label=libelle, width=0.55)
            bas = [b + v for b, v in zip(bas, valeurs)]
    for rang, total in enumerate(bas):
        ax.annotate(_format_euros(total), (rang, total), textcoords="offset points", xytext=(0, 3), ha="center")
    ax.set_ylabel("Coût sur 12 mois (€)")
    ax.set_title("Coût des stratégies du PIC")
    ax.set_ylim(0, max([*bas, 1]) * 1.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize="small", frameon=False)
    return ax


def tracer_pdp(enregistrement: EnregistrementPDP, ax=None):
    """Besoins retenus et PDP (barres), stock projeté (ligne), DAV cumulé (escalier), stock de sécurité."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    semaines = list(range(1, len(enregistrement.pdp) + 1))
    ax.bar([s - 0.19 for s in semaines], enregistrement.besoins, width=0.38, color="#9bb7d4", label="Besoins retenus")
    ax.bar([s + 0.19 for s in semaines], enregistrement.pdp, width=0.38, color="#f2b36b", label="PDP")
    ax.plot(semaines, enregistrement.stock_projete, marker="o", color="#1f4e79", label="Stock projeté")
    ax.step(semaines, enregistrement.dav, where="mid", color="#27ae60", linestyle="-.", label="DAV cumulé")
    if enregistrement.stock_securite:
        ax.axhline(
            enregistrement.stock_securite,
            color="#c0392b",
            linestyle="--",
            label=f"Stock de sécurité ({enregistrement.stock_securite})",
        )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(semaines, [f"S{s}" for s in semaines])
    ax.set_xlabel("Semaine")
    ax.set_ylabel("Quantité")
    ax.set_title(f"PDP de l'article {enregistrement.article}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=5, fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax
