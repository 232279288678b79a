"""Notebook 06's figures, drawn from what its cells computed; each title is passed in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import figures
from helpers.figures import PALETTE
from helpers.text import join_words

#: The tables drawn in 06_makeup, with their panel labels.
PANELS = {"age_at_entry": "age at entry", "occupation_in_north": "occupation in the North",
          "education_in_north": "education in the North"}


#: Shorter names for the long categories, as the charts print them (the data keep the report's).
SHORT = {"not employed or dependant": "no job or dependant", "not applicable (children and others)": "children, others",
         "other (abroad and others)": "abroad, others", "university or above": "university"}


def _short(labels) -> list[str]:
    return [SHORT.get(str(label), str(label)) for label in labels]


def makeup(title: str, tables: dict[str, pd.DataFrame], date: str, sources: dict[str, str]) -> None:
    """The share of each group among all arrivals to ``date``, one panel per table
    (``sources``: each table's source key)."""
    fig, axes = figures.new_figure(title, f"Share of all arrivals to {date} in each group (the ministry's "
                                   "cumulative tables)", size="tall", nrows=3)
    rows = []
    top = max(float((100 * t["total"] / t["total"].sum()).max()) for t in tables.values())
    for ax, (table, label) in zip(axes, PANELS.items()):
        t = tables[table]
        share = 100 * t["total"] / t["total"].sum()
        ys = np.arange(len(t))[::-1]
        ax.barh(ys, share.to_numpy(), color=PALETTE["total"], height=0.7)
        for y, v in zip(ys, share):
            ax.text(v + 0.8, y, f"{v:.0f}%", va="center")
        ax.set_yticks(ys, _short(t.index))
        ax.set_xlim(0, top * 1.2)
        ax.set_xlabel(f"{label}: % of arrivals")
        rows += [{"table": table, "category": c, "arrivals": int(n), "percent": round(float(s), 2)}
                 for c, n, s in zip(t.index, t["total"], share)]
    data = pd.DataFrame(rows).assign(as_of=date)
    figures.save(fig, "06_who_arrived", data=data.assign(source=data["table"].map(sources)))


def origin(title: str, t: pd.DataFrame, border: tuple[str, ...], date: str, source: str) -> None:
    """Arrivals to ``date`` by province of origin (share of all, left) and the share of women
    in each (right), the ``border`` provinces marked."""
    fig, (ax1, ax2) = figures.new_figure(
        title, f"Arrivals to {date} by province of origin: share of all, and of women in each "
        f"(highlighted: {join_words(border)})",
        size="tall", ncols=2, sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    t = t.sort_values("total")
    ys = np.arange(len(t))
    colours = [PALETTE["secondary"] if c in border else PALETTE["total"] for c in t.index]
    share, women = 100 * t["total"] / t["total"].sum(), 100 * t["female"] / t["total"]
    ax1.barh(ys, share.to_numpy(), color=colours, height=0.7)
    ax2.barh(ys, women.to_numpy(), color=colours, height=0.7)
    for ax, values, top, ticks in ((ax1, share, share.max() * 1.35, [0, 20, 40, 60]), (ax2, women, 125, [0, 50, 100])):
        for y, v in zip(ys, values):
            ax.text(v + top * 0.02, y, f"{v:.0f}%", va="center")
        ax.set_xlim(0, top)
        ax.set_xticks([t for t in ticks if t <= top])
    ax2.axvline(50, color=PALETTE["muted"], lw=0.8)
    ax1.set_yticks(ys, _short(t.index))
    ax1.set_xlabel("% of arrivals")
    ax2.set_xlabel("women, %")
    data = (t.rename(columns={"total": "arrivals", "male": "men", "female": "women"})
            .rename_axis("province").reset_index())
    data["women_percent"] = (100 * data["women"] / data["arrivals"]).round(2)
    figures.save(fig, "06_province_of_origin", data=data[["province", "men", "women", "arrivals", "women_percent"]]
                 .assign(as_of=date, source=source))


def before_after(title: str, ba: pd.DataFrame, split: str, later: str, source: str) -> None:
    """Each compared group's share of the arrivals before and after ``split``, as the
    ranges the unnamed groups of the ``split`` report and the arrivals each report leaves out
    leave."""
    fig, ax = figures.new_figure(
        title, f"Share of arrivals in each group: up to {split}, and from then to {later}. Each is a range: the "
        f"{split} report names only some groups, and each report leaves out the latest arrivals")
    ys = np.arange(len(ba))[::-1]
    for y, (_, r) in zip(ys, ba.iterrows()):
        ax.text(0, y + 0.32, r["group"], va="bottom")  # the group above its two ranges, not beside them
        ax.plot([100 * r["before_low"], 100 * r["before_high"]], [y + 0.15] * 2, color=PALETTE["muted"], lw=6,
                solid_capstyle="butt")
        ax.plot([100 * r["after_low"], 100 * r["after_high"]], [y - 0.15] * 2, color=PALETTE["female"], lw=6,
                solid_capstyle="butt")
    ax.plot([], [], color=PALETTE["muted"], lw=6, label=f"arrivals up to {split}")
    ax.plot([], [], color=PALETTE["female"], lw=6, label=f"arrivals {split} to {later}")
    ax.set_yticks([])
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_ylim(-0.5, len(ba) - 0.1)
    ax.set_xlabel("% of the arrivals of the period")
    figures.legend_below(fig, ax)
    data = ba[["group", "before_low", "before_high", "after_low", "after_high"]].copy()
    data[data.columns[1:]] = (100 * data[data.columns[1:]]).round(2)
    data.columns = ["group", "before_low_percent", "before_high_percent", "after_low_percent", "after_high_percent"]
    figures.save(fig, "06_before_and_after", data=data.assign(split=split, later=later, source=source))
