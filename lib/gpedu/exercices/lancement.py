"""Cas du cahier « Lancer les ordres de fabrication » (source/bdc2_lancement/01_lancement_des_of).

Les données viennent de la GPAO de Vallet Manutention : ordres proposés par le CBN
(``gpedu.exercices.cbn``), taux de rebut (``lancement_rebuts``), besoins du service après-vente
(``lancement_sav``), stock du magasin (``lancement_magasin``), conditions des fournisseurs
(``lancement_fournisseurs``). ``ParametresLancement`` rassemble ce qui peut varier d'un apprenant à l'autre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import arrondi_superieur, lancement
from gpedu.exercices import cbn as cas_cbn


def _distinctes(reference, erreurs: dict) -> dict:
    """Garde les erreurs types dont la valeur diffère de la référence (sinon la piste serait trompeuse)."""
    return {piste: valeur for piste, valeur in erreurs.items() if valeur != reference}


@dataclass(frozen=True)
class ParametresLancement:
    """Ce qui définit le cas (une variante change ces valeurs)."""

    semaine: int = 2  # semaine des OF de la question 1
    articles_q1: tuple[str, ...] = ("D100", "C200", "CH10", "PO30")
    article_regroupe: str = "CH10"
    fenetre: int = 2
    article_of: str = "CH10"  # OF imprimé (question 3)
    article_prelevement: str = "C200"  # liste de prélèvement (question 4)
    achats: tuple[tuple[str, int], ...] = (("RO20", 5), ("TU25", 4), ("TO15", 3), ("BA20", 5))
    horizon: int = entreprise.HORIZON
    taux_rebut: dict[str, float] = field(default_factory=dict)
    sav: dict[str, list[int]] = field(default_factory=dict)


def _taux_rebut() -> dict[str, float]:
    table = entreprise.charger("lancement_rebuts")
    return {a: float(t) for a, t in zip(table.article, table.taux_rebut)}


def _sav(horizon: int) -> dict[str, list[int]]:
    besoins: dict[str, list[int]] = {}
    for a, s, q in entreprise.charger("lancement_sav")[["article", "semaine", "quantite"]].itertuples(index=False):
        besoins.setdefault(a, [0] * horizon)[int(s) - 1] += int(q)
    return besoins


@dataclass(frozen=True)
class CasLancement:
    parametres: ParametresLancement
    besoins: dict[str, list[int]]  # lancements proposés par le CBN, par article et par semaine
    taux_rebut: dict[str, float]
    sav: dict[str, list[int]]
    stock_magasin: dict[str, int]
    emplacements: dict[str, str]
    fournisseurs: pd.DataFrame
    besoins_nets_achats: dict[str, int]

    # --- données affichées ---------------------------------------------------------------
    def sav_de(self, article: str) -> list[int]:
        return self.sav.get(article, [0] * self.parametres.horizon)

    def donnees_q1(self) -> pd.DataFrame:
        s = self.parametres.semaine
        return pd.DataFrame(
            {
                "besoin_production": [self.besoins[a][s - 1] for a in self.parametres.articles_q1],
                "besoin_sav": [self.sav_de(a)[s - 1] for a in self.parametres.articles_q1],
                "taux_rebut": [self.taux_rebut[a] for a in self.parametres.articles_q1],
            },
            index=pd.Index(self.parametres.articles_q1, name="article"),
        )

    def besoins_a_regrouper(self) -> list[int]:
        a = self.parametres.article_regroupe
        return [b + s for b, s in zip(self.besoins[a], self.sav_de(a))]

    def donnees_q5(self) -> pd.DataFrame:
        table = self.fournisseurs.set_index("article").loc[[a for a, _ in self.parametres.achats]]
        table.insert(0, "semaine_besoin", [s for _, s in self.parametres.achats])
        table.insert(0, "besoin_net", [self.besoins_nets_achats[a] for a, _ in self.parametres.achats])
        return table[["besoin_net", "semaine_besoin", "fournisseur", "delai_semaines", "lot_minimum", "lot_multiple"]]

    # --- question 1 ----------------------------------------------------------------------
    def quantites_a_lancer(self, *, rebut=True, sav=True, multiplier=False, arrondi=True) -> dict[str, int]:
        resultat = {}
        for a, ligne in self.donnees_q1().iterrows():
            besoin = ligne.besoin_production + (ligne.besoin_sav if sav else 0)
            taux = ligne.taux_rebut if rebut else 0.0
            if multiplier:
                valeur = besoin * (1 + taux)
                resultat[a] = arrondi_superieur(valeur)
            elif arrondi:
                resultat[a] = lancement.quantite_a_lancer(besoin, taux)
            else:
                resultat[a] = round(besoin / (1 - taux))
        return resultat

    def erreurs_q1(self) -> dict[str, dict[str, int]]:
        return _distinctes(
            self.quantites_a_lancer(),
            {
                "marge de surlancement oubliée : on lance plus que le besoin pour compenser les rebuts": (
                    self.quantites_a_lancer(rebut=False)
                ),
                "besoin du service après-vente oublié": self.quantites_a_lancer(sav=False),
                "vous avez multiplié par (1 + taux) au lieu de diviser par (1 − taux)": self.quantites_a_lancer(
                    multiplier=True
                ),
                "arrondi à l'entier le plus proche au lieu de l'entier supérieur": self.quantites_a_lancer(
                    arrondi=False
                ),
            },
        )

    # --- question 2 ----------------------------------------------------------------------
    def taux_regroupe(self) -> float:
        return self.taux_rebut[self.parametres.article_regroupe]

    def lancements_regroupes(self) -> list[int]:
        return lancement.lancements_regroupes(self.besoins_a_regrouper(), self.parametres.fenetre, self.taux_regroupe())

    def erreurs_q2(self) -> dict[str, list[int]]:
        besoins, f, taux = self.besoins_a_regrouper(), self.parametres.fenetre, self.taux_regroupe()
        par_semaine = [lancement.quantite_a_lancer(b, taux) for b in besoins]
        surlance_puis_regroupe = lancement.regrouper(par_semaine, f)
        return _distinctes(
            self.lancements_regroupes(),
            {
                "pas de regroupement : un OF par semaine": par_semaine,
                "marge de surlancement oubliée sur les OF regroupés": lancement.regrouper(besoins, f),
                "surlancement appliqué semaine par semaine avant de regrouper (arrondis cumulés)": (
                    surlance_puis_regroupe
                ),
                f"fenêtre trop large : un OF couvre {f} semaines (la sienne comprise), pas {f + 1}": (
                    lancement.lancements_regroupes(besoins, f + 1, taux)
                ),
            },
        )

    # --- question 3 ----------------------------------------------------------------------
    def quantite_of(self) -> int:
        return self.quantites_a_lancer()[self.parametres.article_of]

    def gamme_of(self) -> pd.DataFrame:
        g = entreprise.charger("gammes")
        return g[g.article == self.parametres.article_of].sort_values("phase").reset_index(drop=True)

    def temps_alloues(self) -> dict[int, float]:
        return lancement.temps_alloues(self.gamme_of().to_dict("records"), self.quantite_of())

    def erreurs_q3(self) -> dict[str, dict[int, float]]:
        gamme = self.gamme_of().to_dict("records")
        q = self.quantite_of()
        besoin = int(self.donnees_q1().loc[self.parametres.article_of, ["besoin_production", "besoin_sav"]].sum())
        return _distinctes(
            self.temps_alloues(),
            {
                "temps de préparation oublié (il compte une fois par OF)": {
                    int(p["phase"]): q * p["temps_unitaire_h"] for p in gamme
                },
                "temps de préparation multiplié par la quantité (il ne compte qu'une fois par OF)": {
                    int(p["phase"]): q * (p["temps_preparation_h"] + p["temps_unitaire_h"]) for p in gamme
                },
                "vous avez pris le besoin au lieu de la quantité lancée (rebuts compris)": lancement.temps_alloues(
                    gamme, besoin
                ),
            },
        )

    def ordre_de_fabrication(self, numero: str = "OF 24-131"):
        a = self.parametres.article_of
        ligne = self.donnees_q1().loc[a]
        return lancement.ordre_de_fabrication(
            numero,
            a,
            besoin=int(ligne.besoin_production),
            besoin_sav=int(ligne.besoin_sav),
            taux_rebut=float(ligne.taux_rebut),
            semaine_besoin=self.parametres.semaine + int(entreprise.articles().loc[a, "delai_semaines"]),
            delai=int(entreprise.articles().loc[a, "delai_semaines"]),
            gammes=entreprise.charger("gammes"),
            articles=entreprise.articles(),
            liens=entreprise.liens_nomenclature(),
            emplacements=self.emplacements,
        )

    # --- question 4 ----------------------------------------------------------------------
    def quantite_prelevement(self) -> int:
        return self.quantites_a_lancer()[self.parametres.article_prelevement]

    def prelevement(self, quantite: int | None = None) -> dict[str, int]:
        q = self.quantite_prelevement() if quantite is None else quantite
        return lancement.liste_de_prelevement(self.parametres.article_prelevement, q, entreprise.liens_nomenclature())

    def manquants(self) -> dict[str, int]:
        return lancement.manquants(self.prelevement(), self.stock_magasin)

    def stock_composants(self) -> pd.DataFrame:
        composants = list(self.prelevement())
        return pd.DataFrame(
            {
                "designation": [entreprise.articles().loc[c, "designation"] for c in composants],
                "quantite_par_" + self.parametres.article_prelevement: [
                    q for p, c, q in entreprise.liens_nomenclature() if p == self.parametres.article_prelevement
                ],
                "emplacement": [self.emplacements[c] for c in composants],
                "stock_disponible": [self.stock_magasin[c] for c in composants],
            },
            index=pd.Index(composants, name="composant"),
        )

    def erreurs_q4(self) -> tuple[dict, dict]:
        besoin = int(self.donnees_q1().loc[self.parametres.article_prelevement, "besoin_production"])
        liens = [(p, c, 1) for p, c, _ in entreprise.liens_nomenclature()]
        article = self.parametres.article_prelevement
        sans_coef = lancement.liste_de_prelevement(article, self.quantite_prelevement(), liens)
        erreurs_prelevement = _distinctes(
            self.prelevement(),
            {
                "vous avez pris le besoin au lieu de la quantité lancée (rebuts compris)": self.prelevement(besoin),
                "coefficient de nomenclature oublié (quantité par chariot)": sans_coef,
            },
        )
        erreurs_manquants = _distinctes(
            self.manquants(),
            {
                "manquant = à prélever − stock, mais jamais négatif : 0 quand le stock suffit": {
                    c: q - self.stock_magasin[c] for c, q in self.prelevement().items()
                },
                "vous avez pris le besoin au lieu de la quantité lancée (rebuts compris)": lancement.manquants(
                    self.prelevement(besoin), self.stock_magasin
                ),
            },
        )
        return erreurs_prelevement, erreurs_manquants

    # --- question 5 ----------------------------------------------------------------------
    def commandes(self, *, delai=True, lots=True) -> dict[str, lancement.CommandeFournisseur]:
        resultat = {}
        for a, ligne in self.donnees_q5().iterrows():
            resultat[a] = lancement.commande_fournisseur(
                a,
                int(ligne.besoin_net),
                int(ligne.semaine_besoin),
                delai=int(ligne.delai_semaines) if delai else 0,
                lot_minimum=int(ligne.lot_minimum) if lots else 0,
                lot_multiple=int(ligne.lot_multiple) if lots else 1,
            )
        return resultat

    def quantites_commandees(self, **options) -> dict[str, int]:
        return {a: c.quantite for a, c in self.commandes(**options).items()}

    def semaines_commande(self, **options) -> dict[str, int]:
        return {a: c.semaine_commande for a, c in self.commandes(**options).items()}

    def erreurs_q5(self) -> tuple[dict, dict]:
        sans_multiple = {}
        for a, ligne in self.donnees_q5().iterrows():
            sans_multiple[a] = max(int(ligne.besoin_net), int(ligne.lot_minimum))
        return (
            _distinctes(
                self.quantites_commandees(),
                {
                    "lot minimum et multiple du fournisseur non appliqués": self.quantites_commandees(lots=False),
                    "lot minimum appliqué, mais pas l'arrondi au multiple (conditionnement)": sans_multiple,
                },
            ),
            _distinctes(
                self.semaines_commande(),
                {
                    "délai fournisseur oublié : on commande AVANT la semaine de besoin": self.semaines_commande(
                        delai=False
                    ),
                    "délai ajouté au lieu d'être retranché : la commande part « délai » semaines AVANT le besoin": {
                        a: int(ligne.semaine_besoin + ligne.delai_semaines) for a, ligne in self.donnees_q5().iterrows()
                    },
                },
            ),
        )


def construire(parametres: ParametresLancement) -> CasLancement:
    plan = cas_cbn.cas().plan
    besoins = {a: list(e.lancements) for a, e in plan.items()}
    besoins_nets_achats = {a: plan[a].besoins_nets[s - 1] for a, s in parametres.achats}
    magasin = entreprise.charger("lancement_magasin")
    return CasLancement(
        parametres=parametres,
        besoins=besoins,
        taux_rebut=parametres.taux_rebut or _taux_rebut(),
        sav=parametres.sav or _sav(parametres.horizon),
        stock_magasin={a: int(q) for a, q in zip(magasin.article, magasin.stock_disponible)},
        emplacements=dict(zip(magasin.article, magasin.emplacement)),
        fournisseurs=entreprise.charger("lancement_fournisseurs"),
        besoins_nets_achats=besoins_nets_achats,
    )


@cache
def cas() -> CasLancement:
    """Le cas du cahier, tiré des données de l'entreprise."""
    return construire(ParametresLancement())
