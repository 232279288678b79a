"""The collection's figure theme and its one save function.

Every figure is made with :func:`new_figure` (a theme, a size, a finding as title, the
measure as subtitle, room for a source line) and written with :func:`save` to
``figures/<name>.png`` (slides, web), ``.svg`` and ``.pdf`` (reports). Saving the same
figure twice gives byte-identical files in all three formats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import textwrap
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.image
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image as PILImage

from helpers.outputs import atomic_write, record_unchanged, write_csv
from helpers.paths import FIGURES
from helpers.text import alt_text, year_runs

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

#: The colour of event lines: dark enough to stand apart from the light grey grid.
EVENT_LINE = "#6E6E6E"

#: The credit line every chart carries after its sources: the collection and the licence.
CREDIT = "Chart: nk-defector-arrivals, CC BY 4.0"


def _years_of(data: pd.DataFrame) -> pd.Series:
    """The calendar year of each row of a figure's data: its ``year``, ``period`` (a single
    year) or the year of its ``as_of`` date; empty where none applies."""
    for col in ("year", "period", "as_of"):
        if col in data.columns:
            text = data[col].astype(str).str.slice(0, 4) if col == "as_of" else data[col].astype(str)
            return pd.to_numeric(text.where(text.str.fullmatch(r"\d{4}")), errors="coerce")
    return pd.Series(float("nan"), index=data.index)


def source_line(data: pd.DataFrame) -> str:
    """The line drawn at the bottom of a chart: who published the numbers it draws, from the
    source keys of its data (``MOU-*``: the Ministry of Unification; ``UNHCR-*``: UNHCR; any
    other key: a news report of the ministry's figures, with the years it covers), then
    :data:`CREDIT`. A newspaper can print it as it is."""
    keys_by_row = [[k.strip() for k in str(cell).split(";") if k.strip()] for cell in data["source"]]
    keys = {k for row in keys_by_row for k in row}
    news_rows = [i for i, row in enumerate(keys_by_row) if any(not k.startswith(("MOU-", "UNHCR-")) for k in row)]
    parts = []
    if any(k.startswith("UNHCR-") for k in keys):
        parts.append("UNHCR")
    if any(not k.startswith("UNHCR-") for k in keys):
        years = list(_years_of(data).iloc[news_rows].dropna()) if news_rows else []
        via = (f" ({year_runs(years)} via news reports)" if years else
               " (partly via news reports)" if news_rows else "")
        parts.append(f"Ministry of Unification, South Korea{via}")
    return f"Source: {'; '.join(parts)}. {CREDIT}"

PNG_DPI = 200
#: The id of the source line's Text artist (so that saving twice draws it once).
SOURCE_GID = "helpers-source-line"
#: Width and height in inches that replace every figure's size when set (used by
#: ``python -m buildtools.run redraw NAME --size ...`` to draw a figure at another size).
SIZE_OVERRIDE: tuple[float, float] | None = None
#: The formats :func:`save` writes. A check that only needs the notebooks to run through
#: (tests/test_main_job_invariant.py) sets it to ("png",) in its kernel to save time.
FORMATS = ("png", "svg", "pdf")
#: Rendering a PNG and a PDF costs about a second per figure. When the drawing (the SVG,
#: always written) is the one the PNG and PDF on disk were rendered from, with the same
#: software, they are kept: the digest stored in both says so. FIGURES_RERENDER=1 in the
#: environment renders them regardless.
REUSE_UNCHANGED = os.environ.get("FIGURES_RERENDER", "") in ("", "0")
DIGEST_KEY = "Drawing-Digest"
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
        # Text stays text in the SVG (a newsroom can edit or translate a label), in the named
        # font; the PDF embeds the font subset (Type 42).
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
    })


def new_figure(title: str, subtitle: str = "", size: str = "page", **subplots: object) -> tuple[Figure, Any]:
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
    w, h = SIZE_OVERRIDE or SIZES[size]
    fig, axes = plt.subplots(figsize=(w, h), layout="constrained", **subplots)
    fig.get_layout_engine().set(rect=(0, _SOURCE_STRIP_INCHES / h, 1, 1 - _SOURCE_STRIP_INCHES / h))
    # Wrap long findings: about 10.5 characters of the bold title font per inch.
    fig.suptitle(textwrap.fill(title, int(w * 10.5)), x=0.01, ha="left")
    all_axes = list(axes.flat) if hasattr(axes, "flat") else [axes]
    for ax in all_axes:  # the x axes of this collection are years: whole-number ticks
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    if subtitle:
        all_axes[0].set_title(textwrap.fill(subtitle, int(w * 13)), loc="left", color="#444444")
    return fig, axes


def save(fig: Figure, name: str, *, data: pd.DataFrame, directory: Path | str | None = None,
         show: bool = True) -> None:
    """Write ``fig`` to ``<directory>/<name>.png``, ``.svg`` and ``.pdf``, deterministically,
    and the numbers it draws to ``<name>.csv``.

    ``data`` is exactly what is plotted, tidy (one row per point or bar, one column per
    drawn quantity, units in the column names, bands as low/high columns), with a
    ``source`` column naming the source keys of ``data/README.md``; it is written with
    :func:`helpers.outputs.write_csv` (no NaN, ``\n`` line ends).

    A source line (:func:`source_line`: the publishers of the data and the credit) is
    drawn at the bottom left. Metadata that would change between
    runs (software version in PNG, date in SVG and PDF) is left out, and SVG ids use a
    fixed salt, so saving the same figure twice gives identical bytes.

    The SVG is drawn first (it settles the layout) and always written. The PNG and PDF
    carry the digest of that drawing and of the software that renders them (see
    :data:`REUSE_UNCHANGED`); when both on disk carry the current digest they are kept, not
    rendered again, which saves about a second per figure on a rerun.

    In a notebook (``show=True``) the saved PNG is displayed and the figure closed, so
    the figure is not rendered a second time by the inline backend and the notebook
    shows exactly the file a reader can reuse.

    Nothing is returned (a notebook would print the paths, which differ between
    machines); :func:`figure_paths` gives them.
    """
    if "source" not in data.columns:
        raise ValueError(f"the data of figure {name!r} must name its sources in a 'source' column")
    if not any(t.get_gid() == SOURCE_GID for t in fig.texts):
        w, h = fig.get_size_inches()
        text = fig.text(0.01, 0.08 / h, source_line(data), ha="left", va="bottom", fontsize=7,
                        color="#555555")
        text.set_gid(SOURCE_GID)
    paths = figure_paths(name, directory)
    write_csv(data[[*(c for c in data.columns if c != "source"), "source"]],
              paths[0].with_suffix(".csv"))
    # Title and subtitle travel inside the files (the figure index reads them back).
    title = fig.get_suptitle().replace("\n", " ") or name
    subtitle = " ".join(ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes[:1]).strip()
    credit = next(t.get_text() for t in fig.texts if t.get_gid() == SOURCE_GID)
    svg = _write_svg(fig, paths[1], title, subtitle)
    pixels = _pixels(fig)
    digest = _drawing_digest(fig, svg, pixels)
    if not (REUSE_UNCHANGED and _unchanged(paths, digest)):
        _write_png_and_pdf(fig, paths, pixels, digest, title, subtitle, credit)
    else:  # the drawing is the one already in the PNG and PDF: keep them
        for target, fmt in ((paths[0], "png"), (paths[2], "pdf")):
            if fmt in FORMATS:
                record_unchanged(target)
    if show and _in_notebook():
        from IPython.display import Image, display

        display(Image(data=paths[0].read_bytes(), format="png", width=int(fig.get_size_inches()[0] * 100),
                      alt=alt_text(title, subtitle)))
        plt.close(fig)


def software() -> str:
    """The versions that turn a drawing into PNG and PDF bytes."""
    import zlib

    import fontTools
    import PIL
    from matplotlib import ft2font

    return (f"matplotlib {mpl.__version__}, FreeType {ft2font.__freetype_version__}, Pillow {PIL.__version__}, "
            f"fontTools {fontTools.version}, zlib {zlib.ZLIB_RUNTIME_VERSION}, PNG {PNG_DPI} dpi, "
            f"PDF font type {mpl.rcParams['pdf.fonttype']}")


def _write_svg(fig: Figure, path: Path, title: str, subtitle: str) -> bytes:
    """Draw the SVG (it settles the layout), write it, and return its bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": title, "Description": subtitle})
    fig.set_layout_engine("none")  # the layout is settled; the other formats reuse it
    svg = buffer.getvalue()
    if "svg" in FORMATS:
        atomic_write(path, lambda tmp: tmp.write_bytes(svg))
    return svg


def _write_png_and_pdf(fig: Figure, paths: list[Path], pixels: np.ndarray, digest: str,
                       title: str, subtitle: str, credit: str) -> None:
    """The PNG from the pixels just drawn (what savefig(format="png") writes) and the PDF,
    each carrying the digest of the drawing (and the PNG its source and credit line)."""
    if "png" in FORMATS:
        png_meta = {"Software": None, "Title": title, "Description": subtitle, "Source": credit,
                    DIGEST_KEY: digest}
        atomic_write(paths[0], lambda tmp: mpl.image.imsave(tmp, pixels, format="png", origin="upper",
                                                            dpi=PNG_DPI, metadata=png_meta))
    if "pdf" in FORMATS:
        pdf_meta = {"CreationDate": None, "Title": title, "Subject": subtitle, "Keywords": f"{DIGEST_KEY} {digest}"}
        atomic_write(paths[2], lambda tmp: fig.savefig(tmp, format="pdf", metadata=pdf_meta))


def _pixels(fig: Figure) -> np.ndarray:
    """The figure drawn by Agg at the PNG's resolution (height x width x RGBA)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=PNG_DPI)
    w, h = (int(v * PNG_DPI) for v in fig.get_size_inches())
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(h, w, 4)


def _drawing_digest(fig: Figure, svg: bytes, pixels: np.ndarray) -> str:
    """The digest of a drawing, as exact as the files made from it.

    The SVG rounds coordinates to 6 decimals of a point; a change below that can still move
    an anti-aliased pixel of the PNG (Agg works in 1/256 of a pixel) or a text position of
    the PDF (10 decimals). So the digest covers the SVG, the PNG's pixels, every text's
    position at full precision, and the software that renders the PNG and PDF.
    """
    texts = [(t.get_text(), *map(float, t.get_transform().transform(t.get_unitless_position())),
              float(t.get_rotation()))
             for t in fig.findobj(mpl.text.Text) if t.get_visible() and t.get_text()]
    h = hashlib.sha256(svg)
    for part in (pixels.tobytes(), repr(texts).encode(), software().encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _unchanged(paths: list[Path], digest: str) -> bool:
    """Whether the PNG and PDF on disk were rendered from this very drawing."""
    png, _, pdf = paths
    if "png" in FORMATS:
        if not png.exists():
            return False
        with PILImage.open(png) as image:
            if image.text.get(DIGEST_KEY) != digest:
                return False
    return "pdf" not in FORMATS or (pdf.exists() and f"{DIGEST_KEY} {digest}".encode() in pdf.read_bytes())


def figure_paths(name: str, directory: Path | str | None = None) -> list[Path]:
    """The PNG, SVG and PDF paths of figure ``name``."""
    directory = Path(directory) if directory is not None else FIGURES
    return [directory / f"{name}.{fmt}" for fmt in ("png", "svg", "pdf")]


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


#: Short labels for the dated events in data/raw/events.csv (by date); an event not
#: listed here is labelled with the first words of its description.
EVENT_LABELS = {
    "2005-01-01": "Settlement aid ₩10m",
    "2007-01-01": "Settlement aid ₩6m",
    "2010-01-01": "Border tightened",
    "2011-12-17": "Kim Jong-un in power",
    "2020-01-31": "Border closed (COVID-19)",
}


def event_label(date: str, text: str) -> str:
    if date in EVENT_LABELS:
        return EVENT_LABELS[date]
    words = text.split()
    return " ".join(words[:4]) + ("…" if len(words) > 4 else "")


def decimal_year(date: dt.date) -> float:
    """A date as a fractional year (2011-12-17 -> 2011.96)."""
    start = date.replace(month=1, day=1)
    end = start.replace(year=start.year + 1)
    return date.year + (date - start).days / (end - start).days


def mark_events(ax: Axes, events: pd.DataFrame, *, y: float = 0.98, offset: float = 0.0, fontsize: float = 7) -> None:
    """Thin vertical lines with short rotated labels for each dated event.

    ``offset`` shifts each line in x (0.5 for bars centred on whole years, so that an
    event on 1 January falls on the boundary between two years' bars).
    """
    for ev in events.itertuples():
        x = decimal_year(ev.date) + offset
        # Darker than the grid (#E6E6E6) and drawn above it, so the line never vanishes in it
        ax.axvline(x, color=EVENT_LINE, lw=0.9, ls="--", zorder=1.5)
        ax.text(x, y, " " + event_label(ev.date.isoformat(), ev.event), rotation=90,
                transform=ax.get_xaxis_transform(), ha="right", va="top",
                fontsize=fontsize, color="#444444",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5})


def thousands(axis: mpl.axis.Axis) -> None:
    """Label an axis with thousands separators (1,000 rather than 1000)."""
    axis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
