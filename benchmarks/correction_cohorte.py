"""Banc d'essai : une cohorte synthétique corrigée par gpedu et par nbgrader seul, sur la même machine.

Deux cours identiques (copies temporaires du dépôt) reçoivent les mêmes copies : deux
apprenants sur trois rendent la solution de référence, le troisième la version vierge.
Le premier est corrigé par ``gpedu corriger`` (copies en parallèle, retours compris), le
second par ``nbgrader autograde`` puis ``nbgrader generate_feedback``, une copie après
l'autre. Le script vérifie que les notes sont identiques question par question, puis
affiche les deux durées et leur rapport.

    .venv/bin/python benchmarks/correction_cohorte.py [--apprenants 30] [--devoir amelioration] [--isoler]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat

from gpedu.cours.operations import Cours
from gpedu.cours.reference import reponses_de_reference

RACINE = Path(__file__).resolve().parents[1]


def preparer(dossier: Path, devoir: str, apprenants: int) -> Cours:
    """Un cours temporaire publié, avec ``apprenants`` copies importées dans submitted/."""
    dossier.mkdir(parents=True)
    shutil.copy(RACINE / "nbgrader_config.py", dossier)
    shutil.copytree(RACINE / "source" / devoir, dossier / "source" / devoir)
    cours = Cours(dossier)
    cours.publier([devoir])
    copies = dossier.parent / f"{dossier.name}-copies"
    for rang in range(apprenants):
        ident = f"apprenant{rang:02d}"
        for release in sorted((dossier / "release" / devoir).glob("*.ipynb")):
            cahier = nbformat.read(release, as_version=4)
            if rang % 3 != 2:  # deux sur trois : la référence
                source = nbformat.read(dossier / "source" / devoir / release.name, as_version=4)
                reponses = reponses_de_reference(source)
                for cellule in cahier.cells:
                    gid = cellule.metadata.get("nbgrader", {}).get("grade_id")
                    if gid in reponses:
                        cellule.source = reponses[gid]
            (copies / ident).mkdir(parents=True, exist_ok=True)
            nbformat.write(cahier, copies / ident / release.name)
    cours.importer(copies, devoir)
    return cours


def notes(cours: Cours, devoir: str) -> dict[tuple[str, str, str], float]:
    detail = cours.detail_notes(devoir)
    return {(d.identifiant, d.cahier, d.question): round(float(d.points), 4) for d in detail.itertuples()}


def main() -> int:
    analyseur = argparse.ArgumentParser(description="gpedu contre nbgrader seul : durée de correction d'une cohorte.")
    analyseur.add_argument("--apprenants", type=int, default=30, help="taille de la cohorte (défaut : 30)")
    analyseur.add_argument("--devoir", default="amelioration", help="devoir complet à corriger (défaut : amelioration)")
    analyseur.add_argument(
        "--isoler",
        action="store_true",
        help="noyaux de gpedu sous l'utilisateur sans droits, comme en production en root (défaut : sans isolement)",
    )
    args = analyseur.parse_args()
    warnings.filterwarnings("ignore")  # avertissements internes de nbgrader/SQLAlchemy (comme la commande gpedu)
    if not args.isoler:
        os.environ.setdefault("GPEDU_ISOLEMENT", "0")  # même travail des deux côtés : pas d'utilisateur nobody
    with tempfile.TemporaryDirectory(prefix="gpedu-banc-") as temporaire:
        print(f"Préparation de deux cours de {args.apprenants} copies du devoir « {args.devoir} »…")
        avec_gpedu = preparer(Path(temporaire) / "gpedu", args.devoir, args.apprenants)
        seul = preparer(Path(temporaire) / "nbgrader", args.devoir, args.apprenants)

        debut = time.perf_counter()
        for etape in ("autograde", "generate_feedback"):
            subprocess.run(
                [sys.executable, "-m", "nbgrader", etape, args.devoir, "--force", "--log-level=ERROR"],
                cwd=seul.racine,
                check=True,
            )
        duree_nbgrader = time.perf_counter() - debut

        debut = time.perf_counter()
        avec_gpedu.corriger(args.devoir, progression=False)
        duree_gpedu = time.perf_counter() - debut

        notes_gpedu, notes_nbgrader = notes(avec_gpedu, args.devoir), notes(seul, args.devoir)
        differences = {
            k for k in notes_gpedu.keys() | notes_nbgrader.keys() if notes_gpedu.get(k) != notes_nbgrader.get(k)
        }
        nb_cahiers = len(avec_gpedu.cahiers(args.devoir))
    print(f"Cœurs : {os.cpu_count()} ; copies : {args.apprenants} × {nb_cahiers} cahiers")
    if args.isoler:
        from gpedu.cours import isolement

        print(f"Isolement des noyaux de gpedu (nobody) : {'oui' if isolement.possible() else 'impossible ici'}")
    print(f"nbgrader seul (autograde + generate_feedback, une copie après l'autre) : {duree_nbgrader:7.1f} s")
    print(f"gpedu corriger (en parallèle, retours et synthèses compris)            : {duree_gpedu:7.1f} s")
    print(f"Rapport : gpedu est {duree_nbgrader / duree_gpedu:.2f} fois plus rapide.")
    if differences:
        print(f"✘ {len(differences)} note(s) différente(s), par exemple : {sorted(differences)[:3]}")
        return 1
    print(f"✔ Notes identiques question par question ({len(notes_gpedu)} notes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
