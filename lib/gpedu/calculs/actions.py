"""Plan d'actions d'amélioration : méthodes (PDCA, DMAIC, 8D), matrice impact/effort, suivi, gains, AMDEC, SMED.

Conventions de gpedu (voir ``docs/conventions.md``, section « Plan d'actions ») :

- matrice impact/effort : notes de 1 à 5 ; impact **élevé** si impact ≥ seuil d'impact (3), effort **élevé** si
  effort ≥ seuil d'effort (3) ; ordre de priorité des quadrants : gains rapides, projets, petites améliorations,
  à éviter ; dans un quadrant : impact décroissant, puis effort croissant, puis code ;
- suivi : une action est **en retard** à la date D si son échéance est **strictement avant** D et son avancement
  < 100 % ; avancement global = moyenne simple des avancements (%) ;
- gains : gain mensuel = gain annuel / 12 ; délai de récupération (payback) = ⌈investissement / gain mensuel⌉ en
  **mois entiers, arrondi au-dessus** ; ROI sur un an = (gain annuel − investissement) / investissement ;
- AMDEC : criticité C = G × O × D (notes de 1 à 10) ; action obligatoire si **C ≥ seuil** ;
- SMED : temps de changement = somme des opérations **internes** (machine arrêtée) ; aujourd'hui tout est fait
  machine arrêtée ; étape 1 (séparer) : les opérations externes sortent du temps ; étape 2 (convertir) : les
  opérations internes convertibles deviennent externes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from gpedu.calculs import DonneesIncoherentes

ETAPES = {
    "PDCA": ["Planifier (Plan)", "Faire (Do)", "Vérifier (Check)", "Agir (Act)"],
    "DMAIC": ["Définir", "Mesurer", "Analyser", "Innover (améliorer)", "Contrôler"],
    "8D": [
        "D1 Constituer l'équipe",
        "D2 Décrire le problème",
        "D3 Mettre en place des actions de confinement",
        "D4 Rechercher les causes racines",
        "D5 Choisir les actions correctives",
        "D6 Mettre en œuvre et valider les actions correctives",
        "D7 Empêcher la réapparition",
        "D8 Féliciter l'équipe",
    ],
}

GAINS_RAPIDES, PROJETS, PETITES, A_EVITER = "Gains rapides", "Projets", "Petites améliorations", "À éviter"
QUADRANTS = (GAINS_RAPIDES, PROJETS, PETITES, A_EVITER)


# --- matrice impact / effort ------------------------------------------------------------------


def _note(valeur, nom: str) -> float:
    if not 1 <= valeur <= 5:
        raise DonneesIncoherentes(f"La note d'{nom} doit être entre 1 et 5 (reçu {valeur}).")
    return valeur


def quadrant(impact: float, effort: float, seuil_impact: float = 3, seuil_effort: float = 3) -> str:
    """Quadrant de la matrice : impact élevé si impact ≥ seuil, effort élevé si effort ≥ seuil."""
    impact_eleve = _note(impact, "impact") >= seuil_impact
    effort_eleve = _note(effort, "effort") >= seuil_effort
    if impact_eleve:
        return PROJETS if effort_eleve else GAINS_RAPIDES
    return A_EVITER if effort_eleve else PETITES


def prioriser(
    actions: Mapping[str, tuple[float, float]], seuil_impact: float = 3, seuil_effort: float = 3
) -> list[str]:
    """Codes des actions {code: (impact, effort)} du plus au moins prioritaire (voir la docstring du module)."""

    def cle(code):
        impact, effort = actions[code]
        return (QUADRANTS.index(quadrant(impact, effort, seuil_impact, seuil_effort)), -impact, effort, code)

    return sorted(actions, key=cle)


# --- suivi ------------------------------------------------------------------------------------


def _date(valeur) -> date:
    if isinstance(valeur, date):
        return valeur
    try:
        return date.fromisoformat(str(valeur))
    except ValueError:
        raise DonneesIncoherentes(
            f"Date illisible « {valeur} » : écrivez-la AAAA-MM-JJ, par exemple 2027-01-15."
        ) from None


def en_retard(plan: Iterable[Mapping], jour) -> list[str]:
    """Codes des actions en retard le ``jour`` : échéance strictement avant ce jour et avancement < 100 %."""
    jour = _date(jour)
    return [a["code"] for a in plan if _date(a["echeance"]) < jour and a["avancement"] < 100]


def avancement_global(plan: Iterable[Mapping]) -> float:
    """Moyenne simple des avancements (en %)."""
    valeurs = [a["avancement"] for a in plan]
    if not valeurs:
        raise DonneesIncoherentes("Le plan d'actions est vide.")
    return sum(valeurs) / len(valeurs)


def ecarts_affectation(
    affectation: Mapping,
    actions: Sequence[str],
    equipe: Sequence[str],
    debut,
    fin,
    *,
    limite_prioritaires=None,
    prioritaires: Sequence[str] = (),
    max_par_pilote: int | None = None,
) -> list[str]:
    """Ce qui ne va pas dans une affectation {action: (pilote, échéance)} (liste vide si elle est valable).

    Contrôles : chaque action affectée une fois (pas d'action inconnue ou en trop), pilote membre de l'équipe,
    échéance dans l'horizon [début, fin], actions ``prioritaires`` échues au plus tard à ``limite_prioritaires``,
    au plus ``max_par_pilote`` actions par pilote.
    """
    debut, fin = _date(debut), _date(fin)
    ecarts = []
    manquantes = [a for a in actions if a not in affectation]
    if manquantes:
        ecarts.append("actions sans pilote ni date : " + ", ".join(manquantes))
    en_trop = [str(a) for a in affectation if a not in actions]
    if en_trop:
        ecarts.append("actions en trop (non retenues ou inconnues) : " + ", ".join(en_trop))
    charges: dict[str, list[str]] = {}
    for code in actions:
        if code not in affectation:
            continue
        valeur = affectation[code]
        if isinstance(valeur, str) or not isinstance(valeur, Sequence) or len(valeur) != 2:
            ecarts.append(f"{code} : un couple (pilote, date) est attendu")
            continue
        pilote, echeance = valeur
        if pilote not in equipe:
            ecarts.append(f"{code} : « {pilote} » ne fait pas partie de l'équipe")
        charges.setdefault(pilote, []).append(code)
        try:
            jour = _date(echeance)
        except DonneesIncoherentes as erreur:
            ecarts.append(f"{code} : {erreur}")
            continue
        if not debut <= jour <= fin:
            ecarts.append(f"{code} : échéance {jour.isoformat()} hors de l'horizon du plan ({debut} au {fin})")
        if code in prioritaires and limite_prioritaires is not None and jour > _date(limite_prioritaires):
            ecarts.append(f"{code} : gain rapide à terminer au plus tard le {_date(limite_prioritaires).isoformat()}")
    if max_par_pilote is not None:
        for pilote, codes in charges.items():
            if len(codes) > max_par_pilote:
                ecarts.append(f"{pilote} pilote {len(codes)} actions ({', '.join(codes)}), au plus {max_par_pilote}")
    return ecarts


# --- gains ------------------------------------------------------------------------------------


def payback_mois(investissement: float, gain_annuel: float) -> int:
    """Délai de récupération en mois entiers, arrondi au-dessus : ⌈investissement / (gain annuel / 12)⌉."""
    if gain_annuel <= 0:
        raise DonneesIncoherentes("Sans gain, l'investissement n'est jamais récupéré.")
    return math.ceil(investissement / (gain_annuel / 12) - 1e-9)


def roi(investissement: float, gain_annuel: float) -> float:
    """Retour sur investissement sur un an : (gain annuel − investissement) / investissement (0,64 = 64 %)."""
    if investissement <= 0:
        raise DonneesIncoherentes("L'investissement doit être positif.")
    return (gain_annuel - investissement) / investissement


def gain_changements(minutes_gagnees: float, changements_par_an: float, taux_horaire: float) -> float:
    """Gain annuel (€) d'un temps de changement réduit : minutes gagnées / 60 × changements par an × taux horaire."""
    return minutes_gagnees / 60 * changements_par_an * taux_horaire


# --- AMDEC ------------------------------------------------------------------------------------


def criticite(gravite: int, occurrence: int, detection: int) -> int:
    """C = G × O × D, chaque note entre 1 et 10."""
    for nom, note in (("gravité", gravite), ("occurrence", occurrence), ("détection", detection)):
        if not 1 <= note <= 10:
            raise DonneesIncoherentes(f"La note de {nom} doit être entre 1 et 10 (reçu {note}).")
    return gravite * occurrence * detection


def modes_a_traiter(criticites: Mapping[str, float], seuil: float) -> list[str]:
    """Modes dont C ≥ seuil, du plus critique au moins critique (à égalité : ordre des codes)."""
    return sorted((m for m, c in criticites.items() if c >= seuil), key=lambda m: (-criticites[m], m))


# --- SMED -------------------------------------------------------------------------------------


def temps_changement(operations: Iterable[Mapping], etape: str = "actuel") -> float:
    """Temps de changement de série (machine arrêtée) à une étape du SMED.

    ``etape`` : ``actuel`` (tout est fait machine arrêtée), ``separation`` (seules les opérations internes),
    ``conversion`` (internes non convertibles). Chaque opération : ``duree_min``, ``type`` (interne/externe),
    ``convertible`` (booléen).
    """
    operations = list(operations)
    for op in operations:
        if op["type"] not in ("interne", "externe"):
            raise DonneesIncoherentes(f"Type d'opération inconnu « {op['type']} » (interne ou externe).")
    if etape == "actuel":
        return sum(op["duree_min"] for op in operations)
    if etape == "separation":
        return sum(op["duree_min"] for op in operations if op["type"] == "interne")
    if etape == "conversion":
        return sum(op["duree_min"] for op in operations if op["type"] == "interne" and not op["convertible"])
    raise DonneesIncoherentes(f"Étape SMED inconnue « {etape} » (actuel, separation, conversion).")
