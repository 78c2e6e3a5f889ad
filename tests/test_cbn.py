"""Tests du moteur CBN / MRP (gpedu.calculs.cbn) : exemples publiés, règles de lot, erreurs, propriétés.

Conventions rappelées (docstrings de gpedu.calculs.cbn) : semaine 1 = indice 0 ; réception utilisable dans sa
semaine ; stock prévisionnel de fin de semaine ; BN_t = max(0, BB_t + SS - (S_{t-1} + RP_t)) ;
lancement = réception - délai, avant la semaine 1 : lancement hors horizon + alerte.
"""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gpedu import entreprise
from gpedu.calculs.cbn import (
    METHODES_LOT,
    DonneesIncoherentes,
    ParametresArticle,
    RegleLot,
    calculer_article,
    calculer_avec,
    calculer_cbn,
    codes_bas_niveau,
    graphe_nomenclature,
    lot_economique,
)

REGLAGES = settings(max_examples=200, deadline=None)


def semaines_non_nulles(valeurs: list[int]) -> list[int]:
    """Numéros (1..T) des semaines où la valeur est non nulle."""
    return [s for s, v in enumerate(valeurs, start=1) if v]


# --- Exemples publiés -------------------------------------------------------------------------


# Source : « 06 MRP Tables (Excel) », article A (LFL, délai 2 semaines, stock de sécurité 20),
# https://www.scribd.com/document/460670825/06-MRP-Tables-excel-1-xlsx
# Publié : réceptions planifiées 150 (S4) et 220 (S6), stock disponible 30 30 30 20 20 20 20.
# Même convention que la nôtre : BN = BB + SS - stock disponible (S4 : 160 + 20 - 30 = 150).
def test_publie_lot_pour_lot_avec_stock_de_securite():
    r = calculer_article([0, 0, 0, 160, 0, 220, 0], stock_initial=30, stock_securite=20, delai=2)
    assert r.ordres == [0, 0, 0, 150, 0, 220, 0]
    assert r.stock_previsionnel == [30, 30, 30, 20, 20, 20, 20]
    assert r.besoins_nets == [0, 0, 0, 150, 0, 220, 0]
    # lancements 2 semaines avant les réceptions (S2 et S4)
    assert r.lancements == [0, 150, 0, 220, 0, 0, 0]
    assert r.alertes == []


# Source : énoncé et corrigé de https://www.edu.com/homework-helper/math/question/829356/
# (article A seul : stock 20, lot pour lot, délai 1, BB 30 en S2, 30 en S5, 40 en S8).
# Publié : lancements de 10 en S1, 30 en S4, 40 en S7.
def test_publie_lot_pour_lot_article_seul():
    r = calculer_article([0, 30, 0, 0, 30, 0, 0, 40], stock_initial=20, delai=1)
    assert r.besoins_nets == [0, 10, 0, 0, 30, 0, 0, 40]
    assert r.ordres == r.besoins_nets
    assert r.lancements == [10, 0, 0, 30, 0, 0, 40, 0]
    assert r.stock_previsionnel == [20, 0, 0, 0, 0, 0, 0, 0]


# Source : https://grandpaperwriters.com/question-answer-develop-an-mrp-spreadsheet-record-for-six-periods-using-the-following-parameters-for-the-item/
# Données : BB 30 40 40 30 30 30, délai 1, lot Q = 50, stock 2, réception programmée de 50 en S1.
# Publié (question a, SS = 0) : lancements en périodes 1, 2 et 4.
# Stock : S1 2+50-30 = 22 ; S2 22-40 < 0 -> 50 -> 32 ; S3 32-40 -> 50 -> 42 ; S4 12 ; S5 -> 50 -> 32 ; S6 2.
def test_publie_quantite_fixe_avec_reception_programmee():
    r = calculer_article(
        [30, 40, 40, 30, 30, 30],
        stock_initial=2,
        receptions_programmees={1: 50},
        delai=1,
        regle=RegleLot("quantite_fixe", quantite=50),
    )
    assert semaines_non_nulles(r.lancements) == [1, 2, 4]
    assert r.ordres == [0, 50, 50, 0, 50, 0]
    assert r.stock_previsionnel == [22, 32, 42, 12, 32, 2]


# Même énoncé, question b (stock de sécurité 20) : corrigé non publié sur la page,
# exemple construit, calcul détaillé ci-dessous (BN = BB + SS - (stock S-1 + RP)) :
# S1 : 30 + 20 - (2 + 50) = -2 -> BN 0, stock 22
# S2 : 40 + 20 - 22 = 38 -> 50, stock 32
# S3 : 40 + 20 - 32 = 28 -> 50, stock 42
# S4 : 30 + 20 - 42 = 8 -> 50, stock 62
# S5 : 30 + 20 - 62 < 0 -> BN 0, stock 32
# S6 : 30 + 20 - 32 = 18 -> 50, stock 52
# Le stock de sécurité ajoute un lancement (S1, S2, S3, S5 au lieu de S1, S2, S4).
def test_construit_stock_de_securite_et_reception_programmee():
    r = calculer_article(
        [30, 40, 40, 30, 30, 30],
        stock_initial=2,
        receptions_programmees={1: 50},
        stock_securite=20,
        delai=1,
        regle=RegleLot("quantite_fixe", quantite=50),
    )
    assert r.besoins_nets == [0, 38, 28, 8, 0, 18]
    assert r.ordres == [0, 50, 50, 50, 0, 50]
    assert r.stock_previsionnel == [22, 32, 42, 62, 32, 52]
    assert r.lancements == [50, 50, 50, 0, 50, 0]


# Source : Ptak & Smith, « Orlicky's Material Requirements Planning », 3e éd., chap. 15, figure 15-4 (p. 278)
# (distributeurs 1, 2, 3 : lots fixes de 150, 300, 250, pas de stock de sécurité),
# https://digilib.universitaspertamina.ac.id/ebook/Orlickys%20Material%20Requirements%20Planning/files/basic-html/page299.html
# Publié : prévisions, stock de départ, « Projected Available Balance » et réceptions planifiées
# (l'extrait perd les colonnes des réceptions : leurs semaines se lisent sur les hausses du solde).
@pytest.mark.parametrize(
    ("stock", "prevision", "lot", "solde_publie", "semaines_receptions"),
    [
        (
            145,
            [100, 90, 80, 75, 80, 90, 100, 100, 120, 130],
            150,
            [45, 105, 25, 100, 20, 80, 130, 30, 60, 80],
            [2, 4, 6, 7, 9, 10],
        ),
        (
            190,
            [135, 100, 90, 80, 75, 82, 125, 110, 150, 50],
            300,
            [55, 255, 165, 85, 10, 228, 103, 293, 143, 93],
            [2, 6, 8],
        ),
        (
            272,
            [80, 75, 80, 90, 100, 125, 130, 120, 50, 85],
            250,
            [192, 117, 37, 197, 97, 222, 92, 222, 172, 87],
            [4, 6, 8],
        ),
    ],
    ids=["distributeur_1", "distributeur_2", "distributeur_3"],
)
def test_publie_orlicky_quantite_fixe(stock, prevision, lot, solde_publie, semaines_receptions):
    r = calculer_article(prevision, stock_initial=stock, regle=RegleLot("quantite_fixe", quantite=lot))
    assert r.stock_previsionnel == solde_publie
    assert semaines_non_nulles(r.ordres) == semaines_receptions
    assert set(r.ordres) <= {0, lot}


# Même figure 15-4 : « Total Demand » du fabricant = somme des lancements des trois distributeurs,
# publiée : 700 0 400 0 700 150 300 150 150 0. Les délais ne sont pas dans l'extrait : 1, 1 et 3
# semaines sont les seuls compatibles avec cette ligne (ex. 150 en S9 et 0 en S10 -> délai 1 pour D1).
# On traite le fabricant comme composant (quantité 1) des distributeurs.
def test_publie_orlicky_besoins_du_fabricant():
    besoins = {
        "D1": [100, 90, 80, 75, 80, 90, 100, 100, 120, 130],
        "D2": [135, 100, 90, 80, 75, 82, 125, 110, 150, 50],
        "D3": [80, 75, 80, 90, 100, 125, 130, 120, 50, 85],
    }
    parametres = {
        "D1": ParametresArticle(stock_initial=145, delai=1, regle=RegleLot("quantite_fixe", quantite=150)),
        "D2": ParametresArticle(stock_initial=190, delai=1, regle=RegleLot("quantite_fixe", quantite=300)),
        "D3": ParametresArticle(stock_initial=272, delai=3, regle=RegleLot("quantite_fixe", quantite=250)),
        "FAB": ParametresArticle(stock_initial=200),
    }
    liens = [("D1", "FAB", 1), ("D2", "FAB", 1), ("D3", "FAB", 1)]
    resultats = calculer_cbn(besoins, liens, parametres, 10)
    assert resultats["FAB"].besoins_bruts == [700, 0, 400, 0, 700, 150, 300, 150, 150, 0]
    assert all(not r.alertes for r in resultats.values())


# Source : https://askfilo.com/user-question-answers-smart-solutions/the-user-has-provided-an-image-containing-several-tables-3431343731353434
# Section C : délai 3, quantité minimale 500, stock 0, réceptions programmées 500 (S2) et 600 (S3).
# Publié : stock 0 250 550 250 450 150, BN 50 en S5, réception planifiée 500 en S5.
def test_publie_minimum_avec_receptions_programmees():
    r = calculer_article(
        [0, 250, 300, 300, 300, 300],
        receptions_programmees={2: 500, 3: 600},
        delai=3,
        regle=RegleLot(minimum=500),
    )
    assert r.stock_previsionnel == [0, 250, 550, 250, 450, 150]
    assert r.besoins_nets == [0, 0, 0, 0, 50, 0]
    assert r.ordres == [0, 0, 0, 0, 500, 0]
    assert r.lancements == [0, 500, 0, 0, 0, 0]  # 5 - 3 = semaine 2


# Source : même énoncé, deux corrigés publiés (stock fin S3 = 70 ; réception planifiée S6 = 270, détail S1 à S6) :
# https://smartsolve.ai/question/given-the-following-mrp-matrix-for-item-d-item-d-period-lot-size-min-100-lt-2-1-2-3-4-5-6-7-gross-requirements-e5cf40a7a1
# https://smartsolve.ai/question/given-the-following-mrp-matrix-for-item-d-item-d-period-lot-size-min-100-lt-2-1-2-3-4-5-6-7-gross-requirements-9f3da4089e
# Article D : lot minimum 100, délai 2, stock 120, réception programmée 150 en S2.
# Publié (périodes 1 à 6) : stock 60 120 70 20 0 0 ; réceptions planifiées 100 (S3), 100 (S4), 160 (S5), 270 (S6).
def test_publie_minimum_article_d():
    r = calculer_article(
        [60, 90, 150, 150, 180, 270, 120],
        stock_initial=120,
        receptions_programmees={2: 150},
        delai=2,
        regle=RegleLot(minimum=100),
    )
    assert r.stock_previsionnel[:6] == [60, 120, 70, 20, 0, 0]
    assert r.ordres[:6] == [0, 0, 100, 100, 160, 270]
    assert r.besoins_nets[:6] == [0, 0, 30, 80, 160, 270]


# Source : https://www.edu.com/homework-helper/math/question/829356/ (même énoncé repris sur quesba.com).
# A = 1 B + 2 C + 1 D ; C = 2 D + 3 E. D apparaît aux niveaux 1 et 2 -> code de bas niveau 2.
# Stocks A 20, C 10, D 20, E 10 ; réceptions programmées B 10 (P1), C 50 (P1) ; A et B lot pour lot ;
# C minimum 50 ; D multiple de 100 ; E multiple de 50 ; délais A, B, C = 1, D, E = 2 ;
# besoins bruts de A : 30 (P2), 30 (P5), 40 (P8).
# Publié : A 10 (P1), 30 (P4), 40 (P7) ; B 30 (P3), 40 (P6) ; C 50 (P3), 50 (P6) ;
# D 100 (P1), 100 (P2), 100 (P4) ; E 150 (P1), 150 (P4).
def test_publie_explosion_multi_niveaux():
    liens = [("A", "B", 1), ("A", "C", 2), ("A", "D", 1), ("C", "D", 2), ("C", "E", 3)]
    parametres = {
        "A": ParametresArticle(stock_initial=20, delai=1),
        "B": ParametresArticle(delai=1, receptions_programmees={1: 10}),
        "C": ParametresArticle(stock_initial=10, delai=1, regle=RegleLot(minimum=50), receptions_programmees={1: 50}),
        "D": ParametresArticle(stock_initial=20, delai=2, regle=RegleLot(multiple=100)),
        "E": ParametresArticle(stock_initial=10, delai=2, regle=RegleLot(multiple=50)),
    }
    assert codes_bas_niveau(liens) == {"A": 0, "B": 1, "C": 1, "D": 2, "E": 2}
    r = calculer_cbn({"A": {2: 30, 5: 30, 8: 40}}, liens, parametres, 8)
    assert r["A"].lancements == [10, 0, 0, 30, 0, 0, 40, 0]
    assert r["B"].lancements == [0, 0, 30, 0, 0, 40, 0, 0]
    assert r["C"].lancements == [0, 0, 50, 0, 0, 50, 0, 0]
    assert r["D"].lancements == [100, 100, 0, 100, 0, 0, 0, 0]
    assert r["E"].lancements == [150, 0, 0, 150, 0, 0, 0, 0]
    # D reçoit les besoins de ses deux parents : 1 × lancements de A + 2 × lancements de C
    assert r["D"].besoins_bruts == [10, 0, 100, 30, 0, 100, 40, 0]
    assert all(not e.alertes for e in r.values())


# Exemple construit, calcul détaillé ci-dessous : lancement de parent hors horizon.
# P : BB 40 (S1), 10 (S3), stock 0, délai 2 -> ordre de 40 en S1 lancé en S-1 (hors horizon, alerte),
#     ordre de 10 en S3 lancé en S1.
# C (3 par P, délai 0) : BB S1 = 3 × 10 (lancement S1) + 3 × 40 (retard) = 150.
def test_construit_lancement_en_retard_devient_besoin_semaine_1():
    liens = [("P", "C", 3)]
    parametres = {"P": ParametresArticle(delai=2), "C": ParametresArticle()}
    r = calculer_cbn({"P": [40, 0, 10]}, liens, parametres, 3)
    assert r["P"].lancements == [10, 0, 0]
    assert r["P"].lancements_hors_horizon == {-1: 40}
    assert r["P"].alertes == [
        "P : l'ordre de 40 à recevoir en semaine 1 aurait dû être lancé en semaine -1, "
        "avant l'horizon (lancement en retard)."
    ]
    assert r["C"].besoins_bruts == [150, 0, 0]
    assert r["C"].alertes == []


# Exemple construit, calcul détaillé ci-dessous : période fixe de 3 semaines avec une réception
# programmée en fin de fenêtre. BB 10 10 0, RP 30 en S3, stock 0.
# Besoins nets lot pour lot : 10 (S1), 10 (S2), 0 (S3) -> la commande de S1 couvre 10 + 10 = 20.
# (Avant correction, le moteur ne regardait que la fin de fenêtre : 20 - 30 < 0 -> 10 en S1 puis 10 en S2.)
def test_construit_periode_fixe_couvre_toute_la_fenetre():
    r = calculer_article([10, 10, 0], receptions_programmees={3: 30}, regle=RegleLot("periode_fixe", periodes=3))
    assert r.ordres == [20, 0, 0]
    assert r.besoins_nets == [10, 0, 0]
    assert r.stock_previsionnel == [10, 0, 30]


# Exemple construit : période fixe de 2 semaines, BB 10 20 30 40 50, stock 5.
# S1 : BN 5, couvre S1 + S2 : 10 + 20 - 5 = 25 -> stock 20, puis 0 en S2.
# S3 : BN 30, couvre S3 + S4 : 70 -> stock 40, puis 0 ; S5 : BN 50 (fenêtre tronquée à l'horizon).
def test_construit_periode_fixe_deux_semaines():
    r = calculer_article([10, 20, 30, 40, 50], stock_initial=5, regle=RegleLot("periode_fixe", periodes=2))
    assert r.ordres == [25, 0, 70, 0, 50]
    assert r.stock_previsionnel == [20, 0, 40, 0, 0]


# --- Lot de Wilson --------------------------------------------------------------------------


def test_wilson_exemple_du_cours():
    # racine(2 × 1000 × 10 / 0,5) = racine(40 000) = 200
    assert lot_economique(1000, 10, 0.5) == 200


# Source : https://wegglab.com/pa-12-1-algo-millennium-liquors-is-a-wholesaler-millennium-liquors-is-a-wholesaler-of-sparkling-wines-its-most-popular-product-is-the-french-bete-noire-which-is-shipped-directly-from-france-we-2/
# D = 45 × 52 = 2340, K = 300 $, h = 20 $ -> Q* = racine(70 200) = 264,95, publié 265.
def test_wilson_publie_millennium_liquors():
    assert lot_economique(45 * 52, 300, 20) == 265


def test_wilson_arrondi_superieur():
    assert lot_economique(650, 20, 1.2) == 148  # racine(21 666,7) = 147,2 -> 148
    assert lot_economique(100, 1, 2) == 10  # racine exacte : pas d'arrondi


def test_wilson_racine_exacte_malgre_les_flottants():
    # 2 × 315 × 1 / 0,7 = 900 -> 30 (et non 31 à cause de 900,000…01 en flottant)
    assert lot_economique(315, 1, 0.7) == 30


@pytest.mark.parametrize(("d", "cl", "cp"), [(0, 10, 0.5), (1000, 0, 0.5), (1000, 10, 0), (-5, 10, 0.5)])
def test_wilson_parametres_non_positifs(d, cl, cp):
    with pytest.raises(DonneesIncoherentes, match="Wilson"):
        lot_economique(d, cl, cp)


# --- Règles de lot (RegleLot.ajuster) -------------------------------------------------------


@pytest.mark.parametrize(
    ("regle", "besoin", "attendu"),
    [
        (RegleLot(), 37, 37),
        (RegleLot(), 0, 0),
        (RegleLot(), -5, 0),
        (RegleLot("quantite_fixe", quantite=50), 1, 50),
        (RegleLot("quantite_fixe", quantite=50), 50, 50),
        (RegleLot("quantite_fixe", quantite=50), 51, 100),
        (RegleLot("quantite_fixe", quantite=50), 130, 150),
        (RegleLot("lot_economique", quantite=200), 130, 200),
        (RegleLot("lot_economique", quantite=200), 201, 400),
        (RegleLot("periode_fixe", periodes=3), 37, 37),  # la fenêtre est gérée par calculer_article
        (RegleLot(minimum=100), 30, 100),
        (RegleLot(minimum=100), 130, 130),
        (RegleLot(multiple=25), 30, 50),
        (RegleLot(multiple=25), 50, 50),
        (RegleLot(minimum=110, multiple=50), 30, 150),  # minimum puis multiple : 110 -> 150
        (RegleLot("quantite_fixe", quantite=40, multiple=25), 30, 50),  # 40 -> 50
        (RegleLot(minimum=150, multiple=50), 10, 150),  # TU25 de l'entreprise
        (RegleLot(minimum=150, multiple=50), 260, 300),
    ],
)
def test_regle_lot_ajuster(regle, besoin, attendu):
    assert regle.ajuster(besoin) == attendu


def test_regle_lot_par_defaut_est_lot_pour_lot():
    assert RegleLot() == RegleLot("lot_pour_lot", minimum=0, multiple=1)
    assert set(METHODES_LOT) == {"lot_pour_lot", "quantite_fixe", "periode_fixe", "lot_economique"}


def test_lot_economique_se_comporte_comme_quantite_fixe():
    bb = [40, 0, 90, 10, 300, 0, 20]
    eco = calculer_article(
        bb, stock_initial=15, delai=1, regle=RegleLot("lot_economique", quantite=lot_economique(1000, 10, 0.5))
    )
    fixe = calculer_article(bb, stock_initial=15, delai=1, regle=RegleLot("quantite_fixe", quantite=200))
    # S1 : BN 25 -> 200 (stock 175) ; S5 : 75 - 300 -> BN 225 -> 2 lots = 400
    assert eco.ordres == fixe.ordres == [200, 0, 0, 0, 400, 0, 0]


def test_tableau_cbn_presentation():
    r = calculer_article([10, 30], stock_initial=20, delai=2, article="X")
    t = r.tableau()
    assert list(t.columns) == ["S0", "S1", "S2"]
    assert t.columns.name == "X"
    assert t.loc["Stock prévisionnel (fin de semaine)"].tolist() == [20, 10, 0]
    assert t.loc["Ordres planifiés (lancement)", "S0"] == 20  # lancement hors horizon


# --- Erreurs (DonneesIncoherentes, messages en français) ------------------------------------


def test_erreur_cycle_nomme_le_cycle():
    liens = [("A", "B", 1), ("B", "C", 2), ("C", "A", 1), ("A", "D", 1)]
    for fonction in (graphe_nomenclature, codes_bas_niveau):
        with pytest.raises(DonneesIncoherentes, match="Nomenclature cyclique") as erreur:
            fonction(liens)
        chemin = re.fullmatch(r"Nomenclature cyclique : (.*)\.", str(erreur.value)).group(1).split(" -> ")
        # chemin fermé, fait de liens de la nomenclature, passant par A, B et C
        assert chemin[0] == chemin[-1]
        assert set(chemin) == {"A", "B", "C"}
        assert all((a, b) in {(p, c) for p, c, _ in liens} for a, b in zip(chemin, chemin[1:], strict=False))
    with pytest.raises(DonneesIncoherentes, match="cyclique"):
        calculer_cbn({"A": [1]}, liens, {a: ParametresArticle() for a in "ABCD"}, 1)


def test_erreur_article_composant_de_lui_meme():
    with pytest.raises(DonneesIncoherentes, match="Nomenclature cyclique : A -> A"):
        graphe_nomenclature([("A", "A", 1)])


@pytest.mark.parametrize("quantite", [-1, 0])
def test_erreur_quantite_de_lien_non_positive(quantite):
    with pytest.raises(DonneesIncoherentes, match=f"quantité {quantite} de B dans A"):
        graphe_nomenclature([("A", "B", quantite)])


def test_erreur_lien_en_double():
    with pytest.raises(DonneesIncoherentes, match="le lien A -> B apparaît deux fois"):
        graphe_nomenclature([("A", "B", 1), ("A", "B", 2)])


def test_erreur_besoin_brut_negatif():
    with pytest.raises(DonneesIncoherentes, match="X : besoin brut négatif"):
        calculer_article([5, -1], article="X")


@pytest.mark.parametrize("parametre", [{"stock_securite": -1}, {"delai": -1}])
def test_erreur_stock_de_securite_ou_delai_negatif(parametre):
    with pytest.raises(DonneesIncoherentes, match="stock de sécurité et délai doivent être >= 0"):
        calculer_article([5], **parametre)


def test_erreur_regle_inconnue():
    with pytest.raises(DonneesIncoherentes, match="Règle de lot inconnue « lot_magique »"):
        RegleLot("lot_magique")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"methode": "quantite_fixe"}, "« quantite_fixe » demande une quantité de lot positive"),
        ({"methode": "quantite_fixe", "quantite": 0}, "« quantite_fixe » demande une quantité de lot positive"),
        ({"methode": "lot_economique", "quantite": -10}, "« lot_economique » demande une quantité de lot positive"),
        ({"methode": "periode_fixe"}, "« periode_fixe » demande un nombre de périodes >= 1"),
        ({"methode": "periode_fixe", "periodes": 0}, "« periode_fixe » demande un nombre de périodes >= 1"),
        ({"minimum": -1}, "Le lot minimum doit être >= 0 et le multiple >= 1"),
        ({"multiple": 0}, "Le lot minimum doit être >= 0 et le multiple >= 1"),
    ],
)
def test_erreur_parametres_de_regle_manquants_ou_faux(arguments, message):
    with pytest.raises(DonneesIncoherentes, match=message):
        RegleLot(**arguments)


def test_erreur_liste_de_mauvaise_longueur():
    with pytest.raises(DonneesIncoherentes, match="Réceptions programmées : 2 valeurs pour un horizon de 3 semaines"):
        calculer_article([1, 2, 3], receptions_programmees=[0, 5])
    with pytest.raises(DonneesIncoherentes, match="Besoins indépendants A : 2 valeurs pour un horizon de 3 semaines"):
        calculer_cbn({"A": [1, 2]}, [], {"A": ParametresArticle()}, 3)


@pytest.mark.parametrize("semaine", [0, 4])
def test_erreur_semaine_hors_horizon(semaine):
    with pytest.raises(DonneesIncoherentes, match=f"semaine {semaine} hors de l'horizon 1..3"):
        calculer_article([1, 2, 3], receptions_programmees={semaine: 10})


def test_erreur_parametres_manquants():
    liens = [("A", "B", 1), ("A", "C", 1)]
    with pytest.raises(DonneesIncoherentes, match="Paramètres de gestion manquants pour : B, C"):
        calculer_cbn({"A": [5]}, liens, {"A": ParametresArticle()}, 1)


# --- Codes de bas niveau --------------------------------------------------------------------


def test_codes_bas_niveau_niveau_le_plus_profond():
    # E apparaît au niveau 1 (sous A) et au niveau 3 (sous A -> B -> C) : code 3
    liens = [("A", "B", 1), ("B", "C", 1), ("C", "E", 1), ("A", "E", 2), ("F", "C", 1)]
    assert codes_bas_niveau(liens) == {"A": 0, "F": 0, "B": 1, "C": 2, "E": 3}


def test_codes_bas_niveau_tries_par_niveau_puis_nom():
    codes = codes_bas_niveau([("Z", "B", 1), ("A", "B", 1), ("B", "C", 1)])
    assert list(codes.items()) == [("A", 0), ("Z", 0), ("B", 1), ("C", 2)]
    assert codes_bas_niveau([]) == {}


def test_article_sans_nomenclature_niveau_zero():
    r = calculer_cbn({"SEUL": [5, 5]}, [], {"SEUL": ParametresArticle(stock_initial=7)}, 2)
    assert r["SEUL"].ordres == [0, 3]


def test_coefficient_decimal_sans_erreur_d_arrondi():
    # 100 × 1,1 = 110 exactement (et non 111 à cause de 110,000…01 en flottant)
    r = calculer_cbn({"A": [100]}, [("A", "B", 1.1)], {"A": ParametresArticle(), "B": ParametresArticle()}, 1)
    assert r["B"].besoins_bruts == [110]
    # un besoin fractionnaire est arrondi à l'unité supérieure : 3 × 0,5 = 1,5 -> 2
    r = calculer_cbn({"A": [3]}, [("A", "B", 0.5)], {"A": ParametresArticle(), "B": ParametresArticle()}, 1)
    assert r["B"].besoins_bruts == [2]


# --- Données de l'entreprise (Vallet Manutention) -------------------------------------------


@pytest.fixture(scope="module")
def plan_entreprise():
    return calculer_cbn(
        entreprise.besoins_independants(),
        entreprise.liens_nomenclature(),
        entreprise.parametres_cbn(),
        entreprise.HORIZON,
    )


def test_entreprise_codes_bas_niveau():
    codes = codes_bas_niveau(entreprise.liens_nomenclature())
    # TU25 : sous C200 (niveau 1) et sous CH10 / PO30 (niveau 2) -> 2
    assert codes["TU25"] == 2
    assert codes["D100"] == codes["C200"] == 0
    assert codes["RO20"] == 1


def test_entreprise_une_seule_alerte_tu25(plan_entreprise):
    alertes = [a for r in plan_entreprise.values() for a in r.alertes]
    assert len(alertes) == 1
    assert alertes[0].startswith("TU25 : l'ordre de 150 à recevoir en semaine 2")
    assert "lancé en semaine 0" in alertes[0]
    assert plan_entreprise["TU25"].lancements_hors_horizon == {0: 150}


def test_entreprise_valeurs_verifiees_a_la_main(plan_entreprise):
    # D100 : stock 60, SS 20, RP 50 en S2. S1 : 60 - 40 = 20. S2 : BN = 60 + 20 - (20 + 50) = 10.
    d100 = plan_entreprise["D100"]
    assert d100.besoins_nets[:2] == [0, 10]
    assert d100.lancements[0] == 10  # délai 1
    # TU25 (3 par CH10, 2 par C200, 2 par PO30) : lancements S1 CH10 10, C200 0, PO30 0 -> 30 ;
    # S2 : 3 × 70 (CH10) + 2 × 10 (C200) + 2 × 10 (PO30) = 250.
    tu25 = plan_entreprise["TU25"]
    assert tu25.besoins_bruts[:2] == [30, 250]
    # S1 : 120 + 150 - 30 = 240 ; S2 : BN = 250 - 240 = 10 -> minimum 150 (multiple de 50) -> stock 140
    assert tu25.stock_previsionnel[:2] == [240, 140]
    assert tu25.ordres[1] == 150
    # RO20 (pièces de rechange 10 en S1) : 10 + 2 × 10 (D100) + 4 × 0 (C200) = 30
    assert plan_entreprise["RO20"].besoins_bruts[0] == 30
    # ES01 (période fixe 2, stock 40) : BB 10, 50, 120 ; S2 : couvre S2 + S3 = 50 + 120 - 30 = 140
    es01 = plan_entreprise["ES01"]
    assert es01.besoins_bruts[:3] == [10, 50, 120]
    assert es01.ordres[:3] == [0, 140, 0]


# --- Propriétés (hypothesis) ----------------------------------------------------------------


@st.composite
def regles(draw, methodes=METHODES_LOT, ajustements=True):
    methode = draw(st.sampled_from(methodes))
    return RegleLot(
        methode=methode,
        quantite=draw(st.integers(1, 150)) if methode in ("quantite_fixe", "lot_economique") else None,
        periodes=draw(st.integers(1, 5)) if methode == "periode_fixe" else None,
        minimum=draw(st.one_of(st.just(0), st.integers(0, 120))) if ajustements else 0,
        multiple=draw(st.one_of(st.just(1), st.integers(1, 30))) if ajustements else 1,
    )


@st.composite
def articles(draw, regle=None):
    """Données d'un article : besoins bruts, stock, réceptions programmées, SS, délai, règle."""
    horizon = draw(st.integers(1, 10))
    semaines = st.lists(st.one_of(st.just(0), st.integers(0, 200)), min_size=horizon, max_size=horizon)
    return {
        "besoins_bruts": draw(semaines),
        "stock_initial": draw(st.integers(0, 300)),
        "receptions_programmees": draw(semaines),
        "stock_securite": draw(st.one_of(st.just(0), st.integers(0, 60))),
        "delai": draw(st.integers(0, 4)),
        "regle": draw(regle if regle is not None else regles()),
    }


# contre-exemple de l'ancienne règle periode_fixe (réception programmée en fin de fenêtre)
EXEMPLE_PERIODE_FIXE = {
    "besoins_bruts": [10, 10, 0],
    "stock_initial": 0,
    "receptions_programmees": [0, 0, 30],
    "stock_securite": 0,
    "delai": 0,
    "regle": RegleLot("periode_fixe", periodes=3),
}


@REGLAGES
@given(articles())
def test_propriete_stock_jamais_sous_le_stock_de_securite(donnees):
    # vrai à toute semaine, même si le stock initial est sous le stock de sécurité
    r = calculer_article(**donnees)
    assert all(s >= donnees["stock_securite"] for s in r.stock_previsionnel)


@REGLAGES
@given(articles())
def test_propriete_bilan_et_recurrence_du_stock(donnees):
    r = calculer_article(**donnees)
    precedent = donnees["stock_initial"]
    for t, stock in enumerate(r.stock_previsionnel):
        assert stock == precedent + r.receptions_programmees[t] + r.ordres[t] - r.besoins_bruts[t]
        precedent = stock
    # bilan : S_T = stock initial + RP + ordres - BB
    assert r.stock_previsionnel[-1] == (
        donnees["stock_initial"] + sum(r.receptions_programmees) + sum(r.ordres) - sum(r.besoins_bruts)
    )


@REGLAGES
@given(articles())
def test_propriete_formule_du_besoin_net(donnees):
    r = calculer_article(**donnees)
    ss = donnees["stock_securite"]
    precedents = [donnees["stock_initial"], *r.stock_previsionnel[:-1]]
    for t, precedent in enumerate(precedents):
        assert r.besoins_nets[t] == max(0, r.besoins_bruts[t] + ss - (precedent + r.receptions_programmees[t]))


@REGLAGES
@given(articles())
def test_propriete_ordre_couvre_le_besoin_net_et_respecte_minimum_et_multiple(donnees):
    r = calculer_article(**donnees)
    regle = donnees["regle"]
    for ordre, besoin_net in zip(r.ordres, r.besoins_nets, strict=True):
        assert (ordre > 0) == (besoin_net > 0)  # un ordre seulement s'il y a un besoin net
        assert ordre >= besoin_net
        if ordre:
            assert ordre >= regle.minimum
            assert ordre % regle.multiple == 0


@REGLAGES
@given(articles(regle=regles(methodes=["lot_pour_lot"], ajustements=False)))
def test_propriete_lot_pour_lot_commande_exactement_le_besoin_net(donnees):
    r = calculer_article(**donnees)
    assert r.ordres == r.besoins_nets
    # après un ordre, le stock retombe exactement au stock de sécurité
    assert all(s == donnees["stock_securite"] for s, o in zip(r.stock_previsionnel, r.ordres, strict=True) if o)


@REGLAGES
@given(articles(regle=regles(methodes=["quantite_fixe", "lot_economique"], ajustements=False)))
def test_propriete_quantite_fixe_plus_petit_multiple_qui_couvre(donnees):
    r = calculer_article(**donnees)
    lot = donnees["regle"].quantite
    for ordre, besoin_net in zip(r.ordres, r.besoins_nets, strict=True):
        assert ordre % lot == 0
        assert 0 <= ordre - besoin_net < lot


@REGLAGES
@given(articles(regle=regles(methodes=["periode_fixe"])))
@example(EXEMPLE_PERIODE_FIXE)
def test_propriete_periode_fixe_ordres_espaces_d_au_moins_periodes_semaines(donnees):
    # vrai pour toute valeur de periodes (donc jamais deux semaines consécutives si periodes >= 2),
    # y compris avec minimum / multiple et réceptions programmées dans la fenêtre
    r = calculer_article(**donnees)
    semaines = semaines_non_nulles(r.ordres)
    assert all(b - a >= donnees["regle"].periodes for a, b in zip(semaines, semaines[1:], strict=False))


@REGLAGES
@given(articles(regle=regles(methodes=["periode_fixe"], ajustements=False)))
@example(EXEMPLE_PERIODE_FIXE)
def test_propriete_periode_fixe_juste_suffisante_sur_la_fenetre(donnees):
    # sans minimum ni multiple, le stock touche exactement le stock de sécurité dans la fenêtre couverte
    r = calculer_article(**donnees)
    periodes = donnees["regle"].periodes
    for t in [s - 1 for s in semaines_non_nulles(r.ordres)]:
        assert min(r.stock_previsionnel[t : t + periodes]) == donnees["stock_securite"]


@REGLAGES
@given(articles(regle=regles(methodes=["lot_pour_lot"], ajustements=False)))
def test_propriete_periode_fixe_une_semaine_egale_lot_pour_lot(donnees):
    lpl = calculer_article(**donnees)
    pf = calculer_article(**(donnees | {"regle": RegleLot("periode_fixe", periodes=1)}))
    assert pf.ordres == lpl.ordres


@REGLAGES
@given(articles())
def test_propriete_lancements_decales_du_delai(donnees):
    r = calculer_article(**donnees)
    delai, horizon = donnees["delai"], len(r.ordres)
    assert sum(r.lancements) + sum(r.lancements_hors_horizon.values()) == sum(r.ordres)
    for s in range(horizon):
        assert r.lancements[s] == (r.ordres[s + delai] if s + delai < horizon else 0)
    attendu = {t + 1 - delai: q for t, q in enumerate(r.ordres) if q and t + 1 - delai < 1}
    assert r.lancements_hors_horizon == attendu
    assert len(r.alertes) == len(attendu)
    assert all("avant l'horizon (lancement en retard)" in a for a in r.alertes)


@st.composite
def nomenclatures(draw):
    """Nomenclature sans cycle (liens d'un article vers un article « plus loin » d'un ordre aléatoire)."""
    noms = draw(st.permutations(list("ABCDEFG")))[: draw(st.integers(2, 7))]
    liens = []
    for j in range(1, len(noms)):
        for i in sorted(draw(st.sets(st.integers(0, j - 1), max_size=3))):
            liens.append((noms[i], noms[j], draw(st.integers(1, 3))))
    horizon = draw(st.integers(1, 8))
    semaines = st.lists(st.integers(0, 50), min_size=horizon, max_size=horizon)
    besoins = {nom: draw(semaines) for nom in noms if draw(st.booleans())}
    parametres = {
        nom: ParametresArticle(
            stock_initial=draw(st.integers(0, 100)),
            stock_securite=draw(st.integers(0, 20)),
            delai=draw(st.integers(0, 3)),
            regle=draw(regles()),
        )
        for nom in noms
    }
    return liens, besoins, parametres, horizon


@REGLAGES
@given(nomenclatures())
def test_propriete_codes_bas_niveau(donnees):
    liens = donnees[0]
    codes = codes_bas_niveau(liens)
    parents = {}
    for p, c, _ in liens:
        parents.setdefault(c, set()).add(p)
    for article, code in codes.items():
        attendu = max((codes[p] + 1 for p in parents.get(article, ())), default=0)
        assert code == attendu


@REGLAGES
@given(nomenclatures())
def test_propriete_besoins_bruts_des_composants(donnees):
    liens, besoins, parametres, horizon = donnees
    r = calculer_cbn(besoins, liens, parametres, horizon)
    assert set(r) == {a for p, c, _ in liens for a in (p, c)} | set(besoins)
    for article, enregistrement in r.items():
        attendu = list(besoins.get(article, [0] * horizon))
        for p, c, q in liens:
            if c == article:
                for t in range(horizon):
                    attendu[t] += q * r[p].lancements[t]
                attendu[0] += q * sum(r[p].lancements_hors_horizon.values())
        assert enregistrement.besoins_bruts == attendu
        # chaque tableau est celui de calculer_article sur ces besoins bruts
        assert calculer_avec(attendu, parametres[article], article) == enregistrement
