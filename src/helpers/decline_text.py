"""Notebook 03's prose: every sentence that states a conclusion is chosen by a check.

Each function takes the namespace of :func:`helpers.decline.analyse` and returns
Markdown. A sentence that could be false for other data is picked by an ``if`` on the
numbers it rests on, so that rerunning with a revised series cannot leave a claim
standing that the numbers no longer support.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from helpers import decline
from helpers.text import join_words, pct, years_text


def _primary_sentence(r: SimpleNamespace) -> str:
    m = r.primary
    before = 100 * (m["pre_trend"] - 1)
    after = 100 * (m["pre_trend"] * m["slope_change"] - 1)
    why = ("the first full year after Kim Jong-un took power; chosen on substantive grounds, but after "
           "the series was known" if r.p.BREAK == decline.KIM_JONG_UN_FIRST_FULL_YEAR else
           f"a choice of this run, not the first full year after Kim Jong-un took power "
           f"({decline.KIM_JONG_UN_FIRST_FULL_YEAR})")
    return (f"Taking {r.p.BREAK} as the break ({why}), "
            f"**the model's {r.p.BREAK} level was {pct(m['level_change'])} of where the "
            f"{r.p.START}-{r.p.BREAK - 1} trend pointed** (95% interval "
            f"{pct(m['level_change_ci_low'])}-{pct(m['level_change_ci_high'])}); the "
            f"{int(r.observed_break_year):,} people who actually arrived in {r.p.BREAK} were "
            f"{pct(r.observed_break_year / r.counterfactual_break)} of the trend's "
            f"{r.counterfactual_break:,.0f}. The trend turned from {before:+.1f}% a year to "
            f"{after:+.1f}% a year ({r.p.START}-{r.p.BREAK - 1} by this model, which weights each year by its "
            f"arrivals; a least-squares line through log arrivals, as notebook 01 fits its phases, gives "
            f"{100 * decline.log_linear_rate(r.total, r.p.START, r.p.BREAK - 1):+.1f}%).")


def _top_years(r: SimpleNamespace) -> str:
    return join_words(f"{y} {pct(p)}" for y, p in decline.posterior_top(r, "break").items())


def _rho_range(r: SimpleNamespace) -> str:
    crit = r.sup_f_ar1_by_rho
    return ", ".join(f"{c:.1f} at rho {rho:.2f}" + (" (estimated)" if rho == r.sup_f_ar1["rho"] else "")
                     for rho, c in crit.items())


def findings(r: SimpleNamespace) -> str:
    """The findings, in the words a reader can quote."""
    items = [_shape_finding(r), _date_finding(r), _primary_sentence(r), _scenario_finding(r),
             _after_finding(r), _sex_finding(r)]
    return "\n".join(f"* {item}" for item in items) + "\n"


def _shape_finding(r: SimpleNamespace) -> str:
    top = max(r.sup_f_ar1_by_rho.values())
    head = (f"**One constant growth rate does not fit {r.p.START}-{r.p.END}**: the "
            f"largest F over break years, {r.sup_f:.1f}, exceeds the simulated 5% critical "
            f"value with independent years ({r.sup_f_iid['critical']:.1f}) and with "
            f"autocorrelated years, whatever correlation is assumed in the range tried "
            f"({_rho_range(r)}). "
            if decline.sup_f_rejected(r) else
            f"One constant growth rate is not clearly rejected (sup-F {r.sup_f:.1f}; the 5% "
            f"critical value with autocorrelated years reaches {top:.1f}: {_rho_range(r)}). ")
    tied = r.comparison.loc[r.comparison["tied_with_best"], "model"].tolist()
    return head + (f"But the data cannot tell apart {len(tied)} shapes of the change: "
                   f"{join_words(tied, sep='; ')}; their quasi-AIC lie within {r.p.QAIC_TIE:g} of the best"
                   + (f" ({_chosen_note(r)})" if n_chosen_by_data(r) else "") + "."
                   if len(tied) > 1 else f"The best shape is clearly the {tied[0]}.")


def n_chosen_by_data(r: SimpleNamespace) -> int:
    """How many of the shapes tied with the best had their year chosen from the data."""
    t = r.comparison[r.comparison["tied_with_best"]]
    return int(t["year"].isin(["scan", "fixed (peak)"]).sum())


def _chosen_note(r: SimpleNamespace) -> str:
    n = n_chosen_by_data(r)
    return (f"{n} of them had {'its' if n == 1 else 'their'} year chosen from the data, by a scan or at "
            "the peak, with no coefficient charged for it, which flatters them")


def _date_finding(r: SimpleNamespace) -> str:
    s, k = r.sets["break"], r.sets["kink"]
    top = decline.posterior_top(r, "break")
    dated = decline.break_dated(r)
    spread = _top_years(r)
    return ((f"**The break is dated to {s[0]}.** " if dated else
             f"**The data do not date the change to one year**: the 95% confidence set for a "
             f"level-and-slope break is {years_text(s)}, ")
            + (f"and with a flat prior over {r.n_candidates} candidate years {top.index[0]} is the most "
               f"probable, at {pct(top.iloc[0])}. " if decline.mode_stands_out(r, "break") else
               f"and no year stands out: with a flat prior over {r.n_candidates} candidate years the "
               f"posterior probabilities are nearly equal ({spread}). ")
            + "A turn without a step "
            f"is placed in {years_text(k)}, around the {int(r.total.loc[:r.p.END].idxmax())} peak.")


def _scenario_finding(r: SimpleNamespace) -> str:
    cf = r.counterfactuals.set_index("key")
    low, high = cf["missing"].min(), cf["missing"].max()
    flat = cf[cf.index.str.startswith("flat_")]
    pre, lvl = cf.loc["pre_trend"], cf.loc["level_only"]
    every = ("Arrivals were below every scenario in every year from "
             f"{r.p.BREAK} to {r.p.END}. " if r.below_every_scenario else "")
    above_peak = r.counterfactual_break > r.total.max()  # the break year's own scenario value
    return (f"How many arrivals 'went missing' depends on the scenario: **{low:,.0f} to "
            f"{high:,.0f}** in {r.p.BREAK}-{r.p.END} across the {len(cf)} scenarios "
            f"compared. {every}Holding a level flat gives {flat['missing'].min():,.0f} to "
            f"{flat['missing'].max():,.0f}, by the reference chosen "
            f"({join_words(f'{n}: {v:,.0f}' for n, v in zip(flat['scenario'], flat['missing']))}). "
            f"Of the two fitted models, the primary one's pre-{r.p.BREAK} trend gives "
            f"{pre['missing']:,.0f} (95% interval {pre['low']:,.0f}-{pre['high']:,.0f}, rounded to "
            f"the simulation's precision)"
            + (f", which already puts {r.p.BREAK} at {r.counterfactual_break:,.0f}, above "
               f"the all-time peak of {int(r.total.max()):,}" if above_peak else "")
            + f"; the level-only model gives {lvl['missing']:,.0f}, but it fits far worse "
            f"({lvl['delta_qaic']:.1f} quasi-AIC behind the best shape; dispersion "
            f"{lvl['dispersion']:.0f} against {pre['dispersion']:.0f}). No scenario is the finding.")


def _after_finding(r: SimpleNamespace) -> str:
    a = r.after.set_index("year")
    after = a.loc[r.p.END + 1:]
    below = after.index[after["below_prediction"]].tolist()
    last = r.last_year
    row = a.loc[last]
    where = ("below" if decline.last_year_below_interval(r) else
             "above" if row["observed"] > row["pi_high"] else "inside")
    split = r.split.after.set_index("year").loc[last]
    return (f"Against the {r.p.BREAK}-{r.p.END} trend carried forward, "
            + (f"every year since {r.p.END} fell below its 95% prediction interval. "
               if below == after.index.tolist() else
               f"{years_text(below) or 'no year'} fell below its 95% prediction interval. ")
            + f"In {last}, {int(row['observed']):,} arrived, {where} the interval of "
            f"{row['pi_low']:,.0f}-{row['pi_high']:,.0f} for a single year (with the "
            f"{r.p.START}-{r.p.END} dispersion; with the "
            f"{'smaller' if r.split.phi_post < r.primary['dispersion'] else 'larger'} scatter of the years "
            f"after {r.p.BREAK - 1} alone it is {split['pi_low']:,.0f}-{split['pi_high']:,.0f}).")


def _sex_finding(r: SimpleNamespace) -> str:
    s, base = r.by_sex, r.base_years
    faster = set(base["fell_faster"])
    first, end = int(base["base_year"].min()), int(base["base_year"].max())
    who = (f"By {r.p.END}, {faster.pop()} had fallen further than "
           f"{'women' if 'men' in set(base['fell_faster']) else 'men'} from every base year "
           f"{first}-{end}" if len(faster) == 1 else
           f"Which sex fell further by {r.p.END} depends on the base year chosen")
    same = s["p"] >= 0.05
    return (who + "; " + (f"but the break itself does not measurably differ between men and women "
                          f"(quasi-likelihood F test of the sex-by-break terms, p = {s['p']:.2f})"
                          if same else
                          f"and the break differs between men and women (p = {s['p']:.3f})") + ".")


def intervals_note(r: SimpleNamespace) -> str:
    return (f"**What the intervals mean.** The counts are a census of everyone registered, not "
            "a sample: nothing is estimated about the years themselves. The intervals treat "
            "each year's count as one outcome of a process whose rate changes smoothly, and "
            f"show how precisely {r.n_years} such outcomes pin down that rate's trend and break. "
            "Intervals use t quantiles with the residual degrees of freedom, because the "
            "dispersion is estimated.")


def checks(r: SimpleNamespace) -> str:
    m = r.primary
    return (f"**Dispersion.** The Poisson fit, before scaling, has Pearson χ² / df = "
            f"**{m['dispersion']:.1f}** on {m['df_resid']} df: the years scatter about "
            f"{m['dispersion']:.0f} times more than a Poisson process would, so unscaled "
            f"Poisson intervals would be {m['dispersion'] ** 0.5:.1f} times too narrow; the "
            "scaled ones above account for it. **Autocorrelation.** Durbin-Watson of the scaled "
            f"residuals = {r.durbin_watson:.2f}; Ljung-Box (3 lags) p = {r.ljung_box_p:.2f}. "
            f"With {r.n_years} points these tests have little power: failing to reject says "
            "little, and the residual plot below is the better check. "
            + dispersion_split(r))


def dispersion_split(r: SimpleNamespace) -> str:
    """The scatter before and after the break, and what allowing for it changes."""
    sp, m = r.split, r.primary
    sep, sw = sp.level_separate, sp.level_sandwich
    a, b = r.after.set_index("year").loc[r.last_year], sp.after.set_index("year").loc[r.last_year]
    wider = (a["pi_high"] - a["pi_low"]) >= (b["pi_high"] - b["pi_low"])
    return (f"**Unequal scatter.** The years before {r.p.BREAK} scatter far more than those "
            f"after: dispersion {sp.phi_pre:.1f} against {sp.phi_post:.1f} (one pooled value, "
            f"{m['dispersion']:.1f}, in the model). Allowing for it, the {r.p.BREAK} level ratio is "
            f"{sep[0]:.2f} ({sep[1]:.2f}-{sep[2]:.2f}) with each period's own dispersion (t with "
            f"{sp.df} df) and {sw[0]:.2f} ({sw[1]:.2f}-{sw[2]:.2f}) with a sandwich estimator, against "
            f"{m['level_change']:.2f} ({m['level_change_ci_low']:.2f}-{m['level_change_ci_high']:.2f}): "
            f"the level ratio does not rest on the pooling. For the years after {r.p.END}, the "
            f"{r.last_year} prediction interval is {a['pi_low']:,.0f}-{a['pi_high']:,.0f} with the pooled "
            f"dispersion and {b['pi_low']:,.0f}-{b['pi_high']:,.0f} with the post-{r.p.BREAK - 1} one; "
            + ("the findings use the pooled one, the wider, so that no year is called below the trend "
               "on the strength of the smaller scatter." if wider else
               "the findings use the pooled one."))


def shapes(r: SimpleNamespace) -> str:
    t = r.comparison
    tied = t.loc[t["tied_with_best"], "model"].tolist()
    best = t.iloc[0]
    primary = t[t["model"].str.endswith("(primary)")].iloc[0]
    return (f"The best shape by quasi-AIC is the **{best['model']}** "
            f"({best['parameters']} coefficients). "
            + (f"The primary model ({primary['parameters']} coefficients) is "
               f"{primary['delta_qaic']:.2f} behind it. " if primary["rank"] > 1 else "")
            + (f"**The data cannot tell apart** {join_words(tied, sep='; ')}: their quasi-AIC differ by "
               f"{r.p.QAIC_TIE:g} or less. A sudden drop in {r.p.BREAK} and a gradual "
               "turn around the peak describe these years about equally well. "
               if len(tied) > 1 else "")
            + "Rows marked 'scan' had their year chosen to fit best, and the 'peak' row's year is "
            "the data's peak: no coefficient is charged for choosing a year, which flatters them.")


def scan(r: SimpleNamespace) -> str:
    iid, ar1 = r.sup_f_iid["critical"], r.sup_f_ar1["critical"]
    rejected = decline.sup_f_rejected(r)
    lo, hi = r.candidate_range
    return (f"For each candidate year {lo}-{hi} the quasi-likelihood F statistic compares a "
            "step-and-turn break in that year with one log-linear trend. The largest F over "
            "all candidates (sup-F, Andrews 1993) does not follow an F distribution, because "
            "the year was chosen to make it large, so its 5% critical value is simulated "
            f"(seeded, {r.sup_f_iid['n_sim']} series each): from the single trend with the "
            f"data's overdispersion and independent years ({iid:.1f}), and with years that "
            f"follow an AR(1) with the correlation estimated from the single trend's residuals "
            f"(rho = {r.sup_f_ar1['rho']:.2f}; {ar1:.1f}). "
            + "The AR(1) value depends on the correlation assumed, so it is simulated for a range of "
            f"it too: {_rho_range(r)}. "
            + (f"sup-F = {r.sup_f:.1f} exceeds every one of them. " if rejected else
               f"sup-F = {r.sup_f:.1f} does not exceed all of them. ")
            + "**What is rejected is one constant growth rate for the whole period**, not "
            "'a break in year X': the F values are nearly equal for several years.")


def dates(r: SimpleNamespace) -> str:
    s, k = r.sets["break"], r.sets["kink"]
    est = r.scans["break"].estimate
    return (f"The break-date estimate is the year with the smallest deviance (Bai 1997): "
            f"**{est}** for a step and turn, {r.scans['kink'].estimate} for a turn without a "
            f"step (the largest F, at {r.sup_f_year}, is a different criterion: each F uses its "
            "own dispersion). The 95% likelihood-ratio confidence set (Eo & Morley 2015) keeps every year "
            "whose LR statistic stays below a critical value simulated for this design "
            f"({r.lr_critical['break']:.2f} and {r.lr_critical['kink']:.2f}; Hansen's 2000 "
            f"asymptotic value is 7.35): **{years_text(s)}** for a step and turn, "
            f"**{years_text(k)}** for a turn. With a flat prior over the candidate years, "
            f"{r.p.BREAK} has posterior probability {pct(decline.posterior(r, 'break', r.p.BREAK))} "
            f"(quasi-Poisson, Laplace approximation) or "
            f"{pct(decline.posterior(r, 'break', r.p.BREAK, 'gaussian'))} (Gaussian model on "
            "log counts, exact). "
            + (f"The most probable year, {decline.posterior_mode(r, 'break')}, stands out (at least "
               f"{r.p.MODE_CLEAR:g} times the next). " if decline.mode_stands_out(r, "break") else
               f"No year stands out (the most probable is less than {r.p.MODE_CLEAR:g} times as "
               f"probable as the next: {_top_years(r)}); "
               f"the criteria disagree too: the smallest deviance picks {est}, the Gaussian posterior "
               f"{decline.posterior_mode(r, 'break', 'gaussian')}, the Laplace one "
               f"{decline.posterior_mode(r, 'break')}."))


def sensitivity(r: SimpleNamespace) -> str:
    lo, hi = r.level_range
    loo = r.leave_one_out
    n_sig = int(r.placebo["significant"].sum())
    overlap = sorted(int(y) for y in set(r.placebo["year"]) & set(r.sets["break"]))
    best_year = r.comparison["at_year"].iloc[0]
    early = best_year is not None and best_year is not pd.NA and int(best_year) < r.p.BREAK
    all_level = r.n_level_drop == r.n_level_variants
    others = r.n_level_variants - r.n_level_variants_same_year
    return (f"Leaving out the primary model, the level at the break is below the trend "
            f"(interval under 1) in **{r.n_level_drop} of {r.n_level_variants}** variants with "
            f"a level step ({'all of them' if all_level else 'not all'}), from {lo:.2f} to "
            f"{hi:.2f} times the trend: **{r.n_level_drop_same_year} of {r.n_level_variants_same_year}** "
            f"that keep the break in {r.p.BREAK}"
            + (f", and {r.n_level_drop - r.n_level_drop_same_year} of {others} that move it to "
               f"{join_words(map(str, r.other_break_years))} (which test those years, not {r.p.BREAK})"
               if others else "")
            + f"; the yearly factor falls in **{r.n_slope_fall} of "
            f"{r.n_slope_variants}**. Leaving out one year at a time moves the level ratio "
            f"between {loo['level_change'].min():.2f} and {loo['level_change'].max():.2f}; "
            f"its interval stays under 1 in {int((loo['level_change_ci_high'] < 1).sum())} of "
            f"{len(loo)} fits. **Placebo breaks** placed inside {r.p.START}-{r.p.BREAK - 1} "
            f"alone (tests of that period's stability): {n_sig} of {len(r.placebo)} are significant "
            f"at 5% (smallest p = {r.placebo['p'].min():.3f})"
            + (f"; {years_text(overlap)} also lie{'s' if len(overlap) == 1 else ''} inside the "
               "break-date set of section 5, so they are not clean placebos. " if overlap else ". ")
            + (f"But the best fitting shape above changes course in {best_year}, before "
               f"{r.p.BREAK}: the pre-{r.p.BREAK} trend is the weakest part of the design, "
               "and any extrapolation of it is a scenario, not a measurement."
               if early else "The pre-break trend shows no sign of bending."))


def sex(r: SimpleNamespace) -> str:
    s = r.by_sex
    ratio = {k: f"{s[k]['level_change']:.2f} ({s[k]['level_change_ci_low']:.2f}-{s[k]['level_change_ci_high']:.2f})"
             for k in ("male", "female")}
    return (f"Fitted separately, the {r.p.BREAK} level ratio is {ratio['male']} for men "
            f"and {ratio['female']} for women. "
            f"A joint model with sex-specific step and turn against one with a shared step and "
            f"turn: F = {s['F']:.2f} on {s['df_num']} and {s['df_den']} df, **p = {s['p']:.2f}**. "
            + ("The break does not measurably differ between men and women"
               + (f"; men's larger fall after {r.p.BREAK - 1} continues their slower growth before it "
                  f"({100 * (s['male']['pre_trend'] - 1):+.1f}% a year against "
                  f"{100 * (s['female']['pre_trend'] - 1):+.1f}% for women; the rising share of "
                  "women, notebook 02)." if s["male"]["pre_trend"] < s["female"]["pre_trend"]
                  else ".")
               if s["p"] >= 0.05 else "The break differs between men and women."))
