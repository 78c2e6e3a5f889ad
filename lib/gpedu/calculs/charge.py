"""Charge et capacité des postes de charge.

Conventions (docs/conventions.md, section « Charge et capacité ») :
- capacité hebdomadaire d'un poste = machines × équipes × heures par équipe × jours par semaine (5),
  × rendement si on en donne un (1 par défaut) ;
- taux de charge = charge / capacité, en pourcentage.
"""

from __future__ import annotations

from gpedu.calculs.cbn import DonneesIncoherentes


def capacite_hebdomadaire(
    nombre_machines: float,
    equipes: float,
    heures_par_equipe: float,
    jours_par_semaine: float = 5,
    rendement: float = 1.0,
) -> float:
    """Heures disponibles par semaine sur un poste."""
    if min(nombre_machines, equipes, heures_par_equipe, jours_par_semaine) < 0 or not 0 < rendement <= 1.5:
        raise DonneesIncoherentes("Capacité : valeurs négatives ou rendement hors de ]0 ; 1,5].")
    return float(round(nombre_machines * equipes * heures_par_equipe * jours_par_semaine * rendement, 4))


def capacites_postes(postes, rendement: float = 1.0) -> dict[str, float]:
    """Capacité hebdomadaire de chaque poste de la table ``postes_de_charge``."""
    return {
        p.code: capacite_hebdomadaire(p.nombre_machines, p.equipes, p.heures_par_equipe, p.jours_par_semaine, rendement)
        for p in postes.itertuples(index=False)
    }
