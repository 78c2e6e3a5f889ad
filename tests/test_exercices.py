"""Données de l'entreprise cohérentes ; cas du cahier CBN : références et erreurs types distinguables."""

import functools

import pytest

from gpedu import entreprise
from gpedu.exercices import cbn as exercice
from gpedu.variantes import generateur

from .conftest import APPRENANTS, verifier_reproductible, verifier_variete

cas = functools.cache(exercice.construire)  # le cas de base : les données publiées de l'entreprise


def test_donnees_entreprise_coherentes():
    articles = set(entreprise.articles().index)
    nomenclatures = entreprise.charger("nomenclatures")
    assert set(nomenclatures.parent) | set(nomenclatures.composant) <= articles
    assert set(entreprise.charger("pdp").article) <= articles
    assert set(entreprise.charger("receptions_programmees").article) <= articles
    gammes = entreprise.charger("gammes")
    assert set(gammes.poste) <= set(entreprise.charger("postes_de_charge").code)
    assert set(gammes.article) <= articles
    assert set(entreprise.charger("commandes_clients").article) <= articles
    assert set(entreprise.parametres_cbn()) == articles


def test_table_inconnue():
    with pytest.raises(KeyError, match="Table inconnue « stocks »"):
        entreprise.charger("stocks")


def test_charger_rend_une_copie():
    table = entreprise.charger("articles")
    table.loc[0, "stock"] = -1
    assert entreprise.charger("articles").loc[0, "stock"] >= 0


@pytest.mark.parametrize(
    "article,champ,erreur",
    [
        ("C200", "besoins_nets", "vous n'avez pas déduit le stock disponible"),
        ("C200", "lancements", "décalage du délai dans le mauvais sens : le lancement se fait AVANT la réception"),
        ("RO20", "stock_previsionnel", "stock de sécurité oublié"),
        ("RO20", "ordres", "taille de lot non appliquée : vous avez commandé exactement le besoin net"),
        ("RO20", "ordres", "réceptions programmées (en-cours) oubliées"),
        ("TU25", "lancements", "délai d'obtention oublié : le lancement se fait « délai » semaines avant la réception"),
    ],
)
def test_erreurs_types_distinctes_de_la_reference(article, champ, erreur):
    assert cas().erreurs(article, champ)[erreur] != getattr(cas().article(article), champ)
    assert (article, champ, erreur) in exercice.ERREURS_EXIGEES


def test_erreurs_types_multi_niveaux():
    reference = cas().article("TU25").besoins_bruts
    erreurs = cas().erreurs_besoins_bruts("TU25")
    assert set(erreurs) >= {
        "cas d'emploi oublié : les besoins venant de C200 manquent",
        "cas d'emploi oublié : les besoins venant de CH10 manquent",
        "cas d'emploi oublié : les besoins venant de PO30 manquent",
    }
    assert all(valeurs != reference for valeurs in erreurs.values())
    premier_niveau = cas().erreurs_codes_bas_niveau()
    (variante,) = premier_niveau.values()
    assert variante["TU25"] == 1 and cas().codes_bas_niveau()["TU25"] == 2


def test_une_seule_alerte_dans_le_plan():
    alertes = [a for enregistrement in cas().plan.values() for a in enregistrement.alertes]
    assert len(alertes) == 1 and alertes[0].startswith("TU25 : l'ordre de 150 à recevoir en semaine 2")


# --- variantes par apprenant -----------------------------------------------------------------


def test_meme_apprenant_memes_donnees_et_apprenants_differents():
    verifier_reproductible(exercice.cas, lambda c: c.parametres)
    assert generateur("alice.martin", "x").random() == generateur("alice.martin", "x").random()
    questions = {
        "besoins nets de C200": lambda c: tuple(c.article("C200").besoins_nets),
        "stock prévisionnel de RO20": lambda c: tuple(c.article("RO20").stock_previsionnel),
    }
    verifier_variete(exercice.cas, questions, part=0.875)


@pytest.mark.parametrize("apprenant", APPRENANTS)
def test_variante_soluble_et_erreurs_types_distinctes(apprenant):
    variante = exercice.cas(apprenant)
    c200, tu25 = variante.article("C200"), variante.article("TU25")
    assert c200.ordres[0] == 0 and c200.lancements[-1] == 0  # ce que dit l'énoncé de la question 2
    assert sum(tu25.lancements_hors_horizon.values()) > 0  # la question d'analyse porte sur ce retard
    for enregistrement in variante.plan.values():
        assert min(enregistrement.stock_previsionnel) >= 0
    for article, champ, erreur in exercice.ERREURS_EXIGEES:
        assert variante.erreurs(article, champ)[erreur] != getattr(variante.article(article), champ)
    assert all(v != tu25.besoins_bruts for v in variante.erreurs_besoins_bruts("TU25").values())
    # les stocks affichés à l'apprenant sont ceux du calcul
    assert variante.articles.loc["RO20", "stock"] == variante.parametres["RO20"].stock_initial
