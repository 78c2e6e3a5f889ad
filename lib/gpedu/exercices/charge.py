"""Cas du cahier « Charge et capacité » (source/bdc1_planification/04_charge_et_capacite).

``construire()`` donne le cas de base (les tables de Vallet Manutention) ; ``cas()`` celui de
l'apprenant courant, tiré autour du cas de base par ``tirer_parametres`` (``cas("alice.martin")`` :
celui d'Alice).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property

from gpedu import entreprise
from gpedu.calculs import charge
from gpedu.calculs.charge import OptionsLissage, OrdreFabrication, PlanLissage
from gpedu.correction import EcartReponse, examinee
from gpedu.variantes import autour, exiger, par_apprenant

TOLERANCE_COUT_EUR = 50.0  # un lissage est accepté s'il ne coûte pas plus que le meilleur + 50 €


@dataclass(frozen=True)
class DonneesCharge:
    """Les paramètres d'un cas (une variante = d'autres valeurs)."""

    ofs: tuple[OrdreFabrication, ...]
    phases: tuple[tuple[str, str, float, float], ...]  # (article, poste, préparation h, unitaire h)
    postes: tuple[tuple[str, int, int, float, int, float], ...]  # (code, machines, équipes, h, jours, taux €/h)
    horizon: int
    poste_lisse: str
    heures_sup_max: float
    majoration: float
    cout_sous_traitance: float
    of_exemple: str  # l'OF de la question 1

    @property
    def capacites(self) -> dict[str, float]:
        return {code: charge.capacite_hebdomadaire(m, e, h, j) for code, m, e, h, j, _ in self.postes}

    @property
    def options(self) -> OptionsLissage:
        taux = {code: t for code, *_, t in self.postes}[self.poste_lisse]
        return OptionsLissage(
            self.poste_lisse, self.heures_sup_max, round(taux * (1 + self.majoration), 4), self.cout_sous_traitance
        )

    def of(self, numero: str) -> OrdreFabrication:
        return {of.numero: of for of in self.ofs}[numero]


@cache
def donnees_entreprise() -> DonneesCharge:
    """Le cas tiré des tables de Vallet Manutention (charge_of, charge_options, gammes, postes_de_charge)."""
    table = entreprise.charger("charge_of")
    ofs = tuple(
        OrdreFabrication(
            o.of,
            o.article,
            int(o.quantite),
            int(o.semaine_prevue),
            int(o.semaine_au_plus_tot),
            int(o.semaine_au_plus_tard),
            float(o.cout_avance_eur_semaine),
        )
        for o in table.itertuples(index=False)
    )
    gammes = entreprise.charger("gammes")
    phases = tuple(
        (a, p, float(tp), float(tu))
        for a, p, tp, tu in gammes[["article", "poste", "temps_preparation_h", "temps_unitaire_h"]].itertuples(
            index=False
        )
    )
    postes = tuple(
        (
            p.code,
            int(p.nombre_machines),
            int(p.equipes),
            float(p.heures_par_equipe),
            int(p.jours_par_semaine),
            float(p.taux_horaire_eur),
        )
        for p in entreprise.charger("postes_de_charge").itertuples(index=False)
    )
    o = entreprise.charger("charge_options").iloc[0]
    return DonneesCharge(
        ofs=ofs,
        phases=phases,
        postes=postes,
        horizon=entreprise.HORIZON,
        poste_lisse=str(o.poste),
        heures_sup_max=float(o.heures_sup_max_semaine),
        majoration=float(o.majoration_heures_sup),
        cout_sous_traitance=float(o.sous_traitance_eur_heure),
        of_exemple="OF-3101",
    )


def _arrondir(valeurs: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in valeurs.items()}


@dataclass(frozen=True)
class CasCharge:
    """Références, erreurs types et vérification par contraintes de chaque question."""

    d: DonneesCharge

    # --- Q1 : charge d'un OF -----------------------------------------------------------------
    @property
    def charge_of_exemple(self) -> dict[str, float]:
        of = self.d.of(self.d.of_exemple)
        return charge.charge_of(of.article, of.quantite, self.d.phases)

    def erreurs_charge_of(self) -> dict[str, dict[str, float]]:
        of = self.d.of(self.d.of_exemple)
        sans_prep = [(a, p, 0.0, tu) for a, p, _, tu in self.d.phases]
        prep_par_piece = [(a, p, 0.0, tp + tu) for a, p, tp, tu in self.d.phases]
        erreurs = {
            "temps de préparation oublié : il compte une fois par OF": charge.charge_of(
                of.article, of.quantite, sans_prep
            ),
            "préparation multipliée par la quantité : elle ne compte qu'une fois par OF": charge.charge_of(
                of.article, of.quantite, prep_par_piece
            ),
        }
        return {k: v for k, v in erreurs.items() if v != self.charge_of_exemple}

    # --- Q2 : capacités ----------------------------------------------------------------------
    @property
    def capacites(self) -> dict[str, float]:
        return self.d.capacites

    def erreurs_capacites(self) -> dict[str, dict[str, float]]:
        erreurs = {
            "nombre de machines oublié": {
                c: charge.capacite_hebdomadaire(1, e, h, j) for c, m, e, h, j, _ in self.d.postes
            },
            "nombre d'équipes oublié": {
                c: charge.capacite_hebdomadaire(m, 1, h, j) for c, m, e, h, j, _ in self.d.postes
            },
            "semaine de 7 jours : l'atelier travaille 5 jours": {
                c: charge.capacite_hebdomadaire(m, e, h, 7) for c, m, e, h, j, _ in self.d.postes
            },
        }
        return {k: v for k, v in erreurs.items() if v != self.capacites}

    # --- Q3 : charge par poste et taux -------------------------------------------------------
    def _charges(self, phases=None) -> dict[str, list[float]]:
        return charge.charge_par_poste(
            self.d.ofs, phases or self.d.phases, self.d.horizon, postes=[p[0] for p in self.d.postes]
        )

    @cached_property
    def charges(self) -> dict[str, list[float]]:
        return self._charges()

    def erreurs_charges(self) -> dict[str, dict[str, list[float]]]:
        sans_prep = [(a, p, 0.0, tu) for a, p, _, tu in self.d.phases]
        return {"temps de préparation oublié : il compte une fois par OF": self._charges(sans_prep)}

    @property
    def taux_lisse(self) -> list[float]:
        p = self.d.poste_lisse
        return charge.taux_de_charge(self.charges[p], self.capacites[p])

    def erreurs_taux(self) -> dict[str, list[float]]:
        p = self.d.poste_lisse
        c = self.charges[p]
        erreurs = {
            "taux donné en fraction (1,05) et non en pourcentage (105)": [round(x / self.capacites[p], 3) for x in c],
            "taux calculé à l'envers (capacité / charge)": [
                round(100 * self.capacites[p] / x, 1) if x else 0.0 for x in c
            ],
        }
        return {k: v for k, v in erreurs.items() if v != self.taux_lisse}

    @property
    def semaines_surcharge(self) -> list[int]:
        p = self.d.poste_lisse
        return [t + 1 for t, c in enumerate(self.charges[p]) if c > self.capacites[p] + 1e-9]

    # --- Q4 : ajuster la capacité sans rien déplacer ------------------------------------------
    def _cout_sans_deplacement(self, options: OptionsLissage) -> float:
        p = self.d.poste_lisse
        hs, st = charge.ajustement_minimal(self.charges[p], self.capacites[p], options)
        return charge.cout_lissage(self.d.ofs, {}, hs, st, options)

    @property
    def cout_sans_deplacement(self) -> float:
        return self._cout_sans_deplacement(self.d.options)

    def erreurs_cout_sans_deplacement(self) -> dict[str, float]:
        o = self.d.options
        taux = {code: t for code, *_, t in self.d.postes}[self.d.poste_lisse]
        erreurs = {
            "heures supplémentaires non plafonnées : au-delà du maximum, il faut sous-traiter": (
                self._cout_sans_deplacement(replace(o, heures_sup_max=10**6))
            ),
            "tout en sous-traitance : les heures supplémentaires, moins chères, passent d'abord": (
                self._cout_sans_deplacement(replace(o, heures_sup_max=0))
            ),
            "majoration des heures supplémentaires oubliée": self._cout_sans_deplacement(
                replace(o, cout_heure_sup=taux)
            ),
        }
        return {k: v for k, v in erreurs.items() if abs(v - self.cout_sans_deplacement) > 0.01}

    # --- Q5 : lissage ------------------------------------------------------------------------
    @cached_property
    def lissage_reference(self) -> PlanLissage:
        return charge.lissage_optimal(self.d.ofs, self.d.phases, self.capacites, self.d.options, self.d.horizon)

    def problemes(self, semaines_of, heures_sup, sous_traitance) -> list[str]:
        """Les contraintes non respectées par un plan de lissage (liste vide : plan valide)."""
        return charge.problemes_lissage(
            self.d.ofs,
            self.d.phases,
            self.capacites,
            self.d.options,
            semaines_of,
            heures_sup,
            sous_traitance,
            self.d.horizon,
        )

    def cout(self, semaines_of, heures_sup, sous_traitance) -> float:
        return charge.cout_lissage(self.d.ofs, semaines_of, heures_sup, sous_traitance, self.d.options)


def _nb(valeur: float) -> str:
    return f"{float(valeur):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _liste_nombres(valeurs, nom: str, longueur: int) -> list[float]:
    try:
        liste = [float(v) for v in valeurs]
    except (TypeError, ValueError):
        raise EcartReponse(f"« {nom} » doit être une liste de {longueur} nombres.") from None
    if len(liste) != longueur:
        raise EcartReponse(f"« {nom} » doit contenir {longueur} valeurs, elle en contient {len(liste)}.")
    return liste


def verifier_forme_lissage(semaines_of, heures_sup, sous_traitance, d: DonneesCharge | None = None):
    """Forme d'un plan de lissage : dictionnaire OF → semaine pour tous les OF, deux listes de 8 nombres."""
    d = cas().d if d is None else d
    if not isinstance(semaines_of, Mapping):
        raise EcartReponse("« semaines_of » doit être un dictionnaire {numéro d'OF: semaine}.")
    manquants = [of.numero for of in d.ofs if of.numero not in semaines_of]
    if manquants:
        raise EcartReponse(f"« semaines_of » : il manque les OF {', '.join(manquants)}.")
    en_trop = [str(n) for n in semaines_of if n not in {of.numero for of in d.ofs}]
    if en_trop:
        raise EcartReponse(f"« semaines_of » : OF inconnus {', '.join(en_trop)}.")
    _liste_nombres(heures_sup, "heures_sup_mont", d.horizon)
    _liste_nombres(sous_traitance, "sous_traitance_mont", d.horizon)


@examinee
def verifier_contraintes_lissage(semaines_of, heures_sup, sous_traitance, c: CasCharge | None = None):
    """Chaque OF dans ses marges, heures sup. plafonnées, plus aucune surcharge sur aucun poste.

    ``c`` : le cas (par défaut celui de l'apprenant dont on corrige la copie)."""
    c = cas() if c is None else c
    verifier_forme_lissage(semaines_of, heures_sup, sous_traitance, c.d)
    problemes = c.problemes(
        dict(semaines_of),
        _liste_nombres(heures_sup, "heures_sup_mont", c.d.horizon),
        _liste_nombres(sous_traitance, "sous_traitance_mont", c.d.horizon),
    )
    if problemes:
        reste = len(problemes) - 3
        message = " ; ".join(problemes[:3]) + (f" ; … et {reste} autre(s) problème(s)" if reste > 0 else "")
        raise EcartReponse(message[:1].upper() + message[1:] + ".")


@examinee
def verifier_cout_lissage(semaines_of, heures_sup, sous_traitance, cout_annonce=None, c: CasCharge | None = None):
    """Coût annoncé juste, et pas plus de ``TOLERANCE_COUT_EUR`` au-dessus du meilleur plan."""
    c = cas() if c is None else c
    hs = _liste_nombres(heures_sup, "heures_sup_mont", c.d.horizon)
    st = _liste_nombres(sous_traitance, "sous_traitance_mont", c.d.horizon)
    cout = c.cout(dict(semaines_of), hs, st)
    if cout_annonce is not None and abs(float(cout_annonce) - cout) > 1:
        raise EcartReponse(
            f"Le coût annoncé ({_nb(cout_annonce)} €) n'est pas celui de votre plan : {_nb(cout)} € "
            "(avances × coût d'avance + heures sup. × coût horaire + sous-traitance × coût horaire)."
        )
    meilleur = c.lissage_reference.cout
    if cout > meilleur + TOLERANCE_COUT_EUR:
        raise EcartReponse(
            f"Votre plan coûte {_nb(cout)} € ; on peut faire au moins {_nb(cout - meilleur)} € moins cher. "
            "Piste : retarder un OF dans sa marge ne coûte rien ; regroupez dans une même semaine les lots "
            "qui la surchargent le moins."
        )


def construire(donnees: DonneesCharge | None = None) -> CasCharge:
    """Le cas construit à partir de ses données (sans argument : le cas de base, tables de l'entreprise)."""
    return CasCharge(donnees_entreprise() if donnees is None else donnees)


PAS_QUANTITE = 10  # quantités des OF tirées au multiple de 10 (5 pour les chariots, lots plus petits)
OF_EXEMPLES = ("CH10", "ES01", "PO30", "PL50")  # articles dont un OF peut servir à la question 1


def tirer_parametres(alea: random.Random) -> DonneesCharge:
    """Les données d'un apprenant : autour du cas de base, dans des bornes réalistes.

    Varient : la quantité et le coût d'avance de chaque OF (semaines et marges inchangées), les temps de
    préparation et unitaires des gammes, les heures par équipe (7 h, 7,5 h ou 8 h) et le taux horaire de
    chaque poste, le plafond d'heures sup. et le tarif de sous-traitance, l'OF de la question 1.
    """
    base = donnees_entreprise()
    ofs = tuple(
        replace(
            of,
            quantite=autour(alea, of.quantite, 0.25, 5 if of.article == "C200" else PAS_QUANTITE),
            cout_avance=autour(alea, of.cout_avance, 0.3, 1) if of.cout_avance >= 4 else of.cout_avance,
        )
        for of in base.ofs
    )
    phases = tuple(
        (a, poste, max(0.05, autour(alea, tp, 0.3, 0.05)), max(0.01, autour(alea, tu, 0.2, 0.01)))
        for a, poste, tp, tu in base.phases
    )
    postes = tuple(
        (code, m, e, alea.choice((7.0, 7.5, 8.0)), j, autour(alea, taux, 0.15, 1))
        for code, m, e, _, j, taux in base.postes
    )
    return replace(
        base,
        ofs=ofs,
        phases=phases,
        postes=postes,
        heures_sup_max=alea.choice((2.0, 2.5, 3.0, 3.5, 4.0)),
        cout_sous_traitance=autour(alea, base.cout_sous_traitance, 0.15, 5),
        of_exemple=alea.choice([of.numero for of in ofs if of.article in OF_EXEMPLES]),
    )


def conditions(c: CasCharge) -> dict[str, bool]:
    """Ce qu'un cas doit respecter pour être un bon exercice (soluble, sans ambiguïté, pistes distinctes).

    Les conditions coûteuses (le lissage optimal) sont évaluées en dernier, seulement si les autres tiennent.
    """
    d, mont = c.d, c.d.poste_lisse
    capacite = c.capacites[mont]
    resultats = {
        "pistes de la charge d'un OF": bool(c.erreurs_charge_of()),
        "pistes des capacités": len(c.erreurs_capacites()) == 3,
        "sous-traitance plus chère que les heures sup.": d.options.cout_sous_traitance > d.options.cout_heure_sup,
        "montage en surcharge une à quatre semaines": 1 <= len(c.semaines_surcharge) <= 4,
        "aucune charge du montage égale à la capacité (surcharge ambiguë)": all(
            abs(x - capacite) > 0.05 for x in c.charges[mont]
        ),
        "les autres postes ne sont pas en surcharge au plan prévu": all(
            x <= c.capacites[poste] + 1e-9 for poste, ligne in c.charges.items() if poste != mont for x in ligne
        ),
        "pistes du taux de charge": len(c.erreurs_taux()) == 2,
        "pistes du coût sans déplacement (plafond, priorité, majoration)": len(c.erreurs_cout_sans_deplacement()) == 3,
    }
    if all(resultats.values()):
        ecart = c.cout_sans_deplacement - c.lissage_reference.cout
        resultats["le lissage vaut la peine (le plan sans déplacement est refusé)"] = ecart > TOLERANCE_COUT_EUR + 20
    return resultats


@par_apprenant("04_charge_et_capacite")
def cas(alea: random.Random) -> CasCharge:
    """Le cas de l'apprenant (``cas()`` : l'apprenant courant ; ``cas("alice.martin")`` : Alice)."""
    resultat = construire(tirer_parametres(alea))
    for raison, respectee in conditions(resultat).items():
        exiger(respectee, raison)
    return resultat
