"""Cas du cahier « Planifier un projet avec le PERT » (source/bdc1_planification/07_pert).

Projet : installation d'une nouvelle cellule de soudage robotisée chez Vallet Manutention.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import pert
from gpedu.correction import EcartReponse


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
    """Les données du cahier (une variante par apprenant pourra changer ces paramètres)."""

    estimations: tuple[EstimationTache, ...]
    date_objectif: float


def _entier(x: float):
    return int(x) if float(x).is_integer() else x


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
        return _differentes(
            {"il peut y avoir plusieurs chemins critiques : cherchez-les tous": r.chemins_critiques[:1]},
            r.chemins_critiques,
        )

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


@cache
def cas() -> CasPERT:
    """Le cas du cahier, tiré des données de l'entreprise."""
    return CasPERT(parametres_entreprise())


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


def verifier_taches(obtenu, attendu: Sequence[str], *, nom: str, erreurs_types: dict | None = None):
    """Une liste de tâches, dans n'importe quel ordre (par exemple les tâches critiques)."""
    if isinstance(obtenu, (str, dict)) or not isinstance(obtenu, Sequence):
        raise EcartReponse(f'« {nom} » doit être une liste de codes de tâches, par exemple ["A", "B"].')
    vous, ref = set(obtenu), set(attendu)
    if vous == ref and len(obtenu) == len(ref):
        return
    morceaux = []
    en_trop = sorted(str(t) for t in vous - ref)
    manquantes = sorted(ref - vous)
    if en_trop:
        morceaux.append("en trop : " + ", ".join(en_trop))
    if manquantes:
        morceaux.append("il manque " + ", ".join(manquantes))
    if not morceaux:
        morceaux.append("une tâche est écrite deux fois")
    message = f"{nom} : " + " ; ".join(morceaux) + "."
    for piste, variante in (erreurs_types or {}).items():
        if set(variante) == vous:
            message += f" Piste : {piste}."
            break
    raise EcartReponse(message[:1].upper() + message[1:])
