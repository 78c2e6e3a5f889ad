"""Temps opératoires (gpedu.calculs.temps, gpedu.exercices.temps, gpedu.graphiques.temps).

Exemples publiés :
- Heizer & Render, *Operations Management*, chapitre « Work Measurement », exemple du temps normal :
  temps observé moyen 4,0 min, allure (performance rating) 85 % -> temps normal 3,4 min ; avec 13 % de
  majoration, le manuel divise par (1 - 0,13) et trouve 3,9 min ; la convention de gpedu (× (1 + K)) donne 3,842.
- Majoration × (1 + K) : temps normal 37,5 s, majoration 20 % -> 45 s (https://studyx.ai/homework/100510392).
- Nombre d'observations : énoncé publié (Stevenson, *Operations Management*, problème du supplément
  « Work measurement » ; https://askanewquestion.com/questions/640656) : élément 1, s = 0,20 min,
  moyenne 1,10 min, ± 5 %, 99 % (z = 2,58) ; le corrigé accepte ± 1 (88 ou 89 selon z = 2,575 ou 2,58).
- TMU : 1 TMU = 0,00001 h = 0,0006 min = 0,036 s ; 1 h = 100 000 TMU (MTM Association e.V., carte de données
  MTM-1 2019 ; https://www.citeman.com/165-motion-time-systems.html).
"""

import math
import statistics

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu import entreprise  # noqa: E402
from gpedu.calculs import temps  # noqa: E402
from gpedu.exercices import temps as exercice  # noqa: E402
from gpedu.exercices.temps import construire as cas  # noqa: E402  (le cas de base publié)
from gpedu.graphiques.temps import tracer_chronometrage, tracer_temps_standard  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_variete  # noqa: E402

REGLAGES = settings(max_examples=100, deadline=None)


def test_heizer_temps_normal():
    tn = temps.temps_normal(4.0, 85)
    assert tn == pytest.approx(3.4)
    assert tn / (1 - 0.13) == pytest.approx(3.9, abs=0.01)  # convention du manuel
    assert temps.temps_standard(tn, 0.13) == pytest.approx(3.842)  # convention de gpedu


def test_majoration_publiee():
    assert temps.temps_standard(37.5, 0.20) == pytest.approx(45.0)


def test_nombre_observations_publie():
    # on reconstruit un échantillon de moyenne 1,10 et d'écart type 0,20 (diviseur n - 1)
    echantillon = [1.10 - 0.20, 1.10, 1.10 + 0.20]
    assert statistics.fmean(echantillon) == pytest.approx(1.10)
    assert statistics.stdev(echantillon) == pytest.approx(0.20)
    assert temps.nombre_cycles(echantillon, 2.58, 0.05) in (88, 89)
    assert temps.nombre_cycles(echantillon, 2.575, 0.05) in (88, 89)


def test_conversions_tmu_officielles():
    assert temps.tmu_en_heures(1) == pytest.approx(0.00001)
    assert temps.tmu_en_minutes(1) == pytest.approx(0.0006)
    assert temps.tmu_en_secondes(1) == pytest.approx(0.036)
    assert temps.heures_en_tmu(1) == pytest.approx(100_000)
    assert temps.minutes_en_tmu(1) == pytest.approx(1666.67, abs=0.01)
    assert temps.secondes_en_tmu(1) == pytest.approx(27.8, abs=0.05)


def test_erreurs_de_donnees():
    with pytest.raises(temps.DonneesIncoherentes, match="allure"):
        temps.temps_normal(10, 0)
    with pytest.raises(temps.DonneesIncoherentes, match="négatif"):
        temps.temps_standard(10, -0.1)
    with pytest.raises(temps.DonneesIncoherentes, match="autant"):
        temps.temps_normaux([1, 2], [100])
    with pytest.raises(temps.DonneesIncoherentes, match="temps_mtm.csv"):
        temps.total_tmu(["P9Z"], {"G1A": 2.0})


def test_regle_aberrants():
    # médiane 10 : 12 est à 20 % pile (retenu), 12,1 est au-delà (aberrant)
    assert temps.aberrants([10, 10, 12, 8, 12.1, 10]) == [False, False, False, False, True, False]
    # exemple résolu du cahier
    assert temps.temps_normal_element([10.0, 12.0, 9.0, 16.5, 10.5], [100, 85, 110, 100, 95]) == pytest.approx(10.01875)


@REGLAGES
@given(st.floats(min_value=0, max_value=1e5), st.floats(min_value=0, max_value=1))
def test_propriete_standard_au_moins_normal(tn, k):
    assert temps.temps_standard(tn, k) >= tn


@REGLAGES
@given(st.floats(min_value=0, max_value=1e7))
def test_propriete_aller_retour_tmu(tmu):
    assert temps.secondes_en_tmu(temps.tmu_en_secondes(tmu)) == pytest.approx(tmu)
    assert temps.heures_en_tmu(temps.tmu_en_heures(tmu)) == pytest.approx(tmu)
    assert temps.minutes_en_tmu(temps.tmu_en_minutes(tmu)) == pytest.approx(tmu)


@REGLAGES
@given(st.lists(st.floats(min_value=1, max_value=500), min_size=2, max_size=30), st.floats(0.01, 0.2))
def test_propriete_nombre_cycles(valeurs, e):
    n = temps.nombre_cycles(valeurs, 1.96, e)
    brut = (1.96 * statistics.stdev(valeurs) / (e * statistics.fmean(valeurs))) ** 2
    assert n >= brut - 1e-6 and n - brut < 1 + 1e-6
    # plus de confiance -> au moins autant de cycles
    assert temps.nombre_cycles(valeurs, 2.58, e) >= n


# --- cas du cahier ------------------------------------------------------------------------------


def test_donnees_temps_coherentes():
    releve = entreprise.charger("temps_chronometrage")
    assert set(releve.article) <= set(entreprise.articles().index)
    assert set(releve.poste) <= set(entreprise.charger("postes_de_charge").code)
    mtm = entreprise.charger("temps_mtm")
    assert mtm.source.str.contains("http").all()
    assert set(entreprise.charger("temps_sequence_roue").code) <= set(mtm.code)


def test_reference_du_cas():
    c = cas()
    assert c.aberrants() == {"E1": [], "E2": [6], "E3": [4], "E4": []}
    assert c.majoration() == pytest.approx(0.17)
    assert c.temps_standard_s() == pytest.approx(round(c.temps_normal_total() * 1.17, 1))
    assert c.production_equipe() == math.floor(27000 / c.temps_standard_s())
    assert c.tmu_roue() == pytest.approx(98.3)
    assert c.secondes_roue() == pytest.approx(3.54)


def test_erreurs_types_distinctes_de_la_reference():
    c = cas()
    assert all(v != c.temps_normaux("E3") for v in c.erreurs_temps_normaux("E3").values())
    assert all(v != c.aberrants() for v in c.erreurs_aberrants().values())
    assert all(v != c.temps_normal() for v in c.erreurs_temps_normal().values())
    assert all(abs(v - c.temps_standard_s()) > 0.5 for v in c.erreurs_temps_standard().values())
    assert c.erreurs_production() and all(abs(v - c.production_equipe()) > 1 for v in c.erreurs_production().values())
    assert all(v != c.n_cycles() for v in c.erreurs_n_cycles().values())
    assert all(abs(v - c.secondes_roue()) > 0.01 for v in c.erreurs_secondes_roue().values())


# --- variantes par apprenant ---------------------------------------------------------------------


def test_cas_de_base_accepte():
    assert exercice.controler(cas()) is not None


@pytest.mark.parametrize("apprenant", APPRENANTS)
def test_variante_soluble_et_non_ambigue(apprenant):
    c = exercice.cas(apprenant)
    exercice.controler(c)  # toutes les conditions de rejet
    assert exercice.cas(apprenant) is c
    assert c.elements() == ["E1", "E2", "E3", "E4"] and len(c.observes("E3")) == 8
    assert 0.1 <= c.majoration() <= 0.25
    assert any(c.aberrants().values())
    assert all(len(c.observes_retenus(e)) >= 5 for e in c.elements())
    assert all(v != c.temps_normaux("E3") for v in c.erreurs_temps_normaux("E3").values())
    assert all(v != c.aberrants() for v in c.erreurs_aberrants().values())
    assert all(v != c.temps_normal() for v in c.erreurs_temps_normal().values())
    assert all(abs(v - c.temps_standard_s()) > 0.5 for v in c.erreurs_temps_standard().values())
    assert any(abs(v - c.production_equipe()) > 1 for v in c.erreurs_production().values())
    assert all(v != c.n_cycles() for v in c.erreurs_n_cycles().values())


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(exercice.cas, lambda c: c.releve)
    questions = {
        "temps normaux E3": lambda c: c.temps_normaux("E3"),
        "temps normal": lambda c: c.temps_normal(),
        "temps standard": lambda c: c.temps_standard_s(),
        "n cycles": lambda c: c.n_cycles(),
    }
    verifier_variete(exercice.cas, questions)
    verifier_variete(exercice.cas, {"aberrants": lambda c: c.aberrants()}, part=0.25)
    verifier_variete(exercice.cas, {"production de l'équipe": lambda c: c.production_equipe()}, part=0.2)


def test_graphiques_temps():
    ax = tracer_chronometrage([10.0, 12.0, 9.0, 16.5, 10.5], [100, 85, 110, 100, 95])
    normaux = ax.lines[1]
    assert list(normaux.get_ydata()) == pytest.approx([10.0, 10.2, 9.9, 16.5, 9.975])
    (aberrant,) = ax.collections[0].get_offsets().tolist()
    assert aberrant == [4, 16.5]
    plt.close("all")
    ax = tracer_temps_standard({"E1": 10.0, "E2": 20.0}, 0.1)
    assert [b.get_width() for b in ax.patches] == pytest.approx([10.0, 20.0, 3.0])
    assert ax.get_title().endswith("33.0 s")
    plt.close("all")
