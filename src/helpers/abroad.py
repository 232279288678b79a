"""Notebook 05: North Koreans under UNHCR's protection statistics outside South Korea.

UNHCR counts, at the end of each year and for each country of asylum, the people from
North Korea who hold refugee status there (``refugees``) and whose asylum claims are
pending (``asylum_seekers``). These are *stocks*, not flows: a person is counted every
year they keep the status, and leaves the count on naturalisation, return, resettlement
or a decision. People who reach South Korea become citizens there and never appear.

:func:`analyse` computes everything the notebook shows; :func:`findings` and the other
text functions turn it into prose whose claims are chosen by checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from helpers import analysis, outputs
from helpers.parameters import NotebookParameters
from helpers.text import join_words, years_text

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

    PENDING_WINDOW: tuple[int, int]  # the years around the rise and fall of pending claims
    BASE_YEAR: int  # the South's base year in the headline comparison
    WINDOW_END: int  # the last year of the headline comparison (from BASE_YEAR + 1)
    BASE_YEARS: tuple[int, ...]  # the base years the comparison is repeated from
    N_NAMED: int  # how many of the largest countries the figures name; the rest are grouped
    SIZEABLE: int  # before the world stock first reaches this, "largest country" is UNHCR's rounding

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


def analyse(unhcr: pd.DataFrame, published: pd.DataFrame, arrivals: pd.DataFrame, p: Parameters) -> SimpleNamespace:
    """Every number notebook 05 reports, from the loaded tables and the notebook's parameters
    (checked first: :class:`ParameterError` names one the data do not allow)."""
    single = analysis.single_years(arrivals)
    p.check(pd.Index(unhcr["year"].unique()), single.index)
    d = unhcr.assign(country=unhcr["country_of_asylum"].replace(SHORT_NAMES),
                     total=unhcr["refugees"] + unhcr["asylum_seekers"])
    r = SimpleNamespace(p=p, data=d, first_year=int(d["year"].min()), last_year=int(d["year"].max()))
    r.world = world_totals(d)
    r.named = largest_countries(d, p.N_NAMED)
    r.reconciliation = reconcile(r.world, published)
    r.pending = pending_by_country(d, p.PENDING_WINDOW)
    r.largest = largest_each_year(d)
    r.south = single["total"]
    r.years_sources = analysis.single_years_sources(single)
    r.scale = scale(r.world, r.south, p.BASE_YEAR, p.WINDOW_END)
    r.scale_by_end = scale_by_end(r.world, r.south, p.PENDING_WINDOW[1], p.BASE_YEARS)
    return r


def world_totals(d: pd.DataFrame) -> pd.DataFrame:
    """The extract's world totals by year, with the number of countries that have a figure."""
    w = d.groupby("year").agg(refugees=("refugees", "sum"), asylum_seekers=("asylum_seekers", "sum"),
                              countries=("country", "nunique"))
    w["total"] = w["refugees"] + w["asylum_seekers"]
    return w


def largest_countries(d: pd.DataFrame, n: int) -> list[str]:
    """The ``n`` countries with the largest stock (refugees + pending) in any year."""
    return d.groupby("country")["total"].max().sort_values(ascending=False, kind="stable").index[:n].tolist()


def by_group(r: SimpleNamespace, measure: str) -> pd.DataFrame:
    """``measure`` by year (rows) and country (columns): the named countries, then the rest."""
    d = r.data.assign(group=r.data["country"].where(r.data["country"].isin(r.named), OTHER))
    table = d.pivot_table(index="year", columns="group", values=measure, aggfunc="sum", fill_value=0)
    years = range(r.first_year, r.last_year + 1)
    return table.reindex(index=years, columns=[*r.named, OTHER], fill_value=0)


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


def pending_peak(r: SimpleNamespace) -> dict:
    """The peak of pending claims in the window and the country that added most to it."""
    w = r.world.loc[r.p.PENDING_WINDOW[0]:r.p.PENDING_WINDOW[1], "asylum_seekers"]
    peak_year = int(w.idxmax())
    rise = r.pending[peak_year] - r.pending[r.p.PENDING_WINDOW[0]]
    leader = str(rise.idxmax())
    return {"peak_year": peak_year, "peak": int(w.max()), "start": int(w.iloc[0]),
            "end": int(w.iloc[-1]), "leader": leader, "leader_rise": int(rise.max()),
            "total_rise": int(w.max() - w.iloc[0]),
            "leader_at_peak": int(r.pending.loc[leader, peak_year])}


def largest_each_year(d: pd.DataFrame) -> pd.DataFrame:
    """For each year, the country with the largest stock and its share of the world total."""
    idx = d.sort_values(["year", "total", "country"], ascending=[True, False, True]).groupby("year").head(1)
    world = d.groupby("year")["total"].sum()
    out = idx[["year", "country", "total"]].reset_index(drop=True)
    out["share"] = out["total"] / world.reindex(out["year"]).to_numpy()
    return out


def first_sizeable_year(r: SimpleNamespace) -> int:
    """The first year the world stock reached SIZEABLE people (earlier years are a handful)."""
    return int(r.world.index[r.world["total"] >= r.p.SIZEABLE][0])


def largest_runs(r: SimpleNamespace) -> pd.DataFrame:
    """Runs of consecutive years with the same largest country, from the first sizeable year."""
    runs, prev = [], None
    for row in r.largest[r.largest["year"] >= first_sizeable_year(r)].itertuples():
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
    every added person had been headed for the South (see :func:`scale_text` for why).
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


# ----------------------------------------------------------------------------- prose


def _named(country: str) -> str:
    return "the " + country if country in {"United Kingdom", "United States", "Netherlands"} else country


def findings(r: SimpleNamespace) -> str:
    w = r.world
    ref_year, as_year = int(w["refugees"].idxmax()), int(w["asylum_seekers"].idxmax())
    pk = pending_peak(r)
    last = r.largest.iloc[-1]
    runs = largest_runs(r)
    items = [
        f"At the end of {r.last_year}, UNHCR counted **{int(w.loc[r.last_year, 'refugees']):,} "
        f"refugees** from North Korea and **{int(w.loc[r.last_year, 'asylum_seekers']):,} pending "
        f"asylum claims** outside South Korea, in {int(w.loc[r.last_year, 'countries'])} countries. "
        f"The refugee stock peaked at {int(w['refugees'].max()):,} in {ref_year}.",
        f"Pending claims rose from {pk['start']:,} at the end of {r.p.PENDING_WINDOW[0]} to "
        f"**{pk['peak']:,} at the end of {pk['peak_year']}**, the highest of the series"
        + ("" if as_year == pk["peak_year"] else f" window (the series peak is {as_year})")
        + f", and fell to {pk['end']:,} by {r.p.PENDING_WINDOW[1]}. {pk['leader']} carried "
        f"{100 * pk['leader_rise'] / pk['total_rise']:.0f}% of the rise.",
        f"Since {first_sizeable_year(r)}, when the stock first reached {r.p.SIZEABLE}, the largest "
        f"country of asylum has been {join_words(f'{_named(c)} ({y})' for y, c in runs['country'].items())}"
        f"; in {r.last_year} {_named(last['country'])} held {100 * last['share']:.0f}% of the stock.",
        scale_text(r),
    ]
    return "\n".join(f"* {i}" for i in items) + "\n"


def windows_over(r: SimpleNamespace) -> pd.DataFrame:
    """The windows in which the growth abroad was not short of the fall in the South."""
    grid = r.scale_by_end
    return grid[grid["change / shortfall"] >= 1]


def short_in_every_window(r: SimpleNamespace) -> bool:
    """Whether, from every base year and to every end year, the growth abroad was smaller
    than the South's shortfall (the one decision the notebook, README and site state)."""
    return windows_over(r).empty


def stock_fell_in_a_window(r: SimpleNamespace) -> bool:
    """Whether the stock abroad fell in one of the windows compared."""
    return bool((r.scale_by_end["change / shortfall"] < 0).any())


def scale_text(r: SimpleNamespace) -> str:
    sc, grid = r.scale, r.scale_by_end.dropna(subset=["change / shortfall"])
    lo, hi = grid["change / shortfall"].min(), grid["change / shortfall"].max()
    over = windows_over(r)
    bases = join_words(str(b) for b in r.p.BASE_YEARS)
    return (f"From the end of {sc['base']} to the end of {sc['last']} the stock abroad grew by "
            f"**{sc['stock_change']:,}**, while the South received **{sc['shortfall']:,}** fewer "
            f"arrivals in {sc['first']}-{sc['last']} than at the {sc['base']} level: the growth "
            f"abroad equals {100 * sc['ratio']:.0f}% of the shortfall. The share depends on the years "
            f"compared: from {100 * lo:.0f}% to {100 * hi:.0f}% for base years {bases} and end years to "
            f"{r.p.PENDING_WINDOW[1]} (table below; the largest where the South's shortfall is only "
            f"{int(grid.loc[grid['change / shortfall'].idxmax(), 'shortfall in the South']):,}, so a small change "
            "abroad makes a large ratio)"
            + ("; in every window the growth abroad is short of the fall in the South. "
               if short_in_every_window(r) else
               f"; from a {join_words(str(b) for b in sorted(set(over['base year'])))} base it exceeds the "
               f"fall in the South ({join_words(over['years'])}), so these figures cannot say that the "
               "growth abroad was smaller than the fall. ")
            + "This is a rough scale, not a bound: many counted abroad already held South Korean "
            "citizenship (so the true diversion is smaller), and people who left the stock in those "
            "years (by becoming citizens, or when a claim was refused) are netted out, so the net "
            "change understates arrivals abroad.")


def reconciliation_text(r: SimpleNamespace) -> str:
    rec = r.reconciliation
    worst = rec.loc[rec["difference_percent"].abs().idxmax()]
    return (f"The extract's world totals differ from the {len(rec)} totals UNHCR published at the "
            f"time ({rec['year'].nunique()} years, refugees and pending claims) by "
            f"{rec['difference_percent'].abs().min():.1f}% to "
            f"{rec['difference_percent'].abs().max():.1f}% (largest: {worst['measure']} in "
            f"{int(worst['year'])}, {int(worst['extract']):,} against {int(worst['published_then']):,}). "
            "UNHCR revises its series after publication (late registrations, corrected "
            "country reports), and rounds small cells; the extract is the revised series.")


def pending_text(r: SimpleNamespace) -> str:
    pk = pending_peak(r)
    return (f"Pending claims worldwide went from {pk['start']:,} ({r.p.PENDING_WINDOW[0]}) to "
            f"{pk['peak']:,} ({pk['peak_year']}) and back to {pk['end']:,} ({r.p.PENDING_WINDOW[1]}). "
            f"{pk['leader']} added {pk['leader_rise']:,} of the rise of {pk['total_rise']:,} and held "
            f"{pk['leader_at_peak']:,} claims at its peak. Why claims rose and fell is not in these "
            "figures; the dated events recorded for "
            f"{pk['leader']} (`data/raw/events.csv`, with their sources) are listed below.")


def period_years(r: SimpleNamespace) -> str:
    return years_text(range(r.first_year, r.last_year + 1))


#: Where in notebook 05 each result is computed (its ``computed_in``).
SECTIONS = {"abroad_": "§3", "abroad_largest": "§5", "abroad_stock_change": "§6", "south_": "§6",
            "abroad_change_share": "§6", "abroad_growth": "§6", "pending": "§4", "reconciliation": "§2",
            "parameter": "§6"}


def results_rows(r: SimpleNamespace) -> list[tuple[str, object, str, str, str]]:
    w, pk, sc = r.world, pending_peak(r), r.scale
    rec = r.reconciliation
    return outputs.in_sections([
        ("parameter_base_year", sc["base"], "year", "base year of the headline comparison with the South"),
        ("parameter_window_end", sc["last"], "year", "last year of the headline comparison"),
        ("abroad_refugees_peak_year", int(w["refugees"].idxmax()), "year", "year of the largest refugee stock"),
        ("abroad_refugees_peak", int(w["refugees"].max()), "people",
         "largest end-year refugee stock outside South Korea"),
        ("abroad_asylum_seekers_peak_year", int(w["asylum_seekers"].idxmax()), "year",
         "year of the most pending claims"),
        ("abroad_asylum_seekers_peak", int(w["asylum_seekers"].max()), "people",
         "most pending asylum claims at a year end"),
        ("abroad_refugees_last_year", int(w.loc[r.last_year, "refugees"]), "people",
         f"refugee stock at the end of {r.last_year}, the last year"),
        ("abroad_asylum_seekers_last_year", int(w.loc[r.last_year, "asylum_seekers"]), "people",
         f"pending claims at the end of {r.last_year}"),
        ("abroad_total_last_year", int(w.loc[r.last_year, "total"]), "people",
         f"refugees plus pending claims at the end of {r.last_year}"),
        ("abroad_last_year", r.last_year, "year", "the last year of UNHCR's figures"),
        ("abroad_largest_country_last_year", r.largest.iloc[-1]["country"], "country",
         "largest country of asylum in the last year"),
        ("abroad_stock_change_headline_window", sc["stock_change"], "people",
         f"change in refugees plus pending claims abroad, end of {sc['base']} to end of {sc['last']}"),
        ("south_shortfall_headline_window", sc["shortfall"], "people",
         f"South Korean arrivals below the {sc['base']} level, summed"),
        ("abroad_change_share_of_shortfall_headline_window", sc["ratio"], "fraction",
         "stock change abroad / shortfall in the South (a rough scale, not a bound)"),
        ("abroad_change_share_of_shortfall_min", float(r.scale_by_end["change / shortfall"].min()), "fraction",
         "the same ratio, smallest over the base and end years compared"),
        ("abroad_change_share_of_shortfall_max", float(r.scale_by_end["change / shortfall"].max()), "fraction",
         "the same ratio, largest over the base and end years compared"),
        ("abroad_change_share_of_shortfall_max_shortfall", int(r.scale_by_end.loc[
            r.scale_by_end["change / shortfall"].idxmax(), "shortfall in the South"]), "people",
         "the South's shortfall in the window with the largest ratio"),
        ("abroad_stock_fell_in_a_window", int(stock_fell_in_a_window(r)), "indicator (1 = yes)",
         "the stock abroad fell in one of the windows compared"),
        ("abroad_growth_short_in_every_window", int(short_in_every_window(r)), "indicator (1 = yes)",
         "the growth abroad was smaller than the South's shortfall from every base year to every end year"),
        ("pending_claims_rise_leader", pk["leader"], "country",
         f"country that added most to the rise in pending claims to {pk['peak_year']}"),
        ("reconciliation_max_difference_percent", float(rec["difference_percent"].abs().max()), "percent",
         "largest difference from a total published at the time"),
    ], SECTIONS)


# ----------------------------------------------------------------------------- tables shown


def reconciliation_view(r: SimpleNamespace) -> pd.DataFrame:
    rec = r.reconciliation
    return pd.DataFrame({"year": rec["year"], "measure": rec["measure"],
                         "extract": rec["extract"].map("{:,}".format),
                         "published at the time": rec["published_then"].map("{:,}".format),
                         "difference": rec["difference"].map("{:+,}".format),
                         "difference, %": rec["difference_percent"].map("{:+.1f}".format),
                         "source": rec["source"]}).set_index(["year", "measure"])


def world_view(r: SimpleNamespace) -> pd.DataFrame:
    """World totals and the named countries' stocks, one row per year."""
    ref, pend = by_group(r, "refugees"), by_group(r, "asylum_seekers")
    out = pd.DataFrame({"refugees, all countries": r.world["refugees"],
                        "pending claims, all countries": r.world["asylum_seekers"],
                        "countries with a figure": r.world["countries"]})
    for name in r.named:
        out[f"{name}: refugees + pending"] = ref[name] + pend[name]
    out = out.reindex(range(r.first_year, r.last_year + 1)).fillna(0).astype(int)
    return out.map("{:,}".format)


def pending_view(r: SimpleNamespace) -> pd.DataFrame:
    table = r.pending.copy()
    table.loc["all countries"] = r.world.loc[r.p.PENDING_WINDOW[0]:r.p.PENDING_WINDOW[1], "asylum_seekers"]
    table.columns = [str(c) for c in table.columns]
    return table.astype(int).map("{:,}".format).rename_axis("pending claims at year end")


def events_view(r: SimpleNamespace, events: pd.DataFrame) -> pd.DataFrame:
    """The dated events that name the country behind the rise in pending claims."""
    leader = pending_peak(r)["leader"]
    hits = events[events["event"].str.contains(leader, regex=False)]
    return hits.assign(date=hits["date"].map(str)).set_index("date")[["event", "source"]]


def scale_view(r: SimpleNamespace) -> pd.DataFrame:
    t = r.scale_by_end.set_index(["base year", "years"])
    return pd.DataFrame({"change in the stock abroad": t["change in the stock abroad"].map("{:+,}".format),
                         "arrivals in the South below the base year": t["shortfall in the South"].map("{:+,}".format),
                         "change / shortfall": t["change / shortfall"].map(
                             lambda v: "no shortfall" if np.isnan(v) else f"{v:.0%}")})
