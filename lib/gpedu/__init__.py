"""gpedu : la « GPAO » pédagogique des cahiers de gestion de production."""

__version__ = "0.1.0"
