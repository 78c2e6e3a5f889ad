"""Jalonnement d'un ordre de fabrication (OF) au plus tôt et au plus tard, sur le calendrier de l'usine.

Conventions (docs/conventions.md, section « Jalonnement ») — à capacité infinie :

- unité : le **jour ouvré** du calendrier de l'usine (``gpedu.calculs.calendrier``) ;
- heures par jour d'un poste = équipes × heures par équipe (un OF occupe **une** machine du poste) ;
- durée d'une opération (jours ouvrés) = (T_prép + Q × T_u) / heures par jour, arrondie au **jour entier
  supérieur** (pas de demi-journée ; au moins 1 jour) ;
- une opération commence en **début** de journée et finit en **fin** de journée : date de fin incluse ;
- entre deux opérations : d'abord le **transfert** (après l'opération amont, propre au poste amont), puis
  l'**attente** (file devant le poste aval, propre au poste aval), en jours ouvrés entiers ; pas d'attente
  avant la première opération, pas de transfert après la dernière ;
- au plus tôt : la 1re opération commence le jour de lancement (ou le jour ouvré suivant s'il est fermé) ;
- au plus tard : la dernière opération finit le jour de besoin (ou le jour ouvré précédent s'il est fermé) ;
- **marge** (jours ouvrés) = nombre de jours ouvrés de la fin au plus tôt jusqu'au jour de besoin
  = début au plus tard − début au plus tôt ; marge < 0 : l'OF est **en retard** de −marge jours ouvrés.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from gpedu.calculs import arrondi_superieur
from gpedu.calculs.calendrier import CalendrierUsine, heures_par_jour


class JalonnementImpossible(ValueError):
    """Donnée de jalonnement incohérente (message en français)."""


@dataclass(frozen=True)
class Operation:
    """Une opération de la gamme, avec ce qu'il faut pour la placer sur le calendrier."""

    phase: int
    poste: str
    temps_preparation_h: float
    temps_unitaire_h: float
    heures_par_jour: float
    attente_jours: int = 0  # file d'attente devant le poste, avant l'opération
    transfert_jours: int = 0  # transfert après l'opération, vers le poste suivant
    designation: str = ""

    def __post_init__(self):
        if self.heures_par_jour <= 0:
            raise JalonnementImpossible(f"Phase {self.phase} : le poste {self.poste} n'a aucune heure d'ouverture.")
        if self.temps_preparation_h < 0 or self.temps_unitaire_h <= 0:
            raise JalonnementImpossible(
                f"Phase {self.phase} : temps de préparation >= 0 et temps unitaire > 0 attendus."
            )
        if self.attente_jours < 0 or self.transfert_jours < 0:
            raise JalonnementImpossible(f"Phase {self.phase} : attente et transfert sont des jours >= 0.")

    def temps_h(self, quantite: float) -> float:
        """Temps de l'opération pour le lot (h) = préparation + quantité × temps unitaire."""
        return self.temps_preparation_h + quantite * self.temps_unitaire_h

    def duree_jours(self, quantite: float) -> int:
        """Durée en jours ouvrés, arrondie au jour entier supérieur (au moins 1)."""
        return duree_jours(self.temps_h(quantite), self.heures_par_jour)


def duree_jours(temps_h: float, heures_par_jour: float) -> int:
    """Jours ouvrés entiers pour ``temps_h`` heures à ``heures_par_jour`` heures par jour (arrondi supérieur,
    sans les erreurs de représentation des flottants : 15 h à 7,5 h/j donnent 2 jours, pas 3)."""
    if temps_h < 0:
        raise JalonnementImpossible(f"Temps négatif ({temps_h} h) : impossible à jalonner.")
    return max(1, arrondi_superieur(temps_h / heures_par_jour))


@dataclass(frozen=True)
class OperationJalonnee:
    phase: int
    poste: str
    temps_h: float
    duree_jours: int
    debut: dt.date
    fin: dt.date


@dataclass(frozen=True)
class Jalonnement:
    """Les dates d'un OF (au plus tôt ou au plus tard)."""

    sens: str  # "au plus tôt" ou "au plus tard"
    operations: tuple[OperationJalonnee, ...]

    @property
    def debut(self) -> dt.date:
        return self.operations[0].debut

    @property
    def fin(self) -> dt.date:
        return self.operations[-1].fin

    def planning(self) -> dict[int, tuple[dt.date, dt.date]]:
        """{phase: (date de début, date de fin)}."""
        return {op.phase: (op.debut, op.fin) for op in self.operations}

    def tableau(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "phase": [op.phase for op in self.operations],
                "poste": [op.poste for op in self.operations],
                "temps_h": [round(op.temps_h, 4) for op in self.operations],
                "duree_jours": [op.duree_jours for op in self.operations],
                "debut": [op.debut for op in self.operations],
                "fin": [op.fin for op in self.operations],
            }
        ).set_index("phase")

    def taches(self, ligne: str | None = None, nom: str = "") -> list[tuple[str, str, dt.date, dt.date]]:
        """Les tâches du Gantt (``gpedu.graphiques.gantt``) : une ligne par poste (libellé « nom phase »),
        ou toutes les opérations sur la seule ligne ``ligne`` (libellé : la phase)."""
        return [
            (ligne or op.poste, f"{op.phase}" if ligne else f"{nom} {op.phase}".strip(), op.debut, op.fin)
            for op in self.operations
        ]


def _verifier(operations: Sequence[Operation], quantite: float):
    if not operations:
        raise JalonnementImpossible("La gamme de l'OF n'a aucune opération.")
    if quantite <= 0:
        raise JalonnementImpossible(f"La quantité de l'OF doit être > 0, pas {quantite}.")


def jalonner_au_plus_tot(
    operations: Sequence[Operation], quantite: float, date_lancement, calendrier: CalendrierUsine
) -> Jalonnement:
    """Jalonnement au plus tôt : on part de la date de lancement et on avance ; la marge est à la fin."""
    _verifier(operations, quantite)
    jour = fin = calendrier.jour_ouvre_suivant(date_lancement)
    placees = []
    for rang, op in enumerate(operations):
        if rang > 0:
            ecart = operations[rang - 1].transfert_jours + op.attente_jours
            jour = calendrier.ajouter_jours_ouvres(fin, ecart + 1)
        duree = op.duree_jours(quantite)
        fin = calendrier.ajouter_jours_ouvres(jour, duree - 1)
        placees.append(OperationJalonnee(op.phase, op.poste, op.temps_h(quantite), duree, jour, fin))
    return Jalonnement("au plus tôt", tuple(placees))


def jalonner_au_plus_tard(
    operations: Sequence[Operation], quantite: float, date_besoin, calendrier: CalendrierUsine
) -> Jalonnement:
    """Jalonnement au plus tard : on part de la date de besoin et on recule ; la marge est au début."""
    _verifier(operations, quantite)
    fin = debut = calendrier.jour_ouvre_precedent(date_besoin)
    placees = []
    for rang in range(len(operations) - 1, -1, -1):
        op = operations[rang]
        if rang < len(operations) - 1:
            ecart = op.transfert_jours + operations[rang + 1].attente_jours
            fin = calendrier.retirer_jours_ouvres(debut, ecart + 1)
        duree = op.duree_jours(quantite)
        debut = calendrier.retirer_jours_ouvres(fin, duree - 1)
        placees.append(OperationJalonnee(op.phase, op.poste, op.temps_h(quantite), duree, debut, fin))
    return Jalonnement("au plus tard", tuple(reversed(placees)))


def delai_of(operations: Sequence[Operation], quantite: float) -> int:
    """Délai de fabrication de l'OF en jours ouvrés : durées + transferts + attentes."""
    _verifier(operations, quantite)
    durees = sum(op.duree_jours(quantite) for op in operations)
    entre = sum(op.transfert_jours for op in operations[:-1]) + sum(op.attente_jours for op in operations[1:])
    return durees + entre


@dataclass(frozen=True)
class ResultatOF:
    """Le jalonnement complet d'un OF : au plus tôt, au plus tard, marge et retard."""

    of: str
    article: str
    quantite: float
    date_lancement: dt.date
    date_besoin: dt.date
    plus_tot: Jalonnement
    plus_tard: Jalonnement
    marge: int  # jours ouvrés ; négative = retard
    alertes: list[str] = field(default_factory=list)

    @property
    def retard(self) -> int:
        return max(0, -self.marge)

    @property
    def debut_au_plus_tard(self) -> dt.date:
        return self.plus_tard.debut

    @property
    def fin_au_plus_tot(self) -> dt.date:
        return self.plus_tot.fin


def jalonner_of(
    operations: Sequence[Operation],
    quantite: float,
    date_lancement,
    date_besoin,
    calendrier: CalendrierUsine,
    *,
    of: str = "",
    article: str = "",
) -> ResultatOF:
    """Jalonne un OF dans les deux sens et calcule sa marge (jours ouvrés)."""
    plus_tot = jalonner_au_plus_tot(operations, quantite, date_lancement, calendrier)
    plus_tard = jalonner_au_plus_tard(operations, quantite, date_besoin, calendrier)
    marge = calendrier.ecart_jours_ouvres(plus_tot.fin, plus_tard.fin)
    alertes = []
    if marge < 0:
        alertes.append(
            f"{of or 'OF'} : fin au plus tôt le {plus_tot.fin:%d/%m/%Y}, après la date de besoin "
            f"({plus_tard.fin:%d/%m/%Y}) : retard de {-marge} jour(s) ouvré(s). Il aurait fallu lancer "
            f"le {plus_tard.debut:%d/%m/%Y}."
        )
    return ResultatOF(
        of,
        article,
        quantite,
        calendrier.jour_ouvre_suivant(date_lancement),
        plus_tard.fin,
        plus_tot,
        plus_tard,
        marge,
        alertes,
    )


def operations_gamme(
    gammes: pd.DataFrame,
    postes: pd.DataFrame,
    article: str,
    *,
    attentes: Mapping[str, int] | None = None,
    transferts: Mapping[str, int] | None = None,
) -> list[Operation]:
    """Les opérations d'un article depuis les tables ``gammes`` et ``postes_de_charge`` de la GPAO.

    ``attentes`` et ``transferts`` : jours ouvrés par poste (0 par défaut)."""
    gamme = gammes[gammes["article"] == article].sort_values("phase")
    if gamme.empty:
        raise JalonnementImpossible(f"L'article {article} n'a pas de gamme : impossible de le jalonner.")
    table_postes = postes.set_index("code")
    operations = []
    for ligne in gamme.itertuples(index=False):
        if ligne.poste not in table_postes.index:
            raise JalonnementImpossible(f"Phase {ligne.phase} de {article} : poste {ligne.poste} inconnu.")
        poste = table_postes.loc[ligne.poste]
        operations.append(
            Operation(
                phase=int(ligne.phase),
                poste=ligne.poste,
                temps_preparation_h=float(ligne.temps_preparation_h),
                temps_unitaire_h=float(ligne.temps_unitaire_h),
                heures_par_jour=heures_par_jour(int(poste.equipes), float(poste.heures_par_equipe)),
                attente_jours=int((attentes or {}).get(ligne.poste, 0)),
                transfert_jours=int((transferts or {}).get(ligne.poste, 0)),
                designation=str(getattr(ligne, "designation", "")),
            )
        )
    return operations
