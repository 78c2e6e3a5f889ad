"""Cas du cahier « Réception, expédition et inventaire » (source/bdc2_lancement/03_reception_expedition_inventaire)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import logistique
from gpedu.calculs.logistique import LigneLivraison, Lot
from gpedu.correction import EcartReponse


@dataclass(frozen=True)
class ParametresLogistique:
    """Les paramètres du cas (une variante d'apprenant n'aurait qu'à en changer)."""

    bons_livraison: tuple[str, ...] = ("BL 5531", "BL 20417")
    bon_exemple: str = "BL 88412"
    tolerance_reception: float = 0.02
    periodes_comptage: tuple[tuple[str, int], ...] = (("A", 4), ("B", 8), ("C", 13))
    article_lots: str = "RO20"
    demande_lots: int = 60
    commandes_expedition: tuple[str, ...] = ("CC-2405", "CC-2406")


@dataclass(frozen=True)
class CasLogistique:
    parametres: ParametresLogistique
    commande: dict[str, int]
    livraison: list[LigneLivraison]
    classes: dict[str, str]
    semaines_depuis_comptage: dict[str, int]
    stock_theorique: dict[str, int]
    comptages: dict[str, int]
    couts: dict[str, float]
    lots: list[Lot]
    sorties: dict[str, int]
    implantation_actuelle: dict[str, str]
    distances: dict[str, float]
    expeditions: dict[str, dict]

    # -- réception
    @property
    def tolerance(self) -> float:
        return self.parametres.tolerance_reception

    def controle(self) -> pd.DataFrame:
        return logistique.controler_reception(self.commande, self.livraison, self.tolerance)

    def ecarts_reception(self) -> dict[str, int]:
        return {a: int(v) for a, v in self.controle()["ecart"].items()}

    def decisions_reception(self) -> dict[str, str]:
        return dict(self.controle()["decision"])

    def entrees_stock(self) -> dict[str, int]:
        return {a: int(v) for a, v in self.controle()["entree_stock"].items()}

    def erreurs_ecarts_reception(self) -> dict[str, dict[str, int]]:
        c = self.controle()
        return {
            "les pièces endommagées n'ont pas été retirées de la quantité reçue": {
                a: int(r.recue - r.commandee) for a, r in c.iterrows()
            },
            "l'écart se calcule par rapport à la commande, pas au bon de livraison": {
                a: int(r.conforme - r.bl) for a, r in c.iterrows()
            },
            "écart calculé à l'envers : reçu conforme − commandé (négatif quand il manque des pièces)": {
                a: int(-r.ecart) for a, r in c.iterrows()
            },
        }

    def erreurs_decisions_reception(self) -> dict[str, dict[str, str]]:
        sans_tolerance = {
            ligne.article: logistique.decision_reception(
                self.commande.get(ligne.article, 0), ligne, self.tolerance, ignorer_tolerance=True
            )
            for ligne in self.livraison
        }
        return {"un écart dans la tolérance de réception s'accepte sans litige": sans_tolerance}

    def erreurs_entrees_stock(self) -> dict[str, dict[str, int]]:
        c = self.controle()
        return {
            "vous avez recopié la quantité du bon de livraison au lieu de ce qui est reçu conforme": {
                a: int(r.bl) for a, r in c.iterrows()
            },
            "les pièces endommagées ne rentrent pas en stock (elles partent en litige)": {
                a: int(r.recue if r.decision != "refuser" else 0) for a, r in c.iterrows()
            },
            "un article non commandé (refusé) ne rentre pas en stock : il repart chez le fournisseur": {
                a: int(r.conforme) for a, r in c.iterrows()
            },
        }

    # -- inventaire tournant
    @property
    def periodes(self) -> dict[str, int]:
        return dict(self.parametres.periodes_comptage)

    def a_compter(self) -> list[str]:
        return logistique.references_a_compter(self.classes, self.semaines_depuis_comptage, self.periodes)

    def erreurs_a_compter(self) -> dict[str, list[str]]:
        strict = [r for r, c in self.classes.items() if self.semaines_depuis_comptage[r] > self.periodes[c]]
        plus_court = min(self.periodes.values())
        tout = [r for r in self.classes if self.semaines_depuis_comptage[r] >= plus_court]
        return {
            "une référence est à compter dès que la période de sa classe est atteinte (≥, pas >)": strict,
            "chaque classe a sa propre période : les B et les C se comptent moins souvent": tout,
        }

    def ecarts_inventaire(self) -> dict[str, int]:
        return logistique.ecarts_inventaire(self.stock_theorique, self.comptages)

    def valeur_ecarts(self) -> dict[str, float]:
        return logistique.valeur_ecarts(self.ecarts_inventaire(), self.couts)

    def taux_fiabilite(self) -> float:
        return logistique.taux_fiabilite(self.ecarts_inventaire())

    def erreurs_ecarts_inventaire(self) -> dict[str, dict[str, int]]:
        return {
            "écart = quantité comptée − stock théorique (ici le signe est inversé)": {
                r: -e for r, e in self.ecarts_inventaire().items()
            }
        }

    def erreurs_valeur_ecarts(self) -> dict[str, dict[str, float]]:
        return {
            "écart = quantité comptée − stock théorique (ici le signe est inversé)": {
                r: -v for r, v in self.valeur_ecarts().items()
            },
            "valeur du stock compté au lieu de la valeur de l'écart": {
                r: round(q * self.couts[r], 2) for r, q in self.comptages.items()
            },
        }

    def erreurs_taux_fiabilite(self) -> dict[str, float]:
        ecarts = self.ecarts_inventaire()
        avec_ecart = sum(1 for e in ecarts.values() if e != 0)
        return {
            "vous avez donné la part des références AVEC écart ; la fiabilité compte celles SANS écart": round(
                100 * avec_ecart / len(ecarts), 1
            ),
            "on divise par le nombre de références comptées, pas par toutes les références du magasin": round(
                100 * (len(ecarts) - avec_ecart) / len(self.classes), 1
            ),
        }

    # -- prélèvement
    def prelevement(self, regle: str) -> dict[str, int]:
        return logistique.prelever(self.lots, self.parametres.demande_lots, regle)

    def erreurs_prelevement(self, regle: str) -> dict[str, dict[str, int]]:
        autres = {
            "FEFO": {
                "vous avez servi les lots par date d'entrée (FIFO) ; en FEFO, c'est la date limite qui compte": "FIFO",
                "le lot le plus récent ne sort pas en premier (c'est du LIFO)": "LIFO",
            },
            "FIFO": {
                "vous avez servi les lots par date limite (FEFO) ; en FIFO, c'est la date d'entrée qui compte": "FEFO",
                "le lot le plus récent ne sort pas en premier (c'est du LIFO)": "LIFO",
            },
        }[regle]
        erreurs = {piste: self.prelevement(r) for piste, r in autres.items()}
        if regle == "FEFO":
            egalite = logistique.ordre_prelevement(self.lots, "FEFO")
            erreurs["à date limite égale, on sert d'abord le lot entré le plus tôt"] = _prelever_dans(
                sorted(egalite, key=lambda lot: (lot.date_limite, _inverse(lot.date_entree))),
                self.parametres.demande_lots,
            )
        return erreurs

    # -- implantation
    def implantation(self) -> dict[str, str]:
        return logistique.implanter(self.sorties, self.distances)

    def distance(self, implantation: dict[str, str] | None = None, aller_retour: bool = True) -> float:
        return logistique.distance_parcourue(
            self.sorties, implantation or self.implantation(), self.distances, aller_retour=aller_retour
        )

    def erreurs_implantation(self) -> dict[str, dict[str, str]]:
        references = sorted(self.sorties, key=lambda r: (self.sorties[r], r))
        emplacements = sorted(self.distances, key=lambda e: (self.distances[e], e))
        return {
            "les références les PLUS sorties vont au plus près de l'expédition (tri décroissant)": dict(
                zip(references, emplacements)
            )
        }

    def erreurs_distance(self) -> dict[str, float]:
        return {
            "un prélèvement est un aller-retour : distance × 2": self.distance(aller_retour=False),
            "vous avez calculé la distance de l'implantation actuelle, pas de la nouvelle": self.distance(
                self.implantation_actuelle
            ),
        }

    # -- expédition
    def expedition(self, commande: str) -> logistique.Expedition:
        e = self.expeditions[commande]
        return logistique.preparer_expedition(
            e["quantite"],
            unites_par_colis=e["unites_par_colis"],
            poids_colis_kg=e["poids_colis_kg"],
            colis_par_palette=e["colis_par_palette"],
            poids_palette_vide_kg=e["poids_palette_vide_kg"],
        )

    def palettes(self) -> dict[str, int]:
        return {c: self.expedition(c).palettes for c in self.expeditions}

    def poids(self) -> dict[str, float]:
        return {c: self.expedition(c).poids_kg for c in self.expeditions}

    def erreurs_palettes(self) -> dict[str, dict[str, int]]:
        return {
            "une palette entamée compte : arrondissez le nombre de palettes au supérieur": {
                c: self.expedition(c).colis // e["colis_par_palette"] for c, e in self.expeditions.items()
            }
        }

    def erreurs_poids(self) -> dict[str, dict[str, float]]:
        return {
            "le poids brut comprend aussi les palettes vides": {
                c: round(self.expedition(c).colis * e["poids_colis_kg"], 2) for c, e in self.expeditions.items()
            }
        }


def _inverse(date: str) -> str:
    """Clé de tri qui range les dates ISO de la plus récente à la plus ancienne."""
    return "".join(chr(ord("9") - ord(ch) + ord("0")) if ch.isdigit() else ch for ch in date)


def _prelever_dans(lots_ordonnes: list[Lot], demande: int) -> dict[str, int]:
    reste, resultat = demande, {}
    for lot in lots_ordonnes:
        resultat[lot.numero] = min(reste, lot.quantite)
        reste -= resultat[lot.numero]
    return resultat


def verifier_liste_references(obtenu, attendu: list[str], *, nom: str, erreurs_types=None):
    """Une liste de références dont l'ordre n'importe pas : nomme les manquantes et celles en trop."""
    valeurs = list(obtenu) if isinstance(obtenu, (list, tuple, set)) else None
    if valeurs is None or not all(isinstance(v, str) for v in valeurs):
        raise EcartReponse(f'« {nom} » doit être une liste de codes d\'articles, par exemple ["D100", "RO20"].')
    manquantes = [r for r in attendu if r not in valeurs]
    en_trop = sorted({r for r in valeurs if r not in attendu})
    if not manquantes and not en_trop:
        return
    morceaux = []
    if manquantes:
        morceaux.append("il manque " + ", ".join(manquantes))
    if en_trop:
        morceaux.append("en trop : " + ", ".join(en_trop))
    message = f"{nom[:1].upper()}{nom[1:]} : " + " ; ".join(morceaux) + "."
    for piste, variante in (erreurs_types or {}).items():
        if set(variante) == set(valeurs) and set(variante) != set(attendu):
            message += f" Piste : {piste}."
            break
    raise EcartReponse(message)


def lignes_livraison(table: pd.DataFrame) -> list[LigneLivraison]:
    return [
        LigneLivraison(r.article, int(r.quantite_bl), int(r.quantite_recue), int(r.quantite_endommagee))
        for r in table.itertuples()
    ]


@cache
def cas(parametres: ParametresLogistique = ParametresLogistique()) -> CasLogistique:
    """Le cas du cahier, tiré des données de l'entreprise et des tables logistique_*."""
    articles = entreprise.articles()
    livraisons = entreprise.charger("logistique_livraisons")
    livraisons = livraisons[livraisons.bon_livraison.isin(parametres.bons_livraison)]
    commandes = entreprise.charger("logistique_commandes")
    commandes = commandes[commandes.commande.isin(set(livraisons.commande))]
    inventaire = entreprise.charger("logistique_inventaire").set_index("article")
    comptes = inventaire.quantite_comptee.dropna()
    lots = entreprise.charger("logistique_lots")
    lots = lots[lots.article == parametres.article_lots]
    sorties = entreprise.charger("logistique_sorties").set_index("article")
    colisage = entreprise.charger("logistique_colisage").set_index("article")
    clients = entreprise.charger("commandes_clients").set_index("numero")
    expeditions = {}
    for numero in parametres.commandes_expedition:
        ligne = clients.loc[numero]
        expeditions[numero] = {
            "client": ligne.client,
            "article": ligne.article,
            "quantite": int(ligne.quantite),
            "unites_par_colis": int(colisage.at[ligne.article, "unites_par_colis"]),
            "poids_colis_kg": float(colisage.at[ligne.article, "poids_colis_kg"]),
            "colis_par_palette": int(colisage.at[ligne.article, "colis_par_palette"]),
            "poids_palette_vide_kg": float(colisage.at[ligne.article, "poids_palette_vide_kg"]),
        }
    return CasLogistique(
        parametres=parametres,
        commande={a: int(q) for a, q in zip(commandes.article, commandes.quantite_commandee)},
        livraison=lignes_livraison(livraisons),
        classes=dict(inventaire.classe),
        semaines_depuis_comptage={a: int(s) for a, s in inventaire.semaines_depuis_comptage.items()},
        stock_theorique={a: int(s) for a, s in articles.stock.items()},
        comptages={a: int(q) for a, q in comptes.items() if a in set(_a_compter(inventaire, parametres))},
        couts={a: float(c) for a, c in articles.cout_unitaire_eur.items()},
        lots=[Lot(r.lot, r.date_entree, int(r.quantite), r.date_limite) for r in lots.itertuples()],
        sorties={a: int(s) for a, s in sorties.sorties_par_mois.items()},
        implantation_actuelle=dict(sorties.emplacement_actuel),
        distances={
            e: float(d) for e, d in entreprise.charger("logistique_emplacements")[["emplacement", "distance_m"]].values
        },
        expeditions=expeditions,
    )


def _a_compter(inventaire: pd.DataFrame, parametres: ParametresLogistique) -> list[str]:
    return logistique.references_a_compter(
        dict(inventaire.classe), dict(inventaire.semaines_depuis_comptage), dict(parametres.periodes_comptage)
    )


def exemple_reception() -> pd.DataFrame:
    """Le contrôle de la livraison de l'exemple résolu (roues RO20, CF 24-052)."""
    p = ParametresLogistique()
    livraisons = entreprise.charger("logistique_livraisons")
    livraisons = livraisons[livraisons.bon_livraison == p.bon_exemple]
    commandes = entreprise.charger("logistique_commandes")
    commandes = commandes[commandes.commande.isin(set(livraisons.commande))]
    commande = {a: int(q) for a, q in zip(commandes.article, commandes.quantite_commandee)}
    return logistique.controler_reception(commande, lignes_livraison(livraisons), p.tolerance_reception)
