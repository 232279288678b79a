"""The collection's figure theme and its one save function.

Every figure is made with :func:`new_figure` (a theme, a size, a finding as title, the
measure as subtitle, room for a source line) and written with :func:`save` to
``figures/<name>.png`` (slides, web), ``.svg`` and ``.pdf`` (reports). Saving the same
figure twice gives byte-identical files in all three formats.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import itertools
import logging
import os
import re
import textwrap
import warnings
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

from helpers import i18n
from helpers.messages_ko import AXIS_UNITS
from helpers.outputs import atomic_write, record_unchanged, write_csv
from helpers.paths import OUT
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

#: The backing of a note written inside a chart's plotting area: white, without an edge, so
#: that no gridline or event line runs through its words.
NOTE_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}

#: Figure sizes in inches. Every chart of the collection is drawn at "page" (or "tall", two
#: panels one above the other): narrow enough that, shown the width of a phone's screen, its
#: smallest text is still readable (see :data:`TEXT_PT`), and as it is in a report column.
#: "column" and "slide" are for ``python -m buildtools.run redraw``.
SIZES = {
    "column": (3.5, 2.8),
    "page": (5.0, 5.0),
    "tall": (5.0, 7.0),
    "slide": (10.0, 5.6),
}

#: The size in points of the smallest text in any chart: ticks, legends, labels, notes and
#: the source line. A chart "page" wide (5 inches) gets at least 343 CSS px on a 390 px phone
#: (measured: buildtools.site.CONTENT_PX), so this text is at least 9.5 / 72 x 343 / 5 = 9.05
#: CSS px there, and 13 px or more on a desktop (tests/test_figures.py measures every chart).
TEXT_PT = 9.5
#: A notebook shows a chart at this many CSS px per inch of its width (500 px for "page").
NOTEBOOK_PX_PER_INCH = 100
#: The size in points of a chart's title (its finding) and of its subtitle (what it measures).
TITLE_PT = 12.5
SUBTITLE_PT = 10.0

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
#: The languages :func:`save` writes every figure in: English in ``figures/``, Korean (the
#: same drawing, its texts from :mod:`helpers.messages_ko`) in ``figures/ko/``.
LANGUAGES = i18n.LANGUAGES
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


def _wrap(text: str, width_in: float, font_pt: float, chars: float) -> str:
    """``text`` broken between words (never at a hyphen) into lines ``width_in`` inches long,
    in a font of ``font_pt`` points that sets about ``chars / font_pt`` characters an inch."""
    return textwrap.fill(text, int(width_in * chars / font_pt), break_on_hyphens=False)


def wrap_source_line(line: str, width_in: float) -> str:
    """The source line in as many lines as the chart's width needs: the sources first, the
    credit on a line of its own when both do not fit on one."""
    if len(line) <= int(width_in * 122 / TEXT_PT):
        return line
    sources, _, credit = line.rpartition(". ")
    return "\n".join([_wrap(sources + ".", width_in, TEXT_PT, 122), _wrap(credit, width_in, TEXT_PT, 122)])


def source_strip_inches(line: str) -> float:
    """The height kept free at the bottom of a chart for its source line."""
    return 0.12 + (line.count("\n") + 1) * TEXT_PT * 1.25 / 72


def _keep_source_strip(fig: Figure, line: str) -> None:
    """Keep the bottom of ``fig`` free for the source line ``line`` (the layout's rectangle)."""
    engine, h = fig.get_layout_engine(), fig.get_size_inches()[1]
    if engine is not None and hasattr(engine, "set"):  # a layout that is still to be done
        strip = source_strip_inches(line)
        engine.set(rect=(0, strip / h, 1, 1 - strip / h))


def every_other_year(years: Any) -> range:
    """The even years from the first to the last of ``years``: ticks that fit a narrow chart."""
    first, last = int(min(years)), int(max(years))
    return range(first + first % 2, last + 1, 2)


def apply_style() -> None:
    """Apply the collection's theme (fonts, sizes, grid, colours, deterministic SVG)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE.values()))
    mpl.rcParams.update({
        "font.family": "DejaVu Sans",
        "font.size": TEXT_PT,
        "axes.titlesize": SUBTITLE_PT,
        "axes.titlelocation": "left",
        "axes.labelsize": TEXT_PT,
        "xtick.labelsize": TEXT_PT,
        "ytick.labelsize": TEXT_PT,
        "legend.fontsize": TEXT_PT,
        "legend.frameon": False,
        "legend.borderaxespad": 0.3,
        "legend.handlelength": 1.6,
        "legend.labelspacing": 0.3,
        "figure.titlesize": TITLE_PT,
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
    _keep_source_strip(fig, "\n")  # two lines, until save() knows the source line
    fig.suptitle(_wrap(title, w, TITLE_PT, 115), x=0.01, ha="left")
    all_axes = list(axes.flat) if hasattr(axes, "flat") else [axes]
    for ax in all_axes:  # the x axes of this collection are years: whole-number ticks
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    if subtitle:
        all_axes[0].set_title(_wrap(subtitle, w, SUBTITLE_PT, 117), loc="left", color="#444444")
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
        line = wrap_source_line(source_line(data), w)
        text = fig.text(0.01, 0.08 / h, line, ha="left", va="bottom", color="#555555")
        text.set_gid(SOURCE_GID)
        _keep_source_strip(fig, line)
    directory = Path(directory) if directory is not None else OUT.figures
    data = data[[*(c for c in data.columns if c != "source"), "source"]]  # the source keys last
    _fit_subtitle(fig)
    paths = _write_files(fig, name, data, directory)
    title, subtitle = _title_and_subtitle(fig, name)
    if "ko" in LANGUAGES:  # the same drawing, its texts in Korean, in <directory>/ko/
        i18n.register_fonts()
        english = _english_state(fig)
        with mpl.rc_context({"font.family": i18n.FONT_FAMILY}):  # also tick labels made while drawing
            to_korean(fig, name)
            _write_files(fig, name, korean_columns(data), directory / "ko")
        english()  # the figure as it was: saved again, it gives the same English files
    if show and _in_notebook():
        from IPython.display import Image, display

        display(Image(data=paths[0].read_bytes(), format="png",
                      width=int(fig.get_size_inches()[0] * NOTEBOOK_PX_PER_INCH),
                      alt=alt_text(title, subtitle)))
        plt.close(fig)


def _fit_subtitle(fig: Figure) -> None:
    """Fit the subtitle to the chart: it starts where the first axes start, after their tick
    labels, which new_figure could not know. Where other axes stand beside the first, the
    subtitle runs over them too, so the layout is told only its height (an empty centre title
    of as many lines), not its width, which would push the next axes away. If it then runs
    past the chart's right edge it is wrapped again, measured."""
    ax = fig.axes[0]
    text = ax._left_title
    if not text.get_text():
        return
    fig.draw_without_rendering()
    first = ax.get_position()
    if any(a.get_position().x0 >= first.x1 - 1e-6 for a in fig.axes[1:]) \
            and text.get_window_extent().x1 > ax.get_window_extent().x1:
        text.set_in_layout(False)
        _hold_subtitle_height(ax)
        fig.draw_without_rendering()
    if text.get_window_extent().x1 <= fig.bbox.width - 2:
        return
    room = (1 - ax.get_position().x0) * fig.get_size_inches()[0] * 72 - 6
    text.set_text(_measured_wrap(text.get_text().replace("\n", " "), room, text.get_fontproperties()))
    _hold_subtitle_height(ax)


def _hold_subtitle_height(ax: Any) -> None:
    """For a subtitle kept out of the layout: the centre title, empty, as many lines high."""
    left = ax._left_title
    if not left.get_in_layout():
        ax.title.set_text("\n".join(" " * (left.get_text().count("\n") + 1)))
        ax.title.set_fontproperties(left.get_fontproperties())
        ax.title.set_linespacing(left.get_linespacing())


def clipped_texts(fig: Figure) -> list[str]:
    """The visible texts of ``fig`` that run past its edges (as drawn now)."""
    fig.draw_without_rendering()
    box = fig.bbox
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for tick in axis.get_major_ticks()
             + axis.get_minor_ticks() for t in (tick.label1, tick.label2)}
    drawn = [t for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)  # the tick labels within the limits
             for tick in axis._update_ticks() for t in (tick.label1, tick.label2)]
    texts = [t for t in fig.findobj(mpl.text.Text) if id(t) not in ticks] + drawn
    return [t.get_text() for t in texts
            if t.get_visible() and t.get_text().strip()
            and ((e := t.get_window_extent()).x0 < box.x0 - 1 or e.x1 > box.x1 + 1
                 or e.y0 < box.y0 - 1 or e.y1 > box.y1 + 1)]


def _title_and_subtitle(fig: Figure, name: str) -> tuple[str, str]:
    title = fig.get_suptitle().replace("\n", " ") or name
    subtitle = " ".join(ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes[:1]).strip()
    return title, subtitle


def _write_files(fig: Figure, name: str, data: pd.DataFrame, directory: Path) -> list[Path]:
    """Write one language's PNG, SVG, PDF and CSV of ``fig`` into ``directory``."""
    paths = figure_paths(name, directory)
    clipped = clipped_texts(fig)
    if clipped:
        raise ValueError(f"figure {name} ({directory.name}): text runs past the chart's edge: "
                         + "; ".join(repr(t) for t in clipped))
    write_csv(data, paths[0].with_suffix(".csv"), bom=directory.name == "ko")  # Excel on Korean Windows needs the mark
    # Title and subtitle travel inside the files (the figure index reads them back).
    title, subtitle = _title_and_subtitle(fig, name)
    credit = next(t.get_text() for t in fig.texts if t.get_gid() == SOURCE_GID).replace("\n", " ")
    svg = _write_svg(fig, paths[1], title, subtitle)
    pixels = _pixels(fig)
    digest = _drawing_digest(fig, svg, pixels)
    if not (REUSE_UNCHANGED and _unchanged(paths, digest)):
        _write_png_and_pdf(fig, paths, pixels, digest, title, subtitle, credit)
    else:  # the drawing is the one already in the PNG and PDF: keep them
        for target, fmt in ((paths[0], "png"), (paths[2], "pdf")):
            if fmt in FORMATS:
                record_unchanged(target)
    return paths


class MissingTranslation(UserWarning):
    """A figure text with no entry in the Korean catalogue (drawn in English in the Korean figure)."""


def _translator(name: str, kind: str = "figures") -> Any:
    catalogue = i18n.catalogue(kind)

    def tr(text: str) -> str:
        out = catalogue.translate(text)
        if out is None:
            warnings.warn(f"figure {name}: no Korean for {text!r}: add it to src/helpers/messages_ko.py",
                          MissingTranslation, stacklevel=3)
            return text
        return out
    return tr


#: The suffix of the column that keeps a label column's English beside its Korean.
ENGLISH_SUFFIX = "(영문)"


def korean_columns(data: pd.DataFrame) -> pd.DataFrame:
    """A figure's data for a Korean reader: Korean column names, and Korean row labels in
    each column of words (series, groups, countries), with the English kept beside it in a
    column of its own (``...(영문)``); numbers, dates and source keys unchanged."""
    tr, words = _translator("data", "columns"), _translator("data rows")
    out = {}
    for c in data.columns:
        col, head = data[c], tr(str(c))
        labels = c != "source" and col.map(lambda v: isinstance(v, str) and bool(re.search("[A-Za-z]", v))).any()
        if labels:
            out[head] = col.map(lambda v: words(v) if isinstance(v, str) else v)
            out[head + ENGLISH_SUFFIX] = col
        elif c != "source" and col.map(lambda v: isinstance(v, str) and bool(_PERIOD.fullmatch(v))).any():
            out[head] = col.map(_korean_period)
            out[head + ENGLISH_SUFFIX] = col
        else:
            out[head] = col
    return pd.DataFrame(out, index=data.index)


#: A period label of the data: a range of years (2002-2011) or the bin of the years up to
#: one (~1998).
_PERIOD = re.compile(r"(\d{4})-(\d{4})|~(\d{4})")


def _korean_period(value: object) -> object:
    """``2002-2011`` as ``2002~2011년``, ``~1998`` as ``1998년까지 누적``; anything else as it is."""
    m = _PERIOD.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return value
    return f"{m[1]}~{m[2]}년" if m[1] else f"{m[3]}년까지 누적"


#: A word a Korean line may not end with: a number (2, 95%) or a counting word (한, 두) stays
#: with the word after it ("한 해", "2 이내", "두 개"): korean.md's "no line that leaves a
#: number apart from its unit".
_KOREAN_GLUE = re.compile(r"[-+~]?[\d,.]+%?|한|두|세|네")


def _measured_wrap(text: str, width_pt: float, prop: mpl.font_manager.FontProperties,
                   korean: bool = False) -> str:
    """``text`` broken between words into lines at most ``width_pt`` points wide, measured in
    its font (Hangul is about half as wide again as Latin letters: a count of characters
    would not do). Widths are the font's own (unhinted), with 3% to spare for the PNG, whose
    hinting at 200 dpi sets a line up to 1.1% wider. ``korean``: never after a word of
    :data:`_KOREAN_GLUE`."""
    from matplotlib.textpath import text_to_path

    def width(s: str) -> float:
        return 1.03 * text_to_path.get_text_width_height_descent(s, prop, ismath=False)[0]

    words: list[str] = []
    for word in text.split(" "):
        if korean and words and _KOREAN_GLUE.fullmatch(words[-1].split(" ")[-1]):
            words[-1] += f" {word}"
        else:
            words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and width(f"{lines[-1]} {word}") <= width_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _english_state(fig: Figure) -> Any:
    """A function that puts ``fig``'s texts, fonts, tick labels and settled layout back as
    they are now (after the Korean files are written)."""
    texts = [(t, t.get_text(), t.get_fontfamily(), t.get_fontweight()) for t in fig.findobj(mpl.text.Text)]
    formatters = [(f, list(f.seq)) for ax in fig.axes for f in (ax.xaxis.get_major_formatter(),
                                                                ax.yaxis.get_major_formatter())
                  if isinstance(f, mpl.ticker.FixedFormatter)]
    positions = [(ax, ax.get_position().bounds) for ax in fig.axes]
    titles = [(t, t.get_position()) for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]
    ylabels = [(ax, ax.yaxis.label.get_rotation(), ax.yaxis.label.get_ha(), ax.yaxis.label.get_va(),
                ax.yaxis.label.get_transform(), ax.yaxis.label.get_position(), ax.yaxis._autolabelpos,
                ax.titleOffsetTrans) for ax in fig.axes]
    # The Korean figure keeps the English ticks: an automatic locator would choose others for
    # the Korean layout (0.0, 2.5, ... where the English prints 0, 5, ...).
    locators = [(axis, axis.get_major_locator(), axis.get_view_interval()) for ax in fig.axes
                for axis in (ax.xaxis, ax.yaxis) if axis.get_scale() == "linear"]
    for axis, locator, (lo, hi) in locators:
        ticks = [v for v in locator() if min(lo, hi) - 1e-9 <= v <= max(lo, hi) + 1e-9]
        axis.set_major_locator(mpl.ticker.FixedLocator(ticks))

    def restore() -> None:
        for axis, locator, _ in locators:
            axis.set_major_locator(locator)
        for t, text, family, weight in texts:
            t.set_text(text)
            t.set_fontfamily(family)
            t.set_fontweight(weight)
        for f, seq in formatters:
            f.seq = seq
        fig.set_layout_engine("none")
        for ax, bounds in positions:
            ax.set_position(bounds)
        for t, xy in titles:
            t.set_position(xy)
        for ax, rotation, ha, va, transform, xy, auto, offset in ylabels:  # undo _units_on_top
            label = ax.yaxis.label
            label.set(rotation=rotation, ha=ha, va=va, transform=transform, position=xy)
            ax.yaxis._autolabelpos = auto
            ax.titleOffsetTrans = offset
            for title in (ax.title, ax._left_title, ax._right_title):
                title.set_transform(ax.transAxes + offset)
    return restore


#: The line spacing of Korean titles, subtitles and source lines (matplotlib's 1.2 sets
#: NanumGothic's lines of Hangul too close: a line's tall syllables touch the next one's).
KOREAN_LINESPACING = 1.35


def to_korean(fig: Figure, name: str) -> None:
    """Turn a saved figure's texts into Korean (the catalogue :mod:`helpers.messages_ko`), in
    NanumGothic, and let the layout make room for them again. Titles, subtitles and the
    source line are wrapped afresh, measured in the Korean font; other texts keep the line
    breaks their Korean entry gives them."""
    tr = _translator(name)
    w = fig.get_size_inches()[0]
    family = i18n.FONT_FAMILY
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):  # tick labels given as text are drawn from the formatter
            formatter = axis.get_major_formatter()
            if isinstance(formatter, mpl.ticker.FixedFormatter):
                formatter.seq = [tr(s) for s in formatter.seq]
            elif isinstance(getattr(formatter, "func", None), functools.partial) and formatter.func.args \
                    and isinstance(formatter.func.args[0], dict):  # set_ticks(ticks, labels): a tick -> label dict
                labels = formatter.func.args[0]
                labels.update({k: tr(v) for k, v in labels.items()})
    subtitles = {id(ax.title) for ax in fig.axes} | {id(ax._left_title) for ax in fig.axes}
    ylabels = {id(ax.yaxis.label) for ax in fig.axes}
    for text in fig.findobj(mpl.text.Text):
        text.set_fontfamily(family)
        if text.get_fontweight() in ("bold", 700):  # NanumGothic Bold alone (DejaVu has no 600)
            text.set_fontfamily(family[:1])
            text.set_fontweight(i18n.BOLD_WEIGHT)
        s = text.get_text()
        if not s.strip():  # nothing to translate (an empty title that holds a subtitle's height)
            continue
        prop = text.get_fontproperties()
        if text.get_gid() == SOURCE_GID or text is fig._suptitle or id(text) in subtitles:
            text.set_linespacing(KOREAN_LINESPACING)
        if text.get_gid() == SOURCE_GID:
            sources, _, credit = tr(s.replace("\n", " ")).rpartition(". ")
            room = 0.98 * w * 72 - 4
            one = f"{sources}. {credit}"
            text.set_text(one if _measured_wrap(one, room, prop).count("\n") == 0 else
                          _measured_wrap(sources + ".", room, prop, korean=True) + "\n" + credit)
            source = text.get_text()
        elif text is fig._suptitle:
            text.set_text(_measured_wrap(tr(s.replace("\n", " ")), 0.98 * w * 72 - 4, prop, korean=True))
        elif id(text) in subtitles:
            ax = next(a for a in fig.axes if text in (a.title, a._left_title))
            room = (1 - ax.get_position().x0) * w * 72 - 6
            text.set_text(_measured_wrap(tr(s.replace("\n", " ")), room, prop, korean=True))
            _hold_subtitle_height(ax)
        elif id(text) in ylabels:
            text.set_text(AXIS_UNITS.get(s) or tr(s))
        else:
            text.set_text(tr(s))
    _units_on_top(fig)
    for ax in fig.axes:  # lay the figure out again, for the Korean texts
        ax.set_in_layout(True)
    fig.set_layout_engine("constrained")
    _keep_source_strip(fig, source)


def _units_on_top(fig: Figure) -> None:
    """Korean charts set the unit level at the top of the value axis, (명), not in a rotated
    label, as the ministry's and Korean newspapers' charts do: each y label is turned
    level and set just above its axis, at the plot's left edge (right edge for a right-hand
    axis), and every subtitle is lifted by its height so that the two never meet."""
    lifted = 0.0
    for ax in fig.axes:
        label = ax.yaxis.label
        if not (label.get_visible() and label.get_text().strip()):
            continue
        right = ax.yaxis.get_label_position() == "right"
        label.set(rotation=0, ha="right" if right else "left", va="bottom")
        above = mpl.transforms.ScaledTranslation(0, UNIT_GAP_PT / 72, fig.dpi_scale_trans)
        ax.yaxis.set_label_coords(1.0 if right else 0.0, 1.0, transform=ax.transAxes + above)
        fig.draw_without_rendering()  # the label's height as drawn, in points
        lifted = max(lifted, label.get_window_extent().height * 72 / fig.dpi + 2 * UNIT_GAP_PT)
    if lifted:
        for ax in fig.axes:
            ax._set_title_offset_trans(ax.titleOffsetTrans._t[1] * 72 + lifted)  # over the event rows too


#: The gap, in points, between the plot's top edge and its level unit, and between the unit
#: and the subtitle above it.
UNIT_GAP_PT = 3.0


def software() -> str:
    """The versions that turn a drawing into PNG and PDF bytes."""
    import zlib

    import fontTools
    import PIL
    from matplotlib import ft2font

    return (f"matplotlib {mpl.__version__}, FreeType {ft2font.__freetype_version__}, Pillow {PIL.__version__}, "
            f"fontTools {fontTools.version}, zlib {zlib.ZLIB_RUNTIME_VERSION}, PNG {PNG_DPI} dpi, "
            f"PDF font type {mpl.rcParams['pdf.fonttype']}")


def _settle_layout(fig: Figure) -> None:
    """Lay the figure out once (without rendering it) and keep that layout, rounded.

    The layout's floats can differ far below anything a file shows between two kernels
    that ran the same cells (seen with a new year's row: only the SVG's clip-path ids,
    hashed from full-precision rectangles, and the digests differed). Rounded to 1e-9 of
    the figure, the same layout gives the same bytes everywhere.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")  # the layout is settled; every format reuses it
    for ax in fig.axes:
        ax.set_position([round(v, 9) for v in ax.get_position().bounds])
    for text in (fig._suptitle, fig._supxlabel, fig._supylabel):
        if text is not None:
            text.set_position(tuple(round(float(v), 9) for v in text.get_position()))


#: The fonts an SVG asks for after the one it was drawn with, so that a program without that
#: font draws a sans-serif rather than its default serif (issue 37): for Korean text, the
#: Korean fonts of Windows, macOS and Linux first, so that no program drops the Hangul.
SVG_FALLBACKS = {"latin": "Verdana, Arial, Helvetica, sans-serif",
                 "korean": "'Nanum Gothic', 'Malgun Gothic', 'Apple SD Gothic Neo', 'Noto Sans KR', "
                           "'Noto Sans CJK KR', sans-serif"}


def _with_fallbacks(svg: bytes) -> bytes:
    """Each ``font-family`` of ``svg`` with :data:`SVG_FALLBACKS` after its fonts."""
    def extend(m: re.Match) -> bytes:
        fonts = m.group(1).decode()
        rest = SVG_FALLBACKS["korean" if "NanumGothic" in fonts else "latin"]
        return f"font-family: {fonts}, {rest}".encode()

    return re.sub(rb"font-family: ('[^']*'(?:, '[^']*')*)", extend, svg)


def _write_svg(fig: Figure, path: Path, title: str, subtitle: str) -> bytes:
    """Settle the layout, draw the SVG (its fonts with fallbacks), write it, and return its bytes."""
    _settle_layout(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": title, "Description": subtitle})
    svg = _with_fallbacks(buffer.getvalue())
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
        atomic_write(paths[0], lambda tmp: _save_png(tmp, pixels, png_meta))
    if "pdf" in FORMATS:
        # fontTools warns of the font tables it drops when it subsets NanumGothic
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        pdf_meta = {"CreationDate": None, "Title": title, "Subject": subtitle, "Keywords": f"{DIGEST_KEY} {digest}"}
        atomic_write(paths[2], lambda tmp: fig.savefig(tmp, format="pdf", metadata=pdf_meta))


def _save_png(path: Path, pixels: np.ndarray, metadata: dict[str, str | None]) -> None:
    """The pixels as a PNG at :data:`PNG_DPI` with ``metadata`` as text chunks (None: left
    out); opaque pixels as RGB, without the alpha channel that makes a PDF give the image a
    soft mask (matplotlib's ``imsave`` always writes RGBA)."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in metadata.items():
        if value is not None:
            info.add_text(key, value)
    opaque = bool((pixels[..., 3] == 255).all())
    image = PILImage.fromarray(np.ascontiguousarray(pixels[..., :3] if opaque else pixels))
    image.save(path, format="png", pnginfo=info, dpi=(PNG_DPI, PNG_DPI))


def _pixels(fig: Figure) -> np.ndarray:
    """The figure drawn by Agg at the PNG's resolution (height x width x RGBA)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=PNG_DPI)
    w, h = (round(v * PNG_DPI) for v in fig.get_size_inches())
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(h, w, 4)


#: How the PNG and PDF are written from a drawing: part of its digest, so that a change to
#: the writing (as when the PNG became RGB) renders every file again.
FILE_WRITERS = "png: PIL, RGB when opaque; pdf: savefig"


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
    for part in (pixels.tobytes(), repr(texts).encode(), software().encode(), FILE_WRITERS.encode()):
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
    directory = Path(directory) if directory is not None else OUT.figures
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
    "2005-01-01": "Resettlement pay cut to ₩10m",
    "2007-01-01": "Resettlement pay cut to ₩6m",
    "2010-01-01": "Border tightened",
    "2011-12-17": "Kim Jong-un",
    "2020-01-31": "COVID-19",
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


def mark_events(ax: Axes, events: pd.DataFrame, *, offset: float = 0.0) -> None:
    """A dashed vertical line for each dated event, labelled above the plot, where no label
    covers the data: the labels run left to right in as many rows as they need so that none
    overlaps another (a narrow chart stacks them), and the subtitle moves up above them.

    Call it after the x limits are set. ``offset`` shifts each line in x (0.5 for bars
    centred on whole years, so that an event on 1 January falls on the boundary between two
    years' bars).
    """
    x0, x1 = ax.get_xlim()
    renderer = ax.figure.canvas.get_renderer()
    # Data units per point, for an axes about 80% as wide as the figure (a little narrower
    # than it ends up, so that labels never touch)
    per_point = (x1 - x0) / (0.8 * ax.figure.get_size_inches()[0] * 72)
    row_pt = TEXT_PT * 1.4
    labels = []  # (line x, label, label span, whether it ends at its line), last event first
    for ev in events.sort_values("date", ascending=False).itertuples():
        x = decimal_year(ev.date) + offset
        label = event_label(ev.date.isoformat(), ev.event)
        width = (max(renderer.get_text_width_height_descent(text, prop, ismath=False)[0]
                     for text, prop in _in_every_language(label)) * 72 / ax.figure.dpi + 4) * per_point
        left = x + width > x1  # no room on the right: the label ends at its line
        labels.append((x, label, (x - width, x) if left else (x, x + width), left))
    placed = _event_rows([(x, span) for x, _, span, _ in labels])
    for (x, label, _, left), (_, _, row) in zip(labels, placed):
        # Darker than the grid (#E6E6E6) and drawn above it, so the line never vanishes in it
        ax.axvline(x, color=EVENT_LINE, lw=0.9, ls="--", zorder=1.5)
        ax.annotate(label, xy=(x, 1), xycoords=ax.get_xaxis_transform(), xytext=(0, 3 + row * row_pt),
                    textcoords="offset points", ha="right" if left else "left", va="bottom",
                    color="#444444", annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": EVENT_LINE, "lw": 0.6, "shrinkA": 0, "shrinkB": 0,
                                "relpos": (1, 0) if left else (0, 0)})
    rows = 1 + max((r for *_, r in placed), default=-1)
    subtitle = ax.get_title(loc="left")
    if subtitle:  # above the labels
        ax.set_title(subtitle, loc="left", color="#444444", pad=6 + 3 + rows * row_pt)


def _in_every_language(label: str) -> list[tuple[str, mpl.font_manager.FontProperties]]:
    """An event label and its font in each language of :data:`LANGUAGES`: the label's place
    is chosen so that it fits in all of them (one layout for both editions)."""
    out = [(label, mpl.font_manager.FontProperties(size=TEXT_PT))]
    if "ko" in LANGUAGES:
        i18n.register_fonts()
        korean = i18n.catalogue().translate(label) or label
        out.append((korean, mpl.font_manager.FontProperties(family=i18n.FONT_FAMILY, size=TEXT_PT)))
    return out


def _event_rows(labels: list[tuple[float, tuple[float, float]]]) -> list[tuple[float, tuple[float, float], int]]:
    """A row for each event label (line x, label span), so that no label overlaps another,
    crosses a line or is crossed by one, in as few rows as that allows: each label in turn
    takes the lowest row where it clashes with none placed before it, trying every order of
    the labels (a handful) and keeping the layout with the fewest rows (the first order, last
    event first, wins a tie). Where no order avoids every line, labels only avoid each other."""
    def layout(order, lines):
        placed: dict[int, tuple[float, tuple[float, float], int]] = {}
        for i in order:
            x, span = labels[i]
            row = next((r for r in range(len(labels)) if not _event_clash(list(placed.values()), x, span, r, lines)),
                       None)
            if row is None:
                return None
            placed[i] = (x, span, row)
        return [placed[i] for i in range(len(labels))]

    orders = itertools.permutations(range(len(labels))) if len(labels) <= 7 else [range(len(labels))]
    found = (layout(order, True) for order in orders)
    best = min((f for f in found if f), key=lambda f: max(r for *_, r in f), default=None)  # first of the fewest
    return best or layout(range(len(labels)), False)


def _event_clash(placed: list, x: float, span: tuple[float, float], row: int, lines: bool) -> bool:
    """Whether an event label at ``span`` in ``row``, its line at ``x``, overlaps a label
    already ``placed`` or (``lines``) crosses a line or is crossed by one."""
    return any((r == row and not (span[1] < s[0] or span[0] > s[1]))         # label on label
               or (lines and r < row and s[0] <= x <= s[1])                 # a label on this line
               or (lines and r > row and span[0] <= lx <= span[1])          # this label on a line
               for lx, s, r in placed)


def legend_below(fig: Figure, ax: Axes, handles_from: Axes | None = None, extra: tuple = (),
                 **kwargs: Any) -> mpl.legend.Legend:
    """The legend of ``ax`` (or of ``handles_from``, then the labelled artists ``extra``) under
    the plot ``ax``, left-aligned, where on a narrow chart it covers no data (one entry per
    line unless ``ncols`` says otherwise)."""
    handles, labels = (handles_from or ax).get_legend_handles_labels()
    handles, labels = [*handles, *extra], [*labels, *(a.get_label() for a in extra)]
    label_lines = ax.get_xlabel().count("\n") + 1 if ax.get_xlabel() else 0
    below = 3.5 + TEXT_PT * 1.3 + (TEXT_PT * 1.3 * label_lines + 4 if label_lines else 0) + 4  # ticks, x label
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, 0), borderaxespad=0,
                     bbox_transform=mpl.transforms.offset_copy(ax.transAxes, fig, y=-below, units="points"),
                     **kwargs)


def thousands(axis: mpl.axis.Axis) -> None:
    """Label an axis with thousands separators (1,000 rather than 1000)."""
    axis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
