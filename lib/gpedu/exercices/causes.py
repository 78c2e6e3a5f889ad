"""Cas du cahier « Analyser les causes » (source/amelioration/02_analyse_des_causes).

Problème : des porosités sur les soudures des châssis CH10 à l'îlot de soudure (SOUD).
Les données sont dans ``causes_non_conformites``, ``causes_brainstorming`` et ``causes_arbre``.

Le cas de base (``construire()``) lit ces tables. Chaque apprenant (``cas()``) a son propre relevé
(semaines, châssis contrôlés et non conformes, robot et équipe touchés, début du problème), ses
libellés adaptés (robot, équipe, semaine du nouveau gaz), une durée de reprise tirée, et des codes
de causes (B…, C…) mélangés : le classement 6M, les causes racines et la chaîne 5 Pourquoi
s'écrivent avec d'autres codes d'un apprenant à l'autre.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field, replace

import networkx as nx
import pandas as pd

from gpedu import entreprise
from gpedu.calculs import causes
from gpedu.correction import EcartReponse, examinee
from gpedu.variantes import autour, exiger, par_apprenant

CAHIER = "02_analyse_des_causes"
GROUPES = (("SOUD-1", "matin"), ("SOUD-1", "après-midi"), ("SOUD-2", "matin"), ("SOUD-2", "après-midi"))
COLONNES_RELEVE = (
    "semaine",
    "robot",
    "equipe",
    "article",
    "chassis_controles",
    "chassis_non_conformes",
    "defaut_principal",
)
# Libellés de l'équipe d'après-midi -> ceux de l'équipe du matin (quand c'est elle qui est touchée)
VERS_LE_MATIN = (
    ("en début d'après-midi (chauffage coupé à midi)", "en début de matinée (chauffage coupé la nuit)"),
    ("équipe d'après-midi", "équipe du matin"),
    ("de l'après-midi", "du matin"),
)


@dataclass(frozen=True)
class ParametresCauses:
    """Ce qui définit le cas : les tables de la GPAO et la fiche d'incident."""

    table_non_conformites: str = "causes_non_conformites"
    table_brainstorming: str = "causes_brainstorming"
    table_arbre: str = "causes_arbre"
    seuil_alerte: float = 10.0  # % de non-conformes au-delà duquel une semaine est anormale
    detection: str = "contrôle visuel des cordons en sortie d'îlot"
    minutes_reprise: int = 25
    mots_min: int = 3
    # variantes : relevé tiré (vide = la table), groupe touché, semaine du nouveau gaz, codes mélangés
    releve: tuple[tuple, ...] = ()
    robot_critique: str = "SOUD-2"
    equipe_critique: str = "après-midi"
    semaine_nouveau_gaz: int = 12
    codes_brainstorming: tuple[tuple[str, str], ...] = ()  # (code publié, code de l'apprenant)
    codes_arbre: tuple[tuple[str, str], ...] = ()

    @property
    def consequence(self) -> str:
        return (
            f"reprise à la meuleuse et resoudage ({self.minutes_reprise} min par châssis), "
            "livraisons de diables D100 retardées"
        )


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


def _adapter(texte, p: ParametresCauses):
    """Un libellé publié (SOUD-2, après-midi, semaine 12) adapté au robot, à l'équipe et aux semaines du cas."""
    if not isinstance(texte, str):
        return texte
    if p.equipe_critique == "matin":
        for apres_midi, matin in VERS_LE_MATIN:
            texte = texte.replace(apres_midi, matin)
    return texte.replace("SOUD-2", p.robot_critique).replace("semaine 12", f"semaine {p.semaine_nouveau_gaz}")


def _recoder(table: pd.DataFrame, codes: dict[str, str], colonnes: tuple[str, ...]) -> pd.DataFrame:
    """Codes publiés remplacés par ceux de l'apprenant ; lignes rangées par numéro de code."""
    if not codes:
        return table
    table = table.copy()
    for colonne in colonnes:
        table[colonne] = [codes.get(c, c) if isinstance(c, str) else c for c in table[colonne]]
    rang = [(c[0] != "E", int(c[1:])) for c in table.code]  # le problème E0 d'abord
    return table.assign(_rang=rang).sort_values("_rang").drop(columns="_rang").reset_index(drop=True)


@functools.cache
def _lue(nom: str) -> pd.DataFrame:
    return entreprise.charger(nom)


def _table(nom: str) -> pd.DataFrame:
    """Une table de la GPAO (lue une fois), en copie modifiable."""
    return _lue(nom).copy()


def construire(parametres: ParametresCauses = ParametresCauses()) -> CasCauses:
    """Le cas à partir de ses paramètres (sans paramètre : les tables publiées de la GPAO)."""
    if parametres.releve:
        non_conformites = pd.DataFrame([list(r) for r in parametres.releve], columns=list(COLONNES_RELEVE))
    else:
        non_conformites = _table(parametres.table_non_conformites)
    brainstorming = _table(parametres.table_brainstorming)
    arbre = _table(parametres.table_arbre)
    for table in (brainstorming, arbre):
        for colonne in table.columns:
            table[colonne] = [_adapter(t, parametres) for t in table[colonne]]
    brainstorming = _recoder(brainstorming, dict(parametres.codes_brainstorming), ("code",))
    arbre = _recoder(arbre, dict(parametres.codes_arbre), ("code", "effet"))
    cle = {c: frozenset(f.split("|")) for c, f in zip(brainstorming.code, brainstorming.familles_admises)}
    for cause, familles in cle.items():
        inconnues = [f for f in familles if f not in causes.FAMILLES_6M]
        if inconnues:
            raise causes.DonneesIncoherentes(f"Cause {cause} : familles inconnues {', '.join(inconnues)}.")
    return CasCauses(
        parametres=parametres,
        non_conformites=non_conformites,
        brainstorming=brainstorming,
        arbre=arbre,
        cle=cle,
    )


def _melange(alea: random.Random, codes: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple(zip(codes, alea.sample(codes, len(codes))))


def tirer_parametres(alea: random.Random) -> ParametresCauses:
    """Le relevé d'un apprenant : six semaines, un couple robot + équipe touché à partir d'une semaine tirée."""
    base = ParametresCauses()
    robot, equipe = alea.choice(GROUPES)
    debut = alea.randint(6, 16)
    debut_probleme = debut + alea.randint(2, 3)
    defaut_isole = alea.choice([None, debut, debut + 1]) if alea.random() < 0.6 else None
    releve = []
    for semaine in range(debut, debut + 6):
        for groupe in GROUPES:
            controles = alea.randint(11, 17)
            if groupe == (robot, equipe) and semaine >= debut_probleme:
                non_conformes, defaut = max(2, round(controles * alea.uniform(0.18, 0.4))), "porosités"
            elif (groupe == (robot, equipe) and semaine == defaut_isole) or alea.random() < 0.12:
                non_conformes, defaut = 1, "projections"
            else:
                non_conformes, defaut = 0, None
            releve.append((semaine, *groupe, "CH10", controles, non_conformes, defaut))
    brainstorming = list(_lue(base.table_brainstorming).code)
    arbre = [c for c in _lue(base.table_arbre).code if c != "E0"]
    return replace(
        base,
        releve=tuple(releve),
        robot_critique=robot,
        equipe_critique=equipe,
        semaine_nouveau_gaz=debut_probleme - 1,
        minutes_reprise=autour(alea, base.minutes_reprise, 0.3, 5),
        codes_brainstorming=_melange(alea, brainstorming),
        codes_arbre=_melange(alea, arbre),
    )


def _pres_d_un_arrondi(valeur: float, decimales: int = 1) -> bool:
    """Vrai si ``valeur`` est (presque) à mi-chemin entre deux arrondis : l'arrondi dépendrait du calcul."""
    echelle = valeur * 10**decimales
    return abs(echelle - int(echelle) - 0.5) < 1e-3


def controler(resultat: CasCauses) -> CasCauses:
    """Rejette (``exiger``) un cas ambigu ; rend le cas sinon."""
    p = resultat.parametres
    t = resultat.non_conformites
    seuil = p.seuil_alerte
    exiger((t.chassis_controles > 0).all(), "semaine sans contrôle")
    bruts = {
        g: 100
        * t[(t.robot == g[0]) & (t.equipe == g[1])].chassis_non_conformes.sum()
        / t[(t.robot == g[0]) & (t.equipe == g[1])].chassis_controles.sum()
        for g in GROUPES
    }
    exiger(not any(_pres_d_un_arrondi(v) for v in bruts.values()), "taux à mi-chemin de deux arrondis")
    ordre = sorted(bruts.values(), reverse=True)
    exiger(ordre[0] - ordre[1] >= 2, "deux groupes presque aussi touchés")
    critique = resultat.groupe_critique()
    exiger(critique == (p.robot_critique, p.equipe_critique), "groupe touché inattendu")
    for ligne in t.itertuples():
        taux = 100 * ligne.chassis_non_conformes / ligne.chassis_controles
        exiger(abs(taux - seuil) >= 0.5, "taux hebdomadaire trop près du seuil")
        if (ligne.robot, ligne.equipe) != critique:
            exiger(taux < seuil, "un autre groupe dépasse le seuil")
    exiger(resultat.premiere_semaine() == p.semaine_nouveau_gaz + 1, "début du problème inattendu")
    exiger(resultat.defaut() == "porosités", "défaut principal inattendu")
    reference = resultat.taux_nc()
    for variante in resultat.erreurs_taux_nc().values():
        exiger(any(abs(variante[k] - v) > 0.05 for k, v in reference.items()), "erreur type = taux")
    exiger(all(v != resultat.premiere_semaine() for v in resultat.erreurs_premiere_semaine().values()), "semaine")
    racines = set(resultat.causes_racines())
    exiger(all(set(v) != racines for v in resultat.erreurs_causes_racines().values()), "erreur type = racines")
    exiger(bool(resultat.chaines_valides()), "aucune chaîne 5 Pourquoi possible")
    return resultat


@par_apprenant(CAHIER)
def cas(alea: random.Random) -> CasCauses:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    return controler(construire(tirer_parametres(alea)))


# --- vérifications notées (l'empreinte de la réponse sert à la détection de copie) ---------------


@examinee
def verifier_qqoqcp(obtenu, reference: CasCauses) -> None:
    """Le QQOQCP contient les faits mesurables du relevé de l'apprenant."""
    reference.verifier_qqoqcp(obtenu)


@examinee
def verifier_classement(obtenu, reference: CasCauses) -> None:
    """Chaque cause du remue-méninges est rangée dans une famille 6M admise."""
    reference.verifier_classement(obtenu)


@examinee
def verifier_causes_racines(obtenu, reference: CasCauses) -> None:
    """Les codes des causes racines (feuilles) de l'arbre de l'apprenant."""
    reference.verifier_causes_racines(obtenu)


@examinee
def verifier_chaine(obtenu, reference: CasCauses) -> None:
    """Une chaîne 5 Pourquoi sans saut ni boucle jusqu'à une cause racine actionnable."""
    reference.verifier_chaine(obtenu)
