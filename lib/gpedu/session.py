"""Préparation d'un cahier : ``demarrer()`` est appelée dans la première cellule."""

from __future__ import annotations

import warnings

import pandas as pd

from gpedu import __version__, identite
from gpedu.correction import EcartReponse, message_apprenant
from gpedu.entreprise import NOM

ERREURS_TRADUITES = (EcartReponse, NameError, NotImplementedError, identite.IdentiteInconnue)


def _afficher_erreur(shell, etype, valeur, tb, tb_offset=None):
    """Affiche une erreur de réponse comme une seule phrase française (sortie « error »)."""
    lignes = [f"\x1b[1;31m✘ {message_apprenant(etype.__name__, str(valeur))}\x1b[0m"]
    shell._showtraceback(etype, valeur, lignes)
    return lignes


def demarrer(afficher: bool = True) -> None:
    """Affichage à la française, avertissements muets, erreurs de réponse en une phrase.

    Affiche l'identifiant de l'apprenant (ses données en dépendent) ; sans identité connue,
    ``IdentiteInconnue`` dit quoi faire.
    """
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        shell = None
    else:
        shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc(ERREURS_TRADUITES, _afficher_erreur)
    ident = identite.apprenant()
    if afficher:
        print(f"GPAO pédagogique gpedu {__version__} — entreprise : {NOM} — apprenant : {ident}.")
