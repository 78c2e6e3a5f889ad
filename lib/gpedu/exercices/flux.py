"""Cas du cahier « Alimenter les ateliers » (source/bdc2_lancement/04_flux_vers_les_ateliers)."""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from dataclasses import dataclass

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import arrondi_superieur, flux
from gpedu.calculs.flux import Troncon
from gpedu.variantes import autour, exiger, exiger_pistes_distinctes, par_apprenant


@dataclass(frozen=True)
class ParametresFlux:
    """Les paramètres du cas. Un champ à ``None`` : la valeur des tables flux_* (cas de base)."""

    poste: str = "MONT"
    vitesse_m_min: float = 75.0
    chargement_min: float = 6.0
    intervalle_min: int = 60
    bacs_par_chariot: int = 4
    # variantes (None : tables flux_*)
    programme_poste: dict[tuple[str, int], int] | None = None  # (article, créneau) → quantité, au poste étudié
    kanban: dict[str, tuple[int, float, float]] | None = None  # composant → (contenance, délai en h, α)
    troncons: tuple[Troncon, ...] | None = None


@dataclass(frozen=True)
class CasFlux:
    parametres: ParametresFlux
    programme: pd.DataFrame
    durees_creneaux: list[int]
    consommations: list[tuple[str, str, str]]
    nomenclature: dict[tuple[str, str], float]
    kanban: pd.DataFrame  # index composant : contenance, delai_h, alpha
    troncons: list[Troncon]

    @property
    def temps_disponible(self) -> int:
        return sum(self.durees_creneaux)

    @property
    def poste(self) -> str:
        return self.parametres.poste

    # -- besoins bord de ligne
    def _besoins(self, consommations, nomenclature) -> dict[str, dict[str, list[int]]]:
        lignes = self.programme[["poste", "article", "creneau", "quantite"]].itertuples(index=False)
        besoins = flux.besoins_bord_de_ligne(
            [(p, a, int(c), int(q)) for p, a, c, q in lignes], consommations, nomenclature, len(self.durees_creneaux)
        )
        return {p: {c: [int(v) for v in liste] for c, liste in d.items()} for p, d in besoins.items()}

    def besoins(self) -> dict[str, list[int]]:
        return self._besoins(self.consommations, self.nomenclature)[self.poste]

    def erreurs_besoins(self) -> dict[str, dict[str, list[int]]]:
        sans_coef = {k: 1 for k in self.nomenclature}
        erreurs = {
            "coefficient de nomenclature oublié (quantité par produit)": self._besoins(self.consommations, sans_coef)[
                self.poste
            ]
        }
        for parent in sorted({p for poste, p, _ in self.consommations if poste == self.poste}):
            autres = [c for c in self.consommations if not (c[0] == self.poste and c[1] == parent)]
            partiel = self._besoins(autres, self.nomenclature).get(self.poste, {})
            erreurs[f"les besoins venant de {parent} manquent"] = {
                c: partiel.get(c, [0] * len(self.durees_creneaux)) for c in self.besoins()
            }
        return erreurs

    # -- kanban
    def demande_horaire(self) -> dict[str, float]:
        """Consommation moyenne par heure au poste, sur la journée."""
        heures = self.temps_disponible / 60
        return {c: sum(q) / heures for c, q in self.besoins().items()}

    def cartes(self) -> dict[str, int]:
        d = self.demande_horaire()
        return {c: flux.nombre_kanbans(d[c], k.delai_h, k.contenance, k.alpha) for c, k in self.kanban.iterrows()}

    def erreurs_cartes(self) -> dict[str, dict[str, int]]:
        d = self.demande_horaire()

        def brut(c, k):
            return d[c] * k.delai_h * (1 + k.alpha) / k.contenance

        return {
            "le nombre de cartes s'arrondit au SUPÉRIEUR (sinon la boucle manque de bacs)": {
                c: math.floor(round(brut(c, k), 9)) for c, k in self.kanban.iterrows()
            },
            "le coefficient de sécurité α a été oublié : multipliez par (1 + α)": {
                c: flux.nombre_kanbans(d[c], k.delai_h, k.contenance) for c, k in self.kanban.iterrows()
            },
            "D et L doivent être dans la même unité : ici le délai est en heures, la demande aussi": {
                c: flux.nombre_kanbans(d[c] / 60, k.delai_h, k.contenance, k.alpha) for c, k in self.kanban.iterrows()
            },
        }

    # -- tournée
    def duree_tournee(self) -> float:
        return flux.duree_tournee(self.troncons, self.parametres.vitesse_m_min, self.parametres.chargement_min)

    def erreurs_duree(self) -> dict[str, float]:
        p = self.parametres
        return {
            "le temps de chargement au magasin fait partie de la tournée": flux.duree_tournee(
                self.troncons, p.vitesse_m_min
            ),
            "les arrêts aux postes font partie de la tournée": flux.duree_tournee(
                [Troncon(t.depart, t.arrivee, t.distance_m) for t in self.troncons], p.vitesse_m_min, p.chargement_min
            ),
            "le retour au magasin fait partie de la tournée (boucle fermée)": (
                sum(t.distance_m for t in self.troncons[:-1]) / p.vitesse_m_min
                + sum(t.arret_min for t in self.troncons)
                + p.chargement_min
            ),
        }

    def demande_poste(self) -> int:
        return int(self.programme[self.programme.poste == self.poste].quantite.sum())

    def takt(self) -> float:
        return flux.takt(self.temps_disponible, self.demande_poste())

    def erreurs_takt(self) -> dict[str, float]:
        return {"takt = temps disponible / demande (et non l'inverse)": self.demande_poste() / self.temps_disponible}

    def tournees_max(self) -> int:
        return flux.tournees_possibles(self.temps_disponible, self.duree_tournee())

    def erreurs_tournees_max(self) -> dict[str, int]:
        return {
            "une tournée entamée ne compte pas : arrondissez à l'inférieur": math.ceil(
                self.temps_disponible / self.duree_tournee()
            ),
            "le temps disponible est la somme des créneaux, pauses exclues": math.floor(
                (self.temps_disponible + 45 + 45) / self.duree_tournee()
            ),
        }

    # -- bacs et chariots
    def bacs(self) -> dict[str, int]:
        d = self.demande_horaire()
        return {
            c: flux.bacs_par_tournee(d[c] / 60, self.parametres.intervalle_min, k.contenance)
            for c, k in self.kanban.iterrows()
        }

    def chariots(self) -> int:
        return flux.nombre_chariots(sum(self.bacs().values()), self.parametres.bacs_par_chariot)

    def erreurs_bacs(self) -> dict[str, dict[str, int]]:
        d = self.demande_horaire()
        return {
            "un bac entamé se livre plein : arrondissez au supérieur": {
                c: math.floor(round(d[c] * self.parametres.intervalle_min / 60 / k.contenance, 9))
                for c, k in self.kanban.iterrows()
            },
            "vous avez compté des pièces, pas des bacs : divisez par la contenance": {
                c: arrondi_superieur(d[c] * self.parametres.intervalle_min / 60) for c in self.kanban.index
            },
        }

    def erreurs_chariots(self) -> dict[str, int]:
        return {
            "arrondissez le nombre de chariots au supérieur": sum(self.bacs().values())
            // self.parametres.bacs_par_chariot
        }

    # -- simulation
    def simulation(self, composant: str, cartes: int, intervalle_min: int) -> flux.Simulation:
        conso = flux.consommation_par_minute(self.besoins()[composant], self.durees_creneaux)
        return flux.simuler_bord_de_ligne(conso, self.kanban.at[composant, "contenance"], cartes, intervalle_min)


def construire(parametres: ParametresFlux = ParametresFlux()) -> CasFlux:
    """Le cas du cahier, tiré des données de l'entreprise et des tables flux_* (puis des paramètres)."""
    p = parametres
    kanban = entreprise.charger("flux_kanban")
    kanban = kanban[kanban.poste == p.poste].set_index("composant")[["contenance", "delai_h", "alpha"]]
    kanban = kanban.astype({"delai_h": float, "alpha": float})
    for composant, (contenance, delai_h, alpha) in (p.kanban or {}).items():
        kanban.loc[composant, ["contenance", "delai_h", "alpha"]] = [contenance, delai_h, alpha]
    programme = entreprise.charger("flux_programme")
    if p.programme_poste is not None:
        programme = programme.copy()
        for rang, ligne in programme.iterrows():
            cle = (ligne.article, int(ligne.creneau))
            if ligne.poste == p.poste and cle in p.programme_poste:
                programme.at[rang, "quantite"] = int(p.programme_poste[cle])
    tournee = entreprise.charger("flux_tournee").sort_values("ordre")
    troncons = [Troncon(r.depart, r.arrivee, float(r.distance_m), float(r.arret_min)) for r in tournee.itertuples()]
    return CasFlux(
        parametres=p,
        programme=programme,
        durees_creneaux=[int(d) for d in entreprise.charger("flux_creneaux").sort_values("creneau").duree_min],
        consommations=[tuple(r) for r in entreprise.charger("flux_consommations").itertuples(index=False)],
        nomenclature={(parent, c): q for parent, c, q in entreprise.liens_nomenclature()},
        kanban=kanban,
        troncons=list(p.troncons) if p.troncons is not None else troncons,
    )


@functools.cache
def _base() -> CasFlux:
    return construire()


def tirer_parametres(alea: random.Random) -> ParametresFlux:
    """Paramètres d'un apprenant : programme de MONT, délais et α des boucles, tournée, intervalle, chariots."""
    base = _base()
    p = base.parametres
    lignes = base.programme[base.programme.poste == p.poste]
    programme = {
        (ligne.article, int(ligne.creneau)): max(0, int(ligne.quantite) + alea.randint(-2, 2))
        if ligne.quantite >= 3
        else max(0, int(ligne.quantite) + alea.randint(-1, 1))
        for ligne in lignes.itertuples()
    }
    kanban = {
        c: (
            max(1, round(k.contenance * alea.choice([0.5, 0.75, 1, 1.25, 1.5]))),
            float(max(1.0, k.delai_h + alea.choice([-1, -0.5, 0, 0.5, 1]))),
            alea.choice([0.1, 0.15, 0.2, 0.25]),
        )
        for c, k in base.kanban.iterrows()
    }
    troncons = tuple(
        Troncon(
            t.depart,
            t.arrivee,
            float(autour(alea, t.distance_m, 0.35, 10)),
            float(alea.randint(2, 5)) if t.arret_min else 0.0,
        )
        for t in base.troncons
    )
    return dataclasses.replace(
        p,
        vitesse_m_min=float(autour(alea, p.vitesse_m_min, 0.3, 5)),
        chargement_min=float(autour(alea, p.chargement_min, 0.35, 1)),
        intervalle_min=alea.choice([45, 60, 75]),
        bacs_par_chariot=alea.choice([3, 4, 5]),
        programme_poste=programme,
        kanban=kanban,
        troncons=troncons,
    )


def paires_erreurs(c: CasFlux) -> list[tuple[object, dict]]:
    """Chaque référence avec ses erreurs types (pour vérifier qu'elles diffèrent)."""
    return [
        (c.besoins(), c.erreurs_besoins()),
        (c.cartes(), c.erreurs_cartes()),
        (c.duree_tournee(), c.erreurs_duree()),
        (c.takt(), c.erreurs_takt()),
        (c.tournees_max(), c.erreurs_tournees_max()),
        (c.bacs(), c.erreurs_bacs()),
        (c.chariots(), c.erreurs_chariots()),
    ]


def conditions(c: CasFlux) -> None:
    """Rejette un cas insoluble, ambigu, ou dont une erreur type donnerait la bonne réponse."""
    poste = c.programme[c.programme.poste == c.poste]
    exiger((poste.groupby("article").quantite.sum() > 0).all(), "un produit n'est pas fabriqué de la journée")
    exiger(all(sum(q) > 0 for q in c.besoins().values()), "un composant n'est pas consommé")
    exiger(set(c.kanban.index) <= set(c.besoins()), "boucle kanban sans consommation")
    exiger(c.duree_tournee() <= c.parametres.intervalle_min, "la tournée dure plus qu'un intervalle")
    exiger(c.tournees_max() >= 2, "moins de deux tournées par jour")
    exiger(abs(c.takt() - 1) > 0.2, "takt proche de 1 min (takt et son inverse confondus)")
    exiger_pistes_distinctes(paires_erreurs(c))
    # tolérances des vérifications : une erreur type doit sortir de la tolérance
    for valeur in c.erreurs_duree().values():
        exiger(abs(valeur - c.duree_tournee()) > 0.2, "erreur de durée dans la tolérance")


@par_apprenant("04_flux_vers_les_ateliers")
def cas(alea: random.Random) -> CasFlux:
    """Le cas de l'apprenant courant (``cas()``) ou d'un apprenant donné (``cas("alice.martin")``)."""
    resultat = construire(tirer_parametres(alea))
    conditions(resultat)
    return resultat
