"""Notebook 03's analysis of the decline after 2011, as one computation and its tables.

:func:`analyse` fits everything the notebook shows (the primary interrupted time series,
the shapes it is compared with, break-date intervals, sup-F, counterfactual scenarios,
sensitivity and placebo analyses, the years after 2019, men against women) and returns
it in a :class:`types.SimpleNamespace`; :mod:`helpers.decline_text` turns it into prose
and :mod:`helpers.decline_plots` into figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.stats.stattools import durbin_watson

from helpers import analysis, breaks, models, outputs
from helpers.parameters import NotebookParameters
from helpers.text import years_text

#: The first full year after Kim Jong-un took power (17 December 2011): a fact the prose
#: cites when the break is put there, not a parameter.
KIM_JONG_UN_FIRST_FULL_YEAR = 2012


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 03, as its ``parameters`` cell sets them.

    Years before and after the break are given as offsets from ``BREAK`` (``-1`` is the
    last year before it), so that another break year moves them along.
    """

    START: int  # first modelled year
    END: int  # last modelled year
    BREAK: int  # the primary break: the first year after it
    TRANSITION: tuple[int, ...]  # offsets of the years left out as a phase-in (one variant)
    OTHER_BREAKS: tuple[int, ...]  # offsets of the other break years tried (sensitivity)
    COVID: tuple[int, int]  # years of the COVID-19 border closure (one variant)
    FLAT_REFERENCES: tuple[tuple[int, ...], ...]  # offsets of the levels held flat (scenarios)
    BASE_YEARS: tuple[int, ...]  # offsets of the base years men and women are compared from
    QAIC_TIE: float  # shapes this close in quasi-AIC cannot be told apart
    MODE_CLEAR: float  # a most probable break year must be this many times the next
    SUP_F_RHOS: tuple[float, ...]  # correlations for sup-F's AR(1) critical value
    LEVEL: float  # confidence and prediction level
    N_SIM: int  # simulated series for each critical value
    SEED: int  # of the simulations

    def years(self, offsets: Iterable[int]) -> list[int]:
        """Offsets from the break as calendar years."""
        return [self.BREAK + o for o in offsets]

    def check(self, years: Iterable[int]) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        have = sorted(int(y) for y in years)
        first, last = have[0], have[-1]
        rules = [
            ("START", first <= self.START <= last - 8, f"a year from {first} to {last - 8}"),
            ("END", self.START + 8 <= self.END <= last, f"a year from START + 8 ({self.START + 8}) to {last}"),
            ("BREAK", self.START + 4 <= self.BREAK <= self.END - 3,
             f"a year from START + 4 to END - 3 ({self.START + 4}-{self.END - 3})"),
            ("OTHER_BREAKS", all(self.START + 4 <= y <= self.END - 3 and y != self.BREAK
                                 for y in self.years(self.OTHER_BREAKS)),
             "offsets from BREAK that stay inside START + 4 to END - 3 and are not 0"),
            ("TRANSITION", all(o < 0 and self.BREAK + o > self.START for o in self.TRANSITION),
             "negative offsets (years before the break) after START"),
            ("FLAT_REFERENCES", all(o < 0 and self.BREAK + o >= self.START
                                    for ref in self.FLAT_REFERENCES for o in ref) and len(self.FLAT_REFERENCES) > 0,
             "tuples of negative offsets, years from START to the year before the break"),
            ("BASE_YEARS", all(self.START <= self.BREAK + o < self.END for o in self.BASE_YEARS),
             "offsets whose years fall from START to the year before END"),
            ("COVID", first <= self.COVID[0] <= self.COVID[1] <= last, f"two years from {first} to {last}"),
            ("LEVEL", 0.5 <= self.LEVEL < 1, "a probability from 0.5 to under 1"),
            ("QAIC_TIE", self.QAIC_TIE >= 0, "a non-negative number"),
            ("MODE_CLEAR", self.MODE_CLEAR >= 1, "a number of at least 1"),
            ("SUP_F_RHOS", all(0 <= x < 1 for x in self.SUP_F_RHOS), "correlations from 0 to under 1"),
            ("N_SIM", self.N_SIM >= 100, "at least 100"),
        ]
        self.refuse(rules)


def analyse(arrivals: pd.DataFrame, p: Parameters) -> SimpleNamespace:
    """Every number notebook 03 reports, from the loaded arrival series and the notebook's
    parameters (checked first: :class:`ParameterError` names one the data do not allow)."""
    years = analysis.single_years(arrivals)
    total = years["total"]
    p.check(total.index)
    r = SimpleNamespace(p=p, years=years, total=total, last_year=int(total.index.max()))
    r.frame = models.its_frame(total, p.START, p.END, p.BREAK)
    r.primary = models.its_quasi_poisson(r.frame)
    r.n_years = len(r.frame)
    resid = r.primary["fit"].resid_pearson / np.sqrt(r.primary["fit"].scale)
    r.residuals = pd.DataFrame({"year": r.frame["year"], "residual": np.asarray(resid)})
    r.durbin_watson = float(durbin_watson(resid))
    r.ljung_box_p = float(acorr_ljungbox(resid, lags=[3])["lb_pvalue"].iloc[0])
    _break_dates(r)
    r.comparison, r.shape_fits = model_comparison(r)
    _counterfactuals(r)
    _sensitivity(r)
    r.placebo = placebo(total, p)
    r.leave_one_out = leave_one_out(r.frame)
    r.after = after_2019(r)
    r.split = unequal_dispersion(r)
    r.by_sex = models.its_by_sex(years, p.START, p.END, p.BREAK)
    r.base_years = fall_by_base_year(years, p.END, p.years(p.BASE_YEARS))
    return r


# ----------------------------------------------------------------------------- break dates


def _break_dates(r: SimpleNamespace) -> None:
    p = r.p
    y = r.frame["total"].to_numpy(dtype=float)
    yrs = r.frame["year"].to_numpy()
    r.scans = {kind: breaks.scan(y, yrs, kind) for kind in breaks.KINDS}
    sim = {"n_sim": p.N_SIM, "seed": p.SEED, "level": p.LEVEL}
    r.lr_critical = {kind: breaks.lr_critical(s, **sim) for kind, s in r.scans.items()}
    r.sets = {kind: s.confidence_set(r.lr_critical[kind]) for kind, s in r.scans.items()}
    r.hansen_sets = {kind: s.confidence_set(breaks.HANSEN_LR_CRITICAL_95)
                     for kind, s in r.scans.items()}
    r.sup_f_iid = breaks.sup_f_critical(y, yrs, **sim)
    r.sup_f_ar1 = breaks.sup_f_critical(y, yrs, ar1=True, **sim)
    # The AR(1) critical value rises with the correlation assumed: over a range of rho
    r.sup_f_ar1_by_rho = {rho: breaks.sup_f_critical(y, yrs, ar1=True, rho=rho, **sim)["critical"]
                          for rho in p.SUP_F_RHOS}
    r.sup_f_ar1_by_rho[r.sup_f_ar1["rho"]] = r.sup_f_ar1["critical"]
    r.sup_f_ar1_by_rho = dict(sorted(r.sup_f_ar1_by_rho.items()))
    table = r.scans["break"].table
    r.sup_f = float(table["F"].max())
    r.sup_f_year = int(table.loc[table["F"].idxmax(), "year"])
    r.n_candidates = len(table)
    r.candidate_range = (int(table["year"].min()), int(table["year"].max()))


def posterior(r: SimpleNamespace, kind: str, year: int, which: str = "quasi_poisson") -> float:
    table = r.scans[kind].table.set_index("year")
    return float(table.loc[year, f"posterior_{which}"])


def posterior_mode(r: SimpleNamespace, kind: str, which: str = "quasi_poisson") -> int:
    table = r.scans[kind].table
    return int(table.loc[table[f"posterior_{which}"].idxmax(), "year"])


def posterior_top(r: SimpleNamespace, kind: str, n: int = 4, which: str = "quasi_poisson") -> pd.Series:
    """The ``n`` most probable years and their posterior probabilities, most probable first."""
    table = r.scans[kind].table.set_index("year")[f"posterior_{which}"]
    return table.sort_values(ascending=False, kind="stable").head(n)


def mode_stands_out(r: SimpleNamespace, kind: str) -> bool:
    """Whether the most probable year is at least :data:`p.MODE_CLEAR` times the next."""
    p = r.p
    top = posterior_top(r, kind, 2)
    return bool(top.iloc[0] >= p.MODE_CLEAR * top.iloc[1])


def log_linear_rate(total: pd.Series, start: int, end: int) -> float:
    """The yearly rate of a least-squares line through log arrivals (every year weighted
    alike), ``exp(slope) - 1``: how notebook 01 measures a phase's rate."""
    part = total.loc[start:end]
    return float(np.exp(np.polyfit(part.index.to_numpy(float), np.log(part.to_numpy(float)), 1)[0]) - 1)


def break_dated(r: SimpleNamespace) -> bool:
    """Whether the 95% confidence set for the break year holds a single year."""
    return len(r.sets["break"]) == 1


def counterfactual_over_twice_peak(r: SimpleNamespace) -> bool:
    """Whether the largest scenario's last year is over twice the series' peak."""
    return r.counterfactual_end > 2 * float(r.total.max())


def last_year_below_interval(r: SimpleNamespace) -> bool:
    """Whether the last year fell below its 95% prediction interval of the post-break trend."""
    row = r.after.set_index("year").loc[r.last_year]
    return bool(row["observed"] < row["pi_low"])


def sup_f_rejected(r: SimpleNamespace) -> bool:
    """One constant growth rate is rejected: sup-F exceeds its 5% critical value with
    independent years and with AR(1) years at every correlation simulated."""
    return r.sup_f > max(r.sup_f_iid["critical"], *r.sup_f_ar1_by_rho.values())


# ----------------------------------------------------------------------------- model shapes


def model_comparison(r: SimpleNamespace) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trend shapes for 2002-2019 ranked by quasi-AIC with one common dispersion.

    QAIC = deviance / phi + 2 k, with phi the Pearson dispersion of the primary model
    (level-and-slope break in 2012) for every row, and k the number of coefficients.
    A year found by a scan is marked: the scan makes that row's fit look better than a
    year fixed in advance would. Returns the ranked table and each model's fitted
    values by year.
    """
    p = r.p
    y = r.frame["total"].to_numpy(dtype=float)
    yrs = r.frame["year"].to_numpy()
    peak = int(r.total.loc[p.START:p.END].idxmax())
    best = {kind: s.estimate for kind, s in r.scans.items()}
    specs = [
        ("one log-linear trend", "trend", None, ""),
        ("quadratic curve", "poly2", None, ""),
        ("cubic curve", "poly3", None, ""),
        (f"step in {p.BREAK} only", "level", p.BREAK, "fixed"),
        # the peak first: when the year before the break is the peak, the row is the peak's
        (f"turn at the {peak} peak, no step", "kink", peak, "fixed (peak)"),
        (f"turn after {p.BREAK - 1}, no step", "kink", p.BREAK - 1, "fixed"),
        (f"turn after {best['kink']}, no step", "kink", best["kink"], "scan"),
        (f"step and turn in {p.BREAK} (primary)", "break", p.BREAK, "fixed"),
        (f"step and turn in {best['break']}", "break", best["break"], "scan"),
    ]
    phi = r.primary["dispersion"]
    rows, seen, fitted = [], set(), {}
    for name, kind, year, chosen in specs:
        if (kind, year) in seen:
            continue
        seen.add((kind, year))
        X = breaks.design(yrs, kind, year)
        beta, dev, _ = breaks.poisson_irls(y, X)
        rows.append({"model": name, "parameters": X.shape[1], "year": chosen, "at_year": year,
                     "deviance": float(dev), "qaic": float(dev) / phi + 2 * X.shape[1]})
        fitted[name] = np.exp(X @ beta)
    table = pd.DataFrame(rows).sort_values("qaic", kind="stable").reset_index(drop=True)
    table["delta_qaic"] = table["qaic"] - table["qaic"].min()
    table["rank"] = np.arange(1, len(table) + 1)
    table["tied_with_best"] = table["delta_qaic"] <= p.QAIC_TIE
    table["at_year"] = table["at_year"].astype("Int64")
    return table, pd.DataFrame({"year": yrs, **fitted})


# ----------------------------------------------------------------------------- counterfactuals


def _counterfactuals(r: SimpleNamespace) -> None:
    """Scenarios for 2012-2019 had nothing changed, and the arrivals each says are missing.

    Two come from fitted models, each with its fit (quasi-AIC behind the best shape, with
    the common dispersion, and its own dispersion) and a simulated interval rounded to the
    simulation's precision; the others hold a reference level flat, for each reference of
    :data:`p.FLAT_REFERENCES`, to show how much the answer depends on that choice.
    """
    p = r.p
    d = r.frame
    post = (d["year"] >= p.BREAK).to_numpy()
    observed = d.loc[post, "total"].to_numpy(dtype=float)
    t = d["t"].to_numpy(dtype=float)
    X_pre = np.column_stack([np.ones(len(d)), t, np.zeros(len(d)), np.zeros(len(d))])
    level = models.its_quasi_poisson(d, terms=("t", "post"))
    X_lvl = np.column_stack([np.ones(len(d)), t, np.zeros(len(d))])
    qaic = r.comparison.set_index("model")["delta_qaic"]
    rows, paths = [], {"year": d["year"].to_numpy()}
    for key, name, shape, m, X in (
            ("pre_trend", f"pre-{p.BREAK} trend continued (primary model)", f"step and turn in {p.BREAK} (primary)",
             r.primary, X_pre),
            ("level_only", f"level-only model without its {p.BREAK} step", f"step in {p.BREAK} only", level, X_lvl)):
        point, low, high, step = models.simulated_total(m["fit"], X[post])
        rows.append({"key": key, "scenario": name, "model": shape, "delta_qaic": float(qaic[shape]),
                     "dispersion": m["dispersion"], "missing": point - observed.sum(),
                     "low": models.round_to(low - observed.sum(), step),
                     "high": models.round_to(high - observed.sum(), step), "step": step})
        paths[name] = np.exp(X @ np.asarray(m["fit"].params))
    for i, offsets in enumerate(p.FLAT_REFERENCES, 1):
        ref = p.years(offsets)
        label = years_text(ref)
        flat = float(r.total.reindex(ref).mean())
        name = f"{label} level held flat" if len(ref) == 1 else f"{label} mean held flat"
        rows.append({"key": f"flat_{i}",
                     "scenario": name, "model": "none (an assumption)", "delta_qaic": np.nan,
                     "dispersion": np.nan, "missing": flat * post.sum() - observed.sum(),
                     "low": np.nan, "high": np.nan, "step": np.nan})
        paths[name] = np.where(post, flat, np.nan)
    r.counterfactuals = pd.DataFrame(rows)
    r.counterfactual_paths = pd.DataFrame(paths)
    scen = r.counterfactual_paths.loc[post].drop(columns="year")
    r.below_every_scenario = bool((scen.to_numpy() > observed[:, None]).all())
    primary = r.counterfactual_paths.set_index("year").iloc[:, 0]
    r.counterfactual_break, r.counterfactual_end = float(primary[p.BREAK]), float(primary[p.END])
    r.observed_break_year = float(r.total[p.BREAK])


# ----------------------------------------------------------------------------- sensitivity


def _sensitivity(r: SimpleNamespace) -> None:
    """Other reasonable choices, the primary model excluded from the counts."""
    p = r.p
    total, d = r.total, r.frame
    nb = models.its_negative_binomial(d)
    transition = p.years(p.TRANSITION)
    phase_in = d[~d["year"].isin(transition)]
    variants = [
        (f"negative binomial (alpha {nb['alpha']:.4f}, estimated)", nb),
        ("OLS on log arrivals, Newey-West errors (2 lags)", models.its_ols_newey_west(d)),
        *((f"break in {year}", models.its_quasi_poisson(models.its_frame(total, p.START, p.END, year)))
          for year in p.years(p.OTHER_BREAKS)),
        (f"{years_text(transition)} left out as a phase-in", models.its_quasi_poisson(phase_in)),
        (f"no level step (kink after {p.BREAK - 1})", models.its_quasi_poisson(d, terms=("t", "t_post"))),
        (f"{p.START}-{r.last_year} with a {p.COVID[0]}-{p.COVID[1]} COVID-19 indicator",
         models.its_quasi_poisson(models.its_frame(total, p.START, r.last_year, p.BREAK, covid=p.COVID),
                                  extra=("covid",))),
    ]
    rows = []
    for name, m in variants:
        rows.append({"variant": name, "break_year": int(m["frame"]["year"][m["frame"]["post"] == 1].min())
                     if "frame" in m else p.BREAK,
                     **{f"{q}{s}": m.get(f"{q}{s}", np.nan) for q in ("level_change", "slope_change")
                        for s in ("", "_ci_low", "_ci_high")}})
    table = pd.DataFrame(rows)
    r.sensitivity = table
    with_level = table.dropna(subset=["level_change"])
    r.n_level_variants = len(with_level)
    r.n_level_drop = int((with_level["level_change_ci_high"] < 1).sum())
    # A variant that moves the break to another year tests that year, not the primary one
    same = with_level[with_level["break_year"] == p.BREAK]
    r.n_level_variants_same_year, r.n_level_drop_same_year = len(same), int((same["level_change_ci_high"] < 1).sum())
    r.other_break_years = sorted(int(y) for y in set(with_level["break_year"]) - {p.BREAK})
    r.n_slope_variants = len(table)
    r.n_slope_fall = int((table["slope_change_ci_high"] < 1).sum())
    r.level_range = (float(with_level["level_change"].min()), float(with_level["level_change"].max()))


def placebo(total: pd.Series, p: Parameters) -> pd.DataFrame:
    """Breaks placed inside START to the year before the break, where nothing is supposed
    to have happened.

    For each candidate year of the pre-period alone (trimmed as the main scan), the
    quasi-likelihood F of a level-and-slope break against one trend, with its p-value
    from the F distribution (a single, fixed year) and the level ratio with its interval.
    """
    end, level = p.BREAK - 1, p.LEVEL
    yrs = np.arange(p.START, end + 1)
    y = total.reindex(yrs).to_numpy(dtype=float)
    s = breaks.scan(y, yrs, "break")
    rows = []
    for year, F in zip(s.table["year"], s.table["F"]):
        m = models.its_quasi_poisson(models.its_frame(total, p.START, end, int(year)))
        rows.append({"year": int(year), "F": float(F),
                     "p": float(stats.f.sf(F, 2, len(yrs) - 4)),
                     "level_change": m["level_change"], "level_change_ci_low": m["level_change_ci_low"],
                     "level_change_ci_high": m["level_change_ci_high"]})
    out = pd.DataFrame(rows)
    out["significant"] = out["p"] < 1 - level
    return out


def leave_one_out(d: pd.DataFrame) -> pd.DataFrame:
    """The primary model refitted with each year left out in turn."""
    rows = []
    for year in d["year"]:
        m = models.its_quasi_poisson(d[d["year"] != year])
        rows.append({"left_out": int(year), "level_change": m["level_change"],
                     "level_change_ci_high": m["level_change_ci_high"],
                     "slope_change": m["slope_change"],
                     "slope_change_ci_high": m["slope_change_ci_high"]})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- after 2019


def after_2019(r: SimpleNamespace) -> pd.DataFrame:
    """Each year from 2012 on against the 2012-2019 segment of the primary model.

    The fitted line and its confidence band, and the 95% prediction interval for a
    single year (:func:`helpers.models.quasi_poisson_prediction`).
    """
    p = r.p
    yrs = np.arange(p.BREAK, r.last_year + 1)
    X = np.column_stack([np.ones(len(yrs)), yrs - p.START, np.ones(len(yrs)), yrs - p.BREAK])
    pred = models.quasi_poisson_prediction(r.primary["fit"], X, p.LEVEL)
    pred.insert(0, "year", yrs)
    pred.insert(1, "observed", r.total.reindex(yrs).to_numpy())
    pred["observed_vs_trend_percent"] = 100 * (pred["observed"] / pred["mean"] - 1)
    pred["below_prediction"] = pred["observed"] < pred["pi_low"]
    return pred


def unequal_dispersion(r: SimpleNamespace) -> SimpleNamespace:
    """The years scatter far more before the break than after it: each period's own
    dispersion, the level ratio allowing for it (a Poisson fit weighted by 1 / each
    period's dispersion, t with the smaller period's df; and a sandwich estimator), and the
    years after 2019 judged with the post-break dispersion."""
    p = r.p
    import statsmodels.api as sm

    d, fit = r.frame, r.primary["fit"]
    pre = (d["year"] < p.BREAK).to_numpy()
    pearson = np.asarray(fit.resid_pearson)
    k = 2  # coefficients that each period has to itself (level and slope)
    out = SimpleNamespace(phi_pre=float((pearson[pre] ** 2).sum() / (pre.sum() - k)),
                          phi_post=float((pearson[~pre] ** 2).sum() / ((~pre).sum() - k)),
                          df=int(min(pre.sum(), (~pre).sum()) - k))
    X = sm.add_constant(d[["t", "post", "t_post"]].astype(float))
    y = d["total"].astype(float)
    weights = np.where(pre, 1 / out.phi_pre, 1 / out.phi_post)
    weighted = sm.GLM(y, X, family=sm.families.Poisson(), var_weights=weights).fit()
    b, se = float(weighted.params["post"]), float(weighted.bse["post"])
    q = stats.t.ppf(0.5 + p.LEVEL / 2, out.df)
    out.level_separate = (float(np.exp(b)), float(np.exp(b - q * se)), float(np.exp(b + q * se)))
    sandwich = sm.GLM(y, X, family=sm.families.Poisson()).fit(cov_type="HC1", use_t=True)
    low, high = np.exp(sandwich.conf_int().loc["post"])
    out.level_sandwich = (float(np.exp(sandwich.params["post"])), float(low), float(high))
    yrs = r.after["year"].to_numpy()
    Xa = np.column_stack([np.ones(len(yrs)), yrs - p.START, np.ones(len(yrs)), yrs - p.BREAK])
    pred = models.quasi_poisson_prediction(weighted, Xa, p.LEVEL, scale=out.phi_post, df=out.df)
    pred.insert(0, "year", yrs)
    out.after = pred
    return out


# ----------------------------------------------------------------------------- men and women


def fall_by_base_year(years: pd.DataFrame, end: int, bases: Iterable[int]) -> pd.DataFrame:
    """Per cent change of men and women from each base year to ``end``: who fell faster?"""
    rows = []
    for b in bases:
        men = 100 * (years.loc[end, "male"] / years.loc[b, "male"] - 1)
        women = 100 * (years.loc[end, "female"] / years.loc[b, "female"] - 1)
        rows.append({"base_year": b, "end_year": end, "men_change_percent": men, "women_change_percent": women,
                     "fell_faster": "men" if men < women else "women"})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- tables shown


def _interval(low: float, high: float, fmt: str = ".2f") -> str:
    return "" if np.isnan(low) else f"{low:{fmt}}-{high:{fmt}}"


def primary_view(r: SimpleNamespace) -> pd.DataFrame:
    p = r.p
    m = r.primary
    rows = [(f"yearly growth factor before {p.BREAK}", "exp(b1)", "pre_trend"),
            (f"level in {p.BREAK} against the pre-{p.BREAK} trend", "exp(b2)", "level_change"),
            (f"change in the yearly factor from {p.BREAK}", "exp(b3)", "slope_change")]
    return pd.DataFrame([{"quantity": q, "term": term, "ratio": f"{m[k]:.3f}",
                          "95% interval": _interval(m[f"{k}_ci_low"], m[f"{k}_ci_high"], ".3f")}
                         for q, term, k in rows]).set_index("quantity")


def comparison_view(r: SimpleNamespace) -> pd.DataFrame:
    t = r.comparison
    return pd.DataFrame({"rank": t["rank"], "model": t["model"], "coefficients": t["parameters"],
                         "year chosen": t["year"].replace("", "-"),
                         "deviance": t["deviance"].map("{:,.1f}".format),
                         "quasi-AIC": t["qaic"].map("{:.2f}".format),
                         "difference from best": t["delta_qaic"].map("{:.2f}".format)}).set_index("rank")


def break_date_view(r: SimpleNamespace) -> pd.DataFrame:
    p = r.p
    rows = []
    for kind, label in (("break", "step and turn (first year after)"),
                        ("kink", "turn, no step (last year before)")):
        rows.append({"shape": label, "estimate": r.scans[kind].estimate,
                     "95% set (simulated critical value)":
                         f"{years_text(r.sets[kind])} (c = {r.lr_critical[kind]:.2f})",
                     "95% set (Hansen's 7.35)": years_text(r.hansen_sets[kind]),
                     "posterior mode": posterior_mode(r, kind),
                     f"P({p.BREAK})": f"{100 * posterior(r, kind, p.BREAK):.0f}%",
                     f"P({p.BREAK}), Gaussian on log counts":
                         f"{100 * posterior(r, kind, p.BREAK, 'gaussian'):.0f}%"})
    return pd.DataFrame(rows).set_index("shape")


def counterfactual_view(r: SimpleNamespace) -> pd.DataFrame:
    p = r.p
    cf = r.counterfactuals
    return pd.DataFrame({"scenario": cf["scenario"],
                         "from the model": cf["model"],
                         "quasi-AIC behind the best": cf["delta_qaic"].map(lambda v: "" if np.isnan(v) else f"{v:.1f}"),
                         "its dispersion": cf["dispersion"].map(lambda v: "" if np.isnan(v) else f"{v:.1f}"),
                         f"missing arrivals {p.BREAK}-{p.END}": cf["missing"].map("{:,.0f}".format),
                         "95% interval (trend uncertainty, rounded)": [
                             _interval(lo, hi, ",.0f") or "none (a fixed level)"
                             for lo, hi in zip(cf["low"], cf["high"])]}).set_index("scenario")


def sensitivity_view(r: SimpleNamespace) -> pd.DataFrame:
    p = r.p
    t = r.sensitivity
    return pd.DataFrame({
        "variant": t["variant"],
        f"level in {p.BREAK} (× trend)": t["level_change"].map(lambda v: "no step" if np.isnan(v) else f"{v:.2f}"),
        "level, 95% interval": [_interval(a, b) for a, b in
                                zip(t["level_change_ci_low"], t["level_change_ci_high"])],
        "change in yearly factor": t["slope_change"].map("{:.3f}".format),
        "factor, 95% interval": [_interval(a, b, ".3f") for a, b in
                          zip(t["slope_change_ci_low"], t["slope_change_ci_high"])],
    }).set_index("variant")


def placebo_view(r: SimpleNamespace) -> pd.DataFrame:
    p = r.placebo
    return pd.DataFrame({"placebo break (first year after)": p["year"], "F": p["F"].map("{:.2f}".format),
                         "p": p["p"].map("{:.3f}".format),
                         "level ratio": p["level_change"].map("{:.2f}".format),
                         "95% interval": [_interval(a, b) for a, b in
                                          zip(p["level_change_ci_low"], p["level_change_ci_high"])]}
                        ).set_index("placebo break (first year after)")


def after_view(r: SimpleNamespace) -> pd.DataFrame:
    p = r.p
    a = r.after[r.after["year"] > p.END]
    return pd.DataFrame({"year": a["year"], "observed": a["observed"].map("{:,}".format),
                         "trend": a["mean"].map("{:,.0f}".format),
                         "95% prediction interval": [_interval(lo, hi, ",.0f")
                                                     for lo, hi in zip(a["pi_low"], a["pi_high"])],
                         "against the trend": a["observed_vs_trend_percent"].map("{:+.0f}%".format)}
                        ).set_index("year")


def base_year_view(r: SimpleNamespace) -> pd.DataFrame:
    b = r.base_years
    end = int(b["end_year"].iloc[0])
    return pd.DataFrame({"base year": b["base_year"],
                         f"men, change to {end}": b["men_change_percent"].map("{:+.0f}%".format),
                         f"women, change to {end}": b["women_change_percent"].map("{:+.0f}%".format),
                         "fell further": b["fell_faster"]}).set_index("base year")


# ----------------------------------------------------------------------------- exports


def comparison_table(r: SimpleNamespace) -> pd.DataFrame:
    """``data/processed/03_model_comparison.csv``: the shapes ranked by quasi-AIC."""
    p = r.p
    t = r.comparison
    return pd.DataFrame({
        "rank": t["rank"], "model": t["model"], "parameters": t["parameters"],
        "year_chosen_by": t["year"].replace("", "none"), "deviance": t["deviance"].round(3),
        "quasi_aic": t["qaic"].round(3), "delta_quasi_aic": t["delta_qaic"].round(3),
        "tied_with_best": t["tied_with_best"],
        "common_dispersion": round(r.primary["dispersion"], 4),
        "dispersion_from": f"Pearson chi-square / df of the primary model (step and turn in {p.BREAK})",
    })


#: Where in notebook 03 each result is computed (its ``computed_in``).
SECTIONS = {"parameter": "§1", "its_": "§1", "decision_one_rate": "§4", "decision_break": "§5",
            "decision_counterfactual": "§6", "decision_last_year": "§9", "its_poisson_dispersion": "§2",
            "counterfactual": "§6",
            "trend_at_break_year": "§6", "observed_at_break_year": "§6", "observed_vs_trend_break_year": "§6",
            "missing_arrivals": "§6", "level_only": "§6", "break_year": "§5", "kink_year": "§5",
            "break_scan": "§4", "observed_vs_trend_last_year": "§9", "prediction_": "§9",
            "its_sex": "§8", "shapes": "§3", "peak_turn": "§3"}


def results_rows(r: SimpleNamespace) -> list[tuple[str, object, str, str, str]]:
    """The notebook's results table rows (key, value, unit, description, section)."""
    p = r.p
    m = r.primary
    rows = [
        ("parameter_start", p.START, "year", "first modelled year"),
        ("parameter_end", p.END, "year", "last modelled year"),
        ("parameter_break_year", p.BREAK, "year", "the primary model's break: the first year after it"),
        ("its_pre_trend_ratio_per_year", m["pre_trend"], "ratio per year",
         f"exp(b1): yearly growth factor before {p.BREAK}"),
        ("its_pre_trend_ci_low", m["pre_trend_ci_low"], "ratio per year", "95% interval (t), lower"),
        ("its_pre_trend_ci_high", m["pre_trend_ci_high"], "ratio per year", "95% interval (t), upper"),
        ("its_level_change_ratio", m["level_change"], "ratio",
         f"exp(b2): level in {p.BREAK} against the pre-{p.BREAK} trend"),
        ("its_level_change_ci_low", m["level_change_ci_low"], "ratio", "95% interval (t), lower"),
        ("its_level_change_ci_high", m["level_change_ci_high"], "ratio", "95% interval (t), upper"),
        ("its_slope_change_ratio_per_year", m["slope_change"], "ratio per year",
         f"exp(b3): change in the yearly factor from {p.BREAK}"),
        ("its_slope_change_ci_low", m["slope_change_ci_low"], "ratio per year", "95% interval (t), lower"),
        ("its_slope_change_ci_high", m["slope_change_ci_high"], "ratio per year", "95% interval (t), upper"),
        ("its_poisson_dispersion", m["dispersion"], "ratio", "Pearson chi-square / df of the unscaled Poisson fit"),
    ]
    return outputs.in_sections(rows + _scenario_rows(r), SECTIONS)


def _scenario_rows(r: SimpleNamespace) -> list[tuple[str, object, str, str]]:
    p = r.p
    cf = r.counterfactuals.set_index("scenario")
    primary_cf = cf.iloc[0]
    by_key = r.counterfactuals.set_index("key")
    flat = by_key.loc[by_key.index.str.startswith("flat_"), "missing"]
    rows = [
        ("counterfactual_end_year", r.counterfactual_end, "people",
         f"{p.END} arrivals predicted by the pre-{p.BREAK} trend continued"),
        ("trend_at_break_year", r.counterfactual_break, "people",
         f"{p.BREAK} arrivals predicted by the pre-{p.BREAK} trend"),
        ("observed_at_break_year", r.observed_break_year, "people", f"arrivals in {p.BREAK}"),
        ("observed_vs_trend_break_year", r.observed_break_year / r.counterfactual_break, "ratio",
         f"observed {p.BREAK} arrivals / the pre-{p.BREAK} trend (the level ratio exp(b2) is the fitted level's)"),
        ("missing_arrivals_primary_ci_low", primary_cf["low"], "people",
         f"95% simulated interval (trend uncertainty), lower, rounded to {primary_cf['step']:,.0f}"),
        ("missing_arrivals_primary_ci_high", primary_cf["high"], "people",
         f"95% simulated interval (trend uncertainty), upper, rounded to {primary_cf['step']:,.0f}"),
        ("missing_arrivals_simulation_step", primary_cf["step"], "people",
         "the simulated limits are rounded to this (twice their Monte Carlo standard error or more)"),
        *((f"missing_arrivals_flat_reference_{i}", by_key.loc[key, "missing"], "people",
           f"{by_key.loc[key, 'scenario']} minus observed") for i, key in enumerate(flat.index, 1)),
        ("missing_arrivals_primary", primary_cf["missing"], "people",
         "the primary model's pre-break trend continued, minus observed"),
        ("missing_arrivals_flat_low", flat.min(), "people", "smallest shortfall of the flat-level scenarios"),
        ("missing_arrivals_flat_high", flat.max(), "people", "largest shortfall of the flat-level scenarios"),
        ("missing_arrivals_level_only", by_key.loc["level_only", "missing"], "people",
         "level-only model scenario minus observed"),
        ("level_only_delta_quasi_aic", by_key.loc["level_only", "delta_qaic"], "quasi-AIC",
         "the level-only model behind the best shape"),
        ("level_only_dispersion", by_key.loc["level_only", "dispersion"], "ratio",
         "Pearson chi-square / df of the level-only model"),
        ("counterfactual_scenarios", len(cf), "scenarios", "scenarios of 'no change' compared"),
        ("missing_arrivals_range_low", cf["missing"].min(), "people", "smallest shortfall across the scenarios"),
        ("missing_arrivals_range_high", cf["missing"].max(), "people", "largest shortfall across the scenarios"),
    ]
    return rows + _date_rows(r)


def _date_rows(r: SimpleNamespace) -> list[tuple[str, object, str, str]]:
    p = r.p
    last, after = r.last_year, r.after.set_index("year")
    rows = [
        ("break_year_estimate", r.scans["break"].estimate, "year",
         "step-and-turn break year with the smallest deviance"),
        ("break_year_set_low", min(r.sets["break"]), "year", "95% likelihood-ratio confidence set, first year"),
        ("break_year_set_high", max(r.sets["break"]), "year", "95% likelihood-ratio confidence set, last year"),
        ("break_year_posterior_primary", posterior(r, "break", p.BREAK), "probability",
         f"posterior of {p.BREAK}: flat prior, Laplace approximation (quasi-Poisson)"),
        ("break_year_posterior_primary_gaussian", posterior(r, "break", p.BREAK, "gaussian"), "probability",
         "flat prior, Gaussian model on log counts"),
        ("break_year_posterior_mode", posterior_mode(r, "break"), "year",
         "year with the highest posterior probability"),
        ("break_year_lr_critical_5pct", r.lr_critical["break"], "LR statistic", "simulated critical value for the set"),
        ("kink_year_estimate", r.scans["kink"].estimate, "year",
         "turn without a step: year with the smallest deviance"),
        ("kink_year_lr_critical_5pct", r.lr_critical["kink"], "LR statistic",
         "simulated critical value for the kink set"),
        ("kink_year_set_low", min(r.sets["kink"]), "year", "95% likelihood-ratio confidence set, first year"),
        ("kink_year_set_high", max(r.sets["kink"]), "year", "95% likelihood-ratio confidence set, last year"),
        ("break_scan_best_year", r.sup_f_year, "year", "break year with the largest F"),
        ("break_scan_supF", r.sup_f, "F statistic",
         f"largest F over break years {r.candidate_range[0]}-{r.candidate_range[1]}"),
        ("break_scan_critical_5pct", r.sup_f_iid["critical"], "F statistic",
         f"simulated 5% critical value of sup-F, independent years ({r.sup_f_iid['n_sim']} series, seeded)"),
        ("break_scan_critical_5pct_ar1", r.sup_f_ar1["critical"], "F statistic",
         "simulated 5% critical value of sup-F, AR(1) years"),
        ("break_scan_ar1_rho", r.sup_f_ar1["rho"], "correlation",
         "lag-1 autocorrelation of the single-trend residuals"),
        ("break_scan_critical_5pct_ar1_min", min(r.sup_f_ar1_by_rho.values()), "F statistic",
         f"smallest AR(1) critical value over rho {', '.join(f'{x:.2f}' for x in r.sup_f_ar1_by_rho)}"),
        ("break_scan_critical_5pct_ar1_max", max(r.sup_f_ar1_by_rho.values()), "F statistic",
         "largest AR(1) critical value over the same correlations"),
        ("decision_one_rate_rejected", int(sup_f_rejected(r)), "indicator (1 = yes)",
         "sup-F exceeds every critical value simulated: one constant growth rate is rejected"),
        ("decision_break_year_dated", int(break_dated(r)), "indicator (1 = yes)",
         "the 95% confidence set for the break year holds a single year"),
        ("decision_counterfactual_over_twice_peak", int(counterfactual_over_twice_peak(r)), "indicator (1 = yes)",
         "the largest scenario's last year is over twice the peak"),
        ("decision_last_year_below_interval", int(last_year_below_interval(r)), "indicator (1 = yes)",
         "the last year fell below its 95% prediction interval"),
        ("break_year_mode_stands_out", int(mode_stands_out(r, "break")), "indicator (1 = yes)",
         f"the most probable break year is at least {p.MODE_CLEAR:g} times as probable as the next"),
        ("observed_vs_trend_last_year_percent", after.loc[last, "observed_vs_trend_percent"], "percent",
         f"{last} arrivals against the {p.BREAK}-{p.END} trend carried forward"),
        ("prediction_low_last_year", after.loc[last, "pi_low"], "people",
         f"{last}: 95% prediction interval for one year, lower"),
        ("prediction_high_last_year", after.loc[last, "pi_high"], "people",
         f"{last}: 95% prediction interval for one year, upper"),
        ("its_sex_interaction_p", r.by_sex["p"], "p-value",
         "quasi-likelihood F test: does the break differ between men and women?"),
        ("shapes_tied_with_best", int(r.comparison["tied_with_best"].sum()), "models",
         f"models within {p.QAIC_TIE:g} quasi-AIC of the best"),
        ("peak_turn_tied_with_primary", int(_peak_turn_tied(r)), "indicator (1 = yes)",
         f"a turn at the peak without a step is within {p.QAIC_TIE:g} quasi-AIC of the primary model"),
    ]
    return rows


def _peak_turn_tied(r: SimpleNamespace) -> bool:
    p = r.p
    t = r.comparison.set_index("year")
    peak = t.loc["fixed (peak)", "qaic"]
    primary = r.comparison.loc[r.comparison["model"].str.endswith("(primary)"), "qaic"].iloc[0]
    return abs(float(peak) - float(primary)) <= p.QAIC_TIE
