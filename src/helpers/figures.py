"""The collection's figure theme and its one save function.

Every figure is made with :func:`new_figure` (a theme, a size, a finding as title, the
measure as subtitle, room for a source line) and written with :func:`save` to
``figures/<name>.png`` (slides, web), ``.svg`` and ``.pdf`` (reports). Saving the same
figure twice gives byte-identical files in all three formats.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns

from helpers.outputs import atomic_write
from helpers.paths import FIGURES

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "female": "#D55E00",  # vermillion
    "male": "#0072B2",  # blue
    "total": "#222222",
    "accent": "#009E73",  # bluish green
    "secondary": "#E69F00",  # orange
    "light": "#56B4E9",  # sky blue
    "other": "#CC79A7",  # reddish purple
    "muted": "#8C8C8C",
}

#: Figure sizes in inches: one report column, a full page width, a 16:9 slide.
SIZES = {
    "column": (3.5, 2.8),
    "page": (7.0, 4.2),
    "tall": (7.0, 5.6),
    "slide": (10.0, 5.6),
}

DEFAULT_SOURCE = ("Source: Ministry of Unification, arrivals of North Korean defectors "
                  "in South Korea (see data/README.md)")

PNG_DPI = 200
_SOURCE_STRIP_INCHES = 0.28


def apply_style() -> None:
    """Apply the collection's theme (fonts, sizes, grid, colours, deterministic SVG)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE.values()))
    mpl.rcParams.update({
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 9,
        "axes.titlelocation": "left",
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "figure.titlesize": 11,
        "figure.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": "#E6E6E6",
        "figure.dpi": 100,
        "savefig.dpi": PNG_DPI,
        "svg.hashsalt": "nk-defector-arrivals",
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
    })


def new_figure(title: str, subtitle: str = "", size: str = "page", **subplots):
    """Create a themed figure with a finding as title and the measure as subtitle.

    Parameters
    ----------
    title : the finding, in words ("Arrivals fell by half after 2011").
    subtitle : what is measured, with units; set on the first axes.
    size : a key of :data:`SIZES`.
    **subplots : passed to :func:`matplotlib.pyplot.subplots` (``nrows``, ``ncols``, ...).

    Returns
    -------
    (Figure, Axes or array of Axes)
    """
    apply_style()
    w, h = SIZES[size]
    fig, axes = plt.subplots(figsize=(w, h), layout="constrained", **subplots)
    fig.get_layout_engine().set(rect=(0, _SOURCE_STRIP_INCHES / h, 1, 1 - _SOURCE_STRIP_INCHES / h))
    fig.suptitle(title, x=0.01, ha="left")
    first = axes.flat[0] if hasattr(axes, "flat") else axes
    if subtitle:
        first.set_title(subtitle, loc="left", color="#444444")
    return fig, axes


def save(fig, name: str, *, source: str = DEFAULT_SOURCE,
         directory: Path | str | None = None) -> list[Path]:
    """Write ``fig`` to ``<directory>/<name>.png``, ``.svg`` and ``.pdf``, deterministically.

    A source line is drawn at the bottom left. Metadata that would change between
    runs (software version in PNG, date in SVG and PDF) is left out, and SVG ids use a
    fixed salt, so saving the same figure twice gives identical bytes.

    Returns
    -------
    list of the three paths written.
    """
    directory = Path(directory) if directory is not None else FIGURES
    if not any(getattr(t, "_helpers_source", False) for t in fig.texts):
        w, h = fig.get_size_inches()
        text = fig.text(0.01, 0.08 / h, source, ha="left", va="bottom", fontsize=7,
                        color="#555555")
        text._helpers_source = True
    mpl.rcParams["svg.hashsalt"] = "nk-defector-arrivals"
    formats = {
        "png": {"metadata": {"Software": None}, "dpi": PNG_DPI},
        "svg": {"metadata": {"Date": None}},
        "pdf": {"metadata": {"CreationDate": None}},
    }
    written = []
    for fmt, kwargs in formats.items():
        target = directory / f"{name}.{fmt}"
        written.append(atomic_write(
            target, lambda tmp, fmt=fmt, kwargs=kwargs: fig.savefig(tmp, format=fmt, **kwargs)))
    return written
