"""Tests de gpedu.calculs.flux : kanban (exemples publiés), takt, tournée, simulation, cas du cahier."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs.flux import (  # noqa: E402
    DonneesIncoherentes,
    Troncon,
    bacs_par_tournee,
    besoins_bord_de_ligne,
    duree_tournee,
    nombre_chariots,
    nombre_kanbans,
    simuler_bord_de_ligne,
    takt,
    tournees_possibles,
)
from gpedu.exercices.flux import cas, conditions, construire, paires_erreurs  # noqa: E402
from gpedu.graphiques.flux import tracer_stock_bord_de_ligne  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_voisins_differents  # noqa: E402

REGLAGES = settings(max_examples=100, deadline=None)


# --- Exemples publiés -------------------------------------------------------------------------


# Source : Heizer, Render & Munson, « Operations Management », chapitre 16 « JIT, TPS, and Lean Operations »,
# exemple Hobbs Bakery : demande 500 gâteaux/jour, délai 2 jours, stock de sécurité ½ jour (α = 250/1000),
# bac de 250 gâteaux. Publié : (1 000 + 250) / 250 = 5 kanbans.
def test_publie_heizer_hobbs_bakery():
    assert nombre_kanbans(500, 2, 250, alpha=0.25) == 5


# Source : Reid & Sanders, « Operations Management » (Wiley), diapositives « Determining Number of Kanbans :
# Example » : d = 150 bouteilles/h, L = 30 min = 0,5 h, S = 10 % de la demande pendant le délai, C = 25.
# Publié : N = (75 + 7,5) / 25 = 3,3, « round up to 4 ».
def test_publie_reid_sanders_bouteilles():
    assert nombre_kanbans(150, 0.5, 25, alpha=0.10) == 4


# Source : énoncé de Stevenson, « Operations Management » (repris sur
# http://www.solutioninn.com/consider-the-following-information-demand-rate-d-300-units) :
# D = 300 unités/h, T = 4 h, C = 40, x = 10 % → N = 300 × 4 × 1,1 / 40 = 33 exactement
# (en flottants 33,000000000000004 : l'arrondi supérieur ne doit pas donner 34).
def test_publie_stevenson_arrondi_exact():
    assert nombre_kanbans(300, 4, 40, alpha=0.10) == 33


# Source : eNotes, « Blue Wave Enterprises » (https://www.enotes.com/homework-help/blue-wave-enterprises-
# canadian-manufacturer-party-473417) : 3 000 paquets/jour, délai 4 jours, sécurité 1 jour, bac de 250.
# Publié : (12 000 + 3 000) / 250 = 60 kanbans.
def test_publie_blue_wave():
    assert nombre_kanbans(3000, 4, 250, alpha=0.25) == 60


# Source : C. Hohmann, « Takt time » (christian.hohmann.free.fr) : 420 min disponibles par jour,
# 840 pièces demandées → takt 0,5 min (30 s).
def test_publie_takt_hohmann():
    assert takt(420, 840) == 0.5


# --- Conventions ------------------------------------------------------------------------------


def test_besoins_bord_de_ligne():
    besoins = besoins_bord_de_ligne(
        [("MONT", "D100", 1, 4), ("MONT", "C200", 2, 1)],
        [("MONT", "D100", "RO20"), ("MONT", "C200", "RO20")],
        {("D100", "RO20"): 2, ("C200", "RO20"): 4},
        creneaux=2,
    )
    assert besoins == {"MONT": {"RO20": [8, 4]}}


def test_tournee_et_bacs():
    boucle = [Troncon("MAG", "A", 100, 2), Troncon("A", "MAG", 50, 0)]
    assert duree_tournee(boucle, 75, chargement_min=5) == pytest.approx(150 / 75 + 2 + 5)
    assert tournees_possibles(450, 22.5) == 20
    assert bacs_par_tournee(0.1, 60, 4) == 2  # 6 pièces en 60 min, bacs de 4
    assert nombre_chariots(7, 4) == 2


@pytest.mark.parametrize(
    "appel",
    [
        lambda: nombre_kanbans(10, 1, 0),
        lambda: takt(450, 0),
        lambda: duree_tournee([Troncon("MAG", "A", 10), Troncon("B", "MAG", 10)], 75),
        lambda: duree_tournee([Troncon("MAG", "A", 10)], 75),
        lambda: besoins_bord_de_ligne([], [("MONT", "D100", "PL50")], {}, 1),
    ],
)
def test_donnees_incoherentes(appel):
    with pytest.raises(DonneesIncoherentes):
        appel()


# --- Propriétés -------------------------------------------------------------------------------


@REGLAGES
@given(st.floats(0, 1000), st.floats(0, 10), st.integers(1, 500), st.floats(0, 1))
def test_kanbans_couvrent_la_demande_pendant_le_delai(d, delai, c, alpha):
    n = nombre_kanbans(d, delai, c, alpha)
    assert n * c >= d * delai * (1 + alpha) - 1e-6
    assert (n - 1) * c < d * delai * (1 + alpha) + 1e-6 or n == 0


@REGLAGES
@given(st.lists(st.floats(0, 2), min_size=1, max_size=200), st.integers(1, 20), st.integers(0, 6), st.integers(5, 60))
def test_simulation_conserve_les_bacs(conso, contenance, cartes, intervalle):
    sim = simuler_bord_de_ligne(conso, contenance, cartes, intervalle)
    assert all(s >= -1e-9 for s in sim.stock)
    assert all(s <= cartes * contenance + 1e-9 for s in sim.stock)
    servi = sum(conso) - sim.manquant
    livre = sum(b for _, b in sim.livraisons) * contenance
    assert sim.stock[-1] == pytest.approx(cartes * contenance - servi + livre, abs=1e-6)


@REGLAGES
@given(st.floats(0.01, 1), st.integers(1, 20), st.integers(5, 60))
def test_pas_de_rupture_si_les_cartes_couvrent_deux_intervalles(taux, contenance, intervalle):
    # une carte attend au plus un intervalle le train, puis un intervalle le retour : L = 2 × intervalle
    cartes = nombre_kanbans(taux, 2 * intervalle, contenance) + 1
    sim = simuler_bord_de_ligne([taux] * 450, contenance, cartes, intervalle)
    assert sim.minutes_rupture == 0


# --- Cas du cahier ----------------------------------------------------------------------------


def test_cas_reference():
    c = construire()
    assert c.besoins()["RO20"] == [12, 12, 14, 10]
    assert c.cartes() == {"RO20": 3, "ES01": 2, "CH10": 4, "PL50": 2, "PO30": 1, "TU25": 1}
    assert c.duree_tournee() == pytest.approx(460 / 75 + 10 + 6)
    assert c.tournees_max() == 20
    assert c.chariots() == 2
    assert c.simulation("RO20", c.cartes()["RO20"], c.parametres.intervalle_min).minutes_rupture == 0


def test_erreurs_types_distinctes():
    for reference, erreurs in paires_erreurs(construire()):
        assert erreurs
        for piste, valeur in erreurs.items():
            assert valeur != reference, piste


# --- Variantes par apprenant ------------------------------------------------------------------


def test_variantes_solubles_et_erreurs_distinctes():
    for ident in APPRENANTS:
        c = cas(ident)
        conditions(c)  # ne lève pas : cas soluble et non ambigu
        assert c.duree_tournee() <= c.parametres.intervalle_min
        assert all(v >= 1 for v in c.cartes().values())
        for reference, erreurs in paires_erreurs(c):
            for piste, valeur in erreurs.items():
                assert valeur != reference, (ident, piste)


def test_variantes_reproductibles():
    verifier_reproductible(cas, lambda c: (c.parametres, c.besoins()))


def test_variantes_differentes_d_un_apprenant_a_l_autre():
    def reponses(c):
        return [
            c.besoins(),
            c.cartes(),
            round(c.duree_tournee(), 1),
            c.takt(),
            c.tournees_max(),
            c.bacs(),
            c.chariots(),
        ]

    verifier_voisins_differents(cas, reponses, 3)
    # besoins, cartes, durée : presque sûrement différents d'un voisin à l'autre
    verifier_voisins_differents(cas, lambda c: reponses(c)[:3], 1)


def test_graphique_stock():
    c = construire()
    sim = c.simulation("RO20", 2, 60)
    ax = tracer_stock_bord_de_ligne(sim, contenance=6, cartes=2, intervalle_min=60)
    assert list(ax.lines[0].get_ydata()) == sim.stock
    assert "24 min de rupture" in ax.get_title()
    plt.close("all")
