"""Cas du cahier « Mesurer les temps opératoires » (source/amelioration/03_temps_operatoires).

Chronométrage du montage du diable D100 sur la ligne MONT, et analyse MTM-1 de la pose d'une roue RO20.
Tables : ``temps_chronometrage``, ``temps_majorations``, ``temps_mtm``, ``temps_sequence_roue``.

Le cas de base (``construire()``) lit ces tables. Chaque apprenant (``cas()``) a son propre relevé
de chronométrage (temps observés tirés autour du relevé publié, cycles mélangés, incidents placés
ailleurs) et ses propres majorations ; la table MTM-1 (valeurs publiées) et la séquence ne changent pas.
"""

from __future__ import annotations

import functools
import math
import random
import statistics
from dataclasses import dataclass, replace

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import arrondi_superieur, temps
from gpedu.variantes import autour, exiger, par_apprenant

CAHIER = "03_temps_operatoires"


@dataclass(frozen=True)
class ParametresTemps:
    table_chronometrage: str = "temps_chronometrage"
    table_majorations: str = "temps_majorations"
    table_mtm: str = "temps_mtm"
    table_sequence: str = "temps_sequence_roue"
    poste: str = "MONT"
    article: str = "D100"
    element_detail: str = "E3"  # élément détaillé relevé par relevé (question 1)
    z: float = 1.96  # niveau de confiance 95 %
    precision: float = 0.05  # ± 5 %
    # variantes : relevé tiré (element, cycle, temps observé, allure) et majorations (%) ; vide = les tables
    releve: tuple[tuple[str, int, float, int], ...] = ()
    majorations_pourcent: tuple[int, ...] = ()


@dataclass(frozen=True)
class CasTemps:
    parametres: ParametresTemps
    releve: pd.DataFrame
    majorations: pd.DataFrame
    mtm: pd.DataFrame
    sequence: pd.DataFrame
    duree_equipe_s: float

    # --- données ------------------------------------------------------------------------------
    def elements(self) -> list[str]:
        return list(dict.fromkeys(self.releve.element))

    def designations(self) -> dict[str, str]:
        return dict(zip(self.releve.element, self.releve.designation))

    def observes(self, element: str) -> list[float]:
        return [float(v) for v in self.releve[self.releve.element == element].temps_observe_s]

    def allures(self, element: str) -> list[float]:
        return [float(v) for v in self.releve[self.releve.element == element].allure]

    def cycles(self, element: str) -> list[int]:
        return [int(v) for v in self.releve[self.releve.element == element].cycle]

    def majoration(self) -> float:
        """Coefficient K (fraction) : somme des majorations du poste."""
        m = self.majorations[self.majorations.poste == self.parametres.poste]
        return float(m.taux_pourcent.sum()) / 100

    # --- question 1 ---------------------------------------------------------------------------
    def temps_normaux(self, element: str) -> list[float]:
        return temps.temps_normaux(self.observes(element), self.allures(element))

    def cycles_aberrants(self, element: str) -> list[int]:
        marques = temps.aberrants(self.temps_normaux(element))
        return [c for c, a in zip(self.cycles(element), marques) if a]

    def erreurs_temps_normaux(self, element: str) -> dict[str, list[float]]:
        o, a = self.observes(element), self.allures(element)
        return {
            "allure appliquée à l'envers : temps normal = temps observé × allure / 100": [
                t * 100 / x for t, x in zip(o, a)
            ],
        }

    def aberrants(self) -> dict[str, list[int]]:
        """Cycles aberrants de chaque élément (numéros de cycle)."""
        return {e: self.cycles_aberrants(e) for e in self.elements()}

    def erreurs_aberrants(self) -> dict[str, dict[str, list[int]]]:
        sur_observes = {}
        for e in self.elements():
            marques = temps.aberrants(self.observes(e))
            sur_observes[e] = [c for c, m in zip(self.cycles(e), marques) if m]
        return {
            "vous avez cherché les aberrants sur les temps observés : comparez les temps normaux (l'allure "
            "corrige déjà la lenteur ou la rapidité de l'opérateur)": sur_observes,
        }

    # --- question 2 ---------------------------------------------------------------------------
    def temps_normal(self) -> dict[str, float]:
        """Temps normal de chaque élément (s), arrondi à 0,1."""
        return {e: round(temps.temps_normal_element(self.observes(e), self.allures(e)), 1) for e in self.elements()}

    def erreurs_temps_normal(self) -> dict[str, dict[str, float]]:
        sans_elimination = {e: round(statistics.fmean(self.temps_normaux(e)), 1) for e in self.elements()}
        observes = {}
        for e in self.elements():
            retenus = [t for t, m in zip(self.observes(e), temps.aberrants(self.temps_normaux(e))) if not m]
            observes[e] = round(statistics.fmean(retenus), 1)
        return {
            "relevés aberrants non éliminés": sans_elimination,
            "vous avez oublié l'allure : c'est la moyenne des temps observés": observes,
        }

    # --- question 3 ---------------------------------------------------------------------------
    def temps_normal_total(self) -> float:
        return sum(temps.temps_normal_element(self.observes(e), self.allures(e)) for e in self.elements())

    def temps_standard_s(self) -> float:
        return round(temps.temps_standard(self.temps_normal_total(), self.majoration()), 1)

    def erreurs_temps_standard(self) -> dict[str, float]:
        tn, k = self.temps_normal_total(), self.majoration()
        return {
            "majoration oubliée : temps standard = temps normal × (1 + K)": round(tn, 1),
            "vous avez divisé par (1 − K) : dans gpedu, la majoration s'applique au temps normal, × (1 + K)": round(
                tn / (1 - k), 1
            ),
        }

    def production_equipe(self) -> int:
        return temps.production_par_equipe(self.duree_equipe_s, self.temps_standard_s())

    def erreurs_production(self) -> dict[str, int]:
        erreurs = {
            "vous avez arrondi au plus proche : on ne compte que les diables terminés (arrondi inférieur)": round(
                self.duree_equipe_s / self.temps_standard_s()
            ),
            "vous avez utilisé le temps normal : la production se calcule avec le temps standard": math.floor(
                self.duree_equipe_s / self.temps_normal_total()
            ),
        }
        return {piste: v for piste, v in erreurs.items() if v != self.production_equipe()}

    # --- question 4 ---------------------------------------------------------------------------
    def observes_retenus(self, element: str) -> list[float]:
        return [t for t, m in zip(self.observes(element), temps.aberrants(self.temps_normaux(element))) if not m]

    def n_cycles(self) -> dict[str, int]:
        p = self.parametres
        return {e: temps.nombre_cycles(self.observes_retenus(e), p.z, p.precision) for e in self.elements()}

    def erreurs_n_cycles(self) -> dict[str, dict[str, int]]:
        p = self.parametres

        def n_population(valeurs):
            x = (p.z * statistics.pstdev(valeurs) / (p.precision * statistics.fmean(valeurs))) ** 2
            return arrondi_superieur(x)

        return {
            "écart type de population (diviseur n) : prenez l'écart type de l'échantillon (diviseur n − 1, "
            "statistics.stdev)": {e: n_population(self.observes_retenus(e)) for e in self.elements()},
            "relevés aberrants gardés dans le calcul": {
                e: temps.nombre_cycles(self.observes(e), p.z, p.precision) for e in self.elements()
            },
        }

    # --- question 5 ---------------------------------------------------------------------------
    def table_mtm(self) -> dict[str, float]:
        return {c: float(t) for c, t in zip(self.mtm.code, self.mtm.tmu)}

    def tmu_roue(self) -> float:
        return round(temps.total_tmu(self.sequence.code, self.table_mtm()), 1)

    def secondes_roue(self) -> float:
        return round(temps.tmu_en_secondes(self.tmu_roue()), 2)

    def erreurs_secondes_roue(self) -> dict[str, float]:
        return {
            "vous avez multiplié par 0,0006 : c'est la conversion en minutes ; 1 TMU = 0,036 s": round(
                temps.tmu_en_minutes(self.tmu_roue()), 2
            ),
            "vous avez divisé par 0,036 au lieu de multiplier": round(self.tmu_roue() / temps.SECONDES_PAR_TMU, 2),
        }


@functools.cache
def _lue(nom: str) -> pd.DataFrame:
    return entreprise.charger(nom)


def construire(parametres: ParametresTemps = ParametresTemps()) -> CasTemps:
    """Le cas à partir de ses paramètres (sans paramètre : les tables publiées de la GPAO)."""
    releve = _lue(parametres.table_chronometrage).copy()
    releve = releve[(releve.poste == parametres.poste) & (releve.article == parametres.article)].reset_index(drop=True)
    if parametres.releve:
        designations = dict(zip(releve.element, releve.designation))
        releve = pd.DataFrame(
            [(parametres.poste, parametres.article, e, designations[e], c, t, a) for e, c, t, a in parametres.releve],
            columns=list(releve.columns),
        )
    majorations = _lue(parametres.table_majorations).copy()
    if parametres.majorations_pourcent:
        lignes = majorations.index[majorations.poste == parametres.poste]
        majorations.loc[lignes, "taux_pourcent"] = list(parametres.majorations_pourcent)
    poste = _lue("postes_de_charge").set_index("code").loc[parametres.poste]
    return CasTemps(
        parametres=parametres,
        releve=releve,
        majorations=majorations,
        mtm=_lue(parametres.table_mtm).copy(),
        sequence=_lue(parametres.table_sequence).sort_values("ordre").reset_index(drop=True),
        duree_equipe_s=float(poste.heures_par_equipe) * 3600,
    )


def tirer_parametres(alea: random.Random) -> ParametresTemps:
    """Le relevé d'un apprenant : chaque élément plus ou moins long, cycles mélangés, incidents déplacés."""
    base = ParametresTemps()
    publie = construire(base)
    releve = []
    for element in publie.elements():
        facteur = alea.uniform(0.85, 1.15)
        couples = list(zip(publie.observes(element), publie.allures(element)))
        alea.shuffle(couples)  # les incidents changent de cycle
        sans_incident = not any(temps.aberrants(publie.temps_normaux(element)))
        incident = alea.randrange(len(couples)) if sans_incident and alea.random() < 0.35 else None
        for cycle, (observe, allure) in enumerate(couples, start=1):
            tire = observe * facteur * alea.uniform(0.98, 1.02)
            if cycle - 1 == incident:
                tire *= alea.uniform(1.3, 1.5)
            releve.append((element, cycle, round(tire, 1), int(allure)))
    majorations = publie.majorations[publie.majorations.poste == base.poste].taux_pourcent
    ecarts = (0.25, 0.2, 0.4)
    return replace(
        base,
        releve=tuple(releve),
        majorations_pourcent=tuple(max(1, autour(alea, int(m), e, 1)) for m, e in zip(majorations, ecarts)),
    )


def _pres_d_un_arrondi(valeur: float, marge: float = 0.01) -> bool:
    """Vrai si ``valeur`` est à moins de ``marge`` (en dixièmes) d'un mi-chemin entre deux arrondis à 0,1."""
    dixiemes = valeur * 10
    return abs(dixiemes - math.floor(dixiemes) - 0.5) < marge


def controler(resultat: CasTemps) -> CasTemps:
    """Rejette (``exiger``) un cas ambigu ; rend le cas sinon."""
    p = resultat.parametres
    for element in resultat.elements():
        normaux = resultat.temps_normaux(element)
        mediane = statistics.median(normaux)
        exiger(all(abs(abs(tn - mediane) / mediane - temps.ECART_ABERRANT) > 0.01 for tn in normaux), "aberrant ?")
        exiger(len(resultat.observes_retenus(element)) >= 5, "trop de relevés écartés")
        retenus = resultat.observes_retenus(element)
        n = (p.z * statistics.stdev(retenus) / (p.precision * statistics.fmean(retenus))) ** 2
        exiger(0.03 < n - math.floor(n) < 0.97, "nombre de cycles presque entier")
        moyenne = statistics.fmean(t for t, m in zip(normaux, temps.aberrants(normaux)) if not m)
        exiger(not _pres_d_un_arrondi(moyenne), "temps normal à mi-chemin de deux arrondis")
    exiger(any(resultat.aberrants().values()), "aucun relevé aberrant")
    quotient = resultat.duree_equipe_s / resultat.temps_standard_s()
    exiger(0.05 < quotient - math.floor(quotient) < 0.95, "production presque entière")
    reference = {
        "temps_normaux": (resultat.temps_normaux(p.element_detail), resultat.erreurs_temps_normaux(p.element_detail)),
        "aberrants": (resultat.aberrants(), resultat.erreurs_aberrants()),
        "temps_normal": (resultat.temps_normal(), resultat.erreurs_temps_normal()),
        "temps_standard": (resultat.temps_standard_s(), resultat.erreurs_temps_standard()),
        "production": (resultat.production_equipe(), resultat.erreurs_production()),
        "n_cycles": (resultat.n_cycles(), resultat.erreurs_n_cycles()),
    }
    for nom, (juste, erreurs) in reference.items():
        exiger(bool(erreurs) and all(v != juste for v in erreurs.values()), f"erreur type = référence ({nom})")
    for variante in resultat.erreurs_temps_normal().values():
        exiger(any(abs(variante[e] - v) > 0.05 for e, v in resultat.temps_normal().items()), "temps normal")
    for variante in resultat.erreurs_temps_standard().values():
        exiger(abs(variante - resultat.temps_standard_s()) > 0.5, "temps standard")
    return resultat


@par_apprenant(CAHIER)
def cas(alea: random.Random) -> CasTemps:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    return controler(construire(tirer_parametres(alea)))
