"""Tests de l'ordonnancement (gpedu.calculs.ordonnancement) : exemples publiés, propriétés, cas du cahier."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gpedu.calculs import ordonnancement as o  # noqa: E402
from gpedu.calculs.ordonnancement import OFAtelier, OrdreFabrication  # noqa: E402
from gpedu.correction import EcartReponse  # noqa: E402
from gpedu.exercices.ordonnancement import (  # noqa: E402
    cas,
    construire,
    verifier_forme_planning,
    verifier_planning_atelier,
    verifier_variante,
)
from gpedu.graphiques.ordonnancement import tracer_file, tracer_johnson, tracer_planning, tracer_regle  # noqa: E402

from .conftest import APPRENANTS, verifier_paires_differentes, verifier_reproductible  # noqa: E402

REGLAGES = settings(max_examples=150, deadline=None)

# --- Exemples publiés ----------------------------------------------------------------------

# Source : J. Heizer, B. Render, C. Munson, « Operations Management », chap. 15 « Short-Term Scheduling »,
# Example 5 (cinq dossiers d'un cabinet d'architectes, tous présents au jour 0) :
# A 6 j dû 8, B 2 j dû 6, C 8 j dû 18, D 3 j dû 15, E 9 j dû 23.
# Publié : FCFS 15,4 j / 36,4 % / 2,75 travaux / retard 2,2 j ; SPT 13,0 / 43,1 % / 2,32 / 1,8 ;
# EDD 13,6 / 41,2 % / 2,43 / 1,2 ; LPT 20,6 / 27,2 % / 3,68 / 9,6.
HEIZER = [
    OrdreFabrication("A", 6, 8, 1),
    OrdreFabrication("B", 2, 6, 2),
    OrdreFabrication("C", 8, 18, 3),
    OrdreFabrication("D", 3, 15, 4),
    OrdreFabrication("E", 9, 23, 5),
]


@pytest.mark.parametrize(
    "regle,sequence,sejour,utilisation,encours,retard",
    [
        ("PEPS", "ABCDE", 15.4, 0.364, 2.75, 2.2),
        ("PCTO", "BDACE", 13.0, 0.431, 2.32, 1.8),
        ("DBPT", "BADCE", 13.6, 0.412, 2.43, 1.2),
        ("PLTO", "ECADB", 20.6, 0.272, 3.68, 9.6),
    ],
)
def test_publie_heizer_regles_de_priorite(regle, sequence, sejour, utilisation, encours, retard):
    assert o.sequencer(HEIZER, regle) == list(sequence)
    m = o.mesurer(HEIZER, list(sequence))
    assert m.sejour_moyen == pytest.approx(sejour, abs=0.01)
    assert m.utilisation == pytest.approx(utilisation, abs=0.001)
    assert m.encours_moyen == pytest.approx(encours, abs=0.005)
    assert m.retard_moyen == pytest.approx(retard, abs=0.01)
    assert m.duree_totale == 28


# Source : Heizer & Render, même chapitre, Example 6 (ratio critique, Zyco Medical Testing Labs) :
# aujourd'hui jour 25 ; A dû 30, 4 j restants (RC 1,25) ; B dû 28, 5 j (0,60) ; C dû 27, 2 j (1,00).
# Publié : ordre B, C, A.
def test_publie_heizer_ratio_critique():
    ofs = [OrdreFabrication("A", 4, 30, 1), OrdreFabrication("B", 5, 28, 2), OrdreFabrication("C", 2, 27, 3)]
    assert [o.ratio_critique(of, 25) for of in ofs] == pytest.approx([1.25, 0.60, 1.00])
    assert o.sequencer(ofs, "RC", date_du_jour=25) == ["B", "C", "A"]


# Source : Heizer & Render, même chapitre, Example 7 (règle de Johnson, deux centres, cinq travaux) :
# A (5, 2), B (3, 6), C (8, 4), D (10, 7), E (7, 12). Publié : séquence B E D C A, durée totale 35 h.
def test_publie_heizer_johnson():
    temps = {"A": (5, 2), "B": (3, 6), "C": (8, 4), "D": (10, 7), "E": (7, 12)}
    assert o.johnson(temps) == list("BEDCA")
    assert o.duree_totale_deux_machines(temps, list("BEDCA")) == 35
    assert o.meilleure_duree_totale(temps) == 35


# Source : F. R. Jacobs, R. B. Chase, « Operations and Supply Chain Management », 14e éd., exercice résolu
# du chapitre « Scheduling » (trois travaux, deux machines) : A (3, 1), B (2, 2), C (1, 3).
# Publié : ordre C, B, A (https://www.vaia-test.com/en-us/textbooks/business-studies/operations-and-supply-chain-
# management-14th/supply-chain-processes/q8pe-consider-the-following-three-jobs-that-need-to-be-run-o).
# B a deux temps égaux : notre convention (égalité en tête) le place bien avant A.
def test_publie_jacobs_chase_johnson_avec_egalite():
    temps = {"A": (3, 1), "B": (2, 2), "C": (1, 3)}
    assert o.johnson(temps) == ["C", "B", "A"]
    assert o.duree_totale_deux_machines(temps, ["C", "B", "A"]) == 7 == o.meilleure_duree_totale(temps)


# --- Conventions ---------------------------------------------------------------------------


def test_egalite_regle_arrive_le_premier_puis_numero():
    ofs = [OrdreFabrication("OF-2", 3, 10, 1), OrdreFabrication("OF-1", 3, 10, 2), OrdreFabrication("OF-0", 3, 10, 2)]
    assert o.sequencer(ofs, "PCTO") == ["OF-2", "OF-0", "OF-1"]


def test_johnson_egalite_en_tete():
    temps = {"X": (4, 4), "Y": (5, 2), "Z": (1, 3)}
    assert o.johnson(temps) == ["Z", "X", "Y"]
    assert o.johnson(temps, egalite_en_tete=False) == ["Z", "X", "Y"]  # X : M2 = 4 > 2, reste devant Y
    assert o.johnson({"X": (4, 4), "Y": (5, 5)}, egalite_en_tete=False) == ["Y", "X"]


def test_retard_jamais_negatif():
    m = o.mesurer([OrdreFabrication("A", 2, 10)], ["A"])
    assert m.retards == {"A": 0} and m.retard_moyen == 0 and m.nb_en_retard == 0


def test_donnees_incoherentes():
    with pytest.raises(o.DonneesIncoherentes, match="Règle de priorité inconnue"):
        o.sequencer(HEIZER, "FIFO")
    with pytest.raises(o.DonneesIncoherentes, match="positif"):
        OrdreFabrication("A", 0, 3)
    with pytest.raises(o.DonneesIncoherentes, match="exactement une fois"):
        o.mesurer(HEIZER, ["A", "B"])


# --- Propriétés ----------------------------------------------------------------------------

temps_2m = st.dictionaries(
    st.sampled_from("ABCDEF"), st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=5
)


@REGLAGES
@given(temps_2m)
def test_johnson_jamais_pire_que_une_autre_sequence(temps):
    meilleure = o.duree_totale_deux_machines(temps, o.johnson(temps))
    assert meilleure == o.meilleure_duree_totale(temps)
    assert meilleure >= max(sum(a for a, _ in temps.values()), sum(b for _, b in temps.values()))


files = st.lists(st.tuples(st.integers(1, 9), st.integers(0, 30)), min_size=1, max_size=6).map(
    lambda lignes: [OrdreFabrication(f"OF{i}", d, due, i) for i, (d, due) in enumerate(lignes)]
)


@REGLAGES
@given(files)
def test_pcto_minimise_le_sejour_moyen_et_dbpt_le_retard_max(ofs):
    sejour_pcto = o.mesurer(ofs, o.sequencer(ofs, "PCTO")).sejour_moyen
    seq_dbpt = o.sequencer(ofs, "DBPT")
    for permutation in itertools.permutations([of.numero for of in ofs]):
        m = o.mesurer(ofs, permutation)
        assert m.sejour_moyen >= sejour_pcto - 1e-9
        assert m.encours_moyen * m.duree_totale == pytest.approx(m.sejour_moyen * len(ofs))
    par = {of.numero: of for of in ofs}
    m = o.mesurer(ofs, seq_dbpt)
    retard_max = max(m.fins[k] - par[k].date_besoin for k in seq_dbpt)
    for permutation in itertools.permutations(par):
        autre = o.mesurer(ofs, permutation)
        assert max(autre.fins[k] - par[k].date_besoin for k in permutation) >= retard_max - 1e-9


ateliers = st.lists(
    st.tuples(
        st.permutations(["P1", "P2", "P3"]).flatmap(
            lambda postes: st.lists(st.integers(1, 6), min_size=1, max_size=3).map(
                lambda durees: tuple(zip(postes, durees))
            )
        ),
        st.integers(0, 5),
        st.integers(5, 30),
    ),
    min_size=1,
    max_size=5,
).map(lambda lignes: [OFAtelier(f"OF{i}", ops, due, dispo, i) for i, (ops, dispo, due) in enumerate(lignes)])


@REGLAGES
@given(ateliers, st.sampled_from(list(o.REGLES)), st.integers(0, 10), st.integers(1, 8))
def test_planning_au_plus_tot_respecte_les_contraintes(ofs, regle, debut_panne, longueur):
    panne = {"P2": [(debut_panne, debut_panne + longueur)]}
    for indispo in (None, panne):
        planning = o.planifier(ofs, o.ordre_priorite(ofs, regle), indispo)
        assert o.ecarts_planning(ofs, planning.operations, indispo) == []
        assert planning.duree_totale >= max(of.disponible + of.travail for of in ofs)


# --- Vérification par contraintes ----------------------------------------------------------


def test_ecarts_planning_nomme_chaque_contrainte():
    ofs = [OFAtelier("A", (("SCIE", 2), ("CINT", 3)), 10, disponible=1), OFAtelier("B", (("SCIE", 2),), 10)]
    bon = {("A", "SCIE"): (1, 3), ("A", "CINT"): (3, 6), ("B", "SCIE"): (3, 5)}
    assert o.ecarts_planning(ofs, bon) == []
    assert any("avant sa date de disponibilité" in d for d in o.ecarts_planning(ofs, {**bon, ("A", "SCIE"): (0, 2)}))
    assert any("gamme non respectée" in d for d in o.ecarts_planning(ofs, {**bon, ("A", "CINT"): (2, 5)}))
    assert any("se chevauchent" in d for d in o.ecarts_planning(ofs, {**bon, ("B", "SCIE"): (2, 4)}))
    assert any("dure 3 au lieu de 2" in d for d in o.ecarts_planning(ofs, {**bon, ("B", "SCIE"): (3, 6)}))
    assert any("indisponible" in d for d in o.ecarts_planning(ofs, bon, {"CINT": [(4, 5)]}))
    assert "opérations manquantes" in o.ecarts_planning(ofs, {("A", "SCIE"): (1, 3)})[0]


def test_verifier_planning_du_cahier():
    c = construire()
    ref = c.planning()
    verifier_forme_planning(ref.operations, c.gammes_atelier(), nom="planning")
    verifier_planning_atelier(ref.operations, c.atelier, ref)
    with pytest.raises(EcartReponse, match="Piste : vous avez placé les OF dans l'ordre d'arrivée"):
        verifier_planning_atelier(c.planning("PEPS").operations, c.atelier, ref, erreurs_types=c.erreurs_planning())
    faux = dict(ref.operations)
    faux[("OF-2431", "PEIN")] = (0, 6)
    with pytest.raises(EcartReponse, match="Planning impossible : gamme non respectée"):
        verifier_planning_atelier(faux, c.atelier, ref)
    panne = c.planning(avec_panne=True)
    verifier_planning_atelier(panne.operations, c.atelier, panne, indisponibilites=c.indisponibilites)
    with pytest.raises(EcartReponse, match="indisponible"):
        verifier_planning_atelier(
            ref.operations,
            c.atelier,
            panne,
            indisponibilites=c.indisponibilites,
            erreurs_types=c.erreurs_planning(True),
        )
    with pytest.raises(EcartReponse, match="il manque"):
        verifier_forme_planning({}, c.gammes_atelier(), nom="planning")


# --- Cas du cahier : références et erreurs types --------------------------------------------


def test_cas_du_cahier():
    c = construire()
    assert c.sequence("PCTO") == ["OF-2414", "OF-2412", "OF-2411", "OF-2416", "OF-2415", "OF-2413"]
    # égalité de ratio critique (OF-2412 et OF-2415 : 2) : l'OF arrivé le premier passe d'abord
    assert c.sequence("RC")[:2] == ["OF-2412", "OF-2415"]
    assert c.mesures("PCTO") == pytest.approx(
        {"sejour_moyen": 8.5, "retard_moyen": 1.0, "nb_en_retard": 2, "encours_moyen": 51 / 19}
    )
    assert c.sequence_johnson() == ["OF-2425", "OF-2423", "OF-2421", "OF-2426", "OF-2424", "OF-2422"]
    assert c.duree_totale_johnson() == 37 == o.meilleure_duree_totale(c.temps_johnson)
    assert (c.planning().duree_totale, c.planning().retard_total) == (33, 8)


@pytest.mark.parametrize("regle", ["PCTO", "DBPT", "RC"])
def test_erreurs_types_distinctes(regle):
    c = construire()
    erreurs = c.erreurs_sequence(regle)
    assert erreurs and all(v != c.sequence(regle) for v in erreurs.values())
    for v in c.erreurs_mesures(regle).values():
        assert any(abs(v[k] - c.mesures(regle)[k]) > 0.01 for k in v)


def test_erreurs_types_johnson_et_planning_distinctes():
    c = construire()
    assert all(v != c.sequence_johnson() for v in c.erreurs_johnson().values())
    assert len(c.erreurs_johnson()) == 3
    assert all(v != c.duree_totale_johnson() for v in c.erreurs_duree_johnson().values())
    for panne in (False, True):
        erreurs = c.erreurs_planning(panne)
        assert erreurs and all(v != c.planning(avec_panne=panne).operations for v in erreurs.values())


# --- Graphiques ----------------------------------------------------------------------------


def test_graphiques():
    c = construire()
    ax = tracer_regle(c.file_attente, "DBPT")
    assert [t.get_text() for t in ax.get_yticklabels()] == c.sequence("DBPT")
    assert "OF en retard 1" in ax.get_title()
    ax = tracer_file(HEIZER, list("ABCDE"), titre="PEPS")
    assert "séjour moyen 15,4" in ax.get_title()
    ax = tracer_johnson(c.temps_johnson, c.sequence_johnson(), postes=("SOUD", "PEIN"))
    assert "durée totale 37 h" in ax.get_title()
    ax = tracer_planning(
        c.planning(avec_panne=True).operations,
        indisponibilites=c.indisponibilites,
        postes=["SCIE", "CINT", "SOUD", "TOUR", "PEIN"],
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["SCIE", "CINT", "SOUD", "TOUR", "PEIN"]
    plt.close("all")


# --- Variantes par apprenant ---------------------------------------------------------------


@pytest.fixture(scope="module")
def variantes():
    return {ident: cas(ident) for ident in APPRENANTS}


def test_cas_de_base_est_une_variante_valide():
    verifier_variante(construire())


def test_variantes_solubles_et_erreurs_types_distinctes(variantes):
    for c in variantes.values():
        verifier_variante(c)  # ne lève pas : conditions de solvabilité et de non-ambiguïté
        for regle in ("PCTO", "DBPT", "RC"):
            assert c.erreurs_sequence(regle)
            assert all(v != c.sequence(regle) for v in c.erreurs_sequence(regle).values())
        ref = c.mesures("PCTO")
        for cle in ref:
            assert any(abs(e[cle] - ref[cle]) > 0.01 for e in c.erreurs_mesures("PCTO").values())
        assert c.erreurs_johnson() and all(v != c.sequence_johnson() for v in c.erreurs_johnson().values())
        assert c.erreurs_duree_johnson()
        assert all(v != c.duree_totale_johnson() for v in c.erreurs_duree_johnson().values())
        for panne in (False, True):
            ref_planning = c.planning(avec_panne=panne)
            indispo = c.indisponibilites if panne else None
            verifier_planning_atelier(ref_planning.operations, c.atelier, ref_planning, indisponibilites=indispo)
            for faux in c.erreurs_planning(panne).values():
                with pytest.raises(EcartReponse, match="Piste"):
                    verifier_planning_atelier(
                        faux, c.atelier, ref_planning, indisponibilites=indispo, erreurs_types=c.erreurs_planning(panne)
                    )


def test_variantes_realistes(variantes):
    for c in variantes.values():
        assert all(of.duree >= 1 and of.date_besoin >= 2 for of in c.file_attente)
        assert all(a >= 1 and b >= 1 for a, b in c.temps_johnson.values())
        assert all(of.quantite >= 10 and 0 <= of.disponible <= 4 and of.date_besoin >= 8 for of in c.atelier)
        assert [of.numero for of in c.atelier] == [of.numero for of in construire().atelier]
        poste, debut, fin = c.parametres.panne
        assert poste == "CINT" and 0 < debut < fin


def test_variantes_reproductibles_et_differentes():
    verifier_reproductible(cas, lambda c: c, ident="apprenant3")
    reponses = {
        "PCTO": lambda c: c.sequence("PCTO"),
        "DBPT": lambda c: c.sequence("DBPT"),
        "RC": lambda c: c.sequence("RC"),
        "mesures": lambda c: c.mesures("PCTO"),
        "Johnson": lambda c: c.sequence_johnson() + [c.duree_totale_johnson()],
        "planning": lambda c: c.planning().operations,
        "panne": lambda c: c.planning(avec_panne=True).operations,
    }
    verifier_paires_differentes(cas, reponses, part=0.85)
