"""Planification de projet : réseau PERT / MPM (tâches sur les nœuds), dates, marges, chemins critiques.

Conventions (docs/conventions.md, section Ordonnancement et PERT) :
- date au plus tôt de début d'une tâche sans antériorité = 0 ; durées en jours ouvrés ;
- début au plus tôt = max des fins au plus tôt des antécédents ;
  fin au plus tard = min des débuts au plus tard des successeurs (tâche finale : durée du projet) ;
- marge totale = début au plus tard - début au plus tôt ;
  marge libre = min(début au plus tôt des successeurs) - fin au plus tôt
  (tâche finale : durée du projet - fin au plus tôt) ;
- chemin critique : suite de tâches de marge totale nulle, chacune commençant à la fin au plus tôt de la
  précédente, d'une tâche de début à une tâche de fin ; plusieurs chemins possibles (ordre alphabétique) ;
- PERT : te = (a + 4m + b) / 6, sigma = (b - a) / 6 ; sigma du projet = racine de la somme des variances
  du chemin critique (le plus « variable » s'il y en a plusieurs) ; P(fin <= D) par la loi normale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import networkx as nx

from gpedu.calculs import DonneesIncoherentes

EPSILON = 1e-9


@dataclass(frozen=True)
class Tache:
    """Une tâche du projet : code, durée et codes des tâches antérieures."""

    code: str
    duree: float
    anteriorites: tuple[str, ...] = ()
    designation: str = ""

    def __post_init__(self):
        if self.duree < 0:
            raise DonneesIncoherentes(f"Tâche {self.code} : la durée ne peut pas être négative.")


def duree_estimee(optimiste: float, probable: float, pessimiste: float) -> float:
    """Durée PERT te = (a + 4m + b) / 6."""
    if not optimiste <= probable <= pessimiste:
        raise DonneesIncoherentes("Il faut : durée optimiste <= durée la plus probable <= durée pessimiste.")
    return (optimiste + 4 * probable + pessimiste) / 6


def ecart_type(optimiste: float, pessimiste: float) -> float:
    """Écart-type PERT sigma = (b - a) / 6."""
    if pessimiste < optimiste:
        raise DonneesIncoherentes("La durée pessimiste doit être au moins égale à la durée optimiste.")
    return (pessimiste - optimiste) / 6


def reseau(taches: Sequence[Tache]) -> nx.DiGraph:
    """Le graphe des antériorités (arc antécédent -> tâche), vérifié : codes connus, pas de boucle."""
    graphe = nx.DiGraph()
    codes = [t.code for t in taches]
    if len(set(codes)) != len(codes):
        raise DonneesIncoherentes("Deux tâches portent le même code.")
    for t in taches:
        graphe.add_node(t.code, duree=t.duree, designation=t.designation)
    for t in taches:
        for a in t.anteriorites:
            if a not in graphe:
                raise DonneesIncoherentes(f"Tâche {t.code} : antériorité inconnue « {a} ».")
            graphe.add_edge(a, t.code)
    if not nx.is_directed_acyclic_graph(graphe):
        cycle = " → ".join(u for u, _ in nx.find_cycle(graphe))
        raise DonneesIncoherentes(f"Les antériorités forment une boucle : {cycle}.")
    return graphe


@dataclass(frozen=True)
class ResultatPERT:
    """Dates, marges et chemins critiques d'un projet."""

    durees: dict[str, float]
    debut_plus_tot: dict[str, float]
    fin_plus_tot: dict[str, float]
    debut_plus_tard: dict[str, float]
    fin_plus_tard: dict[str, float]
    marge_totale: dict[str, float]
    marge_libre: dict[str, float]
    duree_projet: float
    taches_critiques: list[str]
    chemins_critiques: list[list[str]]

    def tableau(self):
        """Le tableau des dates et marges (une ligne par tâche)."""
        import pandas as pd

        return pd.DataFrame(
            {
                "duree": self.durees,
                "debut_plus_tot": self.debut_plus_tot,
                "fin_plus_tot": self.fin_plus_tot,
                "debut_plus_tard": self.debut_plus_tard,
                "fin_plus_tard": self.fin_plus_tard,
                "marge_totale": self.marge_totale,
                "marge_libre": self.marge_libre,
                "critique": {c: c in self.taches_critiques for c in self.durees},
            }
        ).rename_axis("tache")


def calculer(taches: Sequence[Tache]) -> ResultatPERT:
    """Passe avant (au plus tôt), passe arrière (au plus tard), marges et chemins critiques."""
    graphe = reseau(taches)
    ordre = list(nx.lexicographical_topological_sort(graphe))
    d = {t.code: t.duree for t in taches}
    es, ef = {}, {}
    for c in ordre:
        es[c] = max((ef[p] for p in graphe.predecessors(c)), default=0)
        ef[c] = es[c] + d[c]
    duree_projet = max(ef.values(), default=0)
    lf, ls = {}, {}
    for c in reversed(ordre):
        lf[c] = min((ls[s] for s in graphe.successors(c)), default=duree_projet)
        ls[c] = lf[c] - d[c]
    mt = {c: _propre(ls[c] - es[c]) for c in ordre}
    ml = {c: _propre(min((es[s] for s in graphe.successors(c)), default=duree_projet) - ef[c]) for c in ordre}
    critiques = [c for c in ordre if abs(mt[c]) < EPSILON]
    # chemins : arcs entre tâches critiques « tendus » (le successeur commence à la fin au plus tôt)
    tendu = nx.DiGraph()
    tendu.add_nodes_from(critiques)
    tendu.add_edges_from((u, v) for u, v in graphe.edges if u in tendu and v in tendu and abs(es[v] - ef[u]) < EPSILON)
    departs = [c for c in critiques if abs(es[c]) < EPSILON and graphe.in_degree(c) == 0]
    arrivees = [c for c in critiques if abs(ef[c] - duree_projet) < EPSILON and graphe.out_degree(c) == 0]
    chemins = sorted(
        chemin
        for depart in departs
        for arrivee in arrivees
        for chemin in ([[depart]] if depart == arrivee else nx.all_simple_paths(tendu, depart, arrivee))
    )
    cles = {c: i for i, c in enumerate(t.code for t in taches)}
    trier = lambda dico: {c: dico[c] for c in sorted(dico, key=cles.get)}  # noqa: E731
    return ResultatPERT(
        durees=trier(d),
        debut_plus_tot=trier(es),
        fin_plus_tot=trier(ef),
        debut_plus_tard=trier(ls),
        fin_plus_tard=trier(lf),
        marge_totale=trier(mt),
        marge_libre=trier(ml),
        duree_projet=duree_projet,
        taches_critiques=sorted(critiques, key=cles.get),
        chemins_critiques=[list(c) for c in chemins],
    )


def _propre(x: float) -> float:
    """Neutralise les résidus des flottants (1e-15 devient 0)."""
    return 0.0 if abs(x) < EPSILON else x


def variance_chemin(sigmas: Mapping[str, float], chemin: Sequence[str]) -> float:
    """Variance d'un chemin : somme des variances (sigma²) de ses tâches."""
    return sum(sigmas[c] ** 2 for c in chemin)


def ecart_type_projet(resultat: ResultatPERT, sigmas: Mapping[str, float]) -> float:
    """Écart-type du projet : racine de la plus grande variance parmi les chemins critiques."""
    return math.sqrt(max(variance_chemin(sigmas, c) for c in resultat.chemins_critiques))


def probabilite_fin_avant(date: float, duree_projet: float, sigma_projet: float) -> float:
    """P(durée du projet <= date), durée supposée normale (moyenne, écart-type)."""
    if sigma_projet <= 0:
        return 1.0 if date >= duree_projet else 0.0
    return NormalDist(duree_projet, sigma_projet).cdf(date)


def allonger(taches: Sequence[Tache], code: str, jours: float) -> list[Tache]:
    """Les mêmes tâches, ``code`` allongée de ``jours`` (pour voir le chemin critique changer)."""
    if code not in {t.code for t in taches}:
        raise DonneesIncoherentes(f"Tâche inconnue « {code} ».")
    return [Tache(t.code, t.duree + jours, t.anteriorites, t.designation) if t.code == code else t for t in taches]
