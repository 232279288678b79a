"""Derivations shared by several notebooks (pure functions on the loaded tables)."""

from __future__ import annotations

import pandas as pd


def single_years(arrivals: pd.DataFrame) -> pd.DataFrame:
    """The calendar-year rows of the series (the bins dropped), indexed by ``year``."""
    years = arrivals[~arrivals["is_bin"]].copy()
    years.insert(0, "year", years["year_end"].astype("int64"))
    return years.set_index("year")


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


def compound_rate(start: float, end: float, years: int) -> float:
    """Compound annual rate of change from ``start`` to ``end`` over ``years`` years."""
    return (end / start) ** (1 / years) - 1


def phases(total: pd.Series) -> pd.DataFrame:
    """Split an annual series into phases read from the data.

    The boundaries are: the first year; the peak; the year before the largest one-year
    relative fall that precedes the collapse; the year before the collapse (the largest
    one-year relative fall of all); the lowest year after it; the last year.

    Parameters
    ----------
    total : arrivals indexed by calendar year (consecutive years).

    Returns
    -------
    DataFrame with one row per phase: ``phase``, ``from_year``, ``to_year``,
    ``arrivals_from``, ``arrivals_to``, ``change_percent``, ``annual_rate_percent``
    (compound).
    """
    total = total.sort_index()
    change = total.pct_change()
    first, last = int(total.index.min()), int(total.index.max())
    collapse = int(change.idxmin())
    peak = int(total.loc[:collapse - 1].idxmax())
    fall = int(change.loc[peak + 1:collapse - 1].idxmin())
    trough = int(total.loc[collapse:].idxmin())
    bounds = [
        ("growth to the peak", first, peak),
        ("high plateau", peak, fall - 1),
        ("decline after the fall", fall - 1, collapse - 1),
        ("collapse", collapse - 1, trough),
        ("after the trough", trough, last),
    ]
    rows = []
    for name, a, b in bounds:
        if b <= a:
            continue
        rows.append({
            "phase": name, "from_year": a, "to_year": b,
            "arrivals_from": int(total[a]), "arrivals_to": int(total[b]),
            "change_percent": 100 * (total[b] / total[a] - 1),
            "annual_rate_percent": 100 * compound_rate(total[a], total[b], b - a),
        })
    return pd.DataFrame(rows)


def wilson_interval(female, total, alpha: float = 0.05):
    """Wilson score interval for female / total (arrays or scalars): (low, high)."""
    from statsmodels.stats.proportion import proportion_confint

    return proportion_confint(female, total, alpha=alpha, method="wilson")


def published_share_check(arrivals: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """The ministry's printed female shares against the shares computed from the counts.

    Returns
    -------
    DataFrame indexed by period: ``female``, ``total``, ``computed_percent`` (rounded to
    one decimal, as printed), ``published_percent`` and ``agrees``.
    """
    out = arrivals.set_index("period")[["female", "total"]].copy()
    out["computed_percent"] = (100 * out["female"] / out["total"]).round(1)
    out = out.join(published.set_index("period")["female_share_percent"]
                   .rename("published_percent"), how="inner")
    out["agrees"] = out["computed_percent"] == out["published_percent"]
    return out
