"""Cas du cahier « Suivre la fabrication » (source/bdc2_lancement/05_suivi_de_fabrication).

Une semaine de l'îlot de soudage SOUD (robot n° 1) : calendrier, journal des arrêts, production
par OF (tables ``suivi_*`` de l'entreprise). Les références et les erreurs types de chaque question
sont calculées ici, à partir des paramètres ``ParametresSuivi``.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from dataclasses import dataclass

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import suivi, trs
from gpedu.calculs.trs import NIVEAUX, Cascade
from gpedu.variantes import autour, exiger, exiger_pistes_distinctes, par_apprenant


@dataclass(frozen=True)
class ParametresSuivi:
    """Ce qui définit le cas (une variante changera ces valeurs ou les tables)."""

    poste: str = "SOUD"
    jour_etudie: int = 2  # questions 1 et 2
    objectif_trs: float = 80.0  # en %
    jour_courant: int = 5  # fin de la semaine suivie
    table_calendrier: str = "suivi_calendrier"
    table_arrets: str = "suivi_arrets"
    table_production: str = "suivi_production"
    table_of: str = "suivi_of"
    # variantes (None : tables suivi_*)
    durees_arrets: tuple[int, ...] | None = None  # une durée par ligne du journal des arrêts
    production: tuple[tuple[int, int], ...] | None = None  # (produites, rebutées) par ligne de production
    quantites_of: tuple[tuple[str, int], ...] | None = None  # (OF, quantité prévue)


@dataclass(frozen=True)
class CasSuivi:
    parametres: ParametresSuivi
    calendrier: pd.DataFrame
    arrets: pd.DataFrame
    production: pd.DataFrame
    ordres: pd.DataFrame

    # --- données -----------------------------------------------------------------------------
    @property
    def jours(self) -> list[int]:
        return [int(j) for j in self.calendrier.jour]

    def libelle(self, jour: int) -> str:
        return str(self.calendrier.set_index("jour").at[jour, "libelle"])

    def arrets_du_jour(self, jour: int) -> pd.DataFrame:
        return self.arrets[self.arrets.jour == jour]

    def production_du_jour(self, jour: int) -> pd.DataFrame:
        return self.production[self.production.jour == jour]

    # --- cascade des temps ---------------------------------------------------------------------
    def cascade(self, jour: int) -> Cascade:
        return self._cascades[jour]

    @functools.cached_property
    def _cascades(self) -> dict[int, Cascade]:
        """Les cascades de chaque jour, calculées une fois (le cas ne change pas)."""
        return {j: self._calculer_cascade(j) for j in self.jours}

    def _calculer_cascade(self, jour: int) -> Cascade:
        cal = self.calendrier.set_index("jour").loc[jour]
        arrets = self.arrets_du_jour(jour)
        prod = self.production_du_jour(jour)
        return trs.cascade_production(
            temps_total=float(cal.temps_total_min),
            temps_ouverture=float(cal.temps_ouverture_min),
            arrets_programmes=float(arrets[arrets.type == "programmé"].duree_min.sum()),
            arrets_non_programmes=float(arrets[arrets.type == "non programmé"].duree_min.sum()),
            production=list(
                zip(
                    prod.temps_cycle_min.astype(float),
                    prod.pieces_produites.astype(int),
                    prod.pieces_rebutees.astype(int),
                )
            ),
        )

    def cascades(self) -> list[Cascade]:
        return [self.cascade(j) for j in self.jours]

    def semaine(self) -> Cascade:
        return trs.trs_global(self.cascades())

    # --- question 1 : cascade d'un jour ----------------------------------------------------------
    def temps_jour(self) -> dict[str, float]:
        return self.cascade(self.parametres.jour_etudie).temps()

    def erreurs_temps_jour(self) -> dict[str, dict[str, float]]:
        c = self.cascade(self.parametres.jour_etudie)
        t = c.temps()
        pertes = c.pertes()
        return {
            "les arrêts programmés (pauses, maintenance…) doivent être retirés du temps d'ouverture "
            "pour obtenir le temps requis": {
                **t,
                "requis": c.ouverture,
                "fonctionnement": c.ouverture - pertes["arrets_non_programmes"],
            },
            "le temps net se calcule avec toutes les pièces produites (rebuts compris), pas seulement les bonnes": {
                **t,
                "net": c.utile,
            },
            "le temps utile se calcule avec les seules pièces bonnes (rebuts exclus)": {**t, "utile": c.net},
            "le temps net n'est pas le temps de fonctionnement : il vaut pièces produites × temps de cycle "
            "(les écarts de cadence sont une perte)": {
                **t,
                "net": c.fonctionnement,
                "utile": c.fonctionnement - pertes["non_qualite"],
            },
        }

    # --- question 2 : taux d'un jour -------------------------------------------------------------
    def taux_jour(self) -> dict[str, float]:
        taux = self.cascade(self.parametres.jour_etudie).taux()
        return {k: taux[k] for k in ("disponibilite", "performance", "qualite", "trs")}

    def erreurs_taux_jour(self) -> dict[str, dict[str, float]]:
        c = self.cascade(self.parametres.jour_etudie)
        juste = self.taux_jour()
        return {
            "TRS calculé sur le temps d'ouverture : c'est le TRG ; le TRS se rapporte au temps requis": {
                **juste,
                "trs": trs.en_pourcent(c.trg),
            },
            "disponibilité rapportée au temps d'ouverture au lieu du temps requis": {
                **juste,
                "disponibilite": trs.en_pourcent(c.fonctionnement / c.ouverture),
            },
            "les taux sont demandés en %, arrondis à 0,1 près (81.2 et non 0.812)": {
                k: round(v / 100, 3) for k, v in juste.items()
            },
        }

    # --- question 3 : TRS de la semaine ----------------------------------------------------------
    def trs_par_jour(self) -> list[float]:
        return [trs.en_pourcent(c.trs) for c in self.cascades()]

    def indicateurs_semaine(self) -> dict[str, float]:
        s = self.semaine().taux()
        return {"trs": s["trs"], "trg": s["trg"], "tre": s["tre"]}

    def erreurs_trs_par_jour(self) -> dict[str, list[float]]:
        return {
            "TRS rapporté au temps d'ouverture (c'est le TRG)": [trs.en_pourcent(c.trg) for c in self.cascades()],
            "TRS rapporté au temps total (c'est le TRE)": [trs.en_pourcent(c.tre) for c in self.cascades()],
        }

    def erreurs_indicateurs_semaine(self) -> dict[str, dict[str, float]]:
        juste = self.indicateurs_semaine()
        moyennes = {
            "trs": round(sum(c.trs for c in self.cascades()) / len(self.jours) * 100, 1),
            "trg": round(sum(c.trg for c in self.cascades()) / len(self.jours) * 100, 1),
            "tre": round(sum(c.tre for c in self.cascades()) / len(self.jours) * 100, 1),
        }
        return {
            "vous avez fait la moyenne des taux journaliers ; le taux de la semaine = somme des temps utiles / "
            "somme des temps requis (ou d'ouverture, ou total)": moyennes,
            "TRG et TRE inversés": {**juste, "trg": juste["tre"], "tre": juste["trg"]},
        }

    # --- question 4 : avancement des OF ------------------------------------------------------------
    def ordres_suivis(self) -> list[suivi.OrdreSuivi]:
        return [
            suivi.OrdreSuivi(r.of, r.article, int(r.quantite), int(r.jour_debut_prevu), int(r.jour_fin_prevu))
            for r in self.ordres.itertuples(index=False)
        ]

    def avancement(self) -> list[suivi.Avancement]:
        return self._avancement

    @functools.cached_property
    def _avancement(self) -> list[suivi.Avancement]:
        return suivi.avancement(self.ordres_suivis(), self.production.to_dict("records"), self.parametres.jour_courant)

    def realise_of(self) -> dict[str, int]:
        return {a.of: a.realise for a in self.avancement()}

    def ecart_of(self) -> dict[str, int]:
        return {a.of: a.ecart for a in self.avancement()}

    def of_en_retard(self) -> list[str]:
        return sorted(a.of for a in self.avancement() if a.en_retard)

    def erreurs_realise_of(self) -> dict[str, dict[str, int]]:
        produites = self.production.groupby("of").pieces_produites.sum()
        return {
            "les pièces rebutées ne comptent pas : l'avancement se suit en pièces bonnes": {
                o: int(produites.get(o, 0)) for o in self.ordres.of
            }
        }

    def erreurs_ecart_of(self) -> dict[str, dict[str, int]]:
        return {
            "écart pris dans l'autre sens : écart = réalisé − prévu (négatif s'il manque des pièces)": {
                o: -e for o, e in self.ecart_of().items()
            },
            "les pièces rebutées ne comptent pas : l'écart se calcule en pièces bonnes": {
                o: q - int(self.ordres.set_index("of").at[o, "quantite"])
                for o, q in self.erreurs_realise_of()[
                    "les pièces rebutées ne comptent pas : l'avancement se suit en pièces bonnes"
                ].items()
            },
        }

    def erreurs_of_en_retard(self) -> dict[str, list[str]]:
        avancement = self.avancement()
        non_termines = sorted(a.of for a in avancement if a.realise < a.quantite)
        pas_finis = sorted(a.of for a in avancement if a.en_retard and a.jour_fin_reel is None)
        erreurs = {}
        if non_termines != self.of_en_retard():
            erreurs["un OF non terminé n'est pas en retard si sa date de fin prévue n'est pas encore passée"] = (
                non_termines
            )
        if pas_finis != self.of_en_retard():
            erreurs["un OF terminé après sa date de fin prévue a bien été en retard : comptez-le"] = pas_finis
        return erreurs

    # --- question 5 : journal d'incidents ----------------------------------------------------------
    def duree_par_cause(self) -> dict[str, int]:
        return suivi.durees_par_cause(self.arrets.to_dict("records"))

    def cause_prioritaire(self) -> str:
        return next(iter(self.duree_par_cause()))

    def erreurs_duree_par_cause(self) -> dict[str, dict[str, int]]:
        return {
            "vous avez compté les arrêts au lieu d'additionner leurs durées": suivi.nombres_par_cause(
                self.arrets.to_dict("records")
            )
        }

    def erreurs_cause_prioritaire(self) -> dict[str, str]:
        tous = suivi.durees_par_cause(self.arrets.to_dict("records"), type_arret=None)
        nombres = suivi.nombres_par_cause(self.arrets.to_dict("records"))
        erreurs = {}
        if next(iter(tous)) != self.cause_prioritaire():
            erreurs[
                "les arrêts programmés (pauses…) ne sont pas des incidents : ne gardez que les arrêts non programmés"
            ] = next(iter(tous))
        if next(iter(nombres)) != self.cause_prioritaire():
            erreurs["la cause prioritaire est celle qui fait perdre le plus de temps, pas la plus fréquente"] = next(
                iter(nombres)
            )
        return erreurs


def construire(parametres: ParametresSuivi = ParametresSuivi()) -> CasSuivi:
    """Le cas du cahier : tables suivi_* de l'entreprise, puis les valeurs tirées pour l'apprenant."""
    p = parametres
    arrets = entreprise.charger(p.table_arrets)
    production = entreprise.charger(p.table_production)
    ordres = entreprise.charger(p.table_of)
    ordres = ordres[ordres.poste == p.poste].reset_index(drop=True)
    if p.durees_arrets is not None:
        arrets = arrets.assign(duree_min=list(p.durees_arrets))
    if p.production is not None:
        production = production.assign(
            pieces_produites=[q for q, _ in p.production], pieces_rebutees=[r for _, r in p.production]
        )
    if p.quantites_of is not None:
        quantites = dict(p.quantites_of)
        ordres = ordres.assign(quantite=[int(quantites.get(o, q)) for o, q in zip(ordres.of, ordres.quantite)])
    return CasSuivi(p, entreprise.charger(p.table_calendrier), arrets, production, ordres)


def charger_cas(parametres: ParametresSuivi) -> CasSuivi:
    """Ancien nom de ``construire`` (gardé pour les outils existants)."""
    return construire(parametres)


@functools.cache
def _base() -> CasSuivi:
    return construire()


def _bonnes_cumulees(production: pd.DataFrame, of: str, jour: int) -> int:
    lignes = production[(production.of == of) & (production.jour <= jour)]
    return int((lignes.pieces_produites - lignes.pieces_rebutees).sum())


def tirer_parametres(alea: random.Random) -> ParametresSuivi:
    """Paramètres d'un apprenant : durées des arrêts, pièces produites et rebutées, quantités des OF, jour étudié."""
    base = _base()
    p = base.parametres
    durees = tuple(
        int(d) if cause == "Pause" else max(5, autour(alea, d, 0.4, 5))
        for cause, d in zip(base.arrets.cause, base.arrets.duree_min)
    )
    arrets = base.arrets.assign(duree_min=list(durees))
    ouverture = dict(zip(base.calendrier.jour, base.calendrier.temps_ouverture_min))
    production = []
    for jour in base.jours:  # performance du jour entre 80 et 98 %
        lignes = base.production_du_jour(jour)
        fonctionnement = ouverture[jour] - arrets[arrets.jour == jour].duree_min.sum()
        for _ in range(200):
            tirage = [
                (q := max(1, autour(alea, ligne.pieces_produites, 0.25, 1)), min(q - 1, alea.randint(0, 3)))
                if ligne.pieces_produites >= 5
                else (ligne.pieces_produites, 0)
                for ligne in lignes.itertuples()
            ]
            net = sum(q * cycle for (q, _), cycle in zip(tirage, lignes.temps_cycle_min))
            if 0.8 * fonctionnement <= net <= 0.98 * fonctionnement:
                break
        production.extend(tirage)
    prod = construire(dataclasses.replace(p, production=tuple(production))).production
    fin = dict(zip(base.ordres.of, base.ordres.jour_fin_prevu))
    quantites = {}
    for of in base.ordres.of:
        a_la_fin = _bonnes_cumulees(prod, of, fin[of])
        total = _bonnes_cumulees(prod, of, p.jour_courant)
        if fin[of] > p.jour_courant:  # pas encore dû
            quantites[of] = max(total + 5, autour(alea, int(base.ordres.set_index("of").at[of, "quantite"]), 0.2, 5))
        elif alea.random() < 0.5 and a_la_fin > 0:  # à l'heure (réalisé ≥ prévu à la fin prévue)
            quantites[of] = a_la_fin - alea.randint(0, min(2, a_la_fin - 1))
        elif total > a_la_fin and alea.random() < 0.6:  # terminé, mais après la date prévue
            quantites[of] = alea.randint(a_la_fin + 1, total)
        else:  # en retard et pas terminé
            quantites[of] = total + alea.randint(3, 15)
    return dataclasses.replace(
        p,
        jour_etudie=alea.choice([1, 2, 3, 4]),
        objectif_trs=float(alea.choice([75, 78, 80, 82, 85])),
        durees_arrets=durees,
        production=tuple(production),
        quantites_of=tuple(quantites.items()),
    )


def paires_erreurs(c: CasSuivi) -> list[tuple[object, dict]]:
    """Chaque référence avec ses erreurs types (pour vérifier qu'elles diffèrent)."""
    return [
        (c.temps_jour(), c.erreurs_temps_jour()),
        (c.taux_jour(), c.erreurs_taux_jour()),
        (c.trs_par_jour(), c.erreurs_trs_par_jour()),
        (c.indicateurs_semaine(), c.erreurs_indicateurs_semaine()),
        (c.realise_of(), c.erreurs_realise_of()),
        (c.ecart_of(), c.erreurs_ecart_of()),
        (c.of_en_retard(), c.erreurs_of_en_retard()),
        (c.duree_par_cause(), c.erreurs_duree_par_cause()),
        (c.cause_prioritaire(), c.erreurs_cause_prioritaire()),
    ]


def conditions(c: CasSuivi) -> None:
    """Rejette un cas insoluble, ambigu, ou dont une erreur type donnerait la bonne réponse."""
    for cascade in c.cascades():
        exiger(cascade.utile < cascade.net <= cascade.fonctionnement < cascade.requis, "cascade dégénérée")
        exiger(cascade.net >= 0.7 * cascade.fonctionnement, "performance irréaliste")
    durees = list(c.duree_par_cause().values())
    exiger(len(durees) < 2 or durees[0] > durees[1], "deux causes ex æquo en tête")
    exiger(c.of_en_retard() != [], "aucun OF en retard")
    exiger(all(a.realise > 0 for a in c.avancement()), "OF sans pièce bonne")
    paires = paires_erreurs(c)
    exiger(all(erreurs for _, erreurs in paires), "question sans piste d'erreur type")
    exiger_pistes_distinctes(paires)
    # erreurs de taux : hors de la tolérance de 0,1 point
    juste = c.taux_jour()
    for valeurs in c.erreurs_taux_jour().values():
        exiger(any(abs(valeurs[k] - juste[k]) > 0.15 for k in juste), "erreur de taux dans la tolérance")
    semaine = c.indicateurs_semaine()
    moyennes = next(iter(c.erreurs_indicateurs_semaine().values()))
    exiger(abs(moyennes["trs"] - semaine["trs"]) > 0.15, "moyenne des TRS égale au TRS de la semaine")
    for valeurs in c.erreurs_trs_par_jour().values():
        exiger(any(abs(a - b) > 0.15 for a, b in zip(valeurs, c.trs_par_jour())), "erreur de TRS dans la tolérance")


@par_apprenant("05_suivi_de_fabrication")
def cas(alea: random.Random) -> CasSuivi:
    """Le cas de l'apprenant courant (``cas()``) ou d'un apprenant donné (``cas("alice.martin")``)."""
    resultat = construire(tirer_parametres(alea))
    conditions(resultat)
    return resultat


__all__ = ["NIVEAUX", "CasSuivi", "ParametresSuivi", "cas", "charger_cas", "construire"]
