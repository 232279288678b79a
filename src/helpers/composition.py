"""What notebook 06 needs beyond the loaders: its parameters and their checks, the
ministry's cumulative tables as stocks, and the bounds that a report naming only some
groups, and the recent arrivals each report leaves out, leave on the make-up of the
arrivals before, after and between its dates.

The analysis (which groups, the condition behind each conclusion and its prose) is in the
notebook's cells; :mod:`helpers.composition_plots` draws its figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers.parameters import NotebookParameters


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 06, as its ``parameters`` cell sets them."""

    NOTEBOOK: ClassVar[str] = "06_who_arrives"

    SPLIT: str = "2011-06-30"  # the report whose date splits arrivals into before and after
    LATER: str = "2020-09-30"  # the complete report the arrivals after SPLIT run to
    LATEST: str = "2022-12-31"  # the latest complete report: the make-up of all arrivals
    ORIGIN: str = "2020-03-31"  # the report of provinces of origin
    # the groups compared before and after SPLIT: (table, (categories, ...), what they were)
    COMPARED: tuple[tuple[str, tuple[str, ...], str], ...] = (
        ("age_at_entry", ("20-29", "30-39"), "were aged 20-39 at entry"),
        ("occupation_in_north", ("not employed or dependant",), "had no job in the North or were dependants"),
        ("occupation_in_north", ("worker",), "had been workers in the North"))
    HEADLINE: int = 2  # the compared group the findings lead with (its place in COMPARED, from 1)
    BORDER: tuple[str, ...] = ("North Hamgyong", "Ryanggang")  # the northeastern provinces bordering China

    def check(self, comp: pd.DataFrame) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        dates = sorted({d.isoformat() for d in comp["as_of"]})
        tables = {(d.isoformat(), t) for d, t in zip(comp["as_of"], comp["table"])}
        complete = sorted(self.complete_dates(comp))  # every complete report has tables
        provinces = set(comp.loc[comp["table"] == "province_of_origin", "category"])
        compared = sorted({t for t, _, _ in self.COMPARED})
        laters = [d for d in complete if all((d, t) in tables for t in compared)]
        splits = [d for d in dates if d < self.LATER and all((d, t) in tables for t in compared)]
        missing = [f"{t} at {d}" for t in compared for d in (self.SPLIT, self.LATER) if (d, t) not in tables]
        unknown = [c for t, cats, _ in self.COMPARED for c in cats
                   if c not in set(comp.loc[comp["table"] == t, "category"])]
        rules = [  # LATER first: SPLIT's allowed dates depend on it
            ("LATER", self.LATER in laters,
             f"a complete report that holds the compared tables ({', '.join(compared)}): {laters}"),
            ("SPLIT", self.SPLIT in splits,
             f"a report before LATER ({self.LATER}) that holds the compared tables ({', '.join(compared)}): {splits}"),
            ("LATEST", self.LATEST in complete, f"the date of a complete report: {complete}"),
            ("ORIGIN", (self.ORIGIN, "province_of_origin") in tables,
             "the date of a table of provinces of origin"),
            ("COMPARED", not missing and not unknown,
             "groups of tables that the SPLIT and LATER reports both hold"
             + (f" (missing: {', '.join(missing)})" if missing else "")
             + (f" (no such category: {', '.join(unknown)})" if unknown else "")),
            ("HEADLINE", 1 <= self.HEADLINE <= len(self.COMPARED),
             f"a place in COMPARED, from 1 to {len(self.COMPARED)}"),
            ("BORDER", set(self.BORDER) <= provinces, f"provinces of the origin table: {sorted(provinces)}"),
        ]
        self.refuse(rules)

    @staticmethod
    def complete_dates(comp: pd.DataFrame) -> set[str]:
        """The dates whose reports name every group (their tables add up to one total)."""
        return {d.isoformat() for d, n in complete_totals(comp).items()}


def complete_totals(comp: pd.DataFrame) -> pd.Series:
    """The dates whose tables all hold the same number of people (every group named, so
    each adds up to the report's total): date -> that total."""
    sums = comp.groupby(["as_of", "table"])["total"].sum()
    latest = comp[comp["as_of"] == comp["as_of"].max()].groupby("table")["category"].nunique()
    out = {}
    for date, s in sums.groupby(level="as_of"):
        categories = comp[comp["as_of"] == date].groupby("table")["category"].nunique()
        full = all(categories[t] >= latest.get(t, 0) for t in categories.index)
        if s.nunique() == 1 and full:
            out[date] = int(s.iloc[0])
    return pd.Series(out, dtype="int64")


def table_at(comp: pd.DataFrame, date: str, table: str) -> pd.DataFrame:
    """One report's table: category -> male, female, total (in the report's order)."""
    t = comp[(comp["as_of"] == dt.date.fromisoformat(date)) & (comp["table"] == table)]
    return t.set_index("category")[["male", "female", "total"]]


def shares(t: pd.DataFrame) -> pd.Series:
    """Each group's share of the table's total."""
    return t["total"] / t["total"].sum()


def stock_bounds(comp: pd.DataFrame, table: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each group's count at each date of one table (category x date), as a range. A group a
    report names is exact; one it does not name is at least its largest count named earlier
    (or 0) and at most its smallest count named later (NaN where no later report names it):
    the assumption that a group's count never falls between reports."""
    wide = comp[comp["table"] == table].pivot_table(index="category", columns="as_of", values="total", aggfunc="sum")
    wide.columns = [d.isoformat() for d in wide.columns]
    named = wide.notna()
    low = wide.where(named, wide.cummax(axis=1).ffill(axis=1)).fillna(0)
    high = wide.where(named, wide.iloc[:, ::-1].cummin(axis=1).ffill(axis=1).iloc[:, ::-1])
    return low.astype("int64"), high


def total_bounds(comp: pd.DataFrame, date: str, cap: int) -> tuple[int, int]:
    """The number of people a report counts, as a range: at least, in each of its tables,
    the sum of the groups' lowest counts (:func:`stock_bounds`); at most the sum of their
    highest where every group has one, and at most ``cap`` (all arrivals by then, at most).
    A report that names every group counts one exact number."""
    lows, highs = [], [cap]
    for table in comp.loc[comp["as_of"] == dt.date.fromisoformat(date), "table"].unique():
        low, high = stock_bounds(comp, table)
        lows.append(int(low[date].sum()))
        if high[date].notna().all():
            highs.append(int(high[date].sum()))
    return max(lows), max(min(highs), max(lows))


def between(comp: pd.DataFrame, table: str, left_out: dict[str, int], totals: dict[str, tuple[int, int]]
            ) -> pd.DataFrame:
    """The people of each group who arrived between every two dates of a table, as a range.
    The difference of the two stocks (:func:`stock_bounds`; a group a report does not name
    holds at most the report's highest total less the other groups' lowest counts, and at
    least its lowest total less their highest) is exact where both reports name the
    group, and may then be negative (a reclassification); otherwise at least 0. The arrivals
    add what each report leaves out (``left_out``: at most so many recent arrivals, date ->
    people, of any group): at least the difference less the earlier report's, never below 0,
    at most the difference plus the later report's. ``totals``: date -> total_bounds."""
    low, high = stock_bounds(comp, table)
    named = low.eq(high)
    room = pd.DataFrame({d: totals[d][1] - (low[d].sum() - low[d]) for d in low.columns})
    high = high.fillna(room).clip(upper=room)
    floor = pd.DataFrame({d: totals[d][0] - (high[d].sum() - high[d]) for d in low.columns})
    low = low.where(named, low.clip(lower=floor))
    dates, rows = list(low.columns), []
    for i, a in enumerate(dates):
        for b in dates[i + 1:]:
            exact = (low[a] == high[a]) & (low[b] == high[b])
            d_low = (low[b] - high[a]).where(exact, (low[b] - high[a]).clip(lower=0))
            d_high = high[b] - low[a]
            rows.append(pd.DataFrame({
                "table": table, "category": low.index, "from": a, "to": b,
                "difference_low": d_low.astype("int64"), "difference_high": d_high.astype("int64"),
                "arrivals_low": (d_low - left_out[a]).clip(lower=0).astype("int64"),
                "arrivals_high": (d_high + left_out[b]).astype("int64")}))
    return pd.concat(rows, ignore_index=True)


def before_after(comp: pd.DataFrame, split: str, later: str, compared: tuple,
                 bounds: tuple[int, int], gap_later: int) -> pd.DataFrame:
    """For each compared group: its share of the people the ``split`` report counts and of
    those who arrived by ``later`` and are not in it, each as a range over the possible totals
    at ``split`` (``bounds``) and over the ``gap_later`` recent arrivals the ``later`` report
    leaves out (who may belong to any group); ``changed`` where the two ranges do not
    overlap, and which way."""
    total_later = int(table_at(comp, later, compared[0][0])["total"].sum()) + gap_later
    lo, hi = bounds
    rows = []
    for table, cats, name in compared:
        s1 = int(table_at(comp, split, table).loc[list(cats), "total"].sum())
        s2 = int(table_at(comp, later, table).loc[list(cats), "total"].sum())
        before = (s1 / hi, s1 / lo)
        after = ((s2 - s1) / (total_later - lo), (s2 - s1 + gap_later) / (total_later - hi))
        direction = ("lower" if after[1] < before[0] else "higher" if after[0] > before[1] else "")
        rows.append({"group": name, "table": table, "before_count": s1, "after_count_low": s2 - s1,
                     "after_count_high": s2 - s1 + gap_later,
                     "before_low": before[0], "before_high": before[1], "after_low": after[0],
                     "after_high": after[1], "changed": direction})
    return pd.DataFrame(rows)
