"""Le retour d'un apprenant sur tout un devoir : une page HTML, une ligne par question.

Pour chaque question : les points, le message en français et la piste d'erreur type ;
les figures de ses réponses (matplotlib, et la version fixe des figures plotly). Rien des
tests cachés : seuls les messages écrits pour l'apprenant sont repris.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import nbformat

from gpedu.correction import message_apprenant
from gpedu.cours import cahiers as nb

NOM = "synthese.html"
MANUELLE = "Réponse rédigée, notée par le formateur (0 si rien n'a été écrit)."
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:2px solid #4e79a7;padding-top:1rem}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top}
th{background:#eef3f8;text-align:left}.ok{color:#2e7d32}.ko{color:#c62828}.attente{color:#8a6d00}
.piste{background:#fff4d6;border-left:4px solid #f0b400;padding:.2rem .4rem;display:block;margin-top:.3rem}
img{max-width:100%;border:1px solid #ddd;margin:.3rem 0}.total{font-size:1.1rem;font-weight:bold}
"""


def _sections(source: nbformat.NotebookNode) -> list[tuple[str, list[str]]]:
    """(titre, cellules) de chaque partie « ## … » du cahier source."""
    sections: list[tuple[str, list[str]]] = [("Début du cahier", [])]
    for cellule in source.cells:
        titre = re.search(r"^##\s+(.+)$", cellule.source, re.M) if cellule.cell_type == "markdown" else None
        if titre:
            sections.append((titre.group(1).strip(), []))
        gid = nb.nbgrader(cellule).get("grade_id")
        if gid:
            sections[-1][1].append(gid)
    return sections


def _message(cellule) -> str:
    """Le message pour l'apprenant d'une cellule de test corrigée (HTML sûr)."""
    for sortie in cellule.get("outputs", []):
        if sortie.output_type == "error":
            texte = html.escape(message_apprenant(sortie.ename, sortie.evalue))
            return re.sub(r"(Piste : [^\n]+)", r"<span class='piste'>\1</span>", texte).replace("\n", "<br>")
        if sortie.output_type == "execute_result" and "text/html" in sortie.get("data", {}):
            detail = sortie.data["text/html"]  # produit par gpedu.correction.Note (textes échappés)
            return re.sub(r"(Piste : [^<]+)", r"<span class='piste'>\1</span>", detail)
    return ""


def _figures(cellule) -> list[str]:
    return [
        f"<img alt='figure' src='data:image/png;base64,{s.data['image/png']}'>"
        for s in cellule.get("outputs", [])
        if "image/png" in s.get("data", {})
    ]


def page_synthese(
    devoir: str, ident: str, fiche: dict, cahiers: dict[str, tuple], notes: dict[tuple[str, str], tuple]
) -> str:
    """La page HTML.

    ``cahiers`` : nom → (source, corrigé) ; ``notes`` : (cahier, question) → (points, sur, manuelle, attente).
    """
    nom = " ".join(x for x in (fiche.get("prenom"), fiche.get("nom")) if x) or ident
    total = sum(points or 0 for points, *_ in notes.values())
    sur = sum(maximum for _, maximum, *_ in notes.values())
    corps = [
        f"<h1>Retour de {html.escape(nom)} — devoir « {html.escape(devoir)} »</h1>",
        f"<p>Identifiant : {html.escape(ident)} — page écrite le {datetime.now():%d/%m/%Y à %H:%M}.</p>",
        f"<p class='total'>Total : {total:g} / {sur:g} points</p>",
    ]
    en_attente = sum(1 for *_, attente in notes.values() if attente)
    if en_attente:
        corps.append(f"<p class='attente'>{en_attente} réponse(s) attendent la correction du formateur.</p>")
    for cahier, (source, corrige) in sorted(cahiers.items()):
        cellules = {nb.nbgrader(c).get("grade_id"): c for c in corrige.cells if nb.nbgrader(c).get("grade_id")}
        corps.append(f"<h2>{html.escape(cahier)}</h2>")
        for titre, gids in _sections(source):
            notees = [g for g in gids if (cahier, g) in notes]
            if not notees:
                continue
            corps.append(f"<h3>{html.escape(titre)}</h3><table><tr><th>Points</th><th>Message</th></tr>")
            for gid in notees:
                points, maximum, manuelle, attente = notes[cahier, gid]
                if attente:
                    etat, message = "attente", "En attente de la correction du formateur."
                else:
                    etat = "ok" if points >= maximum else "ko"
                    message = _message(cellules.get(gid, {})) if not manuelle else MANUELLE
                    message = message or ("✔ Réponse juste." if etat == "ok" else "")
                valeur = "—" if attente else f"{points:g}"
                corps.append(f"<tr><td class='{etat}'>{valeur} / {maximum:g}</td><td>{message}</td></tr>")
            corps.append("</table>")
            for gid in gids:
                if gid in cellules and not nb.est_test(cellules[gid]):
                    corps += _figures(cellules[gid])
    return (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>Retour — {html.escape(devoir)} — {html.escape(nom)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(corps)}</body></html>"
    )


def ecrire_synthese(cours, devoir: str, ident: str) -> Path | None:
    """Écrit ``feedback/<id>/<devoir>/synthese.html`` depuis la base et les cahiers corrigés."""
    detail = cours.detail_notes(devoir)
    detail = detail[detail.identifiant == ident]
    if detail.empty:
        return None
    notes = {
        (n.cahier, n.question): (n.points, n.sur, n.correction == "manuelle", bool(n.a_corriger_a_la_main))
        for n in detail.itertuples()
    }
    cahiers = {}
    for cahier in sorted(set(detail.cahier)):
        corrige = cours.dossier("autograded", ident, devoir, f"{cahier}.ipynb")
        if corrige.exists():
            source = nbformat.read(cours.dossier("source", devoir, f"{cahier}.ipynb"), as_version=4)
            cahiers[cahier] = (source, nbformat.read(corrige, as_version=4))
    notes = {cle: valeur for cle, valeur in notes.items() if cle[0] in cahiers}
    page = cours.dossier("feedback", ident, devoir, NOM)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_synthese(devoir, ident, cours.apprenants().get(ident, {}), cahiers, notes), encoding="utf-8")
    return page
