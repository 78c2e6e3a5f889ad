"""Livrets de compétences et tableau de bord : calculs à la main, puis une seule copie corrigée (Bruno)."""

import shutil
from datetime import date

import nbformat
import pandas as pd
import pytest

from gpedu.cli import main
from gpedu.cours import livret
from gpedu.cours.cahiers import lignes_secretes
from gpedu.cours.configuration import ErreurCours
from gpedu.cours.operations import Cours
from gpedu.cours.retours import texte_html
from gpedu.demo import pistes

from .conftest import copier_cours

DEVOIR, CAHIER = "bdc1_planification", "03_calcul_des_besoins_nets"
C1, C2 = "GPO.BDC1.C1", "GPO.BDC1.C2"


def note(ident, question, points, sur, cahier="c1", en_attente=False, rendu=True):
    return {
        "identifiant": ident,
        "devoir": "d",
        "cahier": cahier,
        "question": question,
        "points": points,
        "sur": sur,
        "correction": "manuelle" if question.startswith("analyse") else "automatique",
        "en_attente": en_attente,
        "rendu": rendu,
    }


def lien(*lignes):
    return pd.DataFrame(
        [
            {"devoir": "d", "cahier": c, "titre_cahier": f"Cahier {c}", "question": q, "rang": i, "competence": comp}
            for i, (c, q, comp) in enumerate(lignes)
        ]
    )


LIEN = lien(
    ("c1", "test_q1", C1),
    ("c1", "test_q1", C2),  # une cellule liée à deux compétences compte pour chacune
    ("c1", "test_q2", C1),
    ("c1", "analyse_x", C2),
    ("c2", "test_q1", C2),
)
NOTES = pd.DataFrame(
    [
        note("ana", "test_q1", 2, 2),
        note("ana", "test_q2", 1, 3),
        note("ana", "analyse_x", 0, 2, en_attente=True),
        note("ana", "test_q1", 0, 4, cahier="c2", rendu=False),  # cahier non rendu : ne compte pas
        note("yves", "test_q1", 0.5, 2),
        note("yves", "test_q2", 1, 3),
        note("yves", "analyse_x", 1.5, 2),
        note("yves", "test_q1", 0, 4, cahier="c2"),
    ]
)


def test_etats_et_seuils():
    assert [livret.etat(p) for p in (100, 60, 59.9, 30, 29.9, 0)] == [
        "acquise",
        "acquise",
        "en cours d'acquisition",
        "en cours d'acquisition",
        "non acquise",
        "non acquise",
    ]
    assert livret.etat(None) == livret.etat(float("nan")) == "non évaluée"
    assert livret.verifier_certification(" tsgp ") == "TSGP"
    with pytest.raises(ErreurCours, match="Certification inconnue « CAP » : certifications disponibles : GPO"):
        livret.verifier_certification("CAP")


def test_scores_par_competence_calcules_a_la_main():
    scores = livret.scores_competences(NOTES, LIEN, "GPO").set_index(["identifiant", "competence"])
    assert len(scores) == 2 * 6  # toutes les compétences GPO, pour chaque apprenant
    # ana, C1 : q1 2/2 + q2 1/3 = 3/5 ; C2 : q1 2/2, l'analyse en attente et le cahier c2 non rendu ne comptent pas
    assert scores.loc[("ana", C1), ["points", "sur", "pourcentage", "etat"]].tolist() == [3, 5, 60.0, "acquise"]
    assert scores.loc[("ana", C2), ["points", "sur", "pourcentage", "en_attente"]].tolist() == [2, 2, 100.0, 2]
    # yves, C1 : 0,5 + 1 = 1,5/5 = 30 % ; C2 : 0,5 + 1,5 (note manuelle) + 0 = 2/8 = 25 %
    assert scores.loc[("yves", C1), ["pourcentage", "etat"]].tolist() == [30.0, "en cours d'acquisition"]
    assert scores.loc[("yves", C2), ["points", "sur", "pourcentage", "etat"]].tolist() == [2, 8, 25.0, "non acquise"]
    assert scores.loc[("yves", "GPO.BDC2.C3"), ["pourcentage", "etat"]].isna().tolist() == [True, False]
    assert scores.loc[("yves", "GPO.BDC2.C3"), "etat"] == "non évaluée"
    assert scores.loc[("ana", C2), "justification"] == [
        "Cahier c1 — question 1 : 2 / 2",
        "Cahier c1 — analyse « x » : en attente de correction (sur 2)",
    ]


def test_statistiques_erreurs_types_et_groupe():
    stats = livret.statistiques_questions(NOTES).set_index(["cahier", "question"])
    # q1 de c1 : 2/2 et 0,5/2 → moyenne 1,25, réussie par ana seule (25 % < 60 %)
    assert stats.loc[("c1", "test_q1"), ["copies", "moyenne", "moyenne_pourcentage", "taux_reussite"]].tolist() == [
        2,
        1.25,
        62.5,
        50.0,
    ]
    assert stats.loc[("c1", "analyse_x"), ["copies", "en_attente", "moyenne"]].tolist() == [1, 1, 1.5]
    assert stats.loc[("c2", "test_q1"), "copies"] == 1  # la copie non rendue d'ana n'est pas comptée
    groupe = livret.competences_groupe(NOTES, LIEN).set_index("competence")
    assert groupe.loc[C1, ["moyenne_pourcentage", "etat", "acquise_par"]].tolist() == [
        45.0,
        "en cours d'acquisition",
        1,
    ]
    assert groupe.loc[C2, "moyenne_pourcentage"] == 62.5  # (100 + 25) / 2
    relevees = pd.DataFrame(
        [("ana", "c1", "test_q1", "stock oublié"), ("yves", "c1", "test_q2", "stock oublié"), ("yves", "c1", "", "x")],
        columns=["identifiant", "cahier", "question", "piste"],
    )
    erreurs = livret.erreurs_types(relevees, {"c1": "Cahier un"})
    assert erreurs.piste.tolist() == ["stock oublié", "x"]
    assert erreurs.loc[0, "apprenants"] == 2
    assert erreurs.loc[0, "questions"] == ["Cahier un — question 1", "Cahier un — question 2"]
    assert livret.pistes_texte("✘ Faux. Piste : stock de sécurité oublié. Puis Piste : a, b. Piste : a, b.") == [
        "stock de sécurité oublié",
        "a, b",
    ]


def test_livret_html_apprenant_sans_nom_et_rien_d_evalue():
    scores = livret.scores_competences(NOTES[NOTES.identifiant == "ana"], LIEN, "LOG")
    page = livret.html_livret({"identifiant": "ana"}, "LOG", scores, ["d"], date(2025, 5, 12))
    texte = texte_html(page)
    assert "(non renseigné dans le registre)" in texte and "ana" in texte
    assert "CQPM Pilote opérationnel en logistique de production" in texte and "12 mai 2025" in texte
    assert "Aucune compétence de cette certification n'est encore évaluée" in texte
    assert page.count("data:image/png;base64,") == 1 and "<style>" in page


# --- avec nbgrader : une seule copie corrigée (Bruno, cahier CBN) ---------------------------------


@pytest.fixture(scope="module")
def cours_corrige(tmp_path_factory):
    """Cours temporaire : devoir publié, registre, copie de Bruno importée et corrigée."""
    cours = Cours(copier_cours(tmp_path_factory.mktemp("livret") / "cours", "source", "demo"))
    cours.publier([DEVOIR])
    cours.inscrire(cours.racine / "demo" / "apprenants.csv")
    cours.importer(cours.racine / "demo" / "copies" / DEVOIR, DEVOIR)  # seul Bruno est corrigé
    assert cours.corriger(DEVOIR, ["bruno.petit"], progression=False).faits == ["bruno.petit"]
    return cours


def copie_du_cours(cours: Cours, destination) -> Cours:
    shutil.copytree(cours.racine, destination)
    return Cours(destination)


def scores_bruno(cours: Cours, certification: str) -> pd.DataFrame:
    notes = livret.notes_detaillees(cours, [DEVOIR])
    scores = livret.scores_competences(notes, livret.correspondance(cours.racine, [DEVOIR]), certification)
    return scores[scores.identifiant == "bruno.petit"].set_index("competence")


def points_bruno(cours: Cours) -> dict[str, float]:
    detail = cours.detail_notes(DEVOIR)
    bruno = detail[(detail.identifiant == "bruno.petit") & (detail.cahier == CAHIER)]
    return dict(zip(bruno.question, bruno.points))


def test_livret_de_bruno_notes_connues_et_analyse_en_attente(cours_corrige):
    # CBN : q1 (1 pt), q2 (2), q4 (3) → GPO.BDC1.C1 ; q3 (3) et l'analyse (2) → GPO.BDC1.C2 ;
    # q1 à q4 et l'analyse → TSGP.CP3 ; q4 → TSGP.CP2. L'analyse de Bruno attend le formateur.
    p = points_bruno(cours_corrige)
    assert set(p) == {"test_q1", "test_q2", "test_q3", "test_q4", "analyse_retard"}
    assert 0 < sum(p.values()) < 9 and p["analyse_retard"] == 0  # des erreurs types, pas tout faux

    gpo, tsgp = scores_bruno(cours_corrige, "GPO"), scores_bruno(cours_corrige, "TSGP")
    c1 = p["test_q1"] + p["test_q2"] + p["test_q4"]
    assert gpo.loc[C1, ["points", "sur", "pourcentage"]].tolist() == [c1, 6, round(100 * c1 / 6, 1)]
    assert gpo.loc[C2, ["points", "sur", "pourcentage", "en_attente"]].tolist() == [
        p["test_q3"],
        3,
        round(100 * p["test_q3"] / 3, 1),
        2,
    ]  # l'analyse en attente n'est pas un zéro : elle n'est pas dans le « sur »
    cp3 = c1 + p["test_q3"]
    assert tsgp.loc["TSGP.CP3", ["pourcentage", "en_attente"]].tolist() == [round(100 * cp3 / 9, 1), 2]
    assert tsgp.loc["TSGP.CP2", "pourcentage"] == round(100 * p["test_q4"] / 3, 1)
    assert tsgp.loc["TSGP.CP1", "etat"] == "non évaluée"  # cahier PIC/PDP non rendu
    assert gpo.loc[C1, "etat"] == livret.etat(round(100 * c1 / 6, 1))

    rapport = livret.ecrire_livrets(cours_corrige, ["GPO", "LOG"], apprenants=["bruno.petit"])
    assert rapport.faits == ["rapports/livrets/GPO/bruno.petit.html"]
    assert rapport.ecartes == [("LOG", f"aucune compétence de LOG n'est évaluée par {DEVOIR}")]
    texte = texte_html((cours_corrige.racine / rapport.faits[0]).read_text(encoding="utf-8"))
    for attendu in (
        "Petit",
        "Bruno",
        "bruno.petit",
        "GPO — CQPM Technicien en gestion de production et ordonnancement",
        f"{livret.nombre(round(100 * c1 / 6, 1))} %",
        "2 pt(s) en attente de correction",
        "Calcul des besoins nets (CBN) — analyse « retard » : en attente de correction (sur 2)",
        f"Calcul des besoins nets (CBN) — question 4 : {livret.nombre(p['test_q4'])} / 3",
    ):
        assert attendu in texte


def test_note_manuelle_du_formgrader_prise_en_compte(cours_corrige, tmp_path):
    cours = copie_du_cours(cours_corrige, tmp_path / "copie")
    with cours.api.gradebook as base:
        grade = base.find_grade("analyse_retard", CAHIER, DEVOIR, "bruno.petit")
        grade.manual_score = 1.5
        grade.needs_manual_grade = False  # ce que fait le Formgrader en enregistrant la note
        base.db.commit()
    p = points_bruno(cours)
    assert p["analyse_retard"] == 1.5
    gpo, tsgp = scores_bruno(cours, "GPO"), scores_bruno(cours, "TSGP")
    c2 = p["test_q3"] + 1.5
    assert gpo.loc[C2, ["points", "sur", "pourcentage", "en_attente"]].tolist() == [c2, 5, round(100 * c2 / 5, 1), 0]
    cp3 = p["test_q1"] + p["test_q2"] + p["test_q3"] + p["test_q4"] + 1.5
    assert tsgp.loc["TSGP.CP3", "pourcentage"] == round(100 * cp3 / 11, 1)
    page = livret.ecrire_tableau_de_bord(cours, DEVOIR)
    assert "Aucune copie en attente de correction à la main." in texte_html(page.read_text(encoding="utf-8"))


def test_rapports_sans_solution_ni_test_cache(cours_corrige):
    rapport = livret.ecrire_livrets(cours_corrige)
    assert sorted(rapport.faits) == [f"rapports/livrets/{c}/bruno.petit.html" for c in ("GPO", "IND", "TSGP")]
    pages = [cours_corrige.racine / f for f in rapport.faits]
    pages.append(livret.ecrire_tableau_de_bord(cours_corrige, DEVOIR))
    secretes = {
        ligne
        for chemin in (cours_corrige.racine / "source" / DEVOIR).glob("*.ipynb")
        for ligne in lignes_secretes(nbformat.read(chemin, as_version=4))
    }
    assert secretes
    for page in pages:
        contenu = page.read_text(encoding="utf-8")
        for interdit in ("BEGIN SOLUTION", "HIDDEN", "verifier_liste", "cas()"):
            assert interdit not in contenu, (page.name, interdit)
        assert not [ligne for ligne in secretes if ligne in contenu or ligne in texte_html(contenu)], page.name


def test_tableau_de_bord_cite_les_erreurs_types_de_bruno(cours_corrige):
    page = livret.ecrire_tableau_de_bord(cours_corrige, DEVOIR, jour=date(2025, 5, 12))
    assert page == cours_corrige.racine / "rapports" / f"tableau_de_bord_{DEVOIR}.html"
    contenu = page.read_text(encoding="utf-8")
    texte = texte_html(contenu)
    donnees = pistes(cours_corrige.retours(DEVOIR)["bruno.petit"][0])
    assert donnees  # la copie de Bruno fait des erreurs types
    for piste in donnees:
        assert piste in texte
    assert "Erreurs types les plus fréquentes" in texte and "1 (bruno.petit)" in texte
    assert "Copies à corriger à la main" in texte and "analyse « retard »" in texte
    c1 = scores_bruno(cours_corrige, "GPO").loc[C1, "pourcentage"]
    pas_acquise = f"GPO.BDC1.C1 Programmer la fabrication{livret.nombre(c1)} %"
    assert (pas_acquise in texte) == (c1 < livret.SEUIL_ACQUISE)  # moyenne du groupe (Bruno seul) sous le seuil
    assert contenu.count("data:image/png;base64,") == 1 and "12 mai 2025" in texte


def test_messages_francais(cours_corrige, tmp_path, capsys):
    with pytest.raises(ErreurCours, match="Certification inconnue « BTS »"):
        livret.ecrire_livrets(cours_corrige, ["BTS"])
    with pytest.raises(ErreurCours, match="Aucun livret écrit : aucune compétence de LOG n'est évaluée"):
        livret.ecrire_livrets(cours_corrige, ["LOG"])
    with pytest.raises(ErreurCours, match="« bdc2_lancement » n'a encore aucune copie corrigée"):
        livret.ecrire_tableau_de_bord(cours_corrige, "bdc2_lancement")
    with pytest.raises(ErreurCours, match="Devoir inconnu « bdc9 »"):
        livret.ecrire_livrets(cours_corrige, devoirs=["bdc9"])
    with pytest.raises(ErreurCours, match="Apprenant « zoe.x » inconnu du registre"):
        livret.ecrire_livrets(cours_corrige, apprenants=["zoe.x"])
    with pytest.raises(ErreurCours, match="Apprenant « alice.martin » : aucune copie corrigée"):
        livret.ecrire_livrets(cours_corrige, apprenants=["alice.martin"])
    vide = Cours(copier_cours(tmp_path / "vide", "source"))
    with pytest.raises(ErreurCours, match="Aucun devoir corrigé"):
        livret.ecrire_livrets(vide)

    racine = str(cours_corrige.racine)
    assert main(["--cours", racine, "livret", "--certification", "gpo", "--devoir", DEVOIR]) == 0
    assert "rapports/livrets/GPO/bruno.petit.html" in capsys.readouterr().out
    assert main(["--cours", racine, "tableau-de-bord", DEVOIR]) == 0
    assert f"rapports/tableau_de_bord_{DEVOIR}.html" in capsys.readouterr().out
    assert main(["--cours", racine, "livret", "--certification", "CAP"]) == 2
    assert "gpedu : Certification inconnue « CAP »" in capsys.readouterr().err
