"""Temps opératoires : chronométrage avec jugement d'allure, majorations, nombre de cycles, MTM-1.

Conventions (docs/conventions.md, section « Temps opératoires ») :
- temps normal = temps observé × allure / 100 (allure 100 = allure normale), relevé par relevé ;
- un relevé est aberrant si son temps normal s'écarte de plus de 20 % (strictement) de la médiane des
  temps normaux de l'élément ; il est écarté ;
- temps normal de l'élément = moyenne des temps normaux des relevés retenus ;
- temps standard = temps normal × (1 + K), K = somme des majorations (repos, besoins, aléas), K ≥ 0 ;
- nombre de cycles n = (z × s / (e × x̄))², arrondi à l'entier supérieur, sur les temps observés retenus
  (s : écart type de l'échantillon, diviseur n − 1) ;
- 1 TMU = 0,00001 h = 0,0006 min = 0,036 s.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence

from gpedu.calculs import DonneesIncoherentes, arrondi_superieur

HEURES_PAR_TMU = 0.00001
MINUTES_PAR_TMU = 0.0006
SECONDES_PAR_TMU = 0.036
ECART_ABERRANT = 0.20


# --- conversions MTM ----------------------------------------------------------------------------


def tmu_en_secondes(tmu: float) -> float:
    return tmu * SECONDES_PAR_TMU


def secondes_en_tmu(secondes: float) -> float:
    return secondes / SECONDES_PAR_TMU


def tmu_en_minutes(tmu: float) -> float:
    return tmu * MINUTES_PAR_TMU


def minutes_en_tmu(minutes: float) -> float:
    return minutes / MINUTES_PAR_TMU


def tmu_en_heures(tmu: float) -> float:
    return tmu * HEURES_PAR_TMU


def heures_en_tmu(heures: float) -> float:
    return heures / HEURES_PAR_TMU


def total_tmu(codes: Iterable[str], table: Mapping[str, float]) -> float:
    """Somme des TMU d'une séquence de mouvements (codes de la table MTM)."""
    total = 0.0
    for code in codes:
        if code not in table:
            raise DonneesIncoherentes(f"Mouvement « {code} » absent de la table MTM : ajoutez-le à temps_mtm.csv.")
        total += float(table[code])
    return total


# --- chronométrage ------------------------------------------------------------------------------


def temps_normal(temps_observe: float, allure: float) -> float:
    """Temps normal = temps observé × allure / 100 (allure 100 = allure normale)."""
    if allure <= 0:
        raise DonneesIncoherentes(
            f"Allure {allure} : une allure est un pourcentage strictement positif (100 = normale)."
        )
    if temps_observe < 0:
        raise DonneesIncoherentes(f"Temps observé {temps_observe} : un temps ne peut pas être négatif.")
    return temps_observe * allure / 100


def temps_normaux(observes: Sequence[float], allures: Sequence[float]) -> list[float]:
    """Temps normal de chaque relevé."""
    if len(observes) != len(allures):
        raise DonneesIncoherentes(f"{len(observes)} temps observés mais {len(allures)} allures : il en faut autant.")
    return [temps_normal(t, a) for t, a in zip(observes, allures)]


def aberrants(valeurs: Sequence[float], ecart: float = ECART_ABERRANT) -> list[bool]:
    """Vrai pour chaque valeur qui s'écarte de plus de ``ecart`` (20 %) de la médiane (strictement)."""
    if not valeurs:
        raise DonneesIncoherentes("Aucun relevé : impossible de repérer les valeurs aberrantes.")
    mediane = statistics.median(valeurs)
    return [abs(v - mediane) > ecart * mediane + 1e-9 for v in valeurs]


def temps_normal_element(observes: Sequence[float], allures: Sequence[float], ecart: float = ECART_ABERRANT) -> float:
    """Moyenne des temps normaux des relevés retenus (aberrants écartés)."""
    normaux = temps_normaux(observes, allures)
    retenus = [t for t, a in zip(normaux, aberrants(normaux, ecart)) if not a]
    return statistics.fmean(retenus)


def temps_standard(temps_normal_: float, majoration: float) -> float:
    """Temps standard = temps normal × (1 + K), K en fraction (0,17 pour 17 %)."""
    if majoration < 0:
        raise DonneesIncoherentes(f"Coefficient de majoration {majoration} : il ne peut pas être négatif.")
    return temps_normal_ * (1 + majoration)


def nombre_cycles(valeurs: Sequence[float], z: float, precision: float) -> int:
    """Nombre de cycles à chronométrer : n = (z × s / (e × x̄))², arrondi à l'entier supérieur.

    ``precision`` e en fraction (0,05 pour ± 5 %) ; ``s`` écart type de l'échantillon (diviseur n − 1).
    """
    if len(valeurs) < 2:
        raise DonneesIncoherentes("Il faut au moins deux relevés pour estimer l'écart type.")
    if precision <= 0 or z <= 0:
        raise DonneesIncoherentes("La précision et le coefficient z doivent être strictement positifs.")
    n = (z * statistics.stdev(valeurs) / (precision * statistics.fmean(valeurs))) ** 2
    return arrondi_superieur(n)


def production_par_equipe(duree_equipe_s: float, temps_standard_s: float) -> int:
    """Nombre de pièces complètes dans une équipe (arrondi à l'entier inférieur)."""
    if temps_standard_s <= 0:
        raise DonneesIncoherentes("Le temps standard doit être strictement positif.")
    return math.floor(round(duree_equipe_s / temps_standard_s, 9))
