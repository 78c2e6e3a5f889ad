"""Les graphiques tracent bien les données (lecture des objets matplotlib, pas de l'image)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from gpedu.calculs.cbn import calculer_article  # noqa: E402
from gpedu.graphiques.cbn import tracer_cbn, tracer_enregistrement  # noqa: E402


def test_tracer_enregistrement():
    enregistrement = calculer_article([40, 60, 30], stock_initial=60, stock_securite=20, delai=1, article="D100")
    ax = tracer_enregistrement(enregistrement)
    stock = ax.lines[0]
    assert list(stock.get_ydata()) == enregistrement.stock_previsionnel
    assert [b.get_height() for b in ax.containers[0]] == [40, 60, 30]
    assert [b.get_height() for b in ax.containers[1]] == enregistrement.ordres
    assert list(ax.lines[1].get_ydata()) == [20, 20]  # stock de sécurité
    assert ax.get_title() == "CBN de l'article D100"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["S1", "S2", "S3"]
    plt.close("all")


def test_tracer_cbn_sans_ordres_ni_stock_de_securite():
    ax = tracer_cbn([10, 20], [5, 0], titre="Votre réponse")
    assert len(ax.containers) == 1
    legende = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legende == ["Stock prévisionnel (fin de semaine)", "Besoins bruts"]
    plt.close("all")
