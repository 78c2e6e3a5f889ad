"""Tests du calendrier d'usine (gpedu.calculs.calendrier) : jours fériés publiés, jours ouvrés, capacité."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpedu.calculs.calendrier import (
    CalendrierIncoherent,
    CalendrierUsine,
    calendrier_vallet,
    heures_par_jour,
    jours_feries,
    nombre_equipes,
    texte_date,
)

REGLAGES = settings(max_examples=150, deadline=None)
D = dt.date

# --- Exemples publiés -------------------------------------------------------------------------


# Source : « Jours fériés en Métropole pour l'année 2027 »,
# https://jours-feries-france.fr/france/calendrier-des-jours-feries/metropole/2027
# (liste des 11 jours fériés de l'article L3133-1 du Code du travail).
def test_publie_jours_feries_2027():
    assert list(jours_feries(2027)) == [
        D(2027, 1, 1), D(2027, 3, 29), D(2027, 5, 1), D(2027, 5, 6), D(2027, 5, 8), D(2027, 5, 17),
        D(2027, 7, 14), D(2027, 8, 15), D(2027, 11, 1), D(2027, 11, 11), D(2027, 12, 25),
    ]  # fmt: skip
    assert jours_feries(2027)[D(2027, 5, 6)] == "Ascension"


# Source : « Jours fériés 2026 en France », https://vacances-scolaires.education/jours-feries-2026.php
# et « Calendrier congés fériés » (FO fonctionnaires, publié le 01/01/2026),
# https://www.fo-fonctionnaires.fr/fgf-fo/droits-et-services/calendriers/calendrier-conges-feries.html
# Lundi de Pâques 6 avril, Ascension jeudi 14 mai, lundi de Pentecôte 25 mai 2026.
def test_publie_jours_feries_2026():
    feries = jours_feries(2026)
    assert len(feries) == 11
    assert feries[D(2026, 4, 6)] == "Lundi de Pâques"
    assert feries[D(2026, 5, 14)] == "Ascension"
    assert feries[D(2026, 5, 25)] == "Lundi de Pentecôte"
    assert feries[D(2026, 11, 11)] == "Armistice 1918"


# Même source (article L3133-1) : en 2015, lundi de Pâques 6 avril et Ascension 14 mai
# (https://le-journal-catalan.com/en-2015-les-dates-des-jours-feries-sont-les-suivantes/12375).
def test_publie_jours_feries_2015():
    feries = jours_feries(2015)
    assert feries[D(2015, 4, 6)] == "Lundi de Pâques"
    assert feries[D(2015, 5, 14)] == "Ascension"
    assert feries[D(2015, 5, 25)] == "Lundi de Pentecôte"


# --- Jours ouvrés ---------------------------------------------------------------------------


def test_jours_ouvres_mai_2027():
    usine = CalendrierUsine()
    # mai 2027 : 21 jours du lundi au vendredi, moins l'Ascension (jeudi 6) et la Pentecôte (lundi 17)
    assert usine.nombre_jours_ouvres(D(2027, 5, 1), D(2027, 5, 31)) == 19
    assert usine.motif_fermeture(D(2027, 5, 6)) == "Ascension"
    assert usine.motif_fermeture(D(2027, 5, 9)) == "dimanche"
    assert usine.est_ouvre(D(2027, 5, 7))
    # Vallet Manutention fait le pont de l'Ascension
    vallet = calendrier_vallet()
    assert vallet.motif_fermeture(D(2027, 5, 7)) == "Pont de l'Ascension"
    assert vallet.nombre_jours_ouvres(D(2027, 5, 1), D(2027, 5, 31)) == 18
    assert vallet.ajouter_jours_ouvres(D(2027, 5, 5), 1) == D(2027, 5, 10)


def test_ajouter_retirer_et_cas_limites():
    usine = CalendrierUsine()
    assert usine.ajouter_jours_ouvres(D(2027, 5, 14), 1) == D(2027, 5, 18)  # vendredi -> mardi (Pentecôte)
    assert usine.retirer_jours_ouvres(D(2027, 5, 18), 1) == D(2027, 5, 14)
    assert usine.ajouter_jours_ouvres(D(2027, 5, 8), 0) == D(2027, 5, 10)  # samedi férié -> lundi
    assert usine.ajouter_jours_ouvres(D(2027, 5, 10), 0) == D(2027, 5, 10)
    assert usine.ecart_jours_ouvres(D(2027, 5, 3), D(2027, 5, 10)) == 4  # 4, 5, (6 férié), 7, 10
    assert usine.ecart_jours_ouvres(D(2027, 5, 10), D(2027, 5, 3)) == -4
    assert usine.ajouter_jours_ouvres("03/05/2027", 2) == D(2027, 5, 5)
    solidaire = CalendrierUsine(feries_travailles={D(2027, 5, 17)})
    assert solidaire.est_ouvre(D(2027, 5, 17))
    assert texte_date(D(2027, 5, 12)) == "mercredi 12/05/2027"


def test_regimes_et_capacite():
    assert [nombre_equipes(r) for r in ("1x8", "2×8", "3x8", 2)] == [1, 2, 3, 2]
    assert heures_par_jour("2x8") == 15
    usine = CalendrierUsine()
    # 19 jours ouvrés en mai 2027, 2 machines en 2x8 de 7,5 h : 2 x 15 x 19 = 570 h
    assert usine.capacite(D(2027, 5, 1), D(2027, 5, 31), regime="2x8", machines=2) == 570
    poste = {"nombre_machines": 1, "equipes": 3, "heures_par_equipe": 8}
    assert usine.capacite_poste(poste, D(2027, 5, 3), D(2027, 5, 7)) == 3 * 8 * 4


def test_erreurs_en_francais():
    with pytest.raises(CalendrierIncoherent, match="Régime d'équipes inconnu"):
        nombre_equipes("4x8")
    with pytest.raises(CalendrierIncoherent, match="au moins une machine"):
        CalendrierUsine().capacite(D(2027, 5, 1), D(2027, 5, 31), machines=0)
    with pytest.raises(CalendrierIncoherent, match="Date illisible"):
        CalendrierUsine().est_ouvre("demain")


# --- Propriétés ---------------------------------------------------------------------------------

dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@REGLAGES
@given(dates, st.integers(min_value=-300, max_value=300))
def test_propriete_ajouter_puis_retirer(jour, n):
    usine = calendrier_vallet()
    ouvre = usine.jour_ouvre_suivant(jour)
    arrivee = usine.ajouter_jours_ouvres(ouvre, n)
    assert usine.est_ouvre(arrivee)
    assert usine.retirer_jours_ouvres(arrivee, n) == ouvre
    assert usine.ecart_jours_ouvres(ouvre, arrivee) == n


@REGLAGES
@given(st.integers(min_value=1900, max_value=2100))
def test_propriete_feries(annee):
    feries = jours_feries(annee)
    assert len(feries) == 11 - (D(annee, 5, 1) in feries and "Ascension" in feries[D(annee, 5, 1)]) - (
        "Ascension" in feries.get(D(annee, 5, 8), "")
    )
    mobiles = {nom: d for d, noms in feries.items() for nom in noms.split(" et ")}
    assert mobiles["Lundi de Pâques"].weekday() == 0
    assert mobiles["Ascension"].weekday() == 3
    assert mobiles["Lundi de Pentecôte"].weekday() == 0
    assert mobiles["Lundi de Pentecôte"] - mobiles["Lundi de Pâques"] == dt.timedelta(days=49)


@REGLAGES
@given(dates, st.integers(min_value=0, max_value=120), st.sampled_from(["1x8", "2x8", "3x8"]))
def test_propriete_capacite_additive(debut, longueur, regime):
    usine = CalendrierUsine()
    milieu = debut + dt.timedelta(days=longueur // 2)
    fin = debut + dt.timedelta(days=longueur)
    total = usine.capacite(debut, fin, regime=regime)
    assert total == usine.capacite(debut, milieu, regime=regime) + usine.capacite(
        milieu + dt.timedelta(days=1), fin, regime=regime
    )
    assert total <= heures_par_jour(regime) * (longueur + 1)
