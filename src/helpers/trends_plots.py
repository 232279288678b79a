"""Notebook 01's figures, drawn from what its cells computed; each title (a finding, chosen
by the notebook's conditions) is passed in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import analysis, figure_data, figures
from helpers.figures import PALETTE


def annual(title: str, total: pd.Series, arrivals: pd.DataFrame, single: pd.DataFrame, events: pd.DataFrame,
           b: pd.Series, bin_1998: pd.Series) -> None:
    """Arrivals per year, the 1999-2001 bin ``b`` as its annual average, the other source's single years."""
    peak, mean_9901, last_year = int(total.max()), float(b["total"] / b["n_years"]), int(total.index.max())
    fig, ax = figures.new_figure(title, "North Korean defectors arriving in South Korea, per year")
    ax.bar(total.index, total.values, color=PALETTE["total"], width=0.75, label="arrivals in the year")
    ax.bar(int(b["year_start"]) + 1, mean_9901, width=b["n_years"] - 0.25,
           color="white", edgecolor=PALETTE["total"], hatch="///", lw=0.8,
           label=f"1999-2001 bin: annual average ({mean_9901:,.0f})")
    ax.plot(single["year"], single["total"], "o", color=PALETTE["secondary"], ms=4,
            label="single years (other source, no sex split)")
    note = ax.text(0.01, 0.98, f"Up to 1998:\n{int(bin_1998['total']):,} arrivals\nin all (cumulative,\nnot one year)",
                   transform=ax.transAxes, va="top", color="#333333", bbox=figures.NOTE_BOX, zorder=0.9)
    ax.set_xlim(1995.3, last_year + 0.7)
    figures.mark_events(ax, events, offset=-0.5)
    ax.set_ylim(0, _room_under(fig, ax, note, total, peak * 1.08))
    ax.set_yticks(range(0, peak + 500, 500))
    ax.set_ylabel("arrivals")
    figures.thousands(ax.yaxis)
    figures.legend_below(fig, ax)
    figures.save(fig, "01_annual_arrivals", data=figure_data.annual(arrivals, single))


def _room_under(fig, ax, note, bars: pd.Series, top: float) -> float:
    """The top of the y axis that keeps the bars under a note placed in the axes' top left
    clear of it (the note's size in axes fractions does not depend on the limits): ``top``,
    or higher when more years squeeze the note over taller bars."""
    fig.canvas.draw()
    box = note.get_window_extent().transformed(ax.transAxes.inverted())
    x0, x1 = ax.get_xlim()
    under = bars[(bars.index + 0.4 >= x0 + box.x0 * (x1 - x0)) & (bars.index - 0.4 <= x0 + box.x1 * (x1 - x0))]
    return max(top, float(under.max()) / (box.y0 - 0.02)) if len(under) and box.y0 > 0.1 else top


def phases(title: str, subtitle: str, total: pd.Series, table: pd.DataFrame, arrivals: pd.DataFrame) -> None:
    """Log arrivals with the fitted line of each estimated phase (``table``) and its yearly rate."""
    fig, ax = figures.new_figure(title, subtitle)
    for i, ph in table.iterrows():
        ax.axvspan(ph["start"] - 0.5, ph["end"] + 0.5, color=PALETTE["light"], alpha=0.08 + 0.12 * (i % 2), lw=0)
        part = total.loc[ph["start"]:ph["end"]]
        line = np.polyfit(part.index - ph["start"], np.log(part.to_numpy(float)), 1)
        ax.plot(part.index, np.exp(np.polyval(line, part.index - ph["start"])), color=PALETTE["male"], lw=1.5)
    ax.plot(total.index, total.values, "o", color=PALETTE["total"], ms=3.5)
    ax.plot([], [], color=PALETTE["male"], lw=1.5, label="fitted line of the phase")
    # Each phase's rate in the legend under the plot, not over the data: with other
    # parameters a phase may be short or steep, and no place inside the plot is always free
    for _, ph in table.iterrows():
        interval = ("too few years for an interval" if analysis.phase_too_short(ph["start"], ph["end"])
                    else f"{ph['ci_low']:+.0f} to {ph['ci_high']:+.0f}%")
        ax.plot([], [], " ", label=f"{ph['phase']}: {ph['rate_per_year']:+.0f}% a year ({interval})")
    ax.set_yscale("log")
    ax.set_ylim(40, 4000)
    ax.set_xlim(total.index.min() - 0.5, total.index.max() + 0.5)
    ax.set_yticks([50, 100, 200, 500, 1000, 2000])
    figures.thousands(ax.yaxis)
    ax.set_ylabel("arrivals (log scale)")
    figures.legend_below(fig, ax)
    figures.save(fig, "01_phases", data=figure_data.phases(total, table, arrivals))


def cumulative(title: str, arrivals: pd.DataFrame, checkpoints: pd.DataFrame) -> None:
    """The running total at each year end, with the published cumulative totals on top."""
    cum = arrivals[["year_end", "total"]].assign(cumulative=arrivals["total"].cumsum())
    cp = checkpoints.assign(x=[figures.decimal_year(d) for d in checkpoints["as_of"]])
    last_year, total = int(arrivals["year_end"].max()), int(arrivals["total"].sum())
    fig, ax = figures.new_figure(title, "Cumulative arrivals at each year end; published totals marked")
    ax.plot(cum["year_end"] + 1, cum["cumulative"], ".-", color=PALETTE["total"], lw=1.5, ms=4,
            label="sum of the annual series (at 31 December)")
    ax.plot(cp["x"], cp["total"], "o", mfc="none", mec=PALETTE["female"], ms=6, mew=1.2,
            label="published cumulative total")
    ax.set_xlim(1998.5, last_year + 1.5)
    ax.set_ylim(0, total * 1.08)
    figures.thousands(ax.yaxis)
    ax.set_ylabel("arrivals since records began")
    ax.legend(loc="upper left")
    figures.save(fig, "01_cumulative_arrivals", data=figure_data.cumulative(arrivals, checkpoints))


def quarterly(title: str, subtitle: str, slots: pd.DataFrame, article_2020: int) -> None:
    """Arrivals per quarter from 2020 (``slots``: :func:`helpers.analysis.quarter_slots`):
    published quarters, quarters derived from a half year or a year, half years whose
    quarters are unknown, unpublished quarters; Wikipedia's '2020' marked."""
    fig, ax = figures.new_figure(title, subtitle)
    qfull = slots.set_index(["year", "quarter"])["arrivals"]
    xs = np.arange(len(slots))
    kind = slots["kind"].to_numpy()
    values = slots["arrivals"].astype("float").fillna(0).to_numpy()
    shown = kind == "published"
    ax.bar(xs[shown], values[shown], color=PALETTE["total"], width=0.7, label="arrivals in the quarter")
    derived = kind == "derived"
    if derived.any():
        ax.bar(xs[derived], values[derived], color="white", edgecolor=PALETTE["total"], hatch="....", lw=0.8,
               width=0.7, label="derived: a half year or a year less its published quarters")
    top = values.max() * 1.2
    for x0 in sorted({int(x) - int(k % 2 == 0) for x, k, t in zip(xs, slots["quarter"], kind)
                      if t == "in a half year"}):  # a half year over its two quarters: its total, in words,
        half = slots.iloc[x0]                     # above the bars beside it, ending inside the plot
        clear = values[max(0, x0 - 3):x0 + 2].max() + 0.12 * top
        ax.annotate(f"half year:\n{int(half['half_total'])}", xy=(x0 + 0.5, 5), xytext=(min(x0 + 1.4, len(xs) - 0.5),
                    min(clear, 0.7 * top)), ha="right", va="bottom",
                    arrowprops={"arrowstyle": "-", "color": PALETTE["muted"], "lw": 0.6})
    missing = (kind == "not published") | (kind == "in a half year")
    if missing.any():
        ax.bar(xs[missing], np.full(missing.sum(), 4.0), bottom=0, color="white", edgecolor=PALETTE["muted"],
               hatch="////", lw=0.6, width=0.7, label="quarter not published")
    for x, v in zip(xs, slots["arrivals"]):
        if not pd.isna(v):
            ax.text(x, v + 2, f"{int(v)}", ha="center", va="bottom")
    ax.annotate(f"Wikipedia's '2020':\n{article_2020} (January-March)",
                xy=(0.4, int(qfull[(2020, 1)])), xytext=(2.2, 120),
                arrowprops={"arrowstyle": "->", "color": PALETTE["female"]}, color=PALETTE["female"],
                bbox=figures.NOTE_BOX)
    # Years as labels under their four quarters, quarters as minor ticks, a line between years
    firsts = [(i, y) for i, (y, k) in enumerate(qfull.index) if k == 1]
    centres = slots.assign(x=xs).groupby("year")["x"].mean()  # a year's label under the quarters it has
    ax.set_xticks(centres.to_list(), [str(y) for y in centres.index])
    ax.set_xticks(xs, minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.tick_params(axis="x", which="minor", length=3)
    ax.grid(False, axis="x")
    for i, _ in firsts:
        if i:
            ax.axvline(i - 0.5, color="#CCCCCC", lw=0.6)
    ax.set_xlim(-0.6, len(qfull) - 0.4)
    ax.set_ylabel("arrivals in the quarter")
    ax.set_ylim(0, top)
    figures.legend_below(fig, ax)
    figures.save(fig, "01_quarterly_since_2020", data=figure_data.quarterly(slots))
