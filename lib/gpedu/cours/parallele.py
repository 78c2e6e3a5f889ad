"""Correction en parallèle : chaque copie est corrigée par nbgrader dans un cours temporaire.

Un processus par cœur corrige une copie à la fois, cahier par cahier, avec la vraie commande
``autograde`` de nbgrader, dans un petit cours temporaire : la configuration du cours, un
instantané de la base de notes pris au début de la correction et la seule copie de l'apprenant.
Le processus principal reporte ensuite, copie par copie et en **une transaction**, les lignes
de cet apprenant dans la vraie base : une correction interrompue (Ctrl-C, plantage) laisse une
base cohérente, où chaque copie a soit sa nouvelle note, soit l'ancienne.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from gpedu.cours.configuration import FICHIER_CONFIG, charger_config, creer_api

BASE = "gradebook.db"
RAISONS = {
    "DeadKernelError": "le noyau Python s'est arrêté pendant l'exécution (la copie appelle peut-être os._exit, "
    "tue son processus ou sature la mémoire)",
    "Kernel died": "le noyau Python s'est arrêté pendant l'exécution (la copie appelle peut-être os._exit, "
    "tue son processus ou sature la mémoire)",
    "unresponsive": "le noyau Python ne répond plus, même après interruption (boucle sans fin ?)",
    "UnresponsiveKernelError": "le noyau Python ne répond plus, même après interruption (boucle sans fin ?)",
    "Timeout waiting for": "le noyau Python n'a pas démarré ou ne répond plus",
}
# Noyau mort ou muet au démarrage, avant la copie : incident de la machine, le cahier est recorrigé une fois.
DEMARRAGE = ("Kernel died before replying to kernel_info", "Kernel didn't respond")


@dataclass(frozen=True)
class Travail:
    """Une copie à corriger (objet simple, envoyé aux processus de correction)."""

    racine: str
    devoir: str
    ident: str
    instantane: str
    cahiers: tuple[str, ...]
    isoler: bool = False


@dataclass
class Resultat:
    """Ce qu'un processus de correction rend : son cours temporaire, les cahiers corrigés et les échecs."""

    ident: str
    dossier: str
    corriges: list[str] = field(default_factory=list)
    echecs: dict[str, str] = field(default_factory=dict)
    remarques: list[str] = field(default_factory=list)
    retour: str | None = None


def raison_echec(journal: str) -> str:
    """Raison en français d'un échec de nbgrader, à partir de son journal d'erreurs."""
    for motif, raison in RAISONS.items():
        if motif in journal:
            return raison
    derniere = journal.strip().splitlines()[-1] if journal.strip() else "erreur inconnue"
    return f"nbgrader n'a pas pu corriger ce cahier ({derniere[:300]})"


def acces_refuses(chemin: Path) -> list[str]:
    """Les tentatives d'accès refusées pendant l'exécution d'une copie (erreurs PermissionError)."""
    import nbformat

    if not chemin.exists():
        return []
    cahier = nbformat.read(chemin, as_version=4)
    return [
        f"{chemin.stem} : accès refusé pendant la correction ({sortie.get('evalue', '')[:200]}) — "
        "la copie a tenté de lire ou d'écrire un fichier protégé"
        for cellule in cahier.cells
        if cellule.cell_type == "code"
        for sortie in cellule.get("outputs", [])
        if sortie.get("output_type") == "error" and sortie.get("ename") == "PermissionError"
    ]


def corriger_copie(travail: Travail) -> Resultat:
    """Corrige une copie, cahier par cahier, dans un cours temporaire (dans un processus de correction)."""
    import warnings

    import nbformat
    from nbgrader.utils import temp_attrs
    from sqlalchemy.exc import SAWarning

    from gpedu.cours import isolement
    from gpedu.cours.cahiers import reparer_structure
    from gpedu.cours.operations import derniere_erreur, generer_retour

    warnings.filterwarnings("ignore", category=SAWarning)  # avertissements internes de nbgrader
    racine = Path(travail.racine)
    dossier = Path(tempfile.mkdtemp(prefix="gpedu-copie-"))
    resultat = Resultat(travail.ident, str(dossier))
    shutil.copy(racine / FICHIER_CONFIG, dossier)
    shutil.copy(travail.instantane, dossier / BASE)
    shutil.copytree(
        racine / "source" / travail.devoir,
        dossier / "source" / travail.devoir,
        ignore=shutil.ignore_patterns("*.ipynb"),  # les cahiers sources (solutions) ne sont pas utiles ici
    )
    copie = racine / "submitted" / travail.ident / travail.devoir
    shutil.copytree(copie, dossier / "submitted" / travail.ident / travail.devoir)
    for cahier in travail.cahiers:
        chemin = dossier / "submitted" / travail.ident / travail.devoir / f"{cahier}.ipynb"
        modele = nbformat.read(racine / "release" / travail.devoir / f"{cahier}.ipynb", as_version=4)
        nbformat.write(reparer_structure(nbformat.read(chemin, as_version=4), modele), chemin)
    config = charger_config(dossier)
    isolement.preparer(dossier, config, travail.isoler)
    nbgrader = creer_api(config)
    for cahier in travail.cahiers:
        for _essai in range(2):
            with temp_attrs(nbgrader.coursedir, notebook_id=cahier):
                sortie = nbgrader.autograde(travail.devoir, travail.ident, force=True, create=True)
            journal = f"{sortie.get('log') or ''}\n{sortie.get('error') or ''}"
            if sortie["success"] or not any(motif in journal for motif in DEMARRAGE):
                break
        if sortie["success"]:
            resultat.corriges.append(cahier)
            resultat.remarques += acces_refuses(
                dossier / "autograded" / travail.ident / travail.devoir / f"{cahier}.ipynb"
            )
        else:
            resultat.echecs[cahier] = raison_echec(derniere_erreur(sortie))
    if resultat.corriges:
        sortie = generer_retour(nbgrader, travail.devoir, travail.ident)
        if not sortie["success"]:
            resultat.retour = derniere_erreur(sortie)
    return resultat


def reporter(base: Path, resultat: Resultat, devoir: str) -> None:
    """Reporte dans ``base`` les notes de la copie corrigée, en une seule transaction.

    Les cahiers corrigés remplacent leurs lignes ; un autre cahier (en échec, illisible ou non rendu)
    garde sa note précédente, ou reçoit zéro s'il n'en avait pas.
    """
    connexion = sqlite3.connect(base, timeout=60, isolation_level=None)
    try:
        connexion.execute("PRAGMA foreign_keys = OFF")
        connexion.execute("ATTACH DATABASE ? AS copie", (str(Path(resultat.dossier) / BASE),))
        connexion.execute("BEGIN IMMEDIATE")
        ident = resultat.ident
        connexion.execute("INSERT OR REPLACE INTO main.student SELECT * FROM copie.student WHERE id = ?", (ident,))
        connexion.execute(
            "INSERT OR REPLACE INTO main.submitted_assignment SELECT sa.* FROM copie.submitted_assignment sa "
            "JOIN copie.assignment a ON a.id = sa.assignment_id WHERE a.name = ? AND sa.student_id = ?",
            (devoir, ident),
        )
        requete = (
            "SELECT sn.id FROM {0}.submitted_notebook sn "
            "JOIN {0}.submitted_assignment sa ON sa.id = sn.assignment_id "
            "JOIN {0}.assignment a ON a.id = sa.assignment_id JOIN {0}.notebook n ON n.id = sn.notebook_id "
            "WHERE a.name = ? AND sa.student_id = ? AND n.name = ?"
        )
        tous = connexion.execute(
            "SELECT n.name FROM copie.submitted_notebook sn JOIN copie.submitted_assignment sa "
            "ON sa.id = sn.assignment_id JOIN copie.assignment a ON a.id = sa.assignment_id "
            "JOIN copie.notebook n ON n.id = sn.notebook_id WHERE a.name = ? AND sa.student_id = ?",
            (devoir, ident),
        ).fetchall()
        for (cahier,) in tous:
            corrige = cahier in resultat.corriges
            if not corrige and connexion.execute(requete.format("main"), (devoir, ident, cahier)).fetchone():
                continue  # pas corrigé cette fois : la note précédente reste
            for (id_cahier,) in connexion.execute(requete.format("copie"), (devoir, ident, cahier)).fetchall():
                connexion.execute(
                    "INSERT OR REPLACE INTO main.submitted_notebook "
                    "SELECT * FROM copie.submitted_notebook WHERE id = ?",
                    (id_cahier,),
                )
                for table in ("grade", "comment"):
                    connexion.execute(
                        f"INSERT OR REPLACE INTO main.{table} SELECT * FROM copie.{table} WHERE notebook_id = ?",
                        (id_cahier,),
                    )
                if not corrige:
                    connexion.execute(
                        "UPDATE main.grade SET auto_score = 0, needs_manual_grade = 0 "
                        "WHERE notebook_id = ? AND auto_score IS NULL AND manual_score IS NULL",
                        (id_cahier,),
                    )
        connexion.execute("COMMIT")
    except BaseException:
        if connexion.in_transaction:
            connexion.execute("ROLLBACK")
        raise
    finally:
        connexion.close()


def deplacer_fichiers(racine: Path, resultat: Resultat, devoir: str) -> None:
    """Copie corrigée et pages de retour : du cours temporaire vers le cours, fichier par fichier."""
    echecs = set(resultat.echecs)
    for etape in ("autograded", "feedback"):
        depart = Path(resultat.dossier, etape, resultat.ident, devoir)
        if not depart.is_dir():
            continue
        arrivee = racine / etape / resultat.ident / devoir
        arrivee.mkdir(parents=True, exist_ok=True)
        for fichier in depart.iterdir():
            if fichier.is_file() and fichier.stem not in echecs:
                partiel = arrivee / f".{fichier.name}.partiel"
                shutil.copyfile(fichier, partiel)
                os.replace(partiel, arrivee / fichier.name)


def corriger_cohorte(
    travaux: list[Travail], paralleles: int, traiter: Callable[[Resultat], None]
) -> Iterator[Resultat]:
    """Corrige les copies avec ``paralleles`` processus ; ``traiter`` reporte chaque résultat dès qu'il arrive.

    Rend chaque résultat après son report. Ctrl-C arrête les processus : les copies déjà reportées
    gardent leur nouvelle note, les autres l'ancienne.
    """
    if paralleles <= 1 or len(travaux) <= 1:
        for travail in travaux:
            resultat = corriger_copie(travail)
            try:
                traiter(resultat)
            finally:
                shutil.rmtree(resultat.dossier, ignore_errors=True)
            yield resultat
        return
    contexte = multiprocessing.get_context("spawn")
    executeur = ProcessPoolExecutor(max_workers=min(paralleles, len(travaux)), mp_context=contexte)
    try:
        en_cours = {executeur.submit(corriger_copie, travail): travail for travail in travaux}
        while en_cours:
            finis, _ = wait(en_cours, return_when=FIRST_COMPLETED)
            for futur in finis:
                travail = en_cours.pop(futur)
                try:
                    resultat = futur.result()
                except Exception as erreur:  # processus de correction mort : la copie garde sa note
                    echecs = {c: f"le processus de correction s'est arrêté ({erreur})" for c in travail.cahiers}
                    resultat = Resultat(travail.ident, "", echecs=echecs)
                    yield resultat
                    continue
                try:
                    traiter(resultat)
                finally:
                    shutil.rmtree(resultat.dossier, ignore_errors=True)
                yield resultat
    finally:
        executeur.shutdown(wait=True, cancel_futures=True)
