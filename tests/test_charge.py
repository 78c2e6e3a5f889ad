"""Tests de la charge, de la capacité et du lissage (gpedu.calculs.charge) et du cas du cahier.

Conventions (docs/conventions.md, « Charge et capacité ») : charge d'un OF = Σ (préparation + quantité × unitaire)
de ses phases, placée la semaine de l'OF ; capacité = machines × équipes × heures × 5 jours (× rendement) ;
taux = 100 × charge / capacité ; lissage : OF dans ses marges, heures sup. plafonnées, puis sous-traitance.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs.cbn import DonneesIncoherentes  # noqa: E402
from gpedu.calculs.charge import (  # noqa: E402
    OptionsLissage,
    OrdreFabrication,
    ajustement_minimal,
    capacite_hebdomadaire,
    charge_of,
    charge_par_poste,
    cout_lissage,
    lissage_optimal,
    problemes_lissage,
    surcharges,
    taux_de_charge,
)
from gpedu.correction import EcartReponse  # noqa: E402
from gpedu.exercices.charge import (  # noqa: E402
    TOLERANCE_COUT_EUR,
    cas,
    conditions,
    construire,
    verifier_contraintes_lissage,
    verifier_cout_lissage,
    verifier_forme_lissage,
)
from gpedu.graphiques.charge import tracer_charge  # noqa: E402

from .conftest import APPRENANTS, verifier_paires_differentes, verifier_reproductible  # noqa: E402

REGLAGES = settings(max_examples=60, deadline=None)

# Gamme publiée (en heures ; le corrigé donne des centièmes d'heure : 30 ch = 0,30 h).
GAMMES_TD = [
    ("PA", "T1", 0.30, 0.10),
    ("PA", "CU", 0.45, 0.12),
    ("PA", "T2", 0.20, 0.06),
    ("PB", "T1", 0.30, 0.04),
    ("PB", "CU", 0.45, 0.04),
    ("PB", "T2", 0.20, 0.07),
]


# --- Exemples publiés -------------------------------------------------------------------------


# Source : « Correction TD1 Concepts GPI », https://fr.scribd.com/document/664171439/Correction-TD1-Concepts-GPI-Copie
# 150 PA et 180 PB par semaine. Publié : PA phase 10 (T1) = 150 × 10 ch + 30 ch = 15,3 h ; CU 18,45 h ; T2 9,2 h ;
# PB : 7,5 h, 7,65 h, 12,8 h ; charge par centre T1 22,8 h, T2 22,0 h, CU 26,1 h.
def test_publie_charge_par_of_et_par_centre():
    assert charge_of("PA", 150, GAMMES_TD) == pytest.approx({"T1": 15.3, "CU": 18.45, "T2": 9.2})
    assert charge_of("PB", 180, GAMMES_TD) == pytest.approx({"T1": 7.5, "CU": 7.65, "T2": 12.8})
    ofs = [OrdreFabrication("A", "PA", 150, 1, 1, 1), OrdreFabrication("B", "PB", 180, 1, 1, 1)]
    charge = charge_par_poste(ofs, GAMMES_TD, 1)
    assert charge == {"T1": [22.8], "CU": [26.1], "T2": [22.0]}


# Même source : capacité réelle T1 = 35 − 2 (nettoyage) − 5 (arrêts) = 28 h ; CU = 35 − 2,33 − 5 − 8,75 = 18,92 h.
# Publié : taux de charge T1 81,43 %, CU 137,97 % (surcharge).
def test_publie_taux_de_charge():
    assert taux_de_charge([22.8], 28) == [81.4]
    (taux_cu,) = taux_de_charge([26.1], 35 - 7 / 3 - 5 - 8.75)
    assert taux_cu == pytest.approx(137.97, abs=0.05)
    assert surcharges([22.8, 26.1], 18.92) == [3.88, 7.18]


def test_capacite_des_postes_de_vallet():
    # SOUD : 2 machines × 2 équipes × 7,5 h × 5 jours
    assert capacite_hebdomadaire(2, 2, 7.5, 5) == 150.0
    assert capacite_hebdomadaire(1, 1, 7.5, 5, rendement=0.9) == 33.75
    with pytest.raises(DonneesIncoherentes, match="rendement"):
        capacite_hebdomadaire(1, 1, 7.5, 5, rendement=0)


def test_donnees_incoherentes():
    with pytest.raises(DonneesIncoherentes, match="hors de ses marges"):
        OrdreFabrication("X", "PA", 10, 5, 1, 3)
    with pytest.raises(DonneesIncoherentes, match="Pas de gamme"):
        charge_of("ZZ", 10, GAMMES_TD)
    with pytest.raises(DonneesIncoherentes, match="hors de l'horizon"):
        charge_par_poste([OrdreFabrication("A", "PA", 1, 3, 1, 3)], GAMMES_TD, 2)


# --- Propriétés -------------------------------------------------------------------------------

ordres = st.lists(
    st.tuples(st.sampled_from(["PA", "PB"]), st.integers(1, 300), st.integers(1, 6)), min_size=1, max_size=8
)


@REGLAGES
@given(ordres)
def test_somme_des_charges(liste):
    """Σ charge (tous postes, toutes semaines) = Σ OF Σ phases (préparation + quantité × unitaire)."""
    ofs = [OrdreFabrication(f"OF{i}", a, q, s, s, s) for i, (a, q, s) in enumerate(liste)]
    charge = charge_par_poste(ofs, GAMMES_TD, 6)
    attendu = sum(tp + q * tu for _, a, q, _ in [(0, *x) for x in liste] for code, _, tp, tu in GAMMES_TD if code == a)
    assert sum(map(sum, charge.values())) == pytest.approx(attendu, abs=1e-3)


@REGLAGES
@given(st.lists(st.floats(0, 80), min_size=1, max_size=8), st.floats(1, 60), st.floats(0, 10))
def test_ajustement_minimal_absorbe_les_surcharges(charge, capacite, plafond):
    options = OptionsLissage("P", plafond, 50, 80)
    heures_sup, sous_traitance = ajustement_minimal(charge, capacite, options)
    for c, h, s in zip(charge, heures_sup, sous_traitance):
        assert h <= plafond + 1e-9 and h >= 0 and s >= -1e-9
        assert c <= capacite + h + s + 1e-3
    assert all(t <= 100 for t, c in zip(taux_de_charge(charge, capacite), charge) if c <= capacite)


@REGLAGES
@given(
    st.lists(
        st.tuples(st.sampled_from(["PA", "PB"]), st.integers(20, 200), st.integers(1, 4), st.integers(0, 2)),
        min_size=2,
        max_size=6,
    ),
    st.floats(15, 40),
)
def test_un_lissage_valide_ne_cree_pas_de_surcharge(liste, capacite_cu):
    ofs = [
        OrdreFabrication(f"OF{i}", a, q, s, max(1, s - m), min(5, s + m), cout_avance=5)
        for i, (a, q, s, m) in enumerate(liste)
    ]
    capacites = {"T1": 1000.0, "T2": 1000.0, "CU": capacite_cu}
    options = OptionsLissage("CU", 4, 60, 90)
    plan = lissage_optimal(ofs, GAMMES_TD, capacites, options, 5)
    assert (
        problemes_lissage(ofs, GAMMES_TD, capacites, options, plan.semaines, plan.heures_sup, plan.sous_traitance, 5)
        == []
    )
    assert all(of.au_plus_tot <= plan.semaines[of.numero] <= of.au_plus_tard for of in ofs)
    charge = charge_par_poste(ofs, GAMMES_TD, 5, plan.semaines)["CU"]
    assert all(c <= capacite_cu + h + s + 1e-3 for c, h, s in zip(charge, plan.heures_sup, plan.sous_traitance))
    # le lissage ne coûte jamais plus que de tout absorber sans rien déplacer
    sans = ajustement_minimal(charge_par_poste(ofs, GAMMES_TD, 5)["CU"], capacite_cu, options)
    assert plan.cout <= cout_lissage(ofs, {}, *sans, options) + 1e-6


# --- Le cas du cahier -------------------------------------------------------------------------


BASE = construire()  # le cas de base : les tables de Vallet Manutention


def _verifier_plan_de_reference(c):
    assert c.semaines_surcharge  # il y a bien quelque chose à lisser
    assert c.lissage_reference.cout < c.cout_sans_deplacement
    ref = c.lissage_reference
    verifier_contraintes_lissage(ref.semaines, ref.heures_sup, ref.sous_traitance, c=c)
    verifier_cout_lissage(ref.semaines, ref.heures_sup, ref.sous_traitance, ref.cout, c=c)


def test_cas_du_cahier():
    c = BASE
    _verifier_plan_de_reference(c)
    assert c.lissage_reference.cout == 354.5 and c.cout_sans_deplacement == 746.25
    assert c.semaines_surcharge == [2, 3, 6] and c.d.of_exemple == "OF-3101"


def _sans_deplacement_refuse(c):
    prevues = {of.numero: of.semaine for of in c.d.ofs}
    capacite = c.capacites["MONT"]
    hs = [min(c.d.heures_sup_max, e) for e in surcharges(c.charges["MONT"], capacite)]
    st_ = [round(e - h, 4) for e, h in zip(surcharges(c.charges["MONT"], capacite), hs)]
    verifier_contraintes_lissage(prevues, hs, st_, c=c)
    assert c.cout(prevues, hs, st_) > c.lissage_reference.cout + TOLERANCE_COUT_EUR
    with pytest.raises(EcartReponse, match="moins cher"):
        verifier_cout_lissage(prevues, hs, st_, c=c)


def test_verification_du_lissage_par_contraintes():
    c = BASE
    prevues = {of.numero: of.semaine for of in c.d.ofs}
    zero = [0] * c.d.horizon
    with pytest.raises(EcartReponse, match="(?i)surcharge restante au poste MONT en semaine 2"):
        verifier_contraintes_lissage(prevues, zero, zero, c=c)
    hors_marge = {**prevues, "OF-3106": 6}
    with pytest.raises(EcartReponse, match="OF-3106 placé en semaine 6, hors de ses marges"):
        verifier_contraintes_lissage(hors_marge, zero, zero, c=c)
    with pytest.raises(EcartReponse, match="il manque les OF OF-3101"):
        verifier_forme_lissage({k: v for k, v in prevues.items() if k != "OF-3101"}, zero, zero, c.d)
    # sans déplacement, tout en heures sup. (3 h) + sous-traitance : valide mais trop cher
    _sans_deplacement_refuse(c)


def test_plusieurs_lissages_acceptes():
    """Deux plans différents du même coût minimal sont tous deux acceptés."""
    c = BASE
    base = {of.numero: of.semaine for of in c.d.ofs}
    autre = {**base, "OF-3106": 3, "OF-3109": 4, "OF-3115": 7, "OF-3118": 8, "OF-3120": 7}
    hs, st_ = ajustement_minimal(charge_par_poste(c.d.ofs, c.d.phases, 8, autre)["MONT"], 37.5, c.d.options)
    verifier_contraintes_lissage(autre, hs, st_, c=c)
    verifier_cout_lissage(autre, hs, st_, c=c)
    assert autre != c.lissage_reference.semaines


def _differe(valeur, reference, tolerance):
    if isinstance(reference, dict):
        return any(_differe(valeur[k], reference[k], tolerance) for k in reference)
    if isinstance(reference, list):
        return any(_differe(a, b, tolerance) for a, b in zip(valeur, reference))
    return abs(valeur - reference) > tolerance + 1e-9


def _erreurs_types_distinctes(c):
    # tolérances de la correction (cellules de test du cahier)
    for reference, erreurs, tolerance in (
        (c.charge_of_exemple, c.erreurs_charge_of(), 0.01),
        (c.capacites, c.erreurs_capacites(), 0.01),
        (c.charges, c.erreurs_charges(), 0.01),
        (c.taux_lisse, c.erreurs_taux(), 0.1),
        (c.cout_sans_deplacement, c.erreurs_cout_sans_deplacement(), 0.5),
    ):
        assert erreurs and all(_differe(v, reference, tolerance) for v in erreurs.values())
    # la piste « préparation oubliée » diffère au montage, où l'apprenant la verra
    (sans_prep,) = c.erreurs_charges().values()
    assert _differe(sans_prep["MONT"], c.charges["MONT"], 0.01)


def test_erreurs_types_distinctes_de_la_reference():
    _erreurs_types_distinctes(BASE)


# --- Variantes par apprenant ------------------------------------------------------------------


@pytest.mark.parametrize("ident", APPRENANTS)
def test_variante_soluble_et_pistes_distinctes(ident):
    c = cas(ident)
    assert all(conditions(c).values())
    _erreurs_types_distinctes(c)
    _verifier_plan_de_reference(c)
    _sans_deplacement_refuse(c)


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(cas, lambda c: c.d)
    references = {
        "charge d'un OF": lambda c: tuple(c.charge_of_exemple.values()),
        "capacités": lambda c: tuple(c.capacites.values()),
        "charges": lambda c: tuple(tuple(v) for v in c.charges.values()),
        "taux du montage": lambda c: tuple(c.taux_lisse),
        "coût sans déplacement": lambda c: c.cout_sans_deplacement,
        "meilleur lissage": lambda c: c.lissage_reference.cout,
    }
    verifier_paires_differentes(cas, references, part=0.8, paires=list(zip(APPRENANTS[::2], APPRENANTS[1::2])))


def test_tracer_charge():
    ax = tracer_charge([20, 41.5, 10], 37.5, titre="MONT")
    barres = ax.containers[0]
    assert [b.get_height() for b in barres] == [20, 41.5, 10]
    assert barres[1].get_facecolor() != barres[0].get_facecolor()  # la surcharge est en rouge
    assert ax.get_title() == "MONT"
    legende = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Capacité" in legende and "Surcharge" in legende
    ax = tracer_charge([10, 10], [37.5, 40.5])  # capacité variable (heures sup.)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["S1", "S2"]
    plt.close("all")
