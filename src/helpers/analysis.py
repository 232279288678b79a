"""Derivations shared by several notebooks (pure functions on the loaded tables)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def single_years(arrivals: pd.DataFrame) -> pd.DataFrame:
    """The calendar-year rows of the series (the bins dropped), indexed by ``year``."""
    years = arrivals[~arrivals["is_bin"]].copy()
    years.insert(0, "year", years["year_end"].astype("int64"))
    return years.set_index("year")


def single_years_sources(years: pd.DataFrame) -> dict[int, str]:
    """{year: source keys} of the single-year rows (as returned by :func:`single_years`)."""
    return {int(y): str(s) for y, s in years["source"].items()}


def female_share(df: pd.DataFrame) -> pd.Series:
    """Female share (0-1) of each row's total."""
    return df["female"] / df["total"]


def tidy_series(arrivals: pd.DataFrame) -> pd.DataFrame:
    """The current series as the tidy export ``data/processed/arrivals.csv``.

    Columns: ``period``, ``year_start`` (blank for the open first bin), ``year_end``,
    ``n_years``, ``is_bin``, ``male``, ``female``, ``total``, ``female_share`` (0-1,
    6 decimals), ``cumulative_male``, ``cumulative_female``, ``cumulative_total``
    (from the first recorded arrival through the end of the period), ``source``.
    """
    out = arrivals[["period", "year_start", "year_end", "n_years", "is_bin",
                    "male", "female", "total"]].copy()
    out["female_share"] = female_share(out).round(6)
    for c in ("male", "female", "total"):
        out[f"cumulative_{c}"] = out[c].cumsum()
    out["source"] = arrivals["source"]
    return out


def article_vs_current(article: pd.DataFrame, arrivals: pd.DataFrame) -> pd.DataFrame:
    """Match each column of the article's table with the current series.

    The article's ``~1998`` is the current ``~1998`` bin and its ``~2001`` is the
    ``1999-2001`` bin (its label names only the end year); years match years. The
    ``Total`` column has no counterpart and is left out.

    Returns
    -------
    DataFrame indexed by the article's label with ``period`` (current label) and, for
    each of male, female, total: ``article_*``, ``current_*`` and ``diff_*``
    (current minus article).
    """
    ends = arrivals.set_index("year_end")
    rows = []
    for _, a in article[article["column_label"] != "Total"].iterrows():
        end = int(a["column_label"].lstrip("~"))
        cur = ends.loc[end]
        row = {"column_label": a["column_label"], "period": cur["period"]}
        for m in ("male", "female", "total"):
            row[f"article_{m}"] = int(a[m])
            row[f"current_{m}"] = int(cur[m])
            row[f"diff_{m}"] = int(cur[m]) - int(a[m])
        rows.append(row)
    return pd.DataFrame(rows).set_index("column_label")


def changed_columns(comparison: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`article_vs_current` where any count differs."""
    diff = comparison[["diff_male", "diff_female", "diff_total"]]
    return comparison[(diff != 0).any(axis=1)]


def quarter_slots(quarterly: pd.DataFrame, halves: pd.DataFrame, annual: pd.DataFrame,
                  first_year: int) -> pd.DataFrame:
    """Every quarter from ``first_year`` to the last period published, as it can be known.

    One row per quarter (``year``, ``quarter``) with ``arrivals`` (Int64) and ``kind``:
    ``published`` (a quarterly figure), ``derived`` (a half year less its other, published
    quarter, or a year of ``annual`` (:func:`single_years`) less its three other quarters:
    arithmetic on published figures), ``in a half year`` (a half year whose two quarters
    were not published: its total, published or the year less the other half, is in
    ``half_total`` and no quarter is known) or ``not published``; ``half_total`` is the half
    year's figure wherever one stands in for a quarter; ``source`` the keys of every figure a
    row rests on. A half year is never split into quarters by assumption.
    """
    q = quarterly.set_index(["year", "quarter"])
    h = halves.set_index(["year", "half"])[["total", "source"]]
    for (year, half), row in list(h.iterrows()):  # the other half of a published year: the year less this half
        other = 3 - half
        if year in annual.index and (year, other) not in h.index:
            h.loc[(year, other), ["total", "source"]] = [int(annual.loc[year, "total"]) - int(row["total"]),
                                                         _keys(annual.loc[year, "source"], row["source"])]
    last = max([(int(y), int(k)) for y, k in q.index] + [(int(y), 2 * int(k)) for y, k in h.index])
    rows = []
    for year in range(first_year, last[0] + 1):
        for k in range(1, 5):
            if (year, k) > last:
                break
            half, other = (k + 1) // 2, k + 1 if k % 2 else k - 1
            known = (year, half) in h.index and not ((year, k) in q.index and (year, other) in q.index)
            half_total = int(h.loc[(year, half), "total"]) if known else None
            half_key = h.loc[(year, half), "source"] if known else ""
            if (year, k) in q.index:
                rows.append((year, k, int(q.loc[(year, k), "total"]), "published", half_total,
                             q.loc[(year, k), "source"]))
            elif known and (year, other) in q.index:
                rows.append((year, k, half_total - int(q.loc[(year, other), "total"]), "derived", half_total,
                             _keys(half_key, q.loc[(year, other), "source"])))
            elif known:
                rows.append((year, k, None, "in a half year", half_total, half_key))
            else:
                rows.append((year, k, None, "not published", None, "not published"))
    out = pd.DataFrame(rows, columns=["year", "quarter", "arrivals", "kind", "half_total", "source"])
    for year, g in out.groupby("year"):  # one quarter left unknown in a year the annual series has
        unknown = g.index[g["arrivals"].isna()]
        if len(g) == 4 and len(unknown) == 1 and year in annual.index:
            out.loc[unknown, ["arrivals", "kind", "source"]] = [
                int(annual.loc[year, "total"]) - int(g["arrivals"].sum()), "derived",
                _keys(annual.loc[year, "source"], *g["source"].drop(unknown))]
    return out.astype({"arrivals": "Int64", "half_total": "Int64"})


def _keys(*texts: str) -> str:
    """Source keys of several figures (each ``A; B``), each once, in order."""
    keys = [k.strip() for t in texts for k in str(t).split(";") if k.strip()]
    return "; ".join(dict.fromkeys(keys))


def event_year(events: pd.DataFrame, words: str) -> int:
    """The year of the first dated event (``data/raw/events.csv``) whose text contains
    ``words``: the prose dates an event from the data, never from a parameter."""
    hits = events[events["event"].str.contains(words, regex=False)]
    if hits.empty:
        raise KeyError(f"no event in data/raw/events.csv mentions {words!r}")
    return int(min(hits["date"]).year)


#: The texts that find the events the prose names (:func:`event_year`).
BORDER_CLOSURE = "closes its border"
KIM_JONG_UN = "Kim Jong-un takes power"


def compound_rate(start: float, end: float, years: int) -> float:
    """Compound annual rate of change from ``start`` to ``end`` over ``years`` years."""
    return (end / start) ** (1 / years) - 1



def log_linear_rate(total: pd.Series, start: int, end: int) -> float:
    """The yearly rate of a least-squares line through log arrivals (every year weighted
    alike), ``exp(slope) - 1``: how notebook 01 measures a phase's rate."""
    part = total.loc[start:end]
    return float(np.exp(np.polyfit(part.index.to_numpy(float), np.log(part.to_numpy(float)), 1)[0]) - 1)


def fall_by_base_year(years: pd.DataFrame, end: int, bases: Iterable[int]) -> pd.DataFrame:
    """Per cent change of men and women from each base year to ``end``: who fell faster?"""
    rows = []
    for b in bases:
        men = 100 * (years.loc[end, "male"] / years.loc[b, "male"] - 1)
        women = 100 * (years.loc[end, "female"] / years.loc[b, "female"] - 1)
        rows.append({"base_year": b, "end_year": end, "men_change_percent": men, "women_change_percent": women,
                     "fell_faster": "men" if men < women else "women"})
    return pd.DataFrame(rows)


def _line_ssr(years: np.ndarray, logy: np.ndarray) -> float:
    X = np.column_stack([np.ones(len(years)), years - years[0]])
    return float(np.sum((logy - X @ np.linalg.lstsq(X, logy, rcond=None)[0]) ** 2))


def segmentation(total: pd.Series, *, min_years: int, max_breaks: int) -> pd.DataFrame:
    """Best split of log arrivals into straight-line segments, for each number of breaks.

    Each segment has its own level and slope (a one-year step between segments is
    allowed); the split minimises the total sum of squared residuals (exact, by dynamic
    programming over every split with segments of at least ``min_years`` years). BIC =
    n log(SSR / n) + k log(n), with k = 2 per segment plus 1 per break date.

    Returns one row per number of breaks: ``breaks`` (count), ``first_years`` (the first
    year of each later segment, as text), ``ssr``, ``bic``, ``chosen`` (smallest BIC).
    """
    years = total.index.to_numpy(dtype=int)
    logy = np.log(total.to_numpy(dtype=float))
    n = len(years)
    cost = {(a, b): _line_ssr(years[a:b], logy[a:b])
            for a in range(n) for b in range(a + min_years, n + 1)}
    # best[m][b]: (ssr, cut positions) of the first b years in m + 1 segments
    best = [{b: (cost[(0, b)], ()) for b in range(min_years, n + 1)}]
    for m in range(1, max_breaks + 1):
        best.append({b: min((best[m - 1][a][0] + cost[(a, b)], best[m - 1][a][1] + (a,))
                            for a in best[m - 1] if b - a >= min_years)
                     for b in range((m + 1) * min_years, n + 1)})
    rows = []
    for m in range(max_breaks + 1):
        if n not in best[m]:
            break
        ssr, cuts = best[m][n]
        k = 2 * (m + 1) + m
        rows.append({"breaks": m, "first_years": ", ".join(str(years[c]) for c in cuts) or "none",
                     "ssr": ssr, "bic": n * np.log(ssr / n) + k * np.log(n)})
    table = pd.DataFrame(rows)
    table["chosen"] = table["bic"] == table["bic"].min()
    return table


def phase_too_short(start: int, end: int) -> bool:
    """Whether a phase has too few years for a useful interval of its rate (three years
    leave one degree of freedom: the t quantile is 12.7)."""
    return end - start + 1 <= 3


def phases(total: pd.Series, level: float, *, min_years: int, max_breaks: int) -> pd.DataFrame:
    """The phases of the series: the segments of :func:`segmentation` chosen by BIC.

    Within each phase the yearly rate is the slope of a least-squares line through log
    arrivals, ``exp(slope) - 1``, with a t interval (n - 2 df: a three-year phase has
    one degree of freedom and a very wide interval, see :func:`phase_too_short`). The
    interval takes the phase's years as given: they were chosen by the data, so it is
    conditional on that choice and too narrow by an amount it does not show. The step into a phase is the
    observed change from the last year of the previous phase: a one-year drop is shown as
    a drop, not folded into a trend.

    Returns one row per phase: ``phase`` ("2002-2011"), ``start``, ``end``,
    ``arrivals_start``, ``arrivals_end``, ``step_from_previous_percent`` (empty for the
    first phase), ``rate_per_year``,
    ``ci_low``, ``ci_high`` (percent per year) and ``direction`` ("rising", "falling",
    or "no clear trend" when the interval spans 0).
    """
    import statsmodels.api as sm
    from scipy import stats

    total = total.sort_index()
    seg = segmentation(total, min_years=min_years, max_breaks=max_breaks)
    chosen = seg.loc[seg["chosen"], "first_years"].iloc[0]
    starts = [int(total.index.min())] + ([int(y) for y in chosen.split(", ")] if chosen != "none" else [])
    ends = [s - 1 for s in starts[1:]] + [int(total.index.max())]
    rows = []
    for a, b in zip(starts, ends):
        part = total.loc[a:b]
        logy = np.log(part.to_numpy(dtype=float))
        if len(part) <= 2:  # a line through two points: a rate, but no interval at all
            slope = float(logy[-1] - logy[0]) if len(part) == 2 else 0.0
            rate = [100 * (np.exp(slope) - 1), np.nan, np.nan]
        else:
            fit = sm.OLS(logy, sm.add_constant(np.asarray(part.index - a, dtype=float))).fit()
            q = stats.t.ppf(0.5 + level / 2, fit.df_resid)
            slope, se = fit.params[1], fit.bse[1]
            rate = [100 * (np.exp(v) - 1) for v in (slope, slope - q * se, slope + q * se)]
        rows.append({"phase": f"{a}-{b}", "start": a, "end": b,
                     "arrivals_start": int(total[a]), "arrivals_end": int(total[b]),
                     "step_from_previous_percent": (100 * (total[a] / total[a - 1] - 1)
                                                    if a - 1 in total.index else None),
                     "rate_per_year": rate[0], "ci_low": rate[1], "ci_high": rate[2],
                     "direction": ("rising" if rate[1] > 0 else "falling" if rate[2] < 0
                                   else "no clear trend")})
    out = pd.DataFrame(rows)
    out["step_from_previous_percent"] = out["step_from_previous_percent"].astype("Float64")
    return out


def wilson_interval(female: ArrayLike, total: ArrayLike, *, level: float) -> tuple[ArrayLike, ArrayLike]:
    """Wilson score interval at ``level`` for female / total (arrays or scalars): (low, high)."""
    from statsmodels.stats.proportion import proportion_confint

    return proportion_confint(female, total, alpha=1 - level, method="wilson")


def published_share_check(arrivals: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """The ministry's printed female shares against the shares computed from the counts.

    Returns
    -------
    DataFrame indexed by period: ``female``, ``total``, ``computed_percent`` (rounded to
    one decimal, as printed), ``published_percent`` and ``agrees``.
    """
    out = arrivals.set_index("period")[["female", "total"]].copy()
    out["computed_percent"] = (100 * female_share(out)).round(1)
    out = out.join(published.set_index("period")["female_share_percent"]
                   .rename("published_percent"), how="inner")
    out["agrees"] = out["computed_percent"] == out["published_percent"]
    return out
