"""Cas du cahier « Ordonnancement » (source/bdc1_planification/06_ordonnancement)."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import arrondi_superieur
from gpedu.calculs import ordonnancement as o
from gpedu.calculs.ordonnancement import OFAtelier, OrdreFabrication, Planning
from gpedu.correction import EcartReponse, examinee
from gpedu.variantes import autour, exiger, par_apprenant

DEFAUTS_AFFICHES = 3


@dataclass(frozen=True)
class ParametresOrdonnancement:
    """Les données du cahier (chaque apprenant a les siennes : ``tirer_parametres``)."""

    file_attente: tuple[OrdreFabrication, ...]
    poste_file: str
    regle_mesures: str
    johnson: tuple[tuple[str, float, float], ...]  # (OF, temps SOUD, temps PEIN)
    atelier: tuple[OFAtelier, ...]
    regle_atelier: str
    panne: tuple[str, float, float]  # (poste, début, fin) en heures


def ofs_atelier_depuis(
    lignes: Sequence[tuple[str, str, int, int, float, float]], gammes: pd.DataFrame
) -> tuple[OFAtelier, ...]:
    """Les OF d'atelier (numéro, article, quantité, arrivée, disponibilité, besoin) avec leur gamme."""
    table = pd.DataFrame(lignes, columns=["numero", "article", "quantite", "arrivee", "disponible_h", "date_besoin_h"])
    return ofs_atelier(table, gammes)


def duree_operation(temps_preparation: float, temps_unitaire: float, quantite: int) -> int:
    """Durée d'une opération en heures : Tp + Q × Tu, arrondie à l'heure supérieure."""
    return arrondi_superieur(temps_preparation + quantite * temps_unitaire)


def ofs_atelier(table: pd.DataFrame, gammes: pd.DataFrame) -> tuple[OFAtelier, ...]:
    """Les OF d'atelier avec leur gamme (durées calculées depuis les gammes de l'entreprise)."""
    ofs = []
    for ligne in table.itertuples(index=False):
        gamme = gammes[gammes.article == ligne.article].sort_values("phase")
        operations = tuple(
            (g.poste, duree_operation(g.temps_preparation_h, g.temps_unitaire_h, int(ligne.quantite)))
            for g in gamme.itertuples(index=False)
        )
        ofs.append(
            OFAtelier(
                ligne.numero,
                operations,
                date_besoin=float(ligne.date_besoin_h),
                disponible=float(ligne.disponible_h),
                arrivee=int(ligne.arrivee),
                article=ligne.article,
                quantite=int(ligne.quantite),
            )
        )
    return tuple(ofs)


@functools.cache
def parametres_entreprise() -> ParametresOrdonnancement:
    """Les paramètres tirés des tables de la GPAO de Vallet Manutention."""
    file = entreprise.charger("ordonnancement_file_attente")
    johnson = entreprise.charger("ordonnancement_johnson")
    return ParametresOrdonnancement(
        file_attente=tuple(
            OrdreFabrication(ligne.numero, int(ligne.duree_jours), int(ligne.date_besoin_jour), int(ligne.arrivee))
            for ligne in file.itertuples(index=False)
        ),
        poste_file=str(file.poste.iloc[0]),
        regle_mesures="PCTO",
        johnson=tuple(
            (ligne.numero, int(ligne.temps_soud_h), int(ligne.temps_pein_h))
            for ligne in johnson.itertuples(index=False)
        ),
        atelier=ofs_atelier(entreprise.charger("ordonnancement_atelier"), entreprise.charger("gammes")),
        regle_atelier="DBPT",
        panne=("CINT", 5, 11),
    )


@dataclass(frozen=True)
class CasOrdonnancement:
    """Le cas du cahier : données, références et erreurs types."""

    parametres: ParametresOrdonnancement

    # --- données affichées ----------------------------------------------------------------
    @property
    def file_attente(self) -> list[OrdreFabrication]:
        return list(self.parametres.file_attente)

    def table_file(self) -> pd.DataFrame:
        """La file d'attente du poste, telle que l'affiche la GPAO."""
        return pd.DataFrame(
            {
                "arrivee": [of.arrivee for of in self.file_attente],
                "temps_operatoire_j": [of.duree for of in self.file_attente],
                "date_besoin_j": [of.date_besoin for of in self.file_attente],
            },
            index=pd.Index([of.numero for of in self.file_attente], name="OF"),
        )

    @property
    def temps_johnson(self) -> dict[str, tuple[float, float]]:
        return {of: (a, b) for of, a, b in self.parametres.johnson}

    def table_johnson(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(a, b) for a, b in self.temps_johnson.values()],
            index=pd.Index(list(self.temps_johnson), name="OF"),
            columns=["SOUD (h)", "PEIN (h)"],
        )

    @property
    def atelier(self) -> list[OFAtelier]:
        return list(self.parametres.atelier)

    def table_atelier(self) -> pd.DataFrame:
        """Les OF de l'atelier : disponibilité, date de besoin et gamme (poste : durée en heures)."""
        return pd.DataFrame(
            {
                "article": [of.article for of in self.atelier],
                "quantite": [of.quantite for of in self.atelier],
                "arrivee": [of.arrivee for of in self.atelier],
                "disponible_h": [of.disponible for of in self.atelier],
                "date_besoin_h": [of.date_besoin for of in self.atelier],
                "gamme (poste : heures)": [" → ".join(f"{p} : {d}" for p, d in of.operations) for of in self.atelier],
            },
            index=pd.Index([of.numero for of in self.atelier], name="OF"),
        )

    def gammes_atelier(self) -> dict[str, list[tuple[str, float]]]:
        """{OF: [(poste, durée), ...]} dans l'ordre de la gamme."""
        return {of.numero: list(of.operations) for of in self.atelier}

    @property
    def indisponibilites(self) -> dict[str, list[tuple[float, float]]]:
        poste, debut, fin = self.parametres.panne
        return {poste: [(debut, fin)]}

    # --- références -----------------------------------------------------------------------
    def sequence(self, regle: str) -> list[str]:
        return o.sequencer(self.file_attente, regle)

    def mesures(self, regle: str) -> dict[str, float]:
        return o.mesurer(self.file_attente, self.sequence(regle)).en_dict()

    def sequence_johnson(self) -> list[str]:
        return o.johnson(self.temps_johnson)

    def duree_totale_johnson(self) -> float:
        return o.duree_totale_deux_machines(self.temps_johnson, self.sequence_johnson())

    def planning(self, regle: str | None = None, avec_panne: bool = False) -> Planning:
        ordre = o.ordre_priorite(self.atelier, regle or self.parametres.regle_atelier)
        return o.planifier(self.atelier, ordre, self.indisponibilites if avec_panne else None)

    # --- erreurs types ----------------------------------------------------------------------
    def erreurs_sequence(self, regle: str) -> dict[str, list[str]]:
        file = self.file_attente
        erreurs = {"vous avez gardé l'ordre d'arrivée (PEPS)": self.sequence("PEPS")}
        if regle == "PCTO":
            erreurs["tri dans le mauvais sens : le plus court temps passe d'abord"] = self.sequence("PLTO")
        if regle == "DBPT":
            erreurs["tri dans le mauvais sens : la date de besoin la plus proche passe d'abord"] = [
                of.numero for of in sorted(file, key=lambda of: (-of.date_besoin, of.arrivee))
            ]
        if regle == "RC":
            erreurs["ratio inversé : RC = (date de besoin − date du jour) / temps opératoire"] = [
                of.numero for of in sorted(file, key=lambda of: (of.duree / of.date_besoin, of.arrivee))
            ]
            erreurs["à égalité de ratio, l'OF arrivé le premier passe d'abord"] = [
                of.numero for of in sorted(file, key=lambda of: (o.ratio_critique(of), -of.arrivee))
            ]
        return {k: v for k, v in erreurs.items() if v != self.sequence(regle)}

    def erreurs_mesures(self, regle: str) -> dict[str, dict[str, float]]:
        file = {of.numero: of for of in self.file_attente}
        m = o.mesurer(self.file_attente, self.sequence(regle))
        n = len(file)
        ecarts = {k: m.fins[k] - file[k].date_besoin for k in file}
        erreurs = {
            "retard = max(0, fin − date de besoin) : une avance ne compense pas un retard": {
                **m.en_dict(),
                "retard_moyen": sum(ecarts.values()) / n,
            },
            "temps de séjour = date de FIN de l'OF (attente + opération), pas son seul temps opératoire": {
                **m.en_dict(),
                "sejour_moyen": sum(of.duree for of in file.values()) / n,
            },
            "nombre moyen d'OF en cours = somme des séjours / durée totale (et non / nombre d'OF)": {
                **m.en_dict(),
                "encours_moyen": sum(m.fins.values()) / n,
            },
            "vous avez mesuré la séquence dans l'ordre d'arrivée (PEPS)": self.mesures("PEPS"),
        }
        return erreurs

    def erreurs_johnson(self) -> dict[str, list[str]]:
        temps = self.temps_johnson
        tete = [k for k, (a, b) in temps.items() if a <= b]
        queue = [k for k in temps if k not in tete]
        erreurs = {
            "une tâche à temps égaux va dans le groupe de TÊTE (machine 1)": o.johnson(temps, egalite_en_tete=False),
            "groupe de queue : temps sur la machine 2 DÉCROISSANTS": sorted(tete, key=lambda k: temps[k][0])
            + sorted(queue, key=lambda k: temps[k][1]),
            "groupe de tête : temps sur la machine 1 CROISSANTS": sorted(tete, key=lambda k: -temps[k][0])
            + sorted(queue, key=lambda k: -temps[k][1]),
        }
        return {k: v for k, v in erreurs.items() if v != self.sequence_johnson()}

    def erreurs_duree_johnson(self) -> dict[str, float]:
        temps = self.temps_johnson
        erreurs = {
            "la durée totale est la fin du dernier OF sur la machine 2, pas la somme de tous les temps": sum(
                a + b for a, b in temps.values()
            ),
            "durée calculée dans l'ordre du tableau et non dans la séquence de Johnson": o.duree_totale_deux_machines(
                temps, list(temps)
            ),
            "la durée totale se lit à la fin du dernier OF sur la machine 2 (PEIN), pas sur la machine 1": sum(
                a for a, _ in temps.values()
            ),
        }
        return {k: v for k, v in erreurs.items() if v != self.duree_totale_johnson()}

    def erreurs_planning(self, avec_panne: bool = False) -> dict[str, dict]:
        """Plannings faux connus (message -> opérations)."""
        ref = self.planning(avec_panne=avec_panne).operations
        peps = "vous avez placé les OF dans l'ordre d'arrivée (PEPS), pas dans l'ordre de la règle demandée"
        erreurs = {peps: self.planning("PEPS", avec_panne).operations}
        if avec_panne:
            erreurs["vous n'avez pas tenu compte de la panne"] = self.planning().operations
        return {k: v for k, v in erreurs.items() if v != ref}


# --- les données de chaque apprenant ----------------------------------------------------------

ECART_RC_MIN = 0.02  # deux ratios critiques différents s'écartent d'au moins 0,02 (arrondi au centième sûr)


def construire(parametres: ParametresOrdonnancement | None = None) -> CasOrdonnancement:
    """Le cas construit à partir de ``parametres`` (par défaut : les données publiées de l'entreprise)."""
    return CasOrdonnancement(parametres or parametres_entreprise())


@functools.cache
def _gammes() -> pd.DataFrame:
    return entreprise.charger("gammes")


def tirer_parametres(alea: random.Random) -> ParametresOrdonnancement:
    """Paramètres d'un apprenant : temps, dates de besoin, quantités et panne autour des données de base.

    Les OF, les articles, les gammes, les postes et les rangs d'arrivée restent ceux de l'entreprise.
    """
    base = parametres_entreprise()
    file = []
    for of in base.file_attente:
        duree = max(1, autour(alea, of.duree, 0.45, 1))
        file.append(dataclasses.replace(of, duree=duree, date_besoin=max(2, autour(alea, of.date_besoin, 0.35, 1))))
    johnson = tuple(
        (numero, max(1, autour(alea, a, 0.4, 1)), max(1, autour(alea, b, 0.4, 1))) for numero, a, b in base.johnson
    )
    lignes = [
        (
            of.numero,
            of.article,
            max(10, autour(alea, of.quantite, 0.3, 10)),
            of.arrivee,
            alea.randint(0, 4),
            max(8, autour(alea, of.date_besoin, 0.25, 1)),
        )
        for of in base.atelier
    ]
    debut_panne = alea.randint(3, 9)
    return dataclasses.replace(
        base,
        file_attente=tuple(file),
        johnson=johnson,
        atelier=ofs_atelier_depuis(lignes, _gammes()),
        panne=(base.panne[0], debut_panne, debut_panne + alea.randint(4, 8)),
    )


def verifier_variante(c: CasOrdonnancement) -> None:
    """Rejette (``exiger``) un cas insoluble, ambigu ou dont une erreur type se confond avec la référence."""
    # Q1 : quatre ordres différents ; pas de ratio critique « presque égal » (arrondi à la main ambigu)
    sequences = {regle: tuple(c.sequence(regle)) for regle in ("PEPS", "PCTO", "DBPT", "RC")}
    exiger(len(set(sequences.values())) == 4, "deux règles donnent la même séquence")
    ratios = sorted({o.ratio_critique(of) for of in c.file_attente})
    exiger(all(b - a >= ECART_RC_MIN for a, b in itertools.pairwise(ratios)), "ratios critiques presque égaux")
    for regle in ("PCTO", "DBPT", "RC"):
        exiger(bool(c.erreurs_sequence(regle)), f"aucune erreur type distincte pour {regle}")
    # Q2 : au moins un OF en retard et un en avance ; chaque mesure a une erreur type distincte
    mesures = c.mesures("PCTO")
    exiger(mesures["nb_en_retard"] >= 1, "aucun OF en retard en PCTO")
    exiger(mesures["nb_en_retard"] < len(c.file_attente), "tous les OF en retard en PCTO")
    for cle, valeur in mesures.items():
        exiger(
            any(abs(e[cle] - valeur) > 0.01 for e in c.erreurs_mesures("PCTO").values()),
            f"aucune erreur type distincte pour {cle}",
        )
    # Q3 : deux groupes non vides ; les erreurs types diffèrent de la séquence et de la durée
    temps = c.temps_johnson
    exiger(any(a <= b for a, b in temps.values()) and any(a > b for a, b in temps.values()), "groupe vide")
    exiger(len(c.erreurs_johnson()) >= 2, "erreurs types de Johnson confondues avec la référence")
    exiger(bool(c.erreurs_duree_johnson()), "aucune erreur type distincte pour la durée totale")
    # Q4-Q5 : l'ordre de la règle compte (PEPS fait moins bien) et la panne change le planning
    for panne in (False, True):
        ref, peps = c.planning(avec_panne=panne), c.planning("PEPS", panne)
        exiger(
            peps.duree_totale > ref.duree_totale or peps.retard_total > ref.retard_total,
            "le planning PEPS n'est pas moins bon que celui de la règle",
        )
        exiger(bool(c.erreurs_planning(panne)), "erreur type du planning confondue avec la référence")
    exiger(c.planning(avec_panne=True).operations != c.planning().operations, "la panne ne change rien")


@par_apprenant("06_ordonnancement")
def cas(alea: random.Random) -> CasOrdonnancement:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    resultat = construire(tirer_parametres(alea))
    verifier_variante(resultat)
    return resultat


# --- vérification d'un planning par contraintes et objectif -----------------------------------


def _normaliser(planning) -> dict[tuple[str, str], tuple[float, float]]:
    if isinstance(planning, pd.DataFrame):
        colonnes = {"of", "poste", "debut", "fin"}
        if not colonnes <= set(planning.columns):
            raise EcartReponse("Le planning doit avoir les colonnes of, poste, debut, fin.")
        planning = {(r.of, r.poste): (r.debut, r.fin) for r in planning.itertuples(index=False)}
    if not isinstance(planning, Mapping):
        raise EcartReponse(
            "Le planning doit être un dictionnaire {(OF, poste): (début, fin)}, "
            'par exemple {("OF-2431", "SCIE"): (0, 4), …}.'
        )
    propre = {}
    for cle, valeur in planning.items():
        if not (isinstance(cle, tuple) and len(cle) == 2):
            raise EcartReponse(
                f'Clé {cle!r} : chaque clé doit être un couple (OF, poste), par exemple ("OF-2431", "SCIE").'
            )
        if isinstance(valeur, str) or not isinstance(valeur, Sequence) or len(valeur) != 2:
            raise EcartReponse(f"{cle[0]} sur {cle[1]} : un couple (début, fin) est attendu.")
        try:
            propre[cle] = (float(valeur[0]), float(valeur[1]))
        except (TypeError, ValueError):
            raise EcartReponse(f"{cle[0]} sur {cle[1]} : le début et la fin doivent être des nombres.") from None
    return propre


def verifier_forme_planning(planning, gammes: Mapping[str, Sequence[tuple[str, float]]], *, nom: str):
    """Forme : un dictionnaire {(OF, poste): (début, fin)} avec toutes les opérations des gammes."""
    propre = _normaliser(planning)
    attendues = [(of, p) for of, ops in gammes.items() for p, _ in ops]
    manquantes = [f"{of} sur {p}" for of, p in attendues if (of, p) not in propre]
    if manquantes:
        raise EcartReponse(f"« {nom} » : il manque {len(manquantes)} opération(s) : {', '.join(manquantes[:4])}.")
    en_trop = [f"{k[0]} sur {k[1]}" for k in propre if k not in attendues]
    if en_trop:
        raise EcartReponse(f"« {nom} » : opérations inconnues : {', '.join(en_trop[:4])}.")


@examinee
def verifier_planning_atelier(
    planning,
    ofs: Sequence[OFAtelier],
    reference: Planning,
    *,
    indisponibilites: Mapping[str, list[tuple[float, float]]] | None = None,
    erreurs_types: Mapping[str, Mapping] | None = None,
):
    """Contraintes (durées, disponibilité, gamme, un OF à la fois par poste, pannes), puis objectif.

    Objectif : la durée totale et le retard total ne dépassent pas ceux du planning de référence.
    Lève ``EcartReponse`` en nommant ce qui est faux.
    """
    propre = _normaliser(planning)
    piste = ""
    for message, variante in (erreurs_types or {}).items():
        if {k: tuple(map(float, v)) for k, v in variante.items()} == propre:
            piste = f" Piste : {message}."
            break
    defauts = o.ecarts_planning(ofs, propre, indisponibilites)
    if defauts:
        reste = len(defauts) - DEFAUTS_AFFICHES
        texte = " ; ".join(defauts[:DEFAUTS_AFFICHES])
        if reste > 0:
            texte += f" ; … et {reste} autre(s)"
        raise EcartReponse(f"Planning impossible : {texte}.{piste}")
    votre = o.mesurer_planning(ofs, propre, indisponibilites=indisponibilites)
    problemes = []
    if votre.duree_totale > reference.duree_totale + 1e-9:
        problemes.append(f"durée totale {o._n(votre.duree_totale)} h, la règle donne {o._n(reference.duree_totale)} h")
    if votre.retard_total > reference.retard_total + 1e-9:
        problemes.append(f"retard total {o._n(votre.retard_total)} h, la règle donne {o._n(reference.retard_total)} h")
    if problemes:
        raise EcartReponse(
            "Votre planning respecte les contraintes mais fait moins bien que le placement au plus tôt "
            f"dans l'ordre de la règle : {' ; '.join(problemes)}."
            + (piste or " Piste : placez chaque opération au plus tôt.")
        )


def verifier_forme_sequence(obtenu, numeros: Sequence[str], *, nom: str):
    """Forme : une liste qui contient chaque numéro d'OF exactement une fois."""
    if isinstance(obtenu, (str, bytes, Mapping)) or not isinstance(obtenu, Sequence):
        raise EcartReponse(f'« {nom} » doit être une liste de numéros d\'OF, par exemple ["{numeros[0]}", …].')
    inconnus = [str(x) for x in obtenu if x not in numeros]
    if inconnus:
        raise EcartReponse(f"« {nom} » : numéros d'OF inconnus : {', '.join(inconnus[:4])}.")
    if sorted(obtenu) != sorted(numeros):
        manquants = [x for x in numeros if x not in obtenu]
        doubles = sorted({x for x in obtenu if list(obtenu).count(x) > 1})
        detail = f"il manque {', '.join(manquants)}" if manquants else f"en double : {', '.join(doubles)}"
        raise EcartReponse(f"« {nom} » doit contenir chaque OF une seule fois : {detail}.")
