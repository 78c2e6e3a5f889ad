"""Tests du PERT (gpedu.calculs.pert) : exemple publié, propriétés, cas du cahier, variantes, graphiques."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs import pert  # noqa: E402
from gpedu.calculs.pert import Tache  # noqa: E402
from gpedu.correction import EcartReponse, verifier_ensemble  # noqa: E402
from gpedu.exercices.pert import (  # noqa: E402
    cas,
    construire,
    verifier_chemins,
    verifier_forme_chemins,
    verifier_variante,
)
from gpedu.graphiques.pert import tracer_allongement, tracer_gantt_projet, tracer_reseau  # noqa: E402

from .conftest import APPRENANTS, verifier_paires_differentes, verifier_reproductible  # noqa: E402

REGLAGES = settings(max_examples=150, deadline=None)

# Source : exercice PERT corrigé (14 activités A à N, trois estimations en jours),
# https://wizedu.com/questions/717873/time-days-immediate-time-days-immediate-activity
# Publié (arrondi à 2 décimales) : te et sigma de chaque activité ; ES/EF/LS/LF/marge :
# A 0/5,33/0/5,33/0 ; B 0/2,33/8/10,33/8 ; C 5,33/10,33/5,33/10,33/0 ; D 5,33/13,50/7,17/15,33/1,83 ;
# E 10,33/20/10,33/20/0 ; F 13,50/18,17/15,33/20/1,83.
PUBLIE = {
    "A": ((5, 5, 7), ()),
    "B": ((1, 2, 5), ()),
    "C": ((5, 5, 5), ("A",)),
    "D": ((4, 8, 13), ("A",)),
    "E": ((1, 10, 17), ("B", "C")),
    "F": ((1, 5, 7), ("D",)),
    "G": ((2, 6, 9), ("D",)),
    "H": ((4, 4, 6), ("E", "F")),
    "I": ((2, 7, 10), ("G", "H")),
    "J": ((2, 4, 7), ("I",)),
    "K": ((6, 10, 13), ("I",)),
    "L": ((2, 6, 6), ("J",)),
    "M": ((2, 2, 3), ("K",)),
    "N": ((7, 7, 12), ("L", "M")),
}


def test_publie_wizedu_te_sigma_dates_et_marges():
    taches = [Tache(c, pert.duree_estimee(*abm), ant) for c, (abm, ant) in PUBLIE.items()]
    sigmas = {c: pert.ecart_type(abm[0], abm[2]) for c, (abm, _) in PUBLIE.items()}
    assert pert.duree_estimee(4, 8, 13) == pytest.approx(8.17, abs=0.005)
    assert sigmas["D"] == pytest.approx(1.50) and sigmas["E"] == pytest.approx(2.67, abs=0.005)
    r = pert.calculer(taches)
    publie = {
        "A": (0, 5.33, 0, 5.33, 0),
        "B": (0, 2.33, 8, 10.33, 8),
        "C": (5.33, 10.33, 5.33, 10.33, 0),
        "D": (5.33, 13.50, 7.17, 15.33, 1.83),
        "E": (10.33, 20, 10.33, 20, 0),
        "F": (13.50, 18.17, 15.33, 20, 1.83),
    }
    for c, (es, ef, ls, lf, marge) in publie.items():
        calcul = (r.debut_plus_tot[c], r.fin_plus_tot[c], r.debut_plus_tard[c], r.fin_plus_tard[c], r.marge_totale[c])
        assert calcul == pytest.approx((es, ef, ls, lf, marge), abs=0.01)
    assert r.chemins_critiques[0][:3] == ["A", "C", "E"]


def test_deux_chemins_critiques_et_marges():
    # Exemple de cours : A (3) précède B (2) et C (2), qui précèdent D (1) ; E (1) parallèle.
    taches = [Tache("A", 3), Tache("B", 2, ("A",)), Tache("C", 2, ("A",)), Tache("D", 1, ("B", "C")), Tache("E", 1)]
    r = pert.calculer(taches)
    assert r.duree_projet == 6
    assert r.chemins_critiques == [["A", "B", "D"], ["A", "C", "D"]]
    assert r.marge_totale["E"] == 5 and r.marge_libre["E"] == 5
    assert r.taches_critiques == ["A", "B", "C", "D"]


def test_sigma_projet_plus_grande_variance_et_probabilite():
    taches = [Tache("A", 3), Tache("B", 2, ("A",)), Tache("C", 2, ("A",))]
    r = pert.calculer(taches)
    sigmas = {"A": 1.0, "B": 0.5, "C": 2.0}
    assert pert.ecart_type_projet(r, sigmas) == pytest.approx(5**0.5)
    assert pert.probabilite_fin_avant(5, 5, 2) == pytest.approx(0.5)
    assert pert.probabilite_fin_avant(5 + 1.96 * 2, 5, 2) == pytest.approx(0.975, abs=1e-3)
    assert pert.probabilite_fin_avant(4, 5, 0) == 0.0


def test_donnees_incoherentes():
    with pytest.raises(pert.DonneesIncoherentes, match="boucle"):
        pert.calculer([Tache("A", 1, ("B",)), Tache("B", 1, ("A",))])
    with pytest.raises(pert.DonneesIncoherentes, match="antériorité inconnue « Z »"):
        pert.calculer([Tache("A", 1, ("Z",))])
    with pytest.raises(pert.DonneesIncoherentes, match="optimiste"):
        pert.duree_estimee(5, 4, 6)


# --- Propriétés ----------------------------------------------------------------------------


@st.composite
def projets(draw):
    n = draw(st.integers(1, 8))
    taches = []
    for i in range(n):
        anteriorites = draw(st.sets(st.sampled_from([f"T{j}" for j in range(i)]), max_size=3)) if i else set()
        taches.append(Tache(f"T{i}", draw(st.integers(0, 9)), tuple(sorted(anteriorites))))
    return taches


@REGLAGES
@given(projets())
def test_proprietes_des_marges_et_chemins(taches):
    r = pert.calculer(taches)
    assert r.duree_projet == max(r.fin_plus_tot.values())
    for c in r.durees:
        assert r.marge_totale[c] >= r.marge_libre[c] >= 0
        assert r.debut_plus_tard[c] >= r.debut_plus_tot[c]
    assert r.chemins_critiques
    for chemin in r.chemins_critiques:
        assert all(r.marge_totale[c] == 0 for c in chemin)
        assert sum(r.durees[c] for c in chemin) == r.duree_projet
    assert set(r.taches_critiques) >= {c for chemin in r.chemins_critiques for c in chemin}


@REGLAGES
@given(projets(), st.integers(1, 20))
def test_allonger_une_tache_critique_allonge_le_projet(taches, jours):
    r = pert.calculer(taches)
    critique = r.chemins_critiques[0][0]
    assert pert.calculer(pert.allonger(taches, critique, jours)).duree_projet == r.duree_projet + jours
    non_critiques = [c for c in r.durees if r.marge_totale[c] >= jours]
    for c in non_critiques:
        assert pert.calculer(pert.allonger(taches, c, jours)).duree_projet == r.duree_projet


# --- Cas du cahier -------------------------------------------------------------------------


def test_cas_du_cahier():
    c = construire()
    r = c.resultat()
    assert r.duree_projet == 44
    assert r.chemins_critiques == [list("ABCGHKL"), list("ABCGIKL")]
    assert (r.marge_totale["D"], r.marge_libre["D"]) == (11, 0)
    assert c.sigma_projet() == pytest.approx((9 + 2 / 3) ** 0.5)
    assert c.te() == r.durees


def test_erreurs_types_distinctes():
    c = construire()
    r = c.resultat()
    assert all(v != r.debut_plus_tot for v in c.erreurs_plus_tot().values()) and c.erreurs_plus_tot()
    assert all(v != r.debut_plus_tard for v in c.erreurs_plus_tard().values()) and c.erreurs_plus_tard()
    assert all(v != r.duree_projet for v in c.erreurs_duree_projet().values())
    for champ, erreurs in c.erreurs_marges().items():
        assert erreurs and all(v != getattr(r, champ) for v in erreurs.values())
    assert c.erreurs_taches_critiques() and len(c.erreurs_chemins()) == 2 and c.erreurs_te()
    assert len(c.erreurs_sigma_projet()) == 4
    assert all(abs(v - c.probabilite()) > 0.01 for v in c.erreurs_probabilite().values())


def test_verifier_chemins():
    c = construire()
    ref = c.resultat().chemins_critiques
    verifier_chemins(list(reversed(ref)), ref)
    with pytest.raises(EcartReponse, match="Piste : il peut y avoir plusieurs chemins critiques"):
        verifier_chemins(ref[:1], ref, erreurs_types=c.erreurs_chemins())
    with pytest.raises(EcartReponse, match="pas un chemin critique : A → D"):
        verifier_chemins([["A", "D"]], ref)
    with pytest.raises(EcartReponse, match="liste de tâches"):
        verifier_forme_chemins(["ABCGHKL"], nom="chemins_critiques")


def test_graphiques():
    c = construire()
    ax = tracer_reseau(c.taches())
    assert "Durée du projet 44 j" in ax.get_title()
    ax = tracer_gantt_projet(c.resultat())
    assert [t.get_text() for t in ax.get_yticklabels()] == c.codes
    ax = tracer_allongement(c.taches(), "E", 12)
    assert "Durée du projet 45 j" in ax.get_title() and "D → E" in ax.get_title()
    plt.close("all")


# --- Variantes par apprenant ---------------------------------------------------------------


@pytest.fixture(scope="module")
def variantes():
    return {ident: cas(ident) for ident in APPRENANTS}


def test_cas_de_base_est_une_variante_valide():
    verifier_variante(construire())


def test_variantes_solubles_et_erreurs_types_distinctes(variantes):
    for c in variantes.values():
        verifier_variante(c)
        r = c.resultat()
        assert r.chemins_critiques and all(ch[0] == "A" and ch[-1] == "L" for ch in r.chemins_critiques)
        for e in c.parametres.estimations:
            assert 1 <= e.optimiste <= e.probable <= e.pessimiste and float(e.te).is_integer()
        # plusieurs chemins critiques : acceptés dans n'importe quel ordre ; un seul : la piste « à l'envers »
        verifier_chemins(list(reversed(r.chemins_critiques)), r.chemins_critiques)
        verifier_ensemble(list(reversed(r.taches_critiques)), r.taches_critiques, nom="tâches critiques")
        for faux in c.erreurs_chemins().values():
            with pytest.raises(EcartReponse, match="Piste"):
                verifier_chemins(faux, r.chemins_critiques, erreurs_types=c.erreurs_chemins())
        assert all(v != r.debut_plus_tot for v in c.erreurs_plus_tot().values()) and c.erreurs_plus_tot()
        assert all(v != r.debut_plus_tard for v in c.erreurs_plus_tard().values()) and c.erreurs_plus_tard()
        assert all(v != r.duree_projet for v in c.erreurs_duree_projet().values())
        for champ, erreurs in c.erreurs_marges().items():
            assert erreurs and all(v != getattr(r, champ) for v in erreurs.values())
        assert all(set(v) != set(r.taches_critiques) for v in c.erreurs_taches_critiques().values())
        assert c.erreurs_te() and all(v != c.te() for v in c.erreurs_te().values())
        assert all(abs(v - c.sigma_projet()) > 0.01 for v in c.erreurs_sigma_projet().values())
        assert c.erreurs_probabilite()
        assert all(abs(v - c.probabilite()) > 0.01 for v in c.erreurs_probabilite().values())
        assert 0.10 <= c.probabilite() <= 0.95
        assert "C" in r.taches_critiques and 0 < c.retards()["E"] < r.marge_totale["E"]


def test_plusieurs_chemins_critiques_presents_dans_les_variantes(variantes):
    assert any(len(c.resultat().chemins_critiques) > 1 for c in variantes.values())
    assert any(len(c.resultat().chemins_critiques) == 1 for c in variantes.values())


def test_variantes_reproductibles_et_differentes(variantes):
    verifier_reproductible(cas, lambda c: c, ident="apprenant5")
    reponses = {
        "dates": lambda c: (c.resultat().debut_plus_tot, c.resultat().debut_plus_tard, c.resultat().duree_projet),
        "marges": lambda c: (c.resultat().marge_totale, c.resultat().marge_libre),
        "te et probabilité": lambda c: (c.te(), round(c.sigma_projet(), 2), round(c.probabilite(), 2)),
    }
    verifier_paires_differentes(cas, reponses, part=0.95)
    # le réseau est fixe : les chemins critiques ne prennent que quelques formes (question 3)
    formes = {str(c.resultat().chemins_critiques) for c in variantes.values()}
    assert len(formes) >= 2
