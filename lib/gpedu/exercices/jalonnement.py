"""Cas du cahier « Jalonnement et Gantt » (source/bdc1_planification/05_jalonnement_et_gantt)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from dataclasses import dataclass, replace

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import jalonnement as jal
from gpedu.calculs.calendrier import CalendrierUsine, calendrier_vallet
from gpedu.calculs.calendrier import en_date as _date
from gpedu.correction import examinee
from gpedu.variantes import autour, exiger, par_apprenant


@dataclass(frozen=True)
class ParametresJalonnement:
    """Les paramètres d'un cas (valeurs par défaut : le cas de base, la table ``jalonnement_of``).

    ``ofs`` : les OF ``(of, article, quantité, date de lancement, date de besoin)`` (dates ISO) ;
    ``None`` = ceux de la table.
    """

    of_etudie: str = "OF-2701"
    ofs: tuple[tuple[str, str, int, str, str], ...] | None = None


def texte(jour) -> str:
    """Une date écrite « jj/mm/aaaa » (pour comparer des réponses données sous des formes différentes)."""
    try:
        return f"{_date(jour):%d/%m/%Y}"
    except Exception:  # réponse illisible : comparée telle quelle (le message la montrera)
        return str(jour)


@dataclass(frozen=True)
class CasJalonnement:
    p: ParametresJalonnement
    ofs: pd.DataFrame  # of, article, quantite, date_lancement, date_besoin
    gammes: pd.DataFrame
    postes: pd.DataFrame
    attentes: dict
    transferts: dict
    calendrier: CalendrierUsine

    # --- données ------------------------------------------------------------------------------

    def ligne_of(self, of: str | None = None) -> pd.Series:
        return self.ofs.set_index("of").loc[of or self.p.of_etudie]

    def operations(self, of: str | None = None, *, attentes=None, transferts=None) -> list[jal.Operation]:
        ligne = self.ligne_of(of)
        return jal.operations_gamme(
            self.gammes,
            self.postes,
            ligne.article,
            attentes=self.attentes if attentes is None else attentes,
            transferts=self.transferts if transferts is None else transferts,
        )

    def resultat(self, of: str | None = None, *, calendrier=None, quantite=None, **options) -> jal.ResultatOF:
        ligne = self.ligne_of(of)
        return jal.jalonner_of(
            self.operations(of, **options),
            ligne.quantite if quantite is None else quantite,
            ligne.date_lancement,
            ligne.date_besoin,
            calendrier or self.calendrier,
            of=of or self.p.of_etudie,
            article=ligne.article,
        )

    def donnees_gamme(self) -> pd.DataFrame:
        """La gamme de l'OF étudié avec ce qu'il faut pour le jalonner (affichée dans le cahier)."""
        table = pd.DataFrame(
            [
                {
                    "phase": op.phase,
                    "poste": op.poste,
                    "temps_preparation_h": op.temps_preparation_h,
                    "temps_unitaire_h": op.temps_unitaire_h,
                    "heures_par_jour": op.heures_par_jour,
                    "attente_avant_jours": op.attente_jours,
                    "transfert_apres_jours": op.transfert_jours,
                }
                for op in self.operations()
            ]
        )
        return table.set_index("phase")

    # --- question 1 : durées ------------------------------------------------------------------

    def durees(self) -> dict[int, int]:
        q = self.ligne_of().quantite
        return {op.phase: op.duree_jours(q) for op in self.operations()}

    def erreurs_durees(self) -> dict[str, dict[int, float]]:
        q, ops = self.ligne_of().quantite, self.operations()
        erreurs = {
            "arrondissez au jour SUPÉRIEUR : un jour entamé est un jour occupé": {
                op.phase: max(0, math.floor(round(op.temps_h(q) / op.heures_par_jour, 9))) for op in ops
            },
            "durée non arrondie : une opération occupe des jours entiers": {
                op.phase: float(round(op.temps_h(q) / op.heures_par_jour, 4)) for op in ops
            },
            "régime d'équipes oublié : un poste en 2×8 travaille 15 h par jour, pas 7,5 h": {
                op.phase: jal.duree_jours(op.temps_h(q), 7.5) for op in ops
            },
            "le temps de préparation se compte une fois par lot, pas une fois par pièce": {
                op.phase: jal.duree_jours(q * (op.temps_preparation_h + op.temps_unitaire_h), op.heures_par_jour)
                for op in ops
            },
        }
        juste = self.durees()
        return {m: v for m, v in erreurs.items() if v != juste}

    # --- questions 2 et 3 : jalonnement -------------------------------------------------------

    def plus_tot(self) -> dict[int, tuple[str, str]]:
        return _textes(self.resultat().plus_tot.planning())

    def plus_tard(self) -> dict[int, tuple[str, str]]:
        return _textes(self.resultat().plus_tard.planning())

    def marge(self) -> int:
        return self.resultat().marge

    def _variantes(self) -> dict[str, jal.ResultatOF]:
        zero = dict.fromkeys(self.postes["code"], 0)
        return {
            "jours fériés et fermetures de l'usine oubliés (Ascension, pont, Pentecôte…)": self.resultat(
                calendrier=CalendrierUsine(avec_feries=False)
            ),
            "temps de transfert et d'attente (file) oubliés entre les opérations": self.resultat(
                attentes=zero, transferts=zero
            ),
            "temps d'attente (file) oubliés": self.resultat(attentes=zero),
            "temps de transfert oubliés": self.resultat(transferts=zero),
        }

    def _decalage_fin(self, sens: str) -> dict[int, tuple[str, str]]:
        """Erreur « fin = début + durée » : chaque opération dure un jour de trop."""
        ops = [replace(op, temps_preparation_h=op.temps_preparation_h + op.heures_par_jour) for op in self.operations()]
        ligne = self.ligne_of()
        if sens == "tot":
            r = jal.jalonner_au_plus_tot(ops, ligne.quantite, ligne.date_lancement, self.calendrier)
        else:
            r = jal.jalonner_au_plus_tard(ops, ligne.quantite, ligne.date_besoin, self.calendrier)
        return _textes(r.planning())

    def erreurs_plus_tot(self) -> dict[str, dict[int, tuple[str, str]]]:
        erreurs = {m: _textes(r.plus_tot.planning()) for m, r in self._variantes().items()}
        erreurs["fin = début + durée compte un jour de trop : une opération d'un jour finit le soir de son début"] = (
            self._decalage_fin("tot")
        )
        juste = self.plus_tot()
        return {m: v for m, v in erreurs.items() if v != juste}

    def erreurs_plus_tard(self) -> dict[str, dict[int, tuple[str, str]]]:
        erreurs = {m: _textes(r.plus_tard.planning()) for m, r in self._variantes().items()}
        erreurs["début = fin − durée compte un jour de trop : une opération d'un jour commence le matin de sa fin"] = (
            self._decalage_fin("tard")
        )
        juste = self.plus_tard()
        return {m: v for m, v in erreurs.items() if v != juste}

    def erreurs_marge(self) -> dict[str, int]:
        r = self.resultat()
        erreurs = {m: v.marge for m, v in self._variantes().items()}
        erreurs["marge comptée en jours calendaires : comptez les jours ouvrés"] = (
            r.date_besoin - r.fin_au_plus_tot
        ).days
        erreurs["vous avez compté le jour de fin au plus tôt dans la marge"] = r.marge + 1
        return {m: v for m, v in erreurs.items() if v != r.marge}

    # --- question 4 : plusieurs OF ------------------------------------------------------------

    def liste_of(self) -> list[str]:
        return list(self.ofs["of"])

    def marges(self) -> dict[str, int]:
        return {of: self.resultat(of).marge for of in self.liste_of()}

    def debuts_au_plus_tard(self) -> dict[str, str]:
        return {of: texte(self.resultat(of).debut_au_plus_tard) for of in self.liste_of()}

    def erreurs_marges(self) -> dict[str, dict[str, int]]:
        juste = self.marges()
        calendaires = {}
        for of in self.liste_of():
            r = self.resultat(of)
            calendaires[of] = (r.date_besoin - r.fin_au_plus_tot).days
        erreurs = {
            "marge comptée en jours calendaires : comptez les jours ouvrés": calendaires,
            "jours fériés et fermetures de l'usine oubliés": {
                of: self.resultat(of, calendrier=CalendrierUsine(avec_feries=False)).marge for of in self.liste_of()
            },
        }
        return {m: v for m, v in erreurs.items() if v != juste}

    def erreurs_debuts_au_plus_tard(self) -> dict[str, dict[str, str]]:
        juste = self.debuts_au_plus_tard()
        erreurs = {
            "jours fériés et fermetures de l'usine oubliés": {
                of: texte(self.resultat(of, calendrier=CalendrierUsine(avec_feries=False)).debut_au_plus_tard)
                for of in self.liste_of()
            },
            "vous avez donné la date de lancement prévue, pas le début au plus tard": {
                of: texte(self.ligne_of(of).date_lancement) for of in self.liste_of()
            },
        }
        return {m: v for m, v in erreurs.items() if v != juste}


def _textes(planning: dict[int, tuple[dt.date, dt.date]]) -> dict[int, tuple[str, str]]:
    return {phase: (texte(d), texte(f)) for phase, (d, f) in planning.items()}


# --- vérifications ----------------------------------------------------------------------------


def verifier_forme_planning(obtenu, *, phases, nom: str):
    """« nom » est un dictionnaire {phase: (date de début, date de fin)} avec toutes les phases."""
    from gpedu.correction import EcartReponse, verifier_forme_dict

    verifier_forme_dict(obtenu, cles=list(phases), nom=nom)
    for phase, valeur in obtenu.items():
        if not isinstance(valeur, (tuple, list)) or len(valeur) != 2:
            raise EcartReponse(
                f"« {nom} » : pour la phase {phase}, un couple (date de début, date de fin) est attendu."
            )
        for jour in valeur:
            try:
                _date(jour)
            except Exception:
                raise EcartReponse(
                    f"« {nom} » : phase {phase}, {jour!r} n'est pas une date ; écrivez date(2027, 5, 3)."
                ) from None


@examinee
def verifier_jalonnement(obtenu, attendu: dict, *, nom: str, erreurs_types: dict | None = None):
    """Compare un planning {phase: (début, fin)} date par date (dates écrites « jj/mm/aaaa » dans les messages)."""
    from gpedu.correction import EcartReponse, verifier_dict

    if not isinstance(obtenu, dict):
        raise EcartReponse(f"« {nom} » doit être un dictionnaire {{phase: (début, fin)}}.")

    def a_plat(planning):
        return {
            (int(phase) if str(phase).isdigit() else phase, moment): texte(jour)
            for phase, dates in planning.items()
            for moment, jour in zip(("début", "fin"), dates)
        }

    verifier_dict(
        a_plat(obtenu),
        a_plat(attendu),
        nom=nom,
        etiquette="Phase {0[0]}, {0[1]}",
        libelle="{}",
        erreurs_types={m: a_plat(v) for m, v in (erreurs_types or {}).items()},
    )


@examinee
def verifier_dates(obtenu, attendu: dict, *, nom: str, erreurs_types: dict | None = None):
    """Compare un dictionnaire {OF: date}."""
    from gpedu.correction import EcartReponse, verifier_dict

    if not isinstance(obtenu, dict):
        raise EcartReponse(f"« {nom} » doit être un dictionnaire {{OF: date}}.")
    verifier_dict(
        {k: texte(v) for k, v in obtenu.items()}, attendu, nom=nom, etiquette="{}", erreurs_types=erreurs_types
    )


def construire(parametres: ParametresJalonnement = ParametresJalonnement()) -> CasJalonnement:  # noqa: B008
    """Le cas du cahier, tiré des données de l'entreprise (OF de ``parametres`` s'ils sont donnés)."""
    postes_jal = entreprise.charger("jalonnement_postes").set_index("poste")
    if parametres.ofs is None:
        ofs = entreprise.charger("jalonnement_of")
    else:
        ofs = pd.DataFrame(list(parametres.ofs), columns=["of", "article", "quantite", "date_lancement", "date_besoin"])
    ofs["date_lancement"] = [_date(d) for d in ofs["date_lancement"]]
    ofs["date_besoin"] = [_date(d) for d in ofs["date_besoin"]]
    return CasJalonnement(
        p=parametres,
        ofs=ofs,
        gammes=entreprise.charger("gammes"),
        postes=entreprise.charger("postes_de_charge"),
        attentes={k: int(v) for k, v in postes_jal["attente_jours"].items()},
        transferts={k: int(v) for k, v in postes_jal["transfert_jours"].items()},
        calendrier=calendrier_vallet(),
    )


def exemple() -> jal.ResultatOF:
    """L'exemple résolu du cahier : l'OF-2702 du cas de base (60 PO30, du 3 au 12 mai 2027)."""
    return construire().resultat("OF-2702")


# --- variantes par apprenant --------------------------------------------------------------------

# jours de lancement possibles : les premiers jours ouvrés de mai 2027 (avant et après l'Ascension)
LANCEMENTS = ("2027-05-03", "2027-05-04", "2027-05-05", "2027-05-10", "2027-05-11", "2027-05-12")
# l'OF-2702 est celui de l'exemple résolu ; l'OF-2701 (quatre opérations) est tiré deux fois plus souvent
OF_ETUDIES = ("OF-2701", "OF-2701", "OF-2703", "OF-2704")
PREMIER_JOUR, DERNIER_JOUR = dt.date(2027, 4, 1), dt.date(2027, 7, 31)  # la liste « jours » du cahier


def tirer_parametres(alea: random.Random) -> ParametresJalonnement:
    """Paramètres d'un apprenant : quantités (±30 %, par 10), dates de lancement en mai et dates de besoin
    tirées pour qu'un seul OF soit en retard (1 à 3 jours ouvrés), les autres ayant 1 à 5 jours de marge."""
    base = construire()
    en_retard = alea.randrange(len(base.liste_of()))
    ofs = []
    for rang, of in enumerate(base.liste_of()):
        ligne = base.ligne_of(of)
        quantite = max(10, autour(alea, int(ligne.quantite), 0.3, 10))
        lancement = _date(alea.choice(LANCEMENTS))
        fin = jal.jalonner_au_plus_tot(base.operations(of), quantite, lancement, base.calendrier).fin
        marge = -alea.randint(1, 3) if rang == en_retard else alea.randint(1, 5)
        besoin = base.calendrier.ajouter_jours_ouvres(fin, marge)
        ofs.append((of, ligne.article, int(quantite), lancement.isoformat(), besoin.isoformat()))
    return dataclasses.replace(base.p, of_etudie=alea.choice(OF_ETUDIES), ofs=tuple(ofs))


def controler_cas(resultat: CasJalonnement) -> None:
    """Rejette (``exiger``) un cas insoluble, ambigu, ou dont une erreur type se confond avec la référence."""
    marges = resultat.marges()
    exiger(sum(m < 0 for m in marges.values()) == 1, "il faut exactement un OF en retard (analyse)")
    for of in resultat.liste_of():
        r = resultat.resultat(of)
        dates = [r.date_lancement, r.date_besoin, r.plus_tard.debut, r.plus_tot.fin]
        exiger(all(PREMIER_JOUR <= d <= DERNIER_JOUR for d in dates), "dates hors de la liste des jours ouvrés")
        exiger(
            resultat.calendrier.ecart_jours_ouvres(r.date_lancement, r.date_besoin) >= 2,
            "date de besoin trop proche du lancement (ou avant)",
        )
    paires = [
        (resultat.durees(), resultat.erreurs_durees()),
        (resultat.plus_tot(), resultat.erreurs_plus_tot()),
        (resultat.plus_tard(), resultat.erreurs_plus_tard()),
        (resultat.marge(), resultat.erreurs_marge()),
        (resultat.marges(), resultat.erreurs_marges()),
        (resultat.debuts_au_plus_tard(), resultat.erreurs_debuts_au_plus_tard()),
    ]
    for juste, erreurs in paires:
        exiger(bool(erreurs), "question sans erreur type distincte de la référence")
        exiger(all(faux != juste for faux in erreurs.values()), "erreur type confondue avec la référence")


@par_apprenant("05_jalonnement_et_gantt")
def cas(alea: random.Random) -> CasJalonnement:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un autre apprenant)."""
    resultat = construire(tirer_parametres(alea))
    controler_cas(resultat)
    return resultat


def tableau_operations(cas_jalonnement: CasJalonnement) -> pd.DataFrame:
    """Toutes les opérations de tous les OF (une ligne par OF et par phase), pour la question 4."""
    lignes = []
    for of in cas_jalonnement.liste_of():
        ligne = cas_jalonnement.ligne_of(of)
        for op in cas_jalonnement.operations(of):
            lignes.append(
                {
                    "of": of,
                    "article": ligne.article,
                    "quantite": ligne.quantite,
                    "phase": op.phase,
                    "poste": op.poste,
                    "temps_preparation_h": op.temps_preparation_h,
                    "temps_unitaire_h": op.temps_unitaire_h,
                    "heures_par_jour": op.heures_par_jour,
                    "attente_avant_jours": op.attente_jours,
                    "transfert_apres_jours": op.transfert_jours,
                }
            )
    return pd.DataFrame(lignes)
