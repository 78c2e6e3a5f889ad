"""Tests du jalonnement (gpedu.calculs.jalonnement) et du diagramme de Gantt (gpedu.graphiques.gantt)."""

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from gpedu.graphiques.gantt import gantt_interactif, tracer_gantt  # noqa: E402

# --- Gantt ------------------------------------------------------------------------------------


def test_gantt_en_heures():
    ax = tracer_gantt([("SCIE", "OF1", 0, 4), ("CINT", "OF1", 4, 10), ("SCIE", "OF2", 4, 7)], jalons={"Besoin": 12})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["SCIE", "CINT"]
    barres = [c.get_paths()[0].get_extents() for c in ax.collections]
    assert [(round(b.x0, 6), round(b.x1, 6)) for b in barres] == [(0, 4), (4, 10), (4, 7)]
    assert ax.lines[0].get_xdata()[0] == 12
    assert "h" in ax.get_xlabel()
    plt.close("all")


def test_gantt_en_dates_fin_de_journee_et_tableau():
    taches = pd.DataFrame(
        {"ressource": ["OF1"], "libelle": ["10"], "debut": [dt.date(2027, 5, 3)], "fin": [dt.date(2027, 5, 4)]}
    )
    ax = tracer_gantt(taches, jours_non_ouvres=[dt.date(2027, 5, 8)])
    barre = ax.collections[0].get_paths()[0].get_extents()
    assert round(barre.x1 - barre.x0, 6) == 2  # du 3 au 4 mai inclus : deux journées
    plt.close("all")


def test_gantt_interactif():
    figure = gantt_interactif([("SCIE", "OF1", 0, 4), ("CINT", "OF1", 4, 10)])
    assert [list(b.base) for b in figure.data] == [[0.0], [4.0]]
    assert [list(b.x) for b in figure.data] == [[4.0], [6.0]]


# --- Jalonnement -------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs.calendrier import CalendrierUsine, calendrier_vallet  # noqa: E402
from gpedu.calculs.jalonnement import (  # noqa: E402
    JalonnementImpossible,
    Operation,
    delai_of,
    duree_jours,
    jalonner_au_plus_tard,
    jalonner_au_plus_tot,
    jalonner_of,
)
from gpedu.correction import EcartReponse  # noqa: E402
from gpedu.exercices.jalonnement import cas, verifier_dates, verifier_jalonnement  # noqa: E402
from gpedu.graphiques.jalonnement import jalonnement_interactif, tracer_jalonnement, tracer_plusieurs_of  # noqa: E402

REGLAGES = settings(max_examples=120, deadline=None)
D = dt.date
TOUS_LES_JOURS = CalendrierUsine(jours_travailles=(0, 1, 2, 3, 4, 5, 6), avec_feries=False)


def op(phase, heures, hpj=8.0, attente=0, transfert=0):
    return Operation(phase, f"P{phase}", 0.0, heures, hpj, attente_jours=attente, transfert_jours=transfert)


# Règles publiées : « Ordonnancement : les règles de jalonnement », Logistique conseil,
# http://www.logistiqueconseil.org/Articles/Gestion-production/Regles-jalonnement.htm (au plus tôt : on part de
# la date de lancement et la marge est à la fin ; au plus tard : on part de la date de besoin et la marge est au
# début) ; délai de fabrication = Σ (attente + préparation + exécution + transfert) (APICS Dictionary,
# « manufacturing lead time »). Exemple calculé à la main avec ces règles, calendrier continu :
# 3 opérations de 2, 3 et 1 jours (lot de 1, 8 h par jour), 1 jour d'attente devant chaque poste aval,
# lancement le 1er mars 2027, besoin le 12 mars 2027.
def test_exemple_manuel_calendrier_continu():
    ops = [op(10, 16), op(20, 24, attente=1), op(30, 8, attente=1)]
    assert delai_of(ops, 1) == 2 + 1 + 3 + 1 + 1
    tot = jalonner_au_plus_tot(ops, 1, D(2027, 3, 1), TOUS_LES_JOURS)
    assert tot.planning() == {
        10: (D(2027, 3, 1), D(2027, 3, 2)), 20: (D(2027, 3, 4), D(2027, 3, 6)), 30: (D(2027, 3, 8), D(2027, 3, 8)),
    }  # fmt: skip
    tard = jalonner_au_plus_tard(ops, 1, D(2027, 3, 12), TOUS_LES_JOURS)
    assert tard.planning() == {
        10: (D(2027, 3, 5), D(2027, 3, 6)), 20: (D(2027, 3, 8), D(2027, 3, 10)), 30: (D(2027, 3, 12), D(2027, 3, 12)),
    }  # fmt: skip
    r = jalonner_of(ops, 1, D(2027, 3, 1), D(2027, 3, 12), TOUS_LES_JOURS)
    assert r.marge == 4 and r.retard == 0 and r.alertes == []


def test_vallet_of_2701_avec_ascension_pont_et_pentecote():
    r = cas().resultat()
    assert r.plus_tot.planning() == {
        10: (D(2027, 5, 3), D(2027, 5, 3)), 20: (D(2027, 5, 5), D(2027, 5, 10)),
        30: (D(2027, 5, 13), D(2027, 5, 14)), 40: (D(2027, 5, 20), D(2027, 5, 20)),
    }  # fmt: skip
    assert r.debut_au_plus_tard == D(2027, 5, 4)
    assert r.marge == 1


def test_retard_et_alerte():
    r = cas().resultat("OF-2704")
    assert r.marge == -1 and r.retard == 1
    assert "retard de 1 jour(s) ouvré(s)" in r.alertes[0]
    assert r.debut_au_plus_tard < r.date_lancement


def test_arrondi_au_jour_superieur_et_erreurs():
    assert duree_jours(15, 7.5) == 2  # pas 3 à cause des flottants
    assert duree_jours(15.15, 15) == 2
    assert duree_jours(0.1, 15) == 1
    with pytest.raises(JalonnementImpossible, match="temps unitaire > 0"):
        Operation(10, "SCIE", 0.5, 0, 7.5)
    with pytest.raises(JalonnementImpossible, match="aucune opération"):
        jalonner_au_plus_tot([], 10, D(2027, 5, 3), TOUS_LES_JOURS)


@REGLAGES
@given(
    st.lists(
        st.tuples(st.floats(0.5, 40), st.sampled_from([7.5, 15.0, 22.5]), st.integers(0, 3), st.integers(0, 2)),
        min_size=1,
        max_size=5,
    ),
    st.dates(min_value=D(2026, 1, 1), max_value=D(2028, 12, 31)),
    st.integers(min_value=-5, max_value=40),
)
def test_proprietes_jalonnement(specs, lancement, ecart):
    usine = calendrier_vallet()
    ops = [op(10 * (i + 1), h, hpj, attente, transfert) for i, (h, hpj, attente, transfert) in enumerate(specs)]
    besoin = usine.ajouter_jours_ouvres(usine.jour_ouvre_suivant(lancement), delai_of(ops, 1) - 1 + ecart)
    r = jalonner_of(ops, 1, lancement, besoin, usine)
    # la marge vaut l'écart choisi ; atteignable (marge >= 0) <=> début au plus tard >= début au plus tôt
    assert r.marge == ecart
    assert (r.plus_tard.debut >= r.plus_tot.debut) == (ecart >= 0)
    assert usine.ecart_jours_ouvres(r.plus_tot.debut, r.plus_tard.debut) == r.marge
    for jalon in (r.plus_tot, r.plus_tard):
        # la durée totale en jours ouvrés est le délai de l'OF ; toutes les dates sont ouvrées et dans l'ordre
        assert usine.nombre_jours_ouvres(jalon.debut, jalon.fin) == delai_of(ops, 1)
        for a, b in zip(jalon.operations, jalon.operations[1:]):
            assert a.debut <= a.fin < b.debut
        assert all(usine.est_ouvre(o.debut) and usine.est_ouvre(o.fin) for o in jalon.operations)


# --- Cas du cahier : erreurs types et vérifications ---------------------------------------------


def test_erreurs_types_distinctes_de_la_reference():
    c = cas()
    for juste, erreurs in [
        (c.durees(), c.erreurs_durees()),
        (c.plus_tot(), c.erreurs_plus_tot()),
        (c.plus_tard(), c.erreurs_plus_tard()),
        (c.marge(), c.erreurs_marge()),
        (c.marges(), c.erreurs_marges()),
        (c.debuts_au_plus_tard(), c.erreurs_debuts_au_plus_tard()),
    ]:
        assert erreurs
        for message, faux in erreurs.items():
            assert faux != juste, message


def test_verifier_jalonnement_accepte_dates_et_textes():
    c = cas()
    reponse = c.resultat().plus_tot.planning()
    verifier_jalonnement(reponse, c.plus_tot(), nom="au plus tôt")
    verifier_jalonnement({p: (f"{d:%d/%m/%Y}", str(f)) for p, (d, f) in reponse.items()}, c.plus_tot(), nom="x")
    faux = c.resultat(calendrier=CalendrierUsine(avec_feries=False)).plus_tot.planning()
    with pytest.raises(EcartReponse, match="Piste : jours fériés"):
        verifier_jalonnement(faux, c.plus_tot(), nom="au plus tôt", erreurs_types=c.erreurs_plus_tot())
    verifier_dates({of: D.fromisoformat("2027-05-04") for of in ["OF-2701"]}, {"OF-2701": "04/05/2027"}, nom="début")


def test_graphiques_jalonnement():
    c = cas()
    ax = tracer_jalonnement(c.resultat(), c.calendrier)
    assert len(ax.collections) == 8  # 4 opérations x (tôt, tard)
    assert "marge 1" in ax.get_title()
    ax = tracer_plusieurs_of([c.resultat(of) for of in c.liste_of()], c.calendrier)
    assert [t.get_text() for t in ax.get_yticklabels()] == c.liste_of()
    assert len(jalonnement_interactif(c.resultat()).data) == 8
    plt.close("all")
