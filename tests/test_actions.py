"""Tests du plan d'actions (gpedu.calculs.actions) et du cas du cahier 05_plan_d_actions.

Conventions (docs/conventions.md, « Plan d'actions ») : quadrant impact élevé si impact ≥ 3, effort élevé si
effort ≥ 3 ; retard si échéance < date du jour et avancement < 100 % ; payback en mois entiers arrondis au-dessus ;
ROI sur un an = (gain − investissement) / investissement ; AMDEC : C = G × O × D, action si C ≥ seuil.
"""

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from gpedu.calculs import actions as ac  # noqa: E402
from gpedu.correction import EcartReponse  # noqa: E402
from gpedu.exercices import actions as ex  # noqa: E402
from gpedu.graphiques.actions import tracer_criticites, tracer_matrice, tracer_smed  # noqa: E402

from .conftest import APPRENANTS, verifier_paires_differentes, verifier_reproductible  # noqa: E402

REGLAGES = settings(max_examples=100, deadline=None)
NOTE = st.integers(1, 10)

# --- Exemples publiés -------------------------------------------------------------------------


# Source : « SMED en pratique », https://lecoursgratuit.com/smed-en-pratique-methode-checklist-et-pilotage-par-
# indicateurs-avec-modele-excel/ : base 45 min → réalisé 18 min, gain 27 min ; 4 changements par jour, 22 jours
# par mois → 2 376 min ≈ 39,6 h par mois récupérées.
def test_publie_smed_heures_recuperees():
    assert ac.gain_changements(45 - 18, 4 * 22, taux_horaire=1) == pytest.approx(39.6)


# Source : « Méthode SMED — exercices corrigés », https://lecoursgratuit.com/methode-smed-tout-comprendre-
# lappliquer-par-domaine-avec-exercices-corriges : avant 75 min, après 9 min, 2 changements par équipe de 8 h
# → +132 min de production par équipe.
def test_publie_smed_minutes_par_equipe():
    assert ac.gain_changements(75 - 9, 2, taux_horaire=1) * 60 == pytest.approx(132)


def test_smed_trois_etapes():
    operations = [
        {"duree_min": 12, "type": "externe", "convertible": False},
        {"duree_min": 10, "type": "interne", "convertible": True},
        {"duree_min": 20, "type": "interne", "convertible": False},
    ]
    assert [ac.temps_changement(operations, e) for e in ("actuel", "separation", "conversion")] == [42, 30, 20]
    with pytest.raises(ac.DonneesIncoherentes, match="Étape SMED inconnue"):
        ac.temps_changement(operations, "simplifier")


# Source : règle de criticité AMDEC « produit des trois facteurs » et seuil « supérieur ou égal à un seuil
# donné », https://eiphedeix-international.fr/la-criticite-amdec ; notes de 1 à 10 (jamais 0),
# https://techni-contact.site/produits/391-15038273-amdec.html. Exemple recalculé : G 8, O 3, D 5 → C = 120.
def test_publie_regle_criticite():
    assert ac.criticite(8, 3, 5) == 120
    assert ac.modes_a_traiter({"M1": 120, "M2": 100, "M3": 99}, 100) == ["M1", "M2"]
    with pytest.raises(ac.DonneesIncoherentes, match="entre 1 et 10"):
        ac.criticite(0, 3, 5)


def test_payback_et_roi():
    # 3 600 € investis, 5 903 € gagnés par an : 491,9 € par mois → 7,3 mois → 8 mois
    assert ac.payback_mois(3600, 5903) == 8
    assert ac.payback_mois(1200, 1200) == 12  # pile 12 mois, pas 13 (flottants neutralisés)
    assert ac.roi(3600, 5903) == pytest.approx(0.6397, abs=1e-4)
    with pytest.raises(ac.DonneesIncoherentes):
        ac.payback_mois(1000, 0)


def test_quadrants_bornes():
    assert ac.quadrant(3, 2) == ac.GAINS_RAPIDES  # impact = seuil : élevé
    assert ac.quadrant(3, 3) == ac.PROJETS  # effort = seuil : élevé
    assert ac.quadrant(2, 2) == ac.PETITES
    assert ac.quadrant(2, 5) == ac.A_EVITER
    assert ac.prioriser({"X": (3, 1), "Y": (4, 2), "Z": (5, 5), "W": (1, 1)}) == ["Y", "X", "Z", "W"]
    with pytest.raises(ac.DonneesIncoherentes, match="entre 1 et 5"):
        ac.quadrant(6, 1)


def test_suivi_retard_strict():
    plan = [
        {"code": "a", "echeance": "2026-11-19", "avancement": 50},
        {"code": "b", "echeance": "2026-11-20", "avancement": 50},  # échéance aujourd'hui : pas en retard
        {"code": "c", "echeance": "2026-11-01", "avancement": 100},  # terminée : pas en retard
    ]
    assert ac.en_retard(plan, "2026-11-20") == ["a"]
    assert ac.avancement_global(plan) == pytest.approx(200 / 3)
    with pytest.raises(ac.DonneesIncoherentes, match="AAAA-MM-JJ"):
        ac.en_retard(plan, "20/11/2026")


def test_ecarts_affectation_nomment_le_probleme():
    ecarts = ac.ecarts_affectation(
        {"A": ("Inconnu", "2027-05-01"), "B": ("Eve", "2027-01-10"), "Z": ("Eve", "2027-01-11")},
        ["A", "B", "C"],
        ["Eve"],
        "2027-01-04",
        "2027-03-26",
        max_par_pilote=1,
    )
    texte = " ; ".join(ecarts)
    assert "sans pilote" in texte and "en trop" in texte and "ne fait pas partie" in texte
    assert "hors de l'horizon" in texte


# --- Propriétés -------------------------------------------------------------------------------


@REGLAGES
@given(NOTE, NOTE, NOTE, st.sampled_from(["g", "o", "d"]))
def test_criticite_monotone(g, o, d, note):
    """Augmenter une note ne fait jamais baisser la criticité."""
    plus = {"g": (min(g + 1, 10), o, d), "o": (g, min(o + 1, 10), d), "d": (g, o, min(d + 1, 10))}[note]
    assert ac.criticite(*plus) >= ac.criticite(g, o, d)


@REGLAGES
@given(st.dictionaries(st.sampled_from(list("ABCDEFGH")), st.integers(1, 1000), min_size=1), st.integers(1, 1000))
def test_modes_a_traiter_seuil(criticites, seuil):
    modes = ac.modes_a_traiter(criticites, seuil)
    assert all(criticites[m] >= seuil for m in modes)
    assert all(m in modes for m, c in criticites.items() if c >= seuil)
    assert [criticites[m] for m in modes] == sorted((criticites[m] for m in modes), reverse=True)
    assert len(ac.modes_a_traiter(criticites, seuil + 1)) <= len(modes)


@REGLAGES
@given(st.floats(1, 1e5), st.floats(1, 1e5))
def test_payback_couvre_investissement(investissement, gain):
    mois = ac.payback_mois(investissement, gain)
    assert mois * gain / 12 >= investissement - 1e-6
    assert (mois - 1) * gain / 12 < investissement
    assert (ac.roi(investissement, gain) >= 0) == (gain >= investissement)


@REGLAGES
@given(st.dictionaries(st.text("ABCDEF", min_size=1, max_size=2), st.tuples(st.integers(1, 5), st.integers(1, 5))))
def test_prioriser_garde_toutes_les_actions(notes):
    ordre = ac.prioriser(notes)
    assert sorted(ordre) == sorted(notes)
    rangs = [ac.QUADRANTS.index(ac.quadrant(*notes[c])) for c in ordre]
    assert rangs == sorted(rangs)


# --- Le cas du cahier -------------------------------------------------------------------------


def test_cas_reference():
    c = ex.construire()
    assert c.priorites()[:3] == c.gains_rapides()
    assert c.en_retard() == ["S2", "S4", "S8"] and c.avancement() == 52.5
    assert c.gains() == {"gain_annuel": 5903, "payback": 8, "roi": 64.0}
    assert c.modes_a_traiter() == ["M1", "M4", "M5"]
    for methode in ac.ETAPES:
        assert [c.etapes_melangees(methode)[lettre] for lettre in c.ordre(methode)] == ac.ETAPES[methode]


def test_erreurs_types_distinctes_de_la_reference():
    c = ex.construire()
    for methode in ac.ETAPES:
        assert c.erreurs_ordre(methode) and c.ordre(methode) not in c.erreurs_ordre(methode).values()
    paires = [
        (c.erreurs_quadrants(), c.quadrants()),
        (c.erreurs_priorites(), c.priorites()),
        (c.erreurs_retard(), c.en_retard()),
        (c.erreurs_avancement(), c.avancement()),
        (c.erreurs_criticites(), c.criticites()),
        (c.erreurs_modes(), c.modes_a_traiter()),
    ]
    for erreurs, reference in paires:
        assert erreurs and reference not in erreurs.values()
    smed = c.erreurs_smed()
    references = {"separation": c.temps_smed("separation"), "conversion": c.temps_smed("conversion"), **c.gains()}
    for champ, erreurs in smed.items():
        assert erreurs and references[champ] not in erreurs.values(), champ


def test_verifier_plan():
    c = ex.construire()
    bon = {
        "A1": ("Karim Benali", "2027-01-22"),
        "A6": ("Nadia Roux", "2027-01-15"),
        "A8": ("Sophie Morel", "2027-01-29"),
        "A3": ("Julien Petit", "2027-03-12"),
        "A2": ("Karim Benali", "2027-03-19"),
        "A5": ("Thomas Girard", "2027-03-26"),
        "A4": ("Nadia Roux", "2027-02-12"),
    }
    ex.verifier_plan(bon, c)
    with pytest.raises(EcartReponse, match="À éviter"):
        ex.verifier_plan({**bon, "A7": ("Julien Petit", "2027-02-01")}, c)
    with pytest.raises(EcartReponse, match="gain rapide"):
        ex.verifier_plan({**bon, "A1": ("Karim Benali", "2027-03-01")}, c)
    with pytest.raises(EcartReponse, match="au plus 2"):
        ex.verifier_plan({**bon, "A4": ("Karim Benali", "2027-02-12")}, c)
    with pytest.raises(EcartReponse, match="guillemets"):
        ex.verifier_forme_plan({"A1": ("Karim Benali", 2027)})


def test_graphiques():
    c = ex.construire()
    ax = tracer_matrice(c.notes)
    assert len(ax.collections) == len(c.notes)
    ax = tracer_criticites(c.criticites(), 100)
    assert [b.get_height() for b in ax.patches] == [120, 108, 100, 72, 60, 60, 24]
    assert "3 mode(s)" in ax.get_title()
    ax = tracer_smed(c._operations())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Aujourd'hui", "1. Séparer", "2. Convertir"]
    plt.close("all")


# --- Variantes par apprenant ---------------------------------------------------------------


@pytest.fixture(scope="module")
def variantes():
    return {ident: ex.cas(ident) for ident in APPRENANTS}


def plan_de_la_solution(c):
    """Le plan construit comme dans la solution du cahier : pilotes à tour de rôle, échéances au plus tard."""
    p = c.parametres
    retenues = c.actions_retenues()
    return {
        code: (
            p.equipe[i % len(p.equipe)],
            c.limite_gains_rapides() if c.quadrants()[code] == ac.GAINS_RAPIDES else p.fin_plan,
        )
        for i, code in enumerate(retenues)
    }


def test_cas_de_base_est_une_variante_valide():
    ex.verifier_variante(ex.construire())


def test_variantes_solubles_et_erreurs_types_distinctes(variantes):
    for c in variantes.values():
        ex.verifier_variante(c)
        for methode in ("PDCA", "DMAIC", "8D"):
            assert all(v != c.ordre(methode) for v in c.erreurs_ordre(methode).values())
        assert c.erreurs_quadrants() and all(v != c.quadrants() for v in c.erreurs_quadrants().values())
        assert c.erreurs_priorites() and all(v != c.priorites() for v in c.erreurs_priorites().values())
        ex.verifier_plan(plan_de_la_solution(c), c)
        assert c.erreurs_retard() and all(v != c.en_retard() for v in c.erreurs_retard().values())
        assert all(abs(v - c.avancement()) > 0.06 for v in c.erreurs_avancement().values())
        gains = c.gains()
        assert 3 <= gains["payback"] <= 19
        for champ, erreurs in c.erreurs_smed().items():
            reference = gains.get(champ, c.temps_smed(champ) if champ in ("separation", "conversion") else None)
            assert erreurs and all(v != reference for v in erreurs.values()), champ
        assert c.erreurs_criticites() and all(v != c.criticites() for v in c.erreurs_criticites().values())
        assert c.erreurs_modes() and all(v != c.modes_a_traiter() for v in c.erreurs_modes().values())


def test_variantes_realistes(variantes):
    base = ex.construire().parametres
    for c in variantes.values():
        p = c.parametres
        assert all(1 <= i <= 5 and 1 <= e <= 5 for _, _, i, e in p.idees)
        assert all(1 <= n <= 10 for _, _, _, g, o, d in p.amdec for n in (g, o, d))
        assert all(0 <= a <= 100 and a % 10 == 0 for *_, a in p.suivi)
        assert [op for op, *_ in p.smed] == [op for op, *_ in base.smed] and p.equipe == base.equipe
        assert 2 <= len(c.modes_a_traiter()) <= 4


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(ex.cas, lambda c: c, ident="apprenant3")
    reponses = {
        "ordres": lambda c: [c.ordre(m) for m in ("PDCA", "DMAIC", "8D")],
        "priorités": lambda c: (c.quadrants(), c.priorites()),
        "suivi": lambda c: (c.en_retard(), c.avancement()),
        "SMED": lambda c: (c.temps_smed("separation"), c.temps_smed("conversion"), c.gains()),
        "AMDEC": lambda c: (c.criticites(), c.modes_a_traiter()),
    }
    verifier_paires_differentes(ex.cas, reponses, part=0.85)
