"""Cas du cahier « Du PIC au PDP » (source/bdc1_planification/01_du_pic_au_pdp).

``construire()`` donne le cas de base (les tables de Vallet Manutention) ; ``cas()`` celui de
l'apprenant courant, tiré autour du cas de base par ``tirer_parametres`` (``cas("alice.martin")`` :
celui d'Alice).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from functools import cache, cached_property

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import pic_pdp
from gpedu.calculs.charge import capacite_hebdomadaire
from gpedu.calculs.pic_pdp import EnregistrementPDP, ParametresPIC, PlanPIC
from gpedu.variantes import autour, exiger, par_apprenant


@dataclass(frozen=True)
class DonneesPicPdp:
    """Les paramètres d'un cas (une variante = d'autres valeurs)."""

    famille: str
    demande: tuple[int, ...]
    parametres: ParametresPIC
    niveau_mixte: int
    article: str
    previsions: tuple[int, ...]
    fermes: tuple[int, ...]
    options: tuple[int, ...]
    horizon_ferme: int
    stock_initial: int
    stock_securite: int
    taille_lot: int
    receptions: tuple[int, ...]
    pdp_autres: tuple[tuple[str, tuple[int, ...]], ...]  # PDP déjà validés des autres produits
    temps: tuple[tuple[str, str, float], ...]  # (article, poste, temps unitaire h)
    temps_preparation: tuple[tuple[str, str, float], ...]
    liens: tuple[tuple[str, str, float], ...]
    postes: tuple[str, ...]
    poste_critique: str
    capacite_critique: float
    capacite_critique_7_jours: float


def _par_semaine(table, colonne: str, horizon: int) -> tuple[int, ...]:
    return tuple(int(table.loc[table.semaine_livraison == s, colonne].sum()) for s in range(1, horizon + 1))


def donnees_pdp(article: str, horizon: int = entreprise.HORIZON) -> dict:
    """Les données du PDP d'un produit fini tirées des tables (prévisions, commandes, règles, stock)."""
    return dict(_donnees_pdp(article, horizon))


@cache
def _donnees_pdp(article: str, horizon: int) -> tuple:
    articles = entreprise.articles()
    regles = entreprise.charger("pic_regles_pdp").set_index("article")
    previsions = entreprise.charger("pic_previsions")
    commandes = entreprise.charger("commandes_clients")
    cmd = commandes[commandes.article == article]
    prev = previsions[previsions.article == article].sort_values("semaine")
    recep = entreprise.receptions_programmees(article)
    return tuple(
        dict(
            previsions=tuple(int(v) for v in prev.prevision),
            fermes=_par_semaine(cmd[cmd.statut == "ferme"], "quantite", horizon),
            options=_par_semaine(cmd[cmd.statut != "ferme"], "quantite", horizon),
            horizon_ferme=int(regles.loc[article].horizon_ferme_semaines),
            stock_initial=int(articles.loc[article].stock),
            stock_securite=int(articles.loc[article].stock_securite),
            taille_lot=int(regles.loc[article].taille_lot_montage),
            receptions=tuple(recep.get(s, 0) for s in range(1, horizon + 1)),
        ).items()
    )


def _pdp_de(article: str, d: dict) -> list[int]:
    """Le PDP calculé d'un produit (les PDP « déjà validés » des autres produits)."""
    return pic_pdp.calculer_pdp(
        article,
        d["previsions"],
        d["fermes"],
        d["options"],
        horizon_ferme=d["horizon_ferme"],
        stock_initial=d["stock_initial"],
        stock_securite=d["stock_securite"],
        taille_lot=d["taille_lot"],
        receptions_programmees=list(d["receptions"]),
    ).pdp


@cache
def donnees_entreprise(famille: str = "diables") -> DonneesPicPdp:
    """Le cas tiré des tables de Vallet Manutention (pic_*, commandes_clients, articles, gammes…)."""
    horizon = entreprise.HORIZON
    demande = entreprise.charger("pic_demande")
    demande = demande[demande.famille == famille].sort_values("mois")
    f = entreprise.charger("pic_familles").set_index("famille").loc[famille]
    parametres = ParametresPIC(
        stock_initial=int(f.stock_initial),
        capacite_normale=int(f.capacite_normale),
        heures_sup_max=int(f.heures_sup_max),
        production_precedente=int(f.production_precedente),
        cout_stockage=float(f.cout_stockage_eur),
        cout_retard=float(f.cout_retard_eur),
        cout_heures_sup=float(f.cout_heures_sup_eur),
        cout_sous_traitance=float(f.cout_sous_traitance_eur),
        cout_variation=float(f.cout_variation_eur),
        stock_final=int(f.stock_final),
    )
    article = str(f.article)
    autres = []
    for autre in entreprise.charger("pic_regles_pdp").article:
        if autre != article:
            autres.append((autre, tuple(_pdp_de(autre, donnees_pdp(autre)))))
    gammes = entreprise.charger("gammes")
    postes = entreprise.charger("postes_de_charge").set_index("code")
    critique = "MONT"
    p = postes.loc[critique]
    return DonneesPicPdp(
        famille=famille,
        demande=tuple(int(v) for v in demande.demande),
        parametres=parametres,
        niveau_mixte=int(f.niveau_mixte),
        article=article,
        **donnees_pdp(article, horizon),
        pdp_autres=tuple(autres),
        temps=tuple(
            (a, po, float(t)) for a, po, t in gammes[["article", "poste", "temps_unitaire_h"]].itertuples(index=False)
        ),
        temps_preparation=tuple(
            (a, po, float(t))
            for a, po, t in gammes[["article", "poste", "temps_preparation_h"]].itertuples(index=False)
        ),
        liens=tuple(entreprise.liens_nomenclature()),
        postes=tuple(postes.index),
        poste_critique=critique,
        capacite_critique=capacite_hebdomadaire(p.nombre_machines, p.equipes, p.heures_par_equipe, p.jours_par_semaine),
        capacite_critique_7_jours=capacite_hebdomadaire(p.nombre_machines, p.equipes, p.heures_par_equipe, 7),
    )


def _taux(charge: list[float], capacite: float) -> list[float]:
    return [round(100 * c / capacite, 1) for c in charge]


@dataclass(frozen=True)
class CasPicPdp:
    """Références et erreurs types de chaque question."""

    d: DonneesPicPdp

    # --- PIC ---------------------------------------------------------------------------------
    @cached_property
    def plans(self) -> dict[str, PlanPIC]:
        return pic_pdp.comparer_strategies(self.d.demande, self.d.parametres, self.d.niveau_mixte)

    @property
    def production_constante(self) -> int:
        return self.plans["constante"].production[0]

    @property
    def stock_constante(self) -> list[int]:
        return self.plans["constante"].stock

    @property
    def couts(self) -> dict[str, float]:
        return {nom: plan.cout_total for nom, plan in self.plans.items()}

    @property
    def strategie_retenue(self) -> str:
        return min(self.couts, key=self.couts.get)

    def erreurs_production_constante(self) -> dict[str, int]:
        d, p = self.d.demande, self.d.parametres
        return {
            "arrondi à l'unité inférieure : la production ne couvrirait pas toute la demande": math.floor(
                (sum(d) - p.stock_initial + p.stock_final) / len(d)
            ),
            "stock initial oublié : il réduit ce qu'il faut produire": math.ceil((sum(d) + p.stock_final) / len(d)),
        }

    def erreurs_stock_constante(self) -> dict[str, list[int]]:
        d, p = self.d.demande, self.d.parametres
        erreurs = {}
        for piste, niveau in self.erreurs_production_constante().items():
            erreurs[piste] = pic_pdp.plan_constant(d, p, niveau).stock
        erreurs["stock initial oublié dans le stock de fin de mois"] = pic_pdp.plan_constant(
            d, replace(p, stock_initial=0), self.production_constante
        ).stock
        return erreurs

    def _cout(self, strategie: str, **modifications) -> float:
        p = replace(self.d.parametres, **modifications)
        if strategie == "constante":
            plan = pic_pdp.plan_constant(self.d.demande, p, self.production_constante)
        else:
            production = self.plans[strategie].production
            plan = pic_pdp.evaluer_plan(self.d.demande, production, p)
        return plan.cout_total

    def erreurs_cout(self, strategie: str) -> dict[str, float]:
        plan = self.plans[strategie]
        erreurs = {
            "coût de variation de cadence oublié (embauches, fins de mission)": self._cout(strategie, cout_variation=0),
            "variation du premier mois oubliée : comparez-le à la production du mois précédent le PIC": self._cout(
                strategie, production_precedente=plan.production[0]
            ),
            "heures supplémentaires non plafonnées : au-delà du maximum, c'est de la sous-traitance": self._cout(
                strategie, heures_sup_max=10**9
            ),
            "coût du stockage oublié": self._cout(strategie, cout_stockage=0),
            "coût des retards oublié (stock négatif)": self._cout(strategie, cout_retard=0),
        }
        return {piste: v for piste, v in erreurs.items() if abs(v - plan.cout_total) > 1}

    # --- PDP ---------------------------------------------------------------------------------
    def _pdp(self, **modifications) -> EnregistrementPDP:
        d = replace(self.d, **modifications)
        return pic_pdp.calculer_pdp(
            d.article,
            d.previsions,
            d.fermes,
            d.options,
            horizon_ferme=d.horizon_ferme,
            stock_initial=d.stock_initial,
            stock_securite=d.stock_securite,
            taille_lot=d.taille_lot,
            receptions_programmees=list(d.receptions),
        )

    @cached_property
    def pdp(self) -> EnregistrementPDP:
        return self._pdp()

    def _variantes_pdp(self) -> dict[str, EnregistrementPDP]:
        n = len(self.d.previsions)
        return {
            f"horizon ferme oublié : en semaines 1 à {self.d.horizon_ferme}, seules les commandes comptent": (
                self._pdp(horizon_ferme=0)
            ),
            "prévisions oubliées : au-delà de l'horizon ferme, le besoin est max(prévision, commandes)": self._pdp(
                horizon_ferme=n
            ),
            "options oubliées : une option est déjà promise au client, elle compte comme une commande": self._pdp(
                options=(0,) * n
            ),
            "OF en cours (réception programmée) oublié": self._pdp(receptions=(0,) * n),
            "stock de sécurité oublié": self._pdp(stock_securite=0),
            "taille de lot de montage oubliée (multiples du lot)": self._pdp(taille_lot=1),
        }

    def erreurs_pdp(self, champ: str) -> dict[str, list[int]]:
        reference = getattr(self.pdp, champ)
        erreurs = {piste: getattr(enr, champ) for piste, enr in self._variantes_pdp().items()}
        if champ == "dav":
            d, enr = self.d, self.pdp
            recep = list(d.receptions)
            erreurs = {
                "DAV sans anticipation : gardez le plus petit disponible des semaines suivantes": (
                    pic_pdp.disponible_cumule(d.stock_initial, enr.pdp, enr.engagements, recep)
                ),
                "vous avez donné le DAV discret ; la convention du cours est le DAV cumulé": pic_pdp.dav_discret(
                    d.stock_initial, enr.pdp, enr.engagements, list(d.receptions)
                ),
                "vous avez déduit les besoins (prévisions comprises) ; le DAV ne déduit que les commandes": (
                    pic_pdp.dav_cumule(d.stock_initial, enr.pdp, enr.besoins, recep)
                ),
                "options non déduites : elles sont déjà promises": pic_pdp.dav_cumule(
                    d.stock_initial, enr.pdp, list(d.fermes), list(d.receptions)
                ),
                "OF en cours oublié dans les entrées": pic_pdp.dav_cumule(d.stock_initial, enr.pdp, enr.engagements),
            }
        return {piste: v for piste, v in erreurs.items() if list(v) != list(reference)}

    # --- Charge globale ------------------------------------------------------------------------
    def tableau_gammes(self) -> pd.DataFrame:
        """La table des gammes avec les temps unitaires du cas (ceux de l'apprenant)."""
        gammes = entreprise.charger("gammes").copy()
        if list(zip(gammes.article, gammes.poste)) != [(a, poste) for a, poste, _ in self.d.temps]:
            raise ValueError("Les temps du cas ne suivent pas les lignes de la table des gammes.")
        gammes["temps_unitaire_h"] = [t for _, _, t in self.d.temps]
        return gammes

    def _profil(self, article: str, temps=None) -> dict[str, float]:
        profil = pic_pdp.profil_de_charge(article, self.d.liens, temps or self.d.temps)
        return {poste: round(profil.get(poste, 0.0), 4) for poste in self.d.postes}

    @property
    def profil(self) -> dict[str, float]:
        return self._profil(self.d.article)

    @property
    def pdps(self) -> dict[str, list[int]]:
        return {self.d.article: self.pdp.pdp, **{a: list(q) for a, q in self.d.pdp_autres}}

    def _charge(self, pdps: dict[str, list[int]]) -> list[float]:
        profils = {a: self._profil(a) for a in pdps}
        return pic_pdp.charge_globale(pdps, profils)[self.d.poste_critique]

    @property
    def charge_critique(self) -> list[float]:
        return self._charge(self.pdps)

    @property
    def taux_critique(self) -> list[float]:
        return _taux(self.charge_critique, self.d.capacite_critique)

    def erreurs_profil(self) -> dict[str, dict[str, float]]:
        a = self.d.article
        seul = {poste: 0.0 for poste in self.d.postes}
        for code, poste, t in self.d.temps:
            if code == a:
                seul[poste] += t
        avec_prep = {}
        for (code, poste, t), (_, _, tp) in zip(self.d.temps, self.d.temps_preparation):
            avec_prep.setdefault(code, []).append((code, poste, t + tp))
        erreurs = {
            "composants oubliés : il faut ajouter les gammes des semi-finis de la nomenclature": seul,
            "temps de préparation ajoutés : en charge globale, on ne compte que les temps unitaires": self._profil(
                a, tuple(x for v in avec_prep.values() for x in v)
            ),
        }
        return {piste: v for piste, v in erreurs.items() if v != self.profil}

    def erreurs_charge(self) -> dict[str, list[float]]:
        seul = {self.d.article: self.pdp.pdp}
        besoins = {self.d.article: self.pdp.besoins, **{a: list(q) for a, q in self.d.pdp_autres}}
        erreurs = {
            f"les autres produits manquent : le poste {self.d.poste_critique} monte aussi "
            + ", ".join(a for a, _ in self.d.pdp_autres): self._charge(seul),
            "vous avez chargé les besoins et non le PDP (les quantités à produire)": self._charge(besoins),
        }
        return {piste: v for piste, v in erreurs.items() if v != self.charge_critique}

    def erreurs_taux(self) -> dict[str, list[float]]:
        erreurs = {
            "capacité calculée sur 7 jours : la semaine de l'atelier compte 5 jours": _taux(
                self.charge_critique, self.d.capacite_critique_7_jours
            ),
            "taux donné en fraction (1,05) et non en pourcentage (105)": [
                round(c / self.d.capacite_critique, 3) for c in self.charge_critique
            ],
        }
        return {piste: v for piste, v in erreurs.items() if v != self.taux_critique}


def construire(donnees: DonneesPicPdp | None = None) -> CasPicPdp:
    """Le cas construit à partir de ses données (sans argument : le cas de base, tables de l'entreprise)."""
    return CasPicPdp(donnees_entreprise() if donnees is None else donnees)


def _autour_liste(alea: random.Random, valeurs, ecart: float, pas: float) -> tuple[int, ...]:
    return tuple(autour(alea, v, ecart, pas) for v in valeurs)


def tirer_parametres(alea: random.Random) -> DonneesPicPdp:
    """Les données d'un apprenant : autour du cas de base, dans des bornes réalistes."""
    base = donnees_entreprise()
    p = base.parametres
    demande = _autour_liste(alea, base.demande, 0.2, 5)
    cout_heures_sup = autour(alea, p.cout_heures_sup, 0.3, 1)
    parametres = replace(
        p,
        stock_initial=autour(alea, p.stock_initial, 0.5, 5),
        capacite_normale=autour(alea, p.capacite_normale, 0.1, 5),
        heures_sup_max=autour(alea, p.heures_sup_max, 0.35, 5),
        production_precedente=autour(alea, p.production_precedente, 0.1, 5),
        cout_stockage=autour(alea, p.cout_stockage, 0.35, 0.5),
        cout_retard=autour(alea, p.cout_retard, 0.3, 1),
        cout_heures_sup=cout_heures_sup,
        # la sous-traitance coûte toujours plus cher que les heures supplémentaires
        cout_sous_traitance=cout_heures_sup + autour(alea, p.cout_sous_traitance - p.cout_heures_sup, 0.4, 1),
        cout_variation=autour(alea, p.cout_variation, 0.4, 1),
    )
    rapport = sum(demande) / sum(base.demande)
    autres = []
    for article, _ in base.pdp_autres:
        d = donnees_pdp(article)
        d |= dict(
            previsions=_autour_liste(alea, d["previsions"], 0.3, 5),
            fermes=_autour_liste(alea, d["fermes"], 0.3, 5),
            options=_autour_liste(alea, d["options"], 0.3, 5),
            stock_initial=autour(alea, d["stock_initial"], 0.4, 5),
        )
        autres.append((article, tuple(_pdp_de(article, d))))
    return replace(
        base,
        demande=demande,
        parametres=parametres,
        niveau_mixte=autour(alea, base.niveau_mixte * rapport, 0.04, 5),
        previsions=_autour_liste(alea, base.previsions, 0.3, 5),
        fermes=_autour_liste(alea, base.fermes, 0.3, 5),
        options=_autour_liste(alea, base.options, 0.3, 5),
        horizon_ferme=alea.choice((2, 3, 4)),
        stock_initial=autour(alea, base.stock_initial, 0.3, 5),
        stock_securite=autour(alea, base.stock_securite, 0.4, 5),
        taille_lot=alea.choice((60, 70, 80, 90, 100, 110, 120)),
        receptions=_autour_liste(alea, base.receptions, 0.4, 10),
        pdp_autres=tuple(autres),
        temps=tuple((a, poste, max(0.01, autour(alea, t, 0.2, 0.01))) for a, poste, t in base.temps),
    )


def conditions(c: CasPicPdp) -> dict[str, bool]:
    """Ce qu'un cas doit respecter pour être un bon exercice (soluble, sans ambiguïté, pistes distinctes)."""
    d, p = c.d.demande, c.d.parametres
    pistes_q1 = list(c.erreurs_production_constante().values())
    couts = sorted(c.couts.values())
    besoins = c.erreurs_pdp("besoins")
    return {
        "production constante non entière (l'arrondi se voit)": (sum(d) - p.stock_initial + p.stock_final) % len(d)
        != 0,
        "pistes de la production constante distinctes": len(set(pistes_q1)) == len(pistes_q1)
        and c.production_constante not in pistes_q1,
        "stock initial du PIC non nul": p.stock_initial > 0,
        "pistes de chaque coût": all(c.erreurs_cout(s) for s in c.couts),
        "stratégie la moins chère nette (écart d'au moins 2 % et 20 €)": couts[1] - couts[0]
        >= max(20, 0.02 * couts[0]),
        "niveau mixte sous la capacité normale": 0 < c.d.niveau_mixte <= p.capacite_normale,
        "horizon ferme et prévisions décisifs dans les besoins": any(
            piste.startswith("horizon ferme oublié") for piste in besoins
        )
        and any(piste.startswith("prévisions oubliées") for piste in besoins),
        "pistes du PDP, du stock et du DAV": all(c.erreurs_pdp(champ) for champ in ("pdp", "stock_projete", "dav")),
        "stock projeté jamais négatif": min(c.pdp.stock_projete) >= 0,
        "au moins deux lots au PDP": sum(1 for q in c.pdp.pdp if q) >= 2,
        "le C200 a un PDP": any(q for _, pdp in c.d.pdp_autres for q in pdp),
        "une semaine en surcharge au montage, sans excès": 100 < max(c.taux_critique) <= 140,
        "aucun taux de charge à 100 % tout juste": all(abs(t - 100) > 0.1 for t in c.taux_critique),
        "pistes du profil, de la charge et du taux": bool(
            c.erreurs_profil() and c.erreurs_charge() and c.erreurs_taux()
        ),
    }


@par_apprenant("01_du_pic_au_pdp")
def cas(alea: random.Random) -> CasPicPdp:
    """Le cas de l'apprenant (``cas()`` : l'apprenant courant ; ``cas("alice.martin")`` : Alice)."""
    resultat = construire(tirer_parametres(alea))
    for raison, respectee in conditions(resultat).items():
        exiger(respectee, raison)
    return resultat
