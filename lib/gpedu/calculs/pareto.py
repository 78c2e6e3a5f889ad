"""Diagramme de Pareto : nettoyage d'un journal, tableau trié, pourcentages cumulés, classe des 80 %.

Conventions (docs/conventions.md, section Pareto) :
- tri par valeur **décroissante** ; à valeur égale, ordre alphabétique de la catégorie (celui de ``sorted``) ;
- pourcentages cumulés calculés sur la liste **triée** ; le dernier vaut 100 % ;
- classe A : les catégories du début de la liste jusqu'à celle qui **atteint ou franchit** le seuil (80 %)
  comprise ; la comparaison se fait sur les pourcentages non arrondis ;
- affichage des pourcentages : en %, arrondis à 0,1 près.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from gpedu.calculs import DonneesIncoherentes

_TOLERANCE = 1e-9


def normaliser_libelle(texte) -> str:
    """Libellé propre : espaces de début et de fin retirés, espaces multiples réduits, majuscule initiale seule."""
    return " ".join(str(texte).split()).capitalize()


def trier(valeurs: Mapping[str, float]) -> list[tuple[str, float]]:
    """Catégories triées par valeur décroissante, puis par ordre alphabétique en cas d'égalité."""
    for categorie, valeur in valeurs.items():
        if valeur is None or (isinstance(valeur, float) and math.isnan(valeur)) or valeur < 0:
            raise DonneesIncoherentes(
                f"Valeur manquante ou négative pour « {categorie} » : nettoyez le journal d'abord."
            )
    if not valeurs or sum(valeurs.values()) <= 0:
        raise DonneesIncoherentes("Le total des valeurs est nul : pas de Pareto possible.")
    return sorted(valeurs.items(), key=lambda kv: (-kv[1], kv[0]))


def cumuls(valeurs: Mapping[str, float]) -> list[float]:
    """Pourcentages cumulés (non arrondis, de 0 à 100) dans l'ordre du tri de Pareto."""
    triees = trier(valeurs)
    total = sum(v for _, v in triees)
    resultat, cumul = [], 0.0
    for _, valeur in triees:
        cumul += valeur
        resultat.append(100 * cumul / total)
    resultat[-1] = 100.0
    return resultat


def pourcentages_cumules(valeurs: Mapping[str, float]) -> list[float]:
    """Pourcentages cumulés arrondis à 0,1 près, dans l'ordre du tri de Pareto."""
    return [round(c, 1) for c in cumuls(valeurs)]


def classe_a(valeurs: Mapping[str, float], seuil: float = 80) -> list[str]:
    """Catégories de la classe A : jusqu'à celle qui atteint ou franchit ``seuil`` % (comprise)."""
    if not 0 < seuil <= 100:
        raise DonneesIncoherentes("Le seuil doit être compris entre 0 et 100 %.")
    resultat = []
    for (categorie, _), cumul in zip(trier(valeurs), cumuls(valeurs)):
        resultat.append(categorie)
        if cumul >= seuil - _TOLERANCE:
            break
    return resultat


def classes_abc(valeurs: Mapping[str, float], seuils: tuple[float, float] = (80, 95)) -> dict[str, str]:
    """Classes A, B, C : A jusqu'au 1er seuil franchi (compris), B jusqu'au 2e (compris), C le reste."""
    a = set(classe_a(valeurs, seuils[0]))
    b = set(classe_a(valeurs, seuils[1])) - a
    return {c: "A" if c in a else "B" if c in b else "C" for c, _ in trier(valeurs)}


def tableau(valeurs: Mapping[str, float], seuil: float = 80) -> pd.DataFrame:
    """Le tableau de Pareto : valeur, % de la catégorie, % cumulé (à 0,1 près) et classe A."""
    triees = trier(valeurs)
    total = sum(v for _, v in triees)
    a = set(classe_a(valeurs, seuil))
    return pd.DataFrame(
        {
            "categorie": [c for c, _ in triees],
            "valeur": [v for _, v in triees],
            "pourcentage": [round(100 * v / total, 1) for _, v in triees],
            "pourcentage_cumule": pourcentages_cumules(valeurs),
            "classe": ["A" if c in a else "" for c, _ in triees],
        }
    ).set_index("categorie")


# --- nettoyage d'un journal brut --------------------------------------------------------------------


def nettoyer_journal(
    journal: pd.DataFrame,
    correspondances: Mapping[str, str] | None = None,
    *,
    colonne: str = "cause",
    identifiant: str = "numero",
    duree: str = "duree_min",
    categories: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Journal propre : libellés normalisés puis renommés, doublons (même identifiant) retirés.

    Une durée manquante ou négative devient « inconnue » (NaN) : la ligne compte dans le Pareto en
    nombre, pas dans ceux en durée ou en coût. Si ``categories`` est donné, un libellé hors de
    cette liste après correspondances est une erreur.
    """
    propre = journal.drop_duplicates(subset=identifiant, keep="first").copy()
    propre[colonne] = [normaliser_libelle(t) for t in propre[colonne]]
    if correspondances:
        propre[colonne] = [correspondances.get(t, t) for t in propre[colonne]]
    if categories is not None:
        inconnus = sorted(set(propre[colonne]) - set(categories))
        if inconnus:
            raise DonneesIncoherentes("Libellés hors de la liste des causes : " + ", ".join(inconnus) + ".")
    durees = pd.to_numeric(propre[duree], errors="coerce")
    propre[duree] = durees.where(durees >= 0)
    return propre.reset_index(drop=True)


def nombre_par_categorie(journal: pd.DataFrame, colonne: str = "cause") -> dict[str, int]:
    """Nombre de lignes de chaque catégorie."""
    return {k: int(v) for k, v in journal.groupby(colonne).size().items()}


def somme_par_categorie(
    journal: pd.DataFrame, valeur: str, colonne: str = "cause", decimales: int = 2
) -> dict[str, float]:
    """Somme de ``valeur`` par catégorie ; les valeurs inconnues (NaN) sont ignorées."""
    sommes = journal.groupby(colonne)[valeur].sum(min_count=1).fillna(0)
    return {k: round(float(v), decimales) + 0.0 for k, v in sommes.items()}
