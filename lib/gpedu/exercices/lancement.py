"""Cas du cahier « Lancer les ordres de fabrication » (source/bdc2_lancement/01_lancement_des_of).

Les données viennent de la GPAO de Vallet Manutention : ordres proposés par le CBN (plan de base
calculé par ``gpedu.calculs.cbn`` sur les données de l'entreprise), taux de rebut (``lancement_rebuts``),
besoins du service après-vente (``lancement_sav``), stock du magasin (``lancement_magasin``), conditions
des fournisseurs (``lancement_fournisseurs``). ``ParametresLancement`` rassemble ce qui varie d'un
apprenant à l'autre : ``construire()`` donne le cas de base (valeurs des tables), ``cas()`` celui de
l'apprenant courant, tiré autour de ces valeurs (``tirer_parametres``) et contrôlé (``controler``).
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import arrondi_superieur, cbn, lancement
from gpedu.variantes import autour, exiger, par_apprenant


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
    # valeurs propres à l'apprenant (vide : valeurs des tables de l'entreprise ; sinon, elles
    # remplacent celles des tables, article par article)
    taux_rebut: dict[str, float] = field(default_factory=dict)
    sav: dict[str, list[int]] = field(default_factory=dict)  # besoins SAV par semaine
    besoins: dict[str, list[int]] = field(default_factory=dict)  # lancements proposés par le CBN
    stock_magasin: dict[str, int] = field(default_factory=dict)
    besoins_nets_achats: dict[str, int] = field(default_factory=dict)
    delais_achat: dict[str, int] = field(default_factory=dict)  # délai fournisseur (semaines)


@cache
def _plan_de_base() -> dict[str, cbn.EnregistrementCBN]:
    """Le plan CBN de l'entreprise (données de base, identique pour tous les apprenants)."""
    return cbn.calculer_cbn(
        entreprise.besoins_independants(),
        entreprise.liens_nomenclature(),
        entreprise.parametres_cbn(),
        entreprise.HORIZON,
    )


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

    def tableau_rebuts(self) -> pd.DataFrame:
        """Taux de rebut de chaque article fabriqué, avec le motif relevé par le contrôle qualité."""
        table = entreprise.charger("lancement_rebuts")[["article", "motif"]].copy()
        table.insert(1, "taux_rebut", [self.taux_rebut[a] for a in table.article])
        return table.set_index("article")

    def tableau_sav(self) -> pd.DataFrame:
        """Besoins du service après-vente (pièces de rechange), ligne par ligne."""
        table = entreprise.charger("lancement_sav")[["article", "semaine", "origine"]].copy()
        table.insert(2, "quantite", [self.sav_de(a)[int(s) - 1] for a, s in zip(table.article, table.semaine)])
        return table

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


def construire(parametres: ParametresLancement = ParametresLancement()) -> CasLancement:
    """Le cas défini par ``parametres`` (par défaut : le cas de base, valeurs des tables de l'entreprise)."""
    plan = _plan_de_base()
    besoins = {a: list(e.lancements) for a, e in plan.items()} | {a: list(b) for a, b in parametres.besoins.items()}
    besoins_nets_achats = {a: plan[a].besoins_nets[s - 1] for a, s in parametres.achats}
    besoins_nets_achats |= {a: q for a, q in parametres.besoins_nets_achats.items() if a in besoins_nets_achats}
    magasin = entreprise.charger("lancement_magasin")
    fournisseurs = entreprise.charger("lancement_fournisseurs").copy()
    for a, d in parametres.delais_achat.items():
        fournisseurs.loc[fournisseurs.article == a, "delai_semaines"] = int(d)
    return CasLancement(
        parametres=parametres,
        besoins=besoins,
        taux_rebut=_taux_rebut() | parametres.taux_rebut,
        sav=_sav(parametres.horizon) | {a: list(q) for a, q in parametres.sav.items()},
        stock_magasin={a: int(q) for a, q in zip(magasin.article, magasin.stock_disponible)} | parametres.stock_magasin,
        emplacements=dict(zip(magasin.article, magasin.emplacement)),
        fournisseurs=fournisseurs,
        besoins_nets_achats=besoins_nets_achats,
    )


# --- variantes par apprenant ---------------------------------------------------------------

# taux de rebut possibles par article (ordre de grandeur mesuré chez Vallet Manutention)
TAUX_POSSIBLES = {
    "D100": (0.01, 0.02),
    "C200": (0.01, 0.02),
    "CH10": (0.03, 0.04, 0.05, 0.06, 0.07),
    "PO30": (0.02, 0.03, 0.04, 0.05),
}
COMPOSANTS_C200 = ("PL50", "PO30", "RO20", "ES01", "TU25")


def tirer_parametres(alea: random.Random) -> ParametresLancement:
    """Paramètres d'un apprenant : autour des valeurs de base, dans des bornes réalistes.

    Varient : les lancements proposés par le CBN pour D100, C200, CH10, PO30 (±30 %, ±50 % pour les
    chariots C200, peu nombreux), les taux de rebut, les besoins du SAV, la fenêtre de regroupement
    (2 ou 3 semaines), le stock des composants du chariot, les besoins nets des articles achetés,
    leur semaine de besoin (±1) et le délai des fournisseurs (1 à 3 semaines).
    """
    base = construire()
    p = base.parametres
    ecarts = {"D100": 0.3, "C200": 0.5, "CH10": 0.3, "PO30": 0.3}
    besoins = {a: [max(1, autour(alea, q, e)) if q > 0 else 0 for q in base.besoins[a]] for a, e in ecarts.items()}
    taux = {a: alea.choice(valeurs) for a, valeurs in TAUX_POSSIBLES.items()}
    sav = {a: [autour(alea, q, 0.4) if q > 0 else 0 for q in base.sav[a]] for a in base.sav}
    stock = {
        c: autour(alea, base.stock_magasin[c], 0.35, 5 if base.stock_magasin[c] >= 100 else 1) for c in COMPOSANTS_C200
    }
    achats = tuple((a, min(7, max(3, s + alea.choice((-1, 0, 1))))) for a, s in p.achats)
    besoins_nets = {a: autour(alea, q, 0.3) for a, q in base.besoins_nets_achats.items()}
    delais = {a: alea.choice((1, 2, 2, 3)) for a, _ in p.achats}
    return dataclasses.replace(
        p,
        fenetre=alea.choice((2, 3)),
        achats=achats,
        taux_rebut=taux,
        sav=sav,
        besoins=besoins,
        stock_magasin=stock,
        besoins_nets_achats=besoins_nets,
        delais_achat=delais,
    )


def _sans_ambiguite_d_arrondi(besoin: float, taux: float) -> bool:
    """besoin / (1 − taux) ni entier (piège des flottants de math.ceil) ni à une demi-unité (round)."""
    partie = besoin / (1 - taux) % 1
    return min(partie, 1 - partie) > 1e-6 and abs(partie - 0.5) > 1e-6


def _pistes_nettes(reference, erreurs: dict, nombre: int) -> bool:
    """Toutes les pistes (``nombre``) diffèrent de la référence et deux à deux."""
    valeurs = list(erreurs.values())
    return len(valeurs) == nombre and all(v != w for i, v in enumerate(valeurs) for w in valeurs[i + 1 :])


def controler(c: CasLancement) -> CasLancement:
    """Rejette (``exiger``) un cas insoluble, ambigu ou dont une erreur type se confond avec la référence."""
    q1 = c.donnees_q1()
    exiger((q1.besoin_production > 0).all(), "question 1 : un article sans besoin")
    for _, ligne in q1.iterrows():
        exiger(
            _sans_ambiguite_d_arrondi(ligne.besoin_production + ligne.besoin_sav, ligne.taux_rebut),
            "question 1 : quotient entier ou à une demi-unité",
        )
    exiger(_pistes_nettes(c.quantites_a_lancer(), c.erreurs_q1(), 4), "question 1 : pistes confondues")
    for q in lancement.regrouper(c.besoins_a_regrouper(), c.parametres.fenetre):
        exiger(q == 0 or _sans_ambiguite_d_arrondi(q, c.taux_regroupe()), "question 2 : quotient ambigu")
    exiger(sum(1 for q in c.lancements_regroupes() if q) >= 2, "question 2 : un seul OF regroupé")
    exiger(_pistes_nettes(c.lancements_regroupes(), c.erreurs_q2(), 4), "question 2 : pistes confondues")
    exiger(_pistes_nettes(c.temps_alloues(), c.erreurs_q3(), 3), "question 3 : pistes confondues")
    manque, prelevement = c.manquants(), c.prelevement()
    exiger(any(m > 0 for m in manque.values()), "question 4 : aucun composant manquant")
    exiger(
        any(c.stock_magasin[k] > q for k, q in prelevement.items()), "question 4 : aucun composant en stock suffisant"
    )
    erreurs_prelevement, erreurs_manquants = c.erreurs_q4()
    exiger(_pistes_nettes(prelevement, erreurs_prelevement, 2), "question 4 : pistes confondues (prélèvement)")
    exiger(_pistes_nettes(manque, erreurs_manquants, 2), "question 4 : pistes confondues (manquants)")
    achats = c.donnees_q5()
    exiger((achats.besoin_net > 0).all(), "question 5 : besoin net nul")
    exiger(all(s >= 1 for s in c.semaines_commande().values()), "question 5 : commande en retard")
    erreurs_quantites, erreurs_semaines = c.erreurs_q5()
    exiger(_pistes_nettes(c.quantites_commandees(), erreurs_quantites, 2), "question 5 : pistes confondues")
    exiger(_pistes_nettes(c.semaines_commande(), erreurs_semaines, 2), "question 5 : pistes confondues")
    return c


@par_apprenant("01_lancement_des_of")
def cas(alea: random.Random) -> CasLancement:
    """Le cas de l'apprenant (``cas()``) ou d'un apprenant donné (``cas("alice.martin")``)."""
    return controler(construire(tirer_parametres(alea)))
