"""Locations inside the repository, independent of the working directory."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
#: Where runs with other parameters than the committed ones write (git-ignored).
EXPLORE = ROOT / "explore"


class Outputs:
    """Where this kernel writes its tables and figures: the committed ``data/processed/``
    and ``figures/`` for a run with the committed parameters, or one folder under
    ``explore/`` for a run with others (:meth:`helpers.parameters.NotebookParameters.from_cell`
    decides it from the parameters, so no caller can make such a run overwrite a committed
    file)."""

    def __init__(self) -> None:
        self.folder: Path | None = None  # the explore folder, or None for the committed places
        self.changed: dict[str, object] = {}  # the parameters that differ from the committed ones
        self.processed, self.figures = PROCESSED, FIGURES

    def redirect(self, folder: Path | None, changed: dict[str, object] | None = None) -> None:
        """Send every later write to ``folder``/processed and ``folder``/figures (None: back)."""
        self.folder, self.changed = folder, dict(changed or {})
        self.processed = PROCESSED if folder is None else folder / "processed"
        self.figures = FIGURES if folder is None else folder / "figures"


#: The one instance the writers consult at each write (``OUT.processed``, ``OUT.figures``).
OUT = Outputs()


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The collection's notebooks in ``folder`` (``NN_name.ipynb``), in reading order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex (as ``sha256sum`` prints it)."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def display_path(path: Path | str) -> str:
    """Return ``path`` relative to the repository root when it lies inside it."""
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(p)

#: Environment variable naming the file in which ``helpers.outputs`` records every path
#: it writes; set by the main job (``buildtools.run``) for each notebook's kernel.
MANIFEST_ENV = "HELPERS_OUTPUT_MANIFEST"
#: The markdown cell near the top that shows a notebook's findings (tag ``findings``) is
#: filled by the main job from the output of the cell at the end that computes them (tag
#: ``findings-computed``); a test checks that the two agree in every committed notebook.
FINDINGS_TAG, FINDINGS_COMPUTED_TAG = "findings", "findings-computed"
#: Set by the main job while it executes a notebook (it then fills the top cell itself).
FILLS_FINDINGS_ENV = "HELPERS_MAIN_JOB_FILLS_FINDINGS"


class WriteFailed(OSError):
    """A file could not be written: the message names it, says why and what to do."""


#: What to do about the errors a full or read-only disk gives.
WRITE_ADVICE = {
    errno.ENOSPC: "no space left on the disk; free some space and run the same command again",
    errno.EDQUOT: "the disk quota is exhausted; free some space and run the same command again",
    errno.EROFS: "the file system is read-only; make it writable and run the same command again",
    errno.EACCES: "permission denied; make the file and its folder writable and run again",
    errno.EPERM: "permission denied; make the file and its folder writable and run again",
}


def write_atomically(path: Path | str, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` to fill a temporary file beside ``path``, then move it into place.

    Nothing half-written is ever left: on any failure the temporary file is removed and the
    target keeps its old content. An :class:`OSError` (a full disk, a read-only folder)
    becomes :class:`WriteFailed`, one line naming the file, the reason and what to do.
    """
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteFailed):
            reason = WRITE_ADVICE.get(exc.errno, exc.strerror or str(exc))
            raise WriteFailed(exc.errno, f"could not write {display_path(path)}: {reason}") from None
        raise
    return path


def stale_temporaries(*folders: Path, older_than: float = 0) -> list[Path]:
    """Temporary files of atomic writes (``.NAME.*.tmp``) that an earlier run killed at once
    (``kill -9``, a power cut) could not remove: those last changed over ``older_than``
    seconds ago (a write in progress elsewhere, say from JupyterLab, is left alone)."""
    import time

    now = time.time()
    return sorted(p for folder in folders if folder.is_dir()
                  for p in folder.glob(".*.tmp") if p.is_file() and now - p.stat().st_mtime >= older_than)
