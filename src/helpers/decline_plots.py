"""Notebook 03's figures, drawn from what its cells computed; a title that states a
conclusion is chosen by the condition the notebook computed for it (passed in)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from helpers import figures
from helpers.decline import Parameters
from helpers.figures import PALETTE
from helpers.text import level_pct, pct, year_runs, years_text

Sources = dict[int, str]  # year -> the source key of its arrivals


def residuals(res: pd.DataFrame, dw: float, p: Parameters, source: Sources) -> None:
    """The primary model's scaled Pearson residuals (``year``, ``residual``) over time."""
    fig, ax = figures.new_figure(
        f"Residuals of the primary model over time (Durbin-Watson {dw:.2f})",
        f"Scaled Pearson residuals of the quasi-Poisson model, {p.START}-{p.END}")
    ax.axhline(0, color=PALETTE["muted"], lw=0.8)
    ax.axhspan(-2, 2, color=PALETTE["light"], alpha=0.2, lw=0)
    ax.axvline(p.BREAK - 0.5, color=PALETTE["muted"], ls="--", lw=0.8)
    ax.plot(res["year"], res["residual"], "o-", color=PALETTE["total"], ms=4, lw=0.8)
    ax.set_ylim(-3, 3)
    ax.set_ylabel("scaled Pearson residual")
    figures.save(fig, "03_residuals", data=res.assign(
        scaled_pearson_residual=res["residual"].round(4), source=_keys(source, res["year"]))
        .drop(columns="residual"))


def shapes(comparison: pd.DataFrame, shape_fits: pd.DataFrame, d: pd.DataFrame, chosen: int,
           p: Parameters, source: Sources) -> None:
    """Observed arrivals with every shape the data cannot tell from the best one (``chosen``
    of them with a year chosen from the data)."""
    t = comparison[comparison["tied_with_best"]]
    tied = t["model"].tolist()
    fig, ax = figures.new_figure(
        (f"{len(tied)} shapes of the change fit about equally well"
         + (f" ({'all' if chosen == len(tied) else chosen} with a year chosen from the data)" if chosen else ""))
        if len(tied) > 1
        else f"One shape fits best: {tied[0]}",
        f"Arrivals per year, {p.START}-{p.END}, and the fitted shapes whose "
        f"quasi-AIC is within {p.QAIC_TIE:g} of the best; a year chosen by a scan or at the peak is "
        "not charged for, which flatters that shape")
    styles = ["-", "--", "-.", ":"]
    colours = [PALETTE["male"], PALETTE["secondary"], PALETTE["accent"], PALETTE["other"]]
    years = shape_fits["year"]
    for i, (name, step_year) in enumerate(zip(tied, t["at_year"])):
        # A shape with a step is drawn as two pieces, so the step is not drawn as a slope
        has_step = any(w in name for w in ("step and turn", "step in")) and step_year is not pd.NA
        pieces = ([years < int(step_year), years >= int(step_year)] if has_step else [years == years])
        for j, mask in enumerate(pieces):
            ax.plot(years[mask], shape_fits.loc[mask, name], styles[i % 4], color=colours[i % 4],
                    lw=1.4, label=name if j == 0 else None)
    ax.plot(d["year"], d["total"], "o", color=PALETTE["total"], ms=4, label="observed")
    figures.thousands(ax.yaxis)
    ax.set_ylim(0, d["total"].max() * 1.15)
    ax.set_ylabel("arrivals")
    figures.legend_below(fig, ax)
    fits = shape_fits.melt(id_vars="year", value_vars=tied, var_name="model",
                             value_name="fitted_arrivals")
    observed = d[["year", "total"]].rename(columns={"total": "observed_arrivals"})
    data = fits.merge(observed, on="year").round({"fitted_arrivals": 2})
    figures.save(fig, "03_shapes", data=data.assign(source=_keys(source, data["year"])))


def counterfactuals(cf: pd.DataFrame, paths: pd.DataFrame, d: pd.DataFrame, primary: dict,
                    below_every_scenario: bool, p: Parameters, source: Sources) -> None:
    """The primary model, the observed years and every 'no change' scenario."""
    low, high = cf["missing"].min(), cf["missing"].max()
    title = (f"After {p.BREAK - 1} arrivals fell below every 'no change' scenario; "
             f"the shortfall is {low:,.0f} to {high:,.0f} people, by scenario"
             if below_every_scenario else
             f"The shortfall after {p.BREAK - 1} is {low:,.0f} to {high:,.0f} people, by scenario")
    flat = sorted(float(paths[n].dropna().iloc[0]) for n in cf["scenario"] if n.endswith("held flat"))
    close = any(b - a <= 0.02 * b for a, b in zip(flat, flat[1:]))
    fig, ax = figures.new_figure(
        title, f"Arrivals per year, {p.START}-{p.END}: observed, the primary model, "
        f"and {len(cf)} scenarios for the years from {p.BREAK} had nothing changed"
        + ("; two of the flat levels nearly coincide" if close else ""))
    post = d["year"] >= p.BREAK
    fitted = primary["fit"].fittedvalues
    for mask in (~post, post):
        ax.plot(d["year"][mask], np.asarray(fitted)[mask], color=PALETTE["male"], lw=1.5)
    ax.plot([], [], color=PALETTE["male"], lw=1.5, label="primary model, fitted")
    styles = [("--", PALETTE["secondary"]), ("-.", PALETTE["other"]), (":", PALETTE["muted"]),
              ((0, (1, 3)), PALETTE["accent"]), ((0, (5, 2, 1, 2, 1, 2)), PALETTE["female"])]
    show = d["year"] >= p.BREAK - 1
    for (name, (ls, colour)) in zip(cf["scenario"], styles):
        ax.plot(paths["year"][show], paths[name][show], linestyle=ls, color=colour, lw=1.5,
                label=f"scenario: {name}")
    ax.plot(d["year"], d["total"], "o", color=PALETTE["total"], ms=4, label="observed")
    ax.axvline(p.BREAK - 0.5, color=PALETTE["muted"], lw=0.8)
    figures.thousands(ax.yaxis)
    ax.set_ylabel("arrivals")
    ax.set_ylim(0, paths.drop(columns="year").max().max() * 1.1)
    figures.legend_below(fig, ax)
    data = paths.assign(observed_arrivals=d["total"].to_numpy(),
                        primary_model_fitted=np.asarray(fitted)).round(2)
    data.columns = [c if c in ("year", "observed_arrivals", "primary_model_fitted") else
                    f"scenario: {c}" for c in data.columns]
    data = data.astype({c: "Float64" for c in data.columns if c.startswith("scenario")})
    figures.save(fig, "03_its_counterfactual", data=data.assign(source=_keys(source, data["year"])))


def break_scan(table: pd.DataFrame, sup_f_iid: dict, sup_f_ar1: dict, by_rho: dict[float, float],
               rejected: bool, clear_years: list[int], p: Parameters, source: Sources) -> None:
    """F of a break in each candidate year against one trend, with sup-F's critical values;
    ``clear_years``: the break years whose F exceeds every one of them (each alone rejects one
    constant growth rate)."""
    top_rho = max(by_rho)
    alpha = level_pct(1 - p.LEVEL)  # the test's size: 5% for a 95% level
    crit = {"independent years": sup_f_iid["critical"],
            f"AR(1), rho {sup_f_ar1['rho']:.2f} (estimated)": sup_f_ar1["critical"],
            f"AR(1), rho {top_rho:.2f}": by_rho[top_rho]}
    fig, ax = figures.new_figure(
        ("One constant growth rate is not clearly rejected" if not rejected else
         f"One constant growth rate is rejected: a break starting in any of {len(clear_years)} years "
         f"({year_runs(clear_years)}) clears every critical value" if len(clear_years) > 1 else
         f"One constant growth rate is rejected: a break starting in {clear_years[0]} clears every critical value"),
        f"F statistic of a step-and-turn break against one log-linear trend, by first year "
        f"after the break, {p.START}-{p.END}")
    colours = [PALETTE["secondary"] if y == p.BREAK else PALETTE["total"] for y in table["year"]]
    ax.bar(table["year"], table["F"], color=colours, width=0.7)
    for (name, value), ls in zip(crit.items(), ("--", ":", "-.")):
        ax.axhline(value, color=PALETTE["female"], ls=ls, lw=1,
                   label=f"sup-F {alpha} critical value, {name}: {value:.1f}")
    ax.set_xticks(figures.every_other_year(table["year"]))
    ax.set_ylim(0, table["F"].max() * 1.1)
    ax.set_ylabel("F statistic")
    ax.set_xlabel("first year after the break")
    chosen = Patch(color=PALETTE["secondary"], label=f"{p.BREAK}, the primary model's year")
    figures.legend_below(fig, ax, extra=(chosen,))
    data = table[["year", "F"]].rename(columns={"year": "first_year_after_break", "F": "F_statistic"})
    data["critical_independent_years"] = round(sup_f_iid["critical"], 3)
    data["critical_ar1_years"] = round(sup_f_ar1["critical"], 3)
    data[f"critical_ar1_years_rho_{top_rho:.2f}"] = round(by_rho[top_rho], 3)
    data["level"] = p.LEVEL
    figures.save(fig, "03_break_scan", data=data.round(4).assign(source=_all_keys(source, p)))


#: The top of the LR axis in 03_break_date: years above it are marked at the edge.
LR_AXIS_TOP = 20.0


def break_date(scans: dict, lr_critical: dict[str, float], s: list[int], dated: bool, p: Parameters,
               source: Sources) -> None:
    """Likelihood-ratio profile and posterior over candidate years, for a step and a turn
    (``s``: the confidence set of the break year at ``p.LEVEL``; ``dated``: whether it holds one year)."""
    lv = level_pct(p.LEVEL)
    fig, (ax1, ax2) = figures.new_figure(
        (f"The break's year is uncertain: the {lv} set is {years_text(s)}" if not dated
         else f"The break is dated to {s[0]}"),
        f"Top: likelihood-ratio statistic by year (below the dashed line: in the {lv} set). "
        "Bottom: posterior probability of each year (flat prior)", size="tall", nrows=2, sharex=True)
    kinds = {"break": ("step and turn", PALETTE["male"]), "kink": ("turn, no step", PALETTE["secondary"])}
    cap = LR_AXIS_TOP
    for kind, (label, colour) in kinds.items():
        t = scans[kind].table
        ax1.plot(t["year"], t["LR"].clip(upper=cap), "-", color=colour, lw=1)
        inside = t["LR"] <= cap
        ax1.plot(t["year"][inside], t["LR"][inside], "o", color=colour, ms=3.5, label=label)
        # Years whose statistic is above the axis get a mark at its top edge
        ax1.plot(t["year"][~inside], np.full((~inside).sum(), cap), "^", color=colour, ms=4.5, clip_on=False)
        ax1.axhline(lr_critical[kind], color=colour, ls="--", lw=0.8)
        offset = -0.2 if kind == "break" else 0.2
        ax2.bar(t["year"] + offset, t["posterior_quasi_poisson"], width=0.4, color=colour, label=label)
    years = pd.concat([scans[k].table["year"] for k in kinds])
    for ax in (ax1, ax2):
        ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
        ax.set_xticks(figures.every_other_year(years))
    ax1.set_ylim(0, cap)
    ax1.plot([], [], "^", color=PALETTE["muted"], ms=4.5, label=f"above {cap:g}, off the scale")
    ax1.plot([], [], "--", color=PALETTE["muted"], lw=0.8, label=f"simulated {level_pct(1 - p.LEVEL)} critical value")
    ax1.set_ylabel("likelihood-ratio statistic")
    ax2.set_xlabel("year of the break (step: first year after; turn: last year before)")
    figures.legend_below(fig, ax2, handles_from=ax1)  # one legend for both panels, clear of the data
    ax2.yaxis.set_major_formatter(figures.mpl.ticker.FuncFormatter(lambda v, _: pct(v)))
    ax2.set_ylabel("posterior probability")
    data = pd.concat([scans[k].table.assign(shape=kinds[k][0], lr_critical=lr_critical[k], level=p.LEVEL)
                      for k in kinds])[["shape", "year", "LR", "lr_critical", "level", "posterior_quasi_poisson"]]
    figures.save(fig, "03_break_date", data=data.round(4).assign(source=_all_keys(source, p)))


def after_2019(a: pd.DataFrame, total: pd.Series, p: Parameters, last_year: int, source: Sources) -> None:
    """Each year from the break on against the post-break trend's prediction interval (for each
    year the wider of the pooled and the post-break one, as the notebook judges it)."""
    last = a.iloc[-1]
    fig, ax = figures.new_figure(
        f"Since {p.END + 1} arrivals have stayed below the {p.BREAK}-{p.END} "
        f"trend's prediction interval: {int(last['observed']):,} in {last_year}"
        if a.loc[a["year"] > p.END, "below_prediction"].all() else
        f"Arrivals after {p.END} against the {p.BREAK}-{p.END} trend",
        f"Arrivals per year (log scale) and the {p.BREAK}-{p.END} trend carried forward, "
        f"with its {level_pct(p.LEVEL)} prediction interval for a single year")
    ax.fill_between(a["year"], a["pi_low"], a["pi_high"], color=PALETTE["light"], alpha=0.3, lw=0,
                    label=f"{level_pct(p.LEVEL)} prediction interval for one year")
    ax.plot(a["year"], a["mean"], "--", color=PALETTE["male"], lw=1.3,
            label=f"{p.BREAK}-{p.END} trend, carried forward after {p.END}")
    ax.plot(total.index, total.values, "o-", color=PALETTE["total"], ms=3.5, lw=1, label="observed")
    ax.set_yscale("log")
    ax.set_ylim(30, 5000)
    ax.set_yticks([50, 100, 200, 500, 1000, 2000])
    figures.thousands(ax.yaxis)
    ax.set_ylabel("arrivals (log scale)")
    figures.legend_below(fig, ax)
    data = total.rename("observed_arrivals").rename_axis("year").reset_index().merge(
        a.drop(columns="observed").rename(columns={
            "mean": "trend", "ci_low": "trend_low", "ci_high": "trend_high",
            "pi_low": "prediction_low", "pi_high": "prediction_high"}), on="year", how="left")
    data = data.drop(columns=["below_prediction", "observed_vs_trend_percent", "interval_from"]).round(2)
    data = data.astype({c: "Float64" for c in data.columns if c.startswith(("trend", "prediction"))})
    figures.save(fig, "03_after_2019", data=data.assign(source=_keys(source, data["year"])))


def _keys(source: Sources, years) -> list[str]:
    """The source key of each year's arrivals (for the figure data files)."""
    return [source.get(int(y), "") for y in years]


def _all_keys(source: Sources, p: Parameters) -> str:
    """The source keys of every modelled year, once each (for statistics of the whole fit)."""
    keys = {k.strip() for cell in _keys(source, range(p.START, p.END + 1)) for k in cell.split(";")}
    return "; ".join(sorted(keys))
