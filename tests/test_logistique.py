"""Tests de gpedu.calculs.logistique : exemples publiés, propriétés, cas du cahier et graphiques."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs.logistique import (  # noqa: E402
    DonneesIncoherentes,
    LigneLivraison,
    Lot,
    cadence_comptage,
    controler_reception,
    distance_parcourue,
    ecarts_inventaire,
    implanter,
    prelever,
    preparer_expedition,
    references_a_compter,
    taux_fiabilite,
    valeur_ecarts,
)
from gpedu.exercices.logistique import (  # noqa: E402
    cas,
    conditions,
    construire,
    exemple_reception,
    paires_erreurs,
)
from gpedu.graphiques.logistique import tracer_implantation, tracer_lots, tracer_reception  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_voisins_differents  # noqa: E402

REGLAGES = settings(max_examples=100, deadline=None)


# --- Exemples publiés -------------------------------------------------------------------------


# Source : Heizer, Render & Munson, « Operations Management », chapitre 12 « Inventory Management »,
# exemple du comptage tournant de Cole's Trucks : 500 articles A comptés tous les 20 jours ouvrés,
# 1 750 B tous les 60 jours, 2 750 C tous les 120 jours ; publié : 25, 29 et 23 articles par jour (77 en tout).
def test_publie_heizer_comptage_tournant():
    cadences = [cadence_comptage(500, 20), cadence_comptage(1750, 60), cadence_comptage(2750, 120)]
    assert [round(c) for c in cadences] == [25, 29, 23]
    assert sum(round(c) for c in cadences) == 77


# Source : « Méthode du premier entré – premier sorti (PEPS) ou FIFO », Carrefour Saint-Junien,
# https://cdn.slideserve.com/delu/methode-du-premier-entre-premier-sorti-peps-ou-first-in-first-out-fifo
# Il reste 2 pots achetés le 02.04 (DLC 12.04) et 8 achetés le 03.04 (DLC 20.04) ; on en consomme 6 :
# publié « les 2 qui restent, achetés le 02.04, puis 4 de ceux achetés le 03.04 ».
def test_publie_peps_pots():
    lots = [Lot("02.04", "2024-04-02", 2, "2024-04-12"), Lot("03.04", "2024-04-03", 8, "2024-04-20")]
    assert prelever(lots, 6, "FIFO") == {"02.04": 2, "03.04": 4}
    assert prelever(lots, 6, "FEFO") == {"02.04": 2, "03.04": 4}  # ici, premier entré = premier périmé


# Même source, fiche de stock des camemberts : « j'ai en stock les 50 anciens et les 45 nouveaux,
# je dois en sortir 55 : je sors les 50 plus anciens » (puis 5 des nouveaux).
def test_publie_peps_camemberts():
    lots = [Lot("nouveaux", "2024-04-10", 45), Lot("anciens", "2024-04-01", 50)]
    assert prelever(lots, 55, "FIFO") == {"nouveaux": 5, "anciens": 50}


# Source : Shiptify, « Méthode FEFO » (https://www.shiptify.com/logtech/methode-fefo) : « deux lots identiques
# peuvent être réceptionnés à des moments différents, mais le lot le plus ancien sur le plan sanitaire sera
# préparé en premier ». Le lot reçu en second, qui périme avant, sort d'abord en FEFO, pas en FIFO.
def test_publie_fefo_lot_recu_en_second():
    lots = [Lot("L1", "2024-01-10", 10, "2024-12-31"), Lot("L2", "2024-02-10", 10, "2024-06-30")]
    assert prelever(lots, 10, "FEFO") == {"L1": 0, "L2": 10}
    assert prelever(lots, 10, "FIFO") == {"L1": 10, "L2": 0}


# --- Conventions ------------------------------------------------------------------------------


def test_fefo_egalite_plus_ancien_puis_numero():
    lots = [
        Lot("B", "2024-02-01", 5, "2025-01-31"),
        Lot("A", "2024-02-01", 5, "2025-01-31"),
        Lot("C", "2024-01-01", 5, "2025-01-31"),
    ]
    assert prelever(lots, 7, "FEFO") == {"B": 0, "A": 2, "C": 5}


def test_reception_tolerance_et_decisions():
    commande = {"X": 100, "Y": 100, "Z": 50}
    livraison = [LigneLivraison("X", 98, 98), LigneLivraison("Y", 100, 100, 1), LigneLivraison("W", 5, 5)]
    c = controler_reception(commande, livraison, tolerance=0.02)
    assert dict(c["decision"]) == {"X": "accepter", "Y": "litige", "W": "refuser", "Z": "litige"}
    assert dict(c["ecart"]) == {"X": -2, "Y": -1, "W": 5, "Z": -50}
    assert dict(c["entree_stock"]) == {"X": 98, "Y": 99, "W": 0, "Z": 0}
    # 3 % d'écart : hors tolérance
    assert controler_reception({"X": 100}, [LigneLivraison("X", 97, 97)], 0.02).at["X", "decision"] == "litige"
    # reçu différent du bon de livraison : litige même dans la tolérance
    assert controler_reception({"X": 100}, [LigneLivraison("X", 100, 99)], 0.02).at["X", "decision"] == "litige"


def test_inventaire_et_fiabilite():
    ecarts = ecarts_inventaire({"A": 10, "B": 5, "C": 7}, {"A": 8, "B": 5})
    assert ecarts == {"A": -2, "B": 0}
    assert valeur_ecarts(ecarts, {"A": 3.2, "B": 1.0}) == {"A": -6.4, "B": 0.0}
    assert taux_fiabilite(ecarts) == 50.0
    assert references_a_compter({"A1": "A", "B1": "B"}, {"A1": 4, "B1": 7}, {"A": 4, "B": 8}) == ["A1"]


def test_expedition_arrondis():
    e = preparer_expedition(30, unites_par_colis=4, poids_colis_kg=10.2, colis_par_palette=5, poids_palette_vide_kg=25)
    assert (e.colis, e.palettes, e.poids_kg) == (8, 2, 131.6)


@pytest.mark.parametrize(
    "appel",
    [
        lambda: prelever([Lot("L", "2024-01-01", 5)], 6, "FIFO"),
        lambda: prelever([Lot("L", "2024-01-01", 5)], 1, "FEFO"),
        lambda: prelever([Lot("L", "2024-01-01", 5)], 1, "PEPS"),
        lambda: LigneLivraison("X", 1, 1, 2),
        lambda: implanter({"A": 1, "B": 2}, {"E1": 3}),
        lambda: taux_fiabilite({}),
    ],
)
def test_donnees_incoherentes(appel):
    with pytest.raises(DonneesIncoherentes):
        appel()


# --- Propriétés -------------------------------------------------------------------------------

dates = st.dates().map(lambda d: d.isoformat())
lots_st = st.lists(
    st.builds(Lot, st.text("ABC123", min_size=1, max_size=4), dates, st.integers(0, 50), dates),
    min_size=1,
    max_size=6,
    unique_by=lambda lot: lot.numero,
)


@REGLAGES
@given(lots_st, st.data(), st.sampled_from(["FIFO", "FEFO", "LIFO"]))
def test_prelevement_somme_la_demande_sans_depasser_un_lot(lots, data, regle):
    demande = data.draw(st.integers(0, sum(lot.quantite for lot in lots)))
    p = prelever(lots, demande, regle)
    assert sum(p.values()) == demande
    assert all(0 <= p[lot.numero] <= lot.quantite for lot in lots)
    # on n'entame un lot que si les lots prioritaires sont vides
    ouverts = [n for n, q in p.items() if q > 0]
    assert len([n for n in ouverts if p[n] < next(lot.quantite for lot in lots if lot.numero == n)]) <= 1


@REGLAGES
@given(
    st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(-20, 20), min_size=1),
    st.lists(st.floats(0.5, 100), min_size=8, max_size=8),
)
def test_valeur_des_ecarts_somme(ecarts, liste_couts):
    couts = dict(zip("ABCDEFGH", liste_couts))
    valeurs = valeur_ecarts(ecarts, couts)
    assert sum(valeurs.values()) == pytest.approx(sum(e * couts[r] for r, e in ecarts.items()), abs=0.01 * len(ecarts))


@REGLAGES
@given(st.lists(st.integers(0, 200), min_size=1, max_size=6), st.lists(st.integers(1, 60), min_size=6, max_size=6))
def test_implantation_par_rotation_minimise_la_distance(liste_sorties, liste_distances):
    sorties = {f"R{i}": s for i, s in enumerate(liste_sorties)}
    distances = {f"E{i}": d for i, d in enumerate(liste_distances)}
    meilleure = distance_parcourue(sorties, implanter(sorties, distances), distances)
    for choix in itertools.permutations(distances, len(sorties)):
        assert meilleure <= distance_parcourue(sorties, dict(zip(sorties, choix)), distances)


# --- Cas du cahier : erreurs types distinctes de la référence --------------------------------


def test_cas_reference():
    c = construire()
    assert c.decisions_reception() == {"TU25": "accepter", "TU32": "refuser", "TO15": "litige", "BA20": "litige"}
    assert c.a_compter() == ["D100", "CH10", "ES01", "RO20", "TO15"]
    assert c.taux_fiabilite() == 40.0
    assert sum(c.prelevement("FEFO").values()) == c.parametres.demande_lots
    assert exemple_reception().at["RO20", "entree_stock"] == 192


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
        assert all(v >= 0 for v in c.entrees_stock().values())
        assert sum(c.prelevement("FEFO").values()) == c.parametres.demande_lots
        for reference, erreurs in paires_erreurs(c):
            for piste, valeur in erreurs.items():
                assert valeur != reference, (ident, piste)


def test_variantes_reproductibles():
    verifier_reproductible(cas, lambda c: c)


def test_variantes_differentes_d_un_apprenant_a_l_autre():
    def reponses(c):
        return [
            c.ecarts_reception(),
            c.entrees_stock(),
            sorted(c.a_compter()),
            c.valeur_ecarts(),
            c.prelevement("FIFO"),
            c.prelevement("FEFO"),
            c.implantation(),
            c.distance(),
            c.poids(),
        ]

    verifier_voisins_differents(cas, reponses, 7)


# --- Graphiques -------------------------------------------------------------------------------


def test_graphiques():
    c = construire()
    ax = tracer_reception(c.controle(), 2)
    assert [b.get_height() for b in ax.containers[0]] == pytest.approx([-1.33, -10.0, -3.33])
    ax = tracer_lots(c.lots, c.prelevement("FEFO"))
    assert sum(b.get_width() for b in ax.containers[0]) == c.parametres.demande_lots
    ax = tracer_implantation(c.sorties, c.implantation(), c.distances)
    hauteurs = [b.get_height() for b in ax.containers[0]]
    assert hauteurs == sorted(hauteurs, reverse=True)
    plt.close("all")
