"""Du PIC au PDP : stratégies du plan industriel et commercial, programme directeur, DAV, charge globale.

Conventions (docs/conventions.md, section « Du PIC au PDP ») :
- PIC : périodes mensuelles numérotées 1..12, quantités par famille ; stock de **fin de mois** ;
  un stock négatif est un **retard** (commandes livrées plus tard), coûté au mois ;
- production d'un mois : d'abord en heures normales (jusqu'à la capacité normale), puis en heures
  supplémentaires (jusqu'au maximum), le reste en sous-traitance ;
- production constante = ⌈(Σ demande − stock initial + stock final) / nombre de mois⌉ ;
- PDP : semaines 1..T ; besoin = engagements clients (fermes + options) dans l'horizon ferme,
  max(prévision, engagements) au-delà ; PDP par lots de montage (multiples de la taille de lot) dès que
  le stock projeté passerait sous le stock de sécurité ;
- DAV : méthode **cumulée avec anticipation** : DAV_t = min_{u >= t} (stock initial + Σ_{k<=u} (RP_k + PDP_k)
  − Σ_{k<=u} engagements_k) ;
- charge globale : PDP × temps unitaires cumulés sur la nomenclature (préparations négligées), la semaine
  du PDP, comparée à la capacité hebdomadaire du poste.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from gpedu.calculs import DonneesIncoherentes
from gpedu.calculs.cbn import RegleLot, calculer_article

STRATEGIES = ("constante", "synchronisee", "mixte")
NOMS_STRATEGIES = {"constante": "Constante (nivelée)", "synchronisee": "Synchronisée (chase)", "mixte": "Mixte"}
POSTES_DE_COUT = ("stockage", "retard", "heures_sup", "sous_traitance", "variation_cadence", "production_normale")


# --- PIC -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParametresPIC:
    """Capacités et coûts d'une famille (coûts en euros par unité de la famille).

    - ``cout_stockage`` : par unité en stock à la fin d'un mois ;
    - ``cout_retard`` : par unité en retard (stock négatif) à la fin d'un mois ;
    - ``cout_heures_sup`` / ``cout_sous_traitance`` : surcoût par unité produite ainsi ;
    - ``cout_variation`` : par unité de variation de la production d'un mois au suivant
      (embauche et formation d'intérimaires à la hausse, fin de missions à la baisse) ;
    - ``cout_normal`` : coût d'une unité en heures normales (0 par défaut : il ne départage pas les
      stratégies qui produisent la même quantité totale).
    """

    stock_initial: int
    capacite_normale: int
    heures_sup_max: int
    production_precedente: int
    cout_stockage: float
    cout_retard: float
    cout_heures_sup: float
    cout_sous_traitance: float
    cout_variation: float
    stock_final: int = 0
    cout_normal: float = 0.0

    def __post_init__(self):
        if min(self.capacite_normale, self.heures_sup_max, self.production_precedente, self.stock_final) < 0:
            raise DonneesIncoherentes("PIC : capacités, production précédente et stock final doivent être >= 0.")
        couts = (self.cout_stockage, self.cout_retard, self.cout_heures_sup, self.cout_sous_traitance)
        if min(*couts, self.cout_variation, self.cout_normal) < 0:
            raise DonneesIncoherentes("PIC : un coût unitaire ne peut pas être négatif.")


@dataclass
class PlanPIC:
    """Un plan de production évalué, mois par mois."""

    strategie: str
    demande: list[int]
    production: list[int]
    normale: list[int]
    heures_sup: list[int]
    sous_traitance: list[int]
    stock: list[int]  # fin de mois ; négatif = retard
    couts: dict[str, float] = field(default_factory=dict)

    @property
    def cout_total(self) -> float:
        return round(sum(self.couts.values()), 2)

    @property
    def retard(self) -> list[int]:
        return [max(0, -s) for s in self.stock]

    def tableau(self) -> pd.DataFrame:
        lignes = {
            "Demande": self.demande,
            "Production": self.production,
            "dont heures normales": self.normale,
            "dont heures sup.": self.heures_sup,
            "dont sous-traitance": self.sous_traitance,
            "Stock fin de mois (négatif = retard)": self.stock,
        }
        return pd.DataFrame(lignes, index=[f"M{m}" for m in range(1, len(self.demande) + 1)]).T


def _entiers(valeurs: Sequence, nom: str) -> list[int]:
    liste = [int(v) for v in valeurs]
    if any(v < 0 for v in liste):
        raise DonneesIncoherentes(f"{nom} : une quantité est négative.")
    return liste


def repartir_production(production: int, p: ParametresPIC) -> tuple[int, int, int]:
    """(heures normales, heures supplémentaires, sous-traitance) pour une production mensuelle."""
    normale = min(production, p.capacite_normale)
    heures_sup = min(production - normale, p.heures_sup_max)
    return normale, heures_sup, production - normale - heures_sup


def evaluer_plan(demande: Sequence[int], production: Sequence[int], p: ParametresPIC, strategie: str = "") -> PlanPIC:
    """Stock de fin de mois, répartition de la production et coûts d'un plan."""
    demande, production = _entiers(demande, "Demande"), _entiers(production, "Production")
    if len(demande) != len(production):
        raise DonneesIncoherentes(f"PIC : {len(demande)} mois de demande mais {len(production)} de production.")
    normale, heures_sup, sous_traitance, stock = [], [], [], []
    niveau = p.stock_initial
    for d, q in zip(demande, production):
        n, h, s = repartir_production(q, p)
        normale.append(n)
        heures_sup.append(h)
        sous_traitance.append(s)
        niveau = niveau + q - d
        stock.append(niveau)
    precedentes = [p.production_precedente, *production[:-1]]
    couts = {
        "stockage": p.cout_stockage * sum(max(0, s) for s in stock),
        "retard": p.cout_retard * sum(max(0, -s) for s in stock),
        "heures_sup": p.cout_heures_sup * sum(heures_sup),
        "sous_traitance": p.cout_sous_traitance * sum(sous_traitance),
        "variation_cadence": p.cout_variation * sum(abs(q - a) for q, a in zip(production, precedentes)),
        "production_normale": p.cout_normal * sum(normale),
    }
    return PlanPIC(strategie, demande, production, normale, heures_sup, sous_traitance, stock, couts)


def production_constante(demande: Sequence[int], stock_initial: int, stock_final: int = 0) -> int:
    """Production mensuelle constante qui couvre la demande totale : arrondi à l'unité supérieure."""
    demande = _entiers(demande, "Demande")
    return max(0, math.ceil((sum(demande) - stock_initial + stock_final) / len(demande)))


def plan_constant(demande: Sequence[int], p: ParametresPIC, niveau: int | None = None) -> PlanPIC:
    """Stratégie constante (nivelée) : la même production chaque mois ; le stock absorbe les écarts."""
    if niveau is None:
        niveau = production_constante(demande, p.stock_initial, p.stock_final)
    return evaluer_plan(demande, [niveau] * len(demande), p, "constante")


def plan_synchronise(demande: Sequence[int], p: ParametresPIC) -> PlanPIC:
    """Stratégie synchronisée (chase) : on produit ce qui manque pour servir le mois, sans stock."""
    demande = _entiers(demande, "Demande")
    production, stock = [], p.stock_initial
    for rang, d in enumerate(demande):
        objectif = p.stock_final if rang == len(demande) - 1 else 0
        q = max(0, d + objectif - stock)
        production.append(q)
        stock += q - d
    return evaluer_plan(demande, production, p, "synchronisee")


def plan_mixte(demande: Sequence[int], p: ParametresPIC, niveau: int) -> PlanPIC:
    """Stratégie mixte : un niveau de base constant, complété (heures sup., sous-traitance) quand le stock
    ne suffit plus ; jamais de retard."""
    demande = _entiers(demande, "Demande")
    production, stock = [], p.stock_initial
    for rang, d in enumerate(demande):
        objectif = p.stock_final if rang == len(demande) - 1 else 0
        q = max(niveau, d + objectif - stock)
        production.append(q)
        stock += q - d
    return evaluer_plan(demande, production, p, "mixte")


def comparer_strategies(demande: Sequence[int], p: ParametresPIC, niveau_mixte: int) -> dict[str, PlanPIC]:
    """Les trois stratégies du cours, évaluées avec les mêmes coûts."""
    return {
        "constante": plan_constant(demande, p),
        "synchronisee": plan_synchronise(demande, p),
        "mixte": plan_mixte(demande, p, niveau_mixte),
    }


def tableau_couts(plans: Mapping[str, PlanPIC]) -> pd.DataFrame:
    """Coûts par poste (lignes) et par stratégie (colonnes), avec le total."""
    table = pd.DataFrame({NOMS_STRATEGIES.get(n, n): plan.couts for n, plan in plans.items()})
    table.loc["TOTAL"] = table.sum()
    return table


# --- PDP -------------------------------------------------------------------------------------


def besoins_pdp(
    previsions: Sequence[int], fermes: Sequence[int], options: Sequence[int], horizon_ferme: int
) -> list[int]:
    """Consommation des prévisions par les commandes.

    Semaines 1..``horizon_ferme`` : besoin = commandes fermes + options (la prévision non vendue ne
    sera plus vendue) ; au-delà : besoin = max(prévision, fermes + options).
    """
    previsions, fermes, options = (
        _entiers(v, n) for v, n in ((previsions, "Prévisions"), (fermes, "Commandes"), (options, "Options"))
    )
    if not len(previsions) == len(fermes) == len(options):
        raise DonneesIncoherentes("PDP : prévisions, commandes et options n'ont pas le même nombre de semaines.")
    if horizon_ferme < 0:
        raise DonneesIncoherentes("PDP : l'horizon ferme doit être >= 0.")
    return [
        f + o if t <= horizon_ferme else max(p, f + o)
        for t, (p, f, o) in enumerate(zip(previsions, fermes, options), start=1)
    ]


@dataclass
class EnregistrementPDP:
    """Le tableau du PDP d'un produit fini."""

    article: str
    previsions: list[int]
    engagements: list[int]
    besoins: list[int]
    receptions_programmees: list[int]
    pdp: list[int]
    stock_projete: list[int]
    dav: list[int]
    stock_initial: int
    stock_securite: int

    def tableau(self) -> pd.DataFrame:
        lignes = {
            "Prévisions": self.previsions,
            "Commandes (fermes + options)": self.engagements,
            "Besoins retenus": self.besoins,
            "Réceptions programmées (OF en cours)": self.receptions_programmees,
            "PDP (quantité à terminer)": self.pdp,
            "Stock projeté (fin de semaine)": self.stock_projete,
            "DAV cumulé": self.dav,
        }
        return pd.DataFrame(lignes, index=[f"S{s}" for s in range(1, len(self.pdp) + 1)]).T


def quantites_pdp(
    besoins: Sequence[int],
    *,
    stock_initial: int,
    stock_securite: int = 0,
    taille_lot: int = 1,
    receptions_programmees: Sequence[int] | Mapping[int, int] | None = None,
) -> tuple[list[int], list[int]]:
    """(PDP, stock projeté) : un multiple de ``taille_lot`` dès que le stock passerait sous le stock de sécurité."""
    if taille_lot < 1:
        raise DonneesIncoherentes("PDP : la taille de lot doit être >= 1.")
    r = calculer_article(
        _entiers(besoins, "Besoins"),
        stock_initial=stock_initial,
        stock_securite=stock_securite,
        receptions_programmees=receptions_programmees,
        regle=RegleLot("quantite_fixe", quantite=taille_lot),
    )
    return r.ordres, r.stock_previsionnel


def _liste_receptions(receptions, horizon: int) -> list[int]:
    if receptions is None:
        return [0] * horizon
    if isinstance(receptions, Mapping):
        liste = [0] * horizon
        for semaine, quantite in receptions.items():
            if not 1 <= semaine <= horizon:
                raise DonneesIncoherentes(f"Réception programmée en semaine {semaine}, hors de l'horizon.")
            liste[semaine - 1] += int(quantite)
        return liste
    liste = [int(q) for q in receptions]
    if len(liste) != horizon:
        raise DonneesIncoherentes(f"Réceptions programmées : {len(liste)} valeurs pour {horizon} semaines.")
    return liste


def disponible_cumule(stock_initial: int, pdp: Sequence[int], engagements: Sequence[int], receptions=None) -> list[int]:
    """Stock initial + entrées cumulées (OF en cours + PDP) − commandes cumulées, semaine par semaine."""
    receptions = _liste_receptions(receptions, len(pdp))
    cumul, resultat = stock_initial, []
    for r, q, e in zip(receptions, pdp, engagements):
        cumul += r + q - e
        resultat.append(cumul)
    return resultat


def dav_cumule(stock_initial: int, pdp: Sequence[int], engagements: Sequence[int], receptions=None) -> list[int]:
    """DAV cumulé avec anticipation : DAV_t = min des disponibles cumulés des semaines t..T.

    C'est la plus grande quantité qu'un commercial peut encore promettre pour une livraison en semaine t
    (ou avant) sans retarder une commande déjà acceptée. Négatif : le PDP ne couvre plus les commandes.
    """
    if len(pdp) != len(engagements):
        raise DonneesIncoherentes("DAV : le PDP et les commandes n'ont pas le même nombre de semaines.")
    disponibles = disponible_cumule(stock_initial, pdp, engagements, receptions)
    dav, minimum = [0] * len(pdp), None
    for t in range(len(pdp) - 1, -1, -1):
        minimum = disponibles[t] if minimum is None else min(minimum, disponibles[t])
        dav[t] = minimum
    return dav


def dav_discret(stock_initial: int, pdp: Sequence[int], engagements: Sequence[int], receptions=None) -> list[int]:
    """DAV discret (APICS) : calculé en semaine 1 et dans les semaines qui ont une entrée ; 0 ailleurs.

    DAV d'une semaine d'entrée = entrée (+ stock initial en semaine 1) − commandes jusqu'à la prochaine entrée ;
    un DAV négatif est pris sur les DAV précédents (anticipation).
    """
    receptions = _liste_receptions(receptions, len(pdp))
    entrees = [r + q for r, q in zip(receptions, pdp)]
    horizon = len(pdp)
    debuts = [t for t in range(horizon) if t == 0 or entrees[t] > 0]
    dav = [0] * horizon
    for rang, debut in enumerate(debuts):
        fin = debuts[rang + 1] if rang + 1 < len(debuts) else horizon
        dav[debut] = entrees[debut] + (stock_initial if debut == 0 else 0) - sum(engagements[debut:fin])
    for rang in range(len(debuts) - 1, 0, -1):  # anticipation : un manque est pris plus tôt
        t = debuts[rang]
        if dav[t] < 0:
            dav[debuts[rang - 1]] += dav[t]
            dav[t] = 0
    return dav


def calculer_pdp(
    article: str,
    previsions: Sequence[int],
    fermes: Sequence[int],
    options: Sequence[int],
    *,
    horizon_ferme: int,
    stock_initial: int,
    stock_securite: int = 0,
    taille_lot: int = 1,
    receptions_programmees=None,
) -> EnregistrementPDP:
    """Le tableau complet du PDP d'un produit : besoins, PDP, stock projeté, DAV cumulé."""
    besoins = besoins_pdp(previsions, fermes, options, horizon_ferme)
    receptions = _liste_receptions(receptions_programmees, len(besoins))
    pdp, stock = quantites_pdp(
        besoins,
        stock_initial=stock_initial,
        stock_securite=stock_securite,
        taille_lot=taille_lot,
        receptions_programmees=receptions,
    )
    engagements = [int(f) + int(o) for f, o in zip(fermes, options)]
    return EnregistrementPDP(
        article=article,
        previsions=[int(p) for p in previsions],
        engagements=engagements,
        besoins=besoins,
        receptions_programmees=receptions,
        pdp=pdp,
        stock_projete=stock,
        dav=dav_cumule(stock_initial, pdp, engagements, receptions),
        stock_initial=int(stock_initial),
        stock_securite=int(stock_securite),
    )


# --- Charge globale (rough-cut) -----------------------------------------------------------------


def profil_de_charge(
    article: str, liens: Iterable[tuple[str, str, float]], temps: Iterable[tuple[str, str, float]]
) -> dict[str, float]:
    """Heures de chaque poste pour **une** unité de ``article``, nomenclature comprise.

    ``liens`` : (parent, composant, quantité) ; ``temps`` : (article, poste, temps unitaire en h), une ligne
    par phase de gamme. Les temps de préparation ne sont pas comptés (charge globale).
    """
    enfants: dict[str, list[tuple[str, float]]] = {}
    for parent, composant, quantite in liens:
        enfants.setdefault(parent, []).append((composant, float(quantite)))
    par_article: dict[str, list[tuple[str, float]]] = {}
    for code, poste, unitaire in temps:
        par_article.setdefault(code, []).append((poste, float(unitaire)))
    profil: dict[str, float] = {}

    def parcourir(code: str, quantite: float, chemin: tuple[str, ...]):
        if code in chemin:
            raise DonneesIncoherentes(f"Nomenclature cyclique : {' -> '.join((*chemin, code))}.")
        for poste, unitaire in par_article.get(code, []):
            profil[poste] = profil.get(poste, 0.0) + quantite * unitaire
        for composant, q in enfants.get(code, []):
            parcourir(composant, quantite * q, (*chemin, code))

    parcourir(article, 1.0, ())
    return {poste: round(h, 6) for poste, h in profil.items()}


def charge_globale(pdps: Mapping[str, Sequence[int]], profils: Mapping[str, Mapping[str, float]]) -> dict[str, list]:
    """Charge (heures) de chaque poste, semaine par semaine : Σ produits PDP × heures par unité."""
    horizons = {len(v) for v in pdps.values()}
    if len(horizons) > 1:
        raise DonneesIncoherentes("Charge globale : les PDP n'ont pas tous le même nombre de semaines.")
    horizon = horizons.pop() if horizons else 0
    charge: dict[str, list] = {}
    for article, quantites in pdps.items():
        if article not in profils:
            raise DonneesIncoherentes(f"Charge globale : pas de profil de charge pour « {article} ».")
        for poste, heures in profils[article].items():
            ligne = charge.setdefault(poste, [0.0] * horizon)
            for t, q in enumerate(quantites):
                ligne[t] += q * heures
    return {poste: [round(h, 4) for h in ligne] for poste, ligne in charge.items()}
