"""Qui est l'apprenant ? Une seule réponse, la même dans les trois contextes.

Ordre de recherche :

1. pendant la correction (et la validation par le formateur), le chemin du cahier :
   ``submitted/<identifiant>/<devoir>/`` ou ``autograded/<identifiant>/<devoir>/`` ;
2. la variable d'environnement ``GPEDU_APPRENANT`` (posée par les outils du formateur) ;
3. sur un serveur partagé (JupyterHub), l'utilisateur connecté ``JUPYTERHUB_USER``
   (c'est aussi l'identifiant nbgrader de l'apprenant) ;
4. sur la machine de l'apprenant, le fichier ``apprenant.txt`` du dossier du devoir
   (ou d'un dossier parent), écrit dans le devoir distribué par ``gpedu distribuer``,
   ou une fois pour toutes par ``identifier("prenom.nom")``, qui l'écrit aussi dans
   le dossier personnel (``~/.gpedu-apprenant``).

Sans identité, ``apprenant()`` lève ``IdentiteInconnue`` avec un message qui dit quoi
faire : jamais d'identité par défaut partagée par tout le monde.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

VARIABLE = "GPEDU_APPRENANT"
FICHIER = "apprenant.txt"
FICHIER_PERSONNEL = ".gpedu-apprenant"
DOSSIERS_DE_CORRECTION = ("submitted", "autograded")
FORME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")


class IdentiteInconnue(RuntimeError):
    """Aucune identité trouvée (ou une identité mal formée) : le message dit quoi faire."""


def _valide(ident: str, origine: str) -> str:
    ident = ident.strip()
    if not FORME.match(ident):
        raise IdentiteInconnue(
            f"Identifiant « {ident} » ({origine}) invalide : lettres, chiffres et . _ - @ seulement, "
            "sans espace. Demandez votre identifiant à votre formateur."
        )
    return ident


def depuis_chemin(dossier: Path) -> str | None:
    """L'identifiant lu dans un chemin ``…/submitted/<id>/<devoir>`` (ou ``autograded``)."""
    parties = Path(dossier).resolve().parts
    for rang in range(len(parties) - 2, 0, -1):
        if parties[rang - 1] in DOSSIERS_DE_CORRECTION:
            return parties[rang]
    return None


def _fichier(dossier: Path) -> Path | None:
    for parent in (dossier, *dossier.parents):
        if (parent / FICHIER).is_file():
            return parent / FICHIER
    personnel = Path.home() / FICHIER_PERSONNEL
    return personnel if personnel.is_file() else None


def apprenant(dossier: Path | str | None = None) -> str:
    """L'identifiant de l'apprenant dont on exécute le cahier (voir l'ordre de recherche du module)."""
    dossier = Path(dossier or Path.cwd())
    ident = depuis_chemin(dossier)
    if ident:
        return _valide(ident, "chemin de la copie")
    for variable in (VARIABLE, "JUPYTERHUB_USER"):
        if os.environ.get(variable, "").strip():
            return _valide(os.environ[variable], f"variable {variable}")
    fichier = _fichier(dossier)
    if fichier is not None:
        return _valide(fichier.read_text(encoding="utf-8"), f"fichier {fichier}")
    raise IdentiteInconnue(
        "Je ne sais pas qui vous êtes : vos données d'exercice dépendent de votre identifiant. "
        'Exécutez une fois, dans une cellule : from gpedu.identite import identifier ; identifier("votre.identifiant") '
        "avec l'identifiant donné par votre formateur, puis relancez le cahier."
    )


def identifier(ident: str, dossier: Path | str | None = None) -> str:
    """Enregistre l'identifiant tapé par l'apprenant (dossier du devoir et dossier personnel)."""
    ident = _valide(str(ident), "tapé dans le cahier")
    for fichier in (Path(dossier or Path.cwd()) / FICHIER, Path.home() / FICHIER_PERSONNEL):
        try:
            fichier.write_text(ident + "\n", encoding="utf-8")
        except OSError:
            continue
    print(f"✔ Identifiant enregistré : {ident}. Relancez le cahier (Noyau › Redémarrer et tout exécuter).")
    return ident
