"""Flux vers les ateliers : besoins bord de ligne, cartes kanban, tournée d'approvisionnement (milk run).

Conventions (docs/conventions.md, section Flux) :
- besoin bord de ligne d'un composant = Σ quantité programmée du parent × quantité de nomenclature,
  au poste où le composant est consommé, dans le créneau où le parent est fabriqué ;
- cartes kanban N = ⌈D × L × (1 + α) / C⌉ (D et L dans la même unité de temps) ;
- takt = temps disponible / quantité demandée sur le même temps ;
- durée de la tournée = distance / vitesse + Σ arrêts + chargement au magasin ;
- nombre maximal de tournées = ⌊temps disponible / durée de la tournée⌋ ;
- bacs à livrer par tournée = ⌈consommation moyenne pendant un intervalle / contenance⌉ ;
- simulation : une carte ramassée à un passage revient avec un bac plein au passage suivant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from gpedu.calculs import DonneesIncoherentes, arrondi_superieur


def _arrondi_inferieur(valeur: float) -> int:
    return math.floor(round(valeur, 9))


# --- besoins bord de ligne -----------------------------------------------------------------


def besoins_bord_de_ligne(
    programme: Iterable[tuple[str, str, int, int]],
    consommations: Iterable[tuple[str, str, str]],
    nomenclature: Mapping[tuple[str, str], float],
    creneaux: int,
) -> dict[str, dict[str, list[float]]]:
    """Quantités de composants à livrer à chaque poste, par créneau.

    ``programme`` : (poste, parent, créneau 1..n, quantité) ; ``consommations`` : (poste, parent, composant),
    le composant est consommé à ce poste quand on y fabrique le parent ; ``nomenclature`` :
    {(parent, composant): quantité pour un parent}. Résultat : {poste: {composant: [créneau 1, …]}}.
    """
    consomme: dict[tuple[str, str], list[str]] = {}
    for poste, parent, composant in consommations:
        if (parent, composant) not in nomenclature:
            raise DonneesIncoherentes(f"{composant} n'est pas un composant de {parent} dans la nomenclature.")
        consomme.setdefault((poste, parent), []).append(composant)
    besoins: dict[str, dict[str, list[float]]] = {}
    for poste, parent, creneau, quantite in programme:
        if not 1 <= creneau <= creneaux:
            raise DonneesIncoherentes(f"Créneau {creneau} hors de la journée (1 à {creneaux}).")
        for composant in consomme.get((poste, parent), []):
            ligne = besoins.setdefault(poste, {}).setdefault(composant, [0] * creneaux)
            ligne[creneau - 1] += quantite * nomenclature[(parent, composant)]
    return besoins


# --- kanban et takt ------------------------------------------------------------------------


def nombre_kanbans(demande: float, delai: float, contenance: float, alpha: float = 0.0) -> int:
    """N = ⌈D × L × (1 + α) / C⌉ : D par unité de temps, L dans la même unité, C contenance d'un bac."""
    if contenance <= 0:
        raise DonneesIncoherentes("La contenance d'un bac doit être positive.")
    if demande < 0 or delai < 0 or alpha < 0:
        raise DonneesIncoherentes("Demande, délai et coefficient de sécurité doivent être positifs ou nuls.")
    return arrondi_superieur(demande * delai * (1 + alpha) / contenance)


def takt(temps_disponible: float, demande: float) -> float:
    """Takt = temps disponible / quantité demandée sur ce temps (même unité de temps que la réponse)."""
    if demande <= 0:
        raise DonneesIncoherentes("Le takt demande une quantité positive.")
    return temps_disponible / demande


# --- tournée d'approvisionnement -----------------------------------------------------------


@dataclass(frozen=True)
class Troncon:
    depart: str
    arrivee: str
    distance_m: float
    arret_min: float = 0.0  # arrêt à l'arrivée (déposer les bacs pleins, reprendre les vides)


def duree_tournee(troncons: Sequence[Troncon], vitesse_m_min: float, chargement_min: float = 0.0) -> float:
    """Durée d'une tournée en minutes : trajets (distance / vitesse) + arrêts + chargement au magasin."""
    if vitesse_m_min <= 0:
        raise DonneesIncoherentes("La vitesse du train de manutention doit être positive.")
    if troncons and troncons[0].depart != troncons[-1].arrivee:
        raise DonneesIncoherentes("Une tournée revient à son point de départ (boucle fermée).")
    for avant, apres in zip(troncons, troncons[1:]):
        if avant.arrivee != apres.depart:
            raise DonneesIncoherentes(f"Tournée discontinue : {avant.arrivee} puis {apres.depart}.")
    distance = sum(t.distance_m for t in troncons)
    return distance / vitesse_m_min + sum(t.arret_min for t in troncons) + chargement_min


def tournees_possibles(temps_disponible: float, duree: float) -> int:
    """Nombre maximal de tournées complètes dans le temps disponible (arrondi à l'inférieur)."""
    if duree <= 0:
        raise DonneesIncoherentes("La durée d'une tournée doit être positive.")
    return _arrondi_inferieur(temps_disponible / duree)


def bacs_par_tournee(consommation_par_minute: float, intervalle_min: float, contenance: float) -> int:
    """Bacs à livrer à chaque passage : consommation pendant un intervalle / contenance, au supérieur."""
    if contenance <= 0:
        raise DonneesIncoherentes("La contenance d'un bac doit être positive.")
    return arrondi_superieur(consommation_par_minute * intervalle_min / contenance)


def nombre_chariots(bacs: int, bacs_par_chariot: int) -> int:
    if bacs_par_chariot <= 0:
        raise DonneesIncoherentes("Un chariot doit porter au moins un bac.")
    return arrondi_superieur(bacs / bacs_par_chariot)


# --- simulation du stock bord de ligne -----------------------------------------------------


def consommation_par_minute(quantites_par_creneau: Sequence[float], durees_min: Sequence[int]) -> list[float]:
    """Consommation régulière minute par minute (les pauses entre créneaux sont retirées)."""
    if len(quantites_par_creneau) != len(durees_min):
        raise DonneesIncoherentes("Il faut une durée par créneau.")
    return [q / d for q, d in zip(quantites_par_creneau, durees_min) for _ in range(d)]


@dataclass
class Simulation:
    stock: list[float] = field(default_factory=list)  # stock bord de ligne en fin de minute
    minutes_rupture: int = 0  # minutes où la consommation n'a pas pu être servie en entier
    manquant: float = 0.0  # quantité non servie
    livraisons: list[tuple[int, int]] = field(default_factory=list)  # (minute, bacs livrés)


def simuler_bord_de_ligne(
    consommation: Sequence[float], contenance: float, cartes: int, intervalle_min: int
) -> Simulation:
    """Stock bord de ligne d'une boucle kanban servie par une tournée toutes les ``intervalle_min`` minutes.

    Au départ, les ``cartes`` bacs sont pleins au poste. Un bac vidé laisse sa carte dans la boîte ;
    le train la ramasse au passage suivant et rapporte le bac plein au passage d'après.
    """
    if cartes < 0 or intervalle_min <= 0 or contenance <= 0:
        raise DonneesIncoherentes("Cartes ≥ 0, intervalle et contenance > 0.")
    stock, consomme, vides_signales, en_route = cartes * contenance, 0.0, 0, 0
    sim = Simulation()
    for minute, demande in enumerate(consommation):
        if minute > 0 and minute % intervalle_min == 0:
            if en_route:
                stock += en_route * contenance
                sim.livraisons.append((minute, en_route))
            vides = _arrondi_inferieur(consomme / contenance)
            en_route, vides_signales = vides - vides_signales, vides
        servi = min(stock, demande)
        if servi < demande - 1e-9:
            sim.minutes_rupture += 1
            sim.manquant += demande - servi
        stock -= servi
        consomme += servi
        sim.stock.append(stock)
    return sim
