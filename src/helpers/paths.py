"""Locations inside the repository, independent of the working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"


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
