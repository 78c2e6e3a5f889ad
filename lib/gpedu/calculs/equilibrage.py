"""Équilibrage d'une ligne d'assemblage : takt, nombre minimal de postes, heuristiques, indicateurs.

Conventions de gpedu (voir ``docs/conventions.md``, section « Équilibrage ») :

- les temps sont en **secondes** (entiers ou décimaux) ; les tâches sont nommées par un code (« A », « B »…) ;
- ``anteriorites`` associe à chaque tâche la liste de ses **antécédents immédiats** ;
- takt = temps disponible / demande (même période) ;
- nombre minimal de postes = ⌈Σ temps / takt⌉ ;
- efficacité (rendement d'équilibrage) = Σ temps / (nombre de postes × takt) ; taux de perte = 1 − efficacité ;
- temps de cycle réel = charge du poste goulot (le plus chargé ; à égalité, le premier dans l'ordre de la ligne) ;
- production maximale = ⌊temps disponible / temps de cycle réel⌋ (unités entières).

Heuristique d'affectation (poste par poste) : on ouvre le poste 1 ; parmi les tâches **candidates** (non
affectées, tous leurs antécédents déjà affectés, temps ≤ temps restant du poste), on prend celle de plus
forte priorité ; s'il n'y a plus de candidate, on ouvre le poste suivant. Priorité selon la règle :

- ``poids_positionnel`` (Helgeson et Birnie) : temps de la tâche + temps de **tous** ses successeurs ;
- ``plus_grand_temps`` : temps de la tâche ;
- ``plus_de_successeurs`` : nombre de tous ses successeurs.

Règle d'égalité (toujours la même) : à priorité égale, la tâche la plus **longue**, puis le code le plus petit
dans l'ordre alphabétique.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx

from gpedu.calculs import DonneesIncoherentes

REGLES = ("poids_positionnel", "plus_grand_temps", "plus_de_successeurs")
EPSILON = 1e-9


# --- graphe des antériorités ------------------------------------------------------------------


def graphe_anteriorites(temps: Mapping[str, float], anteriorites: Mapping[str, Sequence[str]]) -> nx.DiGraph:
    """Graphe orienté antécédent → tâche ; chaque nœud porte son temps (attribut ``temps``)."""
    graphe = nx.DiGraph()
    for tache, duree in temps.items():
        if duree < 0:
            raise DonneesIncoherentes(f"La tâche « {tache} » a un temps négatif ({duree}).")
        graphe.add_node(tache, temps=duree)
    for tache, avant in anteriorites.items():
        if tache not in temps:
            raise DonneesIncoherentes(f"Antériorités données pour la tâche inconnue « {tache} ».")
        for antecedent in avant:
            if antecedent not in temps:
                raise DonneesIncoherentes(f"La tâche « {tache} » dépend de la tâche inconnue « {antecedent} ».")
            graphe.add_edge(antecedent, tache)
    if not nx.is_directed_acyclic_graph(graphe):
        cycle = " → ".join(a for a, _ in nx.find_cycle(graphe))
        raise DonneesIncoherentes(f"Les antériorités forment une boucle ({cycle}) : aucune affectation possible.")
    return graphe


def successeurs(temps, anteriorites) -> dict[str, set[str]]:
    """Pour chaque tâche, l'ensemble de **tous** ses successeurs (directs et indirects)."""
    graphe = graphe_anteriorites(temps, anteriorites)
    return {t: nx.descendants(graphe, t) for t in graphe}


def niveaux(temps, anteriorites) -> dict[str, int]:
    """Colonne de chaque tâche dans le graphe (0 : sans antécédent ; sinon 1 + colonne max des antécédents)."""
    graphe = graphe_anteriorites(temps, anteriorites)
    return {t: rang for rang, groupe in enumerate(nx.topological_generations(graphe)) for t in groupe}


# --- takt et postes ---------------------------------------------------------------------------


def takt(temps_disponible: float, demande: float) -> float:
    """Takt time = temps disponible / demande (mêmes périodes ; le résultat a l'unité du temps disponible)."""
    if demande <= 0:
        raise DonneesIncoherentes(f"La demande doit être positive (reçu {demande}).")
    if temps_disponible <= 0:
        raise DonneesIncoherentes(f"Le temps disponible doit être positif (reçu {temps_disponible}).")
    return temps_disponible / demande


def nombre_minimal_postes(temps: Mapping[str, float], takt_s: float) -> int:
    """⌈Σ temps / takt⌉ (les erreurs d'arrondi des flottants sont neutralisées : 720 / 180 donne 4)."""
    if takt_s <= 0:
        raise DonneesIncoherentes(f"Le takt doit être positif (reçu {takt_s}).")
    return math.ceil(sum(temps.values()) / takt_s - EPSILON)


def poids_positionnels(temps, anteriorites) -> dict[str, float]:
    """Poids positionnel = temps de la tâche + temps de tous ses successeurs (directs et indirects)."""
    suivants = successeurs(temps, anteriorites)
    return {t: temps[t] + sum(temps[s] for s in suivants[t]) for t in temps}


def priorites(temps, anteriorites, regle: str = "poids_positionnel") -> dict[str, float]:
    """La priorité de chaque tâche selon ``regle`` (plus grande = affectée d'abord)."""
    if regle == "poids_positionnel":
        return poids_positionnels(temps, anteriorites)
    if regle == "plus_grand_temps":
        graphe_anteriorites(temps, anteriorites)  # contrôle des données
        return dict(temps)
    if regle == "plus_de_successeurs":
        return {t: len(s) for t, s in successeurs(temps, anteriorites).items()}
    raise DonneesIncoherentes(f"Règle inconnue « {regle} » : règles possibles : {', '.join(REGLES)}.")


def affecter(temps, anteriorites, takt_s: float, regle: str = "poids_positionnel") -> list[list[str]]:
    """Affectation des tâches aux postes par l'heuristique ``regle`` (voir la docstring du module).

    Renvoie la liste des postes, chacun la liste de ses tâches dans l'ordre où elles ont été affectées.
    """
    graphe = graphe_anteriorites(temps, anteriorites)
    trop_longues = [t for t, d in temps.items() if d > takt_s + EPSILON]
    if trop_longues:
        raise DonneesIncoherentes(
            f"La tâche « {trop_longues[0]} » ({temps[trop_longues[0]]} s) dure plus que le takt ({takt_s:g} s) : "
            "aucun poste ne peut la faire seul (il faut la découper ou doubler le poste)."
        )
    priorite = priorites(temps, anteriorites, regle)
    affectees: set[str] = set()
    postes: list[list[str]] = [[]]
    restant = takt_s
    while len(affectees) < len(temps):
        candidates = [
            t
            for t in temps
            if t not in affectees
            and all(a in affectees for a in graphe.predecessors(t))
            and temps[t] <= restant + EPSILON
        ]
        if not candidates:
            postes.append([])
            restant = takt_s
            continue
        choix = min(candidates, key=lambda t: (-priorite[t], -temps[t], t))
        postes[-1].append(choix)
        affectees.add(choix)
        restant -= temps[choix]
    return postes


# --- indicateurs ------------------------------------------------------------------------------


def charges(postes: Sequence[Sequence[str]], temps: Mapping[str, float]) -> list[float]:
    """Charge de chaque poste = somme des temps de ses tâches."""
    return [sum(temps[t] for t in poste) for poste in postes]


def efficacite(temps: Mapping[str, float], nombre_postes: int, takt_s: float) -> float:
    """Rendement d'équilibrage = Σ temps / (nombre de postes × takt), entre 0 et 1."""
    if nombre_postes <= 0:
        raise DonneesIncoherentes("Il faut au moins un poste.")
    return sum(temps.values()) / (nombre_postes * takt_s)


def taux_de_perte(temps, nombre_postes: int, takt_s: float) -> float:
    """Taux de perte (balance delay) = 1 − efficacité."""
    return 1 - efficacite(temps, nombre_postes, takt_s)


def temps_mort(temps, nombre_postes: int, takt_s: float) -> float:
    """Temps mort total par cycle = nombre de postes × takt − Σ temps."""
    return nombre_postes * takt_s - sum(temps.values())


def poste_goulot(postes, temps) -> int:
    """Numéro (1, 2…) du poste le plus chargé ; à égalité, le premier dans l'ordre de la ligne."""
    valeurs = charges(postes, temps)
    return valeurs.index(max(valeurs)) + 1


def temps_de_cycle_reel(postes, temps) -> float:
    """Temps de cycle réel de la ligne = charge du poste goulot."""
    return max(charges(postes, temps))


def production_maximale(temps_disponible: float, postes, temps) -> int:
    """Unités entières que la ligne peut sortir pendant ``temps_disponible`` : ⌊temps disponible / cycle réel⌋."""
    return math.floor(temps_disponible / temps_de_cycle_reel(postes, temps) + EPSILON)


# --- contrôle d'une affectation ---------------------------------------------------------------


def ecarts_affectation(postes, temps, anteriorites, takt_s: float) -> list[str]:
    """Ce qui ne va pas dans une affectation (liste de phrases en français ; vide si elle est valable).

    Contrôles : chaque tâche affectée une fois et une seule, pas de tâche inconnue, charge de chaque poste
    ≤ takt, chaque antécédent d'une tâche placé dans le même poste ou dans un poste précédent (dans un poste,
    l'ordre d'écriture des tâches est libre : l'opérateur les fait dans un ordre qui respecte les antériorités).
    """
    graphe = graphe_anteriorites(temps, anteriorites)
    ecarts: list[str] = []
    vues: dict[str, int] = {}
    for numero, poste in enumerate(postes, start=1):
        for tache in poste:
            if tache not in temps:
                ecarts.append(f"poste {numero} : la tâche « {tache} » n'existe pas")
            elif tache in vues:
                ecarts.append(f"la tâche « {tache} » est affectée deux fois (postes {vues[tache]} et {numero})")
            else:
                vues[tache] = numero
    oubliees = [t for t in temps if t not in vues]
    if oubliees:
        ecarts.append("tâches non affectées : " + ", ".join(oubliees))
    for numero, poste in enumerate(postes, start=1):
        charge = sum(temps.get(t, 0) for t in poste)
        if charge > takt_s + EPSILON:
            ecarts.append(f"poste {numero} : charge {charge:g} s supérieure au takt ({takt_s:g} s)")
        if not poste:
            ecarts.append(f"poste {numero} : aucun travail (poste vide)")
    for tache, numero in vues.items():
        for antecedent in graphe.predecessors(tache):
            ou = vues.get(antecedent)
            if ou is not None and ou > numero:
                ecarts.append(
                    f"antériorité non respectée : « {antecedent} » doit être faite avant « {tache} » "
                    f"(poste {ou} pour « {antecedent} », poste {numero} pour « {tache} »)"
                )
    return ecarts
