"""Graphiques du jalonnement : Gantt d'un OF (au plus tôt et au plus tard) et Gantt de plusieurs OF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gpedu.calculs.calendrier import CalendrierUsine
from gpedu.calculs.jalonnement import ResultatOF
from gpedu.graphiques import interactif
from gpedu.graphiques.gantt import couleurs_par_cle, gantt_interactif, tracer_gantt

COULEURS = {"au plus tôt": "#4e79a7", "au plus tard": "#f28e2b"}


def taches_of(resultat: ResultatOF) -> list[tuple[str, str, dt.date, dt.date]]:
    """Deux lignes par opération : au plus tôt puis au plus tard."""
    taches = []
    for tot, tard in zip(resultat.plus_tot.operations, resultat.plus_tard.operations):
        ligne = f"{tot.phase} {tot.poste}"
        taches.append((f"{ligne} (tôt)", "au plus tôt", tot.debut, tot.fin))
        taches.append((f"{ligne} (tard)", "au plus tard", tard.debut, tard.fin))
    return taches


def _non_ouvres(calendrier: CalendrierUsine, debut: dt.date, fin: dt.date) -> list[dt.date]:
    return list(calendrier.jours_non_ouvres(debut - dt.timedelta(days=1), fin + dt.timedelta(days=1)))


def tracer_jalonnement(resultat: ResultatOF, calendrier: CalendrierUsine, *, titre: str = "", ax=None):
    """Gantt d'un OF : chaque opération au plus tôt (bleu) et au plus tard (orange), jours fermés grisés,
    date de lancement et date de besoin en pointillés."""
    debut = min(resultat.plus_tot.debut, resultat.plus_tard.debut, resultat.date_lancement)
    fin = max(resultat.plus_tot.fin, resultat.plus_tard.fin)
    etat = f"marge {resultat.marge} j ouvré(s)" if resultat.marge >= 0 else f"RETARD {resultat.retard} j ouvré(s)"
    return tracer_gantt(
        taches_of(resultat),
        titre=titre or f"{resultat.of} — {resultat.article} × {resultat.quantite:g} : {etat}",
        couleurs=COULEURS,
        ecrire_libelles=False,
        jalons={
            "Lancement": resultat.date_lancement - dt.timedelta(days=1),
            "Besoin": resultat.date_besoin,
        },
        jours_non_ouvres=_non_ouvres(calendrier, debut, fin),
        ax=ax,
    )


def tracer_plusieurs_of(resultats: Sequence[ResultatOF], calendrier: CalendrierUsine, *, ax=None):
    """Gantt au plus tôt de plusieurs OF (une ligne par OF, une couleur par poste), besoins en pointillés."""
    taches = [(r.of, f"{op.phase} {op.poste}", op.debut, op.fin) for r in resultats for op in r.plus_tot.operations]
    debut = min(r.date_lancement for r in resultats)
    fin = max(max(r.plus_tot.fin, r.date_besoin) for r in resultats)
    teintes = couleurs_par_cle(op.poste for r in resultats for op in r.plus_tot.operations)
    ax = tracer_gantt(
        taches,
        titre="Jalonnement au plus tôt des OF (▼ date de besoin ; une couleur par poste)",
        couleurs={libelle: teintes[libelle.split()[-1]] for _, libelle, _, _ in taches},
        jours_non_ouvres=_non_ouvres(calendrier, debut, fin),
        ax=ax,
    )
    import matplotlib.dates as mdates

    for rang, r in enumerate(resultats):
        x = mdates.date2num(r.date_besoin) + 1
        ax.plot([x], [rang - 0.42], marker="v", color="#c0392b" if r.marge < 0 else "#2e7d32", markersize=9)
    ax.set_ylim(len(resultats) - 0.5, -0.8)
    return ax


def jalonnement_interactif(resultat: ResultatOF, calendrier: CalendrierUsine):
    """Le Gantt d'un OF avec plotly (zoom, survol) dans le navigateur ; sans navigateur (correction, retours),
    la figure matplotlib de ``tracer_jalonnement``."""
    figure = gantt_interactif(taches_of(resultat), titre=f"{resultat.of} — jalonnement", couleur_par="libelle")
    return interactif(figure, lambda: tracer_jalonnement(resultat, calendrier))
