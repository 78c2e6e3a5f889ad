"""Cas du cahier « Calcul des besoins nets » (source/bdc1_planification/03_calcul_des_besoins_nets)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import networkx as nx

from gpedu import entreprise
from gpedu.calculs import cbn
from gpedu.calculs.cbn import EnregistrementCBN, ParametresArticle


@dataclass(frozen=True)
class CasCBN:
    """Les données du cahier et le plan complet calculé par la GPAO."""

    besoins_independants: dict[str, list[int]]
    liens: list[tuple[str, str, int]]
    parametres: dict[str, ParametresArticle]
    horizon: int
    plan: dict[str, EnregistrementCBN]

    def article(self, code: str) -> EnregistrementCBN:
        return self.plan[code]

    def erreurs(self, code: str, champ: str) -> dict[str, list[int]]:
        """Valeurs fausses de ``champ`` pour l'article ``code``, par erreur type."""
        variantes = cbn.variantes_erreurs(self.plan[code].besoins_bruts, self.parametres[code])
        return {indice: valeurs[champ] for indice, valeurs in variantes.items()}

    def erreurs_besoins_bruts(self, code: str) -> dict[str, list[int]]:
        """Besoins bruts faux d'un composant, par erreur type d'explosion."""
        graphe = cbn.graphe_nomenclature(self.liens)

        def bb(**options):
            return cbn.besoins_bruts_composant(
                code, self.plan, graphe, self.besoins_independants.get(code), self.horizon, **options
            )

        erreurs = {
            "vous avez pris les ordres (dates de réception) des parents au lieu de leurs lancements": bb(
                depuis="ordres"
            ),
            "coefficient de nomenclature oublié (quantité par parent)": bb(avec_coefficients=False),
        }
        for parent in graphe.predecessors(code):
            erreurs[f"cas d'emploi oublié : les besoins venant de {parent} manquent"] = bb(parents_ignores={parent})
        return erreurs

    def codes_bas_niveau(self) -> dict[str, int]:
        return cbn.codes_bas_niveau(self.liens)

    def erreurs_codes_bas_niveau(self) -> dict[str, dict[str, int]]:
        graphe = cbn.graphe_nomenclature(self.liens)
        racines = [a for a in graphe if graphe.in_degree(a) == 0]
        premier_niveau = {
            a: min(nx.shortest_path_length(graphe, r, a) for r in racines if nx.has_path(graphe, r, a)) for a in graphe
        }
        return {"vous avez gardé le premier niveau où l'article apparaît, et non le plus bas": premier_niveau}


@cache
def cas() -> CasCBN:
    """Le cas du cahier, tiré des données de l'entreprise."""
    besoins = entreprise.besoins_independants()
    liens = entreprise.liens_nomenclature()
    parametres = entreprise.parametres_cbn()
    plan = cbn.calculer_cbn(besoins, liens, parametres, entreprise.HORIZON)
    return CasCBN(besoins, liens, parametres, entreprise.HORIZON, plan)
