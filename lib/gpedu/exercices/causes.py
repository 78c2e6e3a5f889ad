"""Cas du cahier « Analyser les causes » (source/amelioration/02_analyse_des_causes).

Problème : des porosités sur les soudures des châssis CH10 à l'îlot de soudure (SOUD).
Les données sont dans ``causes_non_conformites``, ``causes_brainstorming`` et ``causes_arbre``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import networkx as nx
import pandas as pd

from gpedu import entreprise
from gpedu.calculs import causes
from gpedu.correction import EcartReponse


@dataclass(frozen=True)
class ParametresCauses:
    """Ce qui définit le cas : les tables de la GPAO et la fiche d'incident."""

    table_non_conformites: str = "causes_non_conformites"
    table_brainstorming: str = "causes_brainstorming"
    table_arbre: str = "causes_arbre"
    seuil_alerte: float = 10.0  # % de non-conformes au-delà duquel une semaine est anormale
    detection: str = "contrôle visuel des cordons en sortie d'îlot"
    consequence: str = "reprise à la meuleuse et resoudage (25 min par châssis), livraisons de diables D100 retardées"
    mots_min: int = 3


@dataclass(frozen=True)
class CasCauses:
    parametres: ParametresCauses
    non_conformites: pd.DataFrame
    brainstorming: pd.DataFrame
    arbre: pd.DataFrame
    cle: dict[str, frozenset[str]] = field(repr=False)

    # --- question 1 : taux de non-conformité -----------------------------------------------------
    def groupes(self) -> list[str]:
        """Clés « robot équipe » du relevé, dans l'ordre du relevé."""
        t = self.non_conformites
        return list(dict.fromkeys(t.robot + " " + t.equipe))

    def _par_groupe(self) -> pd.DataFrame:
        t = self.non_conformites.assign(groupe=self.non_conformites.robot + " " + self.non_conformites.equipe)
        return t.groupby("groupe", sort=False)[["chassis_controles", "chassis_non_conformes"]].sum()

    def taux_nc(self) -> dict[str, float]:
        """Taux de non-conformité (%) de chaque robot et équipe sur tout le relevé, arrondi à 0,1."""
        g = self._par_groupe()
        return {
            k: round(
                float(causes.taux_non_conformite(g.at[k, "chassis_non_conformes"], g.at[k, "chassis_controles"])), 1
            )
            for k in self.groupes()
        }

    def erreurs_taux_nc(self) -> dict[str, dict[str, float]]:
        g = self._par_groupe()
        total_nc = g.chassis_non_conformes.sum()
        t = self.non_conformites.assign(groupe=self.non_conformites.robot + " " + self.non_conformites.equipe)
        t = t.assign(taux=100 * t.chassis_non_conformes / t.chassis_controles)
        moyenne = t.groupby("groupe", sort=False).taux.mean()
        return {
            "vous avez divisé par le nombre total de non-conformes (part de chaque groupe dans les défauts), "
            "au lieu du nombre de châssis contrôlés par ce groupe": {
                k: round(float(100 * g.at[k, "chassis_non_conformes"] / total_nc), 1) for k in self.groupes()
            },
            "vous avez fait la moyenne des taux hebdomadaires : il faut additionner les non-conformes et les "
            "contrôlés de toutes les semaines, puis diviser": {k: round(float(moyenne[k]), 1) for k in self.groupes()},
        }

    def groupe_critique(self) -> tuple[str, str]:
        """(robot, équipe) au taux de non-conformité le plus élevé."""
        taux = self.taux_nc()
        cle = max(taux, key=taux.get)
        robot, equipe = cle.split(" ", 1)
        return robot, equipe

    def premiere_semaine(self) -> int:
        """Première semaine où le groupe critique dépasse le seuil d'alerte."""
        robot, equipe = self.groupe_critique()
        t = self.non_conformites[(self.non_conformites.robot == robot) & (self.non_conformites.equipe == equipe)]
        for s, nc, c in zip(t.semaine, t.chassis_non_conformes, t.chassis_controles):
            if causes.taux_non_conformite(nc, c) > self.parametres.seuil_alerte:
                return int(s)
        raise ValueError("Aucune semaine ne dépasse le seuil d'alerte.")

    def erreurs_premiere_semaine(self) -> dict[str, int]:
        robot, equipe = self.groupe_critique()
        t = self.non_conformites[(self.non_conformites.robot == robot) & (self.non_conformites.equipe == equipe)]
        premiere_nc = int(t[t.chassis_non_conformes > 0].semaine.min())
        erreurs = {
            "vous avez pris la première semaine du relevé, pas celle où le problème commence": int(t.semaine.min())
        }
        if premiere_nc != self.premiere_semaine():
            erreurs["vous avez pris le premier défaut isolé : le problème commence quand le taux dépasse le seuil"] = (
                premiere_nc
            )
        return erreurs

    # --- question 2 : QQOQCP ---------------------------------------------------------------------
    def defaut(self) -> str:
        robot, equipe = self.groupe_critique()
        t = self.non_conformites
        t = t[(t.robot == robot) & (t.equipe == equipe) & (t.semaine >= self.premiere_semaine())]
        return str(t.defaut_principal.mode().iloc[0])

    def article(self) -> str:
        return str(self.non_conformites.article.mode().iloc[0])

    def faits_qqoqcp(self) -> dict[str, list[list[str]]]:
        """Faits mesurables attendus dans chaque rubrique (formulations admises)."""
        robot, equipe = self.groupe_critique()
        defaut = self.defaut()
        return {
            "quoi": [[self.article()], [defaut, defaut.rstrip("s")]],
            "qui": [[equipe]],
            "ou": [[robot]],
            "quand": [[str(self.premiere_semaine())]],
            "comment": [["contrôle", "contrôlé", "contrôles", "contrôlés", "visuel"]],
            "pourquoi": [
                [
                    "reprise",
                    "reprises",
                    "retouche",
                    "retouches",
                    "resoudage",
                    "rebut",
                    "rebuts",
                    "retard",
                    "retards",
                    "retardées",
                    "coût",
                    "coûts",
                    "délai",
                    "délais",
                    "client",
                    "clients",
                ]
            ],
        }

    def verifier_qqoqcp(self, reponse) -> None:
        defauts = causes.controler_qqoqcp(reponse, self.faits_qqoqcp(), mots_min=self.parametres.mots_min)
        if defauts:
            raise EcartReponse("QQOQCP : " + " ; ".join(defauts[:3]) + ".")

    # --- question 3 : classement 5M / 6M ---------------------------------------------------------
    def libelles_brainstorming(self) -> dict[str, str]:
        return dict(zip(self.brainstorming.code, self.brainstorming.cause))

    def pistes(self) -> dict[str, tuple[str, str]]:
        b = self.brainstorming
        return {c: (f, p) for c, f, p in zip(b.code, b.famille_confondue, b.piste)}

    def classement_reference(self) -> dict[str, str]:
        """Une réponse juste : la première famille admise de chaque cause."""
        b = self.brainstorming
        return {c: f.split("|")[0] for c, f in zip(b.code, b.familles_admises)}

    def erreurs_classement(self) -> dict[str, dict[str, str]]:
        """La famille confondue de chaque cause (une valeur fausse par cause)."""
        return {
            "confusion type": {c: f for c, (f, _) in self.pistes().items()},
        }

    def verifier_classement(self, classement) -> None:
        defauts = causes.controler_classement(classement, self.cle, self.pistes())
        if defauts:
            reste = len(defauts) - 3
            message = "Classement 5M/6M : " + " ; ".join(defauts[:3])
            if reste > 0:
                message += f" ; … et {reste} autre(s) cause(s) mal classée(s)"
            raise EcartReponse(message + ".")

    # --- questions 4 et 5 : arbre des causes et 5 Pourquoi ---------------------------------------
    def effet(self) -> str:
        return str(self.arbre[self.arbre.effet.isna()].code.iloc[0])

    def liens(self) -> list[tuple[str, str]]:
        a = self.arbre.dropna(subset=["effet"])
        return list(zip(a.effet, a.code))

    def libelles_arbre(self) -> dict[str, str]:
        return dict(zip(self.arbre.code, self.arbre.libelle))

    def actionnables(self) -> set[str]:
        return set(self.arbre[self.arbre.actionnable == "oui"].code)

    def graphe(self) -> nx.DiGraph:
        return causes.arbre_des_causes(self.liens())

    def causes_racines(self) -> list[str]:
        return causes.causes_racines(self.graphe())

    def erreurs_causes_racines(self) -> dict[str, list[str]]:
        g = self.graphe()
        return {
            "vous avez gardé les causes directes du problème (premier niveau de l'arbre) : descendez jusqu'aux "
            "feuilles": sorted(g.successors(self.effet())),
            "vous avez listé toutes les causes : une cause racine est une feuille, une cause qui n'a pas de cause "
            "dans l'arbre": sorted(n for n in g if n != self.effet()),
            "une cause racine sur laquelle on ne peut pas agir reste une cause racine (c'est une feuille de "
            "l'arbre)": sorted(set(self.causes_racines()) & self.actionnables()),
        }

    def verifier_causes_racines(self, reponse) -> None:
        if isinstance(reponse, (str, bytes)) or not hasattr(reponse, "__iter__"):
            raise EcartReponse('« causes_racines » doit être une liste de codes, par exemple ["C1", "C2"].')
        obtenu = {str(c).strip().upper() for c in reponse}
        attendu = set(self.causes_racines())
        if obtenu == attendu and len(list(reponse)) == len(attendu):
            return
        morceaux = []
        if attendu - obtenu:
            morceaux.append(f"il manque {len(attendu - obtenu)} cause(s) racine(s)")
        if obtenu - attendu:
            morceaux.append("ne sont pas des causes racines : " + ", ".join(sorted(obtenu - attendu)))
        if not morceaux:
            morceaux.append("un code est en double")
        message = "Causes racines : " + " ; ".join(morceaux) + "."
        for piste, valeurs in self.erreurs_causes_racines().items():
            if set(valeurs) != attendu and obtenu == set(valeurs):
                message += f" Piste : {piste}."
                break
        raise EcartReponse(message)

    def chaines_valides(self) -> list[list[tuple[str, str]]]:
        """Toutes les chaînes 5 Pourquoi admises (du problème à une cause racine actionnable)."""
        g = self.graphe()
        chaines = []
        for racine in self.causes_racines():
            if racine in self.actionnables():
                chemin = nx.shortest_path(g, self.effet(), racine)
                chaines.append(list(zip(chemin, chemin[1:])))
        return chaines

    def verifier_chaine(self, chaine) -> None:
        defauts = causes.controler_chaine(chaine, self.graphe(), self.effet(), self.actionnables())
        if defauts:
            raise EcartReponse("Chaîne 5 Pourquoi : " + defauts[0] + ".")


@cache
def cas(parametres: ParametresCauses = ParametresCauses()) -> CasCauses:
    """Le cas du cahier, tiré des tables de la GPAO."""
    brainstorming = entreprise.charger(parametres.table_brainstorming)
    cle = {c: frozenset(f.split("|")) for c, f in zip(brainstorming.code, brainstorming.familles_admises)}
    for cause, familles in cle.items():
        inconnues = [f for f in familles if f not in causes.FAMILLES_6M]
        if inconnues:
            raise causes.DonneesIncoherentes(f"Cause {cause} : familles inconnues {', '.join(inconnues)}.")
    return CasCauses(
        parametres=parametres,
        non_conformites=entreprise.charger(parametres.table_non_conformites),
        brainstorming=brainstorming,
        arbre=entreprise.charger(parametres.table_arbre),
        cle=cle,
    )
