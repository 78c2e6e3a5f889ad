"""Cas du cahier « Tenir et gérer les stocks » (source/bdc2_lancement/02_gestion_des_stocks).

Données : ``stocks_mouvements`` (fiche de stock des roues RO20, septembre), ``stocks_mensuel`` (stocks de fin
de mois et consommations sur 12 mois), ``stocks_consommations`` (consommations annuelles pour l'ABC),
``stocks_tarifs`` (tarif dégressif des roulements RL20). ``ParametresStocks`` rassemble ce qui peut varier.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import stocks
from gpedu.calculs.cbn import lot_economique


def _distinctes(reference, erreurs: dict, tolerance: float = 0.0) -> dict:
    """Garde les erreurs types dont la valeur diffère de la référence (au-delà de la tolérance)."""

    def egal(a, b):
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(egal(a[k], b[k]) for k in a)
        if isinstance(a, (list, tuple)):
            return len(a) == len(b) and all(egal(x, y) for x, y in zip(a, b))
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return abs(a - b) <= tolerance + 1e-9
        return a == b

    return {piste: valeur for piste, valeur in erreurs.items() if not egal(valeur, reference)}


@dataclass(frozen=True)
class ParametresStocks:
    """Ce qui définit le cas (une variante change ces valeurs)."""

    article_fiche: str = "RO20"
    cout_standard: float = 7.90
    seuils_abc: tuple[float, float] = (80, 95)
    article_wilson: str = "RL20"
    cout_passation: float = 60.0
    taux_possession: float = 0.20
    # stock de sécurité et réapprovisionnement (roues RO20, en semaines)
    consommation_hebdo: float = 175
    ecart_type_hebdo: float = 45
    delai_semaines: int = 2
    taux_service: float = 0.95
    periode_revue: int = 2
    en_commande: int = 200


def mouvements_de(table: pd.DataFrame) -> tuple[int, float, list[stocks.Mouvement]]:
    """Stock initial, prix initial et mouvements d'une table de mouvements (entrées > 0, sorties < 0)."""
    initial = table[table.type == "stock initial"].iloc[0]
    mouvements = [
        stocks.Mouvement(
            r.date,
            r.piece,
            int(r.quantite) if r.type == "entree" else -int(r.quantite),
            float(r.prix_unitaire_eur) if r.type == "entree" else None,
        )
        for r in table[table.type != "stock initial"].itertuples(index=False)
    ]
    return int(initial.quantite), float(initial.prix_unitaire_eur), mouvements


@dataclass(frozen=True)
class CasStocks:
    parametres: ParametresStocks
    table_mouvements: pd.DataFrame
    mensuel: pd.DataFrame
    consommations: pd.DataFrame
    tarifs: pd.DataFrame

    # --- fiche de stock --------------------------------------------------------------------
    def mouvements(self):
        return mouvements_de(self.table_mouvements)

    def fiche_cmup(self) -> stocks.FicheDeStock:
        return stocks.fiche_cmup(*self.mouvements())

    def fiche_peps(self) -> stocks.FicheDeStock:
        return stocks.fiche_peps(*self.mouvements())

    def _sorties_a_prix_unique(self, prix: float) -> list[float]:
        _, _, mvts = self.mouvements()
        return [-m.quantite * prix for m in mvts if not m.est_entree]

    def _prix_fin_de_periode(self) -> float:
        q0, p0, mvts = self.mouvements()
        entrees = [m for m in mvts if m.est_entree]
        return (q0 * p0 + sum(m.quantite * m.prix_unitaire for m in entrees)) / (q0 + sum(m.quantite for m in entrees))

    def erreurs_cmup(self) -> tuple[dict, dict]:
        cump = self._prix_fin_de_periode()
        q0, p0, mvts = self.mouvements()
        prix = [p0] + [m.prix_unitaire for m in mvts if m.est_entree]
        moyenne_simple = sum(prix) / len(prix)
        final = self.fiche_cmup().quantite_finale
        sorties = _distinctes(
            self.fiche_cmup().valeurs_sorties,
            {
                "coût moyen de fin de période (un seul CMUP pour le mois) au lieu d'un CMUP après chaque entrée": (
                    self._sorties_a_prix_unique(cump)
                ),
                "moyenne simple des prix, sans pondérer par les quantités": self._sorties_a_prix_unique(moyenne_simple),
                "vous avez valorisé les sorties en PEPS (lots les plus anciens) au lieu du CMUP": (
                    self.fiche_peps().valeurs_sorties
                ),
            },
            tolerance=0.5,
        )
        finale = _distinctes(
            self.fiche_cmup().valeur_finale,
            {
                "coût moyen de fin de période (un seul CMUP pour le mois) au lieu d'un CMUP après chaque entrée": (
                    final * cump
                ),
                "moyenne simple des prix, sans pondérer par les quantités": final * moyenne_simple,
                "vous avez valorisé le stock en PEPS (derniers lots entrés) au lieu du CMUP": (
                    self.fiche_peps().valeur_finale
                ),
            },
            tolerance=0.5,
        )
        return sorties, finale

    def fiche_deps(self) -> stocks.FicheDeStock:
        """Fiche « dernier entré, premier sorti » (pour l'erreur type seulement)."""
        q0, p0, mvts = self.mouvements()
        lots = [[q0, p0]]
        valeurs = []
        for m in mvts:
            if m.est_entree:
                lots.append([m.quantite, m.prix_unitaire])
                continue
            reste, valeur = -m.quantite, 0.0
            while reste:
                pris = min(reste, lots[-1][0])
                valeur += pris * lots[-1][1]
                lots[-1][0] -= pris
                reste -= pris
                if lots[-1][0] == 0:
                    lots.pop()
            valeurs.append(valeur)
        return valeurs, sum(q * p for q, p in lots)

    def erreurs_peps(self) -> tuple[dict, dict]:
        deps_sorties, deps_final = self.fiche_deps()
        cmup = self.fiche_cmup()
        piste_deps = "vous avez sorti les lots les plus récents (DEPS) : en PEPS, le premier entré est le premier sorti"
        piste_cmup = "vous avez repris les valeurs du CMUP"
        return (
            _distinctes(
                self.fiche_peps().valeur_sorties,
                {piste_deps: sum(deps_sorties), piste_cmup: cmup.valeur_sorties},
                tolerance=0.01,
            ),
            _distinctes(
                self.fiche_peps().valeur_finale, {piste_deps: deps_final, piste_cmup: cmup.valeur_finale}, 0.01
            ),
        )

    def ecart_prix(self) -> float:
        _, _, mvts = self.mouvements()
        return stocks.ecart_sur_prix(mvts, self.parametres.cout_standard)

    def erreurs_ecart(self) -> dict:
        return _distinctes(
            self.ecart_prix(),
            {
                "signe inversé : écart = (prix réel − coût standard) × quantité, négatif quand on a payé moins cher": (
                    -self.ecart_prix()
                ),
            },
            0.01,
        )

    # --- indicateurs -----------------------------------------------------------------------
    def indicateurs(self, *, couverture_sur_stock_moyen=False, service_en_quantite=False) -> dict[str, float]:
        moyen = stocks.stock_moyen(list(self.mensuel.stock_fin_de_mois))
        consommation = float(self.mensuel.consommation.sum())
        stock_actuel = self.fiche_cmup().quantite_finale
        demandes = self.table_mouvements[self.table_mouvements.type == "sortie"]
        if service_en_quantite:
            service = 100 * demandes.quantite.sum() / demandes.quantite_demandee.sum()
        else:
            service = stocks.taux_de_service(list(demandes.quantite_demandee), list(demandes.quantite))
        return {
            "stock_moyen": moyen,
            "rotation": stocks.rotation(consommation, moyen),
            "couverture_semaines": stocks.couverture(
                moyen if couverture_sur_stock_moyen else stock_actuel, consommation / 52
            ),
            "taux_de_service": service,
        }

    def erreurs_indicateurs(self) -> dict:
        ref = self.indicateurs()
        premier_dernier = (self.mensuel.stock_fin_de_mois.iloc[0] + self.mensuel.stock_fin_de_mois.iloc[-1]) / 2
        consommation = float(self.mensuel.consommation.sum())
        return _distinctes(
            ref,
            {
                "couverture calculée sur le stock moyen au lieu du stock actuel (fin septembre)": self.indicateurs(
                    couverture_sur_stock_moyen=True
                ),
                "taux de service calculé en quantités : il se compte en demandes servies en totalité": (
                    self.indicateurs(service_en_quantite=True)
                ),
                "rotation inversée : consommation / stock moyen, pas l'inverse": ref
                | {"rotation": ref["stock_moyen"] / consommation},
                "stock moyen = (premier + dernier) / 2 : prenez la moyenne des 12 stocks de fin de mois": ref
                | {"stock_moyen": premier_dernier, "rotation": consommation / premier_dernier},
            },
            0.01,
        )

    # --- ABC ------------------------------------------------------------------------------
    def tableau_abc(self, seuils=None) -> pd.DataFrame:
        t = self.consommations
        return stocks.classer_abc(
            dict(zip(t.article, t.consommation_annuelle)),
            dict(zip(t.article, t.cout_unitaire_eur)),
            seuils or self.parametres.seuils_abc,
        )

    def classes_abc(self) -> dict[str, str]:
        return self.tableau_abc()["classe"].to_dict()

    def _classes_selon(self, cle) -> dict[str, str]:
        t = self.consommations
        valeurs = {a: cle(r) for a, r in zip(t.article, t.itertuples(index=False))}
        from gpedu.calculs import pareto

        return pareto.classes_abc(valeurs, self.parametres.seuils_abc)

    def classes_seuil_exclu(self) -> dict[str, str]:
        """Erreur type : l'article qui franchit un seuil mis dans la classe inférieure."""
        tableau = self.tableau_abc()
        a, b = self.parametres.seuils_abc
        return {
            art: "A" if c <= a + 1e-9 else "B" if c <= b + 1e-9 else "C"
            for art, c in zip(tableau.index, tableau.pourcentage_cumule)
        }

    def erreurs_abc(self) -> dict:
        return _distinctes(
            self.classes_abc(),
            {
                "l'article qui franchit un seuil appartient à la classe SUPÉRIEURE (celui qui dépasse 80 % est en A)": (
                    self.classes_seuil_exclu()
                ),
                "classement sur les quantités consommées : il se fait sur la VALEUR consommée (quantité × coût)": (
                    self._classes_selon(lambda r: r.consommation_annuelle)
                ),
                "classement sur le coût unitaire : il se fait sur la VALEUR consommée (quantité × coût)": (
                    self._classes_selon(lambda r: r.cout_unitaire_eur)
                ),
            },
        )

    # --- Wilson avec remises ---------------------------------------------------------------
    def demande_wilson(self) -> float:
        t = self.consommations.set_index("article")
        return float(t.loc[self.parametres.article_wilson, "consommation_annuelle"])

    def paliers(self) -> list[tuple[int, float]]:
        t = self.tarifs[self.tarifs.article == self.parametres.article_wilson]
        return [(int(q), float(p)) for q, p in zip(t.quantite_minimale, t.prix_unitaire_eur)]

    def wilson(self) -> stocks.ResultatRemises:
        p = self.parametres
        return stocks.lot_economique_remises(self.demande_wilson(), p.cout_passation, p.taux_possession, self.paliers())

    def erreurs_wilson(self) -> tuple[dict, dict]:
        p, d, paliers = self.parametres, self.demande_wilson(), self.paliers()
        q_sans_remise = lot_economique(d, p.cout_passation, p.taux_possession * paliers[0][1])
        meilleur_prix = paliers[-1][1]
        q_non_ramene = lot_economique(d, p.cout_passation, p.taux_possession * meilleur_prix)
        ref = self.wilson()

        def ct(q):
            return stocks.cout_total(q, d, p.cout_passation, p.taux_possession, stocks.prix_du_palier(q, paliers))

        pistes_q = {
            "remises ignorées : Wilson au prix de base seulement": q_sans_remise,
            "Q* du meilleur prix non ramené dans son palier (à ce prix, il faut commander au moins la borne)": (
                q_non_ramene
            ),
            "plus forte remise retenue sans comparer les coûts totaux": paliers[-1][0],
        }
        pistes_cout = {
            "coût d'achat (demande × prix) oublié : avec des remises, il change d'un palier à l'autre": (
                ref.cout_total - d * ref.prix
            ),
            "remises ignorées : Wilson au prix de base seulement": ct(q_sans_remise),
        }
        return _distinctes(ref.quantite, pistes_q), _distinctes(ref.cout_total, pistes_cout, 1.0)

    # --- stock de sécurité et réapprovisionnement -----------------------------------------
    def stock_securite(self, delai=None) -> int:
        p = self.parametres
        return stocks.stock_de_securite(
            p.taux_service, p.ecart_type_hebdo, p.delai_semaines if delai is None else delai
        )

    def point_de_commande(self) -> float:
        p = self.parametres
        return stocks.point_de_commande(p.consommation_hebdo, p.delai_semaines, self.stock_securite())

    def stock_actuel(self) -> int:
        return self.fiche_cmup().quantite_finale

    def quantite_recompletement(self, *, ss_sur_delai=False, sans_en_commande=False) -> float:
        p = self.parametres
        ss = self.stock_securite() if ss_sur_delai else self.stock_securite(p.periode_revue + p.delai_semaines)
        niveau = stocks.niveau_de_recompletement(p.consommation_hebdo, p.periode_revue, p.delai_semaines, ss)
        return stocks.quantite_recompletement(niveau, self.stock_actuel(), 0 if sans_en_commande else p.en_commande)

    def erreurs_reappro(self) -> tuple[dict, dict, dict]:
        p = self.parametres
        k = stocks.coefficient_k(p.taux_service)
        ss = self.stock_securite()
        return (
            _distinctes(
                ss,
                {
                    "racine du délai oubliée : SS = k × σ × √L": math.ceil(k * p.ecart_type_hebdo),
                    "délai pris sans racine carrée : SS = k × σ × √L": math.ceil(
                        k * p.ecart_type_hebdo * p.delai_semaines
                    ),
                    "arrondi à l'entier le plus proche au lieu de l'unité supérieure": round(
                        k * p.ecart_type_hebdo * math.sqrt(p.delai_semaines)
                    ),
                },
            ),
            _distinctes(
                self.point_de_commande(),
                {
                    "stock de sécurité oublié dans le point de commande": p.consommation_hebdo * p.delai_semaines,
                    "consommation d'une seule semaine au lieu de la consommation pendant le délai": (
                        p.consommation_hebdo + ss
                    ),
                },
            ),
            _distinctes(
                self.quantite_recompletement(),
                {
                    "commande en cours oubliée : elle arrivera, il ne faut pas la commander deux fois": (
                        self.quantite_recompletement(sans_en_commande=True)
                    ),
                    "stock de sécurité calculé sur le délai seul : en recomplètement, il couvre période + délai": (
                        self.quantite_recompletement(ss_sur_delai=True)
                    ),
                },
            ),
        )


def construire(parametres: ParametresStocks) -> CasStocks:
    mensuel = entreprise.charger("stocks_mensuel")
    return CasStocks(
        parametres=parametres,
        table_mouvements=entreprise.charger("stocks_mouvements"),
        mensuel=mensuel[mensuel.article == parametres.article_fiche].reset_index(drop=True),
        consommations=entreprise.charger("stocks_consommations"),
        tarifs=entreprise.charger("stocks_tarifs"),
    )


@cache
def cas() -> CasStocks:
    """Le cas du cahier, tiré des données de l'entreprise."""
    return construire(ParametresStocks())
