"""Les cas des cahiers : données de chaque exercice, références et erreurs types.

Un module par cahier. Les tests cachés recalculent ici la référence à partir des
données de l'entreprise : aucune valeur attendue n'est recopiée dans un cahier.
"""
