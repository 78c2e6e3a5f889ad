"""Préprocesseur nbgrader des retours : une phrase française à la place de chaque trace d'erreur."""

import html
import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from gpedu.correction import TYPE_EXAMEN, message_apprenant


class MessagesEnFrancais(Preprocessor):
    """Remplace la trace (qui peut citer des lignes de tests cachés) par le message pour l'apprenant."""

    enabled = Bool(True, help="actif par défaut (un préprocesseur nbconvert est inactif sinon)").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        # les empreintes des réponses (détection de copie) ne regardent que le formateur
        cell.outputs = [s for s in cell.get("outputs", []) if TYPE_EXAMEN not in s.get("data", {})]
        for sortie in cell.outputs:
            if sortie.output_type == "error":
                message = message_apprenant(sortie.ename, sortie.evalue)
                sortie.traceback = [f"\x1b[1;31m✘ {message}\x1b[0m"]
                sortie.evalue = message
        return cell, resources


def texte_html(page: str) -> str:
    """Le texte lisible d'une page de retour : sans styles ni balises, entités décodées, espaces réduits."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))
