"""Diagramme de Gantt réutilisable (jalonnement, ordonnancement, PERT).

Une **tâche** est un quadruplet ``(ressource, libelle, debut, fin)`` (tuple, dict avec ces clés, ou
ligne d'un ``DataFrame`` avec ces colonnes) :

- ``ressource`` : la ligne du diagramme (un poste de charge, un OF, une tâche de projet…) ; les lignes
  sont affichées dans l'ordre de leur première apparition, de haut en bas ;
- ``libelle`` : le texte écrit dans la barre (``""`` pour ne rien écrire) ;
- ``debut``, ``fin`` : soit des **nombres** (heures, jours… : la barre va de ``debut`` à ``fin``),
  soit des **dates** ``datetime.date`` (la barre couvre les journées de ``debut`` à ``fin`` **incluses** :
  une date de fin est une fin de journée, voir docs/conventions.md), soit des ``datetime`` (instant exact).

Exemple (heures)::

    tracer_gantt([("SCIE", "OF1", 0, 4), ("CINT", "OF1", 4, 10), ("SCIE", "OF2", 4, 7)],
                 unite="h", titre="Planning de l'atelier")

``tracer_gantt`` (matplotlib) est la figure de référence, visible dans les retours ;
``gantt_interactif`` (plotly) en est une version zoomable, en plus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]


def _taches(taches) -> list[tuple[str, str, object, object]]:
    """Normalise les tâches en quadruplets (ressource, libellé, début, fin)."""
    if isinstance(taches, pd.DataFrame):
        manquantes = {"ressource", "debut", "fin"} - set(taches.columns)
        if manquantes:
            raise ValueError(f"Gantt : colonnes manquantes dans le tableau : {', '.join(sorted(manquantes))}.")
        libelles = taches["libelle"] if "libelle" in taches.columns else [""] * len(taches)
        return [
            (str(r), str(lib), d, f)
            for r, lib, d, f in zip(taches["ressource"], libelles, taches["debut"], taches["fin"])
        ]
    resultat = []
    for tache in taches:
        if isinstance(tache, Mapping):
            tache = (tache["ressource"], tache.get("libelle", ""), tache["debut"], tache["fin"])
        if len(tache) != 4:
            raise ValueError("Gantt : chaque tâche doit être (ressource, libellé, début, fin).")
        ressource, libelle, debut, fin = tache
        resultat.append((str(ressource), str(libelle), debut, fin))
    return resultat


def _en_dates(valeur) -> bool:
    return isinstance(valeur, (dt.date, pd.Timestamp))


def _intervalle(debut, fin) -> tuple[float, float]:
    """Début et longueur de la barre, sur l'axe numérique de matplotlib (jours pour les dates)."""
    if _en_dates(debut):
        if isinstance(debut, pd.Timestamp):
            debut = debut.to_pydatetime()
        if isinstance(fin, pd.Timestamp):
            fin = fin.to_pydatetime()
        x0 = mdates.date2num(debut)
        # une date seule (sans heure) de fin = fin de cette journée
        x1 = mdates.date2num(fin) + (1 if not isinstance(fin, dt.datetime) else 0)
        return x0, x1 - x0
    return float(debut), float(fin) - float(debut)


def couleurs_par_cle(cles: Iterable[str]) -> dict[str, str]:
    """Une couleur par clé (dans l'ordre de première apparition)."""
    couleurs: dict[str, str] = {}
    for cle in cles:
        if cle not in couleurs:
            couleurs[cle] = PALETTE[len(couleurs) % len(PALETTE)]
    return couleurs


def tracer_gantt(
    taches,
    *,
    titre: str = "Diagramme de Gantt",
    unite: str = "h",
    couleur_par: str = "libelle",
    couleurs: Mapping[str, str] | None = None,
    jalons: Mapping[str, object] | None = None,
    jours_non_ouvres: Sequence[dt.date] = (),
    ecrire_libelles: bool = True,
    ax=None,
):
    """Trace un diagramme de Gantt (matplotlib) et rend l'``Axes``.

    - ``taches`` : liste de ``(ressource, libelle, debut, fin)`` (voir l'aide du module) ;
    - ``unite`` : unité de l'axe quand les dates sont des nombres (``"h"``, ``"jours ouvrés"``…) ;
    - ``couleur_par`` : ``"libelle"`` (une couleur par OF, par exemple) ou ``"ressource"`` ;
    - ``couleurs`` : couleurs imposées {clé: couleur} ;
    - ``jalons`` : lignes verticales {nom: position}, par exemple ``{"Date de besoin": date(2027, 5, 21)}``
      (une date de jalon est placée en **fin** de journée) ;
    - ``jours_non_ouvres`` : dates grisées (week-ends, jours fériés, fermetures), axe en dates seulement.
    """
    liste = _taches(taches)
    if ax is None:
        hauteur = 1.2 + 0.45 * max(1, len({t[0] for t in liste}))
        _, ax = plt.subplots(figsize=(9, hauteur), layout="constrained")
    ressources = list(dict.fromkeys(t[0] for t in liste))
    rang = {r: i for i, r in enumerate(ressources)}
    cle = 1 if couleur_par == "libelle" else 0
    teintes = couleurs_par_cle(t[cle] for t in liste) | dict(couleurs or {})
    en_dates = any(_en_dates(t[2]) for t in liste)
    for ressource, libelle, debut, fin in liste:
        x0, largeur = _intervalle(debut, fin)
        ax.broken_barh(
            [(x0, largeur)],
            (rang[ressource] - 0.35, 0.7),
            facecolors=teintes[(ressource, libelle)[cle]],
            edgecolor="black",
            linewidth=0.5,
        )
        if ecrire_libelles and libelle:
            ax.text(x0 + largeur / 2, rang[ressource], libelle, ha="center", va="center", fontsize="small")
    for jour in jours_non_ouvres:
        x0 = mdates.date2num(jour)
        ax.axvspan(x0, x0 + 1, color="#dddddd", alpha=0.6, zorder=0, linewidth=0)
    for i, (nom, position) in enumerate((jalons or {}).items()):
        x = _intervalle(position, position)[0] + (
            1 if _en_dates(position) and not isinstance(position, dt.datetime) else 0
        )
        ax.axvline(x, color="#c0392b", linestyle="--", linewidth=1.2)
        ax.annotate(
            nom,
            (x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -12 - 11 * i),
            textcoords="offset points",
            color="#c0392b",
            fontsize="small",
        )
    ax.set_yticks(range(len(ressources)), ressources)
    ax.set_ylim(len(ressources) - 0.5, -0.5)
    if en_dates:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=12))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
        ax.set_xlabel("Date (une barre couvre ses journées de début à fin incluses)")
    else:
        ax.set_xlabel(f"Temps ({unite})")
    ax.set_title(titre)
    ax.grid(axis="x", alpha=0.3)
    return ax


def gantt_interactif(taches, *, titre: str = "Diagramme de Gantt", unite: str = "h", couleur_par: str = "libelle"):
    """Le même Gantt avec plotly (zoom, survol) : un complément, jamais la seule figure.

    Axe linéaire (``go.Bar`` horizontal avec ``base``) pour des nombres ; axe de dates pour des dates.
    """
    import plotly.graph_objects as go

    liste = _taches(taches)
    cle = 1 if couleur_par == "libelle" else 0
    teintes = couleurs_par_cle(t[cle] for t in liste)
    figure = go.Figure()
    deja = set()
    for ressource, libelle, debut, fin in liste:
        if _en_dates(debut):
            fin_reelle = fin if isinstance(fin, dt.datetime) else pd.Timestamp(fin) + pd.Timedelta(days=1)
            base, longueur = (
                pd.Timestamp(debut),
                (pd.Timestamp(fin_reelle) - pd.Timestamp(debut)).total_seconds() * 1000,
            )
            survol = f"{ressource} — {libelle}<br>du {pd.Timestamp(debut):%d/%m/%Y} au {pd.Timestamp(fin):%d/%m/%Y}"
        else:
            base, longueur = float(debut), float(fin) - float(debut)
            survol = f"{ressource} — {libelle}<br>de {debut} à {fin} {unite}"
        groupe = (ressource, libelle)[cle]
        figure.add_trace(
            go.Bar(
                y=[ressource],
                x=[longueur],
                base=[base],
                orientation="h",
                name=groupe,
                legendgroup=groupe,
                showlegend=groupe not in deja,
                marker_color=teintes[groupe],
                text=[libelle],
                hovertext=[survol],
                hoverinfo="text",
            )
        )
        deja.add(groupe)
    figure.update_yaxes(autorange="reversed")
    if liste and _en_dates(liste[0][2]):
        figure.update_xaxes(type="date")
    else:
        figure.update_xaxes(title=f"Temps ({unite})")
    figure.update_layout(title=titre, barmode="overlay", height=200 + 40 * len({t[0] for t in liste}))
    return figure
