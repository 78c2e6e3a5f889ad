"""Le harnais de qualité des cahiers : chaque devoir de ``source/`` passe tout le cycle nbgrader.

Pour chaque cahier : source normalisée, version apprenant sans solution ni test caché,
référence notée au maximum, version vierge notée zéro avec un retour français lisible,
et ``release/`` à jour. Le travail se fait dans une copie temporaire du cours.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from gpedu.cours import cahiers as nb
from gpedu.cours.configuration import FICHIER_CONFIG, ErreurCours
from gpedu.cours.operations import Cours
from gpedu.cours.retours import texte_html
from gpedu.referentiels import COMPETENCES

VERIFICATIONS = {
    "normalisation": "cahier source normalisé (sans sorties, noyau python3, cellules notées reliées aux compétences)",
    "publication": "version apprenant générée par nbgrader",
    "fuite": "ni solution ni test caché dans la version apprenant",
    "reference": "la solution de référence obtient tous les points automatiques",
    "vierge": "la version apprenant non remplie obtient zéro, sans faire échouer la correction",
    "retour": "le retour HTML donne un message français par question ratée, sans test caché",
    "a_jour": "le dossier release/ du dépôt est identique à une nouvelle génération",
}
REFERENCE, VIERGE = "reference", "vierge"
# la référence est corrigée pour trois apprenants : chacun a ses propres données (gpedu.variantes)
REFERENCES = ("ref.ines", "ref.marc", "ref.zoe")
ANGLAIS = ("No response", "Score:", "Student's answer", "Grade cell", "Traceback", "Error:")


@dataclass(frozen=True)
class Constat:
    """Un problème trouvé : quel cahier, quelle vérification, quoi."""

    cahier: str
    verification: str
    message: str

    def __str__(self) -> str:
        return f"{self.cahier} — {VERIFICATIONS[self.verification]} : {self.message}"


def verifier_normalisation(chemin: Path) -> list[str]:
    """Défauts d'un cahier source, sans l'exécuter."""
    try:
        cahier = nbformat.read(chemin, as_version=4)
        nbformat.validate(cahier)
    except Exception as erreur:  # cahier illisible : rien d'autre à vérifier
        return [f"cahier illisible : {erreur}"]
    defauts = []
    noyau = cahier.metadata.get("kernelspec", {}).get("name")
    if noyau != "python3":
        defauts.append(f"noyau « {noyau} » au lieu de « python3 »")
    vus = set()
    for rang, cellule in enumerate(cahier.cells, start=1):
        meta = nb.nbgrader(cellule)
        if cellule.cell_type == "code" and (cellule.outputs or cellule.execution_count is not None):
            defauts.append(f"cellule {rang} : sorties enregistrées (à effacer avant de livrer)")
        if not meta:
            continue
        ident = meta.get("grade_id", "")
        if ident in vus:
            defauts.append(f"cellule {rang} : identifiant « {ident} » en double")
        vus.add(ident)
        if not nb.est_notee(cellule):
            continue
        competences = nb.competences(cellule)
        if not competences:
            defauts.append(f"cellule « {ident} » : aucune compétence déclarée (métadonnée gpedu.competences)")
        inconnues = [c for c in competences if c not in COMPETENCES]
        if inconnues:
            defauts.append(f"cellule « {ident} » : compétences inconnues {', '.join(inconnues)}")
        if nb.est_test(cellule):
            points = nb.POINTS_BAREME.findall(cellule.source)
            if [float(p) for p in points] != [float(meta.get("points", 0))]:
                defauts.append(f"cellule « {ident} » : Bareme(points=…) différent des {meta.get('points')} points")
            if not nb.REGION_CACHEE.search(cellule.source):
                defauts.append(f"cellule « {ident} » : pas de tests cachés (la référence doit y être recalculée)")
            if cellule.source.strip().splitlines()[-1].strip() != "bareme.resultat()":
                defauts.append(f"cellule « {ident} » : la dernière ligne doit être « bareme.resultat() »")
    return defauts


def _sans_espaces(ligne: str) -> str:
    return re.sub(r"\s+", " ", ligne).strip()


def _segments_retour(page: str) -> dict[str, str]:
    """Morceau de la page de retour qui suit l'ancre de chaque cellule notée."""
    morceaux = re.split(r'<a name="([\w-]+)"></a>', page)
    return {morceaux[i]: morceaux[i + 1] for i in range(1, len(morceaux) - 1, 2)}


def verifier_devoir(racine: Path, devoir: str, cahiers: list[str] | None = None) -> list[Constat]:
    """Tout le cycle nbgrader d'un devoir (ou de certains de ses cahiers) dans une copie temporaire du cours."""
    racine = Path(racine).resolve()
    constats: list[Constat] = []
    sources = sorted(Path(racine, "source", devoir).glob("*.ipynb"))
    if cahiers:
        inconnus = set(cahiers) - {chemin.stem for chemin in sources}
        if inconnus:
            raise ErreurCours(f"Cahier(s) inconnu(s) dans « {devoir} » : {', '.join(sorted(inconnus))}.")
        sources = [chemin for chemin in sources if chemin.stem in cahiers]

    def constat(chemin: Path, verification: str, message: str):
        constats.append(Constat(f"{devoir}/{chemin.stem}", verification, message))

    for chemin in sources:
        for defaut in verifier_normalisation(chemin):
            constat(chemin, "normalisation", defaut)

    with tempfile.TemporaryDirectory(prefix="gpedu-qualite-") as temporaire:
        travail = Path(temporaire)
        autres = {chemin.name for chemin in Path(racine, "source", devoir).glob("*.ipynb")} - {c.name for c in sources}
        shutil.copytree(Path(racine, "source", devoir), travail / "source" / devoir, ignore=lambda *_: autres)
        shutil.copy(racine / FICHIER_CONFIG, travail)
        cours = Cours(travail)
        try:
            cours.publier([devoir])
        except ErreurCours as erreur:
            for chemin in sources:
                constat(chemin, "publication", str(erreur))
            return constats

        copies = travail / "copies"
        for chemin in sources:
            source = nbformat.read(chemin, as_version=4)
            neuf = travail / "release" / devoir / chemin.name
            depot = racine / "release" / devoir / chemin.name
            secrets = nb.lignes_secretes(source)
            for version, fichier in (("générée", neuf), ("du dépôt", depot)):
                if fichier.exists():
                    texte = "\n".join(c.source for c in nbformat.read(fichier, as_version=4).cells)
                    fuites = [ligne for ligne in secrets if ligne in texte]
                    if fuites or "BEGIN SOLUTION" in texte or "BEGIN HIDDEN TESTS" in texte:
                        constat(chemin, "fuite", f"version {version} : {(fuites or ['marqueur nbgrader'])[0]!r}")
            if not depot.exists():
                constat(chemin, "a_jour", f"release/{devoir}/{chemin.name} manque : lancez « gpedu publier »")
            elif json.loads(depot.read_text()) != json.loads(neuf.read_text()):
                constat(chemin, "a_jour", f"release/{devoir}/{chemin.name} est périmé : lancez « gpedu publier »")
            for ident, modele in [*((r, chemin) for r in REFERENCES), (VIERGE, neuf)]:
                (copies / ident).mkdir(parents=True, exist_ok=True)
                shutil.copy(modele, copies / ident / chemin.name)

        cours.importer(copies, devoir)
        rapport = cours.corriger(devoir, [*REFERENCES, VIERGE], progression=False)
        for quoi, raison in rapport.ecartes:  # « ident » (toute la copie) ou « ident / cahier »
            ident, _, cahier = quoi.partition(" / ")
            for chemin in sources:
                if cahier in ("", chemin.stem):
                    verification = VIERGE if ident == VIERGE else REFERENCE
                    constat(chemin, verification, f"correction impossible ({ident}) : {raison}")

        detail = cours.detail_notes(devoir)
        auto = detail[detail.correction == "automatique"]
        for ligne in auto.itertuples():
            chemin = Path(racine, "source", devoir, f"{ligne.cahier}.ipynb")
            if ligne.identifiant in REFERENCES and ligne.points < ligne.sur:
                constat(chemin, REFERENCE, f"{ligne.question} : {ligne.points} / {ligne.sur} ({ligne.identifiant})")
            if ligne.identifiant == VIERGE and ligne.points > 0:
                constat(chemin, "vierge", f"{ligne.question} : {ligne.points} / {ligne.sur} sans aucune réponse")

        for chemin in sources:
            source = nbformat.read(chemin, as_version=4)
            cachees = [_sans_espaces(ligne) for ligne in nb.lignes_secretes(source, solutions=False)]
            tests = [nb.nbgrader(c)["grade_id"] for c in source.cells if nb.est_test(c)]
            for ident in (REFERENCES[0], VIERGE):
                page_html = travail / "feedback" / ident / devoir / f"{chemin.stem}.html"
                if not page_html.exists():
                    constat(chemin, "retour", f"pas de page de retour pour « {ident} »")
                    continue
                page = page_html.read_text(encoding="utf-8")
                texte = texte_html(page)
                fuites = [ligne for ligne in cachees if ligne in texte]
                if fuites or "HIDDEN TESTS" in texte:
                    constat(chemin, "retour", f"test caché visible dans le retour de « {ident} » : {fuites[:1]}")
                anglais = [mot for mot in ANGLAIS if mot in texte]
                if anglais:
                    constat(
                        chemin, "retour", f"texte anglais ou trace Python dans le retour de « {ident} » : {anglais}"
                    )
                if ident == VIERGE:
                    segments = _segments_retour(page)
                    for test in tests:
                        if "✘" not in texte_html(segments.get(test, "")):
                            constat(chemin, "retour", f"{test} : pas de message « ✘ … » pour une réponse vide")
    return constats


def verifier_cours(racine: Path, devoirs: list[str] | None = None, cahiers: list[str] | None = None) -> list[Constat]:
    """Le harnais sur tous les devoirs (ou ceux demandés, et seulement certains cahiers)."""
    cours_devoirs = Cours(racine).devoirs()
    constats = []
    for devoir in devoirs or cours_devoirs:
        if devoir not in cours_devoirs:
            raise ErreurCours(f"Devoir inconnu « {devoir} » : devoirs disponibles : {', '.join(cours_devoirs)}.")
        constats += verifier_devoir(racine, devoir, cahiers)
    return constats
