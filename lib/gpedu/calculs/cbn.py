"""Calcul des besoins nets (CBN / MRP).

Conventions (docs/conventions.md, section CBN) :
- périodes hebdomadaires numérotées 1..T ; les listes sont indexées semaine 1 = indice 0 ;
- une réception (programmée ou planifiée) est utilisable dans sa propre semaine ;
- le stock prévisionnel est le stock de fin de semaine ;
- un besoin net apparaît quand le stock prévisionnel passerait sous le stock de sécurité ;
- semaine de lancement = semaine de réception - délai ; avant la semaine 1 : alerte.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import networkx as nx
import pandas as pd

from gpedu.calculs import DonneesIncoherentes, arrondi_superieur

METHODES_LOT = ("lot_pour_lot", "quantite_fixe", "periode_fixe", "lot_economique")


@dataclass(frozen=True)
class RegleLot:
    """Règle de taille de lot.

    - ``lot_pour_lot`` : on commande exactement le besoin net ;
    - ``quantite_fixe`` : le plus petit multiple de ``quantite`` qui couvre le besoin net ;
    - ``periode_fixe`` : on couvre les besoins nets de ``periodes`` semaines consécutives ;
    - ``lot_economique`` : comme ``quantite_fixe`` avec ``quantite`` = lot de Wilson.

    Puis, dans cet ordre : au moins ``minimum``, arrondi au ``multiple`` supérieur.
    """

    methode: str = "lot_pour_lot"
    quantite: int | None = None
    periodes: int | None = None
    minimum: int = 0
    multiple: int = 1

    def __post_init__(self):
        if self.methode not in METHODES_LOT:
            raise DonneesIncoherentes(
                f"Règle de lot inconnue « {self.methode} » : choisir parmi {', '.join(METHODES_LOT)}."
            )
        if self.methode in ("quantite_fixe", "lot_economique") and not (self.quantite or 0) > 0:
            raise DonneesIncoherentes(f"La règle « {self.methode} » demande une quantité de lot positive.")
        if self.methode == "periode_fixe" and not (self.periodes or 0) >= 1:
            raise DonneesIncoherentes("La règle « periode_fixe » demande un nombre de périodes >= 1.")
        if self.minimum < 0 or self.multiple < 1:
            raise DonneesIncoherentes("Le lot minimum doit être >= 0 et le multiple >= 1.")

    def ajuster(self, quantite: int) -> int:
        """Applique quantité fixe, minimum et multiple à une quantité à couvrir (> 0)."""
        if quantite <= 0:
            return 0
        if self.methode in ("quantite_fixe", "lot_economique"):
            quantite = math.ceil(quantite / self.quantite) * self.quantite
        quantite = max(quantite, self.minimum)
        return math.ceil(quantite / self.multiple) * self.multiple


LOT_POUR_LOT = RegleLot()


def lot_economique(demande_annuelle: float, cout_lancement: float, cout_possession_unitaire: float) -> int:
    """Lot de Wilson Q* = racine(2 D Cl / Cp), arrondi à l'unité supérieure.

    ``cout_possession_unitaire`` est le coût de possession d'une unité pendant un an
    (taux de possession × prix unitaire).
    """
    if demande_annuelle <= 0 or cout_lancement <= 0 or cout_possession_unitaire <= 0:
        raise DonneesIncoherentes("Wilson : demande, coût de lancement et coût de possession doivent être > 0.")
    return arrondi_superieur(math.sqrt(2 * demande_annuelle * cout_lancement / cout_possession_unitaire))


@dataclass(frozen=True)
class ParametresArticle:
    """Paramètres de gestion d'un article pour le CBN."""

    stock_initial: int = 0
    stock_securite: int = 0
    delai: int = 0
    regle: RegleLot = LOT_POUR_LOT
    receptions_programmees: Mapping[int, int] = field(default_factory=dict)


@dataclass
class EnregistrementCBN:
    """Tableau CBN d'un article (listes indexées : semaine 1 = indice 0)."""

    article: str
    besoins_bruts: list[int]
    receptions_programmees: list[int]
    stock_previsionnel: list[int]
    besoins_nets: list[int]
    ordres: list[int]
    lancements: list[int]
    lancements_hors_horizon: dict[int, int]
    stock_initial: int
    stock_securite: int
    delai: int
    alertes: list[str]

    @property
    def semaines(self) -> list[int]:
        return list(range(1, len(self.besoins_bruts) + 1))

    def tableau(self) -> pd.DataFrame:
        """Le tableau CBN tel qu'on le présente en cours (une colonne par semaine)."""
        lignes = {
            "Besoins bruts": self.besoins_bruts,
            "Réceptions programmées": self.receptions_programmees,
            "Stock prévisionnel (fin de semaine)": self.stock_previsionnel,
            "Besoins nets": self.besoins_nets,
            "Ordres planifiés (réception)": self.ordres,
            "Ordres planifiés (lancement)": self.lancements,
        }
        tableau = pd.DataFrame(lignes, index=[f"S{s}" for s in self.semaines]).T
        tableau.insert(0, "S0", ["", "", self.stock_initial, "", "", _somme_ou_vide(self.lancements_hors_horizon)])
        tableau.columns.name = self.article
        return tableau


def _somme_ou_vide(quantites: Mapping[int, int]):
    return sum(quantites.values()) if quantites else ""


def _vers_liste(valeurs, horizon: int, nom: str) -> list[int]:
    """Liste par semaine (longueur ``horizon``) depuis une liste ou un dict {semaine: quantité}."""
    if valeurs is None:
        return [0] * horizon
    if isinstance(valeurs, Mapping):
        liste = [0] * horizon
        for semaine, quantite in valeurs.items():
            if not 1 <= int(semaine) <= horizon:
                raise DonneesIncoherentes(f"{nom} : semaine {semaine} hors de l'horizon 1..{horizon}.")
            liste[int(semaine) - 1] += int(quantite)
        return liste
    liste = [int(v) for v in valeurs]
    if len(liste) != horizon:
        raise DonneesIncoherentes(f"{nom} : {len(liste)} valeurs pour un horizon de {horizon} semaines.")
    return liste


def calculer_article(
    besoins_bruts: Sequence[int],
    *,
    stock_initial: int = 0,
    receptions_programmees: Sequence[int] | Mapping[int, int] | None = None,
    stock_securite: int = 0,
    delai: int = 0,
    regle: RegleLot = LOT_POUR_LOT,
    article: str = "",
) -> EnregistrementCBN:
    """Calcule le tableau CBN d'un article sur l'horizon des besoins bruts."""
    besoins_bruts = [int(b) for b in besoins_bruts]
    horizon = len(besoins_bruts)
    if any(b < 0 for b in besoins_bruts):
        raise DonneesIncoherentes(f"{article or 'Article'} : besoin brut négatif.")
    if stock_securite < 0 or delai < 0:
        raise DonneesIncoherentes(f"{article or 'Article'} : stock de sécurité et délai doivent être >= 0.")
    receptions = _vers_liste(receptions_programmees, horizon, "Réceptions programmées")

    stock = int(stock_initial)
    stock_previsionnel, besoins_nets, ordres = [], [], [0] * horizon
    for t in range(horizon):
        disponible = stock + receptions[t] + ordres[t]
        besoin_net = max(0, besoins_bruts[t] + stock_securite - disponible)
        if besoin_net > 0:
            a_couvrir = besoin_net
            if regle.methode == "periode_fixe":
                # Besoins nets cumulés des semaines t..fin-1 : le stock ne doit passer sous le stock de
                # sécurité à aucune semaine de la fenêtre (pas seulement à la dernière).
                fin = min(horizon, t + regle.periodes)
                cumul = 0
                for k in range(t, fin):
                    cumul += besoins_bruts[k] - (receptions[k] if k > t else 0)
                    a_couvrir = max(a_couvrir, cumul + stock_securite - disponible)
            ordres[t] = regle.ajuster(max(a_couvrir, besoin_net))
        besoins_nets.append(besoin_net)
        stock = disponible + ordres[t] - besoins_bruts[t]
        stock_previsionnel.append(stock)

    lancements = [0] * horizon
    hors_horizon: dict[int, int] = {}
    alertes = []
    for t, quantite in enumerate(ordres, start=1):
        if quantite == 0:
            continue
        semaine_lancement = t - delai
        if semaine_lancement >= 1:
            lancements[semaine_lancement - 1] += quantite
        else:
            hors_horizon[semaine_lancement] = hors_horizon.get(semaine_lancement, 0) + quantite
            alertes.append(
                f"{article or 'Article'} : l'ordre de {quantite} à recevoir en semaine {t} aurait dû être "
                f"lancé en semaine {semaine_lancement}, avant l'horizon (lancement en retard)."
            )
    return EnregistrementCBN(
        article=article,
        besoins_bruts=besoins_bruts,
        receptions_programmees=receptions,
        stock_previsionnel=stock_previsionnel,
        besoins_nets=besoins_nets,
        ordres=ordres,
        lancements=lancements,
        lancements_hors_horizon=hors_horizon,
        stock_initial=int(stock_initial),
        stock_securite=int(stock_securite),
        delai=int(delai),
        alertes=alertes,
    )


def calculer_avec(besoins_bruts: Sequence[int], parametres: ParametresArticle, article: str = "") -> EnregistrementCBN:
    """``calculer_article`` avec les paramètres de gestion d'un article de la GPAO."""
    return calculer_article(
        besoins_bruts,
        stock_initial=parametres.stock_initial,
        receptions_programmees=parametres.receptions_programmees,
        stock_securite=parametres.stock_securite,
        delai=parametres.delai,
        regle=parametres.regle,
        article=article,
    )


def graphe_nomenclature(liens: Iterable[tuple[str, str, float]]) -> nx.DiGraph:
    """Graphe parent -> composant (attribut ``quantite``) ; refuse les cycles et quantités <= 0."""
    graphe = nx.DiGraph()
    for parent, composant, quantite in liens:
        if quantite <= 0:
            raise DonneesIncoherentes(
                f"Nomenclature : quantité {quantite} de {composant} dans {parent} (doit être > 0)."
            )
        if graphe.has_edge(parent, composant):
            raise DonneesIncoherentes(f"Nomenclature : le lien {parent} -> {composant} apparaît deux fois.")
        graphe.add_edge(parent, composant, quantite=quantite)
    try:
        cycle = nx.find_cycle(graphe)
    except nx.NetworkXNoCycle:
        return graphe
    chemin = " -> ".join([a for a, _ in cycle] + [cycle[0][0]])
    raise DonneesIncoherentes(f"Nomenclature cyclique : {chemin}.")


def codes_bas_niveau(liens: Iterable[tuple[str, str, float]]) -> dict[str, int]:
    """Code de bas niveau : niveau le plus profond où l'article apparaît (produits finis = 0)."""
    graphe = graphe_nomenclature(liens)
    niveaux = {}
    for article in nx.topological_sort(graphe):
        parents = list(graphe.predecessors(article))
        niveaux[article] = max((niveaux[p] + 1 for p in parents), default=0)
    return dict(sorted(niveaux.items(), key=lambda item: (item[1], item[0])))


def besoins_bruts_composant(
    article: str,
    resultats: Mapping[str, EnregistrementCBN],
    graphe: nx.DiGraph,
    besoins_independants: Sequence[int] | Mapping[int, int] | None,
    horizon: int,
    *,
    depuis: str = "lancements",
    parents_ignores: Iterable[str] = (),
    avec_coefficients: bool = True,
) -> list[int]:
    """Besoins bruts d'un article : besoins indépendants + lancements des parents × quantité.

    Un lancement de parent hors horizon devient un besoin en semaine 1 (à servir tout de
    suite). ``depuis``, ``parents_ignores`` et ``avec_coefficients`` servent à reproduire
    les erreurs types (ordres au lieu des lancements, cas d'emploi oublié, coefficient oublié).
    """
    besoins = _vers_liste(besoins_independants, horizon, f"Besoins indépendants {article}")
    for parent in graphe.predecessors(article) if article in graphe else ():
        if parent in parents_ignores:
            continue
        quantite = graphe.edges[parent, article]["quantite"] if avec_coefficients else 1
        enregistrement = resultats[parent]
        for t, lance in enumerate(getattr(enregistrement, depuis)):
            besoins[t] += arrondi_superieur(lance * quantite)
        if depuis == "lancements":
            besoins[0] += arrondi_superieur(sum(enregistrement.lancements_hors_horizon.values()) * quantite)
    return besoins


def calculer_cbn(
    besoins_independants: Mapping[str, Sequence[int] | Mapping[int, int]],
    liens: Iterable[tuple[str, str, float]],
    parametres: Mapping[str, ParametresArticle],
    horizon: int,
) -> dict[str, EnregistrementCBN]:
    """CBN multi-niveaux : les articles sont traités par code de bas niveau croissant,
    si bien que tous les besoins d'un article sont connus quand on le calcule."""
    liens = list(liens)
    graphe = graphe_nomenclature(liens)
    graphe.add_nodes_from(besoins_independants)
    niveaux = codes_bas_niveau(liens)
    ordre = sorted(graphe.nodes, key=lambda a: (niveaux.get(a, 0), a))
    manquants = [a for a in ordre if a not in parametres]
    if manquants:
        raise DonneesIncoherentes(f"Paramètres de gestion manquants pour : {', '.join(manquants)}.")
    resultats: dict[str, EnregistrementCBN] = {}
    for article in ordre:
        besoins = besoins_bruts_composant(article, resultats, graphe, besoins_independants.get(article), horizon)
        resultats[article] = calculer_avec(besoins, parametres[article], article)
    return resultats


def variantes_erreurs(besoins_bruts: Sequence[int], parametres: ParametresArticle) -> dict[str, dict[str, list[int]]]:
    """Tableaux CBN faux produits par les erreurs types : {indice pour l'apprenant: {champ: valeurs}}.

    Champs : stock_previsionnel, besoins_nets, ordres, lancements.
    """
    champs = ("stock_previsionnel", "besoins_nets", "ordres", "lancements")

    def calcul(**modifications) -> dict[str, list[int]]:
        enregistrement = calculer_avec(besoins_bruts, replace(parametres, **modifications))
        return {champ: getattr(enregistrement, champ) for champ in champs}

    juste = calcul()
    horizon, delai = len(juste["ordres"]), parametres.delai
    a_l_envers = [0] * horizon
    for t, quantite in enumerate(juste["ordres"]):
        if t + delai < horizon:
            a_l_envers[t + delai] += quantite
    return {
        "vous n'avez pas déduit le stock disponible": calcul(stock_initial=0),
        "stock de sécurité oublié": calcul(stock_securite=0),
        "réceptions programmées (en-cours) oubliées": calcul(receptions_programmees={}),
        "taille de lot non appliquée : vous avez commandé exactement le besoin net": calcul(regle=LOT_POUR_LOT),
        "décalage du délai dans le mauvais sens : le lancement se fait AVANT la réception": juste
        | {"lancements": a_l_envers},
        "délai d'obtention oublié : le lancement se fait « délai » semaines avant la réception": juste
        | {"lancements": juste["ordres"]},
    }
