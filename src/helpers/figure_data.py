"""The data behind each figure of notebooks 01 and 02, as tidy tables with their sources.

Every figure is saved with the exact numbers it draws (``figures/<name>.csv``): one row
per point or bar, one column per drawn quantity (units in the column name, bands as
``_low``/``_high``), and a ``source`` column with the source keys of ``data/README.md``.
Notebooks 03 and 05 build theirs in :mod:`helpers.decline_plots` and
:mod:`helpers.abroad_plots`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import analysis


def annual(arrivals: pd.DataFrame, single: pd.DataFrame) -> pd.DataFrame:
    """01_annual_arrivals: each single year, the 1999-2001 bin's average, the other source."""
    years = analysis.single_years(arrivals).reset_index()
    rows = [{"series": "arrivals in the year", "period": str(r.year), "year": r.year,
             "arrivals": int(r.total), "source": r.source} for r in years.itertuples()]
    for b in arrivals[arrivals["is_bin"]].itertuples():
        rows.append({"series": ("bin: annual average" if pd.notna(b.n_years) else
                                "bin: everything up to 1998 (cumulative, not one year)"),
                     "period": b.period, "year": pd.NA if pd.isna(b.year_start) else int(b.year_end) - 1,
                     "arrivals": (b.total / b.n_years if pd.notna(b.n_years) else b.total),
                     "source": b.source})
    rows += [{"series": "single years, other source (no sex split)", "period": str(s.year),
              "year": int(s.year), "arrivals": int(s.total), "source": s.source}
             for s in single.itertuples()]
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    out["arrivals"] = out["arrivals"].astype(float).round(1)
    return out.rename(columns={"year": "year_drawn_at"})


def cumulative(arrivals: pd.DataFrame, checkpoints: pd.DataFrame) -> pd.DataFrame:
    """01_cumulative_arrivals: the running total at each period end and the published totals."""
    run = pd.DataFrame({"series": "sum of the annual series", "as_of": arrivals["year_end"].map(
        lambda y: f"{int(y)}-12-31"), "cumulative_arrivals": arrivals["total"].cumsum(),
        "source": arrivals["source"]})
    pub = pd.DataFrame({"series": "published cumulative total",
                        "as_of": checkpoints["as_of"].map(str),
                        "cumulative_arrivals": checkpoints["total"], "source": checkpoints["source"]})
    return pd.concat([run, pub], ignore_index=True)


def phases(total: pd.Series, phase_table: pd.DataFrame, arrivals: pd.DataFrame) -> pd.DataFrame:
    """01_phases: each year with its phase, the phase's fitted line and yearly rate."""
    rows = []
    for ph in phase_table.itertuples():
        part = total.loc[ph.start:ph.end]
        line = np.polyfit(part.index - ph.start, np.log(part.to_numpy(float)), 1)
        fitted = np.exp(np.polyval(line, part.index - ph.start))
        for (year, value), fit in zip(part.items(), fitted):
            rows.append({"year": int(year), "arrivals": int(value), "phase": ph.phase,
                         "fitted_arrivals": round(float(fit), 2),
                         "phase_rate_percent_per_year": round(ph.rate_per_year, 2),
                         "phase_rate_ci_low": round(ph.ci_low, 2),
                         "phase_rate_ci_high": round(ph.ci_high, 2)})
    out = pd.DataFrame(rows)
    out["source"] = analysis.single_years(arrivals).loc[out["year"], "source"].to_numpy()
    return out


def quarterly(slots: pd.DataFrame) -> pd.DataFrame:
    """01_quarterly_since_2020: every quarter, how it is known (published, derived, in a half
    year, not published), empty where nothing is known; the half year's total beside its
    quarters where one stands in for them."""
    return slots[["year", "quarter", "arrivals", "kind", "half_total", "source"]].rename(
        columns={"kind": "how_known", "half_total": "half_year_arrivals"})


def by_sex(years: pd.DataFrame) -> pd.DataFrame:
    """02_arrivals_by_sex and 02_men_women_log: women and men per year."""
    out = years[["female", "male"]].rename(columns={"female": "women", "male": "men"}).reset_index()
    out["source"] = years["source"].to_numpy()
    return out


def female_share(years: pd.DataFrame, bins: pd.DataFrame) -> pd.DataFrame:
    """02_female_share: the yearly shares with Wilson intervals, and the two bins."""
    out = pd.DataFrame({"period": years.index.astype(str), "women": years["female"].to_numpy(),
                        "arrivals": years["total"].to_numpy(),
                        "women_percent": (100 * years["share"]).round(2).to_numpy(),
                        "wilson_low_percent": (100 * years["ci_low"]).round(2).to_numpy(),
                        "wilson_high_percent": (100 * years["ci_high"]).round(2).to_numpy(),
                        "source": years["source"].to_numpy()})
    b = pd.DataFrame({"period": bins.index, "women": bins["female"].to_numpy(),
                      "arrivals": bins["total"].to_numpy(),
                      "women_percent": (100 * analysis.female_share(bins)).round(2).to_numpy(),
                      "source": bins["source"].to_numpy()})
    out = pd.concat([b, out], ignore_index=True)
    for c in ("wilson_low_percent", "wilson_high_percent"):
        out[c] = out[c].astype("Float64")
    return out


def share_trend(years: pd.DataFrame, xs: np.ndarray, fitted: np.ndarray, band: np.ndarray, primary: dict,
                after: pd.DataFrame, arrivals: pd.DataFrame) -> pd.DataFrame:
    """02_share_trend_model: observed share; over the fitted years the trend with its
    confidence band and the residuals; after them the logit-normal trend with each year's
    prediction interval."""
    fr = primary["frame"].set_index("year")
    years_drawn = np.arange(int(xs[0]), int(after.index.max()) + 1 if len(after) else int(xs[-1]) + 1)
    out = pd.DataFrame({"year": years_drawn})
    fit = pd.DataFrame({"year": xs, "fitted_percent": (100 * fitted).round(3),
                        "fitted_low_percent": (100 * band[:, 0]).round(3),
                        "fitted_high_percent": (100 * band[:, 1]).round(3)})
    later = pd.DataFrame({"year": after.index.astype(int).to_numpy(),
                          **{name: (100 * after[col]).round(3).to_numpy() for name, col in (
                              ("prediction_trend_percent", "trend"), ("prediction_low_percent", "pi_low"),
                              ("prediction_high_percent", "pi_high"))}})
    out = out.merge(fit, on="year", how="left").merge(later, on="year", how="left")
    out = out.astype({c: "Float64" for c in out.columns if c.endswith("_percent")})
    out["observed_percent"] = (100 * years["share"]).reindex(years_drawn).round(3).to_numpy()
    out["in_fit"] = out["year"].between(primary["start"], primary["end"])
    out["scaled_pearson_residual"] = pd.array(fr["pearson_residual"].reindex(years_drawn).round(4), dtype="Float64")
    xs = years_drawn
    out["source"] = analysis.single_years(arrivals).reindex(xs)["source"].to_numpy()
    return out
