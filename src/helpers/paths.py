"""Locations inside the repository, independent of the working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"


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
