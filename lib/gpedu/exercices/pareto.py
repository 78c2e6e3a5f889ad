"""Cas du cahier « Le diagramme de Pareto » (source/amelioration/01_pareto).

Journal brut des arrêts et défauts de l'îlot de soudage SOUD sur quatre semaines (table
``pareto_journal_soudage``, avec ses incohérences) et liste officielle des causes (``pareto_causes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import pareto


@dataclass(frozen=True)
class ParametresPareto:
    table_journal: str = "pareto_journal_soudage"
    table_causes: str = "pareto_causes"
    poste: str = "SOUD"
    seuil: float = 80.0
    cout_rebut: float = 35.0  # coût moyen d'une pièce soudée rebutée (€)
    # libellés non officiels (après normalisation) -> cause officielle : la réponse attendue
    correspondances: tuple[tuple[str, str], ...] = (
        ("Chgt de série", "Changement de série"),
        ("Manque tôle", "Manque de tôles"),
        ("Reglage torche", "Réglage torche"),
    )


@dataclass(frozen=True)
class CasPareto:
    parametres: ParametresPareto
    journal: pd.DataFrame
    causes: pd.DataFrame
    taux_horaire: float

    # --- question 1 : nettoyage -------------------------------------------------------------------
    def correspondances(self) -> dict[str, str]:
        return dict(self.parametres.correspondances)

    def nb_doublons(self) -> int:
        return int(len(self.journal) - self.journal.numero.nunique())

    def nb_durees_invalides(self) -> int:
        sans_doublons = self.journal.drop_duplicates(subset="numero")
        durees = pd.to_numeric(sans_doublons.duree_min, errors="coerce")
        return int((durees.isna() | (durees < 0)).sum())

    def erreurs_nb_doublons(self) -> dict[str, int]:
        doubles = self.journal[self.journal.duplicated("numero", keep=False)]
        return {
            "comptez les lignes en trop (une par fiche saisie deux fois), pas toutes les lignes répétées": len(doubles)
        }

    def erreurs_nb_durees_invalides(self) -> dict[str, int]:
        sans_doublons = self.journal.drop_duplicates(subset="numero")
        durees = pd.to_numeric(sans_doublons.duree_min, errors="coerce")
        return {
            "les durées négatives sont aussi invalides": int(durees.isna().sum()),
            "les durées manquantes (cases vides) sont aussi invalides": int((durees < 0).sum()),
        }

    def propre(self, *, doublons: bool = False, negatives: bool = False) -> pd.DataFrame:
        """Journal nettoyé ; ``doublons`` / ``negatives`` reproduisent une erreur de nettoyage."""
        journal = self.journal
        if doublons:
            journal = journal.assign(numero=range(len(journal)))
        propre = pareto.nettoyer_journal(journal, self.correspondances(), categories=list(self.causes.cause))
        if negatives:
            propre["duree_min"] = pd.to_numeric(journal.drop_duplicates(subset="numero").duree_min.values)
        propre["cout"] = propre.duree_min * self.taux_horaire / 60 + propre.pieces_rebutees * self.parametres.cout_rebut
        return propre

    # --- question 2 : décomptes --------------------------------------------------------------------
    def nombre_par_cause(self, **erreur) -> dict[str, int]:
        return pareto.nombre_par_categorie(self.propre(**erreur))

    def duree_par_cause(self, **erreur) -> dict[str, float]:
        return pareto.somme_par_categorie(self.propre(**erreur), "duree_min")

    def cout_par_cause(self, **erreur) -> dict[str, float]:
        return pareto.somme_par_categorie(self.propre(**erreur), "cout")

    def erreurs_nombre_par_cause(self) -> dict[str, dict[str, int]]:
        return {
            "les fiches saisies deux fois (même numéro) ne comptent qu'une fois": self.nombre_par_cause(doublons=True)
        }

    def erreurs_duree_par_cause(self) -> dict[str, dict[str, float]]:
        return {
            "les fiches saisies deux fois (même numéro) ne comptent qu'une fois": self.duree_par_cause(doublons=True),
            "une durée négative est une erreur de saisie : ne l'additionnez pas": self.duree_par_cause(negatives=True),
        }

    # --- question 3 : tableau trié en durée ----------------------------------------------------------
    def causes_triees(self) -> list[str]:
        return [c for c, _ in pareto.trier(self.duree_par_cause())]

    def cumules_duree(self) -> list[float]:
        return pareto.pourcentages_cumules(self.duree_par_cause())

    def erreurs_causes_triees(self) -> dict[str, list[str]]:
        durees = self.duree_par_cause()
        inverse = [c for c, _ in sorted(durees.items(), key=lambda kv: (-kv[1], [-ord(x) for x in kv[0]]))]
        erreurs = {}
        if inverse != self.causes_triees():
            erreurs["à durée égale, rangez les causes par ordre alphabétique"] = inverse
        erreurs["triez par durée décroissante (la plus longue d'abord)"] = self.causes_triees()[::-1]
        return erreurs

    def erreurs_cumules(self) -> dict[str, list[float]]:
        durees = self.duree_par_cause()
        total = sum(durees.values())
        simples = [round(100 * v / total, 1) for _, v in pareto.trier(durees)]
        alphabetique, cumul = [], 0.0
        for c in sorted(durees):
            cumul += durees[c]
            alphabetique.append(round(100 * cumul / total, 1))
        return {
            "ce sont les pourcentages de chaque cause ; cumulez-les (ajoutez ceux des causes précédentes)": simples,
            "cumulez sur la liste triée par durée décroissante, pas dans l'ordre alphabétique": alphabetique,
        }

    # --- question 4 : classe A ----------------------------------------------------------------------
    def classe_a(self, critere: str) -> list[str]:
        return pareto.classe_a(self.valeurs(critere), self.parametres.seuil)

    def erreurs_classe_a(self, critere: str) -> dict[str, list[str]]:
        juste = self.classe_a(critere)
        erreurs = {"la cause qui franchit le seuil de 80 % fait partie de la classe A": juste[:-1]}
        autre = "duree" if critere != "duree" else "nombre"
        if set(self.classe_a(autre)) != set(juste):
            erreurs[f"classe A calculée sur le mauvais critère ({NOMS_CRITERES[autre]})"] = self.classe_a(autre)
        return erreurs

    def valeurs(self, critere: str) -> dict[str, float]:
        if critere not in NOMS_CRITERES:
            raise KeyError(f"Critère inconnu « {critere} » : choisir parmi {', '.join(NOMS_CRITERES)}.")
        return {"nombre": self.nombre_par_cause, "duree": self.duree_par_cause, "cout": self.cout_par_cause}[critere]()

    # --- question 5 : coût -----------------------------------------------------------------------------
    def erreurs_cout_par_cause(self) -> dict[str, dict[str, float]]:
        propre = self.propre()
        sans_rebuts = pareto.somme_par_categorie(propre.assign(c=propre.duree_min * self.taux_horaire / 60), "c")
        horaire = pareto.somme_par_categorie(
            propre.assign(c=propre.duree_min * self.taux_horaire + propre.pieces_rebutees * self.parametres.cout_rebut),
            "c",
        )
        return {
            "le coût des pièces rebutées est oublié": sans_rebuts,
            "le taux horaire est en € par heure : divisez-le par 60 pour des minutes": horaire,
        }


NOMS_CRITERES = {"nombre": "nombre d'arrêts", "duree": "durée", "cout": "coût"}


def charger_cas(parametres: ParametresPareto) -> CasPareto:
    postes = entreprise.charger("postes_de_charge").set_index("code")
    return CasPareto(
        parametres,
        entreprise.charger(parametres.table_journal),
        entreprise.charger(parametres.table_causes),
        float(postes.at[parametres.poste, "taux_horaire_eur"]),
    )


@cache
def cas() -> CasPareto:
    """Le cas du cahier, tiré des données de l'entreprise."""
    return charger_cas(ParametresPareto())
