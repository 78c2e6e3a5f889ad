"""La commande ``gpedu`` du formateur (aide et messages en français)."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from gpedu import __version__
from gpedu.cours.configuration import FICHIER_CONFIG, ErreurCours

TRADUCTIONS = {
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur est attendue",
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
}


def _traduire(texte: str) -> str:
    return TRADUCTIONS.get(texte, texte)


argparse._ = _traduire  # argparse passe ses messages par gettext : on les donne en français


class Analyseur(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def trouver_cours(depart: Path) -> Path:
    """Le dossier du cours : ``depart`` ou le premier parent qui contient nbgrader_config.py."""
    depart = depart.resolve()
    for dossier in (depart, *depart.parents):
        if (dossier / FICHIER_CONFIG).is_file():
            return dossier
    raise ErreurCours(f"Aucun cours gpedu ici ({depart}) : {FICHIER_CONFIG} introuvable. Utilisez --cours DOSSIER.")


def _cours(args):
    from gpedu.cours.operations import Cours

    return Cours(trouver_cours(Path(args.cours)))


def commande_verifier(args) -> int:
    from gpedu.cours.qualite import verifier_cours

    cours = _cours(args)
    devoirs = args.devoirs or cours.devoirs()
    print(
        f"Vérification de {len(devoirs)} devoir(s) : {', '.join(devoirs)} (chaque cahier passe tout le cycle nbgrader)…"
    )
    constats = verifier_cours(cours.racine, devoirs, args.cahier)
    if not constats:
        print("✔ Tous les cahiers sont conformes.")
        return 0
    print(f"✘ {len(constats)} problème(s) :")
    for constat in constats:
        print(f"  - {constat}")
    return 1


def commande_publier(args) -> int:
    cours = _cours(args)
    for chemin in cours.publier(args.devoirs or None):
        print(f"✔ {chemin.relative_to(cours.racine)}")
    return 0


def commande_apprenants(args) -> int:
    print(_cours(args).inscrire(Path(args.fichier)))
    return 0


def commande_importer(args) -> int:
    print(_cours(args).importer(Path(args.source), args.devoir))
    return 0


def commande_corriger(args) -> int:
    cours = _cours(args)
    rapport = cours.corriger(args.devoir, args.apprenant or None, paralleles=args.paralleles)
    print(rapport)
    afficher_notes(cours, args.devoir)
    return 1 if rapport.ecartes and not rapport.faits else 0


def commande_notes(args) -> int:
    cours = _cours(args)
    cours.verifier_devoir(args.devoir)
    afficher_notes(cours, args.devoir, exporter=True)
    return 0


def commande_donnees(args) -> int:
    from gpedu.cours.reference import fiche_apprenant

    cours = _cours(args)
    cours.verifier_devoir(args.devoir)
    print(fiche_apprenant(cours.racine, args.devoir, args.cahier, args.apprenant))
    return 0


def commande_distribuer(args) -> int:
    cours = _cours(args)
    for archive in cours.distribuer(args.devoir, args.apprenant or None):
        print(f"✔ {archive.relative_to(cours.racine)}")
    return 0


def commande_couverture(args) -> int:
    from gpedu.cours.cahiers import couverture

    matrice = couverture(_cours(args).racine)
    if args.certification:
        matrice = matrice[matrice.index.str.startswith(args.certification.upper() + ".")]
    with _affichage_large():
        print(matrice.to_string(float_format=lambda x: f"{x:g}"))
    non_evaluees = matrice.index[matrice.total == 0]
    print(f"\n{len(matrice) - len(non_evaluees)} compétence(s) évaluée(s) sur {len(matrice)}.")
    return 0


def commande_livret(args) -> int:
    from gpedu.cours.livret import ecrire_livrets

    cours = _cours(args)
    rapport = ecrire_livrets(cours, args.certification, args.devoir, args.apprenant)
    print(rapport)
    print(f"\nLivrets écrits dans {cours.dossier('rapports', 'livrets')}")
    return 0


def commande_tableau_de_bord(args) -> int:
    from gpedu.cours.livret import ecrire_tableau_de_bord

    cours = _cours(args)
    print(f"✔ Tableau de bord écrit : {ecrire_tableau_de_bord(cours, args.devoir).relative_to(cours.racine)}")
    return 0


def commande_demo(args) -> int:
    from gpedu.demo import lancer_demo

    return lancer_demo(trouver_cours(Path(args.cours)))


def afficher_notes(cours, devoir: str, exporter: bool = False) -> None:
    tableau = cours.tableau_notes(devoir)
    if tableau.empty:
        print(f"Aucune note pour « {devoir} ».")
        return
    fichiers = cours.exporter_notes(devoir) if exporter else [cours.dossier("notes", f"{devoir}.csv")]
    with _affichage_large():
        print(f"\nNotes de « {devoir} » :")
        print(tableau.to_string(index=False))
    print(f"\nNotes exportées : {', '.join(str(f.relative_to(cours.racine)) for f in fichiers)}")


def _affichage_large():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_columns", 30)


def analyseur() -> argparse.ArgumentParser:
    racine = Analyseur(
        prog="gpedu",
        description="gpedu : cahiers auto-corrigés de gestion de production (cycle nbgrader du formateur).",
    )
    racine.add_argument("--version", action="version", version=f"gpedu {__version__}")
    racine.add_argument("--cours", default=".", help="dossier du cours (défaut : le dossier courant ou un parent)")
    sous = racine.add_subparsers(dest="commande", metavar="COMMANDE", parser_class=Analyseur)
    sous.required = True

    def commande(nom: str, aide: str, action) -> argparse.ArgumentParser:
        analyseur_commande = sous.add_parser(nom, help=aide, description=aide)
        analyseur_commande.set_defaults(action=action)
        return analyseur_commande

    p = commande("verifier", "harnais de qualité : chaque cahier passe tout le cycle de correction", commande_verifier)
    p.add_argument("devoirs", nargs="*", metavar="DEVOIR", help="devoirs à vérifier (défaut : tous)")
    p.add_argument(
        "--cahier",
        action="append",
        metavar="NOM",
        help="ne vérifier que ce cahier (nom sans .ipynb, option répétable ; défaut : tous)",
    )
    p = commande("publier", "générer la version apprenant (dossier release/)", commande_publier)
    p.add_argument("devoirs", nargs="*", metavar="DEVOIR", help="devoirs à publier (défaut : tous)")
    p = commande("apprenants", "importer le registre des apprenants (CSV)", commande_apprenants)
    p.add_argument(
        "fichier", metavar="FICHIER_CSV", help="colonnes identifiant, nom, prenom, email ; séparateur , ou ;"
    )
    p = commande("importer", "importer les copies (dossier ou archive .zip) dans submitted/", commande_importer)
    p.add_argument("source", metavar="DOSSIER_OU_ZIP", help="dossier ou archive .zip des copies")
    p.add_argument("--devoir", required=True, help="devoir auquel appartiennent les copies")
    p = commande("corriger", "corriger les copies, écrire les retours HTML et exporter les notes", commande_corriger)
    p.add_argument("devoir", metavar="DEVOIR", help="devoir à corriger")
    p.add_argument("--apprenant", action="append", metavar="ID", help="ne corriger que cet apprenant (répétable)")
    p.add_argument(
        "--paralleles",
        type=int,
        metavar="N",
        help="nombre de copies corrigées en même temps (défaut : le nombre de cœurs ; 1 = une par une)",
    )
    p = commande("notes", "afficher et exporter les notes d'un devoir (CSV)", commande_notes)
    p.add_argument("devoir", metavar="DEVOIR", help="devoir dont on veut les notes")
    p = commande("couverture", "matrice des compétences évaluées par les cahiers", commande_couverture)
    p.add_argument("--certification", choices=["GPO", "LOG", "IND", "TSGP"], help="n'afficher qu'une certification")
    p = commande(
        "livret",
        "livrets de compétences HTML de chaque apprenant (rapports/livrets/<CERTIFICATION>/<identifiant>.html)",
        commande_livret,
    )
    p.add_argument(
        "--certification",
        action="append",
        metavar="CODE",
        help="GPO, LOG, IND ou TSGP (option répétable ; défaut : celles qu'évaluent les devoirs)",
    )
    p.add_argument(
        "--devoir",
        action="append",
        metavar="DEVOIR",
        help="devoir pris en compte (répétable ; défaut : tous les corrigés)",
    )
    p.add_argument("--apprenant", action="append", metavar="ID", help="seulement cet apprenant (répétable)")
    p = commande(
        "tableau-de-bord",
        "tableau de bord de classe d'un devoir : distribution par question, erreurs types, compétences à retravailler",
        commande_tableau_de_bord,
    )
    p.add_argument("devoir", metavar="DEVOIR", help="devoir corrigé (écrit rapports/tableau_de_bord_<DEVOIR>.html)")
    p = commande(
        "donnees",
        "afficher les données d'un apprenant et ses réponses attendues (pour l'aider en salle)",
        commande_donnees,
    )
    p.add_argument("devoir", metavar="DEVOIR", help="devoir du cahier")
    p.add_argument("cahier", metavar="CAHIER", help="nom du cahier (sans .ipynb)")
    p.add_argument("--apprenant", required=True, metavar="ID", help="identifiant de l'apprenant")
    p = commande(
        "distribuer",
        "une archive .zip du devoir par apprenant, avec son identifiant (distribution/<ID>_<DEVOIR>.zip)",
        commande_distribuer,
    )
    p.add_argument("devoir", metavar="DEVOIR", help="devoir publié à distribuer")
    p.add_argument("--apprenant", action="append", metavar="ID", help="seulement cet apprenant (répétable)")
    commande("demo", "cycle complet du formateur sur les copies de démonstration", commande_demo)
    return racine


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore")  # avertissements internes de nbgrader/SQLAlchemy : rien d'utile au formateur
    args = analyseur().parse_args(argv)
    try:
        return args.action(args)
    except ErreurCours as erreur:
        print(f"gpedu : {erreur}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ngpedu : interrompu. Les notes déjà enregistrées sont conservées.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
