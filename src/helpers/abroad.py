"""Notebook 05: North Koreans under UNHCR's protection statistics outside South Korea.

UNHCR counts, at the end of each year and for each country of asylum, the people from
North Korea who hold refugee status there (``refugees``) and whose asylum claims are
pending (``asylum_seekers``). These are *stocks*, not flows: a person is counted every
year they keep the status, and leaves the count on naturalisation, return, resettlement
or a decision. People who reach South Korea become citizens there and never appear.

This module holds the notebook's parameters and the table transformations it shares
between its sections and figures; the comparisons, the condition behind each finding and
the prose are in the notebook's cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from helpers.parameters import NotebookParameters

#: Short names for UNHCR's long country names.
SHORT_NAMES = {
    "United Kingdom of Great Britain and Northern Ireland": "United Kingdom",
    "Netherlands (Kingdom of the)": "Netherlands",
    "United States of America": "United States",
    "Russian Federation": "Russia",
}
#: Countries of asylum counted as "Europe" when a claim speaks of Europe (Russia, which
#: spans two continents, is left out and said so).
EUROPE = {"Belgium", "Denmark", "France", "Germany", "Ireland", "Luxembourg", "Netherlands",
          "Norway", "Spain", "Sweden", "Switzerland", "United Kingdom"}
OTHER = "other countries"


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 05, as its ``parameters`` cell sets them."""

    NOTEBOOK: ClassVar[str] = "05_refugees_abroad"

    PENDING_WINDOW: tuple[int, int] = (2010, 2014)  # the years around the rise and fall of pending claims
    BASE_YEAR: int = 2011  # the South's base year in the headline comparison
    WINDOW_END: int = 2013  # the last year of the headline comparison (from BASE_YEAR + 1)
    BASE_YEARS: tuple[int, ...] = (2010, 2011)  # the base years the comparison is repeated from
    N_NAMED: int = 4  # how many of the largest countries the figures name; the rest are grouped
    SIZEABLE: int = 100  # before the world stock first reaches this, "largest country" is UNHCR's rounding

    def check(self, unhcr_years: pd.Index, south_years: pd.Index) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        both = sorted(set(map(int, unhcr_years)) & set(map(int, south_years)))
        first, last = both[0], both[-1]
        rules = [
            ("PENDING_WINDOW", first <= self.PENDING_WINDOW[0] < self.PENDING_WINDOW[1] <= last,
             f"two years from {first} to {last}, in order"),
            ("BASE_YEAR", first <= self.BASE_YEAR < self.WINDOW_END, f"a year from {first} to before WINDOW_END"),
            ("WINDOW_END", self.WINDOW_END <= min(last, self.PENDING_WINDOW[1]),
             "a year after BASE_YEAR, up to the end of PENDING_WINDOW"),
            ("BASE_YEARS", all(first <= b < self.PENDING_WINDOW[1] for b in self.BASE_YEARS) and self.BASE_YEARS,
             f"years from {first} to before the end of PENDING_WINDOW"),
            ("N_NAMED", 1 <= self.N_NAMED <= 8, "a number from 1 to 8"),
            ("SIZEABLE", self.SIZEABLE >= 1, "a positive number of people"),
        ]
        self.refuse(rules)


def world_totals(d: pd.DataFrame) -> pd.DataFrame:
    """The extract's world totals by year, with the number of countries that have a figure."""
    w = d.groupby("year").agg(refugees=("refugees", "sum"), asylum_seekers=("asylum_seekers", "sum"),
                              countries=("country", "nunique"))
    w["total"] = w["refugees"] + w["asylum_seekers"]
    return w


def largest_countries(d: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` countries with the largest stock (refugees + pending) in any year."""
    return d.groupby("country")["total"].max().sort_values(ascending=False, kind="stable").index[:n].tolist()


def by_group(d: pd.DataFrame, named: list[str], measure: str, years: range) -> pd.DataFrame:
    """``measure`` by year (rows) and country (columns): the ``named`` countries, then the rest."""
    d = d.assign(group=d["country"].where(d["country"].isin(named), OTHER))
    table = d.pivot_table(index="year", columns="group", values=measure, aggfunc="sum", fill_value=0)
    return table.reindex(index=years, columns=[*named, OTHER], fill_value=0)


def reconcile(world: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """The extract's world totals against the totals UNHCR published at the time."""
    rows = []
    for p in published.itertuples():
        for measure in ("refugees", "asylum_seekers"):
            extract, then = int(world.loc[p.year, measure]), int(getattr(p, measure))
            rows.append({"year": p.year, "measure": measure.replace("_", " "),
                         "extract": extract, "published_then": then, "difference": extract - then,
                         "difference_percent": 100 * (extract - then) / then, "source": p.source})
    return pd.DataFrame(rows)


def pending_by_country(d: pd.DataFrame, window: tuple[int, int]) -> pd.DataFrame:
    """Pending claims by country in the window, countries with any claims, largest first."""
    part = d[d["year"].between(*window)]
    table = part.pivot_table(index="country", columns="year", values="asylum_seekers",
                             aggfunc="sum", fill_value=0)
    table = table.reindex(columns=range(window[0], window[1] + 1), fill_value=0)
    table = table[table.sum(axis=1) > 0]
    return table.loc[table.max(axis=1).sort_values(ascending=False, kind="stable").index]


def largest_each_year(d: pd.DataFrame) -> pd.DataFrame:
    """For each year, the country with the largest stock and its share of the world total."""
    idx = d.sort_values(["year", "total", "country"], ascending=[True, False, True]).groupby("year").head(1)
    world = d.groupby("year")["total"].sum()
    out = idx[["year", "country", "total"]].reset_index(drop=True)
    out["share"] = out["total"] / world.reindex(out["year"]).to_numpy()
    return out


def largest_runs(largest: pd.DataFrame, first_year: int) -> pd.DataFrame:
    """Runs of consecutive years with the same largest country (:func:`largest_each_year`),
    from ``first_year`` on."""
    runs, prev = [], None
    for row in largest[largest["year"] >= first_year].itertuples():
        if prev is not None and row.country == prev["country"] and row.year == prev["to"] + 1:
            prev["to"] = row.year
            prev["peak stock"] = max(prev["peak stock"], int(row.total))
        else:
            prev = {"country": row.country, "from": row.year, "to": row.year, "peak stock": int(row.total)}
            runs.append(prev)
    out = pd.DataFrame(runs)
    out.insert(0, "years", [f"{a}-{b}" if a != b else str(a) for a, b in zip(out["from"], out["to"])])
    return out.drop(columns=["from", "to"]).set_index("years")


def scale(world: pd.DataFrame, south: pd.Series, base: int, last: int) -> dict:
    """The change in the stock abroad beside the South's shortfall against its base year.

    ``stock_change`` is the world stock (refugees + pending claims) at the end of the last
    shortfall year minus that at the end of the base year. ``shortfall`` is the arrivals
    in the South below the base-year level, summed over the shortfall years. The ratio is
    an upper bound on the share of the shortfall the stock abroad could have absorbed if
    every added person had been headed for the South (the notebook says why).
    """
    first = base + 1
    change = int(world.loc[last, "total"] - world.loc[base, "total"])
    shortfall = int(sum(south[base] - south[y] for y in range(first, last + 1)))
    return {"base": base, "first": first, "last": last, "stock_change": change,
            "shortfall": shortfall, "ratio": change / shortfall}


def scale_by_end(world: pd.DataFrame, south: pd.Series, last: int, bases: tuple[int, ...]) -> pd.DataFrame:
    """The comparison of :func:`scale` for each base year and each end year after it: the
    answer depends on both (2011 was a local high in the South), and the reader should see
    by how much. A window in which the South received no fewer arrivals than at the base
    level has no shortfall to compare with (its ratio is left empty)."""
    rows = []
    for base in bases:
        for end in range(base + 1, last + 1):
            change = int(world.loc[end, "total"] - world.loc[base, "total"])
            shortfall = int(sum(south[base] - south[y] for y in range(base + 1, end + 1)))
            rows.append({"base year": base,
                         "years": f"{base + 1}-{end}" if end > base + 1 else str(end),
                         "change in the stock abroad": change, "shortfall in the South": shortfall,
                         "change / shortfall": change / shortfall if shortfall > 0 else np.nan})
    return pd.DataFrame(rows)


def named(country: str) -> str:
    """A country's name as prose has it ("the United Kingdom")."""
    return "the " + country if country in {"United Kingdom", "United States", "Netherlands"} else country
