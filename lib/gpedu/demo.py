"""La démonstration : le cycle complet du formateur sur des copies fournies avec le dépôt.

Les copies de ``demo/copies/`` sont celles d'apprenants fictifs : Alice (tout le devoir, juste),
Bruno (erreurs types), Chloé (rien rendu de rempli), David (fichier abîmé) et Emma
(mauvais fichier). ``fabriquer_copies`` les régénère depuis ``release/`` quand un
cahier change (``python -m gpedu.demo``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from gpedu.cours.livret import ecrire_livrets, ecrire_tableau_de_bord, pistes_texte
from gpedu.cours.operations import Cours
from gpedu.cours.reference import executer_reference, reponses_de_reference, variables_de_reponse
from gpedu.cours.retours import texte_html

DEVOIR = "bdc1_planification"
CAHIER = "03_calcul_des_besoins_nets"
COPIEUR = "fabien.roux"

REPONSES = {
    "bruno.petit": {
        "reponse_q1": "# Besoins nets de C200, semaines 1 à 8\nbesoins_nets_c200 = list(bb_c200)\n",
        "reponse_q2": (
            "# Ordres planifiés de C200 : réception et lancement\n"
            "stock = stock_c200\n"
            "ordres_c200 = []\n"
            "for besoin_brut in bb_c200:\n"
            "    manque = max(0, besoin_brut - stock)\n"
            "    ordres_c200.append(manque)\n"
            "    stock = stock + manque - besoin_brut\n"
            "lancements_c200 = [0] + ordres_c200[:-1]\n"
        ),
        "reponse_q3": (
            "# Roue RO20 : stock prévisionnel, ordres à recevoir, commandes à passer\n"
            "stock = stock_ro20\n"
            "stock_previsionnel_ro20, ordres_ro20 = [], []\n"
            "for semaine in range(8):\n"
            "    disponible = stock + receptions_ro20[semaine]\n"
            "    besoin_net = max(0, bb_ro20[semaine] - disponible)\n"
            "    ordre = -(-besoin_net // 200) * 200\n"
            "    ordres_ro20.append(ordre)\n"
            "    stock = disponible + ordre - bb_ro20[semaine]\n"
            "    stock_previsionnel_ro20.append(stock)\n"
            "lancements_ro20 = ordres_ro20[2:] + [0, 0]\n"
        ),
        "reponse_q4": (
            "# a) Codes de bas niveau\n"
            'codes_bas_niveau = {"D100": 0, "C200": 0, "CH10": 1, "PO30": 1, "PL50": 1, "RO20": 1, "ES01": 1,\n'
            '                    "TU25": 2, "TO15": 2, "BA20": 2}\n'
            "# b) Besoins bruts de TU25 (à partir des ordres des parents)\n"
            "ch10 = cbn.calculer_avec(d100.ordres, parametres['CH10'])\n"
            "po30 = cbn.calculer_avec(ordres_c200, parametres['PO30'])\n"
            "besoins_bruts_tu25 = [2 * c + 3 * h + 2 * p for c, h, p in zip(ordres_c200, ch10.ordres, po30.ordres)]\n"
            "# c) Lancements de TU25\n"
            "tu25 = cbn.calculer_avec(besoins_bruts_tu25, parametres['TU25'])\n"
            "lancements_tu25 = tu25.lancements\n"
            "retard_tu25 = 0\n"
        ),
        "analyse_retard": (
            "Le tube TU25 manque en semaine 2. Il faut appeler le fournisseur pour avancer la livraison."
        ),
    },
}


def reponses_recopiees(racine: Path, modele: str) -> dict[str, str]:
    """Les réponses de ``modele`` recopiées en valeurs : ce que rend qui recopie l'écran d'un autre.

    Chaque variable de réponse est écrite en dur avec la valeur attendue pour les données de ``modele``.
    """
    source = nbformat.read(racine / "source" / DEVOIR / f"{CAHIER}.ipynb", as_version=4)
    _, valeurs = executer_reference(racine, DEVOIR, CAHIER, modele)
    recopiees = {}
    for gid, noms in variables_de_reponse(source).items():
        simples = [n for n in noms if isinstance(valeurs.get(n), int | float | list | dict)]
        if simples:
            recopiees[gid] = "# Réponses recopiées\n" + "".join(f"{n} = {valeurs[n]!r}\n" for n in simples)
    return recopiees


def _remplir(racine: Path, cahier: str, reponses: dict[str, str] | None) -> nbformat.NotebookNode:
    """La version apprenant d'un cahier, remplie avec ``reponses`` (None : les solutions de référence)."""
    vierge = nbformat.read(racine / "release" / DEVOIR / f"{cahier}.ipynb", as_version=4)
    if reponses is None:
        reponses = reponses_de_reference(nbformat.read(racine / "source" / DEVOIR / f"{cahier}.ipynb", as_version=4))
    for cellule in vierge.cells:
        gid = cellule.metadata.get("nbgrader", {}).get("grade_id")
        if gid in reponses:
            cellule.source = reponses[gid]
    return vierge


def fabriquer_copies(racine: Path, destination: Path | None = None) -> Path:
    """Écrit les copies de démonstration à partir de la version apprenant (release/) du dépôt.

    Alice rend tout le devoir, juste ; Bruno et Chloé ne rendent que le cahier CBN (Bruno avec des
    erreurs types, Chloé sans rien remplir) ; Fabien recopie les résultats d'Alice (calculés sur les
    données d'Alice, pas les siennes) ; David envoie un fichier tronqué, Emma un mauvais fichier.
    """
    racine = Path(racine)
    destination = Path(destination or racine / "demo" / "copies" / DEVOIR)
    copies = {("alice.martin", c.stem): None for c in sorted((racine / "release" / DEVOIR).glob("*.ipynb"))}
    copies |= {("chloe.durand", CAHIER): {}, ("bruno.petit", CAHIER): REPONSES["bruno.petit"]}
    copies[COPIEUR, CAHIER] = reponses_recopiees(racine, "alice.martin")
    for (apprenant, cahier), reponses in copies.items():
        chemin = destination / apprenant / f"{cahier}.ipynb"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(_remplir(racine, cahier, reponses), chemin)
    vierge = nbformat.read(racine / "release" / DEVOIR / f"{CAHIER}.ipynb", as_version=4)
    abimee = destination / "david.moreau" / f"{CAHIER}.ipynb"
    abimee.parent.mkdir(parents=True, exist_ok=True)
    abimee.write_text(nbformat.writes(vierge)[:4000])  # envoi interrompu : JSON tronqué
    (destination / "emma.leroy").mkdir(parents=True, exist_ok=True)
    (destination / "emma.leroy" / "brouillon.txt").write_text("Calculs faits à la main, cahier pas encore rempli.\n")
    return destination


def _titre(texte: str) -> None:
    print(f"\n=== {texte} " + "=" * max(0, 70 - len(texte)))


def pistes(page: Path) -> list[str]:
    """Les indices d'erreurs types (« Piste : … ») donnés dans une page de retour."""
    return sorted(pistes_texte(texte_html(page.read_text(encoding="utf-8"))))


def lancer_demo(racine: Path) -> int:
    """Publier, inscrire, importer, corriger, afficher les notes et les retours."""
    cours = Cours(racine)
    demo = cours.racine / "demo"

    _titre("1. Publication de la version apprenant")
    for chemin in cours.publier():
        print(f"✔ {chemin.relative_to(cours.racine)}")

    _titre("2. Registre des apprenants")
    print(cours.inscrire(demo / "apprenants.csv"))

    _titre("3. Import des copies")
    print(cours.importer(demo / "copies" / DEVOIR, DEVOIR))

    _titre("4. Correction automatique et retours")
    rapport = cours.corriger(DEVOIR)
    print(rapport)

    _titre("5. Notes")
    tableau = cours.tableau_notes(DEVOIR)
    print(tableau.to_string(index=False))
    print("\n(La question « analyse » est corrigée par le formateur dans le Formgrader de JupyterLab.)")
    print("Fichiers de notes : " + ", ".join(str(f.relative_to(cours.racine)) for f in cours.exporter_notes(DEVOIR)))

    _titre("6. Retours aux apprenants (pages HTML)")
    for apprenant, pages in cours.retours(DEVOIR).items():
        for page in pages:
            print(f"{apprenant:>14} : {page.relative_to(cours.racine)}")
            for piste in pistes(page):
                print(f"{'':>17}piste donnée : {piste}")

    _titre("7. Livrets de compétences et tableau de bord")
    livrets = ecrire_livrets(cours, devoirs=[DEVOIR])  # les certifications qu'évalue le devoir
    print(livrets)
    print(f"Tableau de bord : {ecrire_tableau_de_bord(cours, DEVOIR).relative_to(cours.racine)}")
    attendus = {"alice.martin", "bruno.petit", "chloe.durand"}
    if not attendus <= set(rapport.faits):
        print(f"\n✘ La démonstration n'a pas corrigé toutes les copies attendues ({', '.join(sorted(attendus))}).")
        return 1
    print("\n✔ Démonstration terminée.")
    return 0


if __name__ == "__main__":
    print(f"Copies écrites dans {fabriquer_copies(Path(sys.argv[1] if len(sys.argv) > 1 else '.'))}")
