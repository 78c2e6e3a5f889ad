"""L'entreprise fictive commune à tous les cahiers : Vallet Manutention.

PME de Cholet (85 salariés) qui fabrique des diables (D100) et des chariots à
plateau (C200). Les données techniques sont des CSV de ``gpedu/donnees`` qu'un
centre de formation peut remplacer par les siennes.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd

from gpedu.calculs.cbn import ParametresArticle, RegleLot

NOM = "Vallet Manutention"
HORIZON = 8
DONNEES = files("gpedu") / "donnees"


def tables() -> list[str]:
    """Noms des tables de la GPAO (un fichier CSV de ``gpedu/donnees`` chacune)."""
    return sorted(f.name.removesuffix(".csv") for f in DONNEES.iterdir() if f.name.endswith(".csv"))


@cache
def _lire(nom: str) -> pd.DataFrame:
    if nom not in tables():
        raise KeyError(f"Table inconnue « {nom} » : tables disponibles : {', '.join(tables())}.")
    return pd.read_csv(DONNEES / f"{nom}.csv")


def charger(nom: str) -> pd.DataFrame:
    """Une table de la GPAO de l'entreprise (copie modifiable)."""
    return _lire(nom).copy()


def articles() -> pd.DataFrame:
    return charger("articles").set_index("code")


def liens_nomenclature() -> list[tuple[str, str, int]]:
    """Liens (parent, composant, quantité) de toutes les nomenclatures."""
    table = charger("nomenclatures")
    return [(p, c, q) for p, c, q in table[["parent", "composant", "quantite"]].itertuples(index=False)]


def _entier(valeur) -> int | None:
    return None if pd.isna(valeur) else int(valeur)


def regle_lot(code: str) -> RegleLot:
    a = articles().loc[code]
    return RegleLot(
        methode=a.regle_lot,
        quantite=_entier(a.quantite_lot),
        periodes=_entier(a.periodes_lot),
        minimum=int(a.lot_minimum),
        multiple=int(a.lot_multiple),
    )


def receptions_programmees(code: str) -> dict[int, int]:
    table = charger("receptions_programmees")
    table = table[table.article == code]
    return {int(s): int(q) for s, q in zip(table.semaine, table.quantite)}


def parametres_cbn() -> dict[str, ParametresArticle]:
    """Paramètres de gestion de chaque article, tels qu'ils sont dans la GPAO."""
    return {
        code: ParametresArticle(
            stock_initial=int(a.stock),
            stock_securite=int(a.stock_securite),
            delai=int(a.delai_semaines),
            regle=regle_lot(code),
            receptions_programmees=receptions_programmees(code),
        )
        for code, a in articles().iterrows()
    }


def besoins_independants(horizon: int = HORIZON) -> dict[str, list[int]]:
    """Programme directeur (produits finis) et pièces de rechange, par semaine."""
    besoins: dict[str, list[int]] = {}
    for article, semaine, quantite in charger("pdp")[["article", "semaine", "quantite"]].itertuples(index=False):
        besoins.setdefault(article, [0] * horizon)[int(semaine) - 1] += int(quantite)
    return besoins
