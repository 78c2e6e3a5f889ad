"""Logistique du magasin : réception, inventaire tournant, prélèvement FIFO/FEFO, implantation, expédition.

Conventions (docs/conventions.md, section Logistique) :
- écart de réception = quantité reçue conforme (reçue − endommagée) − quantité commandée ;
- un écart est toléré si |écart| ≤ tolérance × quantité commandée ;
- décision : « refuser » (article non commandé), sinon « litige » (casse, reçu ≠ bon de livraison
  ou écart hors tolérance), sinon « accepter » ;
- valeur d'un écart d'inventaire = (compté − théorique) × coût unitaire ;
- taux de fiabilité = références sans écart / références comptées (en %) ;
- FIFO : date d'entrée croissante ; FEFO : date limite croissante, puis date d'entrée, puis numéro de lot ;
- implantation : sorties décroissantes (puis code) sur les emplacements de distance croissante (puis code).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gpedu.calculs import DonneesIncoherentes, arrondi_superieur

DECISIONS = ("accepter", "litige", "refuser")
REGLES_PRELEVEMENT = ("FIFO", "FEFO", "LIFO")


# --- réception -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LigneLivraison:
    """Une ligne du bon de livraison, avec ce que le magasin a compté au déchargement."""

    article: str
    quantite_bl: int
    quantite_recue: int
    quantite_endommagee: int = 0

    def __post_init__(self):
        if min(self.quantite_bl, self.quantite_recue, self.quantite_endommagee) < 0:
            raise DonneesIncoherentes(f"Article {self.article} : une quantité de réception est négative.")
        if self.quantite_endommagee > self.quantite_recue:
            raise DonneesIncoherentes(
                f"Article {self.article} : plus de pièces endommagées ({self.quantite_endommagee}) "
                f"que de pièces reçues ({self.quantite_recue})."
            )


def decision_reception(
    commandee: int, ligne: LigneLivraison, tolerance: float, *, ignorer_tolerance: bool = False
) -> str:
    """« accepter », « litige » ou « refuser » pour une ligne reçue (``tolerance`` : 0,02 pour 2 %)."""
    if commandee <= 0:
        return "refuser"
    ecart = ligne.quantite_recue - ligne.quantite_endommagee - commandee
    limite = 0 if ignorer_tolerance else tolerance * commandee
    if ligne.quantite_endommagee > 0 or ligne.quantite_recue != ligne.quantite_bl or abs(ecart) > limite + 1e-9:
        return "litige"
    return "accepter"


def controler_reception(
    commande: Mapping[str, int], livraison: Sequence[LigneLivraison], tolerance: float = 0.02
) -> pd.DataFrame:
    """Rapproche commande, bon de livraison et réception, ligne par ligne (une ligne par article).

    Colonnes : commandee, bl, recue, endommagee, conforme, ecart, ecart_pct, decision, entree_stock.
    Un article commandé absent du bon de livraison est une ligne reçue à 0 (litige si hors tolérance).
    """
    if tolerance < 0:
        raise DonneesIncoherentes("La tolérance de réception doit être positive ou nulle.")
    lignes = {ligne.article: ligne for ligne in livraison}
    if len(lignes) != len(livraison):
        raise DonneesIncoherentes("Un article apparaît deux fois sur le bon de livraison : regroupez les lignes.")
    for article in commande:
        lignes.setdefault(article, LigneLivraison(article, 0, 0, 0))
    resultat = []
    for article, ligne in lignes.items():
        commandee = int(commande.get(article, 0))
        conforme = ligne.quantite_recue - ligne.quantite_endommagee
        decision = decision_reception(commandee, ligne, tolerance)
        resultat.append(
            {
                "article": article,
                "commandee": commandee,
                "bl": ligne.quantite_bl,
                "recue": ligne.quantite_recue,
                "endommagee": ligne.quantite_endommagee,
                "conforme": conforme,
                "ecart": conforme - commandee,
                "ecart_pct": round(100 * (conforme - commandee) / commandee, 2) if commandee else None,
                "decision": decision,
                "entree_stock": 0 if decision == "refuser" else conforme,
            }
        )
    return pd.DataFrame(resultat).set_index("article")


# --- inventaire tournant -------------------------------------------------------------------


def references_a_compter(
    classes: Mapping[str, str], semaines_depuis_comptage: Mapping[str, int], periodes: Mapping[str, int]
) -> list[str]:
    """Références dont le dernier comptage date d'au moins la période de leur classe (ordre des données)."""
    inconnues = sorted({c for c in classes.values() if c not in periodes})
    if inconnues:
        raise DonneesIncoherentes(f"Classe sans période de comptage : {', '.join(inconnues)}.")
    return [ref for ref, classe in classes.items() if semaines_depuis_comptage[ref] >= periodes[classe]]


def cadence_comptage(nombre_references: int, periode_jours: float) -> float:
    """Références à compter par jour ouvré pour compter toute une classe en ``periode_jours`` jours."""
    if periode_jours <= 0:
        raise DonneesIncoherentes("La période de comptage doit être positive.")
    return nombre_references / periode_jours


def ecarts_inventaire(theorique: Mapping[str, float], compte: Mapping[str, float]) -> dict[str, float]:
    """Écart de chaque référence comptée : quantité comptée − stock théorique (informatique)."""
    manquantes = [ref for ref in compte if ref not in theorique]
    if manquantes:
        raise DonneesIncoherentes(f"Références comptées sans stock théorique : {', '.join(manquantes)}.")
    return {ref: compte[ref] - theorique[ref] for ref in compte}


def valeur_ecarts(ecarts: Mapping[str, float], couts: Mapping[str, float]) -> dict[str, float]:
    """Valeur de chaque écart : écart × coût unitaire (en euros, arrondi au centime ; négatif = manquant)."""
    return {ref: round(ecart * couts[ref], 2) for ref, ecart in ecarts.items()}


def taux_fiabilite(ecarts: Mapping[str, float]) -> float:
    """Références sans écart / références comptées, en % arrondi à 0,1."""
    if not ecarts:
        raise DonneesIncoherentes("Aucune référence comptée : le taux de fiabilité n'est pas défini.")
    return round(100 * sum(1 for e in ecarts.values() if e == 0) / len(ecarts), 1)


# --- prélèvement FIFO / FEFO ---------------------------------------------------------------


@dataclass(frozen=True)
class Lot:
    """Un lot en stock. Dates au format ISO « AAAA-MM-JJ » (elles se comparent comme des textes)."""

    numero: str
    date_entree: str
    quantite: int
    date_limite: str | None = None


def ordre_prelevement(lots: Sequence[Lot], regle: str = "FEFO") -> list[Lot]:
    """Les lots dans l'ordre où on les prélève selon ``regle`` (FIFO, FEFO ou LIFO)."""
    if regle == "FIFO":
        return sorted(lots, key=lambda lot: (lot.date_entree, lot.numero))
    if regle == "LIFO":
        return sorted(lots, key=lambda lot: (lot.date_entree, lot.numero), reverse=True)
    if regle == "FEFO":
        sans_date = [lot.numero for lot in lots if not lot.date_limite]
        if sans_date:
            raise DonneesIncoherentes(f"FEFO impossible : lots sans date limite ({', '.join(sans_date)}).")
        return sorted(lots, key=lambda lot: (lot.date_limite, lot.date_entree, lot.numero))
    raise DonneesIncoherentes(f"Règle de prélèvement inconnue « {regle} » : {', '.join(REGLES_PRELEVEMENT)}.")


def prelever(lots: Sequence[Lot], demande: int, regle: str = "FEFO") -> dict[str, int]:
    """Quantité prélevée dans chaque lot (tous les lots, 0 si non touché) pour servir ``demande``."""
    if demande < 0:
        raise DonneesIncoherentes("La quantité demandée doit être positive ou nulle.")
    disponible = sum(lot.quantite for lot in lots)
    if demande > disponible:
        raise DonneesIncoherentes(f"Stock insuffisant : {demande} demandés, {disponible} en stock dans les lots.")
    reste = demande
    prelevement = {lot.numero: 0 for lot in lots}
    for lot in ordre_prelevement(lots, regle):
        pris = min(reste, lot.quantite)
        prelevement[lot.numero] = pris
        reste -= pris
    return prelevement


# --- implantation par rotation -------------------------------------------------------------


def implanter(sorties: Mapping[str, float], distances: Mapping[str, float]) -> dict[str, str]:
    """Implantation par rotation : la référence la plus sortie sur l'emplacement le plus proche de l'expédition.

    Égalités : références par code, emplacements par code.
    """
    if len(distances) < len(sorties):
        raise DonneesIncoherentes(f"{len(sorties)} références pour seulement {len(distances)} emplacements.")
    references = sorted(sorties, key=lambda ref: (-sorties[ref], ref))
    emplacements = sorted(distances, key=lambda e: (distances[e], e))
    return dict(zip(references, emplacements))


def distance_parcourue(
    sorties: Mapping[str, float],
    implantation: Mapping[str, str],
    distances: Mapping[str, float],
    *,
    aller_retour: bool = True,
) -> float:
    """Distance parcourue par mois : Σ sorties × distance de l'emplacement (× 2 en aller-retour)."""
    facteur = 2 if aller_retour else 1
    return facteur * sum(sorties[ref] * distances[implantation[ref]] for ref in sorties)


# --- expédition ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expedition:
    colis: int
    palettes: int
    poids_kg: float


def preparer_expedition(
    quantite: int,
    *,
    unites_par_colis: int,
    poids_colis_kg: float,
    colis_par_palette: int,
    poids_palette_vide_kg: float,
) -> Expedition:
    """Colis, palettes (arrondis au supérieur) et poids brut (colis + palettes vides) d'une commande."""
    if min(unites_par_colis, colis_par_palette) <= 0:
        raise DonneesIncoherentes("Les unités par colis et les colis par palette doivent être positifs.")
    colis = arrondi_superieur(quantite / unites_par_colis)
    palettes = arrondi_superieur(colis / colis_par_palette)
    return Expedition(colis, palettes, round(colis * poids_colis_kg + palettes * poids_palette_vide_kg, 2))
