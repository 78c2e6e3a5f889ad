"""Lancement des ordres de fabrication (OF) et des commandes fournisseurs.

Conventions (docs/conventions.md, section Lancement) :
- quantité à lancer = ⌈(besoin de production + besoin du service après-vente) / (1 − taux de rebut)⌉ ;
- regroupement : un OF couvre les besoins de sa semaine de lancement et des ``fenetre − 1`` semaines
  suivantes ; il est lancé à la première semaine qui a un besoin ; la marge de surlancement est
  appliquée **une fois**, sur la quantité regroupée ;
- temps alloué d'une phase = temps de préparation + quantité lancée × temps unitaire (heures) ;
- liste de prélèvement : quantité lancée × quantité de la nomenclature, arrondie à l'unité supérieure ;
- commande fournisseur : au moins le lot minimum, arrondi au multiple supérieur ; semaine de commande
  = semaine de besoin − délai fournisseur (avant la semaine 1 : commande en retard).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from gpedu.calculs import DonneesIncoherentes, arrondi_superieur
from gpedu.calculs.cbn import RegleLot


def _verifier_taux(taux_rebut: float) -> None:
    if not 0 <= taux_rebut < 1:
        raise DonneesIncoherentes(f"Taux de rebut {taux_rebut} : il doit être compris entre 0 (inclus) et 1 (exclu).")


# --- quantité à lancer ---------------------------------------------------------------------


def quantite_a_lancer(besoin: float, taux_rebut: float = 0.0, besoin_sav: float = 0.0) -> int:
    """Quantité à lancer = ⌈(besoin + besoin SAV) / (1 − taux de rebut)⌉.

    Avec cette quantité, les pièces bonnes attendues (quantité × (1 − taux)) couvrent le besoin.
    """
    _verifier_taux(taux_rebut)
    if besoin < 0 or besoin_sav < 0:
        raise DonneesIncoherentes("Quantité à lancer : les besoins doivent être positifs ou nuls.")
    total = besoin + besoin_sav
    if total == 0:
        return 0
    return arrondi_superieur(total / (1 - taux_rebut))


def cout_du_lancement(quantite_lancee: int, cout_unitaire: float, taux_rebut: float) -> dict[str, float]:
    """Coût des pièces lancées, pièces bonnes attendues et coût par pièce bonne."""
    _verifier_taux(taux_rebut)
    bonnes = quantite_lancee * (1 - taux_rebut)
    cout = quantite_lancee * cout_unitaire
    return {
        "quantite_lancee": quantite_lancee,
        "pieces_bonnes_attendues": bonnes,
        "cout_total": cout,
        "cout_par_piece_bonne": cout / bonnes if bonnes else 0.0,
    }


# --- regroupement --------------------------------------------------------------------------


def regrouper(besoins: Sequence[float], fenetre: int) -> list[float]:
    """Regroupe les besoins par fenêtres de ``fenetre`` semaines (liste : semaine 1 = indice 0).

    Règle : on part de la première semaine qui a un besoin ; l'OF regroupe les besoins de cette
    semaine et des ``fenetre − 1`` suivantes et porte sur la première semaine ; on recommence à la
    semaine suivante non couverte qui a un besoin. ``fenetre = 1`` : aucun regroupement.
    """
    if fenetre < 1:
        raise DonneesIncoherentes("Regroupement : la fenêtre doit être d'au moins 1 semaine.")
    regroupes = [0] * len(besoins)
    t = 0
    while t < len(besoins):
        if besoins[t] > 0:
            regroupes[t] = sum(besoins[t : t + fenetre])
            t += fenetre
        else:
            t += 1
    return regroupes


def lancements_regroupes(besoins: Sequence[float], fenetre: int, taux_rebut: float = 0.0) -> list[int]:
    """OF regroupés puis surlancés : ⌈besoin regroupé / (1 − taux)⌉ à la semaine du regroupement."""
    return [quantite_a_lancer(q, taux_rebut) for q in regrouper(besoins, fenetre)]


# --- l'ordre de fabrication ----------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """Une phase de la gamme, avec son temps alloué pour la quantité lancée."""

    numero: int
    poste: str
    designation: str
    temps_preparation_h: float
    temps_unitaire_h: float
    quantite: int

    @property
    def temps_alloue_h(self) -> float:
        """Temps alloué = temps de préparation + quantité × temps unitaire."""
        return self.temps_preparation_h + self.quantite * self.temps_unitaire_h


def temps_alloues(gamme: Iterable[Mapping], quantite: int) -> dict[int, float]:
    """{numéro de phase: temps alloué en heures} pour une quantité lancée."""
    return {int(p["phase"]): float(p["temps_preparation_h"]) + quantite * float(p["temps_unitaire_h"]) for p in gamme}


@dataclass(frozen=True)
class LignePrelevement:
    composant: str
    designation: str
    unite: str
    quantite: int
    emplacement: str = ""


def liste_de_prelevement(article: str, quantite: int, liens: Iterable[tuple[str, str, float]]) -> dict[str, int]:
    """Composants directs de ``article`` × quantité lancée : {composant: quantité à prélever}."""
    prelevement = {c: arrondi_superieur(quantite * q) for p, c, q in liens if p == article}
    if not prelevement:
        raise DonneesIncoherentes(f"L'article {article} n'a pas de nomenclature : rien à prélever.")
    return prelevement


def manquants(prelevement: Mapping[str, int], stock_disponible: Mapping[str, int]) -> dict[str, int]:
    """Quantité manquante de chaque composant : max(0, à prélever − stock disponible)."""
    return {c: max(0, q - int(stock_disponible.get(c, 0))) for c, q in prelevement.items()}


@dataclass
class OrdreFabrication:
    """Un OF prêt à imprimer (``_repr_html_`` dans Jupyter, ``tableau_phases()`` pour les calculs)."""

    numero: str
    article: str
    designation: str
    quantite: int
    besoin: int
    taux_rebut: float
    semaine_lancement: int
    semaine_besoin: int
    phases: list[Phase]
    prelevement: list[LignePrelevement] = field(default_factory=list)
    entreprise: str = "Vallet Manutention"

    @property
    def temps_total_h(self) -> float:
        return sum(p.temps_alloue_h for p in self.phases)

    def tableau_phases(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "phase": [p.numero for p in self.phases],
                "poste": [p.poste for p in self.phases],
                "designation": [p.designation for p in self.phases],
                "temps_preparation_h": [p.temps_preparation_h for p in self.phases],
                "temps_unitaire_h": [p.temps_unitaire_h for p in self.phases],
                "temps_alloue_h": [round(p.temps_alloue_h, 2) for p in self.phases],
            }
        ).set_index("phase")

    def _repr_html_(self) -> str:
        e = html.escape

        def nombre(x, decimales=2):
            return f"{x:.{decimales}f}".replace(".", ",")

        lignes_phases = "".join(
            f"<tr><td>{p.numero}</td><td>{e(p.poste)}</td><td>{e(p.designation)}</td>"
            f"<td style='text-align:right'>{nombre(p.temps_preparation_h)}</td>"
            f"<td style='text-align:right'>{nombre(p.temps_unitaire_h, 3)}</td>"
            f"<td style='text-align:right'><b>{nombre(p.temps_alloue_h)}</b></td>"
            "<td style='width:5em'></td><td style='width:5em'></td></tr>"
            for p in self.phases
        )
        lignes_prelevement = "".join(
            f"<tr><td>{e(lp.composant)}</td><td>{e(lp.designation)}</td><td>{e(lp.emplacement)}</td>"
            f"<td style='text-align:right'>{lp.quantite} {e(lp.unite)}</td><td style='width:5em'></td></tr>"
            for lp in self.prelevement
        )
        bloc_prelevement = (
            "<h4 style='margin:8px 0 4px'>Liste de prélèvement (magasin)</h4>"
            "<table style='border-collapse:collapse;width:100%' border='1' cellpadding='3'>"
            "<tr style='background:#eee'><th>Composant</th><th>Désignation</th><th>Emplacement</th>"
            f"<th>Quantité</th><th>Servi</th></tr>{lignes_prelevement}</table>"
            if self.prelevement
            else ""
        )
        return (
            "<div class='gpedu-of' style='border:2px solid #1f4e79;padding:10px;max-width:800px;"
            "font-family:sans-serif;background:white;color:black'>"
            f"<div style='display:flex;justify-content:space-between'><b>{e(self.entreprise)}</b>"
            f"<span>ORDRE DE FABRICATION <b>{e(self.numero)}</b></span></div><hr>"
            "<table style='width:100%'>"
            f"<tr><td>Article : <b>{e(self.article)}</b> — {e(self.designation)}</td>"
            f"<td>Quantité lancée : <b>{self.quantite}</b></td></tr>"
            f"<tr><td>Besoin à couvrir : {self.besoin} (taux de rebut prévu {nombre(100 * self.taux_rebut, 1)} %)</td>"
            f"<td>Lancement : semaine {self.semaine_lancement} — fin au plus tard : semaine "
            f"{self.semaine_besoin}</td></tr></table>"
            "<h4 style='margin:8px 0 4px'>Gamme et temps alloués (heures)</h4>"
            "<table style='border-collapse:collapse;width:100%' border='1' cellpadding='3'>"
            "<tr style='background:#eee'><th>Phase</th><th>Poste</th><th>Opération</th><th>Prépa.</th>"
            "<th>Unitaire</th><th>Alloué</th><th>Bonnes</th><th>Rebuts</th></tr>"
            f"{lignes_phases}<tr><td colspan='5' style='text-align:right'>Total</td>"
            f"<td style='text-align:right'><b>{nombre(self.temps_total_h)}</b></td><td></td><td></td></tr></table>"
            f"{bloc_prelevement}"
            "<p style='font-size:small;margin-top:8px'>Visa ordonnancement : ........ &nbsp; "
            "Visa chef d'atelier : ........ &nbsp; Date de clôture : ........</p></div>"
        )


def ordre_de_fabrication(
    numero: str,
    article: str,
    *,
    besoin: int,
    taux_rebut: float,
    semaine_besoin: int,
    delai: int,
    gammes: pd.DataFrame,
    articles: pd.DataFrame,
    liens: Iterable[tuple[str, str, float]] = (),
    emplacements: Mapping[str, str] | None = None,
    besoin_sav: int = 0,
) -> OrdreFabrication:
    """Construit l'OF : quantité surlancée, phases de la gamme avec temps alloués, liste de prélèvement.

    ``gammes`` : table des gammes (colonnes article, phase, poste, designation, temps_preparation_h,
    temps_unitaire_h) ; ``articles`` : table des articles indexée par code.
    """
    if article not in articles.index:
        raise DonneesIncoherentes(f"Article inconnu : {article}.")
    gamme = gammes[gammes.article == article].sort_values("phase")
    if gamme.empty:
        raise DonneesIncoherentes(f"L'article {article} n'a pas de gamme : il ne se fabrique pas.")
    quantite = quantite_a_lancer(besoin, taux_rebut, besoin_sav)
    phases = [
        Phase(int(p.phase), p.poste, p.designation, float(p.temps_preparation_h), float(p.temps_unitaire_h), quantite)
        for p in gamme.itertuples(index=False)
    ]
    liens = list(liens)
    prelevement = []
    if any(p == article for p, _, _ in liens):
        for composant, q in liste_de_prelevement(article, quantite, liens).items():
            a = articles.loc[composant]
            prelevement.append(
                LignePrelevement(composant, a.designation, a.unite, q, (emplacements or {}).get(composant, ""))
            )
    return OrdreFabrication(
        numero=numero,
        article=article,
        designation=articles.loc[article, "designation"],
        quantite=quantite,
        besoin=int(besoin + besoin_sav),
        taux_rebut=taux_rebut,
        semaine_lancement=semaine_besoin - delai,
        semaine_besoin=semaine_besoin,
        phases=phases,
        prelevement=prelevement,
    )


# --- commandes fournisseurs ----------------------------------------------------------------


@dataclass(frozen=True)
class CommandeFournisseur:
    article: str
    quantite: int
    semaine_commande: int
    semaine_besoin: int

    @property
    def en_retard(self) -> bool:
        return self.semaine_commande < 1


def commande_fournisseur(
    article: str, besoin: int, semaine_besoin: int, *, delai: int, lot_minimum: int = 0, lot_multiple: int = 1
) -> CommandeFournisseur:
    """Quantité = max(besoin, lot minimum) arrondie au multiple supérieur ; commande = besoin − délai."""
    if besoin <= 0:
        raise DonneesIncoherentes(f"Commande de {article} : le besoin doit être positif.")
    if delai < 0:
        raise DonneesIncoherentes(f"Commande de {article} : le délai doit être positif ou nul.")
    quantite = RegleLot(minimum=lot_minimum, multiple=lot_multiple).ajuster(besoin)
    return CommandeFournisseur(article, quantite, semaine_besoin - delai, semaine_besoin)
