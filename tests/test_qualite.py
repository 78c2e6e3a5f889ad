"""Le harnais détecte ce qu'il doit détecter : on casse volontairement une copie du cours."""

import nbformat

from gpedu.cours.qualite import verifier_devoir, verifier_normalisation

from .conftest import copier_cours

DEVOIR, CAHIER = "bdc1_planification", "03_calcul_des_besoins_nets"


def cellule(cahier, grade_id):
    return next(c for c in cahier.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_harnais_detecte_fuite_reference_cassee_et_test_trop_facile(tmp_path):
    racine = copier_cours(tmp_path / "cours", "source", "release")
    source_nb = racine / "source" / DEVOIR / f"{CAHIER}.ipynb"
    release_nb = racine / "release" / DEVOIR / f"{CAHIER}.ipynb"

    # 1. une ligne de solution recopiée dans la version apprenant du dépôt
    version = nbformat.read(release_nb, as_version=4)
    cellule(version, "reponse_q1").source += "\nbesoins_nets_c200.append(manque)"
    nbformat.write(version, release_nb)

    source = nbformat.read(source_nb, as_version=4)
    # 2. une réponse de référence fausse (délai oublié pour les lancements)
    reponse = cellule(source, "reponse_q2")
    reponse.source = reponse.source.replace("ordres_c200[1:] + [0]", "list(ordres_c200)")
    # 3. un test qui ne regarde pas la réponse : il passe sur la version vierge
    cellule(source, "test_q1").source = (
        "bareme = Bareme(points=1)\n"
        "### BEGIN HIDDEN TESTS\n"
        "from gpedu.correction import verifier_liste\n"
        "from gpedu.exercices import cbn as exercice\n"
        'with bareme.partie("Besoins nets"):\n'
        '    bn = exercice.cas().article("C200").besoins_nets\n'
        '    verifier_liste(bn, bn, nom="bn")\n'
        "### END HIDDEN TESTS\n"
        "bareme.resultat()"
    )
    nbformat.write(source, source_nb)

    messages = {(c.verification, c.message) for c in verifier_devoir(racine, DEVOIR)}
    verifications = {v for v, _ in messages}
    assert ("fuite", "version du dépôt : 'besoins_nets_c200.append(manque)'") in messages
    assert "a_jour" in verifications
    assert ("reference", "test_q2 : 1.0 / 2.0 (ref.ines)") in messages  # les trois apprenants de référence
    assert ("reference", "test_q2 : 1.0 / 2.0 (ref.zoe)") in messages
    assert ("vierge", "test_q1 : 1.0 / 1.0 sans aucune réponse") in messages
    assert any(v == "retour" and m.startswith("test_q1 : pas de message") for v, m in messages)
    # le reste du cahier reste conforme
    assert "publication" not in verifications and "normalisation" not in verifications


def test_normalisation_signale_les_defauts(tmp_path):
    chemin = tmp_path / "cahier.ipynb"
    cahier = nbformat.read(copier_cours(tmp_path / "c", "source") / "source" / DEVOIR / f"{CAHIER}.ipynb", 4)
    cahier.metadata.kernelspec.name = "conda-env-ds"
    cellule(cahier, "preparation").outputs = [nbformat.v4.new_output("stream", text="bonjour")]
    cellule(cahier, "test_q2").metadata["gpedu"]["competences"] = ["TSGP.CP99"]
    cellule(cahier, "test_q3").metadata.pop("gpedu")
    cellule(cahier, "test_q4").metadata["nbgrader"]["points"] = 4
    cellule(cahier, "reponse_q4").metadata["nbgrader"]["grade_id"] = "reponse_q3"
    nbformat.write(cahier, chemin)
    defauts = "\n".join(verifier_normalisation(chemin))
    assert "noyau « conda-env-ds » au lieu de « python3 »" in defauts
    assert "sorties enregistrées" in defauts
    assert "compétences inconnues TSGP.CP99" in defauts
    assert "« test_q3 » : aucune compétence déclarée" in defauts
    assert "« test_q4 » : Bareme(points=…) différent des 4 points" in defauts
    assert "identifiant « reponse_q3 » en double" in defauts


def test_normalisation_cahier_illisible(tmp_path):
    chemin = tmp_path / "abime.ipynb"
    chemin.write_text("{")
    assert verifier_normalisation(chemin)[0].startswith("cahier illisible")


def test_avertissement_ne_met_pas_zero(tmp_path):
    """Un avertissement écrit sur stderr pendant un test ne retire pas de points (IgnorePattern)."""
    racine = copier_cours(tmp_path / "cours", "source", "release")
    source_nb = racine / "source" / DEVOIR / f"{CAHIER}.ipynb"
    source = nbformat.read(source_nb, as_version=4)
    test = cellule(source, "test_q1")
    test.source = 'import sys\nprint("FutureWarning: fonction obsolète", file=sys.stderr)\n' + test.source
    nbformat.write(source, source_nb)
    verifications = {c.verification for c in verifier_devoir(racine, DEVOIR)}
    assert "reference" not in verifications and "vierge" not in verifications
