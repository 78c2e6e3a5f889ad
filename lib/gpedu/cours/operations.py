"""Le cycle du formateur : publier, inscrire, importer, corriger, exporter les notes.

Règle commune : une entrée invalide (devoir inconnu, fichier illisible, ligne de
registre fautive) donne un message en français et n'efface jamais une note déjà
enregistrée. La base de notes est sauvegardée avant chaque correction.
"""

from __future__ import annotations

import csv
import filecmp
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pandas as pd
from nbgrader.converters import GenerateFeedback
from nbgrader.utils import capture_log, temp_attrs
from tqdm import tqdm

from gpedu import identite
from gpedu.cours import isolement
from gpedu.cours.cahiers import anomalies_structure
from gpedu.cours.configuration import ErreurCours, api
from gpedu.cours.parallele import Resultat, Travail, corriger_cohorte, deplacer_fichiers, reporter
from gpedu.cours.recopie import empreintes, recopies
from gpedu.cours.synthese import ecrire_synthese

IDENTIFIANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# dossier d'une archive Moodle « Télécharger tous les travaux remis » : « Nom Prénom_123456_assignsubmission_file_ »
MOODLE = re.compile(r"^(?P<nom>.+?)_(?P<participant>\d+)_assignsubmission_[a-z]+_?(?P<reste>.*)$")
COPIE_RENOMMEE = re.compile(r"\s*(\(\d+\)|-\s*copie|_copie|\s+copie)$", re.I)
SAUVEGARDES_GARDEES = 20
BARRE = "{desc} : {n_fmt}/{total_fmt} |{bar}| écoulé {elapsed}, reste ≈ {remaining}"


@dataclass
class Rapport:
    """Ce qui a été fait et ce qui a été écarté, avec la raison (en français)."""

    titre: str
    faits: list[str] = field(default_factory=list)
    ecartes: list[tuple[str, str]] = field(default_factory=list)
    remarques: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lignes = [f"{self.titre} : {len(self.faits)} traité(s), {len(self.ecartes)} écarté(s)."]
        lignes += [f"  ✔ {fait}" for fait in self.faits]
        lignes += [f"  ✘ {quoi} : {pourquoi}" for quoi, pourquoi in self.ecartes]
        lignes += [f"  ⚠ {quoi} : {remarque}" for quoi, remarque in self.remarques]
        return "\n".join(lignes)


def lire_cahier(chemin: Path) -> nbformat.NotebookNode:
    """Lit et valide un cahier ; ``ErreurCours`` avec la raison s'il est illisible."""
    try:
        cahier = nbformat.read(chemin, as_version=4)
        nbformat.validate(cahier)
    except (ValueError, UnicodeDecodeError):  # JSON invalide ou tronqué
        raise ErreurCours("fichier illisible : ce n'est pas un cahier Jupyter valide (JSON abîmé ou tronqué)") from None
    except nbformat.ValidationError as erreur:
        raise ErreurCours(f"cahier mal formé ({erreur.message})") from None
    except OSError as erreur:
        raise ErreurCours(f"fichier inaccessible ({erreur.strerror})") from None
    return cahier


class Cours:
    """Un cours nbgrader gpedu (dossier contenant ``nbgrader_config.py``)."""

    def __init__(self, racine: Path | str = "."):
        self.racine = Path(racine).resolve()
        self.api = api(self.racine)  # vérifie aussi que c'est bien un cours

    # --- dossiers ---------------------------------------------------------------------------

    def dossier(self, etape: str, *morceaux: str) -> Path:
        return self.racine.joinpath(etape, *morceaux)

    def devoirs(self) -> list[str]:
        source = self.dossier("source")
        return sorted(d.name for d in source.iterdir() if d.is_dir() and any(d.glob("*.ipynb")))

    def verifier_devoir(self, devoir: str) -> str:
        if devoir not in self.devoirs():
            raise ErreurCours(f"Devoir inconnu « {devoir} » : devoirs disponibles : {', '.join(self.devoirs())}.")
        return devoir

    def cahiers(self, devoir: str) -> list[str]:
        """Noms des cahiers d'un devoir (sans l'extension .ipynb)."""
        return sorted(p.stem for p in self.dossier("source", self.verifier_devoir(devoir)).glob("*.ipynb"))

    def soumis(self, devoir: str) -> list[str]:
        """Identifiants des apprenants qui ont une copie du devoir dans ``submitted/``."""
        dossier = self.dossier("submitted")
        if not dossier.is_dir():
            return []
        return sorted(d.name for d in dossier.iterdir() if (d / devoir).is_dir())

    # --- publication ------------------------------------------------------------------------

    def publier(self, devoirs: list[str] | None = None) -> list[Path]:
        """Génère la version apprenant (``release/``) et enregistre le devoir dans la base."""
        publies = []
        for devoir in devoirs or self.devoirs():
            self.verifier_devoir(devoir)
            resultat = self.api.generate_assignment(devoir, force=True, create=True)
            if not resultat["success"] and "there are submissions associated" in (resultat.get("log") or ""):
                raise ErreurCours(
                    f"La publication de « {devoir} » est refusée : des copies sont déjà corrigées et nbgrader "
                    "n'accepte plus de changer la liste des cahiers ou des questions notées de ce devoir. "
                    "Publiez les nouveaux cahiers dans un nouveau devoir, ou repartez d'une base vide "
                    "(après avoir exporté les notes)."
                )
            if not resultat["success"]:
                raise ErreurCours(
                    f"La publication de « {devoir} » a échoué :\n{derniere_erreur(resultat)}\n"
                    "Corrigez le cahier source (gpedu verifier donne le détail)."
                )
            publies += sorted(self.dossier("release", devoir).glob("*.ipynb"))
        return publies

    # --- registre des apprenants ------------------------------------------------------------

    def apprenants(self) -> dict[str, dict]:
        with self.api.gradebook as base:
            return {
                a.id: {"nom": a.last_name or "", "prenom": a.first_name or "", "email": a.email or ""}
                for a in base.students
            }

    def inscrire(self, fichier: Path) -> Rapport:
        """Importe un registre CSV (identifiant, nom, prénom, email ; séparateur , ou ;)."""
        fichier = Path(fichier)
        rapport = Rapport(f"Registre {fichier.name}")
        try:
            texte = fichier.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as erreur:
            raise ErreurCours(f"Registre illisible {fichier} : {erreur}") from None
        try:
            dialecte = csv.Sniffer().sniff(texte.splitlines()[0] if texte else "", delimiters=",;\t")
        except csv.Error:
            dialecte = csv.excel
        lignes = list(csv.DictReader(texte.splitlines(), dialect=dialecte))
        colonnes = {_sans_accent(c): c for c in (lignes[0].keys() if lignes else [])}
        if "identifiant" not in colonnes:
            raise ErreurCours(
                f"Registre {fichier.name} : colonne « identifiant » introuvable. "
                "Colonnes attendues : identifiant, nom, prenom, email."
            )
        vus = set()
        with self.api.gradebook as base:
            for numero, ligne in enumerate(lignes, start=2):
                valeur = {k: (ligne.get(c) or "").strip() for k, c in colonnes.items()}
                ident = valeur.get("identifiant", "")
                if not IDENTIFIANT.match(ident):
                    rapport.ecartes.append(
                        (f"ligne {numero}", f"identifiant « {ident} » invalide (lettres, chiffres, . _ - seulement)")
                    )
                    continue
                if ident in vus:
                    rapport.ecartes.append((f"ligne {numero}", f"identifiant « {ident} » en double dans le fichier"))
                    continue
                vus.add(ident)
                base.update_or_create_student(
                    ident,
                    last_name=valeur.get("nom") or None,
                    first_name=valeur.get("prenom") or None,
                    email=valeur.get("email") or None,
                )
                rapport.faits.append(ident)
        return rapport

    # --- distribution --------------------------------------------------------------------------

    def distribuer(self, devoir: str, apprenants: list[str] | None = None) -> list[Path]:
        """Une archive par apprenant : la version apprenant du devoir et son fichier ``apprenant.txt``.

        Pour les apprenants qui travaillent sur leur machine : l'identité écrite dans le devoir
        leur donne leurs propres données (``gpedu.identite``).
        """
        release = self.dossier("release", self.verifier_devoir(devoir))
        if not any(release.glob("*.ipynb")):
            raise ErreurCours(f"Le devoir « {devoir} » n'est pas publié : lancez d'abord « gpedu publier {devoir} ».")
        registre = self.apprenants()
        inconnus = sorted(set(apprenants or []) - set(registre))
        if inconnus:
            raise ErreurCours(f"Apprenant(s) absent(s) du registre : {', '.join(inconnus)}.")
        if not registre:
            raise ErreurCours("Registre vide : importez d'abord les apprenants (gpedu apprenants FICHIER_CSV).")
        dossier = self.dossier("distribution")
        dossier.mkdir(exist_ok=True)
        archives = []
        for ident in sorted(apprenants or registre):
            archive = dossier / f"{ident}_{devoir}.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
                for fichier in sorted(p for p in release.rglob("*") if p.is_file()):
                    zf.write(fichier, f"{devoir}/{fichier.relative_to(release)}")
                zf.writestr(f"{devoir}/{identite.FICHIER}", ident + "\n")
            archives.append(archive)
        return archives

    # --- import des copies ------------------------------------------------------------------

    def importer(self, source: Path, devoir: str) -> Rapport:
        """Importe les copies d'un dossier ou d'une archive .zip dans ``submitted/``.

        Formes reconnues : ``<identifiant>/[<devoir>/]<cahier>.ipynb``,
        ``<identifiant>_<cahier>.ipynb`` et l'archive Moodle « Télécharger tous les travaux
        remis » (``Nom Prénom_123456_assignsubmission_file_/<cahier>.ipynb``, l'apprenant
        est retrouvé par son nom et son prénom dans le registre). Une copie déjà importée et
        différente est remplacée ; l'ancienne est gardée dans ``sauvegardes/``.
        """
        self.verifier_devoir(devoir)
        source = Path(source)
        if not source.exists():
            raise ErreurCours(f"Copies introuvables : {source} n'existe pas.")
        if source.is_file() and source.suffix.lower() == ".zip":
            with tempfile.TemporaryDirectory(prefix="gpedu-import-") as temporaire:
                _extraire(source, Path(temporaire))
                return self._importer_dossier(Path(temporaire), devoir, source.name)
        if not source.is_dir():
            raise ErreurCours(f"{source} n'est ni un dossier ni une archive .zip.")
        return self._importer_dossier(source, devoir, source.name)

    def _importer_dossier(self, dossier: Path, devoir: str, nom: str) -> Rapport:
        rapport = Rapport(f"Import des copies de « {devoir} » depuis {nom}")
        cahiers = set(self.cahiers(devoir))
        apprenants = self.apprenants()
        registre = set(apprenants)
        par_nom: dict[str, list[str]] = {}
        for ident, fiche in apprenants.items():
            for cle in {_cle_nom(fiche["nom"], fiche["prenom"]), _cle_nom(fiche["prenom"], fiche["nom"])}:
                par_nom.setdefault(cle, []).append(ident)
        horodatage = datetime.now(UTC)
        retenus: dict[tuple[str, str], Path] = {}
        for fichier in sorted(p for p in dossier.rglob("*") if p.is_file()):
            relatif = fichier.relative_to(dossier)
            if any(part.startswith(".") or part == "__MACOSX" for part in relatif.parts):
                continue
            if fichier.suffix != ".ipynb":
                rapport.ecartes.append((str(relatif), "ce n'est pas un cahier Jupyter (.ipynb)"))
                continue
            moodle = next((m for m in map(MOODLE.match, relatif.parts) if m), None)
            if moodle:
                nom_complet = moodle["nom"]
                candidats = par_nom.get(_cle_nom(nom_complet), [])
                fichier_moodle = moodle["reste"] if relatif.parts[-1] == moodle[0] else relatif.name
                stem = COPIE_RENOMMEE.sub("", fichier_moodle.removesuffix(".ipynb"))
                if len(candidats) != 1:
                    raison = (
                        f"apprenant « {nom_complet} » (Moodle) absent du registre (nom et prénom)"
                        if not candidats
                        else f"homonymes dans le registre pour « {nom_complet} » : {', '.join(sorted(candidats))}"
                    )
                    rapport.ecartes.append((str(relatif), raison))
                    continue
                ident, cahier = candidats[0], (stem if stem in cahiers else None)
                if cahier is None:
                    rapport.ecartes.append(
                        (str(relatif), f"nom de cahier inattendu : cahiers de ce devoir : {', '.join(sorted(cahiers))}")
                    )
                    continue
            else:
                ident, cahier = _proprietaire(relatif, cahiers, devoir)
            if ident is None:
                rapport.ecartes.append(
                    (str(relatif), f"nom inattendu : cahiers de ce devoir : {', '.join(sorted(cahiers))}")
                )
                continue
            if not IDENTIFIANT.match(ident):
                rapport.ecartes.append((str(relatif), f"identifiant « {ident} » invalide"))
                continue
            if registre and ident not in registre:
                rapport.ecartes.append((str(relatif), f"apprenant « {ident} » absent du registre"))
                continue
            if (ident, cahier) in retenus:
                rapport.ecartes.append((str(relatif), f"doublon : {retenus[ident, cahier]} déjà retenu"))
                continue
            try:
                lire_cahier(fichier)
            except ErreurCours as erreur:
                rapport.ecartes.append((str(relatif), str(erreur)))
                continue
            retenus[ident, cahier] = relatif
            rapport.faits.append(self._deposer(fichier, ident, devoir, cahier, horodatage))
        return rapport

    def _deposer(self, fichier: Path, ident: str, devoir: str, cahier: str, horodatage: datetime) -> str:
        cible = self.dossier("submitted", ident, devoir, f"{cahier}.ipynb")
        if cible.exists():
            if filecmp.cmp(fichier, cible, shallow=False):
                return f"{ident} / {cahier} (déjà importé, identique)"
            ancienne = self.dossier("sauvegardes", "copies", horodatage.strftime("%Y%m%d-%H%M%S"), ident, devoir)
            ancienne.mkdir(parents=True, exist_ok=True)
            shutil.copy2(cible, ancienne / cible.name)
            etat = "nouvelle version, l'ancienne est sauvegardée"
        else:
            etat = "importé"
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fichier, cible)
        (cible.parent / "timestamp.txt").write_text(horodatage.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        return f"{ident} / {cahier} ({etat})"

    # --- correction -------------------------------------------------------------------------

    def sauvegarder_base(self) -> Path | None:
        """Copie cohérente de ``gradebook.db`` dans ``sauvegardes/`` (les 20 dernières sont gardées)."""
        base = self.racine / "gradebook.db"
        if not base.exists():
            return None
        dossier = self.dossier("sauvegardes", "notes")
        dossier.mkdir(parents=True, exist_ok=True)
        copie = dossier / f"gradebook-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
        _copier_base(base, copie)
        for ancienne in sorted(dossier.glob("gradebook-*.db"))[:-SAUVEGARDES_GARDEES]:
            ancienne.unlink()
        return copie

    def corriger(
        self,
        devoir: str,
        apprenants: list[str] | None = None,
        progression: bool = True,
        paralleles: int | None = None,
        isoler: bool | None = None,
    ) -> Rapport:
        """Correction automatique, retours HTML et export des notes d'un devoir.

        Les copies sont corrigées en parallèle (un processus par cœur par défaut), chacune dans
        un cours temporaire ; ses notes sont reportées dans la base en une transaction.
        """
        self.verifier_devoir(devoir)
        with self.api.gradebook as base:
            if devoir not in {a.name for a in base.assignments}:
                raise ErreurCours(
                    f"Le devoir « {devoir} » n'est pas publié : lancez d'abord « gpedu publier {devoir} »."
                )
        a_corriger = apprenants or self.soumis(devoir)
        rapport = Rapport(f"Correction de « {devoir} »")
        if not a_corriger:
            rapport.ecartes.append((devoir, "aucune copie dans submitted/ : importez d'abord les copies"))
            return rapport
        if isoler is None:
            isoler = isolement.possible()
        if isoler:
            isolement.proteger_cours(self.racine)
        self.sauvegarder_base()
        travaux = []
        with tempfile.TemporaryDirectory(prefix="gpedu-instantane-") as temporaire:
            instantane = Path(temporaire) / "gradebook.db"
            _copier_base(self.racine / "gradebook.db", instantane)
            for ident in a_corriger:
                cahiers, remarques, raison = self._examiner_copie(devoir, ident)
                rapport.remarques += [(ident, remarque) for remarque in remarques]
                if raison:
                    rapport.ecartes.append((ident, raison))
                    continue
                travaux.append(Travail(str(self.racine), devoir, ident, str(instantane), tuple(cahiers), isoler))

            def traiter(resultat: Resultat) -> None:
                reporter(self.racine / "gradebook.db", resultat, devoir)
                deplacer_fichiers(self.racine, resultat, devoir)

            barre = tqdm(total=len(travaux), desc="Correction", unit="copie", bar_format=BARRE, disable=not progression)
            with barre:
                for resultat in corriger_cohorte(travaux, paralleles or os.cpu_count() or 1, traiter):
                    barre.update()
                    for cahier, raison in resultat.echecs.items():
                        raison = f"{raison} ; note précédente conservée (0 s'il n'y en avait pas)"
                        rapport.ecartes.append((f"{resultat.ident} / {cahier}", raison))
                    rapport.remarques += [(resultat.ident, remarque) for remarque in resultat.remarques]
                    if resultat.retour:
                        rapport.remarques.append((resultat.ident, f"retour non écrit : {resultat.retour}"))
                    if resultat.corriges and not resultat.echecs:
                        rapport.faits.append(resultat.ident)
        for ident in sorted({t.ident for t in travaux}):
            try:
                ecrire_synthese(self, devoir, ident)
            except Exception as erreur:  # une page manquante ne doit pas arrêter la cohorte
                rapport.remarques.append((ident, f"page de synthèse non écrite : {erreur}"))
        rapport.remarques += [(r.apprenant, str(r)) for r in recopies(empreintes(self.racine, devoir))]
        rapport.faits.sort()
        rapport.ecartes.sort()
        rapport.remarques.sort()
        self.exporter_notes(devoir)
        return rapport

    def _examiner_copie(self, devoir: str, ident: str) -> tuple[list[str], list[str], str | None]:
        """Cahiers corrigeables d'une copie, remarques sur sa structure, ou la raison de l'écarter."""
        dossier = self.dossier("submitted", ident, devoir)
        if not dossier.is_dir():
            return [], [], "aucune copie importée pour ce devoir"
        cahiers, remarques = [], []
        for cahier in self.cahiers(devoir):
            chemin = dossier / f"{cahier}.ipynb"
            if not chemin.exists():
                continue
            try:
                copie = lire_cahier(chemin)
            except ErreurCours as erreur:
                remarques.append(f"{cahier} : {erreur} ; cahier non corrigé, note précédente conservée")
                continue
            source = nbformat.read(self.dossier("source", devoir, f"{cahier}.ipynb"), as_version=4)
            remarques += [f"{cahier} : {anomalie}" for anomalie in anomalies_structure(copie, source)]
            cahiers.append(cahier)
        if not cahiers:
            return [], remarques, "aucun cahier lisible du devoir dans la copie"
        return cahiers, remarques, None

    def generer_retour(self, devoir: str, ident: str) -> dict:
        """Page de retour HTML d'une copie corrigée, avec le modèle français du cours."""
        return generer_retour(self.api, devoir, ident)

    # --- notes ------------------------------------------------------------------------------

    def detail_notes(self, devoir: str) -> pd.DataFrame:
        """Une ligne par apprenant et par question notée."""
        lignes = []
        with self.api.gradebook as base:
            manuelles = {
                (cahier.name, nom)
                for cahier in base.find_assignment(devoir).notebooks
                for nom in {c.name for c in cahier.grade_cells} & {c.name for c in cahier.solution_cells}
            }
            for soumission in base.assignment_submissions(devoir):
                for cahier in soumission.notebooks:
                    for note in cahier.grades:
                        manuelle = (cahier.name, note.name) in manuelles
                        lignes.append(
                            {
                                "identifiant": soumission.student.id,
                                "cahier": cahier.name,
                                "question": note.name,
                                "points": note.score,
                                "sur": note.max_score,
                                "correction": "manuelle" if manuelle else "automatique",
                                "a_corriger_a_la_main": bool(note.needs_manual_grade),
                            }
                        )
        return pd.DataFrame(
            lignes, columns=["identifiant", "cahier", "question", "points", "sur", "correction", "a_corriger_a_la_main"]
        )

    def tableau_notes(self, devoir: str) -> pd.DataFrame:
        """Une ligne par apprenant : note automatique, note totale, questions à corriger à la main."""
        detail = self.detail_notes(devoir)
        registre = self.apprenants()
        lignes = []
        for ident, questions in detail.groupby("identifiant", sort=True):
            auto = questions[questions.correction == "automatique"]
            lignes.append(
                {
                    "identifiant": ident,
                    "nom": registre.get(ident, {}).get("nom", ""),
                    "prenom": registre.get(ident, {}).get("prenom", ""),
                    "note_automatique": round(auto.points.sum(), 2),
                    "sur_automatique": auto.sur.sum(),
                    "note": round(questions.points.sum(), 2),
                    "sur": questions.sur.sum(),
                    "a_corriger_a_la_main": int(questions.a_corriger_a_la_main.sum()),
                }
            )
        return pd.DataFrame(
            lignes,
            columns=[
                "identifiant",
                "nom",
                "prenom",
                "note_automatique",
                "sur_automatique",
                "note",
                "sur",
                "a_corriger_a_la_main",
            ],
        )

    def exporter_notes(self, devoir: str) -> list[Path]:
        """Écrit ``notes/<devoir>.csv`` (une ligne par apprenant), ``notes/<devoir>_detail.csv`` et le CSV Moodle.

        Format tableur français : séparateur « ; », virgule décimale, UTF-8 avec BOM.
        """
        dossier = self.dossier("notes")
        dossier.mkdir(exist_ok=True)
        fichiers = [dossier / f"{devoir}.csv", dossier / f"{devoir}_detail.csv"]
        for tableau, fichier in zip((self.tableau_notes(devoir), self.detail_notes(devoir)), fichiers):
            temporaire = fichier.with_suffix(".csv.partiel")
            tableau.to_csv(temporaire, sep=";", decimal=",", index=False, encoding="utf-8-sig")
            temporaire.replace(fichier)
        return [*fichiers, self.exporter_moodle(devoir)]

    def exporter_moodle(self, devoir: str) -> Path:
        """Écrit ``notes/<devoir>_moodle.csv``, accepté par l'import de notes CSV de Moodle.

        Correspondance à choisir dans Moodle (Notes › Importer › Fichier CSV, séparateur virgule,
        UTF-8) : « Adresse de courriel » → adresse de courriel de l'utilisateur ; la colonne
        « <devoir> (sur 20) » → l'élément d'évaluation du devoir (note maximale 20) ;
        « Commentaire » → le feedback de cet élément. Voir le README.
        """
        tableau = self.tableau_notes(devoir)
        registre = self.apprenants()
        lignes = []
        for ligne in tableau.itertuples():
            sur = float(ligne.sur) or 1.0
            commentaire = f"Note automatique {_fr(ligne.note_automatique)} / {_fr(ligne.sur_automatique)}"
            if ligne.a_corriger_a_la_main:
                commentaire += f" ; {ligne.a_corriger_a_la_main} réponse(s) en attente de correction par le formateur"
            lignes.append(
                {
                    "Adresse de courriel": registre.get(ligne.identifiant, {}).get("email", ""),
                    "Identifiant": ligne.identifiant,
                    "Nom": ligne.nom,
                    "Prénom": ligne.prenom,
                    f"{devoir} (sur 20)": round(20 * float(ligne.note) / sur, 2),
                    f"{devoir} (points)": round(float(ligne.note), 2),
                    "Commentaire": commentaire + ".",
                }
            )
        fichier = self.dossier("notes", f"{devoir}_moodle.csv")
        fichier.parent.mkdir(exist_ok=True)
        temporaire = fichier.with_suffix(".csv.partiel")
        pd.DataFrame(lignes, columns=colonnes_moodle(devoir)).to_csv(temporaire, index=False, encoding="utf-8")
        temporaire.replace(fichier)
        return fichier

    def retours(self, devoir: str) -> dict[str, list[Path]]:
        """Les pages de retour HTML de chaque apprenant."""
        dossier = self.dossier("feedback")
        if not dossier.is_dir():
            return {}
        return {
            d.name: sorted((d / devoir).glob("*.html"))
            for d in sorted(dossier.iterdir())
            if (d / devoir).is_dir() and any((d / devoir).glob("*.html"))
        }


def _proprietaire(relatif: Path, cahiers: set[str], devoir: str) -> tuple[str | None, str | None]:
    """(identifiant, cahier) d'un fichier importé, ou (None, None) si le nom ne dit rien."""
    if len(relatif.parts) >= 3 and relatif.parts[0] == devoir:  # dossier du devoir en tête
        relatif = Path(*relatif.parts[1:])
    if relatif.stem in cahiers and len(relatif.parts) >= 2:
        return relatif.parts[0], relatif.stem
    if len(relatif.parts) == 1 or relatif.stem not in cahiers:
        for cahier in cahiers:
            for separateur in ("_", "-"):
                suffixe = f"{separateur}{cahier}"
                if relatif.stem.endswith(suffixe) and len(relatif.stem) > len(suffixe):
                    return relatif.stem[: -len(suffixe)], cahier
    return None, None


def _extraire(archive: Path, dossier: Path) -> None:
    """Extrait une archive .zip en refusant les chemins qui sortent du dossier."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for membre in zf.namelist():
                cible = (dossier / membre).resolve()
                if not cible.is_relative_to(dossier.resolve()):
                    raise ErreurCours(f"Archive {archive.name} refusée : chemin dangereux « {membre} ».")
            zf.extractall(dossier)
    except zipfile.BadZipFile:
        raise ErreurCours(f"Archive {archive.name} illisible (ce n'est pas un .zip valide).") from None


def _copier_base(depart: Path, arrivee: Path) -> None:
    """Copie cohérente d'une base SQLite (API de sauvegarde de sqlite3)."""
    with sqlite3.connect(depart) as source, sqlite3.connect(arrivee) as cible:
        source.backup(cible)


def generer_retour(nbgrader, devoir: str, ident: str) -> dict:
    """Pages de retour HTML d'une copie corrigée, avec le modèle français du cours.

    (``NbGraderAPI.generate_feedback`` impose le modèle anglais de nbgrader.)
    """
    with temp_attrs(nbgrader.coursedir, assignment_id=devoir, student_id=ident, notebook_id="*"):
        application = GenerateFeedback(coursedir=nbgrader.coursedir, parent=nbgrader)
        application.force = True
        return capture_log(application)


def derniere_erreur(resultat: dict) -> str:
    """Les lignes d'erreur du journal nbgrader (les plus utiles au formateur)."""
    lignes = [ligne.strip() for ligne in (resultat.get("log") or "").splitlines() if ligne.strip()]
    erreurs = [ligne.removeprefix("[ERROR] ") for ligne in lignes if ligne.startswith("[ERROR]")]
    if not erreurs:
        trace = [ligne.strip() for ligne in (resultat.get("error") or "").splitlines() if ligne.strip()]
        erreurs = trace[-1:] or ["erreur inconnue"]
    return "\n".join(erreurs[-5:])[:2000]


def colonnes_moodle(devoir: str) -> list[str]:
    return [
        "Adresse de courriel",
        "Identifiant",
        "Nom",
        "Prénom",
        f"{devoir} (sur 20)",
        f"{devoir} (points)",
        "Commentaire",
    ]


def _fr(nombre) -> str:
    return f"{float(nombre):g}".replace(".", ",")


def _sans_accent(texte: str) -> str:
    """Texte en minuscules, sans accents ni espaces autour (en-têtes de registre, noms)."""
    texte = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in texte if not unicodedata.combining(c)).strip().lower()


def _cle_nom(*morceaux: str) -> str:
    """Clé de comparaison d'un nom : sans accents, casse, tirets ni espaces multiples."""
    return " ".join(_sans_accent(" ".join(morceaux)).replace("-", " ").split())
