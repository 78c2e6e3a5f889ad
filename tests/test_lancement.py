"""Tests du lancement (gpedu.calculs.lancement) et du cas du cahier bdc2_lancement/01_lancement_des_of."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu import entreprise  # noqa: E402
from gpedu.calculs.cbn import DonneesIncoherentes  # noqa: E402
from gpedu.calculs.lancement import (  # noqa: E402
    commande_fournisseur,
    cout_du_lancement,
    lancements_regroupes,
    liste_de_prelevement,
    manquants,
    ordre_de_fabrication,
    quantite_a_lancer,
    regrouper,
    temps_alloues,
)
from gpedu.exercices.lancement import cas, construire, controler, tirer_parametres  # noqa: E402
from gpedu.graphiques.lancement import tracer_regroupement, tracer_surlancement  # noqa: E402
from gpedu.variantes import VarianteRejetee, generateur  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_voisins_differents  # noqa: E402

REGLAGES = settings(max_examples=200, deadline=None)


# --- exemples publiés ------------------------------------------------------------------------


# Source : énoncé d'examen MRP cité dans /work/shared/notes/domaine_formules.md §1.1,
# https://indextestingapp.uonbi.ac.ke/preguntia/32781777 (« Round any gross demand to the upper number ») :
# la quantité surlancée est PORc = ceil(NR / (1 − scrap)). Cas d'école : 100 pièces à 20 % de rebut → 125
# (et non 120 = 100 × 1,2 : 120 × 0,8 = 96 < 100).
def test_surlancement_cas_d_ecole():
    assert quantite_a_lancer(100, 0.20) == 125
    assert quantite_a_lancer(100, 0.20) * 0.8 >= 100
    assert quantite_a_lancer(96, 0.04) == 100  # 96 / 0,96 = 100 exactement : pas 101
    assert quantite_a_lancer(0, 0.1) == 0


def test_surlancement_avec_sav():
    # 70 pour la production + 5 châssis de rechange, 4 % de rebut : 75 / 0,96 = 78,125 → 79
    assert quantite_a_lancer(70, 0.04, besoin_sav=5) == 79


# Source : Courtois, Pillet, Martin-Bonnefous, « Gestion de production », ch. 5 (temps d'une opération
# = temps de préparation + quantité × temps unitaire), repris dans domaine_formules.md §1.3.
def test_temps_alloues_gamme_ch10():
    gamme = entreprise.charger("gammes").query("article == 'CH10'").to_dict("records")
    temps = temps_alloues(gamme, 79)
    assert temps == pytest.approx({10: 4.45, 20: 8.9, 30: 24.45, 40: 6.57})


def test_regroupement():
    assert regrouper([10, 75, 50, 40, 66, 50, 0, 0], 2) == [85, 0, 90, 0, 116, 0, 0, 0]
    assert regrouper([0, 10, 0, 40, 20, 30, 0, 0], 2) == [0, 10, 0, 60, 0, 30, 0, 0]
    assert regrouper([5, 5, 5], 1) == [5, 5, 5]
    assert lancements_regroupes([10, 75, 50, 40, 66, 50, 0, 0], 2, 0.04) == [89, 0, 94, 0, 121, 0, 0, 0]
    with pytest.raises(DonneesIncoherentes, match="fenêtre"):
        regrouper([1], 0)


def test_prelevement_et_manquants():
    liens = entreprise.liens_nomenclature()
    p = liste_de_prelevement("C200", 11, liens)
    assert p == {"PL50": 11, "PO30": 11, "RO20": 44, "ES01": 22, "TU25": 22}
    assert manquants(p, {"PL50": 20, "PO30": 8, "RO20": 150, "ES01": 15, "TU25": 120}) == {
        "PL50": 0,
        "PO30": 3,
        "RO20": 0,
        "ES01": 7,
        "TU25": 0,
    }
    with pytest.raises(DonneesIncoherentes, match="pas de nomenclature"):
        liste_de_prelevement("RO20", 10, liens)


def test_commande_fournisseur():
    c = commande_fournisseur("TU25", 110, 4, delai=2, lot_minimum=150, lot_multiple=50)
    assert (c.quantite, c.semaine_commande, c.en_retard) == (150, 2, False)
    c = commande_fournisseur("RO20", 210, 5, delai=2, lot_minimum=200, lot_multiple=200)
    assert c.quantite == 400
    assert commande_fournisseur("X", 5, 1, delai=2).en_retard


def test_donnees_incoherentes():
    with pytest.raises(DonneesIncoherentes, match="Taux de rebut"):
        quantite_a_lancer(10, 1.0)
    with pytest.raises(DonneesIncoherentes, match="positifs"):
        quantite_a_lancer(-1, 0.1)


def test_cout_du_lancement():
    cout = cout_du_lancement(125, 10.0, 0.2)
    assert cout["cout_total"] == 1250 and cout["pieces_bonnes_attendues"] == pytest.approx(100)
    assert cout["cout_par_piece_bonne"] == pytest.approx(12.5)


# --- propriétés ----------------------------------------------------------------------------


@REGLAGES
@given(st.integers(0, 10_000), st.integers(0, 500), st.integers(0, 60))
def test_quantite_lancee_couvre_le_besoin(besoin, sav, taux_pour_mille):
    taux = taux_pour_mille / 1000
    q = quantite_a_lancer(besoin, taux, sav)
    assert q * (1 - taux) >= besoin + sav - 1e-9
    # et c'est la plus petite quantité entière qui le fait
    assert q == 0 or (q - 1) * (1 - taux) < besoin + sav - 1e-9


@REGLAGES
@given(st.lists(st.integers(0, 200), min_size=1, max_size=12), st.integers(1, 5))
def test_regroupement_conserve_la_quantite(besoins, fenetre):
    regroupes = regrouper(besoins, fenetre)
    assert sum(regroupes) == sum(besoins)
    # un OF ne sert jamais un besoin qui le précède : cumul des OF ≥ cumul des besoins
    cumul_of = cumul_b = 0
    for o, b in zip(regroupes, besoins):
        cumul_of, cumul_b = cumul_of + o, cumul_b + b
        assert cumul_of >= cumul_b


@REGLAGES
@given(st.integers(1, 5000), st.integers(0, 500), st.integers(1, 100), st.integers(0, 6))
def test_commande_respecte_minimum_et_multiple(besoin, minimum, multiple, delai):
    c = commande_fournisseur("A", besoin, 8, delai=delai, lot_minimum=minimum, lot_multiple=multiple)
    assert c.quantite >= max(besoin, minimum) and c.quantite % multiple == 0
    assert c.quantite - multiple < max(besoin, minimum)
    assert c.semaine_commande == 8 - delai


# --- l'OF imprimable -------------------------------------------------------------------------


def test_ordre_de_fabrication_html():
    of = ordre_de_fabrication(
        "OF 1",
        "CH10",
        besoin=70,
        besoin_sav=5,
        taux_rebut=0.04,
        semaine_besoin=3,
        delai=1,
        gammes=entreprise.charger("gammes"),
        articles=entreprise.articles(),
        liens=entreprise.liens_nomenclature(),
        emplacements={"TU25": "A-01-1"},
    )
    assert of.quantite == 79 and of.semaine_lancement == 2
    assert of.temps_total_h == pytest.approx(44.37)
    assert [lp.quantite for lp in of.prelevement] == [237, 79]  # TU25 3 m, TO15 1 feuille
    page = of._repr_html_()
    assert "ORDRE DE FABRICATION" in page and "OF 1" in page and "SOUD" in page and "A-01-1" in page
    assert "44,37" in page
    assert list(of.tableau_phases().index) == [10, 20, 30, 40]
    with pytest.raises(DonneesIncoherentes, match="pas de gamme"):
        ordre_de_fabrication(
            "OF 2",
            "RO20",
            besoin=1,
            taux_rebut=0,
            semaine_besoin=2,
            delai=1,
            gammes=entreprise.charger("gammes"),
            articles=entreprise.articles(),
        )


# --- le cas du cahier ----------------------------------------------------------------------


def test_donnees_lancement_coherentes():
    articles = set(entreprise.articles().index)
    for table in ("lancement_rebuts", "lancement_sav", "lancement_magasin", "lancement_fournisseurs"):
        assert set(entreprise.charger(table).article) <= articles
    gammes = set(entreprise.charger("gammes").article)
    assert set(entreprise.charger("lancement_rebuts").article) <= gammes


def test_references_du_cas():
    c = construire()
    assert c.quantites_a_lancer() == {"D100": 31, "C200": 11, "CH10": 79, "PO30": 23}
    assert c.lancements_regroupes() == [89, 0, 94, 0, 121, 0, 0, 0]
    assert c.manquants() == {"PL50": 0, "PO30": 3, "RO20": 0, "ES01": 7, "TU25": 0}
    assert c.quantites_commandees() == {"RO20": 400, "TU25": 150, "TO15": 40, "BA20": 360}
    assert c.semaines_commande() == {"RO20": 3, "TU25": 2, "TO15": 1, "BA20": 3}
    assert c.ordre_de_fabrication().quantite == c.quantite_of()


def _paires(c):
    return [
        (c.quantites_a_lancer(), c.erreurs_q1()),
        (c.lancements_regroupes(), c.erreurs_q2()),
        (c.temps_alloues(), c.erreurs_q3()),
        (c.prelevement(), c.erreurs_q4()[0]),
        (c.manquants(), c.erreurs_q4()[1]),
        (c.quantites_commandees(), c.erreurs_q5()[0]),
        (c.semaines_commande(), c.erreurs_q5()[1]),
    ]


def test_erreurs_types_distinctes_de_la_reference():
    c = construire()
    for reference, erreurs in _paires(c):
        assert len(erreurs) >= 1
        assert all(valeur != reference for valeur in erreurs.values())
    assert len(c.erreurs_q1()) == 4 and len(c.erreurs_q2()) == 4


# --- variantes par apprenant -----------------------------------------------------------------


def _reponses(c):
    return [
        c.quantites_a_lancer(),
        c.lancements_regroupes(),
        c.temps_alloues(),
        (c.prelevement(), c.manquants()),
        (c.quantites_commandees(), c.semaines_commande()),
    ]


def test_cas_de_base_accepte():
    controler(construire())


@pytest.mark.parametrize("ident", APPRENANTS)
def test_variante_soluble_et_pistes_distinctes(ident):
    c = cas(ident)
    controler(c)  # ne lève pas
    for reference, erreurs in _paires(c):
        assert erreurs and all(valeur != reference for valeur in erreurs.values())
    q1 = c.donnees_q1()
    assert (q1.besoin_production > 0).all() and q1.taux_rebut.between(0.01, 0.07).all()
    assert all(q >= 0 for q in c.manquants().values()) and any(q > 0 for q in c.manquants().values())
    assert all(s >= 1 for s in c.semaines_commande().values())
    assert c.ordre_de_fabrication().quantite == c.quantite_of()
    # l'affichage du cahier reprend les données de l'apprenant
    assert list(c.tableau_rebuts().loc[list(q1.index), "taux_rebut"]) == list(q1.taux_rebut)
    assert c.tableau_sav().quantite.sum() == sum(sum(v) for v in c.sav.values())


def test_meme_identifiant_meme_cas():
    verifier_reproductible(cas, _reponses, ident="apprenant3")
    alea1, alea2 = generateur("x.y", "01_lancement_des_of"), generateur("x.y", "01_lancement_des_of")
    assert tirer_parametres(alea1) == tirer_parametres(alea2)


def test_deux_apprenants_ont_des_reponses_differentes():
    verifier_voisins_differents(cas, _reponses, 3)
    # et aucune réponse de la question 1 n'est partagée par beaucoup d'apprenants
    q1 = [str(cas(i).quantites_a_lancer()) for i in APPRENANTS]
    assert max(q1.count(x) for x in q1) <= 2


def test_rejet_d_un_cas_ambigu():
    import dataclasses

    base = construire()
    # délai de 5 semaines pour un besoin en semaine 3 : commande en retard, tirage rejeté
    p = dataclasses.replace(base.parametres, delais_achat={"TO15": 5})
    with pytest.raises(VarianteRejetee, match="retard"):
        controler(construire(p))


# --- graphiques ----------------------------------------------------------------------------


def test_graphiques_lancement():
    ax = tracer_regroupement([10, 75, 50], [89, 0, 50])
    assert [b.get_height() for b in ax.containers[1]] == [89, 0, 50]
    axes = tracer_surlancement(75, 31.5, 4, article="CH10")
    assert axes[0].lines[-1].get_ydata()[0] == 79
    plt.close("all")
