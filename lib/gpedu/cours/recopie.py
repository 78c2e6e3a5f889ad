"""Détection des réponses recopiées d'un apprenant à l'autre.

Chaque apprenant a ses propres données : une réponse fausse pour ses données mais
identique à la réponse juste d'un autre apprenant (pour les données de cet autre) est
la trace d'une recopie. Les empreintes des réponses examinées sont jointes par
``gpedu.correction.examinee`` aux sorties des cellules de test (jamais aux retours).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat

from gpedu.correction import TYPE_EXAMEN

MINIMUM = 2  # réponses recopiées au moins, pour signaler


@dataclass(frozen=True)
class Recopie:
    apprenant: str
    source: str
    reponses: int  # réponses fausses pour lui, justes pour ``source``, identiques
    fausses: int  # toutes ses réponses fausses

    def __str__(self) -> str:
        return (
            f"copie probable : {self.reponses} réponse(s) fausse(s) pour ses données sont exactement les réponses "
            f"justes de {self.source} pour les données de {self.source} (sur {self.fausses} réponse(s) fausse(s))"
        )


def empreintes(racine: Path, devoir: str) -> dict[str, dict[tuple, tuple[str, bool]]]:
    """apprenant → {(cahier, cellule, rang, nom) : (empreinte, juste)}, lues dans ``autograded/``."""
    resultat: dict[str, dict[tuple, tuple[str, bool]]] = {}
    dossier = Path(racine, "autograded")
    if not dossier.is_dir():
        return resultat
    for copie in sorted(dossier.glob(f"*/{devoir}/*.ipynb")):
        try:
            cahier = nbformat.read(copie, as_version=4)
        except Exception:  # copie illisible : rien à comparer
            continue
        traces = resultat.setdefault(copie.parent.parent.name, {})
        for cellule in cahier.cells:
            gid = cellule.metadata.get("nbgrader", {}).get("grade_id", "")
            rang = 0
            for sortie in cellule.get("outputs", []):
                for trace in sortie.get("data", {}).get(TYPE_EXAMEN, {}).get("reponses", []):
                    traces[copie.stem, gid, rang, trace["nom"]] = (trace["empreinte"], bool(trace["juste"]))
                    rang += 1
    return resultat


def recopies(traces: dict[str, dict[tuple, tuple[str, bool]]], minimum: int = MINIMUM) -> list[Recopie]:
    """Les apprenants dont plusieurs réponses fausses sont les réponses justes d'un même autre apprenant."""
    justes: dict[tuple, set[str]] = {}
    for ident, reponses in traces.items():
        for cle, (empreinte, juste) in reponses.items():
            if juste:
                justes.setdefault((cle, empreinte), set()).add(ident)
    trouvees = []
    for ident, reponses in sorted(traces.items()):
        fausses = [(cle, empreinte) for cle, (empreinte, juste) in reponses.items() if not juste]
        sources = Counter(autre for f in fausses for autre in justes.get(f, ()) if autre != ident)
        for source, nombre in sources.most_common(1):
            if nombre >= minimum and 2 * nombre >= len(fausses):
                trouvees.append(Recopie(ident, source, nombre, len(fausses)))
    return trouvees
