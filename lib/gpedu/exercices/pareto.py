"""Cas du cahier « Le diagramme de Pareto » (source/amelioration/01_pareto).

Journal brut des arrêts et défauts de l'îlot de soudage SOUD sur quatre semaines, avec ses
incohérences (libellés non officiels, fiches saisies deux fois, durées manquantes ou négatives),
et liste officielle des causes (``pareto_causes``).

Le cas de base (``construire()``) lit la table ``pareto_journal_soudage`` ; chaque apprenant
(``cas()``) a son propre journal, tiré autour de celui-ci : nombre de fiches par cause, durées,
pièces rebutées, fiches en double, durées invalides, libellés non officiels, taux horaire et
coût d'une pièce rebutée.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import pareto
from gpedu.variantes import autour, exiger, par_apprenant

CAHIER = "01_pareto"

# Libellés non officiels possibles (déjà normalisés) par cause officielle. « Panne du robot » est
# l'exemple de l'énoncé : il n'est jamais tiré. Chaque libellé est assez proche de sa cause pour
# que ``difflib.get_close_matches`` (solution du cahier) la retrouve (vérifié par les tests).
ABREVIATIONS = {
    "Attente pont roulant": ("Attente pont", "Pont roulant occupé", "Attente du pont"),
    "Buse encrassée": ("Buse sale", "Buse bouchée", "Buse encrassee"),
    "Changement de série": ("Chgt de série", "Chgt série", "Changement série"),
    "Cordon non conforme": ("Cordon nc", "Cordon pas conforme", "Cordon non conf."),
    "Gabarit mal positionné": ("Gabarit mal placé", "Pièce mal positionnée", "Gabarit mal mis"),
    "Manque de tôles": ("Manque tôle", "Manque tôles", "Plus de tôles"),
    "Panne robot": ("Panne rob.", "Robot hs", "Panne rbt"),
    "Réglage torche": ("Reglage torche", "Régl. torche", "Réglage de la torche"),
}
# Écart minimal entre le % cumulé d'une cause et le seuil (points) : pas d'égalité ambiguë à 80 %.
MARGE_SEUIL = 0.5
DEBUT_RELEVE, JOURS_OUVRES = date(2024, 5, 13), 20


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
    # journal tiré : (numero, date, equipe, cause brute, duree_min, pieces_rebutees) ; vide = la table
    fiches: tuple[tuple, ...] = ()
    taux_horaire: float | None = None  # None = celui du poste dans postes_de_charge


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


COLONNES = ("numero", "date", "equipe", "cause", "duree_min", "pieces_rebutees")


def construire(parametres: ParametresPareto = ParametresPareto()) -> CasPareto:
    """Le cas à partir de ses paramètres (sans paramètre : le journal publié de l'entreprise)."""
    postes = entreprise.charger("postes_de_charge").set_index("code")
    if parametres.fiches:
        journal = pd.DataFrame([list(f) for f in parametres.fiches], columns=list(COLONNES))
        journal["duree_min"] = pd.to_numeric(journal["duree_min"], errors="coerce")
    else:
        journal = entreprise.charger(parametres.table_journal)
    taux = parametres.taux_horaire
    if taux is None:
        taux = float(postes.at[parametres.poste, "taux_horaire_eur"])
    return CasPareto(parametres, journal, entreprise.charger(parametres.table_causes), float(taux))


def charger_cas(parametres: ParametresPareto) -> CasPareto:
    """Ancien nom de ``construire`` (gardé pour les outils qui l'appellent)."""
    return construire(parametres)


def _fiches_par_cause(base: ParametresPareto) -> dict[str, list[tuple[int | None, int]]]:
    """Fiches du journal publié, sans doublons, rangées par cause officielle : (durée valide ou None, rebuts)."""
    brut = entreprise.charger(base.table_journal).drop_duplicates("numero")
    correspondances = dict(base.correspondances)
    par_cause: dict[str, list[tuple[int | None, int]]] = {}
    for fiche in brut.itertuples():
        cause = pareto.normaliser_libelle(fiche.cause)
        cause = correspondances.get(cause, cause)
        duree = pd.to_numeric(fiche.duree_min, errors="coerce")
        valide = None if pd.isna(duree) or duree < 0 else int(duree)
        par_cause.setdefault(cause, []).append((valide, int(fiche.pieces_rebutees)))
    return par_cause


def _salir(alea: random.Random, texte: str) -> str:
    """Le libellé tel qu'un chef d'équipe pressé l'écrit (casse, espaces en trop)."""
    tirage = alea.random()
    if tirage < 0.4:
        return texte
    if tirage < 0.55:
        return texte.lower()
    if tirage < 0.65:
        return texte.upper()
    if tirage < 0.75:
        return texte + " "
    if tirage < 0.85:
        return " " + texte.replace(" ", "  ", 1)
    return texte.lower().replace(" ", "  ", 1)


def _jour_ouvre(rang: int) -> str:
    semaine, jour = divmod(rang, 5)
    return (DEBUT_RELEVE + timedelta(days=7 * semaine + jour)).isoformat()


def tirer_parametres(alea: random.Random) -> ParametresPareto:
    """Le journal d'un apprenant : fiches, durées, rebuts et fautes de saisie tirés autour du journal publié."""
    base = ParametresPareto()
    fiches = []  # [jour, equipe, cause, duree, rebuts]
    for cause, modeles in sorted(_fiches_par_cause(base).items()):
        durees = [d for d, _ in modeles if d is not None]
        for _ in range(max(1, autour(alea, len(modeles), 0.3, 1))):
            duree = max(5, autour(alea, alea.choice(durees), 0.3, 5))
            rebuts = max(0, autour(alea, alea.choice(modeles)[1], 0.4, 1))
            fiches.append([alea.randrange(JOURS_OUVRES), alea.choice("AB"), cause, duree, rebuts])
    alea.shuffle(fiches)
    fiches.sort(key=lambda f: f[0])
    # durées invalides : au moins une manquante et une négative
    rangs = alea.sample(range(len(fiches)), alea.randint(2, 5))
    nb_manquantes = alea.randint(1, len(rangs) - 1)
    for position, rang in enumerate(rangs):
        fiches[rang][3] = None if position < nb_manquantes else -fiches[rang][3]
    # libellés non officiels : trois causes, au moins une fiche chacune
    abreges = {cause: alea.choice(ABREVIATIONS[cause]) for cause in alea.sample(sorted(ABREVIATIONS), 3)}
    for cause, abrege in abreges.items():
        rangs_cause = [r for r, f in enumerate(fiches) if f[2] == cause]
        forces = {alea.choice(rangs_cause)}
        for rang in rangs_cause:
            if rang in forces or alea.random() < 0.5:
                fiches[rang][2] = abrege
    # saisie : numéros, libellés salis, fiches saisies deux fois (hors durées invalides)
    doubles = set(alea.sample([r for r in range(len(fiches)) if r not in rangs], alea.randint(2, 5)))
    lignes = []
    for rang, (jour, equipe, cause, duree, rebuts) in enumerate(fiches):
        ligne = (f"A{rang + 1:03d}", _jour_ouvre(jour), equipe, _salir(alea, cause), duree, rebuts)
        lignes.append(ligne)
        if rang in doubles:
            lignes.append(ligne)
    return replace(
        base,
        fiches=tuple(lignes),
        correspondances=tuple(sorted((abrege, cause) for cause, abrege in abreges.items())),
        taux_horaire=float(autour(alea, 72, 0.15, 1)),
        cout_rebut=float(autour(alea, base.cout_rebut, 0.3, 1)),
    )


def seuil_net(valeurs: dict[str, float], seuil: float = 80, marge: float = MARGE_SEUIL) -> bool:
    """Vrai si la classe A ne dépend d'aucune égalité : aucun % cumulé à moins de ``marge`` point du seuil,
    et la cause qui franchit le seuil pèse strictement plus que la suivante."""
    triees = pareto.trier(valeurs)
    cumuls = pareto.cumuls(valeurs)
    if any(abs(c - seuil) < marge for c in cumuls):
        return False
    rang = len(pareto.classe_a(valeurs, seuil)) - 1
    return rang + 1 >= len(triees) or triees[rang][1] - triees[rang + 1][1] > 0.05


def _distinctes(juste, erreurs: dict, ensemble: bool = False) -> bool:
    if ensemble:
        return bool(erreurs) and all(set(v) != set(juste) for v in erreurs.values())
    return bool(erreurs) and all(v != juste for v in erreurs.values())


def controler(resultat: CasPareto) -> CasPareto:
    """Rejette (``exiger``) un cas insoluble ou ambigu ; rend le cas sinon."""
    officielles = set(resultat.causes.cause)
    exiger(set(resultat.nombre_par_cause()) == officielles, "une cause sans fiche")
    for critere in NOMS_CRITERES:
        valeurs = resultat.valeurs(critere)
        exiger(min(valeurs.values()) > 0, f"une cause à zéro en {critere}")
        exiger(seuil_net(valeurs, resultat.parametres.seuil), f"égalité ambiguë au seuil en {critere}")
        exiger(
            _distinctes(resultat.classe_a(critere), resultat.erreurs_classe_a(critere), True), "erreur type = classe A"
        )
    exiger(_distinctes(resultat.nb_doublons(), resultat.erreurs_nb_doublons()), "erreur type = doublons")
    exiger(_distinctes(resultat.nb_durees_invalides(), resultat.erreurs_nb_durees_invalides()), "erreur type = durées")
    exiger(_distinctes(resultat.nombre_par_cause(), resultat.erreurs_nombre_par_cause()), "erreur type = nombres")
    exiger(_distinctes(resultat.duree_par_cause(), resultat.erreurs_duree_par_cause()), "erreur type = durées")
    exiger(_distinctes(resultat.causes_triees(), resultat.erreurs_causes_triees()), "erreur type = tri")
    exiger(_distinctes(resultat.cumules_duree(), resultat.erreurs_cumules()), "erreur type = cumuls")
    exiger(_distinctes(resultat.cout_par_cause(), resultat.erreurs_cout_par_cause()), "erreur type = coûts")
    premiers = {pareto.trier(resultat.valeurs(c))[0][0] for c in NOMS_CRITERES}
    exiger(len(premiers) >= 2, "le classement ne change pas avec le critère")
    return resultat


@par_apprenant(CAHIER)
def cas(alea: random.Random) -> CasPareto:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    return controler(construire(tirer_parametres(alea)))
