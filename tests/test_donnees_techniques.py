"""Tests des données techniques (gpedu.calculs.donnees_techniques) et du cas du cahier 02_donnees_techniques."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu import entreprise  # noqa: E402
from gpedu.calculs import donnees_techniques as dtq  # noqa: E402
from gpedu.calculs.calendrier import calendrier_vallet  # noqa: E402
from gpedu.correction import EcartReponse  # noqa: E402
from gpedu.exercices.donnees_techniques import (  # noqa: E402
    cas,
    construire,
    controler_cas,
    verifier_chemin,
    verifier_diagnostic,
)
from gpedu.graphiques.donnees_techniques import (  # noqa: E402
    capacites_mensuelles,
    tracer_calendrier_mois,
    tracer_capacite_annuelle,
    tracer_nomenclature,
)

from .conftest import APPRENANTS, verifier_reproductible, verifier_variete, verifier_voisins_differents  # noqa: E402

REGLAGES = settings(max_examples=100, deadline=None)

# Source : R. Jacobs et R. Chase, « Operations and Supply Chain Management », chapitre MRP, problème
# « Product A is an end item and is made from two units of B and four of C. B is made of three units of D
# and two of E. C is made of two units of F and two of E. A has a lead time of one week. B, C, and E have lead
# times of two weeks, and D and F have lead times of three weeks » (énoncé publié :
# http://www.solutioninn.com/product-a-is-an-end-item-and-is-made-from). 100 A demandés.
# Solution à la main : B 200, C 400, D 600, E 2×200 + 2×400 = 1200, F 800 ;
# délai cumulé 6 semaines (A-B-D et A-C-F : 1 + 2 + 3).
LIENS_JACOBS = [("A", "B", 2), ("A", "C", 4), ("B", "D", 3), ("B", "E", 2), ("C", "F", 2), ("C", "E", 2)]
DELAIS_JACOBS = {"A": 1, "B": 2, "C": 2, "E": 2, "D": 3, "F": 3}


def test_publie_explosion_jacobs_chase():
    assert dtq.besoins_totaux(LIENS_JACOBS, "A", 100) == {"B": 200, "D": 600, "E": 1200, "C": 400, "F": 800}
    lignes = dtq.explosion(LIENS_JACOBS, "A", 100)
    assert [(lig.niveau, lig.composant, lig.quantite_cumulee) for lig in lignes] == [
        (1, "B", 200), (2, "D", 600), (2, "E", 400), (1, "C", 400), (2, "F", 800), (2, "E", 800),
    ]  # fmt: skip
    assert dtq.cas_emploi(LIENS_JACOBS, "E") == {"B": 2, "C": 2}
    assert dtq.cas_emploi_produits(LIENS_JACOBS, "E") == {"A": 12}


def test_publie_delai_cumule_jacobs_chase():
    chemin, duree = dtq.chemin_critique(LIENS_JACOBS, DELAIS_JACOBS, "A")
    assert duree == 6
    assert chemin in (["A", "B", "D"], ["A", "C", "F"])
    assert dtq.delai_cumule(LIENS_JACOBS, DELAIS_JACOBS, "C") == 5


def test_vallet_explosion_et_delai():
    liens = entreprise.liens_nomenclature()
    assert dtq.besoins_totaux(liens, "D100", 10) == {
        "CH10": 10,
        "TU25": 30,
        "TO15": 10,
        "RO20": 20,
        "ES01": 10,
        "BA20": 10,
    }
    assert dtq.cas_emploi_produits(liens, "TO15") == {"C200": 1, "D100": 1}
    delais = entreprise.articles().delai_semaines.to_dict()
    assert dtq.chemin_critique(liens, delais, "C200") == (["C200", "PL50", "TO15"], 5)


def test_temps_de_gamme():
    # CH10, lot de 40 : scie 0,5 + 40 × 0,05 = 2,5 h ; soudage 0,75 + 40 × 0,30 = 12,75 h
    gamme = dtq.temps_gamme(entreprise.charger("gammes"), "CH10", 40)
    assert list(gamme.temps_lot_h) == [2.5, 5.0, 12.75, 3.45]
    assert dtq.temps_phase(0.25, 0.2, 0) == 0.25
    with pytest.raises(dtq.DonneesIncoherentes, match="positifs"):
        dtq.temps_phase(-1, 0.2, 10)
    with pytest.raises(dtq.DonneesIncoherentes, match="pas de gamme"):
        dtq.temps_gamme(entreprise.charger("gammes"), "RO20", 10)


def test_controle_donnees_vallet_sans_anomalie():
    assert (
        dtq.controler(
            entreprise.articles().index,
            entreprise.charger("nomenclatures"),
            entreprise.charger("gammes"),
            entreprise.charger("postes_de_charge").code,
        )
        == []
    )


def test_controle_chaque_anomalie_a_un_message_francais():
    nomenclatures = pd.DataFrame(
        {"parent": ["A", "B", "A", "C"], "composant": ["B", "A", "Z", "B"], "quantite": [1, 1, 2, -1]}
    )
    gammes = pd.DataFrame(
        {
            "article": ["A", "A", "A"],
            "phase": [10, 20, 30],
            "poste": ["SCIE", "LASER", "SOUD"],
            "temps_preparation_h": [0.0, 0.5, -0.2],
            "temps_unitaire_h": [0.1, 0.1, 0.1],
        }
    )
    anomalies = dtq.controler(["A", "B", "C"], nomenclatures, gammes, ["SCIE", "SOUD"])
    par_ligne = {(a.ligne, a.type) for a in anomalies}
    assert par_ligne == {
        ("N1", "cycle"), ("N2", "cycle"), ("N3", "article_inconnu"), ("N4", "quantite"),
        ("G2", "poste_inconnu"), ("G3", "temps"),
    }  # fmt: skip
    assert all(a.message.startswith(f"Ligne {a.ligne} :") for a in anomalies)
    assert "LASER" in next(a.message for a in anomalies if a.type == "poste_inconnu")
    assert dtq.lignes_en_anomalie(anomalies) == ["N1", "N2", "N3", "N4", "G2", "G3"]
    with pytest.raises(dtq.DonneesIncoherentes, match="cyclique"):
        dtq.explosion([("A", "B", 1), ("B", "A", 1)], "A")


# --- propriétés ------------------------------------------------------------------------------


@st.composite
def nomenclatures_sans_cycle(draw):
    n = draw(st.integers(min_value=2, max_value=7))
    liens = []
    for enfant in range(1, n):
        for parent in draw(st.sets(st.integers(min_value=0, max_value=enfant - 1), min_size=1, max_size=2)):
            liens.append((f"A{parent}", f"A{enfant}", draw(st.integers(min_value=1, max_value=4))))
    delais = {f"A{i}": draw(st.integers(min_value=0, max_value=4)) for i in range(n)}
    return liens, delais


@REGLAGES
@given(nomenclatures_sans_cycle(), st.integers(min_value=1, max_value=50))
def test_propriete_explosion_lineaire_et_delai_borne(donnees, quantite):
    liens, delais = donnees
    unitaire = dtq.besoins_totaux(liens, "A0", 1)
    assert dtq.besoins_totaux(liens, "A0", quantite) == {c: q * quantite for c, q in unitaire.items()}
    chemin, duree = dtq.chemin_critique(liens, delais, "A0")
    assert duree == sum(delais[a] for a in chemin)
    assert duree <= sum(delais.values())
    # chaque lien du chemin existe dans la nomenclature
    assert all(any(p == a and c == b for p, c, _ in liens) for a, b in zip(chemin, chemin[1:]))


# --- cas du cahier : références et erreurs types ---------------------------------------------


def test_cas_references():
    c = construire()
    assert c.besoins_explosion() == {
        "PL50": 30,
        "TO15": 30,
        "PO30": 30,
        "TU25": 120,
        "RO20": 120,
        "ES01": 60,
        "BA20": 60,
    }
    assert c.cas_emploi_produits() == {"C200": 4, "D100": 3}
    assert c.temps_total() == 23.7
    assert (c.jours_ouvres_mois(), c.capacite_mois()) == (18, 540)
    assert c.chemin_critique() == (["C200", "PL50", "TO15"], 5)
    assert [lig for lig, mot in c.diagnostic().items() if mot != "ok"] == ["N1", "N6", "N7", "N9", "G3", "G6", "G7"]


def test_erreurs_types_distinctes_de_la_reference():
    c = construire()
    paires = [
        (c.besoins_explosion(), c.erreurs_explosion()),
        (c.cas_emploi_produits(), c.erreurs_cas_emploi_produits()),
        (c.temps_phases(), c.erreurs_temps_phases()),
        (c.temps_total(), c.erreurs_temps_total()),
        (c.jours_ouvres_mois(), c.erreurs_jours_ouvres()),
        (c.capacite_mois(), c.erreurs_capacite()),
        (c.chemin_critique()[1], c.erreurs_delai()),
        (c.diagnostic(), c.erreurs_diagnostic()),
    ]
    for juste, erreurs in paires:
        assert erreurs, "au moins une erreur type par question"
        for message, faux in erreurs.items():
            assert faux != juste, message


def test_verifier_diagnostic():
    c = construire()
    verifier_diagnostic(dict(c.diagnostic()), c)
    verifier_diagnostic({k: v.upper() for k, v in c.diagnostic().items()}, c)  # casse indifférente
    faux = c.diagnostic() | {"G5": "temps"}
    with pytest.raises(EcartReponse, match="Piste : un temps de préparation nul"):
        verifier_diagnostic(faux, c)
    with pytest.raises(EcartReponse, match="Mots inconnus"):
        verifier_diagnostic(c.diagnostic() | {"N2": "bizarre"}, c)


# --- variantes par apprenant ------------------------------------------------------------------

QUESTIONS = {
    "explosion": lambda c: c.besoins_explosion(),
    "cas_emploi": lambda c: (c.cas_emploi(), c.cas_emploi_produits()),
    "gamme": lambda c: c.temps_phases(),
    "capacite": lambda c: c.capacite_mois(),
    "delai": lambda c: (c.chemin_critique()[1], tuple(c.delais().items())),
    "diagnostic": lambda c: c.diagnostic(),
}


def _references(c):
    return [repr(question(c)) for question in QUESTIONS.values()]


def test_variantes_solubles_et_erreurs_types_distinctes():
    for ident in APPRENANTS:
        c = cas(ident)
        controler_cas(c)  # ne lève pas : toutes les conditions du tirage sont remplies
        assert c.saisie_nomenclatures.quantite.notna().all()
        assert all(q > 0 for _, _, q in c.liens), ident
        assert c.jours_ouvres_mois() > 0 and c.capacite_mois() > 0
        assert min(c.temps_phases().values()) > 0
        verifier_diagnostic(dict(c.diagnostic()), c)
        verifier_chemin(c.chemin_critique()[0], c)
        for message, faux in c.erreurs_diagnostic().items():
            with pytest.raises(EcartReponse, match="Piste"):
                verifier_diagnostic(faux, c)
            assert message


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(cas, _references)
    from gpedu.exercices.donnees_techniques import tirer_parametres
    from gpedu.variantes import generateur

    assert tirer_parametres(generateur("x.y", "a")) == tirer_parametres(generateur("x.y", "a"))
    verifier_variete(cas, QUESTIONS, part=0.2)
    # deux apprenants pris au hasard : des réponses différentes à la plupart des questions (au plus 2 communes)
    paires = [(APPRENANTS[a], APPRENANTS[b]) for a in range(0, 40, 3) for b in range(1, 40, 7) if a != b]
    verifier_voisins_differents(cas, _references, len(QUESTIONS) - 2, paires=paires)


@settings(max_examples=15, deadline=None)
@given(st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}", fullmatch=True))
def test_propriete_variante_de_tout_identifiant(ident):
    c = cas(ident)
    controler_cas(c)
    assert c.chemin_critique()[1] == sum(c.delais()[a] for a in c.chemin_critique()[0])


def test_graphiques():
    ax = tracer_nomenclature(entreprise.liens_nomenclature(), "C200", 30)
    assert "TU25  ×2  →  60" in [t.get_text() for t in ax.texts]
    ax = tracer_calendrier_mois(calendrier_vallet(), 2027, 5)
    assert "18 jours ouvrés" in ax.get_title()
    assert capacites_mensuelles(calendrier_vallet(), 2027, regime="2x8", machines=2)[4] == 540
    ax = tracer_capacite_annuelle(calendrier_vallet(), 2027, regime="3x8", charge_mensuelle=300)
    assert len(ax.patches) == 12
    plt.close("all")
