"""Les compétences des quatre certifications visées, avec des identifiants stables.

Source : les référentiels de ``shared/referentiels/`` (CQPM GPO, LOG, IND et titre
professionnel TSGP). Un identifiant ne change jamais : les cellules notées des
cahiers le citent dans leurs métadonnées ``gpedu.competences``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Competence:
    id: str
    certification: str
    bloc: str
    intitule: str


CERTIFICATIONS = {
    "GPO": "CQPM Technicien en gestion de production et ordonnancement",
    "LOG": "CQPM Pilote opérationnel en logistique de production",
    "IND": "CQPM Technicien en industrialisation et amélioration de procédés",
    "TSGP": "Titre professionnel Technicien supérieur en gestion de production",
}

_GPO_BDC1 = "BDC 1 – La planification et l'ordonnancement de la fabrication"
_GPO_BDC2 = "BDC 2 – La gestion de la fabrication"
_GPO_BDC173 = "BDC 173 – Le déploiement d'actions d'amélioration continue"
_LOG_0307 = "BDC0307 – Le pilotage de la réception, préparation et expédition des produits"
_LOG_0308 = "BDC0308 – La conduite de la gestion des stocks en lien avec la production"
_LOG_0309 = "BDC0309 – La contribution à un projet d'amélioration"
_IND_1 = "L'analyse du procédé de production"
_IND_2 = "La proposition de solutions d'amélioration du procédé de production"
_IND_3 = "La mise en œuvre d'une solution technique"
_IND_4 = "Le déploiement d'actions d'amélioration continue"
_TSGP_AT1 = "AT1 – Établir un état prévisionnel de charges, de flux et de stocks à moyen et long terme"
_TSGP_AT2 = "AT2 – Piloter les flux de production à moyen et court terme"
_TSGP_AT3 = "AT3 – Optimiser l'outil de gestion de production"

_LISTE = [
    ("GPO.BDC1.C1", _GPO_BDC1, "Programmer la fabrication"),
    ("GPO.BDC1.C2", _GPO_BDC1, "Planifier le travail et vérifier le programme de fabrication"),
    ("GPO.BDC2.C3", _GPO_BDC2, "Lancer les séries de fabrication"),
    ("GPO.BDC2.C4", _GPO_BDC2, "Suivre les données de fabrication"),
    ("GPO.BDC173.C5", _GPO_BDC173, "Définir des actions d'amélioration continue"),
    ("GPO.BDC173.C6", _GPO_BDC173, "Suivre un plan d'actions d'amélioration continue"),
    ("LOG.C1", _LOG_0307, "Assurer et contrôler la réception et/ou l'expédition des produits"),
    ("LOG.C2", _LOG_0307, "Contrôler et mettre à jour les stocks"),
    ("LOG.C3", _LOG_0307, "Organiser le stockage et l'implantation des produits"),
    ("LOG.C4", _LOG_0308, "Assurer la distribution des produits en fonction du programme de production"),
    ("LOG.C5", _LOG_0308, "Réguler l'acheminement entrant et sortant des produits"),
    ("LOG.C6", _LOG_0309, "Identifier les dysfonctionnements de son secteur et proposer des solutions d'amélioration"),
    ("LOG.C7", _LOG_0309, "Conduire les actions correctives confiées dans le cadre de plans d'actions"),
    ("IND.C1", _IND_1, "Déterminer et optimiser les temps opératoires"),
    ("IND.C2", _IND_1, "Établir un cahier des charges fonctionnel"),
    ("IND.C3", _IND_2, "Analyser l'effet d'une modification"),
    ("IND.C4", _IND_2, "Proposer des solutions adaptées"),
    ("IND.C5", _IND_3, "Programmer les actions liées à la solution"),
    ("IND.C6", _IND_3, "Identifier et corriger les écarts"),
    ("IND.C7", _IND_4, "Définir des actions d'amélioration continue"),
    ("IND.C8", _IND_4, "Suivre un plan d'actions d'amélioration continue"),
    ("TSGP.CP1", _TSGP_AT1, "Construire le Plan Directeur de Production à partir de l'analyse du PIC"),
    ("TSGP.CP2", _TSGP_AT1, "Garantir la mise à jour régulière et fiable des paramétrages et des données techniques"),
    ("TSGP.CP3", _TSGP_AT1, "Calculer et analyser les différents besoins en produits et en ressources"),
    ("TSGP.CP4", _TSGP_AT2, "Tenir et gérer les stocks"),
    ("TSGP.CP5", _TSGP_AT2, "Assurer l'équilibre charges de travail et capacités de production"),
    ("TSGP.CP6", _TSGP_AT2, "Lancer les ordres de fabrication et les commandes fournisseurs"),
    ("TSGP.CP7", _TSGP_AT2, "Ordonnancer les opérations de fabrication et en assurer le suivi de production"),
    ("TSGP.CP8", _TSGP_AT3, "Identifier et proposer des améliorations continues"),
    ("TSGP.CP9", _TSGP_AT3, "Mettre en œuvre des actions d'amélioration de gestion de production"),
    ("TSGP.CP10", _TSGP_AT3, "Coordonner des actions d'équipe et animer des réunions"),
]

COMPETENCES: dict[str, Competence] = {
    ident: Competence(ident, ident.split(".")[0], bloc, intitule) for ident, bloc, intitule in _LISTE
}


def competence(ident: str) -> Competence:
    """La compétence d'identifiant ``ident`` ; message clair si l'identifiant est inconnu."""
    try:
        return COMPETENCES[ident]
    except KeyError:
        raise KeyError(
            f"Compétence inconnue « {ident} » : identifiants valides de la forme TSGP.CP3, GPO.BDC1.C1, LOG.C2, IND.C1."
        ) from None
