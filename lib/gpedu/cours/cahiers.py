"""Lecture des cahiers sources : cellules nbgrader, compétences, régions cachées."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd

from gpedu.referentiels import COMPETENCES

REGION_SOLUTION = re.compile(r"BEGIN SOLUTION(.*?)END SOLUTION", re.S)
REGION_CACHEE = re.compile(r"BEGIN HIDDEN TESTS(.*?)END HIDDEN TESTS", re.S)
POINTS_BAREME = re.compile(r"Bareme\(points=([0-9.]+)\)")


def nbgrader(cellule) -> dict:
    return cellule.metadata.get("nbgrader", {})


def est_notee(cellule) -> bool:
    """Cellule qui rapporte des points (test, réponse corrigée à la main ou tâche)."""
    meta = nbgrader(cellule)
    return bool(meta.get("grade") or meta.get("task"))


def est_test(cellule) -> bool:
    meta = nbgrader(cellule)
    return cellule.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def competences(cellule) -> list[str]:
    return list(cellule.metadata.get("gpedu", {}).get("competences", []))


def lignes_significatives(texte: str, longueur_min: int = 12) -> Iterator[str]:
    """Lignes assez longues et non commentées pour signer un passage (détection de fuite)."""
    for ligne in texte.splitlines():
        ligne = ligne.strip()
        if len(ligne) >= longueur_min and not ligne.startswith("#"):
            yield ligne


def lignes_secretes(cahier, solutions: bool = True) -> list[str]:
    """Lignes des solutions (si ``solutions``) et des tests cachés qui n'apparaissent nulle part ailleurs."""
    regions = [REGION_CACHEE, REGION_SOLUTION] if solutions else [REGION_CACHEE]
    secretes, visible = [], []
    for cellule in cahier.cells:
        texte = cellule.source
        for region in regions:
            secretes += [ligne for m in region.finditer(texte) for ligne in lignes_significatives(m.group(1))]
        for region in (REGION_CACHEE, REGION_SOLUTION):
            texte = region.sub("", texte)
        visible.append(texte)
    visible = "\n".join(visible)
    return [ligne for ligne in dict.fromkeys(secretes) if ligne not in visible]


def cahiers_sources(racine: Path) -> list[tuple[str, Path]]:
    """(devoir, chemin) de chaque cahier de ``source/``."""
    return [(p.parent.name, p) for p in sorted(Path(racine, "source").glob("*/*.ipynb"))]


def couverture(racine: Path) -> pd.DataFrame:
    """Matrice compétences × cahiers : points des cellules notées qui évaluent chaque compétence."""
    colonnes: dict[str, dict[str, float]] = {}
    for devoir, chemin in cahiers_sources(racine):
        cahier = nbformat.read(chemin, as_version=4)
        points = colonnes.setdefault(f"{devoir}/{chemin.stem}", {})
        for cellule in cahier.cells:
            if est_notee(cellule):
                for ident in competences(cellule):
                    points[ident] = points.get(ident, 0) + float(nbgrader(cellule).get("points", 0))
    matrice = pd.DataFrame(colonnes, index=list(COMPETENCES)).fillna(0)
    matrice.insert(0, "intitule", [COMPETENCES[i].intitule for i in matrice.index])
    matrice["total"] = matrice.drop(columns="intitule").sum(axis=1)
    matrice.index.name = "competence"
    return matrice


def reparer_structure(copie, modele):
    """Copie réparée avant correction : cellules notées remises, doublons neutralisés, types rétablis.

    ``modele`` est la version apprenant (release). Les réponses de l'apprenant sont gardées ; une cellule
    notée supprimée est reprise du modèle, à sa place ; seule la première d'une cellule en double reste
    notée ; une cellule dont le type a changé reprend son type d'origine (son contenu est gardé).
    Corrige les plantages de nbgrader sur ces cas (nbgrader #1083, #1941).
    """
    reparee = nbformat.from_dict(copie)
    types = {nbgrader(c)["grade_id"]: c.cell_type for c in modele.cells if nbgrader(c).get("grade_id")}
    vues, cellules = set(), []
    for cellule in reparee.cells:
        ident = nbgrader(cellule).get("grade_id")
        if ident in vues:
            cellule.metadata.pop("nbgrader", None)  # doublon : devient une cellule ordinaire
        elif ident in types:
            vues.add(ident)
            if cellule.cell_type != types[ident]:
                nouvelle = nbformat.from_dict(
                    {"cell_type": types[ident], "metadata": cellule.metadata, "source": cellule.source}
                )
                if types[ident] == "code":
                    nouvelle.update(outputs=[], execution_count=None)
                nouvelle["id"] = cellule.get("id", ident)
                cellule = nouvelle
        cellules.append(cellule)
    precedente = None
    for cellule in modele.cells:
        ident = nbgrader(cellule).get("grade_id")
        if not ident:
            continue
        if ident not in vues:
            rang = next(
                (i + 1 for i, c in enumerate(cellules) if precedente and nbgrader(c).get("grade_id") == precedente), 0
            )
            cellules.insert(rang, nbformat.from_dict(cellule))
            vues.add(ident)
        precedente = ident
    reparee.cells = cellules
    return reparee


def anomalies_structure(copie, source) -> list[str]:
    """Ce que l'apprenant a changé dans la structure notée (nbgrader le répare à la correction)."""
    attendues = {nbgrader(c)["grade_id"]: c.cell_type for c in source.cells if nbgrader(c).get("grade_id")}
    vues: dict[str, list[str]] = {}
    for cellule in copie.cells:
        ident = nbgrader(cellule).get("grade_id")
        if ident in attendues:
            vues.setdefault(ident, []).append(cellule.cell_type)
    anomalies = []
    supprimees = [i for i in attendues if i not in vues]
    if supprimees:
        anomalies.append(
            f"cellule(s) supprimée(s) : {', '.join(supprimees)} (remise(s) depuis la version du formateur ; "
            "une réponse supprimée vaut zéro)"
        )
    doublons = [i for i, types in vues.items() if len(types) > 1]
    if doublons:
        anomalies.append(f"cellule(s) en double : {', '.join(doublons)} (seule la première est notée)")
    retypees = [i for i, types in vues.items() if types[0] != attendues[i]]
    if retypees:
        anomalies.append(f"type de cellule changé : {', '.join(retypees)} (type d'origine rétabli)")
    return anomalies
