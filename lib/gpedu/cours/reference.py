"""La solution de référence exécutée pour un apprenant : ses données et ses réponses attendues.

Sert au formateur (``gpedu donnees``, pour aider un apprenant en salle) et à la
démonstration (une copie recopiée sur celle d'un autre). Le cahier source est exécuté
dans un dossier temporaire, avec l'identité de l'apprenant (``GPEDU_APPRENANT``).
"""

from __future__ import annotations

import ast
import json
import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from gpedu.cours import cahiers as nb
from gpedu.cours.configuration import ErreurCours
from gpedu.identite import VARIABLE

MARQUE = "GPEDU-REPONSES:"


def _sans_marqueurs(source: str) -> str:
    return "\n".join(
        ligne for ligne in source.splitlines() if "### BEGIN SOLUTION" not in ligne and "### END SOLUTION" not in ligne
    )


def reponses_de_reference(source: nbformat.NotebookNode) -> dict[str, str]:
    """Le code de chaque cellule de réponse du cahier source, sans les marqueurs nbgrader."""
    return {
        nb.nbgrader(c)["grade_id"]: _sans_marqueurs(c.source)
        for c in source.cells
        if nb.nbgrader(c).get("solution") and "BEGIN SOLUTION" in c.source
    }


def variables_de_reponse(source: nbformat.NotebookNode) -> dict[str, list[str]]:
    """Les variables affectées par chaque cellule de réponse en code (dans l'ordre)."""
    noms = {}
    for gid, code in reponses_de_reference(source).items():
        cellule = next(c for c in source.cells if nb.nbgrader(c).get("grade_id") == gid)
        if cellule.cell_type != "code":
            continue
        vus = [n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
        noms[gid] = list(dict.fromkeys(vus))
    return noms


def executer_reference(
    racine: Path, devoir: str, cahier: str, apprenant: str, delai: int = 120
) -> tuple[nbformat.NotebookNode, dict[str, object]]:
    """Exécute la référence de ``cahier`` pour ``apprenant`` : (cahier exécuté, valeur de chaque réponse)."""
    chemin = Path(racine, "source", devoir, f"{cahier}.ipynb")
    if not chemin.is_file():
        raise ErreurCours(f"Cahier inconnu : {devoir}/{cahier} (attendu : {chemin}).")
    source = nbformat.read(chemin, as_version=4)
    noms = sorted({n for liste in variables_de_reponse(source).values() for n in liste})
    source.cells.append(
        nbformat.v4.new_code_cell(
            "import json as _json\n"
            "def _valeur(v):\n"
            "    return v.to_dict() if hasattr(v, 'to_dict') else v\n"
            f"print({MARQUE!r} + _json.dumps({{n: _valeur(globals()[n]) for n in {noms!r} if n in globals()}}, "
            "default=str, ensure_ascii=False))"
        )
    )
    environnement = os.environ | {VARIABLE: apprenant, "GPEDU_STATIQUE": "1", "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory(prefix="gpedu-reference-") as dossier:
        client = NotebookClient(
            source, timeout=delai, kernel_name="python3", resources={"metadata": {"path": dossier}}, allow_errors=True
        )
        client.execute(env=environnement)
    sortie = "".join(o.get("text", "") for o in source.cells[-1].outputs if o.output_type == "stream")
    if MARQUE not in sortie:
        erreurs = [
            f"{o.ename} : {o.evalue}" for c in source.cells for o in c.get("outputs", []) if o.output_type == "error"
        ]
        raise ErreurCours(f"La référence de {cahier} n'a pas pu être exécutée pour {apprenant} : {erreurs[:1]}")
    valeurs = json.loads(sortie.split(MARQUE, 1)[1])
    source.cells.pop()
    return source, valeurs


def fiche_apprenant(racine: Path, devoir: str, cahier: str, apprenant: str) -> str:
    """Texte pour le formateur : les données de l'apprenant et ses réponses attendues."""
    execute, valeurs = executer_reference(racine, devoir, cahier, apprenant)
    lignes = [f"Cahier {devoir}/{cahier} — données de {apprenant}", ""]
    for cellule in execute.cells:
        gid = nb.nbgrader(cellule).get("grade_id", "")
        if cellule.cell_type != "code" or not gid.startswith("donnees"):
            continue
        lignes.append(f"--- {gid}")
        for sortie in cellule.outputs:
            if sortie.output_type == "stream":
                lignes.append(sortie.text.rstrip())
            elif "data" in sortie and "text/plain" in sortie.data:
                lignes.append(sortie.data["text/plain"].rstrip())
    lignes += ["", f"Réponses attendues pour {apprenant} :"]
    for gid, noms in variables_de_reponse(nbformat.read(Path(racine, "source", devoir, f"{cahier}.ipynb"), 4)).items():
        lignes.append(f"--- {gid}")
        lignes += [
            f"{nom} = {valeurs[nom]!r}" for nom in noms if isinstance(valeurs.get(nom), int | float | list | dict)
        ]
    return "\n".join(lignes)
