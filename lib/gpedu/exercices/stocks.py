"""Cas du cahier « Tenir et gérer les stocks » (source/bdc2_lancement/02_gestion_des_stocks).

Données : ``stocks_mouvements`` (fiche de stock des roues RO20, septembre), ``stocks_mensuel`` (stocks de fin
de mois et consommations sur 12 mois), ``stocks_consommations`` (consommations annuelles pour l'ABC),
``stocks_tarifs`` (tarif dégressif des roulements RL20). ``ParametresStocks`` rassemble ce qui varie d'un
apprenant à l'autre : ``construire()`` donne le cas de base (valeurs des tables), ``cas()`` celui de
l'apprenant courant, tiré autour de ces valeurs (``tirer_parametres``) et contrôlé (``controler``).
"""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass, field

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import stocks
from gpedu.calculs.cbn import lot_economique
from gpedu.variantes import autour, exiger, par_apprenant


def _egal(a, b, tolerance: float = 0.0) -> bool:
    """Égalité à ``tolerance`` près, élément par élément (dictionnaires, listes, nombres)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_egal(a[k], b[k], tolerance) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_egal(x, y, tolerance) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= tolerance + 1e-9
    return a == b


def _distinctes(reference, erreurs: dict, tolerance: float = 0.0) -> dict:
    """Garde les erreurs types dont la valeur diffère de la référence (au-delà de la tolérance)."""
    return {piste: valeur for piste, valeur in erreurs.items() if not _egal(valeur, reference, tolerance)}


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
    # valeurs propres à l'apprenant (vide : valeurs des tables de l'entreprise)
    mouvements: tuple[tuple[int, float | None, int | None], ...] = ()  # (quantité, prix, demandée) par ligne
    stocks_fin_de_mois: tuple[int, ...] = ()
    consommations_mensuelles: tuple[int, ...] = ()
    consommations_annuelles: dict[str, int] = field(default_factory=dict)
    seuils_tarif: tuple[int, ...] = ()  # quantités minimales des paliers de l'article Wilson


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


def construire(parametres: ParametresStocks = ParametresStocks()) -> CasStocks:
    """Le cas défini par ``parametres`` (par défaut : le cas de base, valeurs des tables de l'entreprise)."""
    p = parametres
    mouvements = entreprise.charger("stocks_mouvements").copy()
    if p.mouvements:
        mouvements["quantite"] = [q for q, _, _ in p.mouvements]
        mouvements["prix_unitaire_eur"] = [float("nan") if x is None else x for _, x, _ in p.mouvements]
        mouvements["quantite_demandee"] = [float("nan") if d is None else d for _, _, d in p.mouvements]
    mensuel = entreprise.charger("stocks_mensuel")
    mensuel = mensuel[mensuel.article == p.article_fiche].reset_index(drop=True)
    if p.stocks_fin_de_mois:
        mensuel["stock_fin_de_mois"] = list(p.stocks_fin_de_mois)
    if p.consommations_mensuelles:
        mensuel["consommation"] = list(p.consommations_mensuelles)
    consommations = entreprise.charger("stocks_consommations").copy()
    consommations["consommation_annuelle"] = [
        p.consommations_annuelles.get(a, q) for a, q in zip(consommations.article, consommations.consommation_annuelle)
    ]
    # le coût de l'article de la fiche est son coût standard
    consommations.loc[consommations.article == p.article_fiche, "cout_unitaire_eur"] = p.cout_standard
    tarifs = entreprise.charger("stocks_tarifs").copy()
    if p.seuils_tarif:
        tarifs.loc[tarifs.article == p.article_wilson, "quantite_minimale"] = list(p.seuils_tarif)
    return CasStocks(
        parametres=p,
        table_mouvements=mouvements,
        mensuel=mensuel,
        consommations=consommations,
        tarifs=tarifs,
    )


# --- variantes par apprenant ---------------------------------------------------------------

RUPTURE = 7  # ligne de la sortie servie partiellement (BS 326, 23 septembre) : elle vide le stock


def _tirer_mouvements(alea: random.Random, table: pd.DataFrame) -> tuple[tuple[int, float | None, int | None], ...]:
    """Mouvements de septembre autour des valeurs de base, sans stock négatif.

    Les entrées arrivent par lots de 200 roues (lot du fournisseur) ; les sorties, par dizaines ; la sortie
    du 23 septembre vide le stock (rupture : la quantité demandée dépasse la quantité servie) ; les autres
    sorties laissent au moins 10 roues en stock.
    """
    lignes, stock = [], 0
    for rang, r in enumerate(table.itertuples(index=False)):
        if r.type == "stock initial":
            q = autour(alea, r.quantite, 0.3, 10)
            lignes.append((q, autour(alea, r.prix_unitaire_eur, 0.04, 0.01), None))
            stock = q
        elif r.type == "entree":
            q = alea.choice((200, 400))
            lignes.append((q, autour(alea, r.prix_unitaire_eur, 0.04, 0.01), None))
            stock += q
        elif rang == RUPTURE:
            exiger(stock >= 50, "rupture : trop peu de stock à servir")
            lignes.append((stock, None, stock + max(10, autour(alea, r.quantite_demandee - r.quantite, 0.5, 10))))
            stock = 0
        else:
            q = max(10, autour(alea, r.quantite, 0.4, 10))
            exiger(q <= stock - 10, "sortie plus grande que le stock (stock négatif)")
            lignes.append((q, None, q))
            stock -= q
    return tuple(lignes)


MARGE_ABC = 0.5  # points de % : aucun cumul plus près d'un seuil ABC


def _abc_sans_ambiguite(valeurs: dict[str, float], seuils: tuple[float, float]) -> bool:
    """Valeurs distinctes, aucun % cumulé à moins de ``MARGE_ABC`` d'un seuil, trois classes non vides."""
    if len(set(valeurs.values())) < len(valeurs):
        return False
    total, cumul, cumuls = sum(valeurs.values()), 0.0, []
    for v in sorted(valeurs.values(), reverse=True):
        cumul += v
        cumuls.append(100 * cumul / total)
    if any(abs(c - s) < MARGE_ABC for c in cumuls[:-1] for s in seuils):
        return False
    avant = [0.0] + cumuls[:-1]
    return any(seuils[0] < a < seuils[1] for a in avant) and any(a > seuils[1] for a in avant)


def tirer_parametres(alea: random.Random) -> ParametresStocks:
    """Paramètres d'un apprenant : autour des valeurs de base, dans des bornes réalistes.

    Varient : les mouvements de septembre (quantités, prix), le coût standard, les stocks et
    consommations des 11 mois précédents (septembre découle de la fiche), les consommations annuelles
    des 18 articles (celle des roues = somme des 12 mois), les seuils du tarif des roulements, le coût
    de passation, le taux de possession et tous les paramètres du réapprovisionnement.
    """
    base = construire()
    p = base.parametres
    mouvements = _tirer_mouvements(alea, base.table_mouvements)
    stock_final = sum(q if x is not None else -q for q, x, _ in mouvements[1:]) + mouvements[0][0]
    sorties = sum(q for q, x, _ in mouvements[1:] if x is None)
    stocks_mois = [autour(alea, v, 0.25, 10) for v in base.mensuel.stock_fin_de_mois[:-1]] + [stock_final]
    consos_mois = [autour(alea, v, 0.2, 10) for v in base.mensuel.consommation[:-1]] + [sorties]
    cout_standard = autour(alea, p.cout_standard, 0.03, 0.01)
    couts = dict(zip(base.consommations.article, base.consommations.cout_unitaire_eur))
    couts[p.article_fiche] = cout_standard
    for _ in range(200):  # consommations annuelles : on retire tant que l'ABC est ambigu (tirage local, rapide)
        annuelles = {
            a: autour(alea, q, 0.3, 100 if q >= 10_000 else 10 if q >= 1000 else 1)
            for a, q in zip(base.consommations.article, base.consommations.consommation_annuelle)
        }
        annuelles[p.article_fiche] = sum(consos_mois)
        if _abc_sans_ambiguite({a: q * couts[a] for a, q in annuelles.items()}, p.seuils_abc):
            break
    else:
        exiger(False, "ABC : aucun tirage sans cumul proche d'un seuil")
    seuils = [q for q, _ in base.paliers()]
    seuils_tarif = (seuils[0], autour(alea, seuils[1], 0.25, 500), autour(alea, seuils[2], 0.2, 1000))
    return dataclasses.replace(
        p,
        cout_standard=cout_standard,
        mouvements=mouvements,
        stocks_fin_de_mois=tuple(stocks_mois),
        consommations_mensuelles=tuple(consos_mois),
        consommations_annuelles=annuelles,
        seuils_tarif=seuils_tarif,
        cout_passation=float(autour(alea, p.cout_passation, 0.3, 5)),
        taux_possession=alea.choice((0.15, 0.18, 0.20, 0.22, 0.25)),
        consommation_hebdo=5 * round(sum(consos_mois) / 52 / 5),
        ecart_type_hebdo=autour(alea, p.ecart_type_hebdo, 0.3),
        delai_semaines=alea.choice((2, 3)),
        taux_service=alea.choice((0.90, 0.95, 0.975, 0.98, 0.99)),
        periode_revue=alea.choice((1, 2, 3)),
        en_commande=alea.choice((200, 400)),
    )


def _pistes_nettes(reference, erreurs: dict, nombre: int, tolerance: float = 0.0) -> bool:
    """Les ``nombre`` pistes diffèrent de la référence et deux à deux (au-delà de la tolérance)."""
    valeurs = list(erreurs.values())
    return len(valeurs) == nombre and not any(
        _egal(v, w, tolerance) for i, v in enumerate(valeurs) for w in valeurs[i + 1 :]
    )


def _partie_fractionnaire(x: float) -> float:
    return x - math.floor(x)


def controler(c: CasStocks) -> CasStocks:
    """Rejette (``exiger``) un cas insoluble, ambigu ou dont une erreur type se confond avec la référence."""
    p = c.parametres
    # fiche de stock : jamais de stock négatif (fiche_cmup lève sinon), une seule rupture, au 23 septembre
    fiche = c.fiche_cmup()
    quantites = [ligne["stock_quantite"] for ligne in fiche.lignes]
    exiger(min(quantites) >= 0, "stock négatif")
    sorties = c.table_mouvements[c.table_mouvements.type == "sortie"]
    exiger((sorties.quantite_demandee > sorties.quantite).sum() == 1, "une seule demande servie partiellement")
    erreurs_sorties, erreurs_finale = c.erreurs_cmup()
    exiger(_pistes_nettes(fiche.valeurs_sorties, erreurs_sorties, 3, 0.5), "question 1 : pistes confondues")
    exiger(_pistes_nettes(fiche.valeur_finale, erreurs_finale, 3, 0.5), "question 1 : pistes confondues (final)")
    peps_sorties, peps_finale = c.erreurs_peps()
    exiger(_pistes_nettes(0, peps_sorties, 2, 0.01) and len(peps_finale) == 2, "question 2 : pistes PEPS")
    exiger(abs(c.ecart_prix()) >= 1, "question 2 : écart sur prix presque nul (signe ambigu)")
    # indicateurs : septembre cohérent avec la fiche
    exiger(c.mensuel.stock_fin_de_mois.iloc[-1] == fiche.quantite_finale, "stock de fin septembre incohérent")
    exiger(_pistes_nettes(c.indicateurs(), c.erreurs_indicateurs(), 4, 0.01), "question 3 : pistes confondues")
    # ABC : valeurs distinctes, aucun cumul à moins de 0,5 point d'un seuil, trois classes non vides
    tableau = c.tableau_abc()
    exiger(_abc_sans_ambiguite(tableau.valeur.to_dict(), p.seuils_abc), "ABC : cumul trop proche d'un seuil")
    exiger(set(tableau.classe) == {"A", "B", "C"}, "ABC : une classe vide")
    exiger(_pistes_nettes(c.classes_abc(), c.erreurs_abc(), 3), "question 4 : pistes confondues")
    # Wilson avec remises : un optimum net (écart d'au moins 1 € avec le candidat suivant)
    seuils = [q for q, _ in c.paliers()]
    exiger(seuils == sorted(seuils) and len(set(seuils)) == len(seuils), "tarif : paliers non croissants")
    couts = sorted(c.wilson().candidats.cout_total)
    exiger(len(couts) >= 2 and couts[1] - couts[0] >= 1, "question 5 : deux quantités de coût presque égal")
    erreurs_q, erreurs_cout = c.erreurs_wilson()
    exiger(len(erreurs_q) == 3 and len(set(erreurs_q.values())) == 3, "question 5 : pistes confondues (quantité)")
    exiger(_pistes_nettes(c.wilson().cout_total, erreurs_cout, 2, 1.0), "question 5 : pistes confondues (coût)")
    # réapprovisionnement : k σ √L ni entier ni arrondi vers le haut par round (piste « arrondi »)
    k = stocks.coefficient_k(p.taux_service)
    for duree in (p.delai_semaines, p.delai_semaines + p.periode_revue):
        partie = _partie_fractionnaire(k * p.ecart_type_hebdo * math.sqrt(duree))
        exiger(1e-6 < partie < 1 - 1e-6, "stock de sécurité : k σ √L entier (piège d'arrondi)")
        # k lu dans la table (2 décimales) ou calculé : même stock de sécurité
        exiger(
            math.ceil(round(k, 2) * p.ecart_type_hebdo * math.sqrt(duree) - 1e-9)
            == stocks.stock_de_securite(p.taux_service, p.ecart_type_hebdo, duree),
            "stock de sécurité : k de la table et k calculé donnent deux réponses",
        )
    exiger(_partie_fractionnaire(k * p.ecart_type_hebdo * math.sqrt(p.delai_semaines)) < 0.5 - 1e-6, "arrondi")
    exiger(c.quantite_recompletement(ss_sur_delai=True) > 0, "question 6 : rien à commander")
    erreurs_ss, erreurs_pc, erreurs_recompletement = c.erreurs_reappro()
    exiger(_pistes_nettes(c.stock_securite(), erreurs_ss, 3), "question 6 : pistes confondues (SS)")
    exiger(_pistes_nettes(c.point_de_commande(), erreurs_pc, 2), "question 6 : pistes confondues (PC)")
    exiger(
        _pistes_nettes(c.quantite_recompletement(), erreurs_recompletement, 2), "question 6 : pistes (recomplètement)"
    )
    return c


@par_apprenant("02_gestion_des_stocks")
def cas(alea: random.Random) -> CasStocks:
    """Le cas de l'apprenant (``cas()``) ou d'un apprenant donné (``cas("alice.martin")``)."""
    return controler(construire(tirer_parametres(alea)))
