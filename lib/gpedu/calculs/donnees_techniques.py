"""Données techniques : nomenclatures, gammes, postes de charge, délai cumulé, contrôle de cohérence.

Conventions (docs/conventions.md, section « Données techniques et calendrier ») :

- un lien de nomenclature ``(parent, composant, quantite)`` donne la quantité de composant pour **un** parent ;
- **quantité cumulée** d'un composant dans une explosion = produit des quantités le long du chemin
  × quantité du produit de départ ; un composant présent sur plusieurs chemins a une ligne par chemin,
  et son **besoin total** est la somme de ses lignes ;
- temps d'une phase pour un lot de ``Q`` pièces = temps de préparation + ``Q`` × temps unitaire (heures) ;
- **délai cumulé** d'un article = son délai d'obtention + le plus grand délai cumulé de ses composants
  (chemin le plus long de la nomenclature pondérée par les délais), en semaines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from gpedu.calculs import DonneesIncoherentes


def _graphe(liens: Iterable[tuple[str, str, float]], *, refuser_cycle: bool = True) -> nx.DiGraph:
    graphe = nx.DiGraph()
    for parent, composant, quantite in liens:
        if graphe.has_edge(parent, composant):
            graphe.edges[parent, composant]["quantite"] += quantite
        else:
            graphe.add_edge(parent, composant, quantite=quantite)
    if refuser_cycle:
        cycle = trouver_cycle(graphe)
        if cycle:
            raise DonneesIncoherentes(
                f"Nomenclature cyclique : {' -> '.join(cycle)} (un article se contient lui-même)."
            )
    return graphe


def trouver_cycle(graphe_ou_liens) -> list[str] | None:
    """Un cycle de la nomenclature, sous la forme [A, B, …, A], ou None."""
    graphe = (
        graphe_ou_liens if isinstance(graphe_ou_liens, nx.DiGraph) else _graphe(graphe_ou_liens, refuser_cycle=False)
    )
    try:
        cycle = nx.find_cycle(graphe)
    except nx.NetworkXNoCycle:
        return None
    return [a for a, _ in cycle] + [cycle[0][0]]


# --- nomenclatures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LigneExplosion:
    """Une ligne de nomenclature éclatée (indentée)."""

    niveau: int
    parent: str
    composant: str
    quantite_par_parent: float
    quantite_cumulee: float


def explosion(liens: Iterable[tuple[str, str, float]], article: str, quantite: float = 1) -> list[LigneExplosion]:
    """Nomenclature éclatée multiniveau de ``quantite`` ``article`` : une ligne par chemin, en profondeur
    d'abord (ordre des liens), avec la quantité cumulée depuis le produit de départ."""
    graphe = _graphe(liens)
    lignes: list[LigneExplosion] = []

    def descendre(parent: str, niveau: int, quantite_parent: float):
        for composant in graphe.successors(parent) if parent in graphe else ():
            q = graphe.edges[parent, composant]["quantite"]
            cumul = quantite_parent * q
            lignes.append(LigneExplosion(niveau, parent, composant, q, cumul))
            descendre(composant, niveau + 1, cumul)

    descendre(article, 1, quantite)
    return lignes


def tableau_explosion(lignes: list[LigneExplosion]) -> pd.DataFrame:
    """La nomenclature éclatée présentée comme dans une GPAO (niveau indenté par des points)."""
    return pd.DataFrame(
        {
            "niveau": [f"{'.' * (ligne.niveau - 1)}{ligne.niveau}" for ligne in lignes],
            "parent": [ligne.parent for ligne in lignes],
            "composant": [ligne.composant for ligne in lignes],
            "quantite_par_parent": [ligne.quantite_par_parent for ligne in lignes],
            "quantite_cumulee": [ligne.quantite_cumulee for ligne in lignes],
        }
    )


def besoins_totaux(liens: Iterable[tuple[str, str, float]], article: str, quantite: float = 1) -> dict[str, float]:
    """Quantité totale de chaque composant (tous niveaux, semi-finis compris) pour ``quantite`` ``article``,
    sans tenir compte des stocks (explosion brute)."""
    totaux: dict[str, float] = {}
    for ligne in explosion(liens, article, quantite):
        totaux[ligne.composant] = totaux.get(ligne.composant, 0) + ligne.quantite_cumulee
    return totaux


def cas_emploi(liens: Iterable[tuple[str, str, float]], composant: str) -> dict[str, float]:
    """Cas d'emploi direct : {parent: quantité du composant par parent}."""
    return {p: q for p, c, q in liens if c == composant}


def cas_emploi_produits(liens: Iterable[tuple[str, str, float]], composant: str) -> dict[str, float]:
    """Cas d'emploi multiniveau : {produit de tête: quantité totale du composant pour UN produit}.

    Un produit de tête est un article qui n'est le composant d'aucun autre."""
    liens = list(liens)
    graphe = _graphe(liens)
    tetes = [a for a in graphe if graphe.in_degree(a) == 0 and a != composant]
    resultat = {}
    for tete in sorted(tetes):
        total = besoins_totaux(liens, tete).get(composant, 0)
        if total:
            resultat[tete] = total
    return resultat


# --- gammes et postes ----------------------------------------------------------------------------


def temps_phase(temps_preparation: float, temps_unitaire: float, quantite: float) -> float:
    """Temps d'une phase pour un lot (h) = préparation + quantité × temps unitaire."""
    if temps_preparation < 0 or temps_unitaire < 0 or quantite < 0:
        raise DonneesIncoherentes("Temps de préparation, temps unitaire et quantité doivent être positifs ou nuls.")
    return temps_preparation + quantite * temps_unitaire


def temps_gamme(gammes: pd.DataFrame, article: str, quantite: float) -> pd.DataFrame:
    """Les phases de la gamme de ``article`` avec le temps de chaque phase pour un lot de ``quantite`` (h)."""
    gamme = gammes[gammes["article"] == article].sort_values("phase").copy()
    if gamme.empty:
        raise DonneesIncoherentes(f"L'article {article} n'a pas de gamme.")
    gamme["temps_lot_h"] = [
        round(temps_phase(tp, tu, quantite), 6) for tp, tu in zip(gamme.temps_preparation_h, gamme.temps_unitaire_h)
    ]
    return gamme.reset_index(drop=True)


# --- délai cumulé --------------------------------------------------------------------------------


def delai_cumule(liens: Iterable[tuple[str, str, float]], delais: Mapping[str, float], article: str) -> float:
    """Délai cumulé (chemin le plus long des délais d'obtention) de ``article``."""
    return chemin_critique(liens, delais, article)[1]


def chemin_critique(
    liens: Iterable[tuple[str, str, float]], delais: Mapping[str, float], article: str
) -> tuple[list[str], float]:
    """Le chemin [article, …, composant acheté] le plus long en délais, et sa durée."""
    graphe = _graphe(liens)
    graphe.add_node(article)
    manquants = [a for a in nx.descendants(graphe, article) | {article} if a not in delais]
    if manquants:
        raise DonneesIncoherentes(f"Délai d'obtention inconnu pour : {', '.join(sorted(manquants))}.")
    memo: dict[str, tuple[list[str], float]] = {}

    def plus_long(a: str) -> tuple[list[str], float]:
        if a not in memo:
            if delais[a] < 0:
                raise DonneesIncoherentes(f"Délai d'obtention négatif pour {a} : {delais[a]}.")
            meilleur: tuple[list[str], float] = ([], 0)
            for composant in graphe.successors(a):
                chemin, duree = plus_long(composant)
                if duree > meilleur[1]:
                    meilleur = (chemin, duree)
            memo[a] = ([a, *meilleur[0]], delais[a] + meilleur[1])
        return memo[a]

    return plus_long(article)


# --- contrôle de cohérence ----------------------------------------------------------------------


@dataclass(frozen=True)
class Anomalie:
    """Une donnée technique incohérente : où elle est (``ligne``), de quel type, et le message à corriger."""

    ligne: str
    type: str
    message: str


TYPES_ANOMALIES = {
    "article_inconnu": "composant ou parent sans fiche article",
    "quantite": "quantité de nomenclature négative ou nulle",
    "cycle": "cycle dans la nomenclature",
    "poste_inconnu": "opération sur un poste qui n'existe pas",
    "temps": "temps négatif ou nul",
    "gamme_article_inconnu": "gamme d'un article sans fiche article",
}


def controler(
    articles: Iterable[str],
    nomenclatures: pd.DataFrame,
    gammes: pd.DataFrame,
    postes: Iterable[str],
) -> list[Anomalie]:
    """Contrôle de cohérence des données techniques : la liste des anomalies (vide si tout va bien).

    ``nomenclatures`` : colonnes ``parent, composant, quantite`` (et ``ligne`` pour nommer les lignes) ;
    ``gammes`` : colonnes ``article, phase, poste, temps_preparation_h, temps_unitaire_h`` (et ``ligne``).
    Règles : article inconnu (parent ou composant), quantité <= 0, cycle, poste inconnu,
    temps unitaire <= 0 ou temps de préparation < 0 (une préparation nulle est permise).
    """
    articles, postes = set(articles), set(postes)
    anomalies: list[Anomalie] = []
    nomenclatures = _avec_lignes(nomenclatures, "N")
    gammes = _avec_lignes(gammes, "G")
    for ligne, parent, composant, quantite in nomenclatures[["ligne", "parent", "composant", "quantite"]].itertuples(
        index=False
    ):
        for role, code in (("parent", parent), ("composant", composant)):
            if code not in articles:
                anomalies.append(
                    Anomalie(
                        ligne,
                        "article_inconnu",
                        f"Ligne {ligne} : le {role} {code} n'a pas de fiche article "
                        "(code mal saisi ou article à créer).",
                    )
                )
        if not quantite > 0:
            anomalies.append(
                Anomalie(
                    ligne,
                    "quantite",
                    f"Ligne {ligne} : quantité {_nombre(quantite)} de {composant} dans {parent} "
                    "(une quantité de nomenclature est strictement positive).",
                )
            )
    graphe = _graphe(
        [(p, c, q) for p, c, q in nomenclatures[["parent", "composant", "quantite"]].itertuples(index=False)],
        refuser_cycle=False,
    )
    lignes_par_lien = {
        (p, c): lig for lig, p, c in nomenclatures[["ligne", "parent", "composant"]].itertuples(index=False)
    }
    for cycle in nx.simple_cycles(graphe):
        chemin = " -> ".join([*cycle, cycle[0]])
        liens_du_cycle = list(zip(cycle, [*cycle[1:], cycle[0]]))
        for lien in liens_du_cycle:
            anomalies.append(
                Anomalie(
                    lignes_par_lien[lien],
                    "cycle",
                    f"Ligne {lignes_par_lien[lien]} : nomenclature cyclique {chemin} "
                    "(un article ne peut pas se contenir lui-même).",
                )
            )
    colonnes = ["ligne", "article", "phase", "poste", "temps_preparation_h", "temps_unitaire_h"]
    for ligne, article, phase, poste, tp, tu in gammes[colonnes].itertuples(index=False):
        if article not in articles:
            anomalies.append(
                Anomalie(ligne, "gamme_article_inconnu", f"Ligne {ligne} : gamme de {article}, article sans fiche.")
            )
        if poste not in postes:
            anomalies.append(
                Anomalie(
                    ligne,
                    "poste_inconnu",
                    f"Ligne {ligne} : la phase {phase} de {article} se fait sur le poste {poste}, "
                    "qui n'existe pas dans les postes de charge.",
                )
            )
        if not tu > 0 or not tp >= 0:
            anomalies.append(
                Anomalie(
                    ligne,
                    "temps",
                    f"Ligne {ligne} : phase {phase} de {article}, temps de préparation {_nombre(tp)} h et "
                    f"temps unitaire {_nombre(tu)} h (temps unitaire > 0 et préparation >= 0 attendus).",
                )
            )
    ordre = {lig: i for i, lig in enumerate([*nomenclatures["ligne"], *gammes["ligne"]])}
    return sorted(anomalies, key=lambda a: ordre[a.ligne])  # tri stable : l'ordre des lignes saisies


def lignes_en_anomalie(anomalies: Iterable[Anomalie]) -> list[str]:
    """Les lignes qui portent au moins une anomalie, sans doublon, dans l'ordre N…, puis G…."""
    lignes = {a.ligne for a in anomalies}
    return sorted(lignes, key=lambda lig: (lig[0] != "N", int(lig[1:]) if lig[1:].isdigit() else 0, lig))


def _avec_lignes(table: pd.DataFrame, prefixe: str) -> pd.DataFrame:
    if "ligne" in table.columns:
        return table
    table = table.copy()
    table.insert(0, "ligne", [f"{prefixe}{i}" for i in range(1, len(table) + 1)])
    return table


def _nombre(valeur) -> str:
    if isinstance(valeur, float) and math.isfinite(valeur) and valeur.is_integer():
        valeur = int(valeur)
    return str(valeur).replace(".", ",")
