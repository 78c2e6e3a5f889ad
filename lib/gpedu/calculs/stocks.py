"""Tenue et gestion des stocks : valorisation, indicateurs, ABC, réapprovisionnement, Wilson, stock de sécurité.

Conventions (docs/conventions.md, section Stocks) :
- CMUP recalculé après **chaque entrée** : (valeur du stock + valeur de l'entrée) / (quantité + entrée),
  sans arrondi intermédiaire ; une sortie est valorisée au CMUP du moment ;
- PEPS (FIFO) : une sortie consomme d'abord le lot le plus ancien ;
- rotation = consommation de la période / stock moyen (en quantité pour un article) ;
- ABC : par valeur consommée (quantité × coût unitaire) décroissante ; l'article qui **franchit** un seuil
  est dans la classe supérieure (``gpedu.calculs.pareto.classes_abc``) ;
- stock de sécurité SS = ⌈k × σ × √L⌉, k = Φ⁻¹(taux de service) (``statistics.NormalDist().inv_cdf``) ;
- Wilson avec remises : Q* de chaque palier ramené dans son palier, et la borne basse de chaque palier ;
  on retient le coût total (achat + passation + possession) minimum.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

from gpedu.calculs import DonneesIncoherentes, arrondi_superieur, pareto
from gpedu.calculs.cbn import lot_economique

# --- mouvements et valorisation ------------------------------------------------------------


@dataclass(frozen=True)
class Mouvement:
    """Une entrée (``quantite`` > 0, avec ``prix_unitaire``) ou une sortie (``quantite`` < 0)."""

    date: str
    piece: str
    quantite: int
    prix_unitaire: float | None = None

    @property
    def est_entree(self) -> bool:
        return self.quantite > 0


@dataclass
class FicheDeStock:
    """Fiche de stock valorisée : une ligne par mouvement (``lignes``), plus le stock initial."""

    methode: str
    lignes: list[dict]

    def tableau(self) -> pd.DataFrame:
        return pd.DataFrame(self.lignes).set_index("piece")

    @property
    def valeurs_sorties(self) -> list[float]:
        return [ligne["sortie_valeur"] for ligne in self.lignes if ligne["sortie_quantite"]]

    @property
    def valeur_sorties(self) -> float:
        return sum(self.valeurs_sorties)

    @property
    def valeur_finale(self) -> float:
        return self.lignes[-1]["stock_valeur"]

    @property
    def quantite_finale(self) -> int:
        return self.lignes[-1]["stock_quantite"]

    @property
    def cout_unitaire(self) -> list[float]:
        """Coût unitaire du stock après chaque mouvement (CMUP ; en PEPS : valeur / quantité)."""
        return [ligne["stock_cout_unitaire"] for ligne in self.lignes[1:]]


def _ligne(piece, date, eq=0, epu=None, sq=0, spu=None, sval=0.0, stock_q=0, stock_v=0.0):
    return {
        "date": date,
        "piece": piece,
        "entree_quantite": eq,
        "entree_prix": epu,
        "entree_valeur": eq * epu if eq else 0.0,
        "sortie_quantite": sq,
        "sortie_prix": spu,
        "sortie_valeur": sval,
        "stock_quantite": stock_q,
        "stock_cout_unitaire": stock_v / stock_q if stock_q else None,
        "stock_valeur": stock_v,
    }


def _verifier(mouvement: Mouvement, stock: int) -> None:
    if mouvement.est_entree and (mouvement.prix_unitaire is None or mouvement.prix_unitaire < 0):
        raise DonneesIncoherentes(f"{mouvement.piece} : une entrée doit avoir un prix unitaire positif.")
    if -mouvement.quantite > stock:
        raise DonneesIncoherentes(
            f"{mouvement.piece} : sortie de {-mouvement.quantite} pour un stock de {stock} (stock négatif)."
        )


def fiche_cmup(
    stock_initial: int, prix_initial: float, mouvements: Sequence[Mouvement], date: str = ""
) -> FicheDeStock:
    """Fiche de stock au CMUP recalculé après chaque entrée (aucun arrondi intermédiaire)."""
    quantite, valeur = int(stock_initial), stock_initial * prix_initial
    cmup = float(prix_initial)
    lignes = [_ligne("Stock initial", date, stock_q=quantite, stock_v=valeur)]
    for m in mouvements:
        _verifier(m, quantite)
        if m.est_entree:
            quantite += m.quantite
            valeur += m.quantite * m.prix_unitaire
            cmup = valeur / quantite
            lignes.append(_ligne(m.piece, m.date, eq=m.quantite, epu=m.prix_unitaire, stock_q=quantite, stock_v=valeur))
        else:
            sortie = -m.quantite
            quantite -= sortie
            valeur = quantite * cmup  # le stock restant garde le CMUP
            lignes.append(
                _ligne(m.piece, m.date, sq=sortie, spu=cmup, sval=sortie * cmup, stock_q=quantite, stock_v=valeur)
            )
            if quantite == 0:
                lignes[-1]["stock_cout_unitaire"] = cmup
    return FicheDeStock("CMUP", lignes)


def fiche_peps(
    stock_initial: int, prix_initial: float, mouvements: Sequence[Mouvement], date: str = ""
) -> FicheDeStock:
    """Fiche de stock PEPS (FIFO) : chaque sortie consomme les lots les plus anciens d'abord."""
    lots: list[list[float]] = [[int(stock_initial), float(prix_initial)]] if stock_initial else []

    def valeur_stock():
        return sum(q * p for q, p in lots)

    quantite = int(stock_initial)
    lignes = [_ligne("Stock initial", date, stock_q=quantite, stock_v=valeur_stock())]
    for m in mouvements:
        _verifier(m, quantite)
        if m.est_entree:
            lots.append([m.quantite, float(m.prix_unitaire)])
            quantite += m.quantite
            lignes.append(
                _ligne(m.piece, m.date, eq=m.quantite, epu=m.prix_unitaire, stock_q=quantite, stock_v=valeur_stock())
            )
        else:
            reste, valeur_sortie = -m.quantite, 0.0
            while reste:
                pris = min(reste, lots[0][0])
                valeur_sortie += pris * lots[0][1]
                lots[0][0] -= pris
                reste -= pris
                if lots[0][0] == 0:
                    lots.pop(0)
            quantite += m.quantite
            sortie = -m.quantite
            lignes.append(
                _ligne(
                    m.piece,
                    m.date,
                    sq=sortie,
                    spu=valeur_sortie / sortie,
                    sval=valeur_sortie,
                    stock_q=quantite,
                    stock_v=valeur_stock(),
                )
            )
    fiche = FicheDeStock("PEPS", lignes)
    fiche.lots = [(int(q), p) for q, p in lots]
    return fiche


def ecart_sur_prix(entrees: Sequence[Mouvement], cout_standard: float) -> float:
    """Écart sur prix des entrées = Σ (prix réel − coût standard) × quantité (positif = défavorable)."""
    return sum((m.prix_unitaire - cout_standard) * m.quantite for m in entrees if m.est_entree)


# --- indicateurs ---------------------------------------------------------------------------


def stock_moyen(stocks_fin_de_periode: Sequence[float]) -> float:
    """Moyenne des stocks de fin de période (par exemple les 12 stocks de fin de mois)."""
    if not stocks_fin_de_periode:
        raise DonneesIncoherentes("Stock moyen : aucune valeur de stock.")
    return sum(stocks_fin_de_periode) / len(stocks_fin_de_periode)


def rotation(consommation: float, stock_moyen: float) -> float:
    """Taux de rotation = consommation de la période / stock moyen (mêmes unités : quantité ou valeur)."""
    if stock_moyen <= 0:
        raise DonneesIncoherentes("Rotation : le stock moyen doit être positif.")
    return consommation / stock_moyen


def couverture(stock: float, consommation_par_periode: float) -> float:
    """Couverture = stock / consommation moyenne par période (en nombre de périodes)."""
    if consommation_par_periode <= 0:
        raise DonneesIncoherentes("Couverture : la consommation moyenne doit être positive.")
    return stock / consommation_par_periode


def taux_de_service(demandees: Sequence[float], servies: Sequence[float]) -> float:
    """Taux de service (en %) = demandes servies en totalité / demandes (en nombre de demandes)."""
    if not demandees or len(demandees) != len(servies):
        raise DonneesIncoherentes("Taux de service : autant de quantités servies que de demandes.")
    return 100 * sum(1 for d, s in zip(demandees, servies) if s >= d) / len(demandees)


# --- classification ABC ----------------------------------------------------------------------


def classer_abc(
    consommations: Mapping[str, float], couts: Mapping[str, float], seuils: tuple[float, float] = (80, 95)
) -> pd.DataFrame:
    """Tableau ABC : valeur consommée = quantité × coût, triée, % cumulé, classe.

    Seuils en % (défaut 80 et 95) ; l'article qui franchit un seuil est dans la classe supérieure.
    """
    valeurs = {a: consommations[a] * couts[a] for a in consommations}
    triees = pareto.trier(valeurs)
    total = sum(v for _, v in triees)
    classes = pareto.classes_abc(valeurs, seuils)
    n = len(triees)
    return pd.DataFrame(
        {
            "article": [a for a, _ in triees],
            "consommation": [consommations[a] for a, _ in triees],
            "cout_unitaire": [couts[a] for a, _ in triees],
            "valeur": [v for _, v in triees],
            "pourcentage_valeur": [100 * v / total for _, v in triees],
            "pourcentage_cumule": pareto.cumuls(valeurs),
            "pourcentage_articles_cumule": [100 * (i + 1) / n for i in range(n)],
            "classe": [classes[a] for a, _ in triees],
        }
    ).set_index("article")


# --- réapprovisionnement --------------------------------------------------------------------


def coefficient_k(taux_service: float) -> float:
    """k = Φ⁻¹(taux de service) (loi normale centrée réduite) ; taux en fraction (0,95)."""
    if not 0.5 <= taux_service < 1:
        raise DonneesIncoherentes("Le taux de service doit être compris entre 0,5 et 1 (exclu), par exemple 0,95.")
    return NormalDist().inv_cdf(taux_service)


def stock_de_securite(taux_service: float, ecart_type: float, delai: float) -> int:
    """SS = ⌈k × σ × √L⌉ : σ écart-type de la demande par période, L délai dans la même période."""
    if ecart_type < 0 or delai < 0:
        raise DonneesIncoherentes("Stock de sécurité : écart-type et délai doivent être positifs.")
    return arrondi_superieur(coefficient_k(taux_service) * ecart_type * math.sqrt(delai))


def point_de_commande(consommation_par_periode: float, delai: float, stock_securite: float) -> float:
    """Point de commande = consommation pendant le délai + stock de sécurité."""
    return consommation_par_periode * delai + stock_securite


def niveau_de_recompletement(
    consommation_par_periode: float, periode_revue: float, delai: float, stock_securite: float
) -> float:
    """Niveau de recomplètement = consommation × (période de revue + délai) + stock de sécurité."""
    return consommation_par_periode * (periode_revue + delai) + stock_securite


def quantite_recompletement(niveau: float, stock: float, en_commande: float = 0) -> float:
    """Quantité à commander = niveau de recomplètement − stock − commandes en cours (jamais négative)."""
    return max(0, niveau - stock - en_commande)


# --- Wilson avec remises ----------------------------------------------------------------------


def cout_total(quantite: float, demande: float, cout_passation: float, taux_possession: float, prix: float) -> float:
    """Coût total annuel = achat D × P + passation (D / Q) × Cl + possession (Q / 2) × t × P."""
    if quantite <= 0:
        raise DonneesIncoherentes("Coût total : la quantité commandée doit être positive.")
    return demande * prix + demande / quantite * cout_passation + quantite / 2 * taux_possession * prix


def prix_du_palier(quantite: float, paliers: Sequence[tuple[int, float]]) -> float:
    """Prix unitaire applicable à ``quantite`` : celui du plus grand seuil ≤ quantité."""
    applicables = [p for q, p in sorted(paliers) if q <= quantite]
    if not applicables:
        raise DonneesIncoherentes(f"Aucun palier de prix ne s'applique à {quantite}.")
    return applicables[-1]


@dataclass
class ResultatRemises:
    quantite: int
    prix: float
    cout_total: float
    candidats: pd.DataFrame


def lot_economique_remises(
    demande: float, cout_passation: float, taux_possession: float, paliers: Sequence[tuple[int, float]]
) -> ResultatRemises:
    """Lot économique avec remises par quantité (tarif par paliers ``[(quantité minimale, prix)]``).

    Candidats : pour chaque palier, Q* = Wilson au prix du palier (``cbn.lot_economique``, arrondi
    supérieur) ramené dans le palier ; et la borne basse de chaque palier. On retient le coût total
    minimum (à coût égal, la plus petite quantité).
    """
    paliers = sorted((max(1, int(q)), float(p)) for q, p in paliers)
    if not paliers or paliers[0][0] > 1:
        raise DonneesIncoherentes("Tarif : le premier palier doit commencer à 0 ou 1 unité.")
    lignes = []
    for i, (q_min, prix) in enumerate(paliers):
        q_max = paliers[i + 1][0] - 1 if i + 1 < len(paliers) else math.inf
        q_etoile = lot_economique(demande, cout_passation, taux_possession * prix)
        ramene = int(min(max(q_etoile, q_min), q_max))
        texte_prix = f"{prix:g}".replace(".", ",")
        essais = [(f"Q* du palier à {texte_prix} € ramené", ramene)]
        if i > 0:  # la borne basse du premier palier (1 unité) n'a pas de sens
            essais.append((f"borne du palier à {texte_prix} €", q_min))
        for origine, q in essais:
            if any(ligne["quantite"] == q for ligne in lignes):
                continue
            p = prix_du_palier(q, paliers)
            lignes.append(
                {
                    "candidat": origine,
                    "q_wilson": q_etoile,
                    "quantite": q,
                    "prix": p,
                    "cout_achat": demande * p,
                    "cout_passation": demande / q * cout_passation,
                    "cout_possession": q / 2 * taux_possession * p,
                    "cout_total": cout_total(q, demande, cout_passation, taux_possession, p),
                }
            )
    candidats = pd.DataFrame(lignes).set_index("candidat")
    meilleur = min(lignes, key=lambda ligne: (round(ligne["cout_total"], 6), ligne["quantite"]))
    return ResultatRemises(meilleur["quantite"], meilleur["prix"], meilleur["cout_total"], candidats)
