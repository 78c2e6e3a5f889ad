"""Calendrier d'ouverture de l'usine : jours ouvrés, jours fériés français, régimes d'équipes, capacité.

Conventions (docs/conventions.md, section « Données techniques et calendrier ») :

- un **jour ouvré** est un jour de la semaine de travail (lundi à vendredi par défaut) qui n'est ni un
  jour férié, ni un jour de fermeture de l'usine (congés, pont) ;
- les 11 jours fériés français sont **calculés** : 1er janvier, lundi de Pâques, 1er mai, 8 mai,
  Ascension (Pâques + 39 jours), lundi de Pentecôte (Pâques + 50 jours), 14 juillet, 15 août,
  1er novembre, 11 novembre, 25 décembre ; Pâques par ``dateutil.easter`` (calendrier grégorien) ;
- un intervalle ``debut..fin`` de dates est **inclusif** aux deux bouts ;
- ``ajouter_jours_ouvres(d, n)`` rend le n-ième jour ouvré **après** ``d`` (``d`` exclu) ; ``n`` négatif
  compte vers le passé ; ``n = 0`` rend ``d`` s'il est ouvré, sinon le jour ouvré suivant ;
- régime d'équipes : 1×8 = 1 équipe, 2×8 = 2 équipes, 3×8 = 3 équipes par jour ouvré ; une équipe
  travaille ``heures_par_equipe`` heures (7,5 h chez Vallet Manutention : 8 h de présence moins la pause) ;
- capacité d'un poste (h) = nombre de machines × équipes × heures par équipe × jours ouvrés de la période.

Exemple::

    >>> from datetime import date
    >>> usine = CalendrierUsine()
    >>> usine.est_ouvre(date(2027, 5, 6))          # Ascension
    False
    >>> usine.ajouter_jours_ouvres(date(2027, 5, 5), 1)
    datetime.date(2027, 5, 7)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from dateutil.easter import easter

JOURS_SEMAINE = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
REGIMES = {"1x8": 1, "2x8": 2, "3x8": 3}
HEURES_PAR_EQUIPE = 7.5


class CalendrierIncoherent(ValueError):
    """Paramètre de calendrier incohérent (message en français)."""


def jours_feries(annee: int) -> dict[dt.date, str]:
    """Les 11 jours fériés légaux de France métropolitaine pour ``annee`` : {date: nom}, triés par date.

    Certaines années, l'Ascension tombe un 1er ou un 8 mai : il n'y a alors que 10 dates."""
    return dict(_feries(int(annee)))


@cache
def _feries(annee: int) -> dict[dt.date, str]:
    paques = easter(annee)
    liste = [
        (dt.date(annee, 1, 1), "Jour de l'an"),
        (paques + dt.timedelta(days=1), "Lundi de Pâques"),
        (dt.date(annee, 5, 1), "Fête du travail"),
        (dt.date(annee, 5, 8), "Victoire 1945"),
        (paques + dt.timedelta(days=39), "Ascension"),
        (paques + dt.timedelta(days=50), "Lundi de Pentecôte"),
        (dt.date(annee, 7, 14), "Fête nationale"),
        (dt.date(annee, 8, 15), "Assomption"),
        (dt.date(annee, 11, 1), "Toussaint"),
        (dt.date(annee, 11, 11), "Armistice 1918"),
        (dt.date(annee, 12, 25), "Noël"),
    ]
    feries: dict[dt.date, str] = {}
    for jour, nom in liste:  # deux fêtes le même jour (Ascension un 1er ou un 8 mai) : un seul jour férié
        feries[jour] = f"{feries[jour]} et {nom}" if jour in feries else nom
    return dict(sorted(feries.items()))


def nombre_equipes(regime: str | int) -> int:
    """Nombre d'équipes d'un régime : ``"1x8"`` (ou ``"1×8"``, ou 1) → 1, ``"2x8"`` → 2, ``"3x8"`` → 3."""
    if isinstance(regime, int) and not isinstance(regime, bool):
        equipes = regime
    else:
        texte = str(regime).replace("×", "x").replace(" ", "").lower()
        if texte not in REGIMES:
            raise CalendrierIncoherent(f"Régime d'équipes inconnu « {regime} » : choisir 1x8, 2x8 ou 3x8.")
        equipes = REGIMES[texte]
    if equipes not in (1, 2, 3):
        raise CalendrierIncoherent(f"Régime d'équipes impossible : {equipes} équipes (1, 2 ou 3 par jour).")
    return equipes


def heures_par_jour(regime: str | int, heures_par_equipe: float = HEURES_PAR_EQUIPE) -> float:
    """Heures d'ouverture d'une machine par jour ouvré : équipes × heures par équipe."""
    if not 0 < heures_par_equipe <= 8:
        raise CalendrierIncoherent(f"Une équipe travaille entre 0 et 8 h par jour, pas {heures_par_equipe} h.")
    return nombre_equipes(regime) * heures_par_equipe


def _date(valeur) -> dt.date:
    """Accepte une date, un datetime ou un texte « AAAA-MM-JJ » / « JJ/MM/AAAA »."""
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    if hasattr(valeur, "date") and callable(valeur.date):  # pandas.Timestamp
        return valeur.date()
    texte = str(valeur).strip()
    for format_ in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise CalendrierIncoherent(f"Date illisible « {valeur} » : écrire date(2027, 5, 12) ou « 12/05/2027 ».")


def en_date(valeur) -> dt.date:
    """Une date depuis une date, un datetime, un Timestamp ou un texte « AAAA-MM-JJ » / « JJ/MM/AAAA »."""
    return _date(valeur)


def texte_date(jour: dt.date, *, avec_jour: bool = True) -> str:
    """Date à la française : « mercredi 12/05/2027 »."""
    jour = _date(jour)
    return f"{JOURS_SEMAINE[jour.weekday()]} {jour:%d/%m/%Y}" if avec_jour else f"{jour:%d/%m/%Y}"


@dataclass(frozen=True)
class CalendrierUsine:
    """Calendrier d'ouverture de l'usine.

    - ``jours_travailles`` : numéros des jours de la semaine travaillés (0 = lundi … 6 = dimanche) ;
    - ``fermetures`` : {date: motif} des jours de fermeture en plus des fériés (congés d'été, ponts) ;
    - ``feries_travailles`` : jours fériés où l'usine travaille quand même (ex. lundi de Pentecôte,
      journée de solidarité) ;
    - ``avec_feries`` : False pour un calendrier sans jours fériés (exercices simplifiés).
    """

    jours_travailles: tuple[int, ...] = (0, 1, 2, 3, 4)
    fermetures: Mapping[dt.date, str] = field(default_factory=dict)
    feries_travailles: frozenset[dt.date] = frozenset()
    avec_feries: bool = True

    def __post_init__(self):
        if not self.jours_travailles or any(j not in range(7) for j in self.jours_travailles):
            raise CalendrierIncoherent("Jours travaillés : des numéros de 0 (lundi) à 6 (dimanche), au moins un.")
        object.__setattr__(self, "fermetures", {_date(d): m for d, m in dict(self.fermetures).items()})
        object.__setattr__(self, "feries_travailles", frozenset(_date(d) for d in self.feries_travailles))

    # --- jours ---------------------------------------------------------------------------------

    def motif_fermeture(self, jour) -> str | None:
        """Pourquoi l'usine est fermée ce jour-là (« samedi », « Ascension », « Congés d'été »), ou None."""
        jour = _date(jour)
        if jour in self.fermetures:
            return self.fermetures[jour]
        if self.avec_feries and jour not in self.feries_travailles:
            nom = _feries(jour.year).get(jour)
            if nom:
                return nom
        if jour.weekday() not in self.jours_travailles:
            return JOURS_SEMAINE[jour.weekday()]
        return None

    def est_ouvre(self, jour) -> bool:
        """Vrai si l'usine travaille ce jour-là."""
        return self.motif_fermeture(jour) is None

    def jours_ouvres(self, debut, fin) -> list[dt.date]:
        """Les jours ouvrés de ``debut`` à ``fin`` inclus."""
        debut, fin = _date(debut), _date(fin)
        return [d for d in _jours(debut, fin) if self.est_ouvre(d)]

    def nombre_jours_ouvres(self, debut, fin) -> int:
        """Nombre de jours ouvrés de ``debut`` à ``fin`` inclus (0 si ``fin`` < ``debut``)."""
        return len(self.jours_ouvres(debut, fin))

    def jours_non_ouvres(self, debut, fin) -> dict[dt.date, str]:
        """{date: motif} des jours non ouvrés de ``debut`` à ``fin`` inclus."""
        return {d: self.motif_fermeture(d) for d in _jours(_date(debut), _date(fin)) if not self.est_ouvre(d)}

    def jour_ouvre_suivant(self, jour, *, inclus: bool = True) -> dt.date:
        """Le premier jour ouvré à partir de ``jour`` (``jour`` lui-même s'il est ouvré et ``inclus``)."""
        jour = _date(jour)
        if not inclus:
            jour += dt.timedelta(days=1)
        for _ in range(3700):
            if self.est_ouvre(jour):
                return jour
            jour += dt.timedelta(days=1)
        raise CalendrierIncoherent("Aucun jour ouvré trouvé dans les dix ans qui suivent.")

    def jour_ouvre_precedent(self, jour, *, inclus: bool = True) -> dt.date:
        """Le dernier jour ouvré jusqu'à ``jour`` (``jour`` lui-même s'il est ouvré et ``inclus``)."""
        jour = _date(jour)
        if not inclus:
            jour -= dt.timedelta(days=1)
        for _ in range(3700):
            if self.est_ouvre(jour):
                return jour
            jour -= dt.timedelta(days=1)
        raise CalendrierIncoherent("Aucun jour ouvré trouvé dans les dix ans qui précèdent.")

    def ajouter_jours_ouvres(self, jour, n: int) -> dt.date:
        """Le n-ième jour ouvré après ``jour`` (``jour`` exclu) ; vers le passé si ``n`` < 0.

        ``n = 0`` rend ``jour`` s'il est ouvré, sinon le jour ouvré suivant.
        Pour un jour ouvré ``d`` : ``retirer_jours_ouvres(ajouter_jours_ouvres(d, n), n) == d``.
        """
        jour = _date(jour)
        n = int(n)
        if n == 0:
            return self.jour_ouvre_suivant(jour)
        pas = 1 if n > 0 else -1
        for _ in range(abs(n)):
            jour = (
                self.jour_ouvre_suivant(jour, inclus=False)
                if pas > 0
                else self.jour_ouvre_precedent(jour, inclus=False)
            )
        return jour

    def retirer_jours_ouvres(self, jour, n: int) -> dt.date:
        """Le n-ième jour ouvré avant ``jour`` (``jour`` exclu)."""
        return self.ajouter_jours_ouvres(jour, -int(n))

    def ecart_jours_ouvres(self, debut, fin) -> int:
        """Nombre de jours ouvrés à ajouter à ``debut`` (ouvré) pour atteindre ``fin`` (ouvré) ; négatif si avant."""
        debut, fin = _date(debut), _date(fin)
        if fin >= debut:
            return self.nombre_jours_ouvres(debut + dt.timedelta(days=1), fin)
        return -self.nombre_jours_ouvres(fin + dt.timedelta(days=1), debut)

    # --- capacité ------------------------------------------------------------------------------

    def capacite(
        self, debut, fin, *, regime: str | int = "1x8", machines: int = 1, heures_par_equipe: float = HEURES_PAR_EQUIPE
    ) -> float:
        """Capacité (heures) d'un poste de ``debut`` à ``fin`` inclus :
        machines × équipes × heures par équipe × jours ouvrés."""
        if machines < 1:
            raise CalendrierIncoherent(f"Un poste de charge a au moins une machine, pas {machines}.")
        return machines * heures_par_jour(regime, heures_par_equipe) * self.nombre_jours_ouvres(debut, fin)

    def capacite_poste(self, poste: Mapping, debut, fin) -> float:
        """Capacité (heures) d'un poste décrit comme une ligne de ``postes_de_charge``
        (``nombre_machines``, ``equipes``, ``heures_par_equipe``)."""
        return self.capacite(
            debut,
            fin,
            regime=int(poste["equipes"]),
            machines=int(poste["nombre_machines"]),
            heures_par_equipe=float(poste["heures_par_equipe"]),
        )

    def tableau(self, debut, fin):
        """Tableau pandas jour par jour (date, jour, ouvré, motif) de ``debut`` à ``fin`` inclus."""
        import pandas as pd

        jours = _jours(_date(debut), _date(fin))
        return pd.DataFrame(
            {
                "date": jours,
                "jour": [JOURS_SEMAINE[d.weekday()] for d in jours],
                "ouvre": [self.est_ouvre(d) for d in jours],
                "motif": [self.motif_fermeture(d) or "" for d in jours],
            }
        )


def _jours(debut: dt.date, fin: dt.date) -> list[dt.date]:
    return [debut + dt.timedelta(days=i) for i in range((fin - debut).days + 1)]


def fermetures_depuis_table(table, annee: int | None = None) -> dict[dt.date, str]:
    """{date: motif} depuis une table (``debut``, ``fin``, ``motif``) de périodes de fermeture inclusives."""
    fermetures: dict[dt.date, str] = {}
    for debut, fin, motif in zip(table["debut"], table["fin"], table["motif"]):
        debut, fin = _date(debut), _date(fin)
        if fin < debut:
            raise CalendrierIncoherent(f"Fermeture « {motif} » : la fin ({fin:%d/%m/%Y}) est avant le début.")
        for jour in _jours(debut, fin):
            if annee is None or jour.year == annee:
                fermetures[jour] = motif
    return fermetures


def calendrier_vallet(annee: int | None = None) -> CalendrierUsine:
    """Le calendrier de Vallet Manutention : lundi-vendredi, fériés, fermetures de la table
    ``donnees_techniques_fermetures`` (congés d'été, ponts, fin d'année)."""
    from gpedu import entreprise

    return CalendrierUsine(
        fermetures=fermetures_depuis_table(entreprise.charger("donnees_techniques_fermetures"), annee)
    )


def jours(dates: Iterable) -> list[dt.date]:
    """Convertit une suite de dates (textes, datetime) en ``datetime.date``."""
    return [_date(d) for d in dates]
