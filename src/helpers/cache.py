"""Simulated draws kept between runs, so that the same simulation is not computed twice.

A seeded simulation gives the same draws for the same inputs. :func:`draws` stores them
under ``.build/cache/`` (git-ignored; ``HELPERS_CACHE`` names another folder, as the tests
do for their copies of the collection) with a key made of everything they depend on: the
arguments, the source of the module that draws them and the version of numpy. A change
to any of them gives a new key, so a stale entry is never read; a file that cannot be read is drawn again. What a
notebook computes from the draws (a quantile at the level of that run) is always computed
afresh, and the stored arrays are the computed ones, bit for bit, so a run that reads
them writes exactly what a run that draws them writes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from helpers.paths import ROOT, write_atomically

#: Environment variable naming the folder of the cache (default ``.build/cache``).
CACHE_ENV = "HELPERS_CACHE"


def folder() -> Path:
    """Where the draws are kept."""
    return Path(os.environ.get(CACHE_ENV) or ROOT / ".build" / "cache")


def _key(module_file: str, parts: tuple[object, ...]) -> str:
    h = hashlib.sha256(Path(module_file).read_bytes())
    h.update(np.__version__.encode())  # a new numpy may draw other numbers from the same seed
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(f"{part.dtype}{part.shape}".encode())
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def draws(name: str, module_file: str, parts: tuple[object, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
    """The array ``compute()`` returns for inputs ``parts``, read from the cache when it is
    there, else computed and stored (atomically; a failed store is harmless)."""
    path = folder() / f"{name}-{_key(module_file, parts)}.npy"
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        pass
    values = np.asarray(compute())

    def store(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.save(fh, values, allow_pickle=False)

    try:
        write_atomically(path, store)
    except OSError:
        pass  # a read-only or full disk: the run goes on without keeping the draws
    return values
