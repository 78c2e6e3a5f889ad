"""Charge et capacité des postes de charge ; lissage de la charge.

Conventions (docs/conventions.md, section « Charge et capacité ») :
- charge d'un OF sur un poste = Σ des phases de sa gamme sur ce poste de (temps de préparation + quantité ×
  temps unitaire), en heures, placée **la semaine de l'OF** (toutes ses opérations dans la même semaine) ;
- capacité hebdomadaire d'un poste = machines × équipes × heures par équipe × jours par semaine (5),
  × rendement si on en donne un (1 par défaut) ;
- taux de charge = 100 × charge / capacité (en %) ; surcharge = max(0, charge − capacité) ;
- lissage : un OF ne se déplace qu'entre sa semaine au plus tôt et sa semaine au plus tard ; retarder dans la
  marge ne coûte rien, avancer coûte son coût d'avance par semaine (stock) ; sur le poste à lisser, les heures
  supplémentaires (plafonnées par semaine) puis la sous-traitance (en heures) absorbent le reste.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gpedu.calculs import DonneesIncoherentes

TOLERANCE_H = 1e-6


def _nb(valeur: float) -> str:
    """Nombre à la française, au plus 2 décimales."""
    return f"{float(valeur):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def capacite_hebdomadaire(
    nombre_machines: float,
    equipes: float,
    heures_par_equipe: float,
    jours_par_semaine: float = 5,
    rendement: float = 1.0,
) -> float:
    """Heures disponibles par semaine sur un poste."""
    if min(nombre_machines, equipes, heures_par_equipe, jours_par_semaine) < 0 or not 0 < rendement <= 1.5:
        raise DonneesIncoherentes("Capacité : valeurs négatives ou rendement hors de ]0 ; 1,5].")
    return float(round(nombre_machines * equipes * heures_par_equipe * jours_par_semaine * rendement, 4))


def capacites_postes(postes, rendement: float = 1.0) -> dict[str, float]:
    """Capacité hebdomadaire de chaque poste de la table ``postes_de_charge``."""
    return {
        p.code: capacite_hebdomadaire(p.nombre_machines, p.equipes, p.heures_par_equipe, p.jours_par_semaine, rendement)
        for p in postes.itertuples(index=False)
    }


@dataclass(frozen=True)
class OrdreFabrication:
    """Un OF planifié et ses marges (semaines au plus tôt et au plus tard)."""

    numero: str
    article: str
    quantite: int
    semaine: int
    au_plus_tot: int
    au_plus_tard: int
    cout_avance: float = 0.0  # € par semaine d'avance

    def __post_init__(self):
        if self.quantite <= 0:
            raise DonneesIncoherentes(f"{self.numero} : la quantité doit être positive.")
        if not self.au_plus_tot <= self.semaine <= self.au_plus_tard:
            raise DonneesIncoherentes(
                f"{self.numero} : semaine {self.semaine} hors de ses marges ({self.au_plus_tot} à {self.au_plus_tard})."
            )


Phase = tuple[str, str, float, float]  # (article, poste, temps de préparation h, temps unitaire h)


def charge_of(article: str, quantite: float, phases: Iterable[Phase]) -> dict[str, float]:
    """Heures de chaque poste pour un OF : Σ (préparation + quantité × unitaire) des phases de l'article."""
    charge: dict[str, float] = {}
    trouve = False
    for code, poste, preparation, unitaire in phases:
        if code == article:
            trouve = True
            charge[poste] = charge.get(poste, 0.0) + preparation + quantite * unitaire
    if not trouve:
        raise DonneesIncoherentes(f"Pas de gamme pour l'article « {article} ».")
    return {poste: round(h, 6) for poste, h in charge.items()}


def charge_par_poste(
    ofs: Sequence[OrdreFabrication],
    phases: Iterable[Phase],
    horizon: int,
    semaines: Mapping[str, int] | None = None,
    postes: Iterable[str] = (),
) -> dict[str, list[float]]:
    """Charge (h) de chaque poste, semaine par semaine ; ``semaines`` remplace la semaine de certains OF."""
    phases = list(phases)
    charge = {poste: [0.0] * horizon for poste in postes}
    for of in ofs:
        semaine = (semaines or {}).get(of.numero, of.semaine)
        if not 1 <= semaine <= horizon:
            raise DonneesIncoherentes(f"{of.numero} : semaine {semaine} hors de l'horizon (1 à {horizon}).")
        for poste, heures in charge_of(of.article, of.quantite, phases).items():
            charge.setdefault(poste, [0.0] * horizon)[semaine - 1] += heures
    return {poste: [round(h, 4) for h in ligne] for poste, ligne in charge.items()}


def taux_de_charge(charge: Sequence[float], capacite: float | Sequence[float]) -> list[float]:
    """Taux de charge en % (arrondi à 0,1), semaine par semaine."""
    capacites = [capacite] * len(charge) if isinstance(capacite, (int, float)) else list(capacite)
    if any(k <= 0 for k in capacites):
        raise DonneesIncoherentes("Taux de charge : la capacité doit être positive.")
    return [round(100 * c / k, 1) for c, k in zip(charge, capacites)]


def surcharges(charge: Sequence[float], capacite: float) -> list[float]:
    """Heures au-delà de la capacité (0 si le poste n'est pas surchargé)."""
    return [round(max(0.0, c - capacite), 4) for c in charge]


# --- Lissage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionsLissage:
    """Les moyens d'ajuster la capacité du poste à lisser (coûts en € par heure)."""

    poste: str
    heures_sup_max: float
    cout_heure_sup: float
    cout_sous_traitance: float

    def __post_init__(self):
        if min(self.heures_sup_max, self.cout_heure_sup, self.cout_sous_traitance) < 0:
            raise DonneesIncoherentes("Lissage : plafond et coûts doivent être >= 0.")


@dataclass
class PlanLissage:
    """Un plan de lissage : semaine de chaque OF, heures sup. et sous-traitance du poste, coût."""

    semaines: dict[str, int]
    heures_sup: list[float]
    sous_traitance: list[float]
    cout: float


def cout_lissage(
    ofs: Sequence[OrdreFabrication],
    semaines: Mapping[str, int],
    heures_sup: Sequence[float],
    sous_traitance: Sequence[float],
    options: OptionsLissage,
) -> float:
    """Coût d'un plan : avances (coût par semaine d'avance) + heures sup. + sous-traitance."""
    avance = sum(of.cout_avance * max(0, of.semaine - semaines.get(of.numero, of.semaine)) for of in ofs)
    return round(
        avance + options.cout_heure_sup * sum(heures_sup) + options.cout_sous_traitance * sum(sous_traitance), 2
    )


def ajustement_minimal(charge: Sequence[float], capacite: float, options: OptionsLissage) -> tuple[list, list]:
    """Heures sup. puis sous-traitance juste suffisantes pour absorber les surcharges d'un poste."""
    exces = surcharges(charge, capacite)
    heures_sup = [min(e, options.heures_sup_max) for e in exces]
    return heures_sup, [round(max(0.0, e - h), 6) for e, h in zip(exces, heures_sup)]


def problemes_lissage(
    ofs: Sequence[OrdreFabrication],
    phases: Iterable[Phase],
    capacites: Mapping[str, float],
    options: OptionsLissage,
    semaines: Mapping[str, int],
    heures_sup: Sequence[float],
    sous_traitance: Sequence[float],
    horizon: int,
) -> list[str]:
    """Ce qui ne va pas dans un plan de lissage (liste vide : plan valide), en français."""
    problemes = []
    connus = {of.numero for of in ofs}
    inconnus = [str(n) for n in semaines if n not in connus]
    if inconnus:
        problemes.append(f"OF inconnus : {', '.join(inconnus)}")
    for of in ofs:
        s = semaines.get(of.numero, of.semaine)
        if isinstance(s, bool) or not isinstance(s, numbers.Real) or s != int(s):
            problemes.append(f"{of.numero} : la semaine doit être un nombre entier")
        elif not of.au_plus_tot <= s <= of.au_plus_tard:
            problemes.append(
                f"{of.numero} placé en semaine {int(s)}, hors de ses marges (semaines {of.au_plus_tot} à "
                f"{of.au_plus_tard})"
            )
    for nom, valeurs in (("heures supplémentaires", heures_sup), ("sous-traitance", sous_traitance)):
        if any(v < 0 for v in valeurs):
            problemes.append(f"{nom} : une valeur est négative")
    depassement = [t + 1 for t, h in enumerate(heures_sup) if h > options.heures_sup_max + TOLERANCE_H]
    if depassement:
        problemes.append(
            f"heures supplémentaires au-delà du maximum ({options.heures_sup_max:g} h) en semaine(s) "
            + ", ".join(map(str, depassement))
        )
    if problemes:
        return problemes
    charge = charge_par_poste(ofs, phases, horizon, {n: int(s) for n, s in semaines.items()})
    for poste, ligne in charge.items():
        for t, c in enumerate(ligne):
            disponible = capacites[poste]
            if poste == options.poste:
                disponible += heures_sup[t] + sous_traitance[t]
            if c > disponible + 1e-3:
                problemes.append(
                    f"surcharge restante au poste {poste} en semaine {t + 1} : charge {_nb(c)} h pour "
                    f"{_nb(disponible)} h disponibles"
                )
    return problemes


def lissage_optimal(
    ofs: Sequence[OrdreFabrication],
    phases: Iterable[Phase],
    capacites: Mapping[str, float],
    options: OptionsLissage,
    horizon: int,
) -> PlanLissage:
    """Le plan le moins cher, par énumération des semaines possibles des OF qui chargent le poste à lisser.

    Les autres OF restent à leur semaine prévue. En cas d'égalité de coût, on garde le plan qui déplace le moins
    d'OF. Les heures sup. puis la sous-traitance absorbent ce qui reste au-dessus de la capacité.
    """
    phases = list(phases)
    mobiles = [
        of
        for of in ofs
        if of.au_plus_tot < of.au_plus_tard and options.poste in charge_of(of.article, of.quantite, phases)
    ]
    if math.prod(of.au_plus_tard - of.au_plus_tot + 1 for of in mobiles) > 200_000:
        raise DonneesIncoherentes("Lissage : trop de combinaisons à énumérer.")
    fixes = charge_par_poste([of for of in ofs if of not in mobiles], phases, horizon, postes=capacites)
    charges_of = {of.numero: charge_of(of.article, of.quantite, phases) for of in mobiles}
    # seuls les postes chargés par les OF mobiles changent d'un placement à l'autre
    touches = {options.poste} | {poste for heures in charges_of.values() for poste in heures}
    if any(c > capacites[poste] + 1e-3 for poste, ligne in fixes.items() if poste not in touches for c in ligne):
        raise DonneesIncoherentes("Lissage : aucun placement des OF ne respecte les capacités des autres postes.")
    meilleur, cle_meilleure = None, None
    for choix in itertools.product(*(range(of.au_plus_tot, of.au_plus_tard + 1) for of in mobiles)):
        charge = {poste: list(fixes.get(poste, [0.0] * horizon)) for poste in touches}
        for of, s in zip(mobiles, choix):
            for poste, h in charges_of[of.numero].items():
                charge[poste][s - 1] += h
        if any(c > capacites[poste] + 1e-3 for poste, ligne in charge.items() if poste != options.poste for c in ligne):
            continue
        heures_sup, sous_traitance = ajustement_minimal(charge[options.poste], capacites[options.poste], options)
        avance = sum(of.cout_avance * max(0, of.semaine - s) for of, s in zip(mobiles, choix))
        cout = round(
            avance + options.cout_heure_sup * sum(heures_sup) + options.cout_sous_traitance * sum(sous_traitance), 2
        )
        cle = (cout, sum(of.semaine != s for of, s in zip(mobiles, choix)))
        if cle_meilleure is None or cle < cle_meilleure:
            semaines = {of.numero: of.semaine for of in ofs}
            semaines.update({of.numero: s for of, s in zip(mobiles, choix)})
            meilleur, cle_meilleure = PlanLissage(semaines, heures_sup, sous_traitance, cout), cle
    if meilleur is None:
        raise DonneesIncoherentes("Lissage : aucun placement des OF ne respecte les capacités des autres postes.")
    return meilleur
