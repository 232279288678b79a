"""Notebook 02's analysis of the share of women, as one computation and its prose.

:func:`analyse` computes the yearly shares with Wilson intervals, the 2011-2019 fall of
men and women, and the trend model of the share with its dispersion, autocorrelation-
robust intervals, non-linearity test and prediction intervals; :func:`findings`,
:func:`checks_text` and :func:`results_rows` turn it into prose and the results table;
:mod:`helpers.gender_plots` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
from statsmodels.stats.stattools import durbin_watson

from helpers import analysis, data, models, outputs, report
from helpers.parameters import NotebookParameters
from helpers.text import join_words, years_text

COUNTS = ["male", "female", "total"]


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 02, as its ``parameters`` cell sets them."""

    START: int  # first year of the trend model
    END: int  # last year of the trend model (before the COVID-19 border closure)
    FALL: tuple[int, int]  # the years men and women are compared between
    COVID: tuple[int, int]  # the border closure, judged against a prediction interval
    BASE_YEARS: tuple[int, ...]  # base years men and women are compared from, to FALL's end
    HAC_LAGS: tuple[int, ...]  # Newey-West lags shown
    DW_LOW: float  # a Durbin-Watson statistic below this is read as positive autocorrelation
    RHO_HIGH: float  # a high autocorrelation at which the AR(1) trend is refitted

    def check(self, years: pd.Index) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        first, last = int(years.min()), int(years.max())
        rules = [
            ("START", first <= self.START <= last - 6, f"a year from {first} to {last - 6}"),
            ("END", self.START + 6 <= self.END <= last, f"a year from START + 6 ({self.START + 6}) to {last}"),
            ("FALL", first <= self.FALL[0] < self.FALL[1] <= last, f"two years from {first} to {last}, in order"),
            ("COVID", self.END < self.COVID[0] <= self.COVID[1] <= last, f"two years after END, up to {last}"),
            ("BASE_YEARS", all(first <= b < self.FALL[1] for b in self.BASE_YEARS),
             f"years from {first} to the year before FALL's end"),
            ("HAC_LAGS", all(1 <= lag < self.END - self.START for lag in self.HAC_LAGS),
             "lags from 1 to END - START"),
            ("RHO_HIGH", 0 <= self.RHO_HIGH < 1, "a correlation from 0 to under 1"),
        ]
        self.refuse(rules)


def analyse(p: Parameters) -> SimpleNamespace:
    """Every number notebook 02 reports, from ``data/raw/`` and the notebook's parameters
    (checked first: :class:`ParameterError` names one the data do not allow)."""
    arrivals = data.load_arrivals()
    r = SimpleNamespace(p=p, arrivals=arrivals, published=data.load_published_shares(),
                        events=data.load_events(scope="arrivals"))
    years = analysis.single_years(arrivals)[[*COUNTS, "source"]]
    p.check(years.index)
    years["share"] = analysis.female_share(years)
    years["ci_low"], years["ci_high"] = analysis.wilson_interval(years["female"], years["total"])
    r.years = years
    r.first_year, r.last_year = int(years.index.min()), int(years.index.max())
    r.cumulative_share = arrivals["female"].sum() / arrivals["total"].sum()
    r.max_year = int(years["share"].idxmax())
    r.primary = models.share_trend(years, p.START, p.END)
    r.extended = models.share_trend(years, p.START, r.last_year)
    r.dw = float(durbin_watson(r.primary["frame"]["pearson_residual"]))
    r.lag_rule = models.hac_lag_rule(r.primary["n_years"])
    r.hac = {lags: models.share_trend_hac(years, p.START, p.END, lags) for lags in p.HAC_LAGS}
    # AR(1) errors on the logit share: Prais-Winsten keeps the first year (the headline);
    # exact ML, Cochrane-Orcutt (drops the first year) and a fixed high rho as sensitivities.
    r.ar1 = models.share_trend_ar1(years, p.START, p.END)
    r.ar1_sensitivity = {
        "exact maximum likelihood (keeps the first year)": models.share_trend_ar1_ml(years, p.START, p.END),
        f"Cochrane-Orcutt (drops {p.START})": models.share_trend_cochrane_orcutt(years, p.START, p.END),
        f"Prais-Winsten with rho fixed at {p.RHO_HIGH}": models.share_trend_ar1(years, p.START, p.END, rho=p.RHO_HIGH),
    }
    # How much each method widens the trend's standard error beyond independent years
    r.nw_factor = r.hac[r.lag_rule]["se"] / float(r.primary["fit"].bse[1])
    r.ar1_factor = models.ar1_se_factor(r.primary["n_years"], r.ar1["rho"])
    r.nonlin = models.share_nonlinearity(years, p.START, p.END)
    targets = list(range(p.END - 1, r.last_year + 1))
    r.share_pi = models.share_prediction(years, p.START, p.END, targets).set_index("year")
    r.dip = [int(y) for y in r.share_pi.index[r.share_pi["below"]]]
    r.base_years = analysis.fall_by_base_year(years, p.FALL[1], p.BASE_YEARS)
    r.fall = years.loc[p.FALL[0], COUNTS] - years.loc[p.FALL[1], COUNTS]
    r.pct = 100 * (years.loc[p.FALL[1], COUNTS] / years.loc[p.FALL[0], COUNTS] - 1)
    r.published_check = analysis.published_share_check(arrivals, r.published)
    return r


def points_per_year(r: SimpleNamespace) -> float:
    """The fitted trend's average rise, in percentage points a year."""
    fitted = r.primary["frame"]["fitted"]
    return 100 * (fitted.iloc[-1] - fitted.iloc[0]) / (r.primary["n_years"] - 1)


def ar1_excludes_no_change(r: SimpleNamespace) -> bool:
    """Whether the AR(1) trend's 95% interval (Prais-Winsten) leaves out a factor of 1."""
    return not r.ar1["ci_low"] <= 1 <= r.ar1["ci_high"]


def rise_uneven(r: SimpleNamespace) -> bool:
    """Whether a curve fits the share clearly better than a straight trend (p < 0.05)."""
    return r.nonlin["p"] < 0.05


def below_in(r: SimpleNamespace, year: int) -> bool:
    """Whether ``year``'s share fell below its 95% prediction interval."""
    return year in r.dip


def newey_west_too_narrow(r: SimpleNamespace) -> bool:
    """Whether Newey-West widens the trend's standard error less than AR(1) errors of the
    estimated strength would (its known weakness with few, strongly correlated years)."""
    return r.nw_factor < r.ar1_factor


def ar1_rests_on_first_year(r: SimpleNamespace) -> bool:
    """Whether the AR(1) conclusion flips when the first year is dropped (Cochrane-Orcutt)."""
    co = r.ar1_sensitivity[f"Cochrane-Orcutt (drops {r.p.START})"]
    return ar1_excludes_no_change(r) != (not co["ci_low"] <= 1 <= co["ci_high"])


def _trend_finding(r: SimpleNamespace) -> str:
    p, ar1, nonlin = r.primary, r.ar1, r.nonlin
    co = r.ar1_sensitivity[f"Cochrane-Orcutt (drops {r.p.START})"]
    return (f"A simple trend ({r.p.START}-{r.p.END}) puts the rise at about **{points_per_year(r):.1f} percentage "
            f"points a year** (the odds that an arrival is a woman ×{p['odds_ratio']:.3f} a year). Allowing "
            f"for year-to-year persistence (an AR(1) model of the logit share, fitted by Prais-Winsten, which "
            f"keeps {r.p.START}), the factor is {ar1['odds_ratio']:.3f} a year, 95% interval "
            f"{ar1['ci_low']:.3f}-{ar1['ci_high']:.3f}: "
            + ("the rise is clear even allowing for runs of similar years" if ar1_excludes_no_change(r) else
               "a flat underlying trend cannot be ruled out")
            + (f", though that rests on {r.p.START}, the first and lowest year: Cochrane-Orcutt, which drops it, "
               f"gives {co['odds_ratio']:.3f} ({co['ci_low']:.3f}-{co['ci_high']:.3f}), an interval that includes "
               "no change. " if ar1_rests_on_first_year(r) else ". ")
            + ("The rise was uneven: a curve fits clearly better than a straight trend "
               if rise_uneven(r) else "A curve does not fit clearly better than a straight trend ")
            + f"(p = {nonlin['p']:.3f}).")


def findings(r: SimpleNamespace) -> str:
    """The findings of notebook 02, in the words a reader can quote."""
    y, pct, fall = r.years, r.pct, r.fall
    faster = set(r.base_years["fell_faster"])
    rev = y.loc[r.p.COVID[0]:r.p.COVID[1]]
    before = int(y.loc[:r.p.END, "share"].idxmax())
    men_more = [int(yr) for yr in rev.index[rev["male"] > rev["female"]]]
    items = [
        f"Women were **{100 * y.loc[r.p.START, 'share']:.1f}%** of arrivals in {r.p.START} and "
        f"**{100 * y.loc[before, 'share']:.1f}% in {before}**, the highest before the border closed in {r.p.END + 1}; "
        f"the highest of all is **{100 * y.loc[r.max_year, 'share']:.1f}% in {r.max_year}**. Of all "
        f"{int(r.arrivals['total'].sum()):,} arrivals on record, {100 * r.cumulative_share:.1f}% are women.",
        f"From {r.p.FALL[0]} to {r.p.FALL[1]} men fell by **{-pct['male']:.0f}%** and women by "
        f"**{-pct['female']:.0f}%**. "
        + (f"From every base year {years_text(r.base_years['base_year'])} to {r.p.FALL[1]}, {next(iter(faster))} "
           "fell further"
           if len(faster) == 1 else "Which sex fell further depends on the base year")
        + "; notebook 03 tests whether the 2012 break itself differed by sex. Women account for "
        f"{100 * fall['female'] / fall['total']:.0f}% of the fall of {int(fall['total']):,}, because there "
        "were many more of them.",
        _trend_finding(r),
        f"In {r.p.COVID[0]}-{r.p.COVID[1]}, among very few arrivals "
        f"({join_words(f'{int(n)}' for n in rev['total'])}), the share "
        f"was {join_words(f'{100 * s:.0f}%' for s in rev['share'])}. "
        + (f"In {join_words(r.dip)} it was below the 95% prediction interval of the {r.p.START}-{r.p.END} trend, "
           "which allows for the year-to-year variation and the small counts" if r.dip else
           f"No year fell outside the 95% prediction interval of the {r.p.START}-{r.p.END} trend")
        + (f". Men outnumbered women in {join_words(men_more)}" if men_more else "")
        + (f". From {r.p.COVID[1] + 1} the share was {100 * y.loc[r.p.COVID[1] + 1:, 'share'].min():.1f}% or more."
           if r.last_year > r.p.COVID[1] else "."),
    ]
    return "\n".join(f"* {item}" for item in items) + "\n"


def interval_widths_text(r: SimpleNamespace) -> str:
    """How wide the Wilson intervals are in large and in small years."""
    y = r.years
    width = 100 * (y["ci_high"] - y["ci_low"])
    big, small = y["total"] >= 1000, y["total"] < 100
    return (f"In the {int(big.sum())} years with 1,000 arrivals or more the interval is "
            f"{width[big].min():.1f}-{width[big].max():.1f} points wide; in the {int(small.sum())} years "
            f"with fewer than 100 arrivals ({', '.join(map(str, y.index[small]))}) it is "
            f"{width[small].min():.1f}-{width[small].max():.1f} points wide.")


def share_view(r: SimpleNamespace) -> pd.DataFrame:
    """The yearly shares and Wilson intervals, one row per year, formatted."""
    t = r.years[["female", "total", "share", "ci_low", "ci_high"]].copy()
    t[["share", "ci_low", "ci_high"]] = 100 * t[["share", "ci_low", "ci_high"]]
    return report.year_table(t, integers=("female", "total"), percents=("share", "ci_low", "ci_high"),
                             names={"female": "women", "total": "arrivals", "share": "women, %",
                                    "ci_low": "Wilson 95% low, %", "ci_high": "Wilson 95% high, %"})


def decomposition(r: SimpleNamespace) -> pd.DataFrame:
    """Men, women and all arrivals at the two ends of FALL, and who made up the fall."""
    y = r.years
    return pd.DataFrame({
        str(r.p.FALL[0]): y.loc[r.p.FALL[0], COUNTS], str(r.p.FALL[1]): y.loc[r.p.FALL[1], COUNTS],
        "fall": r.fall, "change, %": r.pct.round(1),
        "share of the fall, %": (100 * r.fall / r.fall["total"]).round(1),
        "yearly rate over the 8 years, %": (100 * ((1 + r.pct / 100) ** (1 / 8) - 1)).round(1),
    }).rename(index={"male": "men", "female": "women"})


def model_view(r: SimpleNamespace) -> pd.DataFrame:
    """The primary trend model and its sensitivity fit to the last year."""
    def row(name: str, m: dict) -> dict:
        return {"fit": name, "years": f"{m['start']}-{m['end']}", "n": m["n_years"],
                "odds_ratio_per_year": round(m["odds_ratio"], 4), "ci_low": round(m["ci_low"], 4),
                "ci_high": round(m["ci_high"], 4), "dispersion": round(m["dispersion"], 2)}
    return pd.DataFrame([row("primary", r.primary), row("sensitivity: to last year", r.extended)]).set_index("fit")


def checks_text(r: SimpleNamespace) -> str:
    """Dispersion, autocorrelation, shape and sensitivity of the trend model, in words."""
    p, e, nl = r.primary, r.extended, r.nonlin
    return (
        f"**Dispersion.** Pearson χ² / df = {p['dispersion']:.1f} on {p['df_resid']} df: the years scatter "
        "around the trend far more than independent binomial draws would, so a plain binomial model "
        f"would claim intervals about {np.sqrt(p['dispersion']):.1f} times too narrow. "
        f"**Autocorrelation.** The Durbin-Watson statistic of the scaled residuals is {r.dw:.2f} "
        "(2 means none; well below 2, positive autocorrelation). "
        + ("That points to runs of years above and below the trend, visible in the right panel "
           "below: the quasi-binomial interval is too narrow, and the table after the figure gives "
           "autocorrelation-robust intervals. " if r.dw < r.p.DW_LOW else "")
        + (f"Newey-West (HAC) errors with {r.lag_rule} lags widen the trend's standard error "
           f"{r.nw_factor:.2f} times, where AR(1) errors with rho {r.ar1['rho']:.2f} imply "
           f"{r.ar1_factor:.2f} times: with {p['n_years']} years Newey-West is too narrow (its known "
           "small-sample weakness), so the AR(1) model, fitted by Prais-Winsten so that it keeps "
           f"{r.p.START}, gives the interval this notebook reports. " if newey_west_too_narrow(r) else
           f"Newey-West (HAC) errors widen the trend's standard error {r.nw_factor:.2f} times, about as "
           f"much as AR(1) errors of the estimated strength ({r.ar1_factor:.2f} times). ")
        + f"**Shape.** Adding t² and t³ lowers the dispersion from {nl['dispersion_linear']:.1f} to "
        f"{nl['dispersion_cubic']:.1f}; quasi-likelihood F = {nl['F']:.1f} on {nl['df_num']} and "
        f"{nl['df_den']} df, p = {nl['p']:.3f}. "
        + ("The logit-linear trend is a summary of the drift, not its shape. " if rise_uneven(r) else "")
        + f"**Scale.** On the share scale the fitted trend rises by about {points_per_year(r):.1f} "
        f"percentage points a year, from {100 * p['frame']['fitted'].iloc[0]:.1f}% in {r.p.START} to "
        f"{100 * p['frame']['fitted'].iloc[-1]:.1f}% in {r.p.END}. "
        f"**Sensitivity.** Including {r.p.END + 1}-{r.last_year} moves the yearly factor from "
        f"{p['odds_ratio']:.3f} to {e['odds_ratio']:.3f} and raises the dispersion to "
        f"{e['dispersion']:.1f}: the COVID-19 years do not follow the trend.")


def robust_view(r: SimpleNamespace) -> pd.DataFrame:
    """The trend's yearly odds ratio with every interval: quasi-binomial, HAC, AR(1)."""
    rows = [("quasi-binomial (Pearson dispersion), years independent", r.primary)]
    rows += [(f"HAC, {lags} lag{'s' if lags > 1 else ''}" + (" (Newey-West rule)" if lags == r.lag_rule else ""),
              r.hac[lags]) for lags in r.hac]
    rows += [(f"AR(1), Prais-Winsten (rho {r.ar1['rho']:.2f}; reported)", r.ar1)]
    rows += [(f"AR(1), {name} (rho {m['rho']:.2f})", m) for name, m in r.ar1_sensitivity.items()]
    return pd.DataFrame([{"interval": name, "odds ratio per year": f"{m['odds_ratio']:.3f}",
                          "95% interval": f"{m['ci_low']:.3f}-{m['ci_high']:.3f}",
                          "excludes no change": "yes" if not m["ci_low"] <= 1 <= m["ci_high"] else "no"}
                         for name, m in rows]).set_index("interval")


def prediction_model_text(r: SimpleNamespace) -> str:
    """Which trend the prediction intervals come from, against the headline one."""
    own = float(r.share_pi["trend_odds_ratio"].iloc[0])
    return (f"This model fits its own trend to {r.p.START}-{r.p.END}, by least squares on the logit share with "
            f"each year weighted equally: a factor of {own:.3f} a year, beside the {r.primary['odds_ratio']:.3f} "
            "of the quasi-binomial model of section 3, which weights each year by its arrivals. Its "
            "intervals, not the confidence band of section 3, are what a single year is judged against.")


def prediction_view(r: SimpleNamespace) -> pd.DataFrame:
    """Each year from the one before END against the 95% prediction interval of the trend."""
    pi = r.share_pi
    table = pi[["total", "share", "trend", "pi_low", "pi_high"]].copy()
    for c in ("share", "trend", "pi_low", "pi_high"):
        table[c] = (100 * table[c]).map("{:.1f}%".format)
    table["judged"] = np.where(pi["below"], "below", np.where(pi["above"], "above", "inside"))
    table.columns = ["arrivals", "women", "trend", "interval low", "interval high", "against the interval"]
    return table


#: Where in notebook 02 each result is computed (its ``computed_in``).
SECTIONS = {"female_share": "§1", "share_trend": "§3", "share_prediction": "§4", "female_share_2021": "§4",
            "male_change": "§2", "female_change": "§2", "parameter": "§3", "parameter_fall": "§2",
            "decision_ar1": "§3", "decision_share_rise": "§3", "decision_share_2021": "§4"}


def results_rows(r: SimpleNamespace) -> list[tuple[str, object, str, str, str]]:
    """The headline numbers for ``data/processed/02_gender_shift.results.csv``."""
    y, p, hac, ar1 = r.years, r.primary, r.hac[r.lag_rule], r.ar1
    return outputs.in_sections([
        ("parameter_start", r.p.START, "year", "first year of the trend model"),
        ("parameter_end", r.p.END, "year", "last year of the trend model"),
        ("female_share_first_year", y.loc[r.p.START, "share"], "fraction", f"women / arrivals in {r.p.START}"),
        ("female_share_first_year_ci_low", y.loc[r.p.START, "ci_low"], "fraction", "Wilson 95% interval, lower"),
        ("female_share_first_year_ci_high", y.loc[r.p.START, "ci_high"], "fraction", "Wilson 95% interval, upper"),
        ("female_share_2018", y.loc[2018, "share"], "fraction", "women / arrivals in 2018"),
        ("female_share_cumulative", r.cumulative_share, "fraction", f"women / all arrivals on record to {r.last_year}"),
        ("female_share_max_year", r.max_year, "year", "year with the highest female share"),
        ("female_share_max", y.loc[r.max_year, "share"], "fraction", "the highest yearly female share"),
        ("share_trend_odds_ratio_per_year", p["odds_ratio"], "odds ratio per year",
         f"quasi-binomial GLM of the female share on year, {r.p.START}-{r.p.END}"),
        ("share_trend_odds_ratio_ci_low", p["ci_low"], "odds ratio per year", "95% interval, lower"),
        ("share_trend_odds_ratio_ci_high", p["ci_high"], "odds ratio per year", "95% interval, upper"),
        ("share_trend_dispersion", p["dispersion"], "ratio", "Pearson chi-square / df of the binomial trend model"),
        ("share_trend_odds_ratio_to_last_year", r.extended["odds_ratio"], "odds ratio per year",
         f"the same model fitted {r.p.START}-{r.last_year}"),
        ("share_trend_odds_ratio_robust_ci_low", hac["ci_low"], "odds ratio per year",
         f"HAC 95% interval, {r.lag_rule} lags (Newey-West rule), lower"),
        ("share_trend_odds_ratio_robust_ci_high", hac["ci_high"], "odds ratio per year", "HAC 95% interval, upper"),
        ("share_trend_ar1_odds_ratio", ar1["odds_ratio"], "odds ratio per year",
         "AR(1) model of the logit share, Prais-Winsten (keeps the first year)"),
        ("share_trend_ar1_ci_low", ar1["ci_low"], "odds ratio per year", "95% interval, lower"),
        ("share_trend_ar1_ci_high", ar1["ci_high"], "odds ratio per year", "95% interval, upper"),
        ("share_trend_ar1_rho", ar1["rho"], "correlation", "AR(1) coefficient of the Prais-Winsten fit"),
        ("share_trend_cochrane_orcutt_ci_low", r.ar1_sensitivity[f"Cochrane-Orcutt (drops {r.p.START})"]["ci_low"],
         "odds ratio per year", f"sensitivity: Cochrane-Orcutt, which drops {r.p.START}; 95% interval, lower"),
        ("decision_ar1_excludes_no_change", int(ar1_excludes_no_change(r)), "indicator (1 = yes)",
         "the AR(1) trend's 95% interval leaves out no change"),
        ("decision_share_rise_uneven", int(rise_uneven(r)), "indicator (1 = yes)",
         "a curve fits the share clearly better than a straight trend"),
        ("decision_share_2021_below_interval", int(below_in(r, 2021)), "indicator (1 = yes)",
         "2021's share fell below its 95% prediction interval"),
        ("share_trend_ar1_rests_on_first_year", int(ar1_rests_on_first_year(r)), "indicator (1 = yes)",
         f"the AR(1) conclusion flips when {r.p.START} is dropped (Cochrane-Orcutt)"),
        ("share_trend_newey_west_se_factor", r.nw_factor, "ratio",
         "Newey-West standard error of the trend / the quasi-binomial one"),
        ("share_trend_ar1_se_factor", r.ar1_factor, "ratio",
         "the widening of the trend's standard error that AR(1) errors with the estimated rho imply"),
        ("share_trend_nonlinearity_p", r.nonlin["p"], "p-value", "quasi-likelihood F test of adding t^2 and t^3"),
        ("female_share_2021", y.loc[2021, "share"], "fraction", "women / arrivals in 2021"),
        ("share_prediction_low_2021", r.share_pi.loc[2021, "pi_low"], "fraction",
         "95% prediction interval for 2021, lower"),
        ("share_prediction_high_2021", r.share_pi.loc[2021, "pi_high"], "fraction",
         "95% prediction interval for 2021, upper"),
        ("male_change_fall_percent", r.pct["male"], "percent", f"change in male arrivals {r.p.FALL[0]}-{r.p.FALL[1]}"),
        ("female_change_fall_percent", r.pct["female"], "percent",
         f"change in female arrivals {r.p.FALL[0]}-{r.p.FALL[1]}"),
        ("parameter_fall_start", r.p.FALL[0], "year", "first year of the men-and-women comparison"),
        ("parameter_fall_end", r.p.FALL[1], "year", "last year of the men-and-women comparison"),
    ], SECTIONS)
