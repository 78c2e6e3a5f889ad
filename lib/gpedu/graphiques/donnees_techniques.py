"""Graphiques des données techniques : arbre de nomenclature, calendrier d'un mois, capacité mensuelle."""

from __future__ import annotations

import calendar
import datetime as dt

import matplotlib.pyplot as plt

from gpedu.calculs.calendrier import MOIS, CalendrierUsine, heures_par_jour
from gpedu.calculs.donnees_techniques import explosion


def tracer_nomenclature(liens, article: str, quantite: float = 1, *, ax=None):
    """Nomenclature éclatée en arbre indenté : une ligne par chemin, niveau en abscisse,
    « composant × quantité par parent = quantité cumulée »."""
    lignes = explosion(liens, article, quantite)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.9 + 0.42 * (len(lignes) + 1)), layout="constrained")
    ax.text(0, 0, f"{article} × {quantite:g}", fontweight="bold", va="center",
            bbox={"boxstyle": "round", "facecolor": "#f2b36b"})  # fmt: skip
    derniere_position = {0: 0}
    for rang, ligne in enumerate(lignes, start=1):
        x0 = ligne.niveau - 1
        y_parent = derniere_position[ligne.niveau - 1]
        ax.plot([x0 + 0.1, x0 + 0.1, x0 + 0.9], [y_parent + 0.3, rang, rang], color="#888888", linewidth=0.8)
        ax.text(
            ligne.niveau, rang,
            f"{ligne.composant}  ×{ligne.quantite_par_parent:g}  →  {ligne.quantite_cumulee:g}",
            va="center", bbox={"boxstyle": "round", "facecolor": "#d6e4f0"},
        )  # fmt: skip
        derniere_position[ligne.niveau] = rang
    ax.set_ylim(len(lignes) + 0.7, -0.7)
    ax.set_xlim(-0.2, max((lig.niveau for lig in lignes), default=0) + 2.2)
    ax.set_xticks(range(max((lig.niveau for lig in lignes), default=0) + 1))
    ax.set_xlabel("Niveau de nomenclature")
    ax.set_yticks([])
    for cote in ("top", "right", "left"):
        ax.spines[cote].set_visible(False)
    ax.set_title(f"Nomenclature éclatée de {article} (composant ×quantité par parent → quantité cumulée)")
    return ax


def tracer_calendrier_mois(calendrier: CalendrierUsine, annee: int, mois: int, *, ax=None):
    """Le mois en grille (lundi à dimanche) : jours ouvrés en vert, jours fermés en gris avec leur motif."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
    semaines = calendar.Calendar().monthdatescalendar(annee, mois)
    for ligne, semaine in enumerate(semaines):
        for colonne, jour in enumerate(semaine):
            if jour.month != mois:
                continue
            motif = calendrier.motif_fermeture(jour)
            couleur = "#b7e1a1" if motif is None else ("#f4b6b6" if jour.weekday() < 5 else "#dddddd")
            ax.add_patch(plt.Rectangle((colonne, ligne), 0.95, 0.9, color=couleur))
            ax.text(colonne + 0.05, ligne + 0.3, str(jour.day), fontsize="small", fontweight="bold")
            if motif and jour.weekday() < 5:
                ax.text(colonne + 0.05, ligne + 0.7, motif[:18], fontsize=6)
    ax.set_xlim(0, 7)
    ax.set_ylim(len(semaines), 0)
    ax.set_xticks([i + 0.47 for i in range(7)], ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"])
    ax.set_yticks([])
    ax.tick_params(length=0)
    for cote in ax.spines.values():
        cote.set_visible(False)
    debut = dt.date(annee, mois, 1)
    fin = dt.date(annee, mois, calendar.monthrange(annee, mois)[1])
    ouvres = calendrier.nombre_jours_ouvres(debut, fin)
    ax.set_title(f"{MOIS[mois - 1].capitalize()} {annee} : {ouvres} jours ouvrés (vert), fériés et fermetures en rouge")
    return ax


def capacites_mensuelles(
    calendrier: CalendrierUsine, annee: int, *, regime="1x8", machines: int = 1, heures_par_equipe: float = 7.5
) -> list[float]:
    """Capacité (h) d'un poste pour chaque mois de ``annee``."""
    capacites = []
    for mois in range(1, 13):
        debut = dt.date(annee, mois, 1)
        fin = dt.date(annee, mois, calendar.monthrange(annee, mois)[1])
        capacites.append(
            calendrier.capacite(debut, fin, regime=regime, machines=machines, heures_par_equipe=heures_par_equipe)
        )
    return capacites


def tracer_capacite_annuelle(
    calendrier: CalendrierUsine,
    annee: int,
    *,
    regime="1x8",
    machines: int = 1,
    heures_par_equipe: float = 7.5,
    charge_mensuelle: float | None = None,
    titre: str = "",
    ax=None,
):
    """Capacité mensuelle d'un poste (barres) et, si donnée, une charge mensuelle constante (ligne)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8), layout="constrained")
    capacites = capacites_mensuelles(
        calendrier, annee, regime=regime, machines=machines, heures_par_equipe=heures_par_equipe
    )
    noms = [m[:4] for m in MOIS]
    barres = ax.bar(noms, capacites, color="#4e79a7", label="Capacité (h)")
    ax.bar_label(barres, fmt="%g", fontsize="small")
    if charge_mensuelle is not None:
        ax.axhline(charge_mensuelle, color="#c0392b", linestyle="--", label=f"Charge prévue ({charge_mensuelle:g} h)")
    ax.set_ylabel("Heures")
    h = heures_par_jour(regime, heures_par_equipe)
    ax.set_title(titre or f"Capacité mensuelle {annee} : {machines} machine(s) en {regime} ({h:g} h par jour ouvré)")
    ax.legend(loc="lower left", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    return ax
