"""Isolement des copies pendant la correction.

Quand la correction tourne en ``root`` (serveur du centre, CI), le noyau Python de chaque copie
est lancé sous un utilisateur sans droits (``nobody``) avec ``setpriv`` : il ne peut lire ni les
cahiers sources, ni la base de notes, ni les copies des autres apprenants, ni écrire leurs
résultats. Sans ``root``, le noyau tourne sous l'utilisateur du formateur (voir le README).
Dans les deux cas, son fichier de connexion et ses sockets Unix sont dans le cours temporaire.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
import uuid
from functools import cache
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Unicode

UTILISATEUR = "nobody"
PRIVES = ("source", "gradebook.db", "submitted", "autograded", "feedback", "notes", "sauvegardes", "demo")


@cache
def possible() -> bool:
    """L'isolement est-il possible ici : root, ``setpriv``, l'utilisateur sans droits, et Python lançable par lui ?

    ``GPEDU_ISOLEMENT=0`` le désactive.
    """
    if os.environ.get("GPEDU_ISOLEMENT") == "0":
        return False
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    try:
        uid, gid = _ids()
        essai = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]
        subprocess.run(
            [*essai, sys.executable, "-c", "import ipykernel, gpedu"], check=True, capture_output=True, timeout=120
        )
    except (KeyError, OSError, subprocess.SubprocessError):
        return False
    return True


def _ids() -> tuple[int, int]:
    compte = pwd.getpwnam(UTILISATEUR)
    return compte.pw_uid, compte.pw_gid


def proteger_cours(racine: Path) -> None:
    """Retire aux « autres » l'accès aux dossiers privés du cours (sources, notes, copies)."""
    for nom in PRIVES:
        chemin = Path(racine, nom)
        if chemin.exists():
            mode = stat.S_IMODE(chemin.stat().st_mode)
            chemin.chmod(mode & ~0o007)


def preparer(dossier: Path, config, isoler: bool) -> None:
    """Configure le noyau de la copie dans son cours temporaire ; isolé sous ``nobody`` si ``isoler``."""
    noyau = Path(dossier, "noyau")
    noyau.mkdir(mode=0o700, exist_ok=True)
    # sockets Unix dans le cours temporaire : pas de course aux ports TCP entre noyaux lancés en même temps
    config.KernelManager.transport = "ipc"
    config.Execute.kernel_manager_class = NoyauIsole if isoler else NoyauCopie
    config.NoyauCopie.dossier = str(dossier)
    if not isoler:
        return
    uid, gid = _ids()
    dossier.chmod(0o711)  # traversable, pas listable
    for nom in ("gradebook.db", "source", "submitted"):
        Path(dossier, nom).chmod(0o700 if Path(dossier, nom).is_dir() else 0o600)
    Path(dossier, "autograded").mkdir(mode=0o711, exist_ok=True)
    Path(dossier, "autograded").chmod(0o711)
    os.chown(noyau, uid, gid)  # fichier de connexion et sockets : au noyau seul
    maison = dossier / "maison"
    maison.mkdir(mode=0o700, exist_ok=True)
    os.chown(maison, uid, gid)


class NoyauCopie(AsyncKernelManager):
    """Noyau d'une copie : fichier de connexion et sockets dans le dossier ``noyau`` du cours temporaire."""

    dossier = Unicode("", help="cours temporaire de la copie").tag(config=True)

    async def _async_pre_start_kernel(self, **kw):
        self.connection_file = str(Path(self.dossier, "noyau", f"noyau-{uuid.uuid4()}.json"))
        self.ip = os.path.splitext(self.connection_file)[0] + "-ipc"
        return await super()._async_pre_start_kernel(**kw)


class NoyauIsole(NoyauCopie):
    """Noyau lancé sous l'utilisateur sans droits, avec sa propre maison."""

    async def _async_pre_start_kernel(self, **kw):
        uid, gid = _ids()
        base = Path(self.dossier)
        commande, kw = await super()._async_pre_start_kernel(**kw)
        os.chown(self.connection_file, uid, gid)
        (base / "autograded").chmod(0o711)
        for dossier in (base / "autograded").iterdir():
            dossier.chmod(0o711)
        maison = str(base / "maison")
        env = dict(kw.get("env") or os.environ)
        env.update(HOME=maison, IPYTHONDIR=f"{maison}/.ipython", MPLCONFIGDIR=f"{maison}/.matplotlib")
        kw["env"] = env
        prefixe = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]
        return prefixe + commande, kw
