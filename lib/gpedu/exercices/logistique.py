"""Cas du cahier « Réception, expédition et inventaire » (source/bdc2_lancement/03_reception_expedition_inventaire)."""

from __future__ import annotations

import dataclasses
import functools
import random
from dataclasses import dataclass

import pandas as pd

from gpedu import entreprise
from gpedu.calculs import logistique
from gpedu.calculs.logistique import LigneLivraison, Lot
from gpedu.variantes import autour, exiger, exiger_pistes_distinctes, par_apprenant


@dataclass(frozen=True)
class ParametresLogistique:
    """Les paramètres du cas. Un champ à ``None`` : la valeur des tables de l'entreprise (cas de base)."""

    bons_livraison: tuple[str, ...] = ("BL 5531", "BL 20417")
    bon_exemple: str = "BL 88412"
    tolerance_reception: float = 0.02
    periodes_comptage: tuple[tuple[str, int], ...] = (("A", 4), ("B", 8), ("C", 13))
    article_lots: str = "RO20"
    demande_lots: int = 60
    commandes_expedition: tuple[str, ...] = ("CC-2405", "CC-2406")
    # variantes (None : tables logistique_* et articles)
    commande: dict[str, int] | None = None
    livraison: tuple[LigneLivraison, ...] | None = None
    semaines_depuis_comptage: dict[str, int] | None = None
    stock_theorique: dict[str, int] | None = None
    comptages: dict[str, int] | None = None
    quantites_lots: dict[str, int] | None = None
    sorties: dict[str, int] | None = None
    quantites_expedition: dict[str, int] | None = None


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


def lignes_livraison(table: pd.DataFrame) -> list[LigneLivraison]:
    return [
        LigneLivraison(r.article, int(r.quantite_bl), int(r.quantite_recue), int(r.quantite_endommagee))
        for r in table.itertuples()
    ]


def construire(parametres: ParametresLogistique = ParametresLogistique()) -> CasLogistique:
    """Le cas du cahier, tiré des données de l'entreprise et des tables logistique_* (puis des paramètres)."""
    p = parametres
    articles = entreprise.articles()
    livraisons = entreprise.charger("logistique_livraisons")
    livraisons = livraisons[livraisons.bon_livraison.isin(p.bons_livraison)]
    commandes = entreprise.charger("logistique_commandes")
    commandes = commandes[commandes.commande.isin(set(livraisons.commande))]
    inventaire = entreprise.charger("logistique_inventaire").set_index("article")
    if p.semaines_depuis_comptage is not None:
        inventaire["semaines_depuis_comptage"] = pd.Series(p.semaines_depuis_comptage)
    lots = entreprise.charger("logistique_lots")
    lots = lots[lots.article == p.article_lots]
    sorties = entreprise.charger("logistique_sorties").set_index("article")
    colisage = entreprise.charger("logistique_colisage").set_index("article")
    clients = entreprise.charger("commandes_clients").set_index("numero")
    expeditions = {}
    for numero in p.commandes_expedition:
        ligne = clients.loc[numero]
        expeditions[numero] = {
            "client": ligne.client,
            "article": ligne.article,
            "quantite": int((p.quantites_expedition or {}).get(numero, ligne.quantite)),
            "unites_par_colis": int(colisage.at[ligne.article, "unites_par_colis"]),
            "poids_colis_kg": float(colisage.at[ligne.article, "poids_colis_kg"]),
            "colis_par_palette": int(colisage.at[ligne.article, "colis_par_palette"]),
            "poids_palette_vide_kg": float(colisage.at[ligne.article, "poids_palette_vide_kg"]),
        }
    if p.comptages is None:
        comptes = inventaire.quantite_comptee.dropna()
        a_compter = set(_a_compter(inventaire, p))
        comptages = {a: int(q) for a, q in comptes.items() if a in a_compter}
    else:
        comptages = dict(p.comptages)
    quantites_lots = p.quantites_lots or {}
    return CasLogistique(
        parametres=p,
        commande=dict(p.commande)
        if p.commande is not None
        else {a: int(q) for a, q in zip(commandes.article, commandes.quantite_commandee)},
        livraison=list(p.livraison) if p.livraison is not None else lignes_livraison(livraisons),
        classes=dict(inventaire.classe),
        semaines_depuis_comptage={a: int(s) for a, s in inventaire.semaines_depuis_comptage.items()},
        stock_theorique=dict(p.stock_theorique)
        if p.stock_theorique is not None
        else {a: int(s) for a, s in articles.stock.items()},
        comptages=comptages,
        couts={a: float(c) for a, c in articles.cout_unitaire_eur.items()},
        lots=[
            Lot(r.lot, r.date_entree, int(quantites_lots.get(r.lot, r.quantite)), r.date_limite)
            for r in lots.itertuples()
        ],
        sorties=dict(p.sorties) if p.sorties is not None else {a: int(s) for a, s in sorties.sorties_par_mois.items()},
        implantation_actuelle=dict(sorties.emplacement_actuel),
        distances={
            e: float(d) for e, d in entreprise.charger("logistique_emplacements")[["emplacement", "distance_m"]].values
        },
        expeditions=expeditions,
    )


def tirer_parametres(alea: random.Random) -> ParametresLogistique:
    """Paramètres d'un apprenant : quantités, semaines, comptages, lots, sorties et commandes autour du cas de base."""
    base = _base()
    p = base.parametres
    periodes = dict(p.periodes_comptage)
    # réception : un article dans la tolérance, un non commandé, un reçu ≠ BL, un avec casse
    commande, livraison = {}, []
    for ligne in base.livraison:
        a = ligne.article
        if a not in base.commande:  # article non commandé : refusé
            livraison.append(LigneLivraison(a, *(2 * [autour(alea, ligne.quantite_bl, 0.4, 5)])))
            continue
        commandee = autour(alea, base.commande[a], 0.3, 10 if base.commande[a] >= 100 else 5)
        commande[a] = commandee
        if ligne.quantite_endommagee:  # casse
            livraison.append(LigneLivraison(a, commandee, commandee, alea.randint(2, 12)))
        elif ligne.quantite_recue != ligne.quantite_bl:  # reçu inférieur au BL
            livraison.append(LigneLivraison(a, commandee, commandee - alea.randint(2, 6)))
        else:  # léger manque, dans la tolérance
            manque = alea.randint(1, max(1, int(p.tolerance_reception * commandee)))
            livraison.append(LigneLivraison(a, commandee - manque, commandee - manque))
    # inventaire tournant
    bornes = {"A": (2, 6), "B": (4, 10), "C": (8, 15)}
    for _ in range(100):  # 4 à 7 références à compter, dont une exactement à sa période
        semaines = {a: alea.randint(*bornes[c]) for a, c in base.classes.items()}
        a_compter = logistique.references_a_compter(base.classes, semaines, periodes)
        if 4 <= len(a_compter) <= 7 and any(semaines[a] == periodes[c] for a, c in base.classes.items()):
            break
    stock = {a: max(5, autour(alea, s, 0.3, 1)) for a, s in base.stock_theorique.items()}
    for _ in range(100):  # au moins une référence juste et une fausse, fiabilité ≠ 50 %
        comptages = {}
        for a in a_compter:
            ecart = 0 if alea.random() < 0.45 else alea.choice([-1, 1]) * alea.randint(1, max(2, stock[a] // 8))
            comptages[a] = stock[a] + ecart
        justes = sum(1 for a in a_compter if comptages[a] == stock[a])
        if 0 < justes < len(a_compter) and 2 * justes != len(a_compter):
            break
    for _ in range(100):  # pas deux références avec autant de sorties
        sorties = {a: autour(alea, s, 0.3, 1) for a, s in base.sorties.items()}
        if len(set(sorties.values())) == len(sorties):
            break
    return dataclasses.replace(
        p,
        commande=commande,
        livraison=tuple(livraison),
        semaines_depuis_comptage=semaines,
        stock_theorique=stock,
        comptages=comptages,
        quantites_lots={lot.numero: autour(alea, lot.quantite, 0.35, 5) for lot in base.lots},
        demande_lots=autour(alea, p.demande_lots, 0.3, 5),
        sorties=sorties,
        quantites_expedition={c: autour(alea, e["quantite"], 0.4, 1) for c, e in base.expeditions.items()},
    )


@functools.cache
def _base() -> CasLogistique:
    return construire()


def conditions(c: CasLogistique) -> None:
    """Rejette un cas insoluble, ambigu, ou dont une erreur type donnerait la bonne réponse."""
    controle = c.controle()
    exiger(set(controle.decision) == {"accepter", "litige", "refuser"}, "décisions de réception incomplètes")
    exiger((controle.ecart != 0).all(), "écart de réception nul")
    exiger(4 <= len(c.a_compter()) <= 7, "trop peu ou trop de références à compter")
    exiger(
        any(c.semaines_depuis_comptage[r] == c.periodes[k] for r, k in c.classes.items()),
        "aucune référence exactement à sa période (≥ et > confondus)",
    )
    exiger(min(c.comptages.values()) >= 0, "quantité comptée négative")
    ecarts = c.ecarts_inventaire()
    exiger(0 < sum(1 for e in ecarts.values() if e == 0) < len(ecarts), "fiabilité de 0 % ou de 100 %")
    exiger(c.taux_fiabilite() != 50.0, "fiabilité de 50 % (part avec et sans écart confondues)")
    exiger(len(set(c.sorties.values())) == len(c.sorties), "deux références ont autant de sorties")
    demande, total = c.parametres.demande_lots, sum(lot.quantite for lot in c.lots)
    exiger(0 < demande < total, "demande de roues impossible à servir")
    fifo, fefo = c.prelevement("FIFO"), c.prelevement("FEFO")
    exiger(fifo != fefo and max(fifo.values()) < demande and max(fefo.values()) < demande, "FIFO = FEFO ou un seul lot")
    for regle in ("FIFO", "FEFO"):
        reference = c.prelevement(regle)
        exiger(all(v != reference for v in c.erreurs_prelevement(regle).values()), f"erreur type {regle} confondue")
    exiger(all(e["quantite"] > 0 for e in c.expeditions.values()), "commande client vide")
    exiger(c.palettes() != next(iter(c.erreurs_palettes().values())), "palettes toutes pleines")
    exiger(c.distance(c.implantation_actuelle) != c.distance(), "le rangement actuel est déjà optimal")
    exiger_pistes_distinctes(paires_erreurs(c))


def paires_erreurs(c: CasLogistique) -> list[tuple[object, dict]]:
    """Chaque référence avec ses erreurs types (pour vérifier qu'elles diffèrent)."""
    return [
        (c.ecarts_reception(), c.erreurs_ecarts_reception()),
        (c.decisions_reception(), c.erreurs_decisions_reception()),
        (c.entrees_stock(), c.erreurs_entrees_stock()),
        (sorted(c.a_compter()), {k: sorted(v) for k, v in c.erreurs_a_compter().items()}),
        (c.ecarts_inventaire(), c.erreurs_ecarts_inventaire()),
        (c.valeur_ecarts(), c.erreurs_valeur_ecarts()),
        (c.taux_fiabilite(), c.erreurs_taux_fiabilite()),
        (c.prelevement("FEFO"), c.erreurs_prelevement("FEFO")),
        (c.prelevement("FIFO"), c.erreurs_prelevement("FIFO")),
        (c.implantation(), c.erreurs_implantation()),
        (c.distance(), c.erreurs_distance()),
        (c.palettes(), c.erreurs_palettes()),
        (c.poids(), c.erreurs_poids()),
    ]


@par_apprenant("03_reception_expedition_inventaire")
def cas(alea: random.Random) -> CasLogistique:
    """Le cas de l'apprenant courant (``cas()``) ou d'un apprenant donné (``cas("alice.martin")``)."""
    resultat = construire(tirer_parametres(alea))
    conditions(resultat)
    return resultat


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
