"""Cas du cahier « Calcul des besoins nets » (source/bdc1_planification/03_calcul_des_besoins_nets).

Chaque apprenant a son programme directeur et ses stocks, tirés autour des données de
l'entreprise ; la structure (nomenclatures, délais, règles de lot) reste celle de l'entreprise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

import networkx as nx
import pandas as pd

from gpedu import entreprise
from gpedu.calculs import cbn
from gpedu.calculs.cbn import EnregistrementCBN, ParametresArticle
from gpedu.variantes import autour, exiger, par_apprenant

CAHIER = "03_calcul_des_besoins_nets"
# article : (écart relatif, pas d'arrondi) du stock initial tiré
# erreurs types qui doivent rester distinguables de la bonne réponse, pour chaque apprenant
ERREURS_EXIGEES = (
    ("C200", "besoins_nets", "vous n'avez pas déduit le stock disponible"),
    ("C200", "lancements", "décalage du délai dans le mauvais sens : le lancement se fait AVANT la réception"),
    ("RO20", "stock_previsionnel", "stock de sécurité oublié"),
    ("RO20", "ordres", "taille de lot non appliquée : vous avez commandé exactement le besoin net"),
    ("RO20", "ordres", "réceptions programmées (en-cours) oubliées"),
    ("TU25", "lancements", "délai d'obtention oublié : le lancement se fait « délai » semaines avant la réception"),
)
STOCKS_TIRES = {"C200": (0.5, 5), "CH10": (0.4, 5), "PO30": (0.4, 5), "RO20": (0.3, 10), "TU25": (0.3, 10)}


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

    @property
    def articles(self) -> pd.DataFrame:
        """La fiche article de la GPAO, avec les stocks de ce cas."""
        table = entreprise.articles()
        for code, p in self.parametres.items():
            table.loc[code, ["stock", "stock_securite"]] = [p.stock_initial, p.stock_securite]
        return table

    def tableau_pdp(self) -> pd.DataFrame:
        """Besoins indépendants (PDP et pièces de rechange) : un article par ligne, une semaine par colonne."""
        table = pd.DataFrame(self.besoins_independants, index=range(1, self.horizon + 1)).T
        table.columns.name, table.index.name = "semaine", "article"
        return table

    def receptions(self, code: str) -> list[int]:
        """Réceptions programmées d'un article, semaine par semaine."""
        programmees = self.parametres[code].receptions_programmees
        return [programmees.get(semaine, 0) for semaine in range(1, self.horizon + 1)]

    def fiche(self, code: str) -> pd.DataFrame:
        """Les paramètres de gestion d'un article, en clair."""
        p = self.parametres[code]
        regle = {
            "lot_pour_lot": "lot pour lot",
            "quantite_fixe": f"quantité fixe de {p.regle.quantite}",
            "periode_fixe": f"période fixe de {p.regle.periodes} semaines",
            "lot_economique": f"lot économique de {p.regle.quantite}",
        }.get(p.regle.methode, p.regle.methode)
        if p.regle.minimum or p.regle.multiple > 1:
            regle += f", minimum {p.regle.minimum}, multiple de {p.regle.multiple}"
        receptions = ", ".join(f"{q} en semaine {s}" for s, q in sorted(p.receptions_programmees.items())) or "aucune"
        return pd.DataFrame(
            {
                "valeur": [
                    p.stock_initial,
                    p.stock_securite,
                    receptions,
                    regle,
                    f"{p.delai} semaine(s)",
                ]
            },
            index=["stock initial", "stock de sécurité", "réceptions programmées", "règle de lot", "délai"],
        ).rename_axis(code)

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


def construire(besoins=None, parametres=None) -> CasCBN:
    """Le cas calculé par la GPAO ; sans argument, les données publiées de l'entreprise."""
    besoins = besoins or entreprise.besoins_independants()
    liens = entreprise.liens_nomenclature()
    parametres = parametres or entreprise.parametres_cbn()
    plan = cbn.calculer_cbn(besoins, liens, parametres, entreprise.HORIZON)
    return CasCBN(besoins, liens, parametres, entreprise.HORIZON, plan)


def tirer(alea: random.Random) -> tuple[dict[str, list[int]], dict[str, ParametresArticle]]:
    """PDP des produits finis à ±30 %, stocks de quelques articles, stock de sécurité des roues."""
    besoins = {
        article: [max(5, autour(alea, q, 0.3, 5)) if q and article in ("D100", "C200") else q for q in semaines]
        for article, semaines in entreprise.besoins_independants().items()
    }
    parametres = dict(entreprise.parametres_cbn())
    for code, (ecart, pas) in STOCKS_TIRES.items():
        parametres[code] = replace(
            parametres[code], stock_initial=autour(alea, parametres[code].stock_initial, ecart, pas)
        )
    parametres["RO20"] = replace(parametres["RO20"], stock_securite=alea.choice([30, 40, 50]))
    return besoins, parametres


@par_apprenant(CAHIER)
def cas(alea: random.Random) -> CasCBN:
    """Le cas de l'apprenant : ``cas()`` (apprenant courant) ou ``cas("alice.martin")``."""
    resultat = construire(*tirer(alea))
    c200, tu25 = resultat.article("C200"), resultat.article("TU25")
    exiger(c200.ordres[0] == 0, "ordre de C200 reçu en semaine 1 (l'énoncé dit qu'il n'y en a pas)")
    exiger(sum(c200.besoins_nets) > 0, "aucun besoin net de C200")
    for code in ("D100", "CH10", "PO30"):  # un retard de parent fausserait les besoins bruts de TU25 de l'énoncé
        exiger(not resultat.article(code).lancements_hors_horizon, f"lancement en retard de {code}")
    exiger(sum(tu25.lancements_hors_horizon.values()) > 0, "pas de lancement en retard de TU25 (question d'analyse)")
    for code, champ, erreur in ERREURS_EXIGEES:
        exiger(list(resultat.erreurs(code, champ)[erreur]) != list(getattr(resultat.article(code), champ)), erreur)
    bb_tu25 = list(resultat.article("TU25").besoins_bruts)
    exiger(all(list(v) != bb_tu25 for v in resultat.erreurs_besoins_bruts("TU25").values()), "erreur type TU25")
    return resultat
