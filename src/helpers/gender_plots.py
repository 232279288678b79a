"""Notebook 02's figures, drawn from what its cells computed; each title (a finding, chosen
by the notebook's conditions) is passed in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import analysis, figure_data, figures
from helpers.figures import PALETTE
from helpers.gender import Parameters
from helpers.text import level_pct


def female_share(title: str, y: pd.DataFrame, arrivals: pd.DataFrame, events: pd.DataFrame, level: float) -> None:
    """The share of women each year with Wilson intervals at ``level`` (``y``), and the two bins."""
    bins = arrivals[arrivals["is_bin"]].set_index("period")
    fig, ax = figures.new_figure(title, f"Female share of arrivals per year, with Wilson {level_pct(level)} intervals")
    ax.errorbar(y.index, 100 * y["share"], yerr=[100 * (y["share"] - y["ci_low"]), 100 * (y["ci_high"] - y["share"])],
                fmt="o", color=PALETTE["female"], ms=4, capsize=2, lw=1, label=f"year ({level_pct(level)} interval)")
    b = bins.loc["1999-2001"]
    ax.hlines(100 * analysis.female_share(b), b["year_start"] - 0.4, b["year_end"] + 0.4,
              color=PALETTE["female"], lw=2.5, label="1999-2001 bin")
    b98 = bins.loc["~1998"]
    share_98 = 100 * analysis.female_share(b98)
    ax.text(1998.6, share_98 + 2, f"up to 1998\n(bin): {share_98:.0f}%", color="#333333", bbox=figures.NOTE_BOX)
    ax.axhline(50, color=PALETTE["muted"], lw=0.8)
    ax.set_ylim(0, 100)
    ax.set_xlim(1998.3, y.index.max() + 0.7)
    figures.mark_events(ax, events)
    ax.set_ylabel("women, % of arrivals")
    figures.legend_below(fig, ax)
    figures.save(fig, "02_female_share", data=figure_data.female_share(y, bins))


def by_sex(title: str, y: pd.DataFrame) -> None:
    """Women and men per year, stacked."""
    fig, ax = figures.new_figure(title, "Arrivals per year by sex")
    ax.bar(y.index, y["female"], color=PALETTE["female"], width=0.75, label="women")
    ax.bar(y.index, y["male"], bottom=y["female"], color=PALETTE["male"], width=0.75, label="men")
    figures.thousands(ax.yaxis)
    ax.set_ylabel("arrivals")
    ax.set_xlim(y.index.min() - 0.7, y.index.max() + 0.7)
    ax.legend(loc="upper right")
    figures.save(fig, "02_arrivals_by_sex", data=figure_data.by_sex(y))


#: The range of 02_men_women_log's log axis (arrivals).
LOW, HIGH = 15, 4000


def men_women_log(title: str, y: pd.DataFrame, events: pd.DataFrame) -> None:
    """Women and men per year on a log scale, with the dated events."""
    last_year = int(y.index.max())
    fig, ax = figures.new_figure(title, "Arrivals per year by sex (log scale)")
    for sex in ("female", "male"):
        ax.plot(y.index, y[sex], "o-", color=PALETTE[sex], ms=3, lw=1.3)
        # beside the last point, outside the plot: the layout makes room for it whatever the years
        # (kept inside the axis's range, where a count of 0 has no place on a log scale)
        ax.annotate("women" if sex == "female" else "men", (last_year, min(max(y.loc[last_year, sex], LOW), HIGH)),
                    xytext=(6, 0), textcoords="offset points", color=PALETTE[sex], va="center",
                    annotation_clip=False)
    ax.set_yscale("log")
    ax.set_yticks([20, 50, 100, 200, 500, 1000, 2000])
    figures.thousands(ax.yaxis)
    ax.set_ylim(LOW, HIGH)
    ax.set_xlim(y.index.min() - 0.5, last_year + 0.5)
    figures.mark_events(ax, events)
    ax.set_ylabel("arrivals (log scale)")
    figures.save(fig, "02_men_women_log", data=figure_data.by_sex(y))


def share_trend_model(title: str, p: dict, y: pd.DataFrame, pi: pd.DataFrame, par: Parameters,
                      arrivals: pd.DataFrame) -> None:
    """The observed share with the fitted trend ``p`` and its confidence band over the fitted
    years, and after them each year's prediction interval (``pi``, left); the residuals (right)."""
    xs = np.arange(par.START, par.END + 1)
    last_year = int(y.index.max())
    pred = p["fit"].get_prediction(np.column_stack([np.ones(len(xs)), xs - par.START]))
    band = pred.conf_int(alpha=1 - par.LEVEL)
    lv = level_pct(par.LEVEL)
    after = pi.loc[pi.index > par.END]
    fig, (ax1, ax2) = figures.new_figure(
        title,
        f"Observed share and fitted quasi-binomial trend with its {lv} confidence band, {par.START}-"
        f"{par.END}; later years against the {lv} prediction interval of a logit-normal trend model "
        "(top); scaled Pearson residuals (bottom)", size="tall", nrows=2, sharex=True)
    ax1.fill_between(xs, 100 * band[:, 0], 100 * band[:, 1], color=PALETTE["light"], alpha=0.4, lw=0,
                     label=f"fitted trend ({lv} confidence band)")
    ax1.plot(xs, 100 * pred.predicted_mean, color=PALETTE["male"], lw=1.2)
    ax1.errorbar(after.index, 100 * after["trend"], yerr=[100 * (after["trend"] - after["pi_low"]),
                 100 * (after["pi_high"] - after["trend"])], fmt="_", color=PALETTE["male"], lw=1, capsize=2,
                 label=f"{lv} prediction interval for one year")
    ax1.plot(y.index, 100 * y["share"], "o", color=PALETTE["female"], ms=3.5, label="observed")
    ax1.axvspan(par.END + 0.5, last_year + 0.5, color=PALETTE["muted"], alpha=0.15, lw=0)
    ax1.text(par.END + 0.7, 3, "not\nfitted", color="#444444", va="bottom")
    ax1.set_ylim(0, 100)
    ax1.set_ylabel("women, % of arrivals")
    ax1.legend(loc="lower left")
    fr = p["frame"]
    ax2.axhline(0, color=PALETTE["muted"], lw=0.8)
    ax2.axhspan(-2, 2, color=PALETTE["light"], alpha=0.2, lw=0)
    ax2.plot(fr["year"], fr["pearson_residual"], "o-", color=PALETTE["total"], ms=3.5, lw=0.8)
    ax2.set_ylabel("scaled Pearson residual")
    ax2.set_ylim(-3, 3)
    figures.save(fig, "02_share_trend_model",
                 data=figure_data.share_trend(y, xs, pred.predicted_mean, band, p, after, arrivals))
