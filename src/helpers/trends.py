"""Notebook 01's description of arrivals over time, as one computation and its prose.

:func:`analyse` gathers every number the notebook reports (the peak, the 2011-2019 fall,
the COVID-19 trough, the estimated phases); :func:`findings` and :func:`results_rows`
turn it into the findings and the results table; :mod:`helpers.trends_plots` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from helpers import analysis, data, outputs, report
from helpers.figures import event_label
from helpers.parameters import NotebookParameters


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 01, as its ``parameters`` cell sets them."""

    FALL: tuple[int, int]  # the years the fall after the peak is measured between
    SEGMENT_MIN_YEARS: int  # the shortest phase the segmented fit allows
    SEGMENT_MAX_BREAKS: int  # the most breaks it searches
    LEVEL: float  # of the phases' rate intervals

    def check(self, years: pd.Index) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        first, last = int(years.min()), int(years.max())
        rules = [
            ("FALL", first <= self.FALL[0] < self.FALL[1] <= last - 1,
             f"two years from {first} to {last - 1}, in order (the year after the first is compared too)"),
            ("SEGMENT_MIN_YEARS", 3 <= self.SEGMENT_MIN_YEARS <= (last - first + 1) // 2,
             f"from 3 (a rate needs 3 years for an interval) to {(last - first + 1) // 2}"),
            ("SEGMENT_MAX_BREAKS", 1 <= self.SEGMENT_MAX_BREAKS <= 6, "from 1 to 6"),
            ("LEVEL", 0.5 <= self.LEVEL < 1, "a probability from 0.5 to under 1"),
        ]
        self.refuse(rules)


def analyse(p: Parameters) -> SimpleNamespace:
    """Every number notebook 01 reports, from ``data/raw/`` and the notebook's parameters
    (checked first: :class:`ParameterError` names one the data do not allow)."""
    arrivals = data.load_arrivals()
    r = SimpleNamespace(p=p, arrivals=arrivals, quarterly=data.load_quarterly(),
                        checkpoints=data.load_checkpoints(), single=data.load_single_years(),
                        events=data.load_events(scope="arrivals"),
                        article=data.load_article_table().set_index("column_label"))
    r.total = total = analysis.single_years(arrivals)["total"]
    p.check(total.index)
    r.first_year, r.last_year = int(total.index.min()), int(total.index.max())
    r.peak_year, r.peak = int(total.idxmax()), int(total.max())
    periods = arrivals.set_index("period")
    r.bin_9901, r.bin_1998 = periods.loc["1999-2001"], periods.loc["~1998"]
    r.mean_9901 = float(r.bin_9901["total"] / r.bin_9901["n_years"])
    r.single_2001 = int(r.single.set_index("year").loc[int(r.bin_9901["year_end"]), "total"])
    r.cumulative = int(arrivals["total"].sum())
    r.a2011, r.a2019 = int(total[p.FALL[0]]), int(total[p.FALL[1]])
    r.change_2011_2019 = 100 * (r.a2019 / r.a2011 - 1)
    seg = {"max_breaks": p.SEGMENT_MAX_BREAKS}
    r.phases = analysis.phases(total, p.LEVEL, min_years=p.SEGMENT_MIN_YEARS, **seg)
    r.segments = analysis.segmentation(total, min_years=p.SEGMENT_MIN_YEARS, **seg)
    # The number of phases depends on the shortest segment allowed: the same fit with one less
    r.min_years = p.SEGMENT_MIN_YEARS
    r.phases_shorter = analysis.phases(total, p.LEVEL, min_years=r.min_years - 1, **seg)
    r.collapse_year = int(total.pct_change().idxmin())  # the largest one-year fall
    r.trough_year = int(total.loc[r.collapse_year:].idxmin())
    return r


def events_view(r: SimpleNamespace) -> pd.DataFrame:
    """The dated events with the short labels the figures give them."""
    e = r.events
    return e.assign(label=[event_label(d.isoformat(), t) for d, t in zip(e["date"], e["event"])])\
        .set_index("date")[["label", "event", "source"]]


def segments_view(r: SimpleNamespace) -> pd.DataFrame:
    """The best split for each number of breaks, with its fit and BIC."""
    s = r.segments
    return pd.DataFrame({"breaks": s["breaks"], "new phases start in": s["first_years"],
                         "residual sum of squares (log)": s["ssr"].map("{:.3f}".format),
                         "BIC": s["bic"].map("{:.2f}".format),
                         "chosen": s["chosen"].map({True: "yes", False: ""})}).set_index("breaks")


def phases_export(r: SimpleNamespace) -> pd.DataFrame:
    """The phase table as written to ``data/processed/01_phases.csv``."""
    return r.phases.round({"step_from_previous_percent": 1, "rate_per_year": 2, "ci_low": 2, "ci_high": 2})


def _interval(low: float, high: float, start: int, end: int) -> str:
    return "too few years for an interval" if analysis.phase_too_short(start, end) else f"{low:+.1f} to {high:+.1f}"


def phases_view(r: SimpleNamespace) -> pd.DataFrame:
    """The phase table as shown: one row per phase, readable headers, one decimal; the
    interval of a phase of three years or fewer (one degree of freedom) is not shown."""
    p = r.phases
    step = p["step_from_previous_percent"]
    return pd.DataFrame({
        "phase": p["phase"], "arrivals, first year": p["arrivals_start"].map("{:,}".format),
        "arrivals, last year": p["arrivals_end"].map("{:,}".format),
        "step into the phase, %": report.cells(step, "+.1f"),
        "yearly rate, %": p["rate_per_year"].map("{:+.1f}".format),
        "95% interval, % (given the phase's years)": [
            _interval(lo, hi, s, e) for lo, hi, s, e in zip(p["ci_low"], p["ci_high"], p["start"], p["end"])],
        "direction": p["direction"]}).set_index("phase")


def year_on_year(r: SimpleNamespace) -> pd.DataFrame:
    """Arrivals and their change from the year before, one row per year."""
    t = r.total
    change, pct = t.diff(), 100 * t.pct_change()
    return pd.DataFrame({"arrivals": t.map("{:,}".format),
                         "change": report.cells(change, "+,.0f"),
                         "change, %": report.cells(pct, "+.1f")})


def quarters(r: SimpleNamespace) -> pd.Series:
    """Arrivals per quarter from 2020, with the quarters not published as missing."""
    q = r.quarterly.set_index(["year", "quarter"])["total"]
    every = pd.MultiIndex.from_product([range(2020, int(r.quarterly["year"].max()) + 1), range(1, 5)],
                                       names=["year", "quarter"])
    return q.reindex(every)


def annual_from_quarters(r: SimpleNamespace) -> pd.DataFrame:
    """Each year's published quarters, their sum and the annual series beside it."""
    out = r.quarterly.groupby("year").agg(quarters=("quarter", "count"), total=("total", "sum"))
    return pd.DataFrame({"quarters published": out["quarters"],
                         "sum of the published quarters": out["total"],
                         "annual series": r.total.reindex(out.index),
                         "all four published": (out["quarters"] == 4).map({True: "yes", False: "no"})})


def one_step_fall(r: SimpleNamespace) -> float:
    """The fall from the first year of FALL to the next, in percent of the first."""
    a = r.p.FALL[0]
    return 100 * (1 - r.total[a + 1] / r.total[a])


def _phase_words(p: pd.Series) -> str:
    years = int(p["end"] - p["start"] + 1)
    low, high = sorted((abs(p["ci_low"]), abs(p["ci_high"])))
    rate = (f"{'rising' if p['rate_per_year'] > 0 else 'falling'} {abs(p['rate_per_year']):.1f}% a year "
            f"(95% interval {low:.1f} to {high:.1f}%)"
            if p["direction"] != "no clear trend" else
            f"no clear trend (only {years} years)" if analysis.phase_too_short(p["start"], p["end"])
            else "no clear trend")
    step = p["step_from_previous_percent"]
    return (f"{p['phase']}, " + ("" if pd.isna(step) else f"entered with a {'fall' if step < 0 else 'rise'} of "
                                 f"{abs(step):.0f}%, then ") + rate)


def shorter_split_at_cap(r: SimpleNamespace) -> bool:
    """Whether, with shorter phases allowed, BIC's choice is simply the most breaks searched."""
    return len(r.phases_shorter) - 1 >= r.p.SEGMENT_MAX_BREAKS


def _phases_condition(r: SimpleNamespace) -> str:
    """What the phases rest on: the shortest segment allowed, and break dates chosen by the data."""
    alt = r.phases_shorter
    if shorter_split_at_cap(r):
        head = (f"The split depends on that minimum: with {r.min_years - 1}-year segments allowed, BIC keeps "
                f"adding breaks up to the most the search tries ({r.p.SEGMENT_MAX_BREAKS}, so {len(alt)} "
                "phases), because such short segments fit their few points almost exactly; it then chooses "
                "no number of phases at all. ")
    elif len(alt) != len(r.phases) or list(alt["start"]) != list(r.phases["start"]):
        head = (f"The split depends on that minimum: with {r.min_years - 1}-year segments allowed, BIC "
                f"picks {len(alt)} phases (new phases from {phase_starts_text(alt)}). ")
    else:
        head = f"Allowing {r.min_years - 1}-year segments gives the same split. "
    return head + ("The rates' intervals take the phases' years as given, though the data chose "
                   "them, so they are too narrow by an amount they do not show.")


def phase_starts_text(phases: pd.DataFrame) -> str:
    """The first years of every phase after the first, as prose."""
    from helpers.text import join_words

    return join_words(str(int(y)) for y in phases["start"].iloc[1:])


def findings(r: SimpleNamespace) -> str:
    """The findings of notebook 01, in the words a reader can quote."""
    t = r.total
    a, b = r.p.FALL
    step_share = (t[a] - t[a + 1]) / (r.a2011 - r.a2019)
    trough, last = int(t[r.trough_year]), int(t[r.last_year])
    items = [
        f"**{r.cumulative:,}** defectors were registered on arrival from the first records to the "
        f"end of {r.last_year}.",
        f"Arrivals rose from an average of **{r.mean_9901:,.0f} a year** in 1999-2001 ({r.single_2001:,} in 2001 "
        "alone, by a count without a sex split) to a peak of "
        f"**{r.peak:,} in {r.peak_year}**.",
        f"After {r.a2011:,} arrivals in {a}" + (" (Kim Jong-un took power that December)" if a == 2011 else "")
        + f", the count fell to {r.a2019:,} in {b}, **{abs(r.change_2011_2019):.0f}% "
        f"{'fewer' if r.change_2011_2019 < 0 else 'more'}** over {b - a} years. "
        f"{'Most' if step_share > 0.5 else 'Part'} of that fall came in one step: arrivals dropped "
        f"{one_step_fall(r):.0f}% from {a} to {a + 1} ({r.a2011:,} to {int(t[a + 1]):,}), "
        f"{100 * step_share:.0f}% of the {a}-{b} decline.",
        f"With North Korea's border closed against COVID-19, arrivals fell to **{trough:,} in "
        f"{r.trough_year}**, {100 * (1 - trough / r.a2019):.0f}% fewer than in {b}. In {r.last_year}, "
        f"{last:,} arrived, still {100 * (1 - last / r.a2019):.0f}% fewer than in {b}.",
        f"A segmented fit of log arrivals (the number of segments chosen by BIC), with segments of "
        f"at least {r.min_years} years, splits {r.first_year}-{r.last_year} into **{len(r.phases)} phases**: "
        + "; ".join(_phase_words(p) for _, p in r.phases.iterrows()) + ". "
        + _phases_condition(r),
    ]
    return "\n".join(f"* {item}" for item in items) + "\n"


#: Where in notebook 01 each result is computed (its ``computed_in``).
SECTIONS = {"": "§1", "cumulative_total": "§3", "growth_rate": "§2", "phases": "§2", "first_phase": "§2",
            "parameter": "§1", "parameter_segment": "§2"}


def results_rows(r: SimpleNamespace) -> list[tuple[str, object, str, str, str]]:
    """The headline numbers for ``data/processed/01_arrival_trends.results.csv``."""
    t, first = r.total, r.phases.iloc[0]
    return outputs.in_sections([
        ("last_year", r.last_year, "year", "last calendar year in the series"),
        ("cumulative_total", r.cumulative, "people", f"arrivals from the first records to the end of {r.last_year}"),
        ("peak_year", r.peak_year, "year", "year with the most arrivals"),
        ("peak_arrivals", r.peak, "people", "arrivals in the peak year"),
        ("parameter_fall_start", r.p.FALL[0], "year", "first year the fall is measured from"),
        ("parameter_fall_end", r.p.FALL[1], "year", "last year the fall is measured to"),
        ("arrivals_fall_start", r.a2011, "people", f"arrivals in {r.p.FALL[0]}"),
        ("arrivals_fall_end", r.a2019, "people", f"arrivals in {r.p.FALL[1]}"),
        ("change_fall_percent", r.change_2011_2019, "percent",
         f"change in annual arrivals from {r.p.FALL[0]} to {r.p.FALL[1]}"),
        ("annual_mean_1999_2001", r.mean_9901, "people per year", "the 1999-2001 bin divided by its three years"),
        ("trough_year", r.trough_year, "year", f"lowest year after the {r.collapse_year} collapse"),
        ("trough_arrivals", int(t[r.trough_year]), "people", "arrivals in the trough year"),
        ("arrivals_last_year", int(t[r.last_year]), "people", f"arrivals in {r.last_year}, the last year"),
        ("growth_rate_to_peak_percent",
         100 * analysis.compound_rate(t[r.first_year], r.peak, r.peak_year - r.first_year),
         "percent per year", f"compound annual growth {r.first_year}-{r.peak_year}: from the first year's count to "
         "the peak's only (the phases' rates fit a line through every year)"),
        ("phases_count", len(r.phases), "phases", "phases chosen by BIC (estimated segmentation of log arrivals)"),
        ("phases_min_years", r.min_years, "years", "the shortest phase allowed"),
        ("parameter_segment_max_breaks", r.p.SEGMENT_MAX_BREAKS, "breaks",
         "the most breaks the segmented fit searches"),
        ("phases_count_shorter_minimum", len(r.phases_shorter), "phases",
         f"phases chosen by BIC when phases one year shorter are allowed, searching up to "
         f"{r.p.SEGMENT_MAX_BREAKS} breaks"),
        ("phases_shorter_minimum_at_cap", int(shorter_split_at_cap(r)), "indicator (1 = yes)",
         "with shorter phases BIC takes the most breaks searched (no choice of its own)"),
        ("first_phase_rate_percent", first["rate_per_year"], "percent per year", f"log-linear rate {first['phase']}"),
        ("first_phase_rate_ci_low", first["ci_low"], "percent per year", "95% interval (t), lower"),
        ("first_phase_rate_ci_high", first["ci_high"], "percent per year", "95% interval (t), upper"),
    ], SECTIONS)
