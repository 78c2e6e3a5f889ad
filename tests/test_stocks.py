"""Tests de la gestion des stocks (gpedu.calculs.stocks) et du cas du cahier bdc2_lancement/02_gestion_des_stocks."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu import entreprise  # noqa: E402
from gpedu.calculs.cbn import DonneesIncoherentes  # noqa: E402
from gpedu.calculs.stocks import (  # noqa: E402
    Mouvement,
    classer_abc,
    coefficient_k,
    couverture,
    ecart_sur_prix,
    fiche_cmup,
    fiche_peps,
    lot_economique_remises,
    niveau_de_recompletement,
    point_de_commande,
    quantite_recompletement,
    rotation,
    stock_de_securite,
    stock_moyen,
    taux_de_service,
)
from gpedu.exercices.stocks import cas, construire, controler, tirer_parametres  # noqa: E402
from gpedu.graphiques.stocks import (  # noqa: E402
    tracer_abc,
    tracer_fiche_stock,
    tracer_stock_securite,
    tracer_wilson_remises,
)
from gpedu.variantes import VarianteRejetee, generateur  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_variete, verifier_voisins_differents  # noqa: E402

REGLAGES = settings(max_examples=200, deadline=None)

# Source : « Évaluation du stock — exercice corrigé 1 », société Bêta d'Oujda, février 2007,
# https://coursecoenligne.blogspot.com/2015/12/evaluation-du-stock-exercice-corrige-1.html
# Stock 100 à 10 ; sortie 50 ; entrée 150 à 12 ; sortie 80 ; entrée 200 à 13.
# Publié (CMUP après chaque entrée) : CMUP 11,5 puis 12,44 ; stock final 320 pour 3 980 ; sorties 1 420.
BETA = [Mouvement("05/02", "S1", -50), Mouvement("13/02", "E1", 150, 12), Mouvement("18/02", "S2", -80),
        Mouvement("28/02", "E2", 200, 13)]  # fmt: skip


def test_publie_cmup_apres_chaque_entree():
    fiche = fiche_cmup(100, 10, BETA)
    assert fiche.cout_unitaire == pytest.approx([10, 11.5, 11.5, 12.4375])
    assert round(fiche.cout_unitaire[-1], 2) == 12.44
    assert fiche.valeur_finale == pytest.approx(3980)
    assert fiche.valeur_sorties == pytest.approx(1420)
    assert fiche.quantite_finale == 320


def test_publie_peps():
    # Même énoncé, méthode FIFO : la sortie de 80 prend 50 à 10 puis 30 à 12 ; stock final 120 à 12 + 200 à 13.
    fiche = fiche_peps(100, 10, BETA)
    assert fiche.valeurs_sorties == pytest.approx([500, 860])
    assert fiche.lots == [(120, 12), (200, 13)]
    assert fiche.valeur_finale == pytest.approx(4040)


# Source : « Évaluation formative n° 4 — CUMP après chaque entrée », Les Jardins de Raja,
# https://fr.scribd.com/document/511755665/Corrige-Evaluation-n-4-CUMP-apres-chaque-entree
# 3 000 à 105 ; sortie 1 700 ; entrée 5 000 à 108 → CMUP publié 107,38 (676 500 / 6 300).
def test_publie_cmup_jardins_de_raja():
    fiche = fiche_cmup(3000, 105, [Mouvement("04/01", "BS 28", -1700), Mouvement("12/01", "BE 06", 5000, 108)])
    assert fiche.valeurs_sorties == [178_500]
    assert round(fiche.cout_unitaire[-1], 2) == 107.38
    assert fiche.valeur_finale == pytest.approx(676_500)


# Source : Heizer, Render & Munson, « Operations Management », ch. 12, exemple des remises par quantité
# (Wohl's Discount Store), énoncé : https://quesba.com/questions/wohl-s-discount-stores-stocks-toy-race-cars-recently-the-store-has-been-giv-48672
# D = 5 000, S = 49 $, I = 20 % ; 5,00 $ (0–999), 4,80 $ (1 000–1 999), 4,75 $ (2 000 et plus).
# Publié : Q* 700, 714 → 1 000, 718 → 2 000 ; coûts totaux 25 700 ; 24 725 ; 24 822,50 → Q = 1 000.
def test_publie_wilson_remises_heizer():
    r = lot_economique_remises(5000, 49, 0.20, [(0, 5.00), (1000, 4.80), (2000, 4.75)])
    assert r.quantite == 1000 and r.prix == 4.80
    assert r.cout_total == pytest.approx(24_725)
    couts = dict(zip(r.candidats.quantite, r.candidats.cout_total))
    assert couts[700] == pytest.approx(25_700)
    assert couts[2000] == pytest.approx(24_822.5)


# Source : Heizer, Render & Munson, ch. 12, Memphis Regional Hospital : demande moyenne pendant le délai 350,
# σ = 10, taux de service 95 % (Z = 1,65 lu dans la table) → point de commande publié 366,5 ≈ 367.
# gpedu : k = Φ⁻¹(0,95) = 1,6449, SS = ⌈16,45⌉ = 17, point de commande 367.
def test_publie_stock_de_securite_heizer():
    ss = stock_de_securite(0.95, 10, 1)
    assert ss == 17
    assert point_de_commande(350, 1, ss) == 367


# Source : Heizer, Render & Munson, ch. 12, Example 1 (analyse ABC de 10 articles, valeurs en $) :
# 90 000 ; 77 000 ; 26 350 ; 15 001 ; 12 500 ; 8 502 ; 1 200 ; 850 ; 504 ; 150 (total 232 057).
# Heizer place les 2 premiers en A (72 %) par jugement ; avec la règle de gpedu (l'article qui franchit 80 %
# est en A), le 3e (cumul 83,3 %) est en A, le 5e (cumul 95,1 %, franchit 95 %) est en B.
def test_publie_abc_heizer_avec_la_regle_gpedu():
    valeurs = {"10286": 90_000, "11526": 77_000, "12760": 26_350, "10867": 15_001, "10500": 12_500,
               "12572": 8_502, "14075": 1_200, "01036": 850, "01307": 504, "10572": 150}  # fmt: skip
    t = classer_abc(valeurs, dict.fromkeys(valeurs, 1))
    assert round(t.pourcentage_cumule.iloc[1], 1) == 72.0
    assert list(t.classe) == ["A", "A", "A", "B", "B", "C", "C", "C", "C", "C"]


def test_indicateurs():
    assert stock_moyen([100, 200, 300]) == 200
    assert rotation(2400, 200) == 12
    assert couverture(300, 100) == 3
    assert taux_de_service([10, 20, 30, 40], [10, 15, 30, 40]) == 75
    assert ecart_sur_prix([Mouvement("", "E", 100, 8.1), Mouvement("", "S", -10)], 7.9) == pytest.approx(20)
    niveau = niveau_de_recompletement(175, 2, 2, 149)
    assert niveau == 849 and quantite_recompletement(niveau, 420, 200) == 229
    assert quantite_recompletement(100, 150) == 0


def test_donnees_incoherentes():
    with pytest.raises(DonneesIncoherentes, match="stock négatif"):
        fiche_cmup(10, 1, [Mouvement("", "BS", -11)])
    with pytest.raises(DonneesIncoherentes, match="prix unitaire"):
        fiche_peps(10, 1, [Mouvement("", "BE", 5)])
    with pytest.raises(DonneesIncoherentes, match="taux de service"):
        coefficient_k(1.0)
    with pytest.raises(DonneesIncoherentes, match="premier palier"):
        lot_economique_remises(100, 10, 0.2, [(50, 1.0)])


# --- propriétés ----------------------------------------------------------------------------

mouvements_st = st.lists(st.tuples(st.booleans(), st.integers(1, 300), st.integers(100, 2000)), min_size=1, max_size=15)


def _construire(stock_initial, prix_initial, tirages):
    mouvements, stock = [], stock_initial
    for entree, quantite, prix_centimes in tirages:
        if entree or stock == 0:
            mouvements.append(Mouvement("", "E", quantite, prix_centimes / 100))
            stock += quantite
        else:
            q = min(quantite, stock)
            mouvements.append(Mouvement("", "S", -q))
            stock -= q
    return mouvements


@REGLAGES
@given(st.integers(1, 500), st.integers(100, 2000), mouvements_st)
def test_cmup_reste_entre_les_prix(stock_initial, prix_centimes, tirages):
    mouvements = _construire(stock_initial, prix_centimes / 100, tirages)
    prix = [prix_centimes / 100] + [m.prix_unitaire for m in mouvements if m.est_entree]
    fiche = fiche_cmup(stock_initial, prix_centimes / 100, mouvements)
    for c in fiche.cout_unitaire:
        assert min(prix) - 1e-9 <= c <= max(prix) + 1e-9


@REGLAGES
@given(st.integers(1, 500), st.integers(100, 2000), mouvements_st)
def test_peps_stock_final_egal_derniers_lots(stock_initial, prix_centimes, tirages):
    p0 = prix_centimes / 100
    mouvements = _construire(stock_initial, p0, tirages)
    fiche = fiche_peps(stock_initial, p0, mouvements)
    # stock final = les dernières entrées, en remontant le temps jusqu'à la quantité finale
    reste, valeur = fiche.quantite_finale, 0.0
    for q, p in reversed([(stock_initial, p0)] + [(m.quantite, m.prix_unitaire) for m in mouvements if m.est_entree]):
        pris = min(reste, q)
        valeur += pris * p
        reste -= pris
    assert fiche.valeur_finale == pytest.approx(valeur)
    # conservation de la valeur : initial + entrées = sorties + final, pour les deux méthodes
    entrees = stock_initial * p0 + sum(m.quantite * m.prix_unitaire for m in mouvements if m.est_entree)
    for f in (fiche, fiche_cmup(stock_initial, p0, mouvements)):
        assert f.valeur_sorties + f.valeur_finale == pytest.approx(entrees)


@REGLAGES
@given(st.dictionaries(st.text("ABCDEFGHIJ", min_size=1, max_size=3), st.integers(1, 10_000), min_size=1, max_size=25))
def test_classes_abc_monotones(valeurs):
    t = classer_abc(valeurs, dict.fromkeys(valeurs, 1.0))
    classes = list(t.classe)
    assert classes == sorted(classes)  # A… puis B… puis C…, jamais l'inverse
    assert classes[0] == "A"
    a = t[t.classe == "A"]
    # sans le dernier article A, on serait sous 80 % : c'est lui qui franchit le seuil
    assert a.pourcentage_cumule.iloc[-1] >= 80 - 1e-9
    assert len(a) == 1 or a.pourcentage_cumule.iloc[-2] < 80


@REGLAGES
@given(st.floats(0.5, 0.999), st.floats(0.1, 100), st.integers(1, 12))
def test_stock_de_securite_couvre_la_formule(taux, sigma, delai):
    ss = stock_de_securite(taux, sigma, delai)
    exact = coefficient_k(taux) * sigma * math.sqrt(delai)
    assert exact - 1e-6 <= ss < exact + 1 + 1e-6


@REGLAGES
@given(st.integers(100, 50_000), st.integers(5, 200), st.integers(5, 40), st.integers(50, 2000))
def test_wilson_remises_jamais_plus_cher_que_sans_remise(demande, cl, taux_pourcent, prix_centimes):
    prix = prix_centimes / 100
    paliers = [(1, prix), (500, prix * 0.95), (3000, prix * 0.9)]
    r = lot_economique_remises(demande, cl, taux_pourcent / 100, paliers)
    sans = lot_economique_remises(demande, cl, taux_pourcent / 100, [(1, prix)])
    assert r.cout_total <= sans.cout_total + 1e-6
    assert r.cout_total == pytest.approx(r.candidats.cout_total.min())


# --- le cas du cahier ----------------------------------------------------------------------


def test_donnees_stocks_coherentes():
    articles = entreprise.articles()
    conso = entreprise.charger("stocks_consommations").set_index("article")
    assert len(conso) >= 15 and conso.index.is_unique
    for code in conso.index.intersection(articles.index):
        assert conso.loc[code, "cout_unitaire_eur"] == articles.loc[code, "cout_unitaire_eur"]
    mensuel = entreprise.charger("stocks_mensuel")
    assert mensuel.consommation.sum() == conso.loc["RO20", "consommation_annuelle"]
    assert mensuel.stock_fin_de_mois.iloc[-1] == construire().fiche_cmup().quantite_finale


def test_references_du_cas():
    c = construire()
    assert c.fiche_cmup().valeur_finale == pytest.approx(3290)
    assert c.fiche_peps().valeur_finale == pytest.approx(3294)
    assert c.ecart_prix() == pytest.approx(-20)
    assert c.indicateurs()["taux_de_service"] == pytest.approx(600 / 7)
    assert [a for a, k in c.classes_abc().items() if k == "A"] == ["TO15", "RO20", "TU25", "RL20"]
    assert (c.wilson().quantite, c.wilson().cout_total) == (4000, pytest.approx(25_694))
    assert (c.stock_securite(), c.point_de_commande(), c.quantite_recompletement()) == (105, 455, 229)


def test_erreurs_types_distinctes():
    c = construire()
    sorties, finale = c.erreurs_cmup()
    peps_sorties, peps_final = c.erreurs_peps()
    q, cout = c.erreurs_wilson()
    ss, pc, recomp = c.erreurs_reappro()
    for erreurs in (sorties, finale, peps_sorties, peps_final, c.erreurs_ecart(), c.erreurs_indicateurs(),
                    c.erreurs_abc(), q, cout, ss, pc, recomp):  # fmt: skip
        assert len(erreurs) >= 1
    assert all(v != c.classes_abc() for v in c.erreurs_abc().values())
    assert all(v != c.wilson().quantite for v in q.values())
    assert all(abs(v - c.wilson().cout_total) > 1 for v in cout.values())
    assert all(v != c.stock_securite() for v in ss.values())
    assert all(abs(v - c.fiche_cmup().valeur_finale) > 0.5 for v in finale.values())


def test_graphiques_stocks():
    c = construire()
    ax = tracer_fiche_stock(c.fiche_cmup())
    assert list(ax.lines[0].get_ydata()) == [ligne["stock_quantite"] for ligne in c.fiche_cmup().lignes]
    ax = tracer_abc(c.tableau_abc())
    assert [b.get_height() for b in ax.patches[: len(c.tableau_abc())]] == list(c.tableau_abc().valeur)
    ax = tracer_wilson_remises(19600, 60, 0.2, c.paliers())
    assert ax.lines[1].get_xdata()[0] == 4000
    ax = tracer_stock_securite(45, 2, 0.95, 1.58)
    assert ax.lines[1].get_ydata()[0] == 105
    plt.close("all")


# --- variantes par apprenant -----------------------------------------------------------------


def _reponses(c):
    return [
        (c.fiche_cmup().valeurs_sorties, c.fiche_cmup().valeur_finale),
        (c.fiche_peps().valeur_sorties, c.fiche_peps().valeur_finale, c.ecart_prix()),
        c.indicateurs(),
        c.classes_abc(),
        (c.wilson().quantite, c.wilson().cout_total),
        (c.stock_securite(), c.point_de_commande(), c.quantite_recompletement()),
    ]


@pytest.mark.parametrize("ident", APPRENANTS)
def test_variante_soluble_et_pistes_distinctes(ident):
    c = cas(ident)
    controler(c)  # ne lève pas
    # jamais de stock négatif, une seule rupture (stock à zéro au 23 septembre)
    quantites = [ligne["stock_quantite"] for ligne in c.fiche_cmup().lignes]
    assert min(quantites) >= 0 and quantites.count(0) == 1
    assert c.fiche_cmup().lignes[quantites.index(0)]["date"] == "2024-09-23"
    # cohérence des données : septembre = la fiche ; consommation annuelle des roues = les 12 mois
    assert c.mensuel.stock_fin_de_mois.iloc[-1] == c.stock_actuel()
    assert c.mensuel.consommation.iloc[-1] == sum(
        ligne["sortie_quantite"] for ligne in c.fiche_cmup().lignes if ligne["sortie_quantite"]
    )
    conso = c.consommations.set_index("article")
    assert conso.loc["RO20", "consommation_annuelle"] == c.mensuel.consommation.sum()
    assert c.demande_wilson() == conso.loc["RL20", "consommation_annuelle"]
    # ABC : aucun cumul à moins de 0,5 point d'un seuil, trois classes
    tableau = c.tableau_abc()
    for cumul in tableau.pourcentage_cumule.iloc[:-1]:
        assert all(abs(cumul - seuil) >= 0.5 for seuil in c.parametres.seuils_abc)
    assert set(tableau.classe) == {"A", "B", "C"} and tableau.valeur.is_unique
    # chaque erreur type diffère de la référence (à la tolérance de la correction)
    sorties, finale = c.erreurs_cmup()
    assert len(sorties) == 3 and len(finale) == 3
    assert all(abs(v - c.fiche_cmup().valeur_finale) > 0.5 for v in finale.values())
    peps_sorties, peps_finale = c.erreurs_peps()
    assert len(peps_sorties) == 2 and len(peps_finale) == 2 and len(c.erreurs_ecart()) == 1
    assert len(c.erreurs_indicateurs()) == 4
    assert len(c.erreurs_abc()) == 3 and all(v != c.classes_abc() for v in c.erreurs_abc().values())
    q, cout = c.erreurs_wilson()
    assert len(q) == 3 and all(v != c.wilson().quantite for v in q.values())
    assert all(abs(v - c.wilson().cout_total) > 1 for v in cout.values())
    ss, pc, recomp = c.erreurs_reappro()
    assert len(ss) == 3 and len(pc) == 2 and len(recomp) == 2
    assert all(v != c.stock_securite() for v in ss.values()) and c.quantite_recompletement() > 0


def test_meme_identifiant_meme_cas():
    verifier_reproductible(cas, _reponses, ident="apprenant5")
    alea1, alea2 = generateur("x.y", "02_gestion_des_stocks"), generateur("x.y", "02_gestion_des_stocks")
    assert tirer_parametres(alea1) == tirer_parametres(alea2)


def test_deux_apprenants_ont_des_reponses_differentes():
    verifier_voisins_differents(cas, _reponses, 4)
    verifier_variete(cas, {"valeur finale CMUP": lambda c: round(c.fiche_cmup().valeur_finale, 2)}, part=0.95)


def test_rejet_d_un_stock_negatif():
    import dataclasses

    base = construire()
    mouvements = list(base.parametres.mouvements or base.table_mouvements[["quantite"]].itertuples(index=False))
    lignes = [(int(q), None, None) for (q,) in mouvements]
    lignes[0] = (10, 7.8, None)  # stock initial de 10 roues : la sortie de 60 rendrait le stock négatif
    with pytest.raises(DonneesIncoherentes, match="stock négatif"):
        controler(construire(dataclasses.replace(base.parametres, mouvements=tuple(lignes))))
    with pytest.raises(VarianteRejetee):
        controler(base)  # cas de base : l'arrondi au plus proche y donne déjà la bonne réponse (105)
