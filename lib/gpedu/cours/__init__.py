"""Côté formateur : le cours nbgrader (publication, import, correction, qualité)."""

from pathlib import Path

MODELES = Path(__file__).parent / "modeles"
