"""Suivi de fabrication : avancement des OF par rapport au plan et causes d'arrêt.

Conventions (docs/conventions.md, section TRS et suivi) :
- les jours de la période sont numérotés 1, 2, … ; un OF est suivi en **pièces bonnes** (les rebuts ne comptent pas) ;
- écart d'un OF = pièces bonnes réalisées − quantité prévue (négatif : il en manque) ;
- un OF est **en retard** si, à la fin de son jour de fin prévu (déjà passé), ses pièces bonnes cumulées
  sont inférieures à la quantité prévue, même s'il a été terminé plus tard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gpedu.calculs import DonneesIncoherentes


@dataclass(frozen=True)
class OrdreSuivi:
    of: str
    article: str
    quantite: int
    jour_debut_prevu: int
    jour_fin_prevu: int


@dataclass(frozen=True)
class Avancement:
    of: str
    quantite: int
    realise: int
    ecart: int
    jour_fin_prevu: int
    jour_fin_reel: int | None
    en_retard: bool

    @property
    def pourcentage(self) -> float:
        return round(100 * self.realise / self.quantite, 1)

    @property
    def statut(self) -> str:
        if self.jour_fin_reel is not None:
            return "terminé en retard" if self.jour_fin_reel > self.jour_fin_prevu else "terminé à l'heure"
        return "en retard" if self.en_retard else "en cours"


def bonnes_par_jour(production: Iterable[Mapping], of: str) -> dict[int, int]:
    """Pièces bonnes de l'OF ``of``, jour par jour (produites − rebutées)."""
    jours: dict[int, int] = {}
    for ligne in production:
        if ligne["of"] != of:
            continue
        produites, rebutees = int(ligne["pieces_produites"]), int(ligne["pieces_rebutees"])
        if rebutees > produites or rebutees < 0:
            raise DonneesIncoherentes(f"{of}, jour {ligne['jour']} : {rebutees} rebuts pour {produites} pièces.")
        jours[int(ligne["jour"])] = jours.get(int(ligne["jour"]), 0) + produites - rebutees
    return jours


def avancement(ordres: Iterable[OrdreSuivi], production: Iterable[Mapping], jour_courant: int) -> list[Avancement]:
    """Avancement de chaque OF à la fin du jour ``jour_courant``."""
    production = list(production)
    resultat = []
    for ordre in ordres:
        if ordre.quantite <= 0:
            raise DonneesIncoherentes(f"{ordre.of} : quantité prévue nulle ou négative.")
        jours = bonnes_par_jour(production, ordre.of)
        cumul, fin_reelle, a_la_fin_prevue = 0, None, 0
        for jour in range(1, jour_courant + 1):
            cumul += jours.get(jour, 0)
            if fin_reelle is None and cumul >= ordre.quantite:
                fin_reelle = jour
            if jour == ordre.jour_fin_prevu:
                a_la_fin_prevue = cumul
        en_retard = ordre.jour_fin_prevu <= jour_courant and a_la_fin_prevue < ordre.quantite
        resultat.append(
            Avancement(
                ordre.of, ordre.quantite, cumul, cumul - ordre.quantite, ordre.jour_fin_prevu, fin_reelle, en_retard
            )
        )
    return resultat


def durees_par_cause(arrets: Iterable[Mapping], *, type_arret: str | None = "non programmé") -> dict[str, int]:
    """Durée totale (min) de chaque cause d'arrêt, de la plus longue à la plus courte (égalité : ordre alphabétique)."""
    durees: dict[str, int] = {}
    for a in arrets:
        if type_arret is not None and a["type"] != type_arret:
            continue
        durees[a["cause"]] = durees.get(a["cause"], 0) + int(a["duree_min"])
    return dict(sorted(durees.items(), key=lambda kv: (-kv[1], kv[0])))


def nombres_par_cause(arrets: Iterable[Mapping], *, type_arret: str | None = "non programmé") -> dict[str, int]:
    """Nombre d'arrêts de chaque cause."""
    nombres: dict[str, int] = {}
    for a in arrets:
        if type_arret is None or a["type"] == type_arret:
            nombres[a["cause"]] = nombres.get(a["cause"], 0) + 1
    return dict(sorted(nombres.items(), key=lambda kv: (-kv[1], kv[0])))
