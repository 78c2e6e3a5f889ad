"""Tests du jalonnement (gpedu.calculs.jalonnement) et du diagramme de Gantt (gpedu.graphiques.gantt)."""

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from gpedu.graphiques.gantt import gantt_interactif, tracer_gantt  # noqa: E402

# --- Gantt ------------------------------------------------------------------------------------


def test_gantt_en_heures():
    ax = tracer_gantt([("SCIE", "OF1", 0, 4), ("CINT", "OF1", 4, 10), ("SCIE", "OF2", 4, 7)], jalons={"Besoin": 12})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["SCIE", "CINT"]
    barres = [c.get_paths()[0].get_extents() for c in ax.collections]
    assert [(round(b.x0, 6), round(b.x1, 6)) for b in barres] == [(0, 4), (4, 10), (4, 7)]
    assert ax.lines[0].get_xdata()[0] == 12
    assert "h" in ax.get_xlabel()
    plt.close("all")


def test_gantt_en_dates_fin_de_journee_et_tableau():
    taches = pd.DataFrame(
        {"ressource": ["OF1"], "libelle": ["10"], "debut": [dt.date(2027, 5, 3)], "fin": [dt.date(2027, 5, 4)]}
    )
    ax = tracer_gantt(taches, jours_non_ouvres=[dt.date(2027, 5, 8)])
    barre = ax.collections[0].get_paths()[0].get_extents()
    assert round(barre.x1 - barre.x0, 6) == 2  # du 3 au 4 mai inclus : deux journées
    plt.close("all")


def test_gantt_interactif():
    figure = gantt_interactif([("SCIE", "OF1", 0, 4), ("CINT", "OF1", 4, 10)])
    assert [list(b.base) for b in figure.data] == [[0.0], [4.0]]
    assert [list(b.x) for b in figure.data] == [[4.0], [6.0]]
