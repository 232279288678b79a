"""Notebook 02's figures, drawn from :func:`helpers.gender.analyse`; titles chosen by checks."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from helpers import analysis, figure_data, figures
from helpers.figures import PALETTE
from helpers.text import years_text


def female_share(r: SimpleNamespace) -> None:
    """The share of women each year with Wilson intervals, and the two bins."""
    y, dip = r.years, r.dip
    bins = r.arrivals[r.arrivals["is_bin"]].set_index("period")
    fig, ax = figures.new_figure(
        f"Women rose from {100 * y.loc[r.p.START, 'share']:.0f}% of arrivals in {r.p.START} to "
        f"{100 * y.loc[r.max_year, 'share']:.0f}% in {r.max_year}"
        + (f", after a dip in {years_text(dip)}" if dip else ""),
        "Female share of arrivals per year, with Wilson 95% intervals")
    ax.errorbar(y.index, 100 * y["share"], yerr=[100 * (y["share"] - y["ci_low"]), 100 * (y["ci_high"] - y["share"])],
                fmt="o", color=PALETTE["female"], ms=4, capsize=2, lw=1, label="year (95% interval)")
    b = bins.loc["1999-2001"]
    ax.hlines(100 * analysis.female_share(b), b["year_start"] - 0.4, b["year_end"] + 0.4,
              color=PALETTE["female"], lw=2.5, label="1999-2001 bin")
    b98 = bins.loc["~1998"]
    share_98 = 100 * analysis.female_share(b98)
    ax.text(1998.6, share_98 + 2, f"up to 1998 (bin): {share_98:.0f}%", fontsize=7, color="#333333")
    ax.axhline(50, color=PALETTE["muted"], lw=0.8)
    figures.mark_events(ax, r.events, y=0.47)
    ax.set_ylim(0, 100)
    ax.set_xlim(1998.3, r.last_year + 0.7)
    ax.set_ylabel("women, % of arrivals")
    ax.legend(loc="upper left")
    figures.save(fig, "02_female_share", data=figure_data.female_share(y, bins))


def by_sex(r: SimpleNamespace) -> None:
    """Women and men per year, stacked."""
    y = r.years
    men_more = [int(yr) for yr in y.index[y["male"] > y["female"]]]
    fig, ax = figures.new_figure(
        f"Women outnumbered men among arrivals every year from {r.p.START}, except " + " and ".join(map(str, men_more)),
        "Arrivals per year by sex")
    ax.bar(y.index, y["female"], color=PALETTE["female"], width=0.75, label="women")
    ax.bar(y.index, y["male"], bottom=y["female"], color=PALETTE["male"], width=0.75, label="men")
    figures.thousands(ax.yaxis)
    ax.set_ylabel("arrivals")
    ax.set_xlim(r.first_year - 0.7, r.last_year + 0.7)
    ax.legend(loc="upper right")
    figures.save(fig, "02_arrivals_by_sex", data=figure_data.by_sex(y))


def men_women_log(r: SimpleNamespace) -> None:
    """Women and men per year on a log scale, with the dated events."""
    y, pct = r.years, r.pct
    faster = set(r.base_years["fell_faster"])
    fig, ax = figures.new_figure(
        (f"From {r.p.FALL[0]} to {r.p.FALL[1]} {next(iter(faster))} fell further ({pct['male']:.0f}% for men, "
         f"{pct['female']:.0f}% for women)" if len(faster) == 1 else "Men and women fell at different times"),
        "Arrivals per year by sex (log scale)")
    for sex in ("female", "male"):
        ax.plot(y.index, y[sex], "o-", color=PALETTE[sex], ms=3, lw=1.3)
        ax.text(r.last_year + 0.3, y.loc[r.last_year, sex], "women" if sex == "female" else "men",
                color=PALETTE[sex], va="center", fontsize=8)
    ax.set_yscale("log")
    ax.set_yticks([20, 50, 100, 200, 500, 1000, 2000])
    figures.thousands(ax.yaxis)
    figures.mark_events(ax, r.events)
    ax.set_ylim(15, 40000)
    ax.set_xlim(r.first_year - 0.5, r.last_year + 1.8)
    ax.set_ylabel("arrivals (log scale)")
    figures.save(fig, "02_men_women_log", data=figure_data.by_sex(y))


def share_trend_model(r: SimpleNamespace) -> None:
    """The observed share with the fitted trend and its confidence band over the fitted years,
    and after them each year's prediction interval (left); the residuals (right)."""
    p, y, pi = r.primary, r.years, r.share_pi
    xs = np.arange(r.p.START, r.p.END + 1)
    pred = p["fit"].get_prediction(np.column_stack([np.ones(len(xs)), xs - r.p.START]))
    band = pred.conf_int()
    after = pi.loc[pi.index > r.p.END]
    fig, (ax1, ax2) = figures.new_figure(
        f"The odds that an arrival is a woman rose by a factor of {p['odds_ratio']:.3f} a year, "
        f"{r.p.START}-{r.p.END} ({r.ar1['odds_ratio']:.3f} allowing for runs of similar years)",
        f"Observed share and fitted quasi-binomial trend with its 95% confidence band, {r.p.START}-"
        f"{r.p.END}; later years against the 95% prediction interval of a logit-normal trend model "
        "(left); scaled Pearson residuals (right)", ncols=2)
    ax1.fill_between(xs, 100 * band[:, 0], 100 * band[:, 1], color=PALETTE["light"], alpha=0.4, lw=0,
                     label="fitted trend (95% confidence band)")
    ax1.plot(xs, 100 * pred.predicted_mean, color=PALETTE["male"], lw=1.2)
    ax1.errorbar(after.index, 100 * after["trend"], yerr=[100 * (after["trend"] - after["pi_low"]),
                 100 * (after["pi_high"] - after["trend"])], fmt="_", color=PALETTE["male"], lw=1, capsize=2,
                 label="95% prediction interval for one year")
    ax1.plot(y.index, 100 * y["share"], "o", color=PALETTE["female"], ms=3.5, label="observed")
    ax1.axvspan(r.p.END + 0.5, r.last_year + 0.5, color=PALETTE["muted"], alpha=0.15, lw=0)
    ax1.text(r.p.END + 0.7, 97, "not fitted", fontsize=7, color="#444444", va="top")
    ax1.set_ylim(0, 100)
    ax1.set_ylabel("women, % of arrivals")
    ax1.legend(loc="lower left", fontsize=7)
    fr = p["frame"]
    ax2.axhline(0, color=PALETTE["muted"], lw=0.8)
    ax2.axhspan(-2, 2, color=PALETTE["light"], alpha=0.2, lw=0)
    ax2.plot(fr["year"], fr["pearson_residual"], "o-", color=PALETTE["total"], ms=3.5, lw=0.8)
    ax2.set_ylabel("scaled Pearson residual")
    ax2.set_xticks(range(2005, r.p.END + 1, 5))
    ax2.set_ylim(-3, 3)
    figures.save(fig, "02_share_trend_model",
                 data=figure_data.share_trend(y, xs, pred.predicted_mean, band, p, after, r.arrivals))
