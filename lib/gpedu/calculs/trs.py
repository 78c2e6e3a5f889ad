"""Taux de rendement synthétique (TRS), global (TRG) et économique (TRE) selon la norme NF E60-182.

Découpage des temps (docs/conventions.md, section TRS) :

- temps total tT (24 h par jour) − fermeture = temps d'ouverture tO ;
- tO − arrêts programmés (pauses, maintenance préventive, réunions, essais, sous-charge) = temps requis tR ;
- tR − arrêts non programmés (pannes, changements de série, réglages, manques) = temps de fonctionnement tF ;
- tF − écarts de cadence (micro-arrêts, ralentissements) = temps net tN = pièces produites × temps de cycle ;
- tN − non-qualité (pièces rebutées × temps de cycle) = temps utile tU = pièces bonnes × temps de cycle.

TRS = tU / tR = disponibilité (tF/tR) × performance (tN/tF) × qualité (tU/tN) ;
TRG = tU / tO ; TRE = tU / tT. Les temps sont en minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gpedu.calculs import DonneesIncoherentes

NIVEAUX = ("total", "ouverture", "requis", "fonctionnement", "net", "utile")
PERTES = ("fermeture", "arrets_programmes", "arrets_non_programmes", "ecarts_cadence", "non_qualite")
LIBELLES_NIVEAUX = {
    "total": "Temps total",
    "ouverture": "Temps d'ouverture",
    "requis": "Temps requis",
    "fonctionnement": "Temps de fonctionnement",
    "net": "Temps net",
    "utile": "Temps utile",
}
LIBELLES_PERTES = {
    "fermeture": "Fermeture",
    "arrets_programmes": "Arrêts programmés",
    "arrets_non_programmes": "Arrêts non programmés",
    "ecarts_cadence": "Écarts de cadence",
    "non_qualite": "Non-qualité",
}
_TOLERANCE = 1e-9


def en_pourcent(taux: float) -> float:
    """Un taux (0,8123) en pourcentage arrondi à 0,1 près (81,2) : la convention d'affichage de gpedu."""
    return round(100 * taux + 0.0, 1)


@dataclass(frozen=True)
class Cascade:
    """La cascade des temps d'un moyen de production sur une période (minutes)."""

    total: float
    ouverture: float
    requis: float
    fonctionnement: float
    net: float
    utile: float

    def __post_init__(self):
        valeurs = [getattr(self, n) for n in NIVEAUX]
        if any(v < -_TOLERANCE for v in valeurs):
            raise DonneesIncoherentes("Un temps de la cascade est négatif : vérifiez les durées d'arrêt saisies.")
        for haut, bas in zip(NIVEAUX, NIVEAUX[1:]):
            if getattr(self, bas) > getattr(self, haut) + _TOLERANCE:
                message = (
                    f"{LIBELLES_NIVEAUX[bas]} ({getattr(self, bas):g} min) supérieur au "
                    f"{LIBELLES_NIVEAUX[haut].lower()} ({getattr(self, haut):g} min)"
                )
                if bas == "net":
                    message += (
                        " : la cadence réelle dépasse la cadence de référence, le temps de cycle est sans doute faux"
                    )
                raise DonneesIncoherentes(message + ".")
        if self.requis <= 0:
            raise DonneesIncoherentes("Le temps requis est nul : le TRS n'a pas de sens sur cette période.")

    # --- les pertes (ce que chaque étape retire) ---
    def pertes(self) -> dict[str, float]:
        """Ce que retire chaque étape : fermeture, arrêts programmés ou non, écarts de cadence, non-qualité."""
        niveaux = [getattr(self, n) for n in NIVEAUX]
        return {p: haut - bas for p, haut, bas in zip(PERTES, niveaux, niveaux[1:])}

    def temps(self) -> dict[str, float]:
        return {n: getattr(self, n) for n in NIVEAUX}

    # --- les taux (entre 0 et 1) ---
    @property
    def disponibilite(self) -> float:
        """Disponibilité opérationnelle tF / tR."""
        return self.fonctionnement / self.requis

    @property
    def performance(self) -> float:
        """Taux de performance tN / tF (0 si la machine n'a pas fonctionné)."""
        return self.net / self.fonctionnement if self.fonctionnement else 0.0

    @property
    def qualite(self) -> float:
        """Taux de qualité tU / tN (0 si rien n'a été produit)."""
        return self.utile / self.net if self.net else 0.0

    @property
    def trs(self) -> float:
        """TRS = tU / tR."""
        return self.utile / self.requis

    @property
    def trg(self) -> float:
        """TRG = tU / tO."""
        return self.utile / self.ouverture

    @property
    def tre(self) -> float:
        """TRE = tU / tT."""
        return self.utile / self.total

    def taux(self) -> dict[str, float]:
        """Les six taux en %, arrondis à 0,1 près."""
        return {
            "disponibilite": en_pourcent(self.disponibilite),
            "performance": en_pourcent(self.performance),
            "qualite": en_pourcent(self.qualite),
            "trs": en_pourcent(self.trs),
            "trg": en_pourcent(self.trg),
            "tre": en_pourcent(self.tre),
        }

    def __add__(self, autre: Cascade) -> Cascade:
        """Cascade de deux périodes mises bout à bout (on additionne les temps, jamais les taux)."""
        return Cascade(*(getattr(self, n) + getattr(autre, n) for n in NIVEAUX))


def cascade_par_pertes(
    *,
    temps_total: float,
    fermeture: float = 0,
    arrets_programmes: float = 0,
    arrets_non_programmes: float = 0,
    ecarts_cadence: float = 0,
    non_qualite: float = 0,
) -> Cascade:
    """Cascade à partir du temps total et de la durée de chaque perte (minutes)."""
    pertes = [fermeture, arrets_programmes, arrets_non_programmes, ecarts_cadence, non_qualite]
    if any(p < 0 for p in pertes):
        raise DonneesIncoherentes("Une perte de temps ne peut pas être négative.")
    niveaux = [temps_total]
    for perte in pertes:
        niveaux.append(niveaux[-1] - perte)
    return Cascade(*niveaux)


def cascade_production(
    *,
    temps_total: float,
    temps_ouverture: float,
    arrets_programmes: float,
    arrets_non_programmes: float,
    production: Iterable[tuple[float, int, int]],
) -> Cascade:
    """Cascade à partir d'un journal de poste.

    ``production`` : pour chaque ligne (article ou OF), ``(temps_cycle_min, pieces_produites, pieces_rebutees)``.
    Temps net = Σ pièces produites × temps de cycle ; temps utile = Σ pièces bonnes × temps de cycle.
    """
    net = utile = 0.0
    for cycle, produites, rebutees in production:
        if cycle <= 0:
            raise DonneesIncoherentes("Le temps de cycle de référence doit être positif.")
        if rebutees < 0 or produites < 0 or rebutees > produites:
            raise DonneesIncoherentes(
                f"Ligne de production incohérente : {rebutees} pièces rebutées pour {produites} produites."
            )
        net += produites * cycle
        utile += (produites - rebutees) * cycle
    if arrets_programmes < 0 or arrets_non_programmes < 0:
        raise DonneesIncoherentes("Une durée d'arrêt ne peut pas être négative.")
    requis = temps_ouverture - arrets_programmes
    return Cascade(temps_total, temps_ouverture, requis, requis - arrets_non_programmes, round(net, 6), round(utile, 6))


def trs_global(cascades: Sequence[Cascade]) -> Cascade:
    """Cascade de plusieurs périodes : somme des temps (le TRS de la semaine n'est pas la moyenne des TRS du jour)."""
    if not cascades:
        raise DonneesIncoherentes("Aucune période à regrouper.")
    total = cascades[0]
    for c in cascades[1:]:
        total = total + c
    return total


def taux_depuis(temps: Mapping[str, float]) -> dict[str, float]:
    """Les taux (en %) d'un dictionnaire de temps {niveau: minutes}."""
    return Cascade(*(temps[n] for n in NIVEAUX)).taux()
