"""The reconciliation of the published cumulative totals with the yearly, quarterly and
half-year series: the running total the series give at each date, and its difference
from each published total (:func:`reconcile_checkpoints`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from helpers.schema import Parsed, Problem

#: Differences (computed minus published) that are documented in ``data/README.md`` and
#: accepted by the checkpoint rule. Any other difference is an error. The 2001 checkpoint
#: comes from a 2002 newspaper vintage whose sex split differs by one person from the
#: ministry's current bins (1,396 male / 594 female); its total agrees.
KNOWN_CHECKPOINT_DIFFERENCES: dict[tuple[str, str], int] = {
    ("2001-12-31", "male"): 1,
    ("2001-12-31", "female"): -1,
}


# --------------------------------------------------------------------------- checkpoints


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _cumulative_at(arrivals: pd.DataFrame, quarterly: pd.DataFrame, as_of: dt.date,
                   halves: pd.DataFrame | None = None) -> tuple[dict | None, str]:
    """Cumulative arrivals by sex at a quarter end, and what was summed (or why it cannot be):
    the annual series to the last full year, then the year's published quarters, a half
    year standing in for its two quarters where they were not both published (a sex a half
    year does not split is unknown)."""
    year, q = as_of.year, _quarter_of(as_of)
    base_year = year if q == 4 else year - 1
    ends = arrivals["year_end"].tolist()
    if base_year not in ends:
        return None, f"no period of the annual series ends in {base_year}"
    i = ends.index(base_year)
    computed = arrivals[["male", "female", "total"]].cumsum().iloc[i].to_dict()
    basis = f"periods up to {arrivals['period'].iloc[i]}"
    if q == 4:
        return computed, basis
    qs = quarterly[(quarterly["year"] == year) & (quarterly["quarter"] <= q)]
    missing = sorted(set(range(1, q + 1)) - set(qs["quarter"]))
    hs = (halves[(halves["year"] == year) & (2 * halves["half"] <= q)] if halves is not None
          else pd.DataFrame(columns=["half"]))
    by_half = {int(h): row for h, row in zip(hs["half"], hs.to_dict("records"))}
    used_halves = sorted({(k + 1) // 2 for k in missing if (k + 1) // 2 in by_half})
    missing = [k for k in missing if (k + 1) // 2 not in used_halves]
    if missing:
        return None, (f"quarter(s) {', '.join(map(str, missing))} of {year} are missing from "
                      "the quarterly and half-year figures")
    qs = qs[~((qs["quarter"] + 1) // 2).isin(used_halves)]  # a half year replaces both its quarters
    for k in ("male", "female", "total"):
        values = [by_half[h][k] for h in used_halves]
        computed[k] = (computed[k] + int(qs[k].sum()) + sum(int(v) for v in values)
                       if not any(pd.isna(v) for v in values) else float("nan"))
    parts = [f"quarter{'s' if len(qs) > 1 else ''} {', '.join(str(int(x)) for x in qs['quarter'])}"] if len(qs) else []
    parts += [f"half {h}" for h in used_halves]
    return computed, basis + f" + {' and '.join(parts)} of {year}"


def cumulative_at(arrivals: pd.DataFrame, quarterly: pd.DataFrame, as_of: dt.date,
                  halves: pd.DataFrame | None = None) -> int | None:
    """All arrivals from the first records to a quarter end, from the annual series and the
    year's quarters (or half years); None where the published figures do not reach it."""
    computed, _ = _cumulative_at(arrivals, quarterly, as_of, halves)
    return None if computed is None or pd.isna(computed["total"]) else int(computed["total"])


def reconcile_checkpoints(arrivals: pd.DataFrame, checkpoints: pd.DataFrame,
                          quarterly: pd.DataFrame, halves: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare published cumulative totals with sums of the annual (and quarterly) series.

    Parameters
    ----------
    arrivals : DataFrame from :func:`load_arrivals` (periods in order, from the first bin).
    checkpoints : DataFrame from :func:`load_checkpoints`.
    quarterly : DataFrame from :func:`load_quarterly`.
    halves : DataFrame from :func:`load_half_years` (a half year stands in for its two
        quarters where they were not both published).

    Returns
    -------
    DataFrame
        One row per checkpoint and measure (``male``, ``female``, ``total``; a sex is
        left out where the checkpoint does not publish it) with columns ``as_of``,
        ``measure``, ``published``, ``computed``, ``difference`` (computed minus
        published), ``basis`` (what was summed) and ``accepted`` (True when the
        difference is zero or a documented one in ``KNOWN_CHECKPOINT_DIFFERENCES``).
        ``computed`` is missing (and ``basis`` says why) when the series cannot reach
        the date.
    """
    rows = []
    for _, cp in checkpoints.iterrows():
        as_of = cp["as_of"]
        computed, basis = _cumulative_at(arrivals, quarterly, as_of, halves)
        for measure in ("male", "female", "total"):
            published = cp[measure]
            if pd.isna(published):
                continue
            comp = None if computed is None or pd.isna(computed[measure]) else int(computed[measure])
            diff = None if comp is None else comp - int(published)
            known = KNOWN_CHECKPOINT_DIFFERENCES.get((as_of.isoformat(), measure), 0)
            rows.append({"as_of": as_of.isoformat(), "measure": measure, "published": int(published),
                         "computed": comp, "difference": diff, "basis": basis,
                         "accepted": diff is not None and diff == known})
    out = pd.DataFrame(rows)
    for c in ("computed", "difference"):
        out[c] = out[c].astype("Int64")
    return out


def checkpoint_problems(recon: pd.DataFrame, parsed: Parsed, annual_file: str) -> list[Problem]:
    out, file = [], parsed.file
    lines = {r["as_of"].isoformat(): r["_line"] for r in parsed.rows}
    for _, r in recon[~recon["accepted"]].iterrows():
        if pd.isna(r["computed"]):
            rule = f"cannot be reconciled: {r['basis']}"
        else:
            rule = (f"cumulative sum of {annual_file} ({r['basis']}) is {r['computed']:,}, "
                    f"not the published {r['published']:,} (difference "
                    f"{r['difference']:+,})")
        out.append(Problem(file, lines[r["as_of"]], r["measure"], str(r["published"]), rule))
    return out
