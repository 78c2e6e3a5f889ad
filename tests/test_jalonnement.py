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
from gpedu.exercices.jalonnement import (  # noqa: E402
    cas,
    construire,
    controler_cas,
    exemple,
    verifier_dates,
    verifier_jalonnement,
)
from gpedu.graphiques.jalonnement import jalonnement_interactif, tracer_jalonnement, tracer_plusieurs_of  # noqa: E402

from .conftest import APPRENANTS, verifier_reproductible, verifier_variete, verifier_voisins_differents  # noqa: E402

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
    r = construire().resultat()
    assert r.plus_tot.planning() == {
        10: (D(2027, 5, 3), D(2027, 5, 3)), 20: (D(2027, 5, 5), D(2027, 5, 10)),
        30: (D(2027, 5, 13), D(2027, 5, 14)), 40: (D(2027, 5, 20), D(2027, 5, 20)),
    }  # fmt: skip
    assert r.debut_au_plus_tard == D(2027, 5, 4)
    assert r.marge == 1


def test_retard_et_alerte():
    r = construire().resultat("OF-2704")
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
    c = construire()
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
    c = construire()
    reponse = c.resultat().plus_tot.planning()
    verifier_jalonnement(reponse, c.plus_tot(), nom="au plus tôt")
    verifier_jalonnement({p: (f"{d:%d/%m/%Y}", str(f)) for p, (d, f) in reponse.items()}, c.plus_tot(), nom="x")
    faux = c.resultat(calendrier=CalendrierUsine(avec_feries=False)).plus_tot.planning()
    with pytest.raises(EcartReponse, match="Piste : jours fériés"):
        verifier_jalonnement(faux, c.plus_tot(), nom="au plus tôt", erreurs_types=c.erreurs_plus_tot())
    verifier_dates({of: D.fromisoformat("2027-05-04") for of in ["OF-2701"]}, {"OF-2701": "04/05/2027"}, nom="début")


def test_graphiques_jalonnement():
    c = construire()
    ax = tracer_jalonnement(c.resultat(), c.calendrier)
    assert len(ax.collections) == 8  # 4 opérations x (tôt, tard)
    assert "marge 1" in ax.get_title()
    ax = tracer_plusieurs_of([c.resultat(of) for of in c.liste_of()], c.calendrier)
    assert [t.get_text() for t in ax.get_yticklabels()] == c.liste_of()
    plt.close("all")


def test_jalonnement_interactif_plotly_ou_secours(monkeypatch):
    c = construire()
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("GPEDU_STATIQUE", raising=False)
    assert len(jalonnement_interactif(c.resultat(), c.calendrier).data) == 8  # navigateur : figure plotly
    plt.close("all")
    monkeypatch.setenv("GPEDU_STATIQUE", "1")
    assert jalonnement_interactif(c.resultat(), c.calendrier) is None  # sans navigateur : le Gantt matplotlib
    assert plt.get_fignums(), "la figure de secours doit être tracée"
    plt.close("all")


# --- variantes par apprenant ------------------------------------------------------------------

QUESTIONS = {
    "durees": lambda c: c.durees(),
    "plus_tot": lambda c: c.plus_tot(),
    "plus_tard": lambda c: c.plus_tard(),
    "marge": lambda c: c.marge(),
    "marges": lambda c: c.marges(),
    "debuts": lambda c: c.debuts_au_plus_tard(),
}


def _references(c):
    return [repr(question(c)) for question in QUESTIONS.values()]


def test_exemple_resolu_fixe():
    r = exemple()
    assert (r.of, r.quantite, r.date_lancement, r.date_besoin, r.marge) == (
        "OF-2702",
        60,
        D(2027, 5, 3),
        D(2027, 5, 12),
        1,
    )
    assert r.plus_tot.planning()[30] == (D(2027, 5, 11), D(2027, 5, 11))


def test_variantes_solubles_et_erreurs_types_distinctes():
    for ident in APPRENANTS:
        c = cas(ident)
        controler_cas(c)  # ne lève pas
        assert sum(m < 0 for m in c.marges().values()) == 1, ident
        assert c.p.of_etudie != "OF-2702"
        assert (c.ofs.quantite >= 10).all() and (c.ofs.quantite % 10 == 0).all()
        assert (c.ofs.date_lancement < c.ofs.date_besoin).all(), ident
        verifier_jalonnement(c.plus_tot(), c.plus_tot(), nom="au plus tôt")
        for message, faux in c.erreurs_plus_tard().items():
            with pytest.raises(EcartReponse, match="Piste"):
                verifier_jalonnement(faux, c.plus_tard(), nom="au plus tard", erreurs_types=c.erreurs_plus_tard())
            assert message


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(cas, _references)
    from gpedu.exercices.jalonnement import tirer_parametres
    from gpedu.variantes import generateur

    assert tirer_parametres(generateur("x.y", "a")) == tirer_parametres(generateur("x.y", "a"))
    # au moins 4, 15, 15, 5, 30 et 30 réponses distinctes sur 40
    parts = {"durees": 0.1, "plus_tot": 0.375, "plus_tard": 0.375, "marge": 0.125, "marges": 0.75, "debuts": 0.75}
    for nom, part in parts.items():
        verifier_variete(cas, {nom: QUESTIONS[nom]}, part)
    # deux apprenants : des réponses différentes à la plupart des questions (au plus 3 communes)
    paires = [(APPRENANTS[a], APPRENANTS[b]) for a in range(0, 40, 3) for b in range(1, 40, 7) if a != b]
    verifier_voisins_differents(cas, _references, len(QUESTIONS) - 3, paires=paires)


@settings(max_examples=15, deadline=None)
@given(st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}", fullmatch=True))
def test_propriete_variante_de_tout_identifiant(ident):
    c = cas(ident)
    controler_cas(c)
    for of in c.liste_of():
        r = c.resultat(of)
        assert c.calendrier.ecart_jours_ouvres(r.plus_tot.debut, r.plus_tard.debut) == r.marge
