"""Livret de compétences de chaque apprenant et tableau de bord de classe (pages HTML autonomes).

Les notes viennent de la base nbgrader (``Cours.detail_notes``), la correspondance cellule notée →
compétences des cahiers sources (``gpedu.cours.cahiers.competences``). Le seuil de maîtrise, les
états et le traitement des cellules en attente sont écrits dans ``docs/conventions.md``
(section « Livret de compétences »). Rien des solutions ni des tests cachés n'est repris.
"""

from __future__ import annotations

import base64
import html
import io
import re
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
from matplotlib.figure import Figure

from gpedu.cours.cahiers import competences, est_notee, nbgrader
from gpedu.cours.configuration import ErreurCours
from gpedu.cours.operations import Cours, Rapport
from gpedu.cours.retours import texte_html
from gpedu.referentiels import CERTIFICATIONS, COMPETENCES

# --- conventions (docs/conventions.md, « Livret de compétences ») ----------------------------

SEUIL_ACQUISE = 60.0  # % des points corrigés
SEUIL_EN_COURS = 30.0
ACQUISE = "acquise"
EN_COURS = "en cours d'acquisition"
NON_ACQUISE = "non acquise"
NON_EVALUEE = "non évaluée"
EN_ATTENTE = "en attente de correction"
COULEURS = {ACQUISE: "#2e7d32", EN_COURS: "#ef8f00", NON_ACQUISE: "#c62828", NON_EVALUEE: "#9e9e9e"}

PISTE = re.compile(r"Piste : ([^.]+)\.")
MOIS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
COLONNES_NOTES = ["identifiant", "devoir", "cahier", "question", "points", "sur", "correction", "en_attente", "rendu"]


def etat(pourcentage: float | None) -> str:
    """État d'une compétence d'après le pourcentage des points corrigés (None : rien de corrigé)."""
    if pourcentage is None or pd.isna(pourcentage):
        return NON_EVALUEE
    if pourcentage >= SEUIL_ACQUISE:
        return ACQUISE
    if pourcentage >= SEUIL_EN_COURS:
        return EN_COURS
    return NON_ACQUISE


def verifier_certification(code: str) -> str:
    """Code de certification normalisé (GPO, LOG, IND, TSGP) ; message clair s'il est inconnu."""
    normalise = (code or "").strip().upper()
    if normalise not in CERTIFICATIONS:
        disponibles = " ; ".join(f"{c} ({intitule})" for c, intitule in CERTIFICATIONS.items())
        raise ErreurCours(f"Certification inconnue « {code} » : certifications disponibles : {disponibles}.")
    return normalise


def libelle_question(question: str) -> str:
    """« question 3 » pour ``test_q3``, « analyse « retard » » pour ``analyse_retard``."""
    if trouve := re.fullmatch(r"test_q(\d+)", question):
        return f"question {trouve.group(1)}"
    if question.startswith("analyse_"):
        return f"analyse « {question.removeprefix('analyse_').replace('_', ' ')} »"
    return question


# --- données ---------------------------------------------------------------------------------


def correspondance(racine: Path, devoirs: list[str]) -> pd.DataFrame:
    """Une ligne par cellule notée et par compétence : devoir, cahier, titre du cahier, question, compétence."""
    lignes = []
    for devoir in devoirs:
        for chemin in sorted(Path(racine, "source", devoir).glob("*.ipynb")):
            cahier = nbformat.read(chemin, as_version=4)
            titres = [
                c.source.splitlines()[0][2:] for c in cahier.cells if c.cell_type == "markdown" and c.source[:2] == "# "
            ]
            titre = next((t.strip() for t in titres if t.strip()), chemin.stem)  # premier titre « # … »
            for rang, cellule in enumerate(cahier.cells):
                if est_notee(cellule):
                    for ident in competences(cellule):
                        lignes.append(
                            {
                                "devoir": devoir,
                                "cahier": chemin.stem,
                                "titre_cahier": titre,
                                "question": nbgrader(cellule).get("grade_id", ""),
                                "rang": rang,
                                "competence": ident,
                            }
                        )
    return pd.DataFrame(lignes, columns=["devoir", "cahier", "titre_cahier", "question", "rang", "competence"])


def devoirs_corriges(cours: Cours) -> list[str]:
    """Devoirs qui ont au moins une copie corrigée dans la base de notes."""
    with cours.api.gradebook as base:
        return sorted(a.name for a in base.assignments if a.submissions)


def choisir_devoirs(cours: Cours, devoirs: list[str] | None) -> list[str]:
    """Les devoirs demandés (tous les devoirs corrigés par défaut) ; message clair si l'un n'est pas corrigé."""
    corriges = devoirs_corriges(cours)
    if not devoirs:
        if not corriges:
            raise ErreurCours("Aucun devoir corrigé : importez les copies puis lancez « gpedu corriger DEVOIR ».")
        return corriges
    for devoir in devoirs:
        cours.verifier_devoir(devoir)
        if devoir not in corriges:
            raise ErreurCours(
                f"Le devoir « {devoir} » n'a encore aucune copie corrigée : lancez « gpedu corriger {devoir} »."
            )
    return list(dict.fromkeys(devoirs))


def notes_detaillees(cours: Cours, devoirs: list[str]) -> pd.DataFrame:
    """Une ligne par apprenant et par question notée des ``devoirs`` ; ``rendu`` est faux pour un cahier non rendu."""
    morceaux = []
    for devoir in devoirs:
        detail = cours.detail_notes(devoir)
        if detail.empty:
            continue
        detail = detail.rename(columns={"a_corriger_a_la_main": "en_attente"}).assign(devoir=devoir)
        detail["rendu"] = [
            _rendu(cours, ident, devoir, cahier) for ident, cahier in zip(detail.identifiant, detail.cahier)
        ]
        morceaux.append(detail[COLONNES_NOTES])
    return pd.concat(morceaux, ignore_index=True) if morceaux else pd.DataFrame(columns=COLONNES_NOTES)


def _rendu(cours: Cours, ident: str, devoir: str, cahier: str) -> bool:
    dossier = cours.dossier("submitted", ident, devoir)
    return not dossier.is_dir() or (dossier / f"{cahier}.ipynb").exists()


# --- calculs (sans nbgrader) -----------------------------------------------------------------


def scores_competences(notes: pd.DataFrame, lien: pd.DataFrame, certification: str) -> pd.DataFrame:
    """Score de chaque apprenant de ``notes`` pour chaque compétence de la certification.

    ``notes`` : colonnes de ``COLONNES_NOTES`` (``rendu`` facultative) ; ``lien`` : celles de
    ``correspondance``. Une cellule liée à plusieurs compétences compte pour chacune ; une cellule
    en attente ou d'un cahier non rendu ne compte pas dans le pourcentage.
    """
    certification = verifier_certification(certification)
    referentiel = [c for c in COMPETENCES.values() if c.certification == certification]
    notes = notes.copy()
    if "rendu" not in notes:
        notes["rendu"] = True
    notes = notes[notes.rendu.astype(bool)]
    jointes = notes.merge(lien, on=[c for c in ("devoir", "cahier", "question") if c in notes and c in lien])
    lignes = []
    for ident in sorted(notes.identifiant.unique()):
        propres = jointes[jointes.identifiant == ident]
        for comp in referentiel:
            ordre = [c for c in ("devoir", "cahier", "rang", "question") if c in propres]
            cellules = propres[propres.competence == comp.id].sort_values(ordre)
            corrigees = cellules[~cellules.en_attente.astype(bool)]
            attente = cellules[cellules.en_attente.astype(bool)]
            sur = float(corrigees.sur.sum())
            points = float(corrigees.points.sum())
            pourcentage = round(100 * points / sur, 1) if sur > 0 else None
            lignes.append(
                {
                    "identifiant": ident,
                    "competence": comp.id,
                    "bloc": comp.bloc,
                    "intitule": comp.intitule,
                    "points": round(points, 2),
                    "sur": sur,
                    "pourcentage": pourcentage,
                    "etat": etat(pourcentage),
                    "en_attente": float(attente.sur.sum()),
                    "justification": [_justification(c) for c in cellules.itertuples()],
                }
            )
    return pd.DataFrame(
        lignes,
        columns=[
            "identifiant",
            "competence",
            "bloc",
            "intitule",
            "points",
            "sur",
            "pourcentage",
            "etat",
            "en_attente",
            "justification",
        ],
    )


def _justification(cellule) -> str:
    titre = getattr(cellule, "titre_cahier", cellule.cahier)
    quoi = f"{titre} — {libelle_question(cellule.question)}"
    if cellule.en_attente:
        return f"{quoi} : {EN_ATTENTE} (sur {nombre(cellule.sur)})"
    return f"{quoi} : {nombre(cellule.points)} / {nombre(cellule.sur)}"


def statistiques_questions(notes: pd.DataFrame) -> pd.DataFrame:
    """Par question : copies corrigées, moyenne, taux de réussite (au moins le seuil de maîtrise), en attente."""
    notes = notes[notes.rendu.astype(bool)] if "rendu" in notes else notes
    lignes = []
    for (cahier, question), groupe in notes.groupby(["cahier", "question"], sort=True):
        corrigees = groupe[~groupe.en_attente.astype(bool)]
        sur = float(groupe.sur.max())
        pourcentages = 100 * corrigees.points / sur if sur else corrigees.points * 0
        lignes.append(
            {
                "cahier": cahier,
                "question": question,
                "sur": sur,
                "copies": len(corrigees),
                "moyenne": round(float(corrigees.points.mean()), 2) if len(corrigees) else None,
                "moyenne_pourcentage": round(float(pourcentages.mean()), 1) if len(corrigees) else None,
                "taux_reussite": round(100 * float((pourcentages >= SEUIL_ACQUISE).mean()), 1)
                if len(corrigees)
                else None,
                "en_attente": int(groupe.en_attente.astype(bool).sum()),
                "pourcentages": list(pourcentages.round(1)),
            }
        )
    colonnes = ["cahier", "question", "sur", "copies", "moyenne", "moyenne_pourcentage", "taux_reussite"]
    return pd.DataFrame(lignes, columns=[*colonnes, "en_attente", "pourcentages"])


def competences_groupe(notes: pd.DataFrame, lien: pd.DataFrame) -> pd.DataFrame:
    """Moyenne du groupe (moyenne des pourcentages individuels) pour chaque compétence évaluée."""
    morceaux = [scores_competences(notes, lien, certification) for certification in CERTIFICATIONS]
    scores = pd.concat(morceaux, ignore_index=True)
    scores = scores[scores.etat != NON_EVALUEE]
    lignes = []
    for comp, groupe in scores.groupby("competence", sort=False):
        moyenne = round(float(groupe.pourcentage.mean()), 1)
        lignes.append(
            {
                "competence": comp,
                "intitule": COMPETENCES[comp].intitule,
                "apprenants": len(groupe),
                "moyenne_pourcentage": moyenne,
                "etat": etat(moyenne),
                "acquise_par": int((groupe.etat == ACQUISE).sum()),
            }
        )
    colonnes = ["competence", "intitule", "apprenants", "moyenne_pourcentage", "etat", "acquise_par"]
    return pd.DataFrame(lignes, columns=colonnes)


def pistes_texte(texte: str) -> list[str]:
    """Les indices d'erreurs types (« Piste : … ») d'un texte de retour, sans doublon."""
    return list(dict.fromkeys(m.strip() for m in PISTE.findall(texte)))


def pistes_copies(cours: Cours, devoir: str) -> pd.DataFrame:
    """Pistes données à chaque apprenant, question par question (cahiers corrigés de ``autograded/``).

    Sans cahier corrigé, les pages de ``feedback/`` sont lues (la question reste alors inconnue).
    """
    lignes = []
    dossier = cours.dossier("autograded")
    idents = sorted(d.name for d in dossier.iterdir() if (d / devoir).is_dir()) if dossier.is_dir() else []
    for ident in idents:
        for chemin in sorted((dossier / ident / devoir).glob("*.ipynb")):
            try:
                cahier = nbformat.read(chemin, as_version=4)
            except Exception:  # cahier corrigé illisible : ses pistes sont perdues, pas le tableau de bord
                continue
            for cellule in cahier.cells:
                question = nbgrader(cellule).get("grade_id")
                if question and cellule.cell_type == "code":
                    for piste in pistes_texte(_texte_sorties(cellule)):
                        lignes.append((ident, chemin.stem, question, piste))
    for ident, pages in cours.retours(devoir).items():
        if ident in idents:
            continue
        for page in pages:
            for piste in pistes_texte(texte_html(page.read_text(encoding="utf-8"))):
                lignes.append((ident, page.stem, "", piste))
    return pd.DataFrame(lignes, columns=["identifiant", "cahier", "question", "piste"])


def _texte_sorties(cellule) -> str:
    """Le texte visible des sorties d'une cellule (jamais la trace, qui peut citer un test caché)."""
    morceaux = []
    for sortie in cellule.get("outputs", []):
        if sortie.output_type == "error":
            morceaux.append(sortie.get("evalue", ""))
        elif sortie.output_type == "stream":
            morceaux.append(sortie.get("text", ""))
        else:
            donnees = sortie.get("data", {})
            morceaux.append(texte_html(donnees.get("text/html", "")) or donnees.get("text/plain", ""))
    return "\n".join(morceaux)


def erreurs_types(pistes: pd.DataFrame, titres: dict[str, str] | None = None) -> pd.DataFrame:
    """Les erreurs types, de la plus fréquente à la plus rare : nombre d'apprenants et questions concernées."""
    titres = titres or {}
    lignes = []
    for piste, groupe in pistes.groupby("piste"):
        questions = sorted(
            f"{titres.get(c, c)} — {libelle_question(q)}" if q else titres.get(c, c)
            for c, q in set(zip(groupe.cahier, groupe.question))
        )
        lignes.append(
            {
                "piste": piste,
                "apprenants": groupe.identifiant.nunique(),
                "questions": questions,
                "identifiants": sorted(groupe.identifiant.unique()),
            }
        )
    tableau = pd.DataFrame(lignes, columns=["piste", "apprenants", "questions", "identifiants"])
    return tableau.sort_values(["apprenants", "piste"], ascending=[False, True], ignore_index=True)


# --- mise en forme ---------------------------------------------------------------------------


def nombre(valeur) -> str:
    """Nombre à la française : 2, 1,5 ; « — » si absent."""
    if valeur is None or pd.isna(valeur):
        return "—"
    valeur = round(float(valeur), 2)
    return str(int(valeur)) if valeur.is_integer() else f"{valeur:g}".replace(".", ",")


def date_francaise(jour: date) -> str:
    return f"{jour.day} {MOIS[jour.month - 1]} {jour.year}"


def _png(figure: Figure) -> str:
    tampon = io.BytesIO()
    figure.savefig(tampon, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(tampon.getvalue()).decode("ascii")


def _court(texte: str, longueur: int = 55) -> str:
    return texte if len(texte) <= longueur else texte[: longueur - 1] + "…"


def graphique_livret(scores: pd.DataFrame) -> str:
    """Barres horizontales : pourcentage de chaque compétence, couleur de l'état, ligne du seuil (PNG base64)."""
    figure = Figure(figsize=(8, 0.45 * len(scores) + 1.2))
    axe = figure.subplots()
    rangs = list(range(len(scores)))[::-1]
    valeurs = [0 if pd.isna(p) else p for p in scores.pourcentage]
    axe.barh(rangs, valeurs, color=[COULEURS[e] for e in scores.etat], height=0.6)
    for rang, valeur, ligne in zip(rangs, valeurs, scores.itertuples()):
        texte = NON_EVALUEE if ligne.etat == NON_EVALUEE else f"{nombre(valeur)} %"
        axe.text(valeur + 1, rang, texte, va="center", fontsize=8)
    axe.axvline(SEUIL_ACQUISE, color="#333", linestyle="--", linewidth=1)
    axe.text(SEUIL_ACQUISE, len(scores) - 0.4, f" seuil {nombre(SEUIL_ACQUISE)} %", fontsize=8, va="bottom")
    axe.set_yticks(rangs, [f"{c} {_court(i, 45)}" for c, i in zip(scores.competence, scores.intitule)], fontsize=8)
    axe.set_xlim(0, 110)
    axe.set_ylim(-0.6, len(scores) - 0.1)
    axe.set_xlabel("Points obtenus (% des points corrigés)")
    axe.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def graphique_questions(stats: pd.DataFrame) -> str:
    """Boîtes à moustaches des pourcentages obtenus par question, moyenne en losange (PNG base64)."""
    stats = stats[stats.copies > 0].reset_index(drop=True)
    figure = Figure(figsize=(8, 0.32 * len(stats) + 1.4))
    axe = figure.subplots()
    rangs = list(range(len(stats)))[::-1]
    if len(stats):
        axe.boxplot(list(stats.pourcentages), positions=rangs, orientation="horizontal", widths=0.6)
        axe.scatter(stats.moyenne_pourcentage, rangs, marker="D", color="#1565c0", zorder=3, label="moyenne")
        axe.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, frameon=False)
    axe.axvline(SEUIL_ACQUISE, color="#333", linestyle="--", linewidth=1)
    etiquettes = [f"{c[:2]} · {libelle_question(q)}" for c, q in zip(stats.cahier, stats.question)]
    axe.set_yticks(rangs, etiquettes, fontsize=8)
    axe.set_xlim(-5, 105)
    axe.set_xlabel("Points obtenus (% des points de la question)")
    axe.spines[["top", "right"]].set_visible(False)
    return _png(figure)


STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1em; margin: 1.2em 0 0.4em; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eef2f7; } td.nombre { text-align: right; white-space: nowrap; }
.etat { font-weight: bold; white-space: nowrap; }
.acquise { color: #2e7d32; } .en-cours { color: #b36b00; } .non-acquise { color: #c62828; }
.non-evaluee { color: #757575; } .attente { color: #6a1b9a; }
.identite td:first-child { font-weight: bold; width: 12em; background: #f7f7f7; }
.remarque { background: #fff8e1; border-left: 4px solid #ef8f00; padding: 0.5em 0.8em; }
ul { margin: 0; padding-left: 1.2em; } img { max-width: 100%; }
footer { margin-top: 2em; font-size: 0.8em; color: #666; }
"""


def _e(texte) -> str:
    return html.escape(str(texte))


def _classe(etat_: str) -> str:
    return {ACQUISE: "acquise", EN_COURS: "en-cours", NON_ACQUISE: "non-acquise"}.get(etat_, "non-evaluee")


def _page(titre: str, corps: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>{_e(titre)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n{corps}\n"
        f"<footer>Produit par gpedu. Convention : compétence acquise à partir de {nombre(SEUIL_ACQUISE)} % "
        f"des points corrigés, en cours d'acquisition à partir de {nombre(SEUIL_EN_COURS)} %.</footer>\n"
        "</body>\n</html>\n"
    )


def _liste(elements: list[str], vide: str = "—") -> str:
    return "<ul>" + "".join(f"<li>{_e(x)}</li>" for x in elements) + "</ul>" if elements else _e(vide)


def html_livret(apprenant: dict, certification: str, scores: pd.DataFrame, devoirs: list[str], jour: date) -> str:
    """Le livret HTML d'un apprenant pour une certification (scores : ``scores_competences`` de cet apprenant)."""
    certification = verifier_certification(certification)
    nom = apprenant.get("nom") or "(non renseigné dans le registre)"
    prenom = apprenant.get("prenom") or "(non renseigné dans le registre)"
    identite = "".join(
        f"<tr><td>{_e(a)}</td><td>{_e(b)}</td></tr>"
        for a, b in [
            ("Nom", nom),
            ("Prénom", prenom),
            ("Identifiant", apprenant["identifiant"]),
            ("Certification", f"{certification} — {CERTIFICATIONS[certification]}"),
            ("Devoirs pris en compte", ", ".join(devoirs)),
            ("Date", date_francaise(jour)),
        ]
    )
    compte = scores.etat.value_counts()
    resume = ", ".join(f"{compte.get(e, 0)} {e}" for e in (ACQUISE, EN_COURS, NON_ACQUISE, NON_EVALUEE))
    remarques = []
    if (scores.etat == NON_EVALUEE).all():
        remarques.append(
            "Aucune compétence de cette certification n'est encore évaluée pour cet apprenant "
            "(cahiers non rendus, non corrigés ou qui n'évaluent pas cette certification)."
        )
    attente = scores.en_attente.sum()
    if attente:
        remarques.append(
            f"{nombre(attente)} point(s) sont {EN_ATTENTE} par le formateur : ils ne comptent pas encore "
            "dans les pourcentages."
        )
    lignes = []
    for bloc, groupe in scores.groupby("bloc", sort=False):
        lignes.append(f'<tr><th colspan="6">{_e(bloc)}</th></tr>')
        for s in groupe.itertuples():
            attente_s = (
                f'<br><span class="attente">{nombre(s.en_attente)} pt(s) {EN_ATTENTE}</span>' if s.en_attente else ""
            )
            lignes.append(
                f"<tr><td><b>{_e(s.competence)}</b><br>{_e(s.intitule)}</td>"
                f'<td class="nombre">{nombre(s.points) if s.sur else "—"}</td>'
                f'<td class="nombre">{nombre(s.sur) if s.sur else "—"}</td>'
                f'<td class="nombre">{nombre(s.pourcentage)}{" %" if s.sur else ""}</td>'
                f'<td class="etat {_classe(s.etat)}">{_e(s.etat)}{attente_s}</td>'
                f"<td>{_liste(s.justification, 'aucune question de ces devoirs ne l’évalue')}</td></tr>"
            )
    corps = (
        f"<h1>Livret de compétences</h1>\n<p>{_e(CERTIFICATIONS[certification])}</p>\n"
        f'<table class="identite">{identite}</table>\n'
        + "".join(f'<p class="remarque">{_e(r)}</p>\n' for r in remarques)
        + f"<h2>Synthèse</h2>\n<p>{_e(resume)}.</p>\n"
        f'<img alt="Pourcentage des points obtenus par compétence" src="{graphique_livret(scores)}">\n'
        "<h2>Détail par bloc et par compétence</h2>\n<table>\n<tr><th>Compétence</th><th>Points</th><th>Sur</th>"
        "<th>%</th><th>État</th><th>Questions qui la justifient</th></tr>\n" + "\n".join(lignes) + "\n</table>"
    )
    return _page(f"Livret {certification} — {prenom} {nom}", corps)


def html_tableau_de_bord(
    devoir: str,
    stats: pd.DataFrame,
    erreurs: pd.DataFrame,
    groupe: pd.DataFrame,
    a_corriger: pd.DataFrame,
    titres: dict[str, str],
    apprenants: int,
    jour: date,
) -> str:
    """Le tableau de bord HTML d'un devoir."""
    questions = "".join(
        f"<tr><td>{_e(titres.get(s.cahier, s.cahier))}</td><td>{_e(libelle_question(s.question))}</td>"
        f'<td class="nombre">{s.copies}</td><td class="nombre">{nombre(s.moyenne)} / {nombre(s.sur)}</td>'
        f'<td class="nombre">{nombre(s.taux_reussite)}{" %" if s.copies else ""}</td>'
        f'<td class="nombre">{s.en_attente or ""}</td></tr>'
        for s in stats.itertuples()
    )
    if erreurs.empty:
        bloc_erreurs = "<p>Aucune erreur type repérée dans les copies corrigées.</p>"
    else:
        bloc_erreurs = (
            "<table><tr><th>Erreur type (piste donnée)</th><th>Apprenants</th><th>Questions</th></tr>"
            + "".join(
                f'<tr><td>{_e(e.piste)}</td><td class="nombre">{e.apprenants} ({_e(", ".join(e.identifiants))})</td>'
                f"<td>{_liste(e.questions)}</td></tr>"
                for e in erreurs.head(10).itertuples()
            )
            + "</table>"
        )
    sous_seuil = groupe[groupe.moyenne_pourcentage < SEUIL_ACQUISE]
    if groupe.empty:
        bloc_groupe = "<p>Aucune compétence évaluée dans les copies corrigées.</p>"
    elif sous_seuil.empty:
        bloc_groupe = (
            f"<p>Le groupe atteint le seuil de maîtrise ({nombre(SEUIL_ACQUISE)} %) "
            "sur toutes les compétences évaluées.</p>"
        )
    else:
        bloc_groupe = (
            "<table><tr><th>Compétence</th><th>Moyenne du groupe</th><th>État</th><th>Acquise par</th></tr>"
            + "".join(
                f"<tr><td><b>{_e(g.competence)}</b> {_e(g.intitule)}</td>"
                f'<td class="nombre">{nombre(g.moyenne_pourcentage)} %</td>'
                f'<td class="etat {_classe(g.etat)}">{_e(g.etat)}</td>'
                f'<td class="nombre">{g.acquise_par} / {g.apprenants}</td></tr>'
                for g in sous_seuil.sort_values("moyenne_pourcentage").itertuples()
            )
            + "</table>"
        )
    if a_corriger.empty:
        bloc_main = "<p>Aucune copie en attente de correction à la main.</p>"
    else:
        bloc_main = (
            "<p>À corriger dans le Formgrader de JupyterLab, puis « gpedu notes " + _e(devoir) + " ».</p>"
            "<table><tr><th>Apprenant</th><th>Cahier</th><th>Question</th><th>Sur</th></tr>"
            + "".join(
                f"<tr><td>{_e(a.identifiant)}</td><td>{_e(titres.get(a.cahier, a.cahier))}</td>"
                f'<td>{_e(libelle_question(a.question))}</td><td class="nombre">{nombre(a.sur)}</td></tr>'
                for a in a_corriger.itertuples()
            )
            + "</table>"
        )
    corps = (
        f"<h1>Tableau de bord — {_e(devoir)}</h1>\n<p>{apprenants} copie(s) corrigée(s), {date_francaise(jour)}. "
        "Seules les questions des cahiers rendus comptent ; une question est réussie à partir de "
        f"{nombre(SEUIL_ACQUISE)} % de ses points.</p>\n"
        "<h2>Distribution des points par question</h2>\n"
        f'<img alt="Distribution des points par question" src="{graphique_questions(stats)}">\n'
        "<table><tr><th>Cahier</th><th>Question</th><th>Copies</th><th>Moyenne</th><th>Taux de réussite</th>"
        f"<th>En attente</th></tr>{questions}</table>\n"
        f"<h2>Erreurs types les plus fréquentes</h2>\n{bloc_erreurs}\n"
        f"<h2>Compétences que le groupe n'a pas encore acquises</h2>\n{bloc_groupe}\n"
        f"<h2>Copies à corriger à la main</h2>\n{bloc_main}"
    )
    return _page(f"Tableau de bord — {devoir}", corps)


# --- écriture des rapports ------------------------------------------------------------------


def _ecrire(chemin: Path, texte: str) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    temporaire = chemin.with_suffix(".html.partiel")
    temporaire.write_text(texte, encoding="utf-8")
    temporaire.replace(chemin)


def certifications_evaluees(cours: Cours, devoirs: list[str]) -> list[str]:
    """Les certifications dont au moins une compétence est évaluée par les ``devoirs``."""
    evaluees = {
        COMPETENCES[c].certification for c in correspondance(cours.racine, devoirs).competence if c in COMPETENCES
    }
    return [c for c in CERTIFICATIONS if c in evaluees]


def ecrire_livrets(
    cours: Cours,
    certifications: list[str] | None = None,
    devoirs: list[str] | None = None,
    apprenants: list[str] | None = None,
    jour: date | None = None,
) -> Rapport:
    """Écrit ``rapports/livrets/<CERTIF>/<identifiant>.html`` pour chaque apprenant et certification.

    Par défaut : tous les devoirs corrigés, les certifications qu'ils évaluent, tous les apprenants corrigés.
    Une certification demandée que ces devoirs n'évaluent pas est écartée avec sa raison.
    """
    codes = [verifier_certification(c) for c in certifications or []]
    devoirs = choisir_devoirs(cours, devoirs)
    evaluees = certifications_evaluees(cours, devoirs)
    codes = list(dict.fromkeys(codes)) or evaluees
    if not codes:
        raise ErreurCours(f"Les devoirs {', '.join(devoirs)} n'évaluent aucune compétence des référentiels.")
    notes = notes_detaillees(cours, devoirs)
    if notes.empty:
        raise ErreurCours(f"Aucune note dans la base pour {', '.join(devoirs)} : lancez d'abord « gpedu corriger ».")
    registre = cours.apprenants()
    if apprenants:
        for ident in apprenants:
            if ident not in set(notes.identifiant):
                if ident not in registre:
                    raise ErreurCours(f"Apprenant « {ident} » inconnu du registre (gpedu apprenants REGISTRE.csv).")
                raise ErreurCours(f"Apprenant « {ident} » : aucune copie corrigée dans {', '.join(devoirs)}.")
        notes = notes[notes.identifiant.isin(apprenants)]
    lien = correspondance(cours.racine, devoirs)
    rapport = Rapport(f"Livrets de compétences ({', '.join(devoirs)})")
    inconnues = sorted(set(lien.competence) - set(COMPETENCES))
    if inconnues:
        rapport.remarques.append(("cahiers sources", f"compétence(s) inconnue(s) ignorée(s) : {', '.join(inconnues)}"))
    jour = jour or date.today()
    sans_nom = set()
    for code in codes:
        if code not in evaluees:
            rapport.ecartes.append((code, f"aucune compétence de {code} n'est évaluée par {', '.join(devoirs)}"))
            continue
        scores = scores_competences(notes, lien, code)
        for ident, propres in scores.groupby("identifiant", sort=True):
            fiche = {"identifiant": ident, **registre.get(ident, {})}
            if not (fiche.get("nom") or fiche.get("prenom")):
                sans_nom.add(ident)
            chemin = cours.dossier("rapports", "livrets", code, f"{ident}.html")
            _ecrire(chemin, html_livret(fiche, code, propres.reset_index(drop=True), devoirs, jour))
            rapport.faits.append(str(chemin.relative_to(cours.racine)))
    rapport.remarques += [
        (ident, "nom et prénom absents du registre : livret écrit avec l'identifiant seul (gpedu apprenants)")
        for ident in sorted(sans_nom)
    ]
    if not rapport.faits:
        raise ErreurCours(f"Aucun livret écrit : {'; '.join(raison for _, raison in rapport.ecartes)}.")
    return rapport


def ecrire_tableau_de_bord(cours: Cours, devoir: str, jour: date | None = None) -> Path:
    """Écrit ``rapports/tableau_de_bord_<devoir>.html`` et rend son chemin."""
    devoir = choisir_devoirs(cours, [devoir])[0]
    notes = notes_detaillees(cours, [devoir])
    if notes.empty:
        raise ErreurCours(f"Aucune note dans la base pour « {devoir} » : lancez d'abord « gpedu corriger {devoir} ».")
    lien = correspondance(cours.racine, [devoir])
    titres = dict(zip(lien.cahier, lien.titre_cahier))
    rendues = notes[notes.rendu]
    a_corriger = rendues[rendues.en_attente.astype(bool)].sort_values(["identifiant", "cahier", "question"])
    rangs = lien.drop_duplicates(["cahier", "question"])[["cahier", "question", "rang"]]
    stats = statistiques_questions(notes).merge(rangs, on=["cahier", "question"], how="left")
    stats = stats.sort_values(["cahier", "rang", "question"], ignore_index=True)
    page = html_tableau_de_bord(
        devoir,
        stats,
        erreurs_types(pistes_copies(cours, devoir), titres),
        competences_groupe(notes, lien),
        a_corriger,
        titres,
        notes.identifiant.nunique(),
        jour or date.today(),
    )
    chemin = cours.dossier("rapports", f"tableau_de_bord_{devoir}.html")
    _ecrire(chemin, page)
    return chemin
