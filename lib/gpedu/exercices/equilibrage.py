"""Cas du cahier « Équilibrer une ligne d'assemblage » (source/amelioration/04_equilibrage_de_postes)."""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from gpedu import entreprise
from gpedu.calculs import equilibrage as eq
from gpedu.correction import EcartReponse, examinee
from gpedu.variantes import autour, exiger, par_apprenant


@dataclass(frozen=True)
class Tache:
    code: str
    designation: str
    composant: str
    temps: float  # secondes
    anteriorites: tuple[str, ...]


@dataclass(frozen=True)
class ParametresEquilibrage:
    """Les données du cahier (une variante = un autre jeu de paramètres)."""

    taches: tuple[Tache, ...]
    heures_ouverture: float  # heures d'ouverture de la ligne par jour
    pauses_min: float  # pauses payées non travaillées, minutes par jour
    demande: int  # diables par jour (questions 1 à 5)
    demande_nouvelle: int  # diables par jour (question 6)
    regle: str = "poids_positionnel"
    demande_analyse: int = 150  # diables par jour (analyse « la demande monte encore »)


def _optimum(temps, anteriorites, takt_s: float) -> int:
    """Nombre minimal **exact** de postes (recherche complète, petits cas seulement).

    Les tâches sont rangées dans un ordre compatible avec les antériorités ; un poste est une combinaison
    croissante de tâches. On n'essaie que les postes **complets** (plus aucune tâche n'y entre) : remplir
    davantage un poste ne peut pas augmenter le nombre de postes suivants.
    """
    graphe = eq.graphe_anteriorites(temps, anteriorites)
    taches = list(nx.lexicographical_topological_sort(graphe))
    avant = {t: set(graphe.predecessors(t)) for t in taches}
    memo: dict[frozenset, int] = {}

    def possible(t, faites, poste, charge) -> bool:
        return (
            t not in faites
            and t not in poste
            and charge + temps[t] <= takt_s + eq.EPSILON
            and avant[t] <= faites | poste
        )

    def meilleur(faites: frozenset) -> int:
        if len(faites) == len(taches):
            return 0
        if faites not in memo:
            resultat = len(taches)

            def etendre(poste: frozenset, charge: float, depuis: int):
                nonlocal resultat
                for i in range(depuis, len(taches)):
                    if possible(taches[i], faites, poste, charge):
                        etendre(poste | {taches[i]}, charge + temps[taches[i]], i + 1)
                complet = not any(possible(t, faites, poste, charge) for t in taches)
                if poste and complet:
                    resultat = min(resultat, 1 + meilleur(faites | poste))

            etendre(frozenset(), 0.0, 0)
            memo[faites] = resultat
        return memo[faites]

    return meilleur(frozenset())


@dataclass(frozen=True)
class CasEquilibrage:
    parametres: ParametresEquilibrage

    # --- données ---
    @property
    def temps(self) -> dict[str, float]:
        return {t.code: t.temps for t in self.parametres.taches}

    @property
    def anteriorites(self) -> dict[str, list[str]]:
        return {t.code: list(t.anteriorites) for t in self.parametres.taches}

    def tableau_taches(self) -> pd.DataFrame:
        """Les tâches de montage, comme les voit l'apprenant."""
        return pd.DataFrame(
            {
                "tache": [t.code for t in self.parametres.taches],
                "designation": [t.designation for t in self.parametres.taches],
                "composant": [t.composant for t in self.parametres.taches],
                "temps_s": [t.temps for t in self.parametres.taches],
                "anteriorites": [", ".join(t.anteriorites) or "—" for t in self.parametres.taches],
            }
        ).set_index("tache")

    @property
    def temps_disponible(self) -> float:
        """Temps disponible par jour, en secondes (ouverture − pauses)."""
        p = self.parametres
        return (p.heures_ouverture * 60 - p.pauses_min) * 60

    # --- références ---
    def takt(self, demande: int | None = None) -> float:
        return eq.takt(self.temps_disponible, demande or self.parametres.demande)

    def postes_min(self, demande: int | None = None) -> int:
        return eq.nombre_minimal_postes(self.temps, self.takt(demande))

    def poids(self) -> dict[str, float]:
        return eq.poids_positionnels(self.temps, self.anteriorites)

    def affectation(self, demande: int | None = None, regle: str | None = None) -> list[list[str]]:
        return eq.affecter(self.temps, self.anteriorites, self.takt(demande), regle or self.parametres.regle)

    def postes_objectif(self) -> int:
        """Nombre de postes à atteindre à la question 6 : l'optimum exact (≤ celui de l'heuristique)."""
        return _optimum(self.temps, self.anteriorites, self.takt(self.parametres.demande_nouvelle))

    def indicateurs(self, postes=None) -> dict:
        """Indicateurs d'une affectation (la référence si ``postes`` est absent ou non valable)."""
        if postes is None or self.ecarts(postes):
            postes = self.affectation()
        takt = self.takt()
        cycle = eq.temps_de_cycle_reel(postes, self.temps)
        return {
            "charges": eq.charges(postes, self.temps),
            "efficacite": round(100 * eq.efficacite(self.temps, len(postes), takt), 1),
            "taux_perte": round(100 * eq.taux_de_perte(self.temps, len(postes), takt), 1),
            "goulot": eq.poste_goulot(postes, self.temps),
            "cycle_reel": cycle,
            "production_max": eq.production_maximale(self.temps_disponible, postes, self.temps),
            "nombre_postes": len(postes),
        }

    def ecarts(self, postes, demande: int | None = None) -> list[str]:
        try:
            return eq.ecarts_affectation(postes, self.temps, self.anteriorites, self.takt(demande))
        except Exception:  # réponse d'une forme imprévue : jamais de plantage de la cellule de test
            return ["la réponse doit être une liste de postes, chacun une liste de codes de tâches"]

    # --- erreurs types ---
    def erreurs_takt(self) -> dict[str, float]:
        p = self.parametres
        return _distinctes(
            {
                "pauses non déduites du temps d'ouverture": p.heures_ouverture * 3600 / p.demande,
                "calcul inversé : c'est temps disponible / demande, pas demande / temps disponible": p.demande
                / self.temps_disponible,
                "temps disponible laissé en minutes (le takt est demandé en secondes)": self.temps_disponible
                / 60
                / p.demande,
            },
            self.takt(),
        )

    def erreurs_postes_min(self) -> dict[str, float]:
        brut = sum(self.temps.values()) / self.takt()
        return _distinctes(
            {
                "arrondi à l'entier inférieur : il faut arrondir au-dessus (un poste ne se coupe pas)": math.floor(
                    brut
                ),
                "pas d'arrondi : un nombre de postes est entier, arrondi au-dessus": brut,
            },
            self.postes_min(),
        )

    def erreurs_poids(self) -> dict[str, dict[str, float]]:
        temps, ant = self.temps, self.anteriorites
        directs = {t: temps[t] + sum(temps[s] for s in temps if t in ant[s]) for t in temps}
        suivants = eq.successeurs(temps, ant)
        sans_tache = {t: sum(temps[s] for s in suivants[t]) for t in temps}
        return _distinctes(
            {
                "seuls les successeurs directs ont été comptés : il faut tous les successeurs": directs,
                "le temps de la tâche elle-même a été oublié": sans_tache,
            },
            self.poids(),
        )

    def erreurs_affectation(self) -> dict[str, list[list[str]]]:
        reference = _normaliser(self.affectation())
        pistes = {
            "vous avez classé les tâches par temps, et non par poids positionnel": "plus_grand_temps",
            "vous avez classé les tâches par nombre de successeurs, et non par poids positionnel": (
                "plus_de_successeurs"
            ),
        }
        return _distinctes(
            {piste: _normaliser(self.affectation(regle=regle)) for piste, regle in pistes.items()}, reference
        )

    def erreurs_indicateurs(self, postes=None) -> dict[str, dict]:
        ref = self.indicateurs(postes)
        n_min, takt, total = self.postes_min(), self.takt(), sum(self.temps.values())
        cycle = ref["cycle_reel"]
        return {
            "efficacite": _distinctes(
                {
                    "efficacité calculée avec le nombre minimal de postes et non le nombre réel": round(
                        100 * total / (n_min * takt), 1
                    ),
                    "efficacité calculée avec le cycle réel (poste goulot) au lieu du takt": round(
                        100 * total / (ref["nombre_postes"] * cycle), 1
                    ),
                    "efficacité donnée entre 0 et 1 : elle est demandée en %": round(ref["efficacite"] / 100, 3),
                },
                ref["efficacite"],
            ),
            "taux_perte": _distinctes(
                {"taux de perte donné entre 0 et 1 : il est demandé en %": round(ref["taux_perte"] / 100, 3)},
                ref["taux_perte"],
            ),
            "charges": _distinctes(
                {
                    "charges cumulées d'un poste à l'autre : donnez la charge de chaque poste seul": [
                        sum(ref["charges"][: i + 1]) for i in range(len(ref["charges"]))
                    ],
                    "temps mort de chaque poste (takt − charge) au lieu de sa charge": [
                        takt - c for c in ref["charges"]
                    ],
                },
                ref["charges"],
            ),
            "cycle_reel": _distinctes({"le cycle réel est la charge du poste goulot, pas le takt": takt}, cycle),
            "production_max": _distinctes(
                {
                    "production calculée avec le takt : c'est la demande, pas ce que la ligne peut sortir": round(
                        self.temps_disponible / takt
                    ),
                    "pauses non déduites du temps disponible": math.floor(
                        self.parametres.heures_ouverture * 3600 / cycle + eq.EPSILON
                    ),
                    "pas d'arrondi à l'inférieur : on ne livre que des diables entiers": self.temps_disponible / cycle,
                },
                ref["production_max"],
            ),
        }


def _distinctes(erreurs: dict, reference) -> dict:
    """Les erreurs types dont la valeur diffère de la référence (une piste ne doit jamais être la bonne réponse)."""
    return {piste: valeur for piste, valeur in erreurs.items() if valeur != reference}


def _normaliser(postes) -> list[list[str]]:
    """Chaque poste trié par code : l'ordre d'écriture des tâches dans un poste est libre."""
    return [sorted(str(t) for t in poste) for poste in postes]


# --- vérifications appelées par les cellules de test -----------------------------------------------


def verifier_forme_postes(postes, *, nom: str):
    """« nom » est une liste de postes, chacun une liste de codes de tâches (textes)."""
    if isinstance(postes, (str, dict)) or not isinstance(postes, (list, tuple)):
        raise EcartReponse(f"« {nom} » doit être une liste de postes, par exemple [['A', 'C'], ['B', 'D']].")
    for numero, poste in enumerate(postes, start=1):
        if isinstance(poste, str) or not isinstance(poste, (list, tuple, set)):
            raise EcartReponse(f"« {nom} » : le poste {numero} doit être une liste de codes de tâches, ex. ['A', 'C'].")
        for tache in poste:
            if not isinstance(tache, str):
                raise EcartReponse(
                    f"« {nom} » : poste {numero}, « {tache} » n'est pas un code de tâche entre guillemets."
                )


@examinee
def verifier_heuristique(postes, cas_: CasEquilibrage, *, nom: str = "postes_d100"):
    """Résultat de l'heuristique écrite dans l'énoncé (règle d'égalité comprise) : comparé poste par poste."""
    from gpedu.correction import verifier_liste

    verifier_forme_postes(postes, nom=nom)
    reference = _normaliser(cas_.affectation())
    for piste, faux in cas_.erreurs_affectation().items():
        if _normaliser(postes) == faux != reference:
            raise EcartReponse(f"Ce n'est pas l'affectation attendue ({len(reference)} postes). Piste : {piste}.")
    verifier_liste(
        _normaliser(postes),
        _normaliser(cas_.affectation()),
        nom="tâches du poste",
        etiquette="Poste {}",
        erreurs_types=cas_.erreurs_affectation(),
    )


@examinee
def verifier_contraintes(postes, cas_: CasEquilibrage, demande: int, *, nom: str = "ma_ligne"):
    """Affectation valable : chaque tâche une fois, antériorités respectées, charge ≤ takt."""
    verifier_forme_postes(postes, nom=nom)
    ecarts = cas_.ecarts(postes, demande)
    if ecarts:
        message = "Affectation non valable : " + " ; ".join(ecarts[:3])
        if len(ecarts) > 3:
            message += f" ; … et {len(ecarts) - 3} autre(s) problème(s)"
        raise EcartReponse(message + ".")


@examinee
def verifier_objectif(postes, cas_: CasEquilibrage, *, nom: str = "ma_ligne"):
    """Objectif : au plus le nombre de postes de la référence (l'optimum du cas)."""
    verifier_forme_postes(postes, nom=nom)
    objectif = cas_.postes_objectif()
    postes_utiles = [p for p in postes if len(p)]
    if len(postes_utiles) > objectif:
        message = f"Votre ligne a {len(postes_utiles)} postes : on peut faire avec {objectif} postes."
        heuristique = cas_.affectation(cas_.parametres.demande_nouvelle)
        if _normaliser(postes_utiles) == _normaliser(heuristique):
            message += (
                " Piste : c'est le résultat de l'heuristique, qui ne trouve pas toujours le minimum ; "
                "regroupez autrement les tâches (le temps mort total doit tenir dans les postes)."
            )
        raise EcartReponse(message)


# --- le cas -------------------------------------------------------------------------------------


def equilibrer_selon_ordre(temps, anteriorites, takt_s: float, ordre) -> list[list[str]]:
    """L'heuristique avec une liste de priorité donnée (même méthode que la solution de la question 6)."""
    postes, faites = [], set()
    while len(faites) < len(temps):
        poste, restant = [], takt_s
        while True:
            candidates = [
                t
                for t in ordre
                if t not in faites and all(a in faites for a in anteriorites[t]) and temps[t] <= restant + eq.EPSILON
            ]
            if not candidates:
                break
            poste.append(candidates[0])
            faites.add(candidates[0])
            restant -= temps[candidates[0]]
        if not poste:
            raise eq.DonneesIncoherentes("une tâche dure plus que le takt")
        postes.append(poste)
    return postes


GRAINE_RECHERCHE = 1
ESSAIS_RECHERCHE = 3000


def recherche_par_ordres_aleatoires(temps, anteriorites, takt_s: float, objectif: int, essais=ESSAIS_RECHERCHE):
    """Question 6 : l'heuristique relancée avec des ordres de priorité mélangés (graine fixe), jusqu'à l'objectif.

    Renvoie (affectation, nombre d'essais utilisés) ; c'est exactement le calcul de la solution du cahier.
    """
    alea = random.Random(GRAINE_RECHERCHE)
    taches = list(temps)
    meilleure = None
    for essai in range(1, essais + 1):
        alea.shuffle(taches)
        ligne = equilibrer_selon_ordre(temps, anteriorites, takt_s, taches)
        if meilleure is None or len(ligne) < len(meilleure):
            meilleure = ligne
        if len(meilleure) <= objectif:
            return meilleure, essai
    return meilleure, essais


def parametres_entreprise() -> ParametresEquilibrage:
    """Les paramètres du cas, lus dans les tables de l'entreprise."""
    taches = entreprise.charger("equilibrage_taches").fillna("")
    ligne = entreprise.charger("equilibrage_ligne").iloc[0]
    postes = entreprise.charger("postes_de_charge").set_index("code")
    return ParametresEquilibrage(
        taches=tuple(
            Tache(
                str(r.tache),
                str(r.designation),
                str(r.composant),
                float(r.temps_s),
                tuple(a for a in str(r.anteriorites).split(";") if a),
            )
            for r in taches.itertuples()
        ),
        heures_ouverture=float(postes.at[ligne["poste"], "heures_par_equipe"]),
        pauses_min=float(ligne["pauses_min"]),
        demande=int(ligne["demande_jour"]),
        demande_nouvelle=int(ligne["demande_nouvelle"]),
    )


def construire(parametres: ParametresEquilibrage | None = None) -> CasEquilibrage:
    """Le cas construit à partir de ``parametres`` (par défaut : les données publiées de l'entreprise)."""
    return CasEquilibrage(parametres or _base())


@functools.cache
def _base() -> ParametresEquilibrage:
    return parametres_entreprise()


TAKT_MIN, TAKT_MAX = 150, 300  # s : bornes réalistes du takt (ligne manuelle de 4 à 6 postes)
MARGE_TAKT = 0.5  # s : un takt arrondi à l'entier ou au dixième donne les mêmes postes
MARGE_NMIN = 0.05  # Σ temps / takt loin d'un entier : l'arrondi supérieur est sans ambiguïté


def _tenable(c: CasEquilibrage, demande: int) -> bool:
    return max(c.temps.values()) <= c.takt(demande) - MARGE_TAKT


def _demandes_nouvelles(c: CasEquilibrage) -> list[int]:
    """Les demandes un peu plus fortes pour lesquelles l'optimum fait mieux que l'heuristique (question 6)."""
    possibles = []
    for demande in range(c.parametres.demande + 3, c.parametres.demande + 26):
        if not _tenable(c, demande):
            break
        heuristique = len(c.affectation(demande))
        if heuristique > c.postes_min(demande) and _optimum(c.temps, c.anteriorites, c.takt(demande)) < heuristique:
            possibles.append(demande)
    return possibles


def tirer_parametres(alea: random.Random) -> ParametresEquilibrage:
    """Paramètres d'un apprenant : temps des tâches, pauses et demandes autour des données de l'entreprise.

    Les tâches, leurs antériorités et le temps d'ouverture du poste MONT restent ceux de l'entreprise.
    """
    base = _base()
    taches = tuple(dataclasses.replace(t, temps=float(max(20, autour(alea, t.temps, 0.25, 5)))) for t in base.taches)
    demande = int(autour(alea, base.demande, 0.15, 1))
    return dataclasses.replace(
        base,
        taches=taches,
        pauses_min=float(autour(alea, base.pauses_min, 0.35, 5)),
        demande=demande,
        demande_nouvelle=demande + 5,  # provisoire : choisie dans ``cas`` parmi les demandes qui conviennent
        demande_analyse=int(autour(alea, demande * 1.25, 0.06, 5)),
    )


def verifier_variante(c: CasEquilibrage) -> None:
    """Rejette (``exiger``) un cas insoluble, ambigu ou dont une erreur type se confond avec la référence."""
    p = c.parametres
    takt = c.takt()
    # Q1 : takt réaliste, aucune tâche plus longue que le takt ; Σt / takt loin d'un entier
    exiger(TAKT_MIN <= takt <= TAKT_MAX, "takt irréaliste")
    exiger(100 <= p.demande < p.demande_nouvelle < p.demande_analyse, "demandes incohérentes")
    for demande in (p.demande, p.demande_nouvelle, p.demande_analyse):
        exiger(_tenable(c, demande), "une tâche dure plus que le takt")
    rapport = sum(c.temps.values()) / takt
    exiger(MARGE_NMIN <= rapport - math.floor(rapport) <= 1 - MARGE_NMIN, "Σ temps / takt presque entier")
    for erreurs, reference, tolerance in ((c.erreurs_takt(), takt, 0.05), (c.erreurs_postes_min(), c.postes_min(), 0)):
        exiger(bool(erreurs), "aucune erreur type distincte")
        exiger(all(abs(v - reference) > tolerance for v in erreurs.values()), "erreur type dans la tolérance")
    # Q2 : chaque erreur type diffère de la référence
    exiger(len(c.erreurs_poids()) == 2, "erreur type des poids confondue avec la référence")
    # Q3 : un takt arrondi (± 0,5 s) donne la même affectation et le même minimum ; pistes distinctes
    ref = _normaliser(c.affectation())
    for decale in (takt - MARGE_TAKT, takt + MARGE_TAKT):
        exiger(_normaliser(eq.affecter(c.temps, c.anteriorites, decale)) == ref, "affectation sensible à l'arrondi")
        exiger(eq.nombre_minimal_postes(c.temps, decale) == c.postes_min(), "minimum sensible à l'arrondi")
    exiger(bool(c.erreurs_affectation()), "aucune erreur type distincte pour l'heuristique")
    # Q4, Q5 : une erreur type distincte (au-delà de la tolérance) pour chaque indicateur noté
    indicateurs = c.indicateurs()
    for champ, erreurs in c.erreurs_indicateurs().items():
        exiger(bool(erreurs), f"aucune erreur type distincte pour {champ}")
        if champ in ("efficacite", "taux_perte"):
            exiger(all(abs(v - indicateurs[champ]) > 0.06 for v in erreurs.values()), f"{champ} : piste trop proche")
    # Q6 : l'heuristique fait moins bien que l'objectif ; la recherche de la solution l'atteint
    takt_nouveau = c.takt(p.demande_nouvelle)
    objectif = c.postes_objectif()
    exiger(objectif < len(c.affectation(p.demande_nouvelle)), "l'heuristique atteint déjà l'optimum")
    for decale in (takt_nouveau - MARGE_TAKT, takt_nouveau + MARGE_TAKT):
        exiger(_optimum(c.temps, c.anteriorites, decale) == objectif, "objectif sensible à l'arrondi du takt")
    ligne, _ = recherche_par_ordres_aleatoires(c.temps, c.anteriorites, takt_nouveau, objectif)
    exiger(len(ligne) <= objectif, "la recherche de la solution n'atteint pas l'objectif")


@par_apprenant("04_equilibrage_de_postes")
def cas(alea: random.Random) -> CasEquilibrage:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    provisoire = construire(tirer_parametres(alea))
    exiger(TAKT_MIN <= provisoire.takt() <= TAKT_MAX and _tenable(provisoire, provisoire.parametres.demande), "takt")
    possibles = _demandes_nouvelles(provisoire)
    exiger(bool(possibles), "aucune demande où l'optimum bat l'heuristique")
    parametres = dataclasses.replace(provisoire.parametres, demande_nouvelle=alea.choice(possibles))
    parametres = dataclasses.replace(
        parametres, demande_analyse=max(parametres.demande_analyse, parametres.demande_nouvelle + 10)
    )
    resultat = construire(parametres)
    verifier_variante(resultat)
    return resultat
