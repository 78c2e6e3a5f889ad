"""Cas du cahier « Données techniques » (source/bdc1_planification/02_donnees_techniques)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import donnees_techniques as dtq
from gpedu.calculs.calendrier import CalendrierUsine, calendrier_vallet, heures_par_jour
from gpedu.correction import examinee
from gpedu.variantes import exiger, par_apprenant

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
    """Les paramètres d'un cas (valeurs par défaut : le cas de base, celui des données de l'entreprise).

    ``quantites`` : liens de nomenclature dont la quantité change, ``(parent, composant, quantité)`` ;
    ``delais`` : délais d'obtention qui changent, ``(article, semaines)`` ;
    ``saisie_nomenclatures`` / ``saisie_gammes`` : la saisie du D110 (lignes dans l'ordre, sans numéro),
    ``None`` = la saisie des tables ``donnees_techniques_saisie_*``.
    """

    produit_explosion: str = "C200"
    quantite_explosion: int = 30
    composant_cas_emploi: str = "TU25"
    article_gamme: str = "CH10"
    quantite_gamme: int = 40
    annee: int = 2027
    mois: int = 5
    poste_capacite: str = "SOUD"
    produit_delai: str = "C200"
    quantites: tuple[tuple[str, str, float], ...] = ()
    delais: tuple[tuple[str, int], ...] = ()
    saisie_nomenclatures: tuple[tuple[str, str, float], ...] | None = None
    saisie_gammes: tuple[tuple[str, int, str, str, float, float], ...] | None = None


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

    def nomenclature(self) -> pd.DataFrame:
        """Les liens de nomenclature du cas (parent, composant, quantité pour UN parent)."""
        return pd.DataFrame(self.liens, columns=["parent", "composant", "quantite"])

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

    def erreurs_cas_emploi(self) -> dict[str, dict[str, float]]:
        juste = self.cas_emploi()
        erreurs = {"donnez la quantité par parent (colonne quantite), pas 1": dict.fromkeys(juste, 1)}
        return {m: v for m, v in erreurs.items() if v != juste}

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


@examinee
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


def _saisie(lignes, prefixe: str, colonnes: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(list(lignes), columns=colonnes)
    table.insert(0, "ligne", [f"{prefixe}{i}" for i in range(1, len(table) + 1)])
    return table


def construire(parametres: ParametresDonneesTechniques = ParametresDonneesTechniques()) -> CasDonneesTechniques:  # noqa: B008
    """Le cas du cahier, tiré des données de l'entreprise modifiées par ``parametres``."""
    p = parametres
    nouvelles = {(parent, composant): q for parent, composant, q in p.quantites}
    liens = tuple((a, b, nouvelles.get((a, b), q)) for a, b, q in entreprise.liens_nomenclature())
    articles = entreprise.articles().copy()
    for code, semaines in p.delais:
        articles.loc[code, "delai_semaines"] = semaines
    nomenclatures = entreprise.charger("donnees_techniques_saisie_nomenclatures")
    if p.saisie_nomenclatures is not None:
        nomenclatures = _saisie(p.saisie_nomenclatures, "N", ["parent", "composant", "quantite"])
    gammes = entreprise.charger("donnees_techniques_saisie_gammes")
    if p.saisie_gammes is not None:
        gammes = _saisie(p.saisie_gammes, "G", list(gammes.columns[1:]))
    return CasDonneesTechniques(
        p=p,
        liens=liens,
        articles=articles,
        gammes=entreprise.charger("gammes"),
        postes=entreprise.charger("postes_de_charge"),
        calendrier=calendrier_vallet(),
        saisie_nomenclatures=nomenclatures,
        saisie_gammes=gammes,
        nouveaux_articles=entreprise.charger("donnees_techniques_nouveaux_articles"),
    )


# --- variantes par apprenant --------------------------------------------------------------------

# longueurs (m) possibles des matières au mètre, autour des valeurs de la nomenclature de l'entreprise
LONGUEURS = {
    ("CH10", "TU25"): (2.5, 3, 3.5),
    ("PO30", "TU25"): (1.5, 2, 2.5),
    ("C200", "TU25"): (1.5, 2, 2.5),
    ("ES01", "BA20"): (0.5, 0.75, 1, 1.25),
}
# mois de 2027 qui ont au moins un jour férié en semaine ou une fermeture de l'usine
MOIS_CALENDRIER = (1, 3, 5, 7, 8, 11, 12)
# délais d'obtention (semaines) possibles, autour de ceux de la table des articles
DELAIS_POSSIBLES = {
    "CH10": (1, 2), "PO30": (1, 2), "PL50": (1, 2, 3), "ES01": (1, 2),
    "RO20": (1, 2, 3, 4), "TU25": (1, 2, 3, 4), "TO15": (1, 2, 3, 4), "BA20": (1, 2, 3, 4),
}  # fmt: skip
# fautes de frappe plausibles d'un code de composant (chiffres inversés) : aucune n'est un article
FAUTES_DE_FRAPPE = {"RO25": "RO52", "ES01": "ES10", "PO30": "PO03", "TU25": "TU52", "TO15": "TO51", "BA20": "BA02"}
FAUTES_DE_POSTE = {"SCIE": "SCIES", "CINT": "CINTR", "SOUD": "SOUDE", "PEIN": "PEINT", "MONT": "MONTE"}


def _tirer_saisie_nomenclatures(alea: random.Random) -> tuple[tuple[str, str, float], ...]:
    """La nomenclature saisie du D110 : une faute de frappe, une quantité nulle ou négative, un cycle
    D110 ↔ CH11, une quantité décimale normale (barre), dans un ordre propre à l'apprenant."""
    d110 = [["D110", "CH11", 1], ["D110", "RO25", 2], ["D110", "ES01", 1], ["D110", "PO30", 1]]
    ch11 = [
        ["CH11", "TU25", alea.choice((3, 3.5, 4))],
        ["CH11", "TO15", 1],
        ["CH11", "TU25", alea.choice((0.5, 1, 1.5))],  # renfort (ligne à part)
        ["CH11", "BA20", alea.choice((0.3, 0.4, 0.6))],
    ]
    candidates = [d110[1], d110[2], d110[3], ch11[0], ch11[1], ch11[2]]
    faute, quantite = alea.sample(candidates, 2)
    faute[1] = FAUTES_DE_FRAPPE[faute[1]]
    quantite[2] = alea.choice((0, -quantite[2]))
    alea.shuffle(d110)
    cycle = ["CH11", "D110", 1]  # le châssis contient le diable : cycle avec la ligne D110 -> CH11
    alea.shuffle(ch11)
    ch11.insert(alea.randrange(len(ch11) + 1), cycle)
    return tuple(tuple(lien) for lien in d110 + ch11)


def _tirer_saisie_gammes(alea: random.Random) -> tuple[tuple[str, int, str, str, float, float], ...]:
    """La gamme saisie du D110 : un temps unitaire négatif, un temps unitaire nul, un poste inconnu,
    une préparation nulle (permise) au montage, temps tirés autour de la saisie de base."""

    def temps(valeur, pas):
        return round(max(pas, round(valeur * alea.uniform(0.7, 1.3) / pas) * pas), 2)

    lignes = [
        ["CH11", 10, "SCIE", "Débit des tubes", temps(0.5, 0.05), temps(0.06, 0.01)],
        ["CH11", 20, "CINT", "Cintrage des montants", temps(1.0, 0.05), temps(0.12, 0.01)],
        ["CH11", 30, "SOUD", "Soudage du châssis renforcé", temps(0.75, 0.05), temps(0.35, 0.01)],
        ["CH11", 40, "PEIN", "Peinture poudre", temps(0.25, 0.05), temps(0.09, 0.01)],
        ["D110", 10, "MONT", "Montage roues et essieu", 0.0, temps(0.25, 0.01)],
        ["D110", 20, "MONT", "Contrôle final", temps(0.1, 0.05), temps(0.05, 0.01)],
        ["D110", 30, "MONT", "Mise sous film", temps(0.1, 0.05), temps(0.04, 0.01)],
    ]
    negatif = alea.choice(lignes[:4])
    negatif[5] = -negatif[5]
    libres = [lig for lig in lignes[:4] + lignes[6:] if lig is not negatif]
    if alea.random() < 0.5:
        lignes[5][2] = "CTRL"  # contrôle saisi sur un poste qui n'existe pas
    else:
        poste = alea.choice(libres)
        poste[2] = FAUTES_DE_POSTE[poste[2]]
        libres.remove(poste)
        libres.append(lignes[5])
    alea.choice(libres)[5] = 0.0  # temps unitaire oublié
    return tuple(tuple(ligne) for ligne in lignes)


def tirer_parametres(alea: random.Random) -> ParametresDonneesTechniques:
    """Paramètres d'un apprenant : produits, quantités, longueurs de matière, mois, poste, délais et
    saisie du D110 tirés autour des données de l'entreprise."""
    return dataclasses.replace(
        ParametresDonneesTechniques(),
        produit_explosion=alea.choice(("C200", "D100")),
        quantite_explosion=alea.randrange(15, 85, 5),
        quantites=tuple((a, b, alea.choice(possibles)) for (a, b), possibles in LONGUEURS.items()),
        composant_cas_emploi=alea.choice(("TU25", "TU25", "BA20")),
        article_gamme=alea.choice(("CH10", "PO30", "PL50", "ES01")),
        quantite_gamme=alea.randrange(20, 105, 5),
        mois=alea.choice(MOIS_CALENDRIER),
        poste_capacite=alea.choice(("SCIE", "CINT", "SOUD", "PEIN", "TOUR", "MONT")),
        produit_delai=alea.choice(("C200", "D100")),
        delais=tuple((code, alea.choice(possibles)) for code, possibles in DELAIS_POSSIBLES.items()),
        saisie_nomenclatures=_tirer_saisie_nomenclatures(alea),
        saisie_gammes=_tirer_saisie_gammes(alea),
    )


def controler_cas(resultat: CasDonneesTechniques) -> None:
    """Rejette (``exiger``) un cas insoluble, ambigu, ou dont une erreur type se confond avec la référence."""
    paires = [
        (resultat.besoins_explosion(), resultat.erreurs_explosion()),
        (resultat.cas_emploi_produits(), resultat.erreurs_cas_emploi_produits()),
        (resultat.temps_phases(), resultat.erreurs_temps_phases()),
        (resultat.temps_total(), resultat.erreurs_temps_total()),
        (resultat.jours_ouvres_mois(), resultat.erreurs_jours_ouvres()),
        (resultat.capacite_mois(), resultat.erreurs_capacite()),
        (resultat.chemin_critique()[1], resultat.erreurs_delai()),
        (resultat.diagnostic(), resultat.erreurs_diagnostic()),
    ]
    for juste, erreurs in paires:
        exiger(bool(erreurs), "question sans erreur type distincte de la référence")
        exiger(all(faux != juste for faux in erreurs.values()), "erreur type confondue avec la référence")
    anomalies = resultat.anomalies()
    exiger(len({a.ligne for a in anomalies}) == len(anomalies), "une ligne saisie porte deux anomalies")
    mots = list(resultat.diagnostic().values())
    attendus = {"article": 1, "quantite": 1, "cycle": 2, "poste": 1, "temps": 2}
    exiger(all(mots.count(m) == n for m, n in attendus.items()), "saisie sans les anomalies prévues")


@par_apprenant("02_donnees_techniques")
def cas(alea: random.Random) -> CasDonneesTechniques:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un autre apprenant)."""
    resultat = construire(tirer_parametres(alea))
    controler_cas(resultat)
    return resultat


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


@examinee
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
