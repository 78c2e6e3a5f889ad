"""Cas du cahier « Planifier un projet avec le PERT » (source/bdc1_planification/07_pert).

Projet : installation d'une nouvelle cellule de soudage robotisée chez Vallet Manutention.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import pert
from gpedu.correction import EcartReponse, examinee, verifier_ensemble
from gpedu.variantes import autour, exiger, par_apprenant


@dataclass(frozen=True)
class EstimationTache:
    """Une ligne du tableau des antériorités avec ses trois estimations (jours ouvrés)."""

    code: str
    designation: str
    anteriorites: tuple[str, ...]
    optimiste: float
    probable: float
    pessimiste: float

    @property
    def te(self) -> float:
        return pert.duree_estimee(self.optimiste, self.probable, self.pessimiste)

    @property
    def sigma(self) -> float:
        return pert.ecart_type(self.optimiste, self.pessimiste)


@dataclass(frozen=True)
class ParametresPERT:
    """Les données du cahier (chaque apprenant a les siennes : ``tirer_parametres``)."""

    estimations: tuple[EstimationTache, ...]
    date_objectif: float
    retards: tuple[tuple[str, int], ...] = (("C", 4), ("E", 8))  # retards annoncés (analyse), jours ouvrés


def _entier(x: float):
    return int(x) if float(x).is_integer() else x


@functools.cache
def parametres_entreprise() -> ParametresPERT:
    table = entreprise.charger("pert_cellule_soudage")
    estimations = tuple(
        EstimationTache(
            ligne.code,
            ligne.designation,
            tuple(ligne.anteriorites.split(";")) if isinstance(ligne.anteriorites, str) else (),
            _entier(ligne.optimiste_j),
            _entier(ligne.probable_j),
            _entier(ligne.pessimiste_j),
        )
        for ligne in table.itertuples(index=False)
    )
    return ParametresPERT(estimations, date_objectif=47)


@dataclass(frozen=True)
class CasPERT:
    """Le cas du cahier : données, références et erreurs types."""

    parametres: ParametresPERT

    # --- données -------------------------------------------------------------------------
    def taches(self, durees: dict[str, float] | None = None) -> list[pert.Tache]:
        """Les tâches avec leur durée retenue (te, sauf ``durees`` imposées)."""
        return [
            pert.Tache(e.code, _entier((durees or {}).get(e.code, e.te)), e.anteriorites, e.designation)
            for e in self.parametres.estimations
        ]

    def table_anteriorites(self) -> pd.DataFrame:
        """Le tableau des antériorités avec la durée retenue (jours ouvrés)."""
        return pd.DataFrame(
            {
                "designation": [e.designation for e in self.parametres.estimations],
                "anteriorites": [", ".join(e.anteriorites) or "—" for e in self.parametres.estimations],
                "duree_j": [_entier(e.te) for e in self.parametres.estimations],
            },
            index=pd.Index([e.code for e in self.parametres.estimations], name="tache"),
        )

    def table_estimations(self) -> pd.DataFrame:
        """Les trois estimations de chaque tâche (jours ouvrés)."""
        return pd.DataFrame(
            {
                "optimiste_a": [e.optimiste for e in self.parametres.estimations],
                "probable_m": [e.probable for e in self.parametres.estimations],
                "pessimiste_b": [e.pessimiste for e in self.parametres.estimations],
            },
            index=pd.Index([e.code for e in self.parametres.estimations], name="tache"),
        )

    def retards(self) -> dict[str, int]:
        """Les retards annoncés dans l'analyse : tâche -> jours ouvrés."""
        return dict(self.parametres.retards)

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.parametres.estimations]

    # --- références ----------------------------------------------------------------------
    def resultat(self) -> pert.ResultatPERT:
        return pert.calculer(self.taches())

    def te(self) -> dict[str, float]:
        return {e.code: e.te for e in self.parametres.estimations}

    def sigmas(self) -> dict[str, float]:
        return {e.code: e.sigma for e in self.parametres.estimations}

    def sigma_projet(self) -> float:
        return pert.ecart_type_projet(self.resultat(), self.sigmas())

    def probabilite(self) -> float:
        return pert.probabilite_fin_avant(
            self.parametres.date_objectif, self.resultat().duree_projet, self.sigma_projet()
        )

    # --- erreurs types --------------------------------------------------------------------
    def _passe_avant_min(self) -> dict[str, float]:
        graphe = pert.reseau(self.taches())
        r = self.resultat()
        es, ef = {}, {}
        for c in pert.nx.topological_sort(graphe):
            es[c] = min((ef[p] for p in graphe.predecessors(c)), default=0)
            ef[c] = es[c] + r.durees[c]
        return {c: es[c] for c in self.codes}

    def _passe_arriere_max(self) -> dict[str, float]:
        graphe = pert.reseau(self.taches())
        r = self.resultat()
        ls = {}
        for c in reversed(list(pert.nx.topological_sort(graphe))):
            lf = max((ls[s] for s in graphe.successors(c)), default=r.duree_projet)
            ls[c] = lf - r.durees[c]
        return {c: ls[c] for c in self.codes}

    def erreurs_plus_tot(self) -> dict[str, dict[str, float]]:
        r = self.resultat()
        return _differentes(
            {
                "une tâche attend la fin de TOUS ses antécédents : prenez le MAXIMUM de leurs fins au plus tôt": (
                    self._passe_avant_min()
                ),
                "vous avez donné les fins au plus tôt au lieu des débuts": r.fin_plus_tot,
            },
            r.debut_plus_tot,
        )

    def erreurs_plus_tard(self) -> dict[str, dict[str, float]]:
        r = self.resultat()
        return _differentes(
            {
                "une tâche doit finir avant le début au plus tard de CHACUN de ses successeurs : prenez le MINIMUM": (
                    self._passe_arriere_max()
                ),
                "vous avez donné les fins au plus tard au lieu des débuts": r.fin_plus_tard,
            },
            r.debut_plus_tard,
        )

    def erreurs_duree_projet(self) -> dict[str, float]:
        return {
            "la durée du projet est la plus grande fin au plus tôt, pas la somme de toutes les durées": sum(
                self.resultat().durees.values()
            )
        }

    def erreurs_marges(self) -> dict[str, dict[str, dict[str, float]]]:
        r = self.resultat()
        return {
            "marge_totale": _differentes({"marges totale et libre inversées": r.marge_libre}, r.marge_totale),
            "marge_libre": _differentes(
                {
                    "marges totale et libre inversées": r.marge_totale,
                    "marge libre = plus petit début au plus tôt des successeurs − FIN au plus tôt (pas le début)": {
                        c: r.marge_libre[c] + r.durees[c] for c in self.codes
                    },
                },
                r.marge_libre,
            ),
        }

    def erreurs_taches_critiques(self) -> dict[str, list[str]]:
        r = self.resultat()
        return _differentes(
            {
                "une tâche critique a une marge TOTALE nulle (une marge libre nulle ne suffit pas)": [
                    c for c in self.codes if r.marge_libre[c] == 0
                ],
                "il y a plusieurs chemins critiques : toutes leurs tâches sont critiques": r.chemins_critiques[0],
            },
            r.taches_critiques,
        )

    def erreurs_chemins(self) -> dict[str, list[list[str]]]:
        r = self.resultat()
        return {
            k: v
            for k, v in {
                "il peut y avoir plusieurs chemins critiques : cherchez-les tous": r.chemins_critiques[:1],
                "un chemin s'écrit de la première tâche (début du projet) à la dernière, pas à l'envers": [
                    list(reversed(c)) for c in r.chemins_critiques
                ],
            }.items()
            if {tuple(c) for c in v} != {tuple(c) for c in r.chemins_critiques}
        }

    def erreurs_te(self) -> dict[str, dict[str, float]]:
        return _differentes(
            {
                "te = (a + 4m + b) / 6 : la durée la plus probable compte 4 fois": {
                    e.code: (e.optimiste + e.probable + e.pessimiste) / 3 for e in self.parametres.estimations
                },
            },
            self.te(),
        )

    def erreurs_sigma_projet(self) -> dict[str, float]:
        r, s = self.resultat(), self.sigmas()
        chemin = max(r.chemins_critiques, key=lambda c: pert.variance_chemin(s, c))
        erreurs = {
            "on additionne les VARIANCES (σ²) du chemin critique, puis on prend la racine": sum(s[c] for c in chemin),
            "seules les tâches du chemin critique comptent": math.sqrt(sum(v**2 for v in s.values())),
            "plusieurs chemins critiques : retenez celui de plus grande variance": math.sqrt(
                min(pert.variance_chemin(s, c) for c in r.chemins_critiques)
            ),
            "σ du projet = racine de la variance ; vous avez donné la variance": pert.variance_chemin(s, chemin),
        }
        return {k: v for k, v in erreurs.items() if abs(v - self.sigma_projet()) > 0.01}

    def erreurs_probabilite(self) -> dict[str, float]:
        r = self.resultat()
        d = self.parametres.date_objectif
        erreurs = {
            "vous avez calculé la probabilité de finir APRÈS la date (1 − P)": 1 - self.probabilite(),
        }
        for piste, sigma in self.erreurs_sigma_projet().items():
            erreurs[f"écart-type du projet faux ({piste})"] = pert.probabilite_fin_avant(d, r.duree_projet, sigma)
        return {k: v for k, v in erreurs.items() if abs(v - self.probabilite()) > 0.01}


def _differentes(erreurs: dict, reference) -> dict:
    return {k: v for k, v in erreurs.items() if v != reference}


# --- les données de chaque apprenant ----------------------------------------------------------


def construire(parametres: ParametresPERT | None = None) -> CasPERT:
    """Le cas construit à partir de ``parametres`` (par défaut : les données publiées de l'entreprise)."""
    return CasPERT(parametres or parametres_entreprise())


def _tirer_estimation(alea: random.Random, e: EstimationTache) -> EstimationTache:
    """Trois estimations autour de celles de base, avec a <= m <= b et te = (a + 4m + b) / 6 ENTIER."""
    if e.optimiste == e.pessimiste:
        return e  # durée certaine (réception : 1 jour)
    m = max(1, autour(alea, e.probable, 0.3, 1))
    a = max(1, m - autour(alea, e.probable - e.optimiste, 0.4, 1))
    b = m + max(1, autour(alea, e.pessimiste - e.probable, 0.4, 1))
    b += -(a + 4 * m + b) % 6  # durée retenue entière (jours ouvrés)
    return dataclasses.replace(e, optimiste=a, probable=m, pessimiste=b)


def tirer_parametres(alea: random.Random) -> ParametresPERT:
    """Paramètres d'un apprenant : estimations, date promise et retards annoncés.

    Le projet (tâches, désignations, antériorités) reste celui de la cellule de soudage.
    """
    base = parametres_entreprise()
    estimations = tuple(_tirer_estimation(alea, e) for e in base.estimations)
    provisoire = construire(dataclasses.replace(base, estimations=estimations))
    duree, sigma = provisoire.resultat().duree_projet, provisoire.sigma_projet()
    date_objectif = int(duree + round(alea.uniform(-0.6, 1.6) * sigma))
    marge_e = int(provisoire.resultat().marge_totale["E"])
    retards = (("C", alea.randint(2, 5)), ("E", alea.randint(max(1, marge_e - 4), max(1, marge_e - 1))))
    return dataclasses.replace(base, estimations=estimations, date_objectif=date_objectif, retards=retards)


def verifier_variante(c: CasPERT) -> None:
    """Rejette (``exiger``) un cas sans chemin critique, ambigu, ou dont une erreur type égale la référence."""
    r = c.resultat()
    exiger(bool(r.chemins_critiques), "aucun chemin critique")
    exiger(all(len(ch) >= 2 for ch in r.chemins_critiques), "chemin critique trop court")
    exiger(all(float(d).is_integer() and d > 0 for d in r.durees.values()), "durée non entière")
    # plusieurs chemins critiques : la vérification (ordre libre) doit accepter la référence dans tout ordre
    try:
        verifier_chemins.__wrapped__(list(reversed(r.chemins_critiques)), r.chemins_critiques)
        verifier_ensemble.__wrapped__(list(reversed(r.taches_critiques)), r.taches_critiques, nom="tâches critiques")
    except EcartReponse:
        exiger(False, "la vérification refuse les chemins critiques de référence")
    # analyse : le robot (C) est critique ; le retard de l'électricité (E) reste dans sa marge totale
    exiger("C" in r.taches_critiques, "le robot n'est pas critique")
    exiger(0 < c.retards()["E"] < r.marge_totale["E"], "retard de E hors de sa marge totale")
    # chaque question garde au moins une erreur type distincte de la référence
    exiger(bool(c.erreurs_plus_tot()) and bool(c.erreurs_plus_tard()), "erreurs types des dates")
    exiger(all(c.erreurs_marges().values()), "erreurs types des marges")
    exiger(bool(c.erreurs_taches_critiques()) and bool(c.erreurs_chemins()), "erreurs types des chemins")
    exiger(bool(c.erreurs_te()), "erreur type de te")
    exiger(len(c.erreurs_sigma_projet()) >= 2, "erreurs types de l'écart-type confondues avec la référence")
    # probabilité ni certaine ni nulle ; P et 1 − P distinctes
    p = c.probabilite()
    exiger(0.10 <= p <= 0.95 and abs(p - 0.5) > 0.02, "probabilité trop extrême ou trop proche de 0,5")
    exiger(bool(c.erreurs_probabilite()), "erreurs types de la probabilité")


@par_apprenant("07_pert")
def cas(alea: random.Random) -> CasPERT:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    resultat = construire(tirer_parametres(alea))
    verifier_variante(resultat)
    return resultat


# --- vérification des chemins critiques (l'ordre des chemins est libre) ---------------------


def _en_chemins(obtenu, nom: str) -> list[tuple[str, ...]]:
    if isinstance(obtenu, (str, dict)) or not isinstance(obtenu, Sequence):
        raise EcartReponse(f'« {nom} » doit être une liste de chemins, par exemple [["A", "B"], ["A", "C"]].')
    chemins = []
    for chemin in obtenu:
        if isinstance(chemin, str) or not isinstance(chemin, Sequence):
            raise EcartReponse(
                f'« {nom} » : chaque chemin est une liste de tâches, par exemple ["A", "B", "D"] ; obtenu {chemin!r}.'
            )
        chemins.append(tuple(chemin))
    return chemins


def verifier_forme_chemins(obtenu, *, nom: str):
    """Forme : une liste non vide de listes de codes de tâches."""
    if not _en_chemins(obtenu, nom):
        raise EcartReponse(f"« {nom} » est vide : donnez au moins un chemin critique.")


@examinee
def verifier_chemins(obtenu, attendu: list[list[str]], *, erreurs_types: dict | None = None):
    """Les chemins critiques, dans n'importe quel ordre."""
    chemins = _en_chemins(obtenu, "chemins_critiques")
    vous, ref = set(chemins), {tuple(c) for c in attendu}
    if vous == ref and len(chemins) == len(ref):
        return
    morceaux = []
    faux = [" → ".join(c) for c in chemins if c not in ref]
    manquants = [c for c in attendu if tuple(c) not in vous]
    if faux:
        morceaux.append("pas un chemin critique : " + " ; ".join(faux))
    if manquants:
        morceaux.append(f"il manque {len(manquants)} chemin(s) critique(s)")
    if not morceaux:
        morceaux.append("un chemin est écrit deux fois")
    message = "Chemins critiques : " + " ; ".join(morceaux) + "."
    for piste, variante in (erreurs_types or {}).items():
        if {tuple(c) for c in variante} == vous:
            message += f" Piste : {piste}."
            break
    raise EcartReponse(message)
