"""Ordonnancement : règles de priorité sur un poste, règle de Johnson, planning à capacité finie.

Conventions (docs/conventions.md, section Ordonnancement) :
- la date 0 est le début du planning ; tous les OF de la file sont présents à la date 0
  (règles de priorité) ; les temps sont des nombres (jours ouvrés ou heures, selon le cas) ;
- égalité entre OF pour une règle de priorité : l'OF **arrivé le premier** passe d'abord,
  puis l'ordre alphabétique du numéro d'OF ;
- retard d'un OF = max(0, fin - date de besoin) (un OF en avance n'a pas de retard négatif) ;
- ratio critique RC = (date de besoin - date du jour) / temps opératoire restant, calculé une
  seule fois à la date du jour (0 par défaut) ; le plus petit RC passe d'abord ;
- Johnson : groupe de tête = OF avec temps M1 <= temps M2 (égalité comprise), triés par temps M1
  croissant ; groupe de queue = OF avec temps M1 > temps M2, triés par temps M2 décroissant ;
  à temps égaux dans un groupe, l'ordre du tableau de données est conservé ;
- planning à capacité finie : les OF sont placés un par un dans l'ordre de priorité, chaque
  opération au plus tôt, sans insertion dans un trou (un poste est libre après la dernière
  opération déjà placée sur lui) ; une opération ne chevauche pas une indisponibilité de poste.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from gpedu.calculs import DonneesIncoherentes

REGLES = {
    "PEPS": "Premier entré, premier sorti (ordre d'arrivée)",
    "PCTO": "Plus court temps opératoire d'abord",
    "PLTO": "Plus long temps opératoire d'abord",
    "DBPT": "Date de besoin au plus tôt d'abord",
    "RC": "Plus petit ratio critique d'abord",
}


@dataclass(frozen=True)
class OrdreFabrication:
    """Un OF dans la file d'attente d'un poste.

    ``arrivee`` : rang (ou date) d'arrivée dans la file, plus petit = arrivé plus tôt ;
    ``duree`` : temps opératoire sur le poste ; ``date_besoin`` : date due (même unité).
    """

    numero: str
    duree: float
    date_besoin: float
    arrivee: float = 0

    def __post_init__(self):
        if self.duree <= 0:
            raise DonneesIncoherentes(f"OF {self.numero} : le temps opératoire doit être positif.")


def ratio_critique(of: OrdreFabrication, date_du_jour: float = 0) -> float:
    """RC = (date de besoin - date du jour) / temps opératoire restant."""
    return (of.date_besoin - date_du_jour) / of.duree


def cle_priorite(regle: str, date_du_jour: float = 0):
    """La clé de tri d'une règle (égalité : arrivée, puis numéro)."""
    criteres = {
        "PEPS": lambda of: 0,
        "PCTO": lambda of: of.duree,
        "PLTO": lambda of: -of.duree,
        "DBPT": lambda of: of.date_besoin,
        "RC": lambda of: ratio_critique(of, date_du_jour),
    }
    if regle not in criteres:
        raise DonneesIncoherentes(f"Règle de priorité inconnue « {regle} » : choisir parmi {', '.join(REGLES)}.")
    critere = criteres[regle]
    return lambda of: (critere(of), of.arrivee, of.numero)


def sequencer(ofs: Sequence[OrdreFabrication], regle: str, date_du_jour: float = 0) -> list[str]:
    """Séquence (numéros d'OF) d'une file d'attente selon une règle de priorité."""
    numeros = [of.numero for of in ofs]
    if len(set(numeros)) != len(numeros):
        raise DonneesIncoherentes("Deux OF portent le même numéro.")
    return [of.numero for of in sorted(ofs, key=cle_priorite(regle, date_du_jour))]


@dataclass(frozen=True)
class Mesures:
    """Mesures d'une séquence sur un poste (tous les OF présents à la date 0)."""

    sequence: list[str]
    fins: dict[str, float]
    retards: dict[str, float]
    sejour_moyen: float
    retard_moyen: float
    nb_en_retard: int
    encours_moyen: float
    duree_totale: float
    utilisation: float

    def en_dict(self) -> dict[str, float]:
        """Les quatre mesures demandées dans les cahiers."""
        return {
            "sejour_moyen": self.sejour_moyen,
            "retard_moyen": self.retard_moyen,
            "nb_en_retard": self.nb_en_retard,
            "encours_moyen": self.encours_moyen,
        }


def mesurer(ofs: Sequence[OrdreFabrication], sequence: Sequence[str], debut: float = 0) -> Mesures:
    """Dates de fin, retards et mesures d'une séquence sur un seul poste.

    - temps de séjour d'un OF = sa date de fin (il attend dans la file depuis la date 0) ;
    - retard = max(0, fin - date de besoin) ;
    - nombre moyen d'OF en cours = somme des séjours / durée totale ;
    - utilisation = somme des temps opératoires / somme des séjours (Heizer & Render).
    """
    par_numero = {of.numero: of for of in ofs}
    if sorted(sequence) != sorted(par_numero):
        raise DonneesIncoherentes("La séquence doit contenir chaque OF de la file exactement une fois.")
    t, fins, retards = debut, {}, {}
    for numero in sequence:
        of = par_numero[numero]
        t += of.duree
        fins[numero] = t
        retards[numero] = max(0, t - of.date_besoin)
    n = len(sequence)
    somme_sejours = sum(fins.values()) - n * debut
    duree_totale = t - debut
    return Mesures(
        sequence=list(sequence),
        fins=fins,
        retards=retards,
        sejour_moyen=somme_sejours / n,
        retard_moyen=sum(retards.values()) / n,
        nb_en_retard=sum(1 for r in retards.values() if r > 0),
        encours_moyen=somme_sejours / duree_totale,
        duree_totale=duree_totale,
        utilisation=sum(of.duree for of in ofs) / somme_sejours,
    )


# --- Johnson (2 machines en série) ---------------------------------------------------------


def johnson(temps: Mapping[str, tuple[float, float]], egalite_en_tete: bool = True) -> list[str]:
    """Séquence de Johnson pour deux machines en série : ``temps`` = {OF: (temps M1, temps M2)}.

    Groupe de tête : M1 <= M2 (égalité comprise, sauf ``egalite_en_tete=False``), M1 croissant ;
    groupe de queue : M1 > M2, M2 décroissant ; à égalité, ordre du dictionnaire.
    """
    for numero, (a, b) in temps.items():
        if a < 0 or b < 0:
            raise DonneesIncoherentes(f"OF {numero} : un temps opératoire ne peut pas être négatif.")
    tete = [o for o, (a, b) in temps.items() if a < b or (egalite_en_tete and a == b)]
    queue = [o for o in temps if o not in tete]
    tete.sort(key=lambda o: temps[o][0])
    queue.sort(key=lambda o: -temps[o][1])
    return tete + queue


def dates_deux_machines(
    temps: Mapping[str, tuple[float, float]], sequence: Sequence[str]
) -> dict[str, tuple[float, float, float, float]]:
    """{OF: (début M1, fin M1, début M2, fin M2)} pour une séquence (même ordre sur les deux machines)."""
    fin1 = fin2 = 0
    dates = {}
    for o in sequence:
        a, b = temps[o]
        debut1, fin1 = fin1, fin1 + a
        debut2 = max(fin1, fin2)
        fin2 = debut2 + b
        dates[o] = (debut1, fin1, debut2, fin2)
    return dates


def duree_totale_deux_machines(temps: Mapping[str, tuple[float, float]], sequence: Sequence[str]) -> float:
    """Durée totale (makespan) : fin du dernier OF sur la machine 2."""
    if sorted(sequence) != sorted(temps):
        raise DonneesIncoherentes("La séquence doit contenir chaque OF exactement une fois.")
    dates = dates_deux_machines(temps, sequence)
    return max((d[3] for d in dates.values()), default=0)


def meilleure_duree_totale(temps: Mapping[str, tuple[float, float]]) -> float:
    """Durée totale minimale par énumération de toutes les séquences (petits cas seulement)."""
    return min(duree_totale_deux_machines(temps, p) for p in itertools.permutations(temps))


# --- Planning à capacité finie sur plusieurs postes -----------------------------------------


@dataclass(frozen=True)
class OFAtelier:
    """Un OF avec sa gamme : ``operations`` = [(poste, durée), ...] dans l'ordre de la gamme."""

    numero: str
    operations: tuple[tuple[str, float], ...]
    date_besoin: float
    disponible: float = 0
    arrivee: float = 0
    article: str = ""
    quantite: int = 0

    @property
    def travail(self) -> float:
        """Temps opératoire total restant (somme des opérations)."""
        return sum(d for _, d in self.operations)

    def en_file(self) -> OrdreFabrication:
        """L'OF vu comme un seul travail (temps total) pour appliquer une règle de priorité."""
        return OrdreFabrication(self.numero, self.travail, self.date_besoin, self.arrivee)


@dataclass(frozen=True)
class Planning:
    """Un planning : {(OF, poste): (début, fin)} et ses mesures."""

    ordre: list[str]
    operations: dict[tuple[str, str], tuple[float, float]]
    fins: dict[str, float]
    retards: dict[str, float]
    duree_totale: float
    retard_total: float
    nb_en_retard: int
    indisponibilites: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def taches(self) -> list[tuple[str, str, float, float]]:
        """Liste (poste, OF, début, fin) pour un diagramme de Gantt."""
        return [(p, o, d, f) for (o, p), (d, f) in self.operations.items()]


def ordre_priorite(ofs: Sequence[OFAtelier], regle: str, date_du_jour: float = 0) -> list[str]:
    """Ordre de priorité des OF d'atelier (temps opératoire = travail total de la gamme)."""
    return sequencer([of.en_file() for of in ofs], regle, date_du_jour)


def _chevauche(debut, fin, fenetres) -> float | None:
    """Fin de la première indisponibilité qui chevauche [début, fin), sinon None."""
    for d, f in sorted(fenetres):
        if debut < f and d < fin:
            return f
    return None


def mesurer_planning(
    ofs: Sequence[OFAtelier],
    operations: Mapping[tuple[str, str], tuple[float, float]],
    ordre: Sequence[str] = (),
    indisponibilites: Mapping[str, list[tuple[float, float]]] | None = None,
) -> Planning:
    """Fin de chaque OF (fin de sa dernière opération), retards, durée totale d'un planning."""
    fins = {of.numero: max(operations[(of.numero, p)][1] for p, _ in of.operations) for of in ofs}
    retards = {of.numero: max(0, fins[of.numero] - of.date_besoin) for of in ofs}
    return Planning(
        ordre=list(ordre),
        operations=dict(operations),
        fins=fins,
        retards=retards,
        duree_totale=max(fins.values(), default=0),
        retard_total=sum(retards.values()),
        nb_en_retard=sum(1 for r in retards.values() if r > 0),
        indisponibilites={p: list(f) for p, f in (indisponibilites or {}).items()},
    )


def planifier(
    ofs: Sequence[OFAtelier],
    ordre: Sequence[str],
    indisponibilites: Mapping[str, list[tuple[float, float]]] | None = None,
) -> Planning:
    """Placement au plus tôt, OF par OF dans ``ordre``, sans insertion dans un trou.

    Début d'une opération = max(fin de l'opération précédente de l'OF (ou disponibilité
    de l'OF), fin de la dernière opération placée sur le poste) ; si l'opération chevauche
    une indisponibilité du poste, elle commence à la fin de cette indisponibilité.
    """
    par_numero = {of.numero: of for of in ofs}
    if sorted(ordre) != sorted(par_numero):
        raise DonneesIncoherentes("L'ordre de priorité doit contenir chaque OF exactement une fois.")
    indisponibilites = {p: list(f) for p, f in (indisponibilites or {}).items()}
    libre: dict[str, float] = {}
    operations = {}
    for numero in ordre:
        of = par_numero[numero]
        t = of.disponible
        postes_vus = set()
        for poste, duree in of.operations:
            if poste in postes_vus:
                raise DonneesIncoherentes(f"OF {numero} : le poste {poste} apparaît deux fois dans la gamme.")
            postes_vus.add(poste)
            debut = max(t, libre.get(poste, 0))
            while (fin_panne := _chevauche(debut, debut + duree, indisponibilites.get(poste, []))) is not None:
                debut = fin_panne
            operations[(numero, poste)] = (debut, debut + duree)
            t = libre[poste] = debut + duree
    return mesurer_planning(ofs, operations, ordre, indisponibilites)


def ecarts_planning(
    ofs: Sequence[OFAtelier],
    operations: Mapping,
    indisponibilites: Mapping[str, list[tuple[float, float]]] | None = None,
) -> list[str]:
    """Les contraintes non respectées d'un planning {(OF, poste): (début, fin)}, en français.

    Contraintes : chaque opération présente une fois avec sa durée ; pas de début avant la
    disponibilité de l'OF ; gamme respectée ; une seule opération à la fois par poste ;
    pas d'opération pendant une indisponibilité de poste.
    """
    attendues = {(of.numero, p): d for of in ofs for p, d in of.operations}
    defauts = []
    manquantes = [k for k in attendues if k not in operations]
    en_trop = [k for k in operations if k not in attendues]
    if manquantes:
        defauts.append("opérations manquantes : " + ", ".join(f"{o} sur {p}" for o, p in manquantes))
    if en_trop:
        defauts.append("opérations inconnues : " + ", ".join(str(k) for k in en_trop))
    if defauts:
        return defauts
    for (o, p), duree in attendues.items():
        debut, fin = operations[(o, p)]
        if abs((fin - debut) - duree) > 1e-9:
            defauts.append(f"{o} sur {p} : dure {_n(fin - debut)} au lieu de {_n(duree)}")
    for of in ofs:
        debut0 = operations[(of.numero, of.operations[0][0])][0]
        if debut0 < of.disponible - 1e-9:
            defauts.append(f"{of.numero} commence à {_n(debut0)}, avant sa date de disponibilité {_n(of.disponible)}")
        for (p1, _), (p2, _) in itertools.pairwise(of.operations):
            fin1, debut2 = operations[(of.numero, p1)][1], operations[(of.numero, p2)][0]
            if debut2 < fin1 - 1e-9:
                defauts.append(
                    f"gamme non respectée : {of.numero} commence sur {p2} à {_n(debut2)} "
                    f"avant la fin sur {p1} ({_n(fin1)})"
                )
    postes = sorted({p for _, p in attendues})
    for poste in postes:
        ops = sorted((d, f, o) for (o, p), (d, f) in operations.items() if p == poste)
        for (_, f1, o1), (d2, _, o2) in itertools.pairwise(ops):
            if d2 < f1 - 1e-9:
                defauts.append(f"poste {poste} : {o1} et {o2} se chevauchent ({_n(d2)} < {_n(f1)})")
        for d, f, o in ops:
            for pd, pf in (indisponibilites or {}).get(poste, []):
                if d < pf and pd < f:
                    defauts.append(f"poste {poste} indisponible de {_n(pd)} à {_n(pf)} : {o} y est placé")
    return defauts


def _n(x: float) -> str:
    """Nombre à la française, sans décimale inutile."""
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}".replace(".", ",")
