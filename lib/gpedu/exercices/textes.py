"""Vérifications de réponses faites de textes (noms d'OF, de causes) pour les cahiers de suivi et de Pareto.

``gpedu.correction`` ne vérifie la forme que de réponses numériques : ces fonctions complètent, avec les
mêmes messages français et la même exception ``EcartReponse``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gpedu.correction import EcartReponse, _en_liste, _nombre


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
    """« nom » est un dictionnaire {texte: nombre}."""
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


def verifier_ensemble(
    obtenu, attendu: Iterable[str], *, nom: str, erreurs_types: Mapping[str, Iterable[str]] | None = None
):
    """Une liste de textes comparée sans tenir compte de l'ordre : il manque…, en trop…, puis la piste."""
    valeurs = _en_liste(obtenu)
    if valeurs is None:
        raise EcartReponse(f"{nom[:1].upper() + nom[1:]} : une liste est attendue.")
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
    message = f"{nom[:1].upper() + nom[1:]} : " + " ; ".join(morceaux) + "."
    for piste, variante in (erreurs_types or {}).items():
        if set(variante) != attendus and set(variante) == obtenus:
            message += f" Piste : {piste}."
            break
    raise EcartReponse(message)


def extrait(dico: Mapping, cles: Iterable) -> dict:
    """Le sous-dictionnaire des ``cles`` (pour noter séparément les parties d'une réponse)."""
    return {k: dico[k] for k in cles}


def extrait_erreurs(erreurs: Mapping[str, Mapping], cles: Iterable, juste: Mapping) -> dict[str, dict]:
    """Les erreurs types restreintes aux ``cles`` (seulement celles qui y changent quelque chose)."""
    cles = list(cles)
    resultat = {}
    for piste, valeurs in erreurs.items():
        sous = extrait(valeurs, cles)
        if sous != extrait(juste, cles):
            resultat[piste] = sous
    return resultat
