"""Fonctions de vérification appelées par les cellules de test des cahiers.

Chaque ``verifier_*`` lève ``EcartReponse`` (un ``AssertionError``) avec un
message en français qui nomme l'élément faux et, quand la valeur fausse
correspond à une erreur type connue, l'indice correspondant. ``Bareme``
regroupe plusieurs vérifications d'une question et donne une note partielle.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from numbers import Integral, Number

import pandas as pd

ECARTS_AFFICHES = 3


class EcartReponse(AssertionError):
    """La réponse diffère de la référence ; ``str(e)`` est le message pour l'apprenant."""


# --- empreintes des réponses (détection de copie) ------------------------------------------

TYPE_EXAMEN = "application/vnd.gpedu.examen+json"
_JOURNAL: list[dict] = []  # réponses examinées depuis le début du cahier (pendant la correction)


def _canonique(valeur):
    """Forme stable d'une réponse : nombres à 6 chiffres significatifs, dictionnaires triés."""
    if isinstance(valeur, pd.DataFrame):
        return {"colonnes": [str(c) for c in valeur.columns], "lignes": _canonique(valeur.values.tolist())}
    if isinstance(valeur, pd.Series):
        valeur = valeur.to_dict()
    if hasattr(valeur, "tolist") and not isinstance(valeur, str | bytes):
        valeur = valeur.tolist()
    if isinstance(valeur, Mapping):
        return {str(k): _canonique(v) for k, v in sorted(valeur.items(), key=lambda kv: str(kv[0]))}
    if isinstance(valeur, set | frozenset):
        return sorted((_canonique(v) for v in valeur), key=repr)
    if isinstance(valeur, list | tuple):
        return [_canonique(v) for v in valeur]
    nombre = _nombre(valeur) if not isinstance(valeur, str) else None
    if nombre is not None:
        return f"{nombre:.6g}"
    return str(valeur).strip()


def empreinte(valeur) -> str:
    """Empreinte d'une réponse : deux réponses identiques ont la même, sans rien révéler d'elles."""
    texte = json.dumps(_canonique(valeur), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(texte.encode()).hexdigest()[:16]


def examinee(verifier=None, *, forme=None):
    """Décorateur des vérifications de valeur : pendant la correction, note l'empreinte de la réponse.

    ``Bareme.resultat`` joint ces empreintes à la sortie de la cellule (type ``TYPE_EXAMEN``, absent
    des retours) ; la correction de cohorte les compare d'un apprenant à l'autre. ``forme`` ramène
    la réponse à ce qui compte avant l'empreinte (par exemple un ensemble quand l'ordre est libre).
    """
    if verifier is None:
        return functools.partial(examinee, forme=forme)

    @functools.wraps(verifier)
    def enveloppe(obtenu, *args, **kwargs):
        if not en_correction():
            return verifier(obtenu, *args, **kwargs)
        compare = obtenu
        if forme is not None:
            try:
                compare = forme(obtenu)
            except TypeError:
                pass
        trace = {"nom": str(kwargs.get("nom") or verifier.__name__), "empreinte": empreinte(compare)}
        try:
            resultat = verifier(obtenu, *args, **kwargs)
        except EcartReponse:
            _JOURNAL.append(trace | {"juste": False})
            raise
        _JOURNAL.append(trace | {"juste": True})
        return resultat

    return enveloppe


# --- messages ------------------------------------------------------------------------------


def message_apprenant(nom_erreur: str, valeur: str) -> str:
    """Traduit une erreur Python en une phrase française pour l'apprenant."""
    if nom_erreur in ("EcartReponse", "AssertionError"):
        return valeur or "La réponse ne correspond pas à ce qui est attendu."
    if nom_erreur == "IdentiteInconnue":
        return valeur
    if nom_erreur == "NameError":
        trouve = re.search(r"name '(.+?)' is not defined", valeur)
        variable = trouve.group(1) if trouve else "?"
        return (
            f"La variable « {variable} » n'est pas définie : écrivez votre réponse dans la cellule "
            "prévue au-dessus, puis exécutez-la."
        )
    if nom_erreur == "NotImplementedError":
        return "Réponse à compléter : remplacez la ligne « raise NotImplementedError(...) » par votre réponse."
    if nom_erreur in ("CellTimeoutError", "TimeoutError", "KeyboardInterrupt"):
        return "Le calcul a pris trop de temps et a été interrompu : vérifiez qu'aucune boucle ne tourne sans fin."
    if nom_erreur == "DeadKernelError":
        return "Le noyau Python s'est arrêté pendant la correction : la cellule n'a pas pu être évaluée."
    return f"Erreur Python ({nom_erreur}) : {valeur}"


def _majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def _fmt(valeur, chiffres: int = 4) -> str:
    """Affichage lisible d'une valeur (nombres à la française, textes entre guillemets)."""
    if isinstance(valeur, bool):
        return "Vrai" if valeur else "Faux"
    if isinstance(valeur, Number) and not isinstance(valeur, complex):
        if isinstance(valeur, Integral):
            return str(int(valeur))
        valeur = float(valeur)  # numpy.float32, Decimal… : jamais tronqués en entier
        if not math.isfinite(valeur):
            return str(valeur)
        if valeur.is_integer():
            return str(int(valeur))
        # toute la partie entière est affichée : 12345,67 et non 1,235e+04
        chiffres = max(chiffres, len(str(int(abs(valeur)))) + 2)
        return f"{valeur:.{chiffres}g}".replace(".", ",")
    if isinstance(valeur, str):
        return f"« {valeur} »"
    if valeur is None:
        return "rien (None)"
    return repr(valeur)


def _nombre(valeur) -> float | None:
    """Valeur numérique, ou None si ce n'est pas un nombre (texte, liste…)."""
    if isinstance(valeur, bool) or not isinstance(valeur, Number):
        try:
            import numpy as np

            if isinstance(valeur, np.generic) and np.issubdtype(type(valeur), np.number):
                return float(valeur)
        except ImportError:  # pragma: no cover
            pass
        return None
    return float(valeur)


def _egaux(obtenu, attendu, tolerance: float) -> bool:
    a, b = _nombre(obtenu), _nombre(attendu)
    if a is not None and b is not None:
        return abs(a - b) <= tolerance + 1e-9
    try:
        return bool(obtenu == attendu)
    except (TypeError, ValueError):  # tableau numpy comparé à un nombre, pd.NA…
        return False


def _fmt_paire(obtenu, attendu) -> tuple[str, str]:
    """Les deux valeurs, avec assez de chiffres pour qu'elles ne s'affichent pas pareil."""
    for chiffres in (4, 6, 8, 10, 12, 15):
        texte_obtenu, texte_attendu = _fmt(obtenu, chiffres), _fmt(attendu, chiffres)
        if texte_obtenu != texte_attendu:
            break
    return texte_obtenu, texte_attendu


def _precision_type(obtenu, attendu) -> str:
    if _nombre(attendu) is not None and _nombre(obtenu) is None:
        if isinstance(obtenu, str):
            return " (c'est un texte : écrivez le nombre sans guillemets)"
        return " (ce n'est pas un nombre)"
    return ""


def _ecart(libelle: str, obtenu, attendu) -> str:
    texte_obtenu, texte_attendu = _fmt_paire(obtenu, attendu)
    return f"{libelle} : attendu {texte_attendu}, obtenu {texte_obtenu}{_precision_type(obtenu, attendu)}"


def _indice(
    reponse: Mapping, ecarts: Mapping, erreurs_types: Mapping | None, valeur_de, tolerance: float
) -> str | None:
    """L'erreur type qui reproduit toute la réponse ; à défaut, la première qui explique tous les écarts."""
    for valeurs in (reponse, ecarts):
        for message, variante in (erreurs_types or {}).items():
            try:
                if all(_egaux(obtenu, valeur_de(variante, cle), tolerance) for cle, obtenu in valeurs.items()):
                    return message
            except (KeyError, IndexError, TypeError):
                continue
    return None


def _lever(reponse: dict, ecarts: dict, libelle_de, erreurs_types, valeur_de, tolerance, attendu_de, entete: str = ""):
    """Lève l'écart : les premières différences, puis la piste d'erreur type s'il y en a une."""
    lignes = [
        _ecart(libelle_de(cle), obtenu, attendu_de(cle)) for cle, obtenu in list(ecarts.items())[:ECARTS_AFFICHES]
    ]
    reste = len(ecarts) - ECARTS_AFFICHES
    message = entete + " ; ".join(lignes)
    if reste > 0:
        message += f" ; … et {reste} autre{'s' if reste > 1 else ''} écart{'s' if reste > 1 else ''}"
    message += "."
    indice = _indice(reponse, ecarts, erreurs_types, valeur_de, tolerance)
    if indice:
        message += f" Piste : {indice}."
    raise EcartReponse(message)


# --- vérifications de forme (visibles dans la version apprenant) -----------------------------


def _en_liste(valeur) -> list | None:
    """La réponse en liste (Series et tableaux numpy acceptés), ou None si ce n'est pas une liste."""
    # un scalaire numpy (np.int64…) a aussi tolist() mais donne un nombre : refusé
    valeurs = valeur.tolist() if hasattr(valeur, "tolist") and not isinstance(valeur, str) else valeur
    if isinstance(valeurs, (str, bytes, Mapping)) or not isinstance(valeurs, Sequence):
        return None
    return list(valeurs)


def verifier_forme_liste(obtenu, *, longueur: int, nom: str):
    """« nom » est une liste de ``longueur`` nombres."""
    valeurs = _en_liste(obtenu)
    if valeurs is None:
        raise EcartReponse(f"« {nom} » doit être une liste de {longueur} nombres, par exemple [0, 10, 20, …].")
    if len(valeurs) != longueur:
        raise EcartReponse(f"« {nom} » doit contenir {longueur} valeurs, elle en contient {len(valeurs)}.")
    for rang, valeur in enumerate(valeurs, start=1):
        if _nombre(valeur) is None:
            raise EcartReponse(f"« {nom} » : la valeur n°{rang}, {_fmt(valeur)}, n'est pas un nombre.")


def verifier_forme_nombre(obtenu, *, nom: str):
    """« nom » est un nombre."""
    if _nombre(obtenu) is None:
        raise EcartReponse(f"« {nom} » doit être un nombre, obtenu {_fmt(obtenu)}{_precision_type(obtenu, 0)}.")


def verifier_forme_dict(obtenu, *, cles, nom: str):
    """« nom » est un dictionnaire dont les clés sont exactement ``cles``."""
    if not isinstance(obtenu, Mapping):
        raise EcartReponse(f"« {nom} » doit être un dictionnaire {{clé: valeur}}.")
    manquantes = [str(k) for k in cles if k not in obtenu]
    if manquantes:
        raise EcartReponse(f"« {nom} » : il manque les clés {', '.join(manquantes)}.")
    en_trop = [str(k) for k in obtenu if k not in cles]
    if en_trop:
        raise EcartReponse(f"« {nom} » : clés inattendues {', '.join(en_trop)}.")


def verifier_forme_textes(obtenu, *, nom: str, exemple: str = '["A", "B"]'):
    """« nom » est une liste de textes."""
    valeurs = _en_liste(obtenu)
    if valeurs is None:
        raise EcartReponse(f"« {nom} » doit être une liste de textes, par exemple {exemple}.")
    for rang, valeur in enumerate(valeurs, start=1):
        if not isinstance(valeur, str):
            raise EcartReponse(f"« {nom} » : la valeur n°{rang} n'est pas un texte (mettez-la entre guillemets).")


def verifier_forme_texte(obtenu, *, nom: str):
    """« nom » est un texte."""
    if not isinstance(obtenu, str):
        raise EcartReponse(f'« {nom} » doit être un texte entre guillemets, par exemple "Panne robot".')


def verifier_forme_dict_nombres(obtenu, *, nom: str):
    """« nom » est un dictionnaire non vide {texte: nombre}."""
    if not isinstance(obtenu, Mapping) or not obtenu:
        raise EcartReponse(f"« {nom} » doit être un dictionnaire non vide {{texte: nombre}}.")
    for cle, valeur in obtenu.items():
        if not isinstance(cle, str):
            raise EcartReponse(f"« {nom} » : la clé {cle!r} n'est pas un texte.")
        if _nombre(valeur) is None:
            raise EcartReponse(f"« {nom} » : la valeur de « {cle} » n'est pas un nombre.")


def verifier_forme_dict_textes(obtenu, *, nom: str):
    """« nom » est un dictionnaire {texte: texte}."""
    if not isinstance(obtenu, Mapping):
        raise EcartReponse(f"« {nom} » doit être un dictionnaire {{texte: texte}}.")
    for cle, valeur in obtenu.items():
        if not isinstance(cle, str) or not isinstance(valeur, str):
            raise EcartReponse(f"« {nom} » : clés et valeurs doivent être des textes (entre guillemets).")


# --- vérifications -------------------------------------------------------------------------


@examinee
def verifier_nombre(obtenu, attendu, *, nom: str, tolerance: float = 0.0, unite: str = "", erreurs_types=None):
    """Un nombre, à ``tolerance`` près (écart absolu)."""
    if _egaux(obtenu, attendu, tolerance):
        return
    suffixe = f" {unite}" if unite else ""
    texte_obtenu, texte_attendu = _fmt_paire(obtenu, attendu)
    message = f"{_majuscule(nom)} : attendu {texte_attendu}{suffixe}, obtenu {texte_obtenu}{suffixe}"
    message += _precision_type(obtenu, attendu) + "."
    for indice, variante in (erreurs_types or {}).items():
        if not _egaux(variante, attendu, tolerance) and _egaux(obtenu, variante, tolerance):
            message += f" Piste : {indice}."
            break
    raise EcartReponse(message)


@examinee
def verifier_liste(
    obtenu,
    attendu: Sequence,
    *,
    nom: str,
    etiquette: str = "Élément {}",
    debut: int = 1,
    tolerance: float = 0.0,
    erreurs_types: Mapping[str, Sequence] | None = None,
):
    """Une liste de valeurs, comparée position par position.

    ``etiquette`` nomme une position, par exemple ``"Semaine {}"`` avec ``debut=1``.
    """
    attendu = list(attendu)
    valeurs = _en_liste(obtenu)
    if valeurs is None:
        raise EcartReponse(
            f"{_majuscule(nom)} : une liste de {len(attendu)} valeurs est attendue "
            f"(par exemple [0, 10, 20, …]), obtenu {_fmt(obtenu)}."
        )
    obtenu = valeurs
    if len(obtenu) != len(attendu):
        raise EcartReponse(
            f"{_majuscule(nom)} : {len(attendu)} valeurs attendues (une par "
            f"{etiquette.format('').strip().lower() or 'position'}), {len(obtenu)} obtenues."
        )
    ecarts = {i: o for i, (o, a) in enumerate(zip(obtenu, attendu)) if not _egaux(o, a, tolerance)}
    if ecarts:
        _lever(
            dict(enumerate(obtenu)),
            ecarts,
            lambda i: f"{etiquette.format(i + debut)}, {nom}",
            erreurs_types,
            lambda variante, i: list(variante)[i],
            tolerance,
            lambda i: attendu[i],
        )


@examinee
def verifier_dict(
    obtenu,
    attendu: Mapping,
    *,
    nom: str,
    etiquette: str = "{}",
    libelle: str | None = None,
    tolerance: float = 0.0,
    erreurs_types: Mapping[str, Mapping] | None = None,
):
    """Un dictionnaire {clé: valeur} : mêmes clés, mêmes valeurs.

    ``etiquette`` nomme une clé ; ``libelle`` (par défaut « étiquette, nom ») nomme un écart.
    """
    if not isinstance(obtenu, Mapping):
        raise EcartReponse(f"{_majuscule(nom)} : un dictionnaire {{clé: valeur}} est attendu, obtenu {_fmt(obtenu)}.")
    manquantes = [k for k in attendu if k not in obtenu]
    en_trop = [k for k in obtenu if k not in attendu]
    if manquantes or en_trop:
        morceaux = []
        if manquantes:
            morceaux.append("il manque " + ", ".join(etiquette.format(k) for k in manquantes))
        if en_trop:
            morceaux.append("en trop : " + ", ".join(etiquette.format(k) for k in en_trop))
        raise EcartReponse(f"{_majuscule(nom)} : " + " ; ".join(morceaux) + ".")
    ecarts = {k: obtenu[k] for k in attendu if not _egaux(obtenu[k], attendu[k], tolerance)}
    if ecarts:
        _lever(
            {k: obtenu[k] for k in attendu},
            ecarts,
            lambda k: (libelle or "{}, " + nom).format(etiquette.format(k)),
            erreurs_types,
            lambda variante, k: variante[k],
            tolerance,
            lambda k: attendu[k],
        )


@examinee
def verifier_tableau(
    obtenu,
    attendu: pd.DataFrame,
    *,
    nom: str,
    tolerance: float = 0.0,
    erreurs_types: Mapping[str, pd.DataFrame] | None = None,
):
    """Un tableau pandas comparé par étiquettes (lignes et colonnes), pas par position."""
    if not isinstance(obtenu, pd.DataFrame):
        raise EcartReponse(f"{_majuscule(nom)} : un tableau pandas (DataFrame) est attendu.")
    lignes_manquantes = [str(i) for i in attendu.index if i not in obtenu.index]
    colonnes_manquantes = [str(c) for c in attendu.columns if c not in obtenu.columns]
    if lignes_manquantes or colonnes_manquantes:
        morceaux = []
        if lignes_manquantes:
            morceaux.append("lignes manquantes : " + ", ".join(lignes_manquantes))
        if colonnes_manquantes:
            morceaux.append("colonnes manquantes : " + ", ".join(colonnes_manquantes))
        raise EcartReponse(f"{_majuscule(nom)} : " + " ; ".join(morceaux) + ".")
    ecarts = {
        (i, c): obtenu.at[i, c]
        for i in attendu.index
        for c in attendu.columns
        if not _egaux(obtenu.at[i, c], attendu.at[i, c], tolerance)
    }
    if ecarts:
        _lever(
            {(i, c): obtenu.at[i, c] for i in attendu.index for c in attendu.columns},
            ecarts,
            lambda k: f"Ligne {_fmt(k[0])}, colonne {_fmt(k[1])}",
            erreurs_types,
            lambda variante, k: variante.at[k[0], k[1]],
            tolerance,
            lambda k: attendu.at[k[0], k[1]],
            entete=f"{_majuscule(nom)} — ",
        )


@examinee
def verifier_planning(
    obtenu,
    attendu: Mapping[str, tuple],
    *,
    nom: str = "planning",
    erreurs_types: Mapping[str, Mapping[str, tuple]] | None = None,
):
    """Un planning {ordre: (début, fin)} : chaque ordre, sa date de début et sa date de fin."""
    if isinstance(obtenu, pd.DataFrame) and {"debut", "fin"} <= set(obtenu.columns):
        obtenu = {k: (d, f) for k, d, f in zip(obtenu.index, obtenu["debut"], obtenu["fin"])}
    if not isinstance(obtenu, Mapping):
        raise EcartReponse(f"{_majuscule(nom)} : un dictionnaire {{ordre: (début, fin)}} est attendu.")
    for ordre, valeur in obtenu.items():
        if not isinstance(valeur, Sequence) or isinstance(valeur, str) or len(valeur) != 2:
            raise EcartReponse(f"{_majuscule(nom)} : pour « {ordre} », un couple (début, fin) est attendu.")
    # ordres manquants ou en trop nommés une seule fois (et non « Ordre « B », début, Ordre « B », fin »)
    verifier_dict(dict.fromkeys(obtenu), dict.fromkeys(attendu), nom=nom, etiquette="l'ordre « {} »")

    def a_plat(planning):
        return {(o, moment): v for o, dates in planning.items() for moment, v in zip(("début", "fin"), dates)}

    verifier_dict(
        a_plat(obtenu),
        a_plat(attendu),
        nom=nom,
        etiquette="Ordre « {0[0]} », {0[1]}",
        libelle="{}",
        erreurs_types={m: a_plat(v) for m, v in (erreurs_types or {}).items()},
    )


def _en_ensemble(valeur) -> frozenset:
    return frozenset(_en_liste(valeur) or ())


@examinee(forme=_en_ensemble)
def verifier_ensemble(
    obtenu, attendu, *, nom: str, exemple: str = '["A", "B"]', erreurs_types: Mapping[str, Sequence] | None = None
):
    """Une liste de textes dont l'ordre est libre : ce qui manque, ce qui est en trop, puis la piste."""
    valeurs = _en_liste(obtenu)
    if valeurs is None or not all(isinstance(v, str) for v in valeurs):
        raise EcartReponse(f"{_majuscule(nom)} : une liste de textes est attendue, par exemple {exemple}.")
    obtenus, attendus = set(valeurs), set(attendu)
    if obtenus == attendus and len(valeurs) == len(obtenus):
        return
    morceaux = []
    if attendus - obtenus:
        morceaux.append("il manque " + ", ".join(f"« {v} »" for v in sorted(attendus - obtenus)))
    if obtenus - attendus:
        morceaux.append("en trop : " + ", ".join(f"« {v} »" for v in sorted(obtenus - attendus)))
    if len(valeurs) != len(obtenus):
        morceaux.append("une valeur est écrite deux fois")
    message = f"{_majuscule(nom)} : " + " ; ".join(morceaux) + "."
    for piste, variante in (erreurs_types or {}).items():
        if set(variante) != attendus and set(variante) == obtenus:
            message += f" Piste : {piste}."
            break
    raise EcartReponse(message)


def extrait(dico: Mapping, cles) -> dict:
    """Le sous-dictionnaire des ``cles`` (pour noter séparément les parties d'une réponse)."""
    return {k: dico[k] for k in cles}


def extrait_erreurs(erreurs: Mapping[str, Mapping], cles, juste: Mapping) -> dict[str, dict]:
    """Les erreurs types restreintes aux ``cles`` (seulement celles qui y changent quelque chose)."""
    cles = list(cles)
    restreintes = {piste: extrait(valeurs, cles) for piste, valeurs in erreurs.items()}
    return {piste: valeurs for piste, valeurs in restreintes.items() if valeurs != extrait(juste, cles)}


# --- barème et note partielle --------------------------------------------------------------


def en_correction() -> bool:
    """Vrai pendant la correction automatique par nbgrader (tests cachés présents)."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


class Note(float):
    """Note d'une question : ``repr`` donne le nombre (lu par nbgrader), le HTML le détail."""

    def __new__(cls, valeur: float, details: list[tuple[str, float, float, str]], points: float):
        note = super().__new__(cls, valeur)
        note.details, note.points = details, points
        return note

    def __repr__(self) -> str:
        return repr(float(self))

    def _lignes(self):
        for partie, obtenus, maximum, message in self.details:
            symbole = "✘" if message else "✔"
            yield symbole, partie, obtenus, maximum, message

    def _repr_html_(self) -> str:
        lignes = "".join(
            f"<li>{s} <b>{html.escape(p)}</b> ({_fmt(o)} / {_fmt(m)})"
            + (f" — {html.escape(msg)}" if msg else "")
            + "</li>"
            for s, p, o, m, msg in self._lignes()
        )
        return f"<div class='gpedu-note'><b>Note : {_fmt(float(self))} / {_fmt(self.points)}</b><ul>{lignes}</ul></div>"


class Bareme:
    """Regroupe les parties d'une question ; ``resultat()`` donne la note.

    Une partie peut être ouverte plusieurs fois sous le même nom : vérification de
    forme visible, puis vérification des valeurs dans les tests cachés. Elle n'est
    juste que si toutes ses vérifications passent. Exemple (cellule de test)::

        bareme = Bareme(points=2)
        with bareme.partie("Stock prévisionnel"):
            verifier_forme_liste(stock_q2, longueur=8, nom="stock_q2")
        ### BEGIN HIDDEN TESTS
        with bareme.partie("Stock prévisionnel"):
            verifier_liste(stock_q2, attendu, nom="stock prévisionnel", etiquette="Semaine {}")
        ### END HIDDEN TESTS
        bareme.resultat()

    Pendant la correction, ``resultat()`` rend la note (partielle si besoin) ; ailleurs
    (l'apprenant, le bouton Validate), il signale les écarts et ne donne pas de note.
    """

    def __init__(self, points: float):
        self.points = float(points)
        self._parties: dict[str, list] = {}  # nom -> [poids, premier message d'erreur ou None]
        _JOURNAL.clear()

    @contextmanager
    def partie(self, nom: str, poids: float = 1.0):
        partie = self._parties.setdefault(nom, [poids, None])
        try:
            yield
        except EcartReponse as erreur:  # un message vide ne doit pas compter comme une réussite
            message = message_apprenant("EcartReponse", str(erreur))
        except NameError as erreur:
            message = message_apprenant("NameError", str(erreur))
        except Exception as erreur:  # réponse d'une forme imprévue : jamais de plantage
            message = message_apprenant(type(erreur).__name__, str(erreur))
        else:
            message = None
        if partie[1] is None:
            partie[1] = message

    def resultat(self) -> Note | None:
        """Note de la question ; lève ``EcartReponse`` si aucune partie n'est juste."""
        total = sum(poids for poids, _ in self._parties.values()) or 1.0
        details, justes = [], 0.0
        for nom, (poids, message) in self._parties.items():
            maximum = round(self.points * poids / total, 4)
            details.append((nom, 0.0 if message else maximum, maximum, message or ""))
            justes += 0.0 if message else poids
        # calculée sur les poids et non en sommant les arrondis : 3 parties justes sur 3 donnent 1.0, pas 0.9999
        note = min(round(self.points * justes / total, 4), self.points)
        erreurs = [f"{nom} : {message}" for nom, _, _, message in details if message]
        if en_correction() and _JOURNAL:
            _publier_examen()
        if not en_correction():
            if erreurs:
                raise EcartReponse("\n✘ ".join(erreurs))
            print("✔ Vérifications réussies. La note sera calculée à la correction (avec d'autres vérifications).")
            return None
        if note == 0:
            raise EcartReponse("\n✘ ".join(erreurs))
        return Note(note, details, self.points)


def _publier_examen() -> None:
    """Joint les empreintes des réponses examinées à la sortie de la cellule de test."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:  # seulement dans un noyau
        display({TYPE_EXAMEN: {"reponses": list(_JOURNAL)}}, raw=True)
    _JOURNAL.clear()
