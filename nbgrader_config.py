"""Configuration nbgrader du cours gpedu, lue par nbgrader et par la commande ``gpedu``."""

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from gpedu.cours import MODELES
from gpedu.cours.retours import MessagesEnFrancais

c = get_config()  # noqa: F821 (fourni par nbgrader)

c.CourseDirectory.course_id = "gpedu"

# Échange nbgrader dans le cours (onglet « Assignments » de l'apprenant, Release/Collect du Formgrader).
c.Exchange.root = str(Path(__file__).resolve().parent / "echange")

# Exécution : toujours le noyau python3 de l'environnement, 60 s au plus par cellule.
c.ExecutePreprocessor.kernel_name = "python3"
c.Execute.timeout = 60
c.Execute.startup_timeout = 120

# Un avertissement (FutureWarning, DeprecationWarning…) ne met jamais zéro à une bonne réponse.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"Warning"

# Version apprenant : cellules de réponse à compléter, en français.
c.ClearSolutions.code_stub = {
    "python": "# Écrivez votre réponse ici (à la place de la ligne suivante).\n"
    'raise NotImplementedError("Réponse à compléter")'
}
c.ClearSolutions.text_stub = "_Écrivez votre réponse ici._"

# Une cellule notée supprimée par l'apprenant est remise (et notée zéro) au lieu de bloquer la note.
c.OverwriteCells.add_missing_cells = True

# Retours : ni tests cachés ni traces d'erreur, un message français par question, modèle en français.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, MessagesEnFrancais, CSSHTMLHeaderPreprocessor]
c.HTMLExporter.template_name = "retour"
c.HTMLExporter.extra_template_basedirs = [str(MODELES)]


# Journal des noyaux réduit aux erreurs (pas d'avertissements techniques pendant la correction).
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
