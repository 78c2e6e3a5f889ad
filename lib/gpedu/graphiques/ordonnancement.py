"""Graphiques de l'ordonnancement : file d'attente d'un poste, Johnson, planning d'atelier (Gantt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt

from gpedu.calculs import ordonnancement as o
from gpedu.graphiques.gantt import couleurs_par_cle, tracer_gantt


def _fr(x: float, chiffres: int = 2) -> str:
    return f"{round(x, chiffres):g}".replace(".", ",")


def tracer_file(ofs: Sequence[o.OrdreFabrication], sequence: Sequence[str], *, titre: str = "", unite="jours", ax=None):
    """Une ligne par OF (dans l'ordre de passage) : attente en gris, opération en couleur,
    date de besoin (trait noir) et retard (trait rouge). Les mesures sont écrites sous le titre."""
    m = o.mesurer(ofs, sequence)
    par_numero = {of.numero: of for of in ofs}
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.4 + 0.45 * len(sequence)), layout="constrained")
    couleurs = couleurs_par_cle(sorted(par_numero))
    for rang, numero in enumerate(sequence):
        of = par_numero[numero]
        fin = m.fins[numero]
        debut = fin - of.duree
        if debut > 0:
            ax.broken_barh([(0, debut)], (rang - 0.3, 0.6), facecolors="#e6e6e6", edgecolor="#bbbbbb")
        ax.broken_barh([(debut, of.duree)], (rang - 0.35, 0.7), facecolors=couleurs[numero], edgecolor="black")
        ax.plot([of.date_besoin] * 2, [rang - 0.45, rang + 0.45], color="black", linewidth=2)
        if m.retards[numero] > 0:
            ax.plot([of.date_besoin, fin], [rang, rang], color="#c0392b", linewidth=3)
    ax.set_yticks(range(len(sequence)), list(sequence))
    ax.set_ylim(len(sequence) - 0.5, -0.5)
    ax.set_xlabel(f"Temps ({unite}) — gris : attente ; trait noir : date de besoin ; rouge : retard")
    ax.set_title(
        (titre + "\n" if titre else "") + f"séjour moyen {_fr(m.sejour_moyen)} ; retard moyen {_fr(m.retard_moyen)} ; "
        f"OF en retard {m.nb_en_retard} ; OF en cours en moyenne {_fr(m.encours_moyen)}",
        fontsize="medium",
    )
    ax.grid(axis="x", alpha=0.3)
    return ax


def tracer_regle(ofs: Sequence[o.OrdreFabrication], regle: str, ax=None):
    """La file d'attente ordonnée par une règle de priorité (pour l'explorateur)."""
    return tracer_file(ofs, o.sequencer(ofs, regle), titre=f"Règle {regle} : {o.REGLES[regle]}", ax=ax)


def tracer_johnson(temps: Mapping[str, tuple[float, float]], sequence: Sequence[str], *, postes=("M1", "M2"), ax=None):
    """Gantt des deux machines pour une séquence, durée totale dans le titre."""
    dates = o.dates_deux_machines(temps, sequence)
    taches = [(postes[0], of, d[0], d[1]) for of, d in dates.items()]
    taches += [(postes[1], of, d[2], d[3]) for of, d in dates.items()]
    duree = o.duree_totale_deux_machines(temps, sequence)
    return tracer_gantt(taches, titre=f"Séquence {' → '.join(sequence)} : durée totale {_fr(duree)} h", ax=ax)


def tracer_planning(
    operations: Mapping[tuple[str, str], tuple[float, float]],
    *,
    indisponibilites: Mapping[str, list[tuple[float, float]]] | None = None,
    postes: Sequence[str] | None = None,
    titre: str = "Planning de l'atelier",
    ax=None,
):
    """Gantt par poste d'un planning {(OF, poste): (début, fin)} ; pannes hachurées en rouge."""
    taches = sorted(((p, of, d, f) for (of, p), (d, f) in operations.items()), key=lambda t: t[2])
    if postes:
        rang = {p: i for i, p in enumerate(postes)}
        taches.sort(key=lambda t: rang.get(t[0], len(rang)))
    couleurs = couleurs_par_cle(sorted({of for of, _ in operations}))
    ax = tracer_gantt(taches, titre=titre, unite="h", couleurs=couleurs, ax=ax)
    lignes = [t.get_text() for t in ax.get_yticklabels()]
    for poste, fenetres in (indisponibilites or {}).items():
        if poste in lignes:
            for debut, fin in fenetres:
                ax.broken_barh(
                    [(debut, fin - debut)],
                    (lignes.index(poste) - 0.4, 0.8),
                    facecolors="none",
                    edgecolor="#c0392b",
                    hatch="///",
                    label=f"Panne {poste}",
                )
    return ax
