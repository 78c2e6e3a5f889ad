"""Calculs de référence de la GPAO pédagogique (un module par méthode)."""
