"""Analyse des causes : QQOQCP, classement 5M/6M (Ishikawa), 5 Pourquoi, arbre des causes.

Conventions (docs/conventions.md, section « Analyse des causes ») :
- les six familles du diagramme d'Ishikawa sont, dans cet ordre : Matière, Matériel, Méthode,
  Main-d'œuvre, Milieu, Mesure (« Machine » est accepté comme synonyme de « Matériel ») ;
- une cause peut avoir plusieurs familles admises : la clé est un dict cause -> ensemble de familles ;
- une chaîne 5 Pourquoi est une liste de couples (effet, cause) : chaque couple répond au précédent
  (son effet est la cause du couple précédent), chaque couple est un lien direct de l'arbre des causes
  (pas de saut), aucun élément n'apparaît deux fois (pas de boucle), et la dernière cause est une
  cause racine (feuille de l'arbre) actionnable ;
- l'arbre des causes est un graphe orienté effet -> cause : ses feuilles sont les causes racines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from gpedu.calculs import DonneesIncoherentes

FAMILLES_6M = ("Matière", "Matériel", "Méthode", "Main-d'œuvre", "Milieu", "Mesure")
RUBRIQUES_QQOQCP = ("qui", "quoi", "ou", "quand", "comment", "pourquoi")
QUESTIONS_QQOQCP = {
    "qui": "Qui est concerné ? (personnes, équipe, service)",
    "quoi": "Quoi ? (quel produit, quel défaut)",
    "ou": "Où ? (quel poste, quelle machine)",
    "quand": "Quand ? (depuis quand, à quel moment)",
    "comment": "Comment ? (comment le problème se manifeste, comment il est détecté)",
    "pourquoi": "Pourquoi est-ce un problème ? (conséquences : coût, délai, client)",
}


def normaliser(texte: str) -> str:
    """Texte en minuscules, sans accents ni ponctuation (« Après-midi » -> « apres midi »)."""
    texte = str(texte).lower().replace("œ", "oe").replace("æ", "ae")
    texte = "".join(c for c in unicodedata.normalize("NFD", texte) if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", texte).split())


_SYNONYMES = {normaliser(f): f for f in FAMILLES_6M} | {
    "machine": "Matériel",
    "machines": "Matériel",
    "materiels": "Matériel",
    "matieres": "Matière",
    "methodes": "Méthode",
    "main doeuvre": "Main-d'œuvre",
    "main d oeuvre": "Main-d'œuvre",
    "mesures": "Mesure",
}


def famille_6m(texte) -> str | None:
    """La famille 5M/6M désignée par ``texte`` (orthographe souple), ou None si inconnue."""
    if not isinstance(texte, str):
        return None
    return _SYNONYMES.get(normaliser(texte))


# --- taux de non-conformité ---------------------------------------------------------------------


def taux_non_conformite(non_conformes: float, controles: float) -> float:
    """Taux de non-conformité en % : non conformes / contrôlés × 100."""
    if controles <= 0:
        raise DonneesIncoherentes("Aucune pièce contrôlée : le taux de non-conformité n'est pas défini.")
    if not 0 <= non_conformes <= controles:
        raise DonneesIncoherentes(
            f"{non_conformes} pièces non conformes pour {controles} contrôlées : c'est impossible."
        )
    return 100 * non_conformes / controles


# --- QQOQCP -------------------------------------------------------------------------------------


def controler_qqoqcp(reponse, faits: Mapping[str, Sequence[Sequence[str]]], *, mots_min: int = 3) -> list[str]:
    """Défauts d'un QQOQCP (liste vide s'il est correct).

    ``reponse`` : dict rubrique -> texte, rubriques ``RUBRIQUES_QQOQCP``.
    ``faits`` : pour chaque rubrique, les faits mesurables attendus ; un fait est une liste de
    formulations admises (il suffit que l'une apparaisse, sans tenir compte des accents ni des majuscules).
    Chaque rubrique doit contenir au moins ``mots_min`` mots.
    """
    if not isinstance(reponse, Mapping):
        return ["le QQOQCP doit être un dictionnaire {rubrique: texte}"]
    defauts = []
    manquantes = [r for r in RUBRIQUES_QQOQCP if r not in reponse]
    if manquantes:
        defauts.append("rubriques manquantes : " + ", ".join(manquantes))
    en_trop = [str(r) for r in reponse if r not in RUBRIQUES_QQOQCP]
    if en_trop:
        defauts.append("rubriques inconnues : " + ", ".join(en_trop) + f" (attendues : {', '.join(RUBRIQUES_QQOQCP)})")
    for rubrique in RUBRIQUES_QQOQCP:
        if rubrique not in reponse:
            continue
        texte = reponse[rubrique]
        if not isinstance(texte, str) or len(normaliser(texte).split()) < mots_min:
            defauts.append(f"rubrique « {rubrique} » : écrivez une phrase d'au moins {mots_min} mots")
            continue
        mots = f" {normaliser(texte)} "
        for fait in faits.get(rubrique, ()):
            if not any(f" {normaliser(forme)} " in mots for forme in fait):
                defauts.append(f"rubrique « {rubrique} » : il manque un fait relevé dans les données (« {fait[0]} »)")
    return defauts


# --- classement 5M / 6M ---------------------------------------------------------------------------


def controler_classement(
    classement, cle: Mapping[str, Iterable[str]], pistes: Mapping[str, tuple[str, str]] | None = None
) -> list[str]:
    """Défauts d'un classement cause -> famille (liste vide s'il est correct).

    ``cle`` : cause -> familles admises (une ou plusieurs). ``pistes`` : cause -> (famille confondue,
    explication) : l'explication est donnée quand l'apprenant a choisi la famille confondue.
    """
    if not isinstance(classement, Mapping):
        return ["le classement doit être un dictionnaire {cause: famille}"]
    defauts = []
    manquantes = [c for c in cle if c not in classement]
    if manquantes:
        defauts.append("causes non classées : " + ", ".join(manquantes))
    en_trop = [str(c) for c in classement if c not in cle]
    if en_trop:
        defauts.append("causes inconnues : " + ", ".join(en_trop))
    for cause, admises in cle.items():
        if cause not in classement:
            continue
        choix = famille_6m(classement[cause])
        if choix is None:
            defauts.append(f"{cause} : « {classement[cause]} » n'est pas une famille des 6M ({', '.join(FAMILLES_6M)})")
        elif choix not in set(admises):
            message = f"{cause} : « {choix} » ne convient pas"
            confondue, explication = (pistes or {}).get(cause, (None, ""))
            if explication and famille_6m(confondue) == choix:
                message += f" — {explication}"
            defauts.append(message)
    return defauts


def regrouper_par_famille(classement: Mapping[str, str]) -> dict[str, list[str]]:
    """Famille -> causes (dans l'ordre du classement), pour les six familles."""
    familles: dict[str, list[str]] = {f: [] for f in FAMILLES_6M}
    for cause, texte in classement.items():
        famille = famille_6m(texte)
        if famille is None:
            raise DonneesIncoherentes(
                f"Cause « {cause} » : « {texte} » n'est pas une famille des 6M ({', '.join(FAMILLES_6M)})."
            )
        familles[famille].append(cause)
    return familles


# --- arbre des causes ---------------------------------------------------------------------------


def arbre_des_causes(liens: Iterable[tuple[str, str]]) -> nx.DiGraph:
    """Arbre des causes : graphe orienté effet -> cause, à partir de couples (effet, cause)."""
    graphe = nx.DiGraph()
    graphe.add_edges_from(liens)
    if not nx.is_directed_acyclic_graph(graphe):
        cycle = " -> ".join(a for a, _ in nx.find_cycle(graphe))
        raise DonneesIncoherentes(
            f"L'arbre des causes contient une boucle ({cycle}) : une cause ne peut pas s'expliquer elle-même."
        )
    return graphe


def causes_racines(graphe: nx.DiGraph) -> list[str]:
    """Les feuilles de l'arbre (causes qui n'ont pas de cause), triées."""
    return sorted((n for n in graphe if graphe.out_degree(n) == 0 and graphe.in_degree(n) > 0), key=_cle_code)


def _cle_code(code: str):
    """Tri naturel des codes : C2 avant C10."""
    return [int(m) if m.isdigit() else m for m in re.split(r"(\d+)", str(code))]


# --- 5 Pourquoi ---------------------------------------------------------------------------------


def controler_chaine(chaine, graphe: nx.DiGraph, effet: str, actionnables: Iterable[str]) -> list[str]:
    """Défauts d'une chaîne 5 Pourquoi (liste vide si elle est correcte).

    ``chaine`` : liste de couples (effet, cause) — « pourquoi <effet> ? parce que <cause> ».
    ``graphe`` : arbre des causes (effet -> cause) ; ``effet`` : le problème de départ ;
    ``actionnables`` : les causes sur lesquelles l'entreprise peut agir.
    """
    if isinstance(chaine, (str, bytes, Mapping)) or not isinstance(chaine, Sequence) or not chaine:
        return ["la chaîne doit être une liste non vide de couples (effet, cause)"]
    couples = []
    for rang, couple in enumerate(chaine, start=1):
        if isinstance(couple, (str, bytes)) or not isinstance(couple, Sequence) or len(couple) != 2:
            return [f"« pourquoi » n°{rang} : un couple (effet, cause) est attendu, obtenu {couple!r}"]
        couples.append((couple[0], couple[1]))
    if couples[0][0] != effet:
        return [f"la chaîne doit partir du problème {effet} (premier « pourquoi »), elle part de {couples[0][0]}"]
    vus = [effet]
    for rang, (e, c) in enumerate(couples, start=1):
        if rang > 1 and e != couples[rang - 2][1]:
            return [
                f"« pourquoi » n°{rang} : il doit porter sur la réponse précédente ({couples[rang - 2][1]}), "
                f"il porte sur {e}"
            ]
        if c in vus:
            return [f"« pourquoi » n°{rang} : boucle — {c} est déjà dans la chaîne"]
        vus.append(c)
        if c not in graphe:
            return [f"« pourquoi » n°{rang} : {c} n'est pas une cause de l'arbre"]
        if not graphe.has_edge(e, c):
            if e in graphe and nx.has_path(graphe, e, c):
                manque = nx.shortest_path(graphe, e, c)[1:-1]
                return [f"« pourquoi » n°{rang} : saut de {e} à {c}, il manque une étape ({', '.join(manque)})"]
            return [f"« pourquoi » n°{rang} : {c} n'explique pas directement {e}"]
    derniere = couples[-1][1]
    if graphe.out_degree(derniere) > 0:
        return [f"la chaîne s'arrête sur {derniere}, qui a encore une cause : demandez encore « pourquoi ? »"]
    if derniere not in set(actionnables):
        return [
            f"la chaîne aboutit à {derniere}, une cause sur laquelle l'entreprise ne peut pas agir : "
            "choisissez une cause racine actionnable"
        ]
    return []
