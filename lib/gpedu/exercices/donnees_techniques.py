"""Cas du cahier « Données techniques » (source/bdc1_planification/02_donnees_techniques)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import donnees_techniques as dtq
from gpedu.calculs.calendrier import CalendrierUsine, calendrier_vallet, heures_par_jour

# type d'anomalie (gpedu.calculs.donnees_techniques) -> mot demandé à l'apprenant
MOTS_ANOMALIES = {
    "article_inconnu": "article",
    "gamme_article_inconnu": "article",
    "quantite": "quantite",
    "cycle": "cycle",
    "poste_inconnu": "poste",
    "temps": "temps",
}
MOTS_PERMIS = ("ok", "article", "quantite", "cycle", "poste", "temps")


@dataclass(frozen=True)
class ParametresDonneesTechniques:
    """Les paramètres d'un cas (une variante par apprenant changera ces valeurs)."""

    produit_explosion: str = "C200"
    quantite_explosion: int = 30
    composant_cas_emploi: str = "TU25"
    article_gamme: str = "CH10"
    quantite_gamme: int = 40
    annee: int = 2027
    mois: int = 5
    poste_capacite: str = "SOUD"
    produit_delai: str = "C200"


def _propre(valeur):
    """Un flottant entier devient un int (30.0 -> 30), sinon arrondi à 6 décimales."""
    valeur = round(float(valeur), 6)
    return int(valeur) if valeur.is_integer() else valeur


@dataclass(frozen=True)
class CasDonneesTechniques:
    p: ParametresDonneesTechniques
    liens: tuple[tuple[str, str, float], ...]
    articles: pd.DataFrame
    gammes: pd.DataFrame
    postes: pd.DataFrame
    calendrier: CalendrierUsine
    saisie_nomenclatures: pd.DataFrame
    saisie_gammes: pd.DataFrame
    nouveaux_articles: pd.DataFrame

    # --- question 1 : explosion ----------------------------------------------------------------

    def besoins_explosion(self) -> dict[str, float]:
        totaux = dtq.besoins_totaux(self.liens, self.p.produit_explosion, self.p.quantite_explosion)
        return {c: _propre(q) for c, q in totaux.items()}

    def erreurs_explosion(self) -> dict[str, dict[str, float]]:
        lignes = dtq.explosion(self.liens, self.p.produit_explosion, self.p.quantite_explosion)
        juste = self.besoins_explosion()
        premier = dict.fromkeys(juste, 0)
        sans_cumul = dict.fromkeys(juste, 0)
        un_chemin: dict[str, float] = {}
        for ligne in lignes:
            if ligne.niveau == 1:
                premier[ligne.composant] += ligne.quantite_cumulee
            sans_cumul[ligne.composant] += self.p.quantite_explosion * ligne.quantite_par_parent
            un_chemin.setdefault(ligne.composant, ligne.quantite_cumulee)
        erreurs = {
            "vous n'avez éclaté que le premier niveau : les composants des semi-finis manquent": premier,
            "quantité cumulée oubliée : multipliez les quantités le long du chemin (parent × composant)": sans_cumul,
            "un composant présent à plusieurs endroits (cas d'emploi multiple) n'a été compté qu'une fois": un_chemin,
        }
        return {m: {c: _propre(q) for c, q in v.items()} for m, v in erreurs.items() if v != juste}

    # --- question 2 : cas d'emploi -------------------------------------------------------------

    def cas_emploi(self) -> dict[str, float]:
        return {p: _propre(q) for p, q in dtq.cas_emploi(self.liens, self.p.composant_cas_emploi).items()}

    def cas_emploi_produits(self) -> dict[str, float]:
        return {p: _propre(q) for p, q in dtq.cas_emploi_produits(self.liens, self.p.composant_cas_emploi).items()}

    def erreurs_cas_emploi_produits(self) -> dict[str, dict[str, float]]:
        juste = self.cas_emploi_produits()
        directs = {p: self.cas_emploi().get(p, 0) for p in juste}
        erreurs = {"vous n'avez compté que les liens directs produit fini → composant": directs}
        return {m: v for m, v in erreurs.items() if v != juste}

    # --- question 3 : gamme --------------------------------------------------------------------

    def gamme(self) -> pd.DataFrame:
        return dtq.temps_gamme(self.gammes, self.p.article_gamme, self.p.quantite_gamme)

    def temps_phases(self) -> dict[int, float]:
        g = self.gamme()
        return {int(ph): _propre(t) for ph, t in zip(g.phase, g.temps_lot_h)}

    def erreurs_temps_phases(self) -> dict[str, dict[int, float]]:
        g, q = self.gamme(), self.p.quantite_gamme
        return {
            "le temps de préparation se compte une fois par lot, pas une fois par pièce": {
                int(ph): _propre(q * (tp + tu))
                for ph, tp, tu in zip(g.phase, g.temps_preparation_h, g.temps_unitaire_h)
            },
            "temps de préparation oublié": {int(ph): _propre(q * tu) for ph, tu in zip(g.phase, g.temps_unitaire_h)},
        }

    def temps_total(self) -> float:
        return _propre(sum(self.temps_phases().values()))

    def erreurs_temps_total(self) -> dict[str, float]:
        return {m: _propre(sum(v.values())) for m, v in self.erreurs_temps_phases().items()}

    # --- question 4 : calendrier et capacité ---------------------------------------------------

    def bornes_mois(self) -> tuple[dt.date, dt.date]:
        debut = dt.date(self.p.annee, self.p.mois, 1)
        suivant = dt.date(self.p.annee + (self.p.mois == 12), self.p.mois % 12 + 1, 1)
        return debut, suivant - dt.timedelta(days=1)

    def jours_ouvres_mois(self) -> int:
        return self.calendrier.nombre_jours_ouvres(*self.bornes_mois())

    def _jours_sans(self, *, feries: bool, fermetures: bool) -> int:
        usine = CalendrierUsine(fermetures=self.calendrier.fermetures if fermetures else {}, avec_feries=feries)
        return usine.nombre_jours_ouvres(*self.bornes_mois())

    def erreurs_jours_ouvres(self) -> dict[str, int]:
        erreurs = {
            "jours fériés oubliés": self._jours_sans(feries=False, fermetures=True),
            "fermetures de l'usine (pont, congés) oubliées": self._jours_sans(feries=True, fermetures=False),
            "vous avez compté tous les jours du lundi au vendredi": self._jours_sans(feries=False, fermetures=False),
        }
        return {m: v for m, v in erreurs.items() if v != self.jours_ouvres_mois()}

    def poste(self) -> pd.Series:
        return self.postes.set_index("code").loc[self.p.poste_capacite]

    def capacite_mois(self) -> float:
        return _propre(self.calendrier.capacite_poste(self.poste(), *self.bornes_mois()))

    def erreurs_capacite(self) -> dict[str, float]:
        p, jours = self.poste(), self.jours_ouvres_mois()
        h = heures_par_jour(int(p.equipes), float(p.heures_par_equipe))
        erreurs = {
            "nombre de machines oublié": _propre(h * jours),
            "régime d'équipes oublié : une seule équipe comptée": _propre(
                int(p.nombre_machines) * float(p.heures_par_equipe) * jours
            ),
        }
        for message, faux in self.erreurs_jours_ouvres().items():
            erreurs[f"capacité calculée avec un mauvais nombre de jours ({message})"] = _propre(
                int(p.nombre_machines) * h * faux
            )
        return {m: v for m, v in erreurs.items() if v != self.capacite_mois()}

    # --- question 5 : délai cumulé -------------------------------------------------------------

    def delais(self) -> dict[str, float]:
        return {c: _propre(d) for c, d in self.articles["delai_semaines"].items()}

    def chemin_critique(self) -> tuple[list[str], float]:
        chemin, duree = dtq.chemin_critique(self.liens, self.delais(), self.p.produit_delai)
        return chemin, _propre(duree)

    def erreurs_delai(self) -> dict[str, float]:
        juste = self.chemin_critique()[1]
        d = self.delais()
        composants = {lig.composant for lig in dtq.explosion(self.liens, self.p.produit_delai)}
        directs = [c for p, c, _ in self.liens if p == self.p.produit_delai]
        erreurs = {
            "vous avez additionné les délais de tous les articles : seul le chemin le plus long compte": _propre(
                d[self.p.produit_delai] + sum(d[c] for c in composants)
            ),
            "seul le premier niveau de la nomenclature a été pris en compte": _propre(
                d[self.p.produit_delai] + max(d[c] for c in directs)
            ),
            "vous avez pris le délai du composant le plus long sans y ajouter celui du produit": _propre(
                juste - d[self.p.produit_delai]
            ),
        }
        return {m: v for m, v in erreurs.items() if v != juste}

    # --- question 6 : anomalies ----------------------------------------------------------------

    def codes_articles(self) -> list[str]:
        return list(self.articles.index) + list(self.nouveaux_articles["code"])

    def anomalies(self) -> list[dtq.Anomalie]:
        return dtq.controler(self.codes_articles(), self.saisie_nomenclatures, self.saisie_gammes, self.postes["code"])

    def lignes(self) -> list[str]:
        return list(self.saisie_nomenclatures["ligne"]) + list(self.saisie_gammes["ligne"])

    def diagnostic(self) -> dict[str, str]:
        """{ligne: mot} pour toutes les lignes saisies : « ok » ou le type de la première anomalie."""
        resultat = dict.fromkeys(self.lignes(), "ok")
        for anomalie in self.anomalies():
            if resultat[anomalie.ligne] == "ok":
                resultat[anomalie.ligne] = MOTS_ANOMALIES[anomalie.type]
        return resultat

    def erreurs_diagnostic(self) -> dict[str, dict[str, str]]:
        juste = self.diagnostic()
        erreurs = {}
        g = self.saisie_gammes
        prep_nulle = {
            lig
            for lig, tp, tu in zip(g.ligne, g.temps_preparation_h, g.temps_unitaire_h)
            if tp == 0 < tu and juste[lig] == "ok"
        }
        if prep_nulle:
            erreurs[
                "un temps de préparation nul est permis (montage sans réglage) : seul le temps unitaire doit être > 0"
            ] = juste | dict.fromkeys(prep_nulle, "temps")
        n = self.saisie_nomenclatures
        fractions = {
            lig for lig, q in zip(n.ligne, n.quantite) if q > 0 and not float(q).is_integer() and juste[lig] == "ok"
        }
        if fractions:
            erreurs["une quantité décimale (0,4 m de barre) est normale pour une matière en mètres"] = (
                juste | dict.fromkeys(fractions, "quantite")
            )
        cycles = [lig for lig, mot in juste.items() if mot == "cycle"]
        if len(cycles) > 1:
            erreurs["toutes les lignes qui forment le cycle sont en anomalie, pas seulement la dernière"] = (
                juste | dict.fromkeys(cycles[:-1], "ok")
            )
        return {m: v for m, v in erreurs.items() if v != juste}


def verifier_diagnostic(obtenu, cas: CasDonneesTechniques | None = None):
    """Vérifie le diagnostic {ligne: mot} de l'apprenant (mots normalisés : minuscules, sans accents)."""
    from gpedu.correction import EcartReponse, verifier_dict

    cas = cas or globals()["cas"]()
    if not isinstance(obtenu, dict):
        raise EcartReponse("« anomalies » doit être un dictionnaire {ligne: mot}.")
    normalise = {k: _mot(v) for k, v in obtenu.items()}
    inconnus = sorted({str(v) for v in normalise.values() if v not in MOTS_PERMIS})
    if inconnus:
        raise EcartReponse(f"Mots inconnus : {', '.join(inconnus)} ; utilisez {', '.join(MOTS_PERMIS)}.")
    verifier_dict(
        normalise,
        cas.diagnostic(),
        nom="diagnostic",
        etiquette="Ligne {}",
        erreurs_types=cas.erreurs_diagnostic(),
    )


def _mot(valeur) -> str:
    texte = str(valeur).strip().lower()
    for accent, lettre in (("é", "e"), ("è", "e"), ("ê", "e"), ("à", "a")):
        texte = texte.replace(accent, lettre)
    return texte


@cache
def cas(parametres: ParametresDonneesTechniques = ParametresDonneesTechniques()) -> CasDonneesTechniques:  # noqa: B008
    """Le cas du cahier, tiré des données de l'entreprise."""
    return CasDonneesTechniques(
        p=parametres,
        liens=tuple(entreprise.liens_nomenclature()),
        articles=entreprise.articles(),
        gammes=entreprise.charger("gammes"),
        postes=entreprise.charger("postes_de_charge"),
        calendrier=calendrier_vallet(),
        saisie_nomenclatures=entreprise.charger("donnees_techniques_saisie_nomenclatures"),
        saisie_gammes=entreprise.charger("donnees_techniques_saisie_gammes"),
        nouveaux_articles=entreprise.charger("donnees_techniques_nouveaux_articles"),
    )


def verifier_forme_chemin(obtenu, *, nom: str = "chemin_critique"):
    """« nom » est une liste de codes d'articles (textes)."""
    from gpedu.correction import EcartReponse

    if not isinstance(obtenu, (list, tuple)) or not obtenu:
        raise EcartReponse(f'« {nom} » doit être une liste de codes d\'articles, par exemple ["D100", "CH10"].')
    for rang, code in enumerate(obtenu, start=1):
        if not isinstance(code, str):
            raise EcartReponse(
                f"« {nom} » : l'élément n°{rang} ({code!r}) n'est pas un code d'article entre guillemets."
            )


def verifier_chemin(obtenu, cas: CasDonneesTechniques | None = None):
    """Le chemin donné part du produit, suit la nomenclature et a la durée du chemin le plus long
    (s'il y a plusieurs chemins les plus longs, chacun est accepté)."""
    from gpedu.correction import EcartReponse

    cas = cas or globals()["cas"]()
    verifier_forme_chemin(obtenu)
    chemin = [str(c).strip().upper() for c in obtenu]
    reference, duree = cas.chemin_critique()
    if chemin[0] != cas.p.produit_delai:
        raise EcartReponse(f"Le chemin doit commencer par le produit {cas.p.produit_delai}, pas par {chemin[0]}.")
    liens = {(p, c) for p, c, _ in cas.liens}
    for parent, composant in zip(chemin, chemin[1:]):
        if (parent, composant) not in liens:
            raise EcartReponse(
                f"{composant} n'est pas un composant de {parent} : le chemin doit suivre la nomenclature."
            )
    if any(p == chemin[-1] for p, _ in liens):
        raise EcartReponse(
            f"Le chemin s'arrête à {chemin[-1]}, qui a encore des composants : allez jusqu'à l'article acheté."
        )
    delais = cas.delais()
    total = sum(delais[a] for a in chemin)
    if total != duree:
        raise EcartReponse(
            f"Ce chemin dure {total} semaines ; un autre chemin est plus long ({duree} semaines). "
            "Piste : comparez tous les chemins, pas seulement le composant au plus long délai."
        )
