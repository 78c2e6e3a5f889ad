"""Tests des fonctions de vérification appelées par les cellules de test nbgrader."""

import html

import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_output
from nbgrader.utils import determine_grade, get_partial_grade

from gpedu import correction
from gpedu.correction import (
    Bareme,
    EcartReponse,
    Note,
    en_correction,
    extrait,
    extrait_erreurs,
    message_apprenant,
    verifier_dict,
    verifier_ensemble,
    verifier_forme_dict,
    verifier_forme_dict_nombres,
    verifier_forme_dict_textes,
    verifier_forme_liste,
    verifier_forme_nombre,
    verifier_forme_texte,
    verifier_forme_textes,
    verifier_liste,
    verifier_nombre,
    verifier_planning,
    verifier_tableau,
)

TEXTE = " (c'est un texte : écrivez le nombre sans guillemets)"


@pytest.fixture(autouse=True)
def hors_correction(monkeypatch):
    """Par défaut, on est dans le cahier de l'apprenant (pas en autograde)."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def message(fonction, *args, **kwargs) -> str:
    with pytest.raises(EcartReponse) as erreur:
        fonction(*args, **kwargs)
    return str(erreur.value)


# --- verifier_nombre -------------------------------------------------------------------------


def test_ecart_reponse_est_une_assertion():
    assert issubclass(EcartReponse, AssertionError)


def test_nombre_juste_silencieux():
    assert verifier_nombre(40, 40, nom="stock") is None
    verifier_nombre(40.0, 40, nom="stock")
    verifier_nombre(np.int64(40), 40, nom="stock")
    verifier_nombre(np.float64(40.0), 40, nom="stock")
    verifier_nombre(0.1 + 0.2, 0.3, nom="taux")  # bruit flottant toléré


def test_nombre_tolerance():
    verifier_nombre(40.4, 40, nom="stock", tolerance=0.5)
    assert message(verifier_nombre, 40.6, 40, nom="stock", tolerance=0.5) == "Stock : attendu 40, obtenu 40,6."


def test_nombre_faux_avec_unite():
    texte = message(verifier_nombre, 1300, 1250.5, nom="coût total", unite="€")
    assert texte == "Coût total : attendu 1250,5 €, obtenu 1300 €."


def test_nombre_texte_au_lieu_de_nombre():
    assert message(verifier_nombre, "40", 40, nom="stock") == f"Stock : attendu 40, obtenu « 40 »{TEXTE}."


def test_nombre_autre_type():
    assert (
        message(verifier_nombre, None, 40, nom="stock")
        == "Stock : attendu 40, obtenu rien (None) (ce n'est pas un nombre)."
    )
    assert "ce n'est pas un nombre" in message(verifier_nombre, [40], 40, nom="stock")


def test_nombre_tableau_numpy_sans_plantage():
    # avant correction : ValueError « truth value of an array is ambiguous »
    assert "ce n'est pas un nombre" in message(verifier_nombre, np.array([1, 2]), 5, nom="stock")


def test_nombre_piste():
    pistes = {"stock de sécurité oublié": 60, "autre erreur": 99}
    texte = message(verifier_nombre, 60, 40, nom="stock", erreurs_types=pistes)
    assert texte == "Stock : attendu 40, obtenu 60. Piste : stock de sécurité oublié."
    assert "Piste" not in message(verifier_nombre, 61, 40, nom="stock", erreurs_types=pistes)


def test_nombre_piste_avec_tolerance():
    texte = message(verifier_nombre, 60.2, 40, nom="stock", tolerance=0.5, erreurs_types={"oubli": 60})
    assert texte.endswith(" Piste : oubli.")


def test_nombre_pas_de_piste_si_variante_egale_a_la_reference():
    assert "Piste" not in message(verifier_nombre, 50, 40, nom="stock", erreurs_types={"inutile": 40})


def test_nombres_affichage_a_la_francaise():
    assert message(verifier_nombre, 2 / 3, 0.5, nom="taux") == "Taux : attendu 0,5, obtenu 0,6667."
    assert message(verifier_nombre, True, 40, nom="stock").startswith("Stock : attendu 40, obtenu Vrai")


def test_grands_nombres_sans_ecriture_scientifique():
    # avant correction : « attendu 1,235e+04, obtenu 1,235e+04 »
    assert message(verifier_nombre, 12345.67, 12346.9, nom="coût") == "Coût : attendu 12346,9, obtenu 12345,67."


def test_valeurs_proches_affichees_differemment():
    assert message(verifier_nombre, 1234.51, 1234.54, nom="coût") == "Coût : attendu 1234,54, obtenu 1234,51."


def test_float32_non_tronque():
    # avant correction : numpy.float32(2.5) s'affichait « 2 »
    assert message(verifier_nombre, np.float32(2.5), 3, nom="délai") == "Délai : attendu 3, obtenu 2,5."


# --- verifier_liste --------------------------------------------------------------------------


def test_liste_juste_silencieuse():
    verifier_liste([10, 20, 40], [10, 20, 40], nom="stock")
    verifier_liste((10, 20, 40), [10, 20, 40], nom="stock")
    verifier_liste([10.0, 20.0, 40.0], (10, 20, 40), nom="stock")


def test_liste_numpy_et_pandas_acceptes():
    verifier_liste(np.array([10, 20, 40]), [10, 20, 40], nom="stock")
    verifier_liste(np.array([10.0, 20.0, 40.0]), [10, 20, 40], nom="stock")
    verifier_liste([np.int64(10), np.float64(20), np.int32(40)], [10, 20, 40], nom="stock")
    verifier_liste(pd.Series([10, 20, 40], index=["S1", "S2", "S3"]), [10, 20, 40], nom="stock")
    verifier_liste([10, 20, 40], pd.Series([10, 20, 40]), nom="stock")


def test_liste_tolerance():
    verifier_liste([10.04, 19.96], [10, 20], nom="stock", tolerance=0.05)
    with pytest.raises(EcartReponse):
        verifier_liste([10.1, 20], [10, 20], nom="stock", tolerance=0.05)


def test_liste_element_faux_message_exact():
    texte = message(verifier_liste, [10, 20, 60, 40], [10, 20, 40, 40], nom="besoin net", etiquette="Semaine {}")
    assert texte == "Semaine 3, besoin net : attendu 40, obtenu 60."


def test_liste_etiquette_par_defaut_et_debut():
    assert message(verifier_liste, [1, 9], [1, 2], nom="stock") == "Élément 2, stock : attendu 2, obtenu 9."
    texte = message(verifier_liste, [1, 9], [1, 2], nom="stock", etiquette="Période {}", debut=0)
    assert texte == "Période 1, stock : attendu 2, obtenu 9."


def test_liste_serie_pandas_fausse():
    texte = message(verifier_liste, pd.Series([1, 2, 9]), [1, 2, 3], nom="stock", etiquette="Semaine {}")
    assert texte == "Semaine 3, stock : attendu 3, obtenu 9."


def test_liste_au_plus_trois_ecarts():
    texte = message(verifier_liste, [1, 1, 1, 1, 1], [0, 0, 0, 0, 0], nom="stock", etiquette="Semaine {}")
    assert texte == (
        "Semaine 1, stock : attendu 0, obtenu 1 ; Semaine 2, stock : attendu 0, obtenu 1 ; "
        "Semaine 3, stock : attendu 0, obtenu 1 ; … et 2 autres écarts."
    )
    assert message(verifier_liste, [1] * 4, [0] * 4, nom="stock").endswith(" ; … et 1 autre écart.")
    assert "autre" not in message(verifier_liste, [1] * 3, [0] * 3, nom="stock")


def test_liste_mauvaise_longueur():
    texte = message(verifier_liste, [1, 2, 3], [1, 2, 3, 4], nom="besoin net", etiquette="Semaine {}")
    assert texte == "Besoin net : 4 valeurs attendues (une par semaine), 3 obtenues."
    assert "(une par élément), 5 obtenues" in message(verifier_liste, [0] * 5, [0] * 4, nom="stock")


def test_liste_texte_dans_la_liste():
    texte = message(verifier_liste, [10, "20"], [10, 20], nom="stock", etiquette="Semaine {}")
    assert texte == f"Semaine 2, stock : attendu 20, obtenu « 20 »{TEXTE}."


@pytest.mark.parametrize(
    ("obtenu", "affiche"),
    [({"S1": 10}, "{'S1': 10}"), ("10, 20", "« 10, 20 »"), (30, "30"), (None, "rien (None)")],
)
def test_liste_mauvais_type(obtenu, affiche):
    texte = message(verifier_liste, obtenu, [10, 20], nom="stock")
    assert texte == f"Stock : une liste de 2 valeurs est attendue (par exemple [0, 10, 20, …]), obtenu {affiche}."


def test_liste_scalaire_numpy_refuse_proprement():
    # avant correction : TypeError « 'int' object is not iterable »
    texte = message(verifier_liste, np.int64(30), [10, 20], nom="stock")
    assert texte == "Stock : une liste de 2 valeurs est attendue (par exemple [0, 10, 20, …]), obtenu 30."


def test_liste_piste_si_les_valeurs_fausses_suivent_la_variante():
    pistes = {"le stock de sécurité a été oublié": [0, 10, 30, 50]}
    texte = message(verifier_liste, [0, 10, 30, 50], [0, 10, 20, 40], nom="stock", erreurs_types=pistes)
    assert texte.endswith(". Piste : le stock de sécurité a été oublié.")
    # une valeur fausse qui ne suit pas la variante : pas de piste
    texte = message(verifier_liste, [0, 10, 30, 45], [0, 10, 20, 40], nom="stock", erreurs_types=pistes)
    assert "Piste" not in texte


def test_liste_piste_seules_les_valeurs_fausses_comptent():
    # la variante diffère aussi en semaine 4, mais l'apprenant n'a faux qu'en semaine 3
    texte = message(
        verifier_liste, [0, 10, 30, 40], [0, 10, 20, 40], nom="stock", erreurs_types={"oubli": [0, 10, 30, 50]}
    )
    assert texte == "Élément 3, stock : attendu 20, obtenu 30. Piste : oubli."


def test_liste_piste_premiere_variante_qui_explique():
    pistes = {"mauvaise longueur": [1], "décalage d'une semaine": [0, 0, 10, 20], "autre": [0, 0, 10, 20]}
    texte = message(verifier_liste, [0, 0, 10, 20], [0, 10, 20, 20], nom="stock", erreurs_types=pistes)
    assert texte.endswith(" Piste : décalage d'une semaine.")


# --- verifier_dict ---------------------------------------------------------------------------


def test_dict_juste_silencieux():
    verifier_dict({"B": 2.0, "A": np.int64(1)}, {"A": 1, "B": 2}, nom="stock")


def test_dict_valeur_fausse():
    assert message(verifier_dict, {"A": 1, "B": 3}, {"A": 1, "B": 2}, nom="stock") == "B, stock : attendu 2, obtenu 3."
    texte = message(verifier_dict, {"A": 1, "B": 3}, {"A": 1, "B": 2}, nom="stock", etiquette="Article « {} »")
    assert texte == "Article « B », stock : attendu 2, obtenu 3."
    texte = message(verifier_dict, {"A": 1, "B": 3}, {"A": 1, "B": 2}, nom="stock", libelle="Stock de {}")
    assert texte == "Stock de B : attendu 2, obtenu 3."


def test_dict_cles_manquantes_et_en_trop():
    texte = message(verifier_dict, {"A": 1, "C": 3}, {"A": 1, "B": 2, "D": 4}, nom="stock")
    assert texte == "Stock : il manque B, D ; en trop : C."
    assert message(verifier_dict, {"A": 1}, {"A": 1, "B": 2}, nom="stock") == "Stock : il manque B."
    assert message(verifier_dict, {"A": 1, "Z": 0}, {"A": 1}, nom="stock") == "Stock : en trop : Z."


def test_dict_mauvais_type():
    texte = message(verifier_dict, [1, 2], {"A": 1, "B": 2}, nom="stock")
    assert texte == "Stock : un dictionnaire {clé: valeur} est attendu, obtenu [1, 2]."


def test_dict_tolerance_et_piste():
    verifier_dict({"A": 1.01}, {"A": 1}, nom="taux", tolerance=0.02)
    pistes = {"unités confondues": {"A": 100, "B": 2}}
    texte = message(verifier_dict, {"A": 100, "B": 2}, {"A": 1, "B": 2}, nom="taux", erreurs_types=pistes)
    assert texte == "A, taux : attendu 1, obtenu 100. Piste : unités confondues."
    assert "Piste" not in message(verifier_dict, {"A": 50, "B": 2}, {"A": 1, "B": 2}, nom="taux", erreurs_types=pistes)


def test_dict_variante_incomplete_ignoree():
    texte = message(verifier_dict, {"A": 5}, {"A": 1}, nom="stock", erreurs_types={"variante sans A": {"B": 5}})
    assert "Piste" not in texte


# --- verifier_tableau ------------------------------------------------------------------------


@pytest.fixture
def charge():
    return pd.DataFrame({"S1": [10, 20], "S2": [5, 8]}, index=["P1", "P2"])


def test_tableau_juste_silencieux(charge):
    verifier_tableau(charge.copy(), charge, nom="charge")


def test_tableau_compare_par_etiquettes(charge):
    melange = charge.loc[["P2", "P1"], ["S2", "S1"]].astype(float)
    verifier_tableau(melange, charge, nom="charge")


def test_tableau_colonnes_en_trop_ignorees(charge):
    verifier_tableau(charge.assign(S3=0), charge, nom="charge")


def test_tableau_valeur_fausse(charge):
    faux = charge.copy()
    faux.loc["P1", "S2"] = 7
    texte = message(verifier_tableau, faux, charge, nom="charge")
    assert texte == "Charge — Ligne « P1 », colonne « S2 » : attendu 5, obtenu 7."


def test_tableau_tolerance(charge):
    verifier_tableau(charge + 0.01, charge, nom="charge", tolerance=0.05)
    with pytest.raises(EcartReponse):
        verifier_tableau(charge + 0.1, charge, nom="charge", tolerance=0.05)


def test_tableau_lignes_et_colonnes_manquantes(charge):
    assert message(verifier_tableau, charge.loc[["P1"]], charge, nom="charge") == "Charge : lignes manquantes : P2."
    texte = message(verifier_tableau, charge.loc[["P2"], ["S1"]], charge, nom="charge")
    assert texte == "Charge : lignes manquantes : P1 ; colonnes manquantes : S2."


def test_tableau_mauvais_type(charge):
    texte = message(verifier_tableau, charge.to_dict(), charge, nom="charge")
    assert texte == "Charge : un tableau pandas (DataFrame) est attendu."


def test_tableau_piste(charge):
    variante = charge * 2
    texte = message(
        verifier_tableau, variante.loc[["P2", "P1"]], charge, nom="charge", erreurs_types={"doublé": variante}
    )
    assert texte.endswith(" Piste : doublé.")
    assert texte.count(" ; ") == 3 and texte.endswith("… et 1 autre écart. Piste : doublé.")
    faux = charge.copy()
    faux.loc["P1", "S1"] = 99
    assert "Piste" not in message(verifier_tableau, faux, charge, nom="charge", erreurs_types={"doublé": variante})


# --- verifier_planning -----------------------------------------------------------------------


@pytest.fixture
def planning():
    return {"OF1": (0, 3), "OF2": (3, 5)}


def test_planning_juste_dict(planning):
    verifier_planning({"OF2": [3, 5], "OF1": (0, 3)}, planning)


def test_planning_juste_dataframe(planning):
    tableau = pd.DataFrame({"debut": [3, 0], "fin": [5, 3]}, index=["OF2", "OF1"])
    verifier_planning(tableau, planning)


def test_planning_date_fausse(planning):
    texte = message(verifier_planning, {"OF1": (0, 3), "OF2": (3, 6)}, planning)
    assert texte == "Ordre « OF2 », fin : attendu 5, obtenu 6."
    tableau = pd.DataFrame({"debut": [0, 4], "fin": [3, 5]}, index=["OF1", "OF2"])
    assert message(verifier_planning, tableau, planning) == "Ordre « OF2 », début : attendu 3, obtenu 4."


def test_planning_ordre_manquant_ou_en_trop(planning):
    # avant correction : « il manque Ordre « OF2 », début, Ordre « OF2 », fin »
    assert message(verifier_planning, {"OF1": (0, 3)}, planning) == "Planning : il manque l'ordre « OF2 »."
    texte = message(verifier_planning, {"OF1": (0, 3), "OF9": (3, 5)}, planning, nom="ordonnancement")
    assert texte == "Ordonnancement : il manque l'ordre « OF2 » ; en trop : l'ordre « OF9 »."


def test_planning_mauvaise_forme(planning):
    assert message(verifier_planning, [(0, 3), (3, 5)], planning) == (
        "Planning : un dictionnaire {ordre: (début, fin)} est attendu."
    )
    assert message(verifier_planning, {"OF1": 3, "OF2": (3, 5)}, planning) == (
        "Planning : pour « OF1 », un couple (début, fin) est attendu."
    )
    assert "couple" in message(verifier_planning, {"OF1": (0, 1, 3), "OF2": (3, 5)}, planning)


def test_planning_piste(planning):
    pistes = {"ordres traités dans le mauvais ordre": {"OF1": (2, 5), "OF2": (0, 2)}}
    texte = message(verifier_planning, {"OF1": (2, 5), "OF2": (0, 2)}, planning, erreurs_types=pistes)
    assert texte.endswith(" ; … et 1 autre écart. Piste : ordres traités dans le mauvais ordre.")
    assert "Piste" not in message(verifier_planning, {"OF1": (0, 3), "OF2": (3, 4)}, planning, erreurs_types=pistes)


# --- verifier_ensemble et réponses faites de textes -------------------------------------------


def test_ensemble_ordre_libre():
    verifier_ensemble(["RO20", "D100"], ["D100", "RO20"], nom="références")
    verifier_ensemble(("B", "A"), {"A", "B"}, nom="classe A")


def test_ensemble_manquants_en_trop_et_piste():
    texte = message(
        verifier_ensemble, ["RO20", "X9"], ["D100", "RO20"], nom="références", erreurs_types={"oubli": ["RO20", "X9"]}
    )
    assert texte == "Références : il manque « D100 » ; en trop : « X9 ». Piste : oubli."


def test_ensemble_doublon_et_piste_egale_a_la_reference_ignoree():
    texte = message(verifier_ensemble, ["A", "A", "B"], ["A", "B"], nom="classe A", erreurs_types={"x": ["A", "B"]})
    assert texte == "Classe A : une valeur est écrite deux fois."


@pytest.mark.parametrize("reponse", ["A, B", {"A": 1}, ["A", 2], 3])
def test_ensemble_mauvaise_forme(reponse):
    texte = message(verifier_ensemble, reponse, ["A"], nom="OF en retard", exemple='["OF 24-999"]')
    assert texte == 'OF en retard : une liste de textes est attendue, par exemple ["OF 24-999"].'


def test_formes_de_textes():
    verifier_forme_textes(["a", "b"], nom="x")
    verifier_forme_texte("a", nom="x")
    verifier_forme_dict_nombres({"a": 1, "b": 2.5}, nom="x")
    verifier_forme_dict_textes({"a": "b"}, nom="x")
    assert "n°2 n'est pas un texte" in message(verifier_forme_textes, ["a", 3], nom="x")
    assert "liste de textes" in message(verifier_forme_textes, "a", nom="x")
    assert "texte entre guillemets" in message(verifier_forme_texte, 3, nom="x")
    assert "non vide" in message(verifier_forme_dict_nombres, {}, nom="x")
    assert "« b » n'est pas un nombre" in message(verifier_forme_dict_nombres, {"a": 1, "b": "2"}, nom="x")
    assert "clés et valeurs" in message(verifier_forme_dict_textes, {"a": 1}, nom="x")


def test_extrait_erreurs_garde_les_pistes_utiles():
    juste = {"net": 10, "utile": 8, "requis": 12}
    erreurs = {"net oublié": {"net": 0, "utile": 8, "requis": 12}, "requis faux": {"net": 10, "utile": 8, "requis": 9}}
    assert extrait(juste, ["net"]) == {"net": 10}
    assert extrait_erreurs(erreurs, ["net", "utile"], juste) == {"net oublié": {"net": 0, "utile": 8}}


def test_empreinte_d_un_ensemble_sans_ordre(monkeypatch):
    """Pendant la correction, deux réponses dans un ordre différent ont la même empreinte (détection de copie)."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    correction._JOURNAL.clear()
    verifier_ensemble(["A", "B"], ["A", "B"], nom="classe A")
    with pytest.raises(EcartReponse):
        verifier_ensemble(["B", "A", "C"], ["A", "B"], nom="classe A")
    verifier_ensemble(["C", "A", "B"], ["A", "B", "C"], nom="classe A")
    verifier_liste([1, 2], [1, 2], nom="liste")
    verifier_liste([2, 1], [2, 1], nom="liste")
    premiere, fausse, troisieme, liste, liste_inverse = correction._JOURNAL
    correction._JOURNAL.clear()
    assert premiere["juste"] and not fausse["juste"] and premiere["nom"] == "classe A"
    assert fausse["empreinte"] == troisieme["empreinte"] != premiere["empreinte"]
    assert liste["empreinte"] != liste_inverse["empreinte"]  # l'ordre compte pour une liste


# --- message_apprenant -----------------------------------------------------------------------


def test_message_apprenant():
    assert message_apprenant("NameError", "name 'stock_q2' is not defined") == (
        "La variable « stock_q2 » n'est pas définie : écrivez votre réponse dans la cellule "
        "prévue au-dessus, puis exécutez-la."
    )
    assert message_apprenant("EcartReponse", "Stock : attendu 1, obtenu 2.") == "Stock : attendu 1, obtenu 2."
    assert message_apprenant("AssertionError", "") == "La réponse ne correspond pas à ce qui est attendu."
    assert "raise NotImplementedError" in message_apprenant("NotImplementedError", "")
    assert "trop de temps" in message_apprenant("CellTimeoutError", "")
    assert "noyau" in message_apprenant("DeadKernelError", "")
    assert (
        message_apprenant("ZeroDivisionError", "division by zero")
        == "Erreur Python (ZeroDivisionError) : division by zero"
    )


# --- Bareme et Note --------------------------------------------------------------------------


def test_en_correction(monkeypatch):
    assert not en_correction()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert en_correction()
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert not en_correction()


@pytest.fixture
def autograde(monkeypatch):
    """Contexte de la correction automatique : la note est rendue."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


def test_bareme_note_maximale(autograde):
    bareme = Bareme(points=2)
    with bareme.partie("Stock prévisionnel"):
        verifier_liste([0, 10], [0, 10], nom="stock")
    with bareme.partie("Besoins nets"):
        verifier_nombre(5, 5, nom="besoin net")
    note = bareme.resultat()
    assert isinstance(note, Note) and isinstance(note, float)
    assert repr(note) == "2.0" and float(repr(note)) == 2.0 == note
    assert note._repr_html_().count("✔") == 2 and "✘" not in note._repr_html_()


def test_bareme_note_partielle(autograde):
    bareme = Bareme(points=2)
    with bareme.partie("Stock prévisionnel"):
        verifier_liste([0, 10], [0, 10], nom="stock")
    with bareme.partie("Besoins nets"):
        verifier_liste([0, 60], [0, 40], nom="besoin net", etiquette="Semaine {}")
    note = bareme.resultat()
    assert repr(note) == "1.0" and float(repr(note)) == 1.0
    page = note._repr_html_()
    assert "Note : 1 / 2" in page
    assert "✔ <b>Stock prévisionnel</b> (1 / 1)" in page
    assert "✘ <b>Besoins nets</b> (0 / 1)" in page
    assert "Semaine 2, besoin net : attendu 40, obtenu 60." in page


def test_bareme_html_echappe(autograde):
    bareme = Bareme(points=2)
    with bareme.partie("Coût <total>"):
        verifier_nombre(1, 2, nom="coût & délai")
    with bareme.partie("Juste"):
        pass
    page = bareme.resultat()._repr_html_()
    assert "Coût &lt;total&gt;" in page and "Coût &amp; délai" in page


def test_bareme_tout_faux(autograde):
    bareme = Bareme(points=2)
    with bareme.partie("Stock"):
        verifier_nombre(1, 2, nom="stock")
    with bareme.partie("Besoin"):
        verifier_nombre(3, 4, nom="besoin")
    with pytest.raises(EcartReponse) as erreur:
        bareme.resultat()
    assert str(erreur.value) == "Stock : Stock : attendu 2, obtenu 1.\n✘ Besoin : Besoin : attendu 4, obtenu 3."


def test_bareme_variable_non_definie(autograde):
    bareme = Bareme(points=2)
    with bareme.partie("Stock"):
        stock_q2  # noqa: B018, F821
    with bareme.partie("Besoin"):
        pass
    note = bareme.resultat()
    assert repr(note) == "1.0"
    assert "La variable « stock_q2 » n'est pas définie" in html.unescape(note._repr_html_())


def test_bareme_exception_imprevue_ne_se_propage_pas(autograde):
    bareme = Bareme(points=3)
    with bareme.partie("Somme"):
        sum(["10", "20"])  # TypeError
    with bareme.partie("À compléter"):
        raise NotImplementedError("à compléter")
    with bareme.partie("Juste"):
        pass
    note = bareme.resultat()
    assert repr(note) == "1.0"
    page = note._repr_html_()
    assert "Erreur Python (TypeError)" in page and "Réponse à compléter" in page


def test_bareme_interruption_non_avalee(autograde):
    bareme = Bareme(points=1)
    with pytest.raises(KeyboardInterrupt), bareme.partie("Stock"):
        raise KeyboardInterrupt


def test_bareme_poids(autograde):
    bareme = Bareme(points=4)
    with bareme.partie("Facile", poids=1):
        pass
    with bareme.partie("Difficile", poids=3):
        verifier_nombre(0, 1, nom="stock")
    note = bareme.resultat()
    assert repr(note) == "1.0"
    assert "(1 / 1)" in note._repr_html_() and "(0 / 3)" in note._repr_html_()


def test_bareme_trois_parties_egales_donnent_la_note_entiere(autograde):
    # avant correction : 3 × round(1/3, 4) = 0.9999
    bareme = Bareme(points=1)
    for partie in ("a", "b", "c"):
        with bareme.partie(partie):
            pass
    assert repr(bareme.resultat()) == "1.0"
    bareme = Bareme(points=1)
    for partie in ("a", "b", "c"):
        with bareme.partie(partie):
            if partie == "c":
                raise EcartReponse("faux")
    assert repr(bareme.resultat()) == "0.6667"


def test_bareme_ecart_sans_message_compte_faux(autograde):
    bareme = Bareme(points=2)
    with bareme.partie("Stock"):
        raise EcartReponse()
    with bareme.partie("Besoin"):
        pass
    note = bareme.resultat()
    assert repr(note) == "1.0"
    assert "✘ <b>Stock</b>" in note._repr_html_()
    assert "La réponse ne correspond pas à ce qui est attendu." in note._repr_html_()


def test_bareme_partie_de_poids_nul_fausse_marquee_fausse(autograde):
    bareme = Bareme(points=1)
    with bareme.partie("Indicatif", poids=0):
        raise EcartReponse("faux")
    with bareme.partie("Noté"):
        pass
    page = bareme.resultat()._repr_html_()
    assert "✘ <b>Indicatif</b>" in page and "✔ <b>Noté</b>" in page


def test_hors_correction_pas_de_note_mais_les_ecarts(monkeypatch, capsys):
    # chez l'apprenant (ou Validate) : message de réussite sans note, ou les écarts
    def bareme_avec(reponse):
        bareme = Bareme(points=2)
        with bareme.partie("Stock"):
            verifier_nombre(reponse, 2, nom="stock")
        with bareme.partie("Besoin"):
            pass
        return bareme.resultat()

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert bareme_avec(2) is None
    assert capsys.readouterr().out.startswith("✔ Vérifications réussies.")
    with pytest.raises(EcartReponse, match="Stock : Stock : attendu 2, obtenu 1."):
        bareme_avec(1)
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    with pytest.raises(EcartReponse):
        bareme_avec(1)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert repr(bareme_avec(2)) == "2.0"
    assert repr(bareme_avec(1)) == "1.0"
    assert capsys.readouterr().out == ""


def test_partie_ouverte_deux_fois_juste_seulement_si_tout_passe(autograde):
    # forme visible puis valeurs cachées, sous le même nom de partie
    bareme = Bareme(points=2)
    with bareme.partie("Stock"):
        verifier_forme_liste([1, 2], longueur=2, nom="stock")
    with bareme.partie("Besoin"):
        verifier_forme_liste([3, 4], longueur=2, nom="besoin")
    with bareme.partie("Stock"):
        verifier_liste([1, 2], [1, 2], nom="stock")
    with bareme.partie("Besoin"):
        verifier_liste([3, 4], [3, 5], nom="besoin")
    note = bareme.resultat()
    assert repr(note) == "1.0"
    assert len(note.details) == 2
    assert "Élément 2, besoin : attendu 5, obtenu 4." in note._repr_html_()


def test_partie_garde_le_premier_message(autograde):
    bareme = Bareme(points=1)
    with bareme.partie("Stock"):
        verifier_forme_liste("rien", longueur=2, nom="stock_q1")
    with bareme.partie("Stock"):
        verifier_liste("rien", [1, 2], nom="stock")
    with pytest.raises(EcartReponse, match="« stock_q1 » doit être une liste de 2 nombres"):
        bareme.resultat()


def test_formes():
    verifier_forme_liste([1, 2.5, np.int64(3)], longueur=3, nom="x")
    with pytest.raises(EcartReponse, match="doit contenir 3 valeurs, elle en contient 2"):
        verifier_forme_liste([1, 2], longueur=3, nom="x")
    with pytest.raises(EcartReponse, match="la valeur n°2, « 2 », n'est pas un nombre"):
        verifier_forme_liste([1, "2", 3], longueur=3, nom="x")
    with pytest.raises(EcartReponse, match="doit être une liste"):
        verifier_forme_liste({1: 2}, longueur=1, nom="x")
    with pytest.raises(EcartReponse, match="doit être une liste"):
        verifier_forme_liste(np.int64(3), longueur=1, nom="x")
    verifier_forme_liste(pd.Series([1, 2]), longueur=2, nom="x")
    verifier_forme_dict({"A": 1, "B": 2}, cles=["A", "B"], nom="d")
    with pytest.raises(EcartReponse, match="il manque les clés B"):
        verifier_forme_dict({"A": 1}, cles=["A", "B"], nom="d")
    with pytest.raises(EcartReponse, match="clés inattendues C"):
        verifier_forme_dict({"A": 1, "B": 2, "C": 3}, cles=["A", "B"], nom="d")
    with pytest.raises(EcartReponse, match="doit être un dictionnaire"):
        verifier_forme_dict([1], cles=["A"], nom="d")
    verifier_forme_nombre(3.5, nom="n")
    with pytest.raises(EcartReponse, match="« n » doit être un nombre"):
        verifier_forme_nombre("3", nom="n")


# --- lecture de la note par nbgrader ---------------------------------------------------------


def note_partielle(points=2) -> Note:
    bareme = Bareme(points=points)
    with bareme.partie("Juste"):
        pass
    with bareme.partie("Faux"):
        verifier_nombre(1, 2, nom="stock")
    return bareme.resultat()


def test_nbgrader_lit_la_note_partielle(autograde):
    note = note_partielle()
    assert get_partial_grade({"data": {"text/plain": repr(note)}}, 2.0) == 1.0
    assert get_partial_grade({"data": {"text/plain": [repr(note)]}}, 2.0) == 1.0


def test_ipython_affiche_le_nombre_en_texte_brut(autograde):
    from IPython.core.formatters import DisplayFormatter

    donnees, _ = DisplayFormatter().format(note_partielle())
    assert donnees["text/plain"] == "1.0"
    assert "✘" in donnees["text/html"]


def test_nbgrader_note_la_cellule(autograde):
    note = note_partielle()
    cellule = new_code_cell(
        source="bareme.resultat()",
        metadata={"nbgrader": {"grade": True, "solution": False, "points": 2, "grade_id": "q1"}},
        outputs=[
            new_output(
                "execute_result",
                data={"text/plain": repr(note), "text/html": note._repr_html_()},
                execution_count=1,
            )
        ],
    )
    assert determine_grade(cellule) == (1.0, 2.0)
    cellule.outputs = [new_output("error", ename="EcartReponse", evalue="Stock : attendu 2, obtenu 1.", traceback=[])]
    assert determine_grade(cellule) == (0, 2.0)


def test_piste_qui_reproduit_toute_la_reponse_prioritaire():
    # les deux erreurs types expliquent l'écart de la semaine 2, seule la seconde reproduit toute la réponse
    erreurs = {"stock non déduit": [9, 200, 9], "stock de sécurité oublié": [0, 200, 0]}
    with pytest.raises(EcartReponse, match="Piste : stock de sécurité oublié."):
        verifier_liste([0, 200, 0], [0, 400, 0], nom="ordre", erreurs_types=erreurs)
    with pytest.raises(EcartReponse, match="Piste : stock non déduit."):
        verifier_liste([1, 200, 0], [0, 400, 0], nom="ordre", erreurs_types={"stock non déduit": [1, 200, 9]})
