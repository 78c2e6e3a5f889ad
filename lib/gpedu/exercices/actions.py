"""Cas du cahier « Construire et suivre un plan d'actions » (source/amelioration/05_plan_d_actions)."""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import actions as ac
from gpedu.correction import EcartReponse, examinee
from gpedu.variantes import autour, exiger, par_apprenant

LETTRES = "abcdefgh"


@dataclass(frozen=True)
class ParametresActions:
    """Les données du cahier (une variante = un autre jeu de paramètres)."""

    idees: tuple[tuple[str, str, int, int], ...]  # (code, action, impact, effort)
    equipe: tuple[str, ...]
    suivi: tuple[tuple[str, str, str, str, int], ...]  # (code, action, pilote, échéance, avancement)
    amdec: tuple[tuple[str, str, str, int, int, int], ...]  # (mode, élément, défaillance, G, O, D)
    smed: tuple[tuple[str, float, str, bool], ...]  # (opération, durée min, type, convertible)
    debut_plan: str
    fin_plan: str
    semaines_gains_rapides: int
    actions_max_par_pilote: int
    date_suivi: str
    seuil_criticite: int
    taux_horaire: float
    changements_par_an: int
    investissement: float
    seuil_impact: int = 3
    seuil_effort: int = 3
    graine_melange: int = 5


@dataclass(frozen=True)
class CasActions:
    parametres: ParametresActions

    # --- 1. méthodes ---
    def etapes_melangees(self, methode: str) -> dict[str, str]:
        """{lettre: étape} dans un ordre mélangé (toujours le même pour une graine donnée)."""
        etapes = list(ac.ETAPES[methode])
        melange = etapes[:]
        random.Random(f"{self.parametres.graine_melange}-{methode}").shuffle(melange)
        if melange == etapes:
            melange.reverse()
        return {LETTRES[i]: e for i, e in enumerate(melange)}

    def ordre(self, methode: str) -> list[str]:
        lettre_de = {e: lettre for lettre, e in self.etapes_melangees(methode).items()}
        return [lettre_de[e] for e in ac.ETAPES[methode]]

    def erreurs_ordre(self, methode: str) -> dict[str, list[str]]:
        bon = self.ordre(methode)
        erreurs = {"ordre inversé : la méthode commence par l'étape que vous avez mise en dernier": bon[::-1]}
        echanges = {
            "PDCA": (2, 3, "on vérifie les résultats (Check) avant d'agir pour standardiser (Act)"),
            "DMAIC": (1, 2, "on mesure la situation avant d'analyser les causes"),
            "8D": (2, 3, "le confinement (protéger le client) se fait tout de suite, avant la recherche des causes"),
        }
        i, j, piste = echanges[methode]
        faux = bon[:]
        faux[i], faux[j] = faux[j], faux[i]
        erreurs[piste] = faux
        return _distinctes(erreurs, bon)

    # --- 2. matrice impact / effort ---
    def tableau_idees(self) -> pd.DataFrame:
        return pd.DataFrame(self.parametres.idees, columns=["code", "action", "impact", "effort"]).set_index("code")

    @property
    def notes(self) -> dict[str, tuple[int, int]]:
        return {code: (impact, effort) for code, _, impact, effort in self.parametres.idees}

    def quadrants(self, seuil_impact=None, seuil_effort=None) -> dict[str, str]:
        si = self.parametres.seuil_impact if seuil_impact is None else seuil_impact
        se = self.parametres.seuil_effort if seuil_effort is None else seuil_effort
        return {c: ac.quadrant(i, e, si, se) for c, (i, e) in self.notes.items()}

    def priorites(self) -> list[str]:
        return ac.prioriser(self.notes, self.parametres.seuil_impact, self.parametres.seuil_effort)

    def erreurs_quadrants(self) -> dict[str, dict[str, str]]:
        si, se = self.parametres.seuil_impact, self.parametres.seuil_effort
        inverses = {c: ac.quadrant(e, i, si, se) for c, (i, e) in self.notes.items()}
        return _distinctes(
            {
                "impact et effort inversés : l'impact est la première note, l'effort la seconde": inverses,
                "seuil appliqué avec « > » au lieu de « ≥ » : une note égale au seuil est élevée": self.quadrants(
                    si + 0.5, se + 0.5
                ),
            },
            self.quadrants(),
        )

    def erreurs_priorites(self) -> dict[str, list[str]]:
        par_impact = sorted(self.notes, key=lambda c: (-self.notes[c][0], self.notes[c][1], c))
        rangs = {q: r for r, q in enumerate(ac.QUADRANTS)}
        sans_departage = sorted(self.notes, key=lambda c: (rangs[self.quadrants()[c]], c))
        return _distinctes(
            {
                "classement par impact seul : l'effort compte aussi (quadrants d'abord)": par_impact,
                "dans un quadrant, départagez par impact décroissant puis effort croissant": sans_departage,
            },
            self.priorites(),
        )

    # --- 3. affectation ---
    def actions_retenues(self) -> list[str]:
        return [c for c in self.priorites() if self.quadrants()[c] != ac.A_EVITER]

    def gains_rapides(self) -> list[str]:
        return [c for c in self.priorites() if self.quadrants()[c] == ac.GAINS_RAPIDES]

    def limite_gains_rapides(self) -> str:
        debut = date.fromisoformat(self.parametres.debut_plan)
        return (debut + timedelta(weeks=self.parametres.semaines_gains_rapides)).isoformat()

    def ecarts_plan(self, plan) -> list[str]:
        p = self.parametres
        try:
            return ac.ecarts_affectation(
                plan,
                self.actions_retenues(),
                p.equipe,
                p.debut_plan,
                p.fin_plan,
                limite_prioritaires=self.limite_gains_rapides(),
                prioritaires=self.gains_rapides(),
                max_par_pilote=p.actions_max_par_pilote,
            )
        except Exception as erreur:  # réponse d'une forme imprévue
            return [f"réponse illisible ({erreur})"]

    # --- 4. suivi ---
    def tableau_suivi(self) -> pd.DataFrame:
        colonnes = ["code", "action", "pilote", "echeance", "avancement"]
        return pd.DataFrame(self.parametres.suivi, columns=colonnes).set_index("code")

    def _plan_suivi(self) -> list[dict]:
        return [dict(code=c, pilote=p, echeance=e, avancement=a) for c, _, p, e, a in self.parametres.suivi]

    def en_retard(self) -> list[str]:
        return ac.en_retard(self._plan_suivi(), self.parametres.date_suivi)

    def avancement(self) -> float:
        return round(ac.avancement_global(self._plan_suivi()), 1)

    def erreurs_retard(self) -> dict[str, list[str]]:
        jour = date.fromisoformat(self.parametres.date_suivi)
        plan = self._plan_suivi()
        au_sens_large = [a["code"] for a in plan if date.fromisoformat(a["echeance"]) <= jour and a["avancement"] < 100]
        echues = [a["code"] for a in plan if date.fromisoformat(a["echeance"]) < jour]
        non_finies = [a["code"] for a in plan if a["avancement"] < 100]
        return _distinctes(
            {
                "une action dont l'échéance est aujourd'hui n'est pas encore en retard": au_sens_large,
                "une action terminée (100 %) n'est pas en retard, même si son échéance est passée": echues,
                "une action non terminée dont l'échéance n'est pas passée n'est pas en retard": non_finies,
            },
            self.en_retard(),
        )

    def erreurs_avancement(self) -> dict[str, float]:
        plan = self._plan_suivi()
        echues = [a for a in plan if date.fromisoformat(a["echeance"]) < date.fromisoformat(self.parametres.date_suivi)]
        terminees = 100 * sum(a["avancement"] == 100 for a in plan) / len(plan)
        return _distinctes(
            {
                "c'est la moyenne des avancements de toutes les actions, pas seulement des actions échues": round(
                    ac.avancement_global(echues), 1
                ),
                "c'est la moyenne des avancements, pas la part des actions terminées": round(terminees, 1),
            },
            self.avancement(),
        )

    # --- 5. SMED et gains ---
    def tableau_smed(self) -> pd.DataFrame:
        lignes = [(op, d, t, "oui" if c else "non") for op, d, t, c in self.parametres.smed]
        tableau = pd.DataFrame(lignes, columns=["operation", "duree_min", "type", "convertible"])
        tableau.index = pd.RangeIndex(1, len(lignes) + 1, name="ordre")
        return tableau

    def _operations(self) -> list[dict]:
        return [dict(duree_min=d, type=t, convertible=c) for _, d, t, c in self.parametres.smed]

    def temps_smed(self, etape: str) -> float:
        return ac.temps_changement(self._operations(), etape)

    def gains(self) -> dict[str, float]:
        p = self.parametres
        gain = round(
            ac.gain_changements(
                self.temps_smed("actuel") - self.temps_smed("conversion"), p.changements_par_an, p.taux_horaire
            )
        )
        return {
            "gain_annuel": gain,
            "payback": ac.payback_mois(p.investissement, gain),
            "roi": round(100 * ac.roi(p.investissement, gain), 1),
        }

    def erreurs_smed(self) -> dict[str, dict[str, float]]:
        p = self.parametres
        total = self.temps_smed("actuel")
        convertibles_seules = sum(d for _, d, t, c in p.smed if not c)
        ref = self.gains()
        gain_separation = round(
            ac.gain_changements(total - self.temps_smed("separation"), p.changements_par_an, p.taux_horaire)
        )
        mensuel = ref["gain_annuel"] / 12
        return {
            "separation": _distinctes(
                {"les opérations externes se font machine en marche : retirez-les du temps": total},
                self.temps_smed("separation"),
            ),
            "conversion": _distinctes(
                {
                    "après conversion, les opérations externes restent hors du temps de changement": (
                        convertibles_seules
                    ),
                    "seules les opérations internes convertibles sortent à l'étape 2": self.temps_smed("separation"),
                },
                self.temps_smed("conversion"),
            ),
            "gain_annuel": _distinctes(
                {
                    "gain calculé avec la seule séparation : comptez aussi la conversion": gain_separation,
                    "gain en minutes non converti en heures (÷ 60)": round(
                        (total - self.temps_smed("conversion")) * p.changements_par_an * p.taux_horaire
                    ),
                },
                ref["gain_annuel"],
            ),
            "payback": _distinctes(
                {
                    "délai arrondi au plus proche : il faut arrondir au mois supérieur": round(
                        p.investissement / mensuel
                    ),
                    "délai non arrondi : donnez un nombre entier de mois, arrondi au-dessus": p.investissement
                    / mensuel,
                },
                ref["payback"],
            ),
            "roi": _distinctes(
                {
                    "ROI = (gain − investissement) / investissement : vous avez oublié de retirer l'investissement": (
                        round(100 * ref["gain_annuel"] / p.investissement, 1)
                    ),
                    "ROI donné entre 0 et 1 : il est demandé en %": round(ref["roi"] / 100, 3),
                },
                ref["roi"],
            ),
        }

    # --- 6. AMDEC ---
    def tableau_amdec(self) -> pd.DataFrame:
        colonnes = ["mode", "element", "defaillance", "gravite", "occurrence", "detection"]
        return pd.DataFrame(self.parametres.amdec, columns=colonnes).set_index("mode")

    def criticites(self) -> dict[str, int]:
        return {m: ac.criticite(g, o, d) for m, _, _, g, o, d in self.parametres.amdec}

    def modes_a_traiter(self, seuil: int | None = None) -> list[str]:
        return ac.modes_a_traiter(self.criticites(), self.parametres.seuil_criticite if seuil is None else seuil)

    def erreurs_criticites(self) -> dict[str, dict[str, int]]:
        return _distinctes(
            {
                "criticité = G × O × D (produit), pas la somme": {
                    m: g + o + d for m, _, _, g, o, d in self.parametres.amdec
                },
                "la détection a été oubliée : C = G × O × D": {m: g * o for m, _, _, g, o, d in self.parametres.amdec},
            },
            self.criticites(),
        )

    def erreurs_modes(self) -> dict[str, list[str]]:
        c, seuil = self.criticites(), self.parametres.seuil_criticite
        return _distinctes(
            {
                "seuil appliqué avec « > » : une criticité égale au seuil doit être traitée": [
                    m for m in self.modes_a_traiter() if c[m] > seuil
                ],
                "classez les modes du plus critique au moins critique": sorted(m for m in c if c[m] >= seuil),
                "tri sur la gravité seule : c'est la criticité C qui classe": sorted(
                    (m for m in c if c[m] >= seuil), key=lambda m: -self._gravite(m)
                ),
            },
            self.modes_a_traiter(),
        )

    def _gravite(self, mode: str) -> int:
        return next(g for m, _, _, g, _, _ in self.parametres.amdec if m == mode)


def _distinctes(erreurs: dict, reference) -> dict:
    """Les erreurs types dont la valeur diffère de la référence."""
    return {piste: valeur for piste, valeur in erreurs.items() if valeur != reference}


# --- vérifications appelées par les cellules de test -----------------------------------------------


def verifier_forme_plan(plan, *, nom: str = "plan"):
    """« plan » est un dictionnaire {action: (pilote, "AAAA-MM-JJ")}."""
    if not isinstance(plan, dict):
        raise EcartReponse(
            f'« {nom} » doit être un dictionnaire, par exemple {{"A1": ("Karim Benali", "2027-01-22")}}.'
        )
    for code, valeur in plan.items():
        if isinstance(valeur, str) or not isinstance(valeur, (tuple, list)) or len(valeur) != 2:
            raise EcartReponse(f"« {nom} » : pour « {code} », un couple (pilote, date) est attendu.")
        if not isinstance(valeur[1], str):
            raise EcartReponse(f'« {nom} » : pour « {code} », la date s\'écrit entre guillemets : "AAAA-MM-JJ".')


@examinee
def verifier_plan(plan, cas_: CasActions, *, nom: str = "plan"):
    """Affectation valable : contraintes du plan (pilote, horizon, gains rapides, charge des pilotes)."""
    verifier_forme_plan(plan, nom=nom)
    ecarts = cas_.ecarts_plan(plan)
    if ecarts:
        message = "Plan non valable : " + " ; ".join(ecarts[:3])
        if len(ecarts) > 3:
            message += f" ; … et {len(ecarts) - 3} autre(s) problème(s)"
        message += "."
        a_eviter = [c for c in plan if cas_.quadrants().get(c) == ac.A_EVITER]
        if a_eviter:
            message += " Piste : les actions du quadrant « À éviter » ne sont pas retenues dans le plan."
        raise EcartReponse(message)


# --- le cas -------------------------------------------------------------------------------------


def _booleen(valeur) -> bool:
    return str(valeur).strip().lower() in ("oui", "vrai", "true", "1")


def parametres_entreprise() -> ParametresActions:
    """Les paramètres du cas, lus dans les tables de l'entreprise."""
    reglages = entreprise.charger("actions_parametres").set_index("parametre")["valeur"].astype(str).to_dict()
    idees = entreprise.charger("actions_idees")
    suivi = entreprise.charger("actions_suivi")
    amdec = entreprise.charger("actions_amdec")
    smed = entreprise.charger("actions_smed").sort_values("ordre")
    postes = entreprise.charger("postes_de_charge").set_index("code")
    return ParametresActions(
        idees=tuple((r.code, r.action, int(r.impact), int(r.effort)) for r in idees.itertuples()),
        equipe=tuple(entreprise.charger("actions_equipe")["nom"]),
        suivi=tuple((r.code, r.action, r.pilote, r.echeance, int(r.avancement)) for r in suivi.itertuples()),
        amdec=tuple(
            (r.mode, r.element, r.defaillance, int(r.gravite), int(r.occurrence), int(r.detection))
            for r in amdec.itertuples()
        ),
        smed=tuple((r.operation, float(r.duree_min), r.type, _booleen(r.convertible)) for r in smed.itertuples()),
        debut_plan=reglages["debut_plan"],
        fin_plan=reglages["fin_plan"],
        semaines_gains_rapides=int(reglages["semaines_gains_rapides"]),
        actions_max_par_pilote=int(reglages["actions_max_par_pilote"]),
        date_suivi=reglages["date_suivi"],
        seuil_criticite=int(reglages["seuil_criticite"]),
        taux_horaire=float(postes.at[reglages["poste_smed"], "taux_horaire_eur"]),
        changements_par_an=int(reglages["changements_par_semaine"]) * int(reglages["semaines_par_an"]),
        investissement=float(reglages["investissement_smed_eur"]),
        seuil_impact=int(reglages["seuil_impact"]),
        seuil_effort=int(reglages["seuil_effort"]),
    )


def construire(parametres: ParametresActions | None = None) -> CasActions:
    """Le cas construit à partir de ``parametres`` (par défaut : les données publiées de l'entreprise)."""
    return CasActions(parametres or _base())


@functools.cache
def _base() -> ParametresActions:
    return parametres_entreprise()


def _decaler(jour: str, jours: int) -> str:
    return (date.fromisoformat(jour) + timedelta(days=jours)).isoformat()


def _note(alea: random.Random, valeur: int, haut: int) -> int:
    """Une note voisine (± 1) de la note de base, dans [1, haut]."""
    return min(haut, max(1, valeur + alea.choice((-1, 0, 0, 1))))


def tirer_parametres(alea: random.Random) -> ParametresActions:
    """Paramètres d'un apprenant : notes, avancements, échéances, durées SMED, coûts et notes AMDEC.

    Les textes (actions, équipe, modes de défaillance, opérations) restent ceux de l'entreprise.
    """
    base = _base()
    idees = tuple((c, a, _note(alea, i, 5), _note(alea, e, 5)) for c, a, i, e in base.idees)
    suivi = tuple(
        (
            c,
            a,
            pilote,
            _decaler(echeance, 7 * alea.choice((-1, 0, 0, 1))),
            100 if avancement == 100 and alea.random() < 0.7 else min(100, max(0, autour(alea, avancement, 0.5, 10))),
        )
        for c, a, pilote, echeance, avancement in base.suivi
    )
    amdec = tuple(
        (m, el, df, _note(alea, g, 10), _note(alea, o, 10), _note(alea, d, 10)) for m, el, df, g, o, d in base.amdec
    )
    smed = tuple((op, float(max(2, autour(alea, d, 0.3, 1))), t, c) for op, d, t, c in base.smed)
    return dataclasses.replace(
        base,
        idees=idees,
        suivi=suivi,
        amdec=amdec,
        smed=smed,
        semaines_gains_rapides=alea.randint(3, 6),
        seuil_criticite=int(autour(alea, base.seuil_criticite, 0.2, 10)),
        taux_horaire=float(autour(alea, base.taux_horaire, 0.15, 1)),
        changements_par_an=alea.randint(3, 6) * 46,
        investissement=float(autour(alea, base.investissement, 0.35, 100)),
        graine_melange=alea.randint(0, 10**6),
    )


def verifier_variante(c: CasActions) -> None:
    """Rejette (``exiger``) un cas insoluble, ambigu ou dont une erreur type se confond avec la référence."""
    p = c.parametres
    # Q1 : chaque démarche a des pistes distinctes
    for methode in ("PDCA", "DMAIC", "8D"):
        exiger(len(c.erreurs_ordre(methode)) == 2, f"pistes confondues pour {methode}")
    # Q2 : chaque quadrant est représenté (au moins un gain rapide et une action « À éviter »)
    quadrants = c.quadrants()
    exiger(set(quadrants.values()) == set(ac.QUADRANTS), "un quadrant est vide")
    exiger(bool(c.erreurs_quadrants()) and bool(c.erreurs_priorites()), "pistes de la matrice confondues")
    # Q3 : le plan est faisable (assez de pilotes)
    exiger(len(c.actions_retenues()) <= len(p.equipe) * p.actions_max_par_pilote, "trop d'actions retenues")
    # Q4 : au moins une action en retard, une action à l'heure ; chaque piste distincte
    retards = c.en_retard()
    exiger(1 <= len(retards) < len(p.suivi), "aucune action en retard ou toutes en retard")
    exiger(len(c.erreurs_retard()) == 3, "pistes du suivi confondues avec la référence")
    exiger(bool(c.erreurs_avancement()), "aucune piste distincte pour l'avancement")
    exiger(all(abs(v - c.avancement()) > 0.06 for v in c.erreurs_avancement().values()), "piste trop proche")
    # Q5 : SMED réaliste, gain positif, payback raisonnable et non entier
    actuel, separation, conversion = (c.temps_smed(e) for e in ("actuel", "separation", "conversion"))
    exiger(actuel > separation > conversion > 0, "étapes du SMED sans effet")
    gains = c.gains()
    exiger(gains["gain_annuel"] > 0, "aucun gain")
    mois = p.investissement / (gains["gain_annuel"] / 12)
    exiger(3 <= mois <= 18, "délai de récupération irréaliste")
    exiger(0.05 <= mois - math.floor(mois) <= 0.95, "délai de récupération presque entier")
    erreurs = c.erreurs_smed()
    tolerances = {"separation": 0, "conversion": 0, "gain_annuel": 1, "payback": 0, "roi": 0.06}
    references = {"separation": separation, "conversion": conversion, **gains}
    for champ, tolerance in tolerances.items():
        exiger(bool(erreurs[champ]), f"aucune piste distincte pour {champ}")
        exiger(all(abs(v - references[champ]) > tolerance for v in erreurs[champ].values()), f"{champ} : piste proche")
    # Q6 : deux à quatre modes à traiter ; pistes distinctes
    exiger(2 <= len(c.modes_a_traiter()) <= 4, "nombre de modes à traiter irréaliste")
    exiger(len(c.erreurs_criticites()) == 2 and bool(c.erreurs_modes()), "pistes de l'AMDEC confondues")


@par_apprenant("05_plan_d_actions")
def cas(alea: random.Random) -> CasActions:
    """Le cas de l'apprenant courant (``cas("prenom.nom")`` : celui d'un apprenant donné)."""
    resultat = construire(tirer_parametres(alea))
    verifier_variante(resultat)
    return resultat
