"""Deterministic, atomic writers for everything the notebooks produce.

A file is written to a temporary name beside its target and renamed into place, so a
crash never leaves half a file. When the notebooks are executed by the main job
(``buildtools.run``), every written path is also recorded, so that the main job can tell
whether a notebook's outputs are still in place.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import MANIFEST_ENV, OUT, ROOT, write_atomically

RESULTS_COLUMNS = ["key", "value", "unit", "description", "computed_in"]


def atomic_write(path: Path | str, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` to fill a temporary file, then move it to ``path``
    (:func:`helpers.paths.write_atomically`), and record the path for the main job."""
    path = write_atomically(path, write)
    _record(path)
    return path


def record_unchanged(path: Path | str) -> Path:
    """Count ``path`` among the outputs of this run although it was kept as it was (a
    figure whose drawing did not change): the main job then checks it like a written one."""
    path = Path(path)
    _record(path)
    return path


def _record(path: Path) -> None:
    manifest = os.environ.get(MANIFEST_ENV)
    if not manifest:
        return
    try:
        rel = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        rel = str(path.resolve())
    with open(manifest, "a", encoding="utf-8") as fh:
        fh.write(rel + "\n")


def write_csv(df: pd.DataFrame, path: Path | str, bom: bool = False) -> Path:
    """Write ``df`` as UTF-8 CSV with ``\\n`` line ends and no index, atomically; with a byte
    order mark (``bom``) for a file meant for Korean readers, which Excel on a Korean system
    otherwise reads as CP949.

    Raises ``ValueError`` when a plain (numpy) float column holds NaN: a missing value
    must be made explicit (a nullable ``Int64``/``Float64`` column, written empty, or a
    documented text) before export.
    """
    for col in df.columns:
        plain_float = isinstance(df[col].dtype, np.dtype) and df[col].dtype.kind == "f"
        if plain_float and df[col].isna().any():
            raise ValueError(f"column {col!r} of the table for {path} holds NaN")

    def write(tmp: Path) -> None:
        df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8-sig" if bom else "utf-8")

    return atomic_write(path, write)


def format_value(value: object) -> str:
    """Format a number for a results table: integers plainly, floats to 6 significant digits."""
    if hasattr(value, "item"):  # numpy scalar: never let np.float64(...) reach an output
        value = value.item()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"result value {value!r} is not finite")
        return format(value, ".6g")
    return str(value)


def write_results(rows: Iterable[tuple[str, object, str, str, str]], stem: str) -> pd.DataFrame:
    """Write a notebook's headline numbers to ``data/processed/<stem>.results.csv``
    (``OUT.processed``: a folder under ``explore/`` for a run with other parameters).

    Parameters
    ----------
    rows : (key, value, unit, description, section) tuples (as :class:`Results` collects them); keys
        must be unique and spelled out literally in the code, so that grep finds them.
    stem : the notebook's file stem, e.g. ``"01_arrival_trends"``.

    Returns
    -------
    DataFrame with columns ``key, value, unit, description, computed_in`` (``value`` as
    text; ``computed_in`` as ``03_post_2011_decline.ipynb §6``).
    """
    table = pd.DataFrame([(k, format_value(v), u, d, f"{stem}.ipynb {sec}") for k, v, u, d, sec in rows],
                         columns=RESULTS_COLUMNS)
    dupes = table["key"][table["key"].duplicated()].tolist()
    if dupes:
        raise ValueError(f"duplicate result keys: {dupes}")
    write_csv(table, OUT.processed / f"{stem}.results.csv")
    return table


class Results:
    """A notebook's headline numbers, collected where each is computed and written at the end.

    ``res.section("§6")`` names the section the following rows come from (their
    ``computed_in``); ``res.add(key, value, unit, description)`` records one row (running a
    cell again replaces its rows, it does not duplicate them); ``res.write()`` writes them
    all with :func:`write_results`.
    """

    def __init__(self, stem: str) -> None:
        self.stem = stem
        self.where: str | None = None
        self.rows: dict[str, tuple[str, object, str, str, str]] = {}

    def section(self, where: str) -> None:
        """The section of the notebook the rows added next are computed in (``"§1"``)."""
        self.where = where

    def add(self, key: str, value: object, unit: str, description: str) -> None:
        """One results row, computed in the current section."""
        if self.where is None:
            raise ValueError(f"results key {key!r} added before any section was named")
        self.rows[key] = (key, value, unit, description, self.where)

    def write(self) -> pd.DataFrame:
        """Write ``data/processed/<stem>.results.csv`` and return its table."""
        return write_results(self.rows.values(), self.stem)
