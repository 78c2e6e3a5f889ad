"""Tests du Pareto (gpedu.calculs.pareto) : exemples publiés, propriétés, nettoyage, erreurs types, graphique."""

import matplotlib

matplotlib.use("Agg")

import difflib  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs import pareto  # noqa: E402
from gpedu.calculs.pareto import DonneesIncoherentes  # noqa: E402
from gpedu.exercices import pareto as exercice  # noqa: E402
from gpedu.exercices.pareto import construire  # noqa: E402
from gpedu.graphiques.pareto import tracer_pareto  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_variete, verifier_voisins_differents  # noqa: E402

REGLAGES = settings(max_examples=200, deadline=None)


# --- Exemples publiés -------------------------------------------------------------------------


# Source des données : R. Salazar, « Python for Industrial Engineering », Six Sigma/Pareto Chart/Pareto Chart.py
# (github.com/rsalaza4/Python-for-Industrial-Engineering) : 12 types d'erreurs de médication, 430 erreurs.
# Pourcentages cumulés recalculés à la main : 92/430 = 21,4 % ; 175/430 = 40,7 % ; 251/430 = 58,4 % ;
# 310/430 = 72,1 % ; 363/430 = 84,4 % -> les 5 premières causes forment la classe des 80 %.
def test_publie_erreurs_de_medication():
    erreurs = {
        "Dose missed": 92,
        "Wrong time": 83,
        "Wrong drug": 76,
        "Over dose": 59,
        "Wrong patient": 53,
        "Wrong route": 27,
        "Wrong calculation": 16,
        "Duplicated drugs": 9,
        "Under dose": 7,
        "Wrong IV rate": 4,
        "Technique error": 3,
        "Unauthorized drug": 1,
    }
    assert pareto.pourcentages_cumules(erreurs)[:5] == [21.4, 40.7, 58.4, 72.1, 84.4]
    assert pareto.classe_a(erreurs) == ["Dose missed", "Wrong time", "Wrong drug", "Over dose", "Wrong patient"]


# Source : qse-france.com, « Diagramme de Pareto » (méthodologie : part en % de chaque donnée, classement
# décroissant, valeurs cumulées) et commentprogresser.com, « Le Pareto » (classes ABC 80 / 15 / 5 %).
# Exemple résolu du cahier (défauts de peinture, 100 défauts) : cumuls 45, 70, 85 -> classe A de 3 causes.
def test_exemple_resolu_du_cahier():
    defauts = {"Coulures": 45, "Grains": 25, "Manque de poudre": 15, "Rayures": 8, "Bulles": 4, "Décollement": 3}
    assert pareto.pourcentages_cumules(defauts) == [45.0, 70.0, 85.0, 93.0, 97.0, 100.0]
    assert pareto.classe_a(defauts) == ["Coulures", "Grains", "Manque de poudre"]
    assert pareto.classes_abc(defauts) == {
        "Coulures": "A",
        "Grains": "A",
        "Manque de poudre": "A",
        "Rayures": "B",
        "Bulles": "B",
        "Décollement": "C",
    }


def test_seuil_atteint_exactement_et_egalites():
    assert pareto.classe_a({"A": 40, "B": 40, "C": 20}) == ["A", "B"]  # 80 % atteint : B est dans la classe A
    assert [c for c, _ in pareto.trier({"Z": 5, "B": 5, "M": 9})] == ["M", "B", "Z"]


def test_normaliser_libelle():
    assert pareto.normaliser_libelle("  BUSE   ENCRASSÉE ") == "Buse encrassée"
    assert pareto.normaliser_libelle("chgt de série ") == "Chgt de série"


def test_nettoyer_journal():
    brut = pd.DataFrame(
        {
            "numero": ["1", "1", "2", "3", "4"],
            "cause": ["panne", "panne", " PANNE ", "Manque tole", "Réglage"],
            "duree_min": [10, 10, None, -5, 8],
        }
    )
    propre = pareto.nettoyer_journal(
        brut, {"Manque tole": "Manque de tôles"}, categories=["Panne", "Manque de tôles", "Réglage"]
    )
    assert list(propre.numero) == ["1", "2", "3", "4"]
    assert pareto.nombre_par_categorie(propre) == {"Manque de tôles": 1, "Panne": 2, "Réglage": 1}
    assert pareto.somme_par_categorie(propre, "duree_min") == {"Manque de tôles": 0.0, "Panne": 10.0, "Réglage": 8.0}
    with pytest.raises(DonneesIncoherentes, match="Manque tole"):
        pareto.nettoyer_journal(brut, categories=["Panne", "Réglage"])


def test_valeurs_incoherentes():
    with pytest.raises(DonneesIncoherentes):
        pareto.trier({"A": -1, "B": 3})
    with pytest.raises(DonneesIncoherentes):
        pareto.trier({"A": 0})
    with pytest.raises(DonneesIncoherentes):
        pareto.classe_a({"A": 1}, seuil=0)


# --- Propriétés --------------------------------------------------------------------------------

valeurs_pareto = st.dictionaries(
    st.text("ABCDEFGHIJ", min_size=1, max_size=3), st.integers(0, 500), min_size=1, max_size=12
).filter(lambda d: sum(d.values()) > 0)


@REGLAGES
@given(valeurs_pareto)
def test_cumul_croissant_et_final_100(valeurs):
    cumuls = pareto.cumuls(valeurs)
    assert cumuls[-1] == 100.0
    assert all(a <= b + 1e-9 for a, b in zip(cumuls, cumuls[1:]))
    triees = [v for _, v in pareto.trier(valeurs)]
    assert triees == sorted(triees, reverse=True)


@REGLAGES
@given(valeurs_pareto, st.integers(1, 100))
def test_classe_a_non_vide_et_minimale(valeurs, seuil):
    a = pareto.classe_a(valeurs, seuil)
    total = sum(valeurs.values())
    assert a  # jamais vide
    assert a == [c for c, _ in pareto.trier(valeurs)][: len(a)]  # un début de la liste triée
    assert 100 * sum(valeurs[c] for c in a) / total >= seuil - 1e-9  # elle atteint le seuil…
    assert 100 * sum(valeurs[c] for c in a[:-1]) / total < seuil  # … et une cause de moins ne suffit pas


@REGLAGES
@given(valeurs_pareto)
def test_classes_abc_emboitees(valeurs):
    classes = pareto.classes_abc(valeurs)
    ordre = [classes[c] for c, _ in pareto.trier(valeurs)]
    assert ordre == sorted(ordre)  # A… puis B… puis C…
    assert ordre[0] == "A"


# --- Cas du cahier ----------------------------------------------------------------------------------


def _distinctes(juste, erreurs):
    assert erreurs
    for piste, valeur in erreurs.items():
        assert valeur != juste, piste


def test_erreurs_types_distinctes():
    c = construire()
    _distinctes(c.nb_doublons(), c.erreurs_nb_doublons())
    _distinctes(c.nb_durees_invalides(), c.erreurs_nb_durees_invalides())
    _distinctes(c.nombre_par_cause(), c.erreurs_nombre_par_cause())
    _distinctes(c.duree_par_cause(), c.erreurs_duree_par_cause())
    _distinctes(c.causes_triees(), c.erreurs_causes_triees())
    _distinctes(c.cumules_duree(), c.erreurs_cumules())
    _distinctes(c.cout_par_cause(), c.erreurs_cout_par_cause())
    for critere in ("nombre", "duree", "cout"):
        for piste, valeur in c.erreurs_classe_a(critere).items():
            assert set(valeur) != set(c.classe_a(critere)), piste


def test_cas_le_classement_change_avec_le_critere():
    c = construire()
    assert c.nb_doublons() == 3 and c.nb_durees_invalides() == 3
    premiers = {critere: pareto.trier(c.valeurs(critere))[0][0] for critere in ("nombre", "duree", "cout")}
    assert premiers == {"nombre": "Buse encrassée", "duree": "Panne robot", "cout": "Cordon non conforme"}
    assert sum(c.nombre_par_cause().values()) == len(c.journal) - c.nb_doublons()
    # une égalité de durée (Buse encrassée / Réglage torche) exerce la règle alphabétique
    assert c.duree_par_cause()["Buse encrassée"] == c.duree_par_cause()["Réglage torche"]


# --- Variantes par apprenant ----------------------------------------------------------------------


def test_abreviations_retrouvees_par_la_solution():
    officielles = list(construire().causes.cause)
    assert sorted(exercice.ABREVIATIONS) == sorted(officielles)
    for cause, abreges in exercice.ABREVIATIONS.items():
        for abrege in abreges:
            assert pareto.normaliser_libelle(abrege) == abrege and abrege not in officielles
            assert difflib.get_close_matches(abrege, officielles, n=1, cutoff=0) == [cause], abrege
            assert abrege != "Panne du robot"  # l'exemple de l'énoncé


def test_cas_de_base_accepte():
    assert exercice.controler(construire()) is not None


@pytest.mark.parametrize("apprenant", APPRENANTS)
def test_variante_soluble_et_non_ambigue(apprenant):
    c = exercice.cas(apprenant)
    exercice.controler(c)  # toutes les conditions de rejet (lève VarianteRejetee sinon)
    assert set(c.nombre_par_cause()) == set(c.causes.cause)
    assert c.nb_doublons() >= 2 and c.nb_durees_invalides() >= 2
    for critere in exercice.NOMS_CRITERES:
        valeurs = c.valeurs(critere)
        assert all(abs(x - 80) >= exercice.MARGE_SEUIL for x in pareto.cumuls(valeurs))
        assert exercice.seuil_net(valeurs)
    _distinctes(c.nb_doublons(), c.erreurs_nb_doublons())
    _distinctes(c.nb_durees_invalides(), c.erreurs_nb_durees_invalides())
    _distinctes(c.duree_par_cause(), c.erreurs_duree_par_cause())
    _distinctes(c.causes_triees(), c.erreurs_causes_triees())
    _distinctes(c.cumules_duree(), c.erreurs_cumules())
    _distinctes(c.cout_par_cause(), c.erreurs_cout_par_cause())
    # le nettoyage avec les correspondances attendues ne laisse aucun libellé hors liste
    assert set(c.propre().cause) == set(c.causes.cause)
    assert exercice.cas(apprenant) is c  # même identifiant, même cas


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(exercice.cas, lambda c: c.journal)
    questions = {
        "durées": lambda c: c.duree_par_cause(),
        "nombres": lambda c: c.nombre_par_cause(),
        "cumuls": lambda c: c.cumules_duree(),
        "coûts": lambda c: c.cout_par_cause(),
        "correspondances": lambda c: c.correspondances(),
    }
    verifier_variete(exercice.cas, questions)
    verifier_voisins_differents(exercice.cas, lambda c: [c.journal], 1)  # deux voisins, deux journaux


# --- Graphique -------------------------------------------------------------------------------------------


def test_tracer_pareto():
    ax = tracer_pareto({"B": 20, "A": 50, "C": 30}, seuil=80, unite="Nombre")
    assert [b.get_height() for b in ax.patches[:3]] == [50, 30, 20]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "C", "B"]
    cumul = ax.cumul.lines[0]
    assert list(cumul.get_ydata()) == [50.0, 80.0, 100.0]
    assert list(ax.cumul.lines[1].get_ydata()) == [80, 80]
    couleurs = [b.get_facecolor() for b in ax.patches[:3]]
    assert couleurs[0] == couleurs[1] != couleurs[2]  # classe A (A, C) en foncé
    plt.close("all")
