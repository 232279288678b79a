"""Testing the article's numeric claims against the data (notebook ``04_claims_audit``).

Each claim in ``data/raw/article_claims.csv`` names a test; :func:`evaluate` runs it and
gives a verdict with an explanation. The rules for "consistent":

* a count must equal the data exactly (``annual_total``, ``article_column``);
* a percentage must equal the computed share *rounded as printed* (to a whole percent,
  halves rounded up) (``annual_female_share``);
* a count or share "in year Y" that is cumulative may refer to any date in Y, so it must
  lie between the values at the end of Y-1 and the end of Y (``cumulative_during``,
  ``cumulative_share_during``);
* "more than N" must hold at the stated time (``cumulative_above``);
* a direction must hold between the stated years (``decline``, ``approaching``);
* the peak and the highest share are judged on the years the article could see
  (``peak``, ``share_max_through``);
* a figure that the ministry has since revised, or that covers part of a year, is
  ``inconsistent`` with the current series, and the explanation says which.

Claims about people outside South Korea are tested against UNHCR's end-year stocks where
the measure matches (``unhcr_around``: "around N" must match when rounded to N's
precision); where the claim counts something else (applications, admissions,
citizenships, residents), the verdict is ``other_measure`` and the closest UNHCR figure is
shown (``unhcr_other_measure``).

Claims about where defectors come from are tested against the ministry's table of
arrivals by province of origin (``origin_share``): a range ("76-84") must hold the share
rounded to a whole percent, "more than N" must hold as it stands. Claims about defections
in general, surveys or money are ``not_testable`` with these data; the note in the claims
file says why.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable

import pandas as pd

from helpers import abroad, analysis
from helpers.claim_signatures import SIGNATURES, parse_test

VERDICTS = ("consistent", "inconsistent", "other_measure", "not_testable")
#: Each verdict in words, for the tables a reader sees (the CSV keeps the codes above).
VERDICT_WORDS = {"consistent": "holds", "inconsistent": "does not hold",
                 "other_measure": "counts something else (closest UNHCR figure shown)",
                 "not_testable": "cannot be tested with these data"}
#: How an explanation names a figure that was right for its vintage: revised by the
#: ministry since, a part of a year, or a Total updated when its row was not.
REVISED, PART_YEAR = "revised since", "partial year"
TOTAL_UPDATED = "the Total column was updated, the row was not"


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def _num(text: str) -> float:
    return float(text.replace("more than", "").replace(",", "").strip())


class Context:
    """The series the tests need, computed once."""

    def __init__(self, arrivals: pd.DataFrame, article: pd.DataFrame, quarterly: pd.DataFrame,
                 unhcr: pd.DataFrame | None = None, composition: pd.DataFrame | None = None):
        self.years = analysis.single_years(arrivals)
        ends = arrivals.set_index("year_end")[["male", "female", "total"]]
        self.cum = ends.cumsum()
        self.cum_share = analysis.female_share(self.cum)
        self.share = analysis.female_share(self.years)
        self.arrivals = arrivals
        self.article = article
        self.quarterly = quarterly
        self.comparison = analysis.article_vs_current(article, arrivals)
        self.unhcr = (None if unhcr is None else
                      unhcr.assign(country=unhcr["country_of_asylum"].replace(abroad.SHORT_NAMES)))
        self.composition = composition


Result = tuple[str, str, str]
#: Every claim test by name: (context, stated value, its arguments) -> (computed, verdict,
#: why). The names and arguments are those of :data:`helpers.claim_signatures.SIGNATURES`.
TESTS: dict[str, Callable[..., Result]] = {}
ARGUMENT_TYPES = {"int": int, "str": str}


def claim_test(name: str) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Register a claim test under ``name`` (the first word of a claim's ``test``); its
    arguments after the stated value must be those :data:`SIGNATURES` gives the name."""
    def register(func):
        params = list(inspect.signature(func).parameters.values())[2:]
        found = tuple((p.name, ARGUMENT_TYPES[str(p.annotation)], p.default is inspect.Parameter.empty)
                      for p in params)
        if found != SIGNATURES.get(name):
            raise TypeError(f"claim test {name!r}: arguments {found} differ from helpers/claim_signatures.py "
                            f"({SIGNATURES.get(name)})")
        TESTS[name] = func
        return func

    return register


@claim_test("annual_total")
def _annual_total(ctx: Context, stated: str, year: int) -> Result:
    y = ctx.years
    value = int(y.loc[year, "total"])
    ok = value == _num(stated)
    art = ctx.comparison.loc[str(year), "article_total"] if str(year) in ctx.comparison.index else None
    why = f"{year} arrivals are {value:,}"
    if not ok and art is not None:
        why += (f"; the article's own table also prints {art:,}, so the sentence quotes "
                "another (probably provisional) figure")
    return f"{value}", _v(ok), why


@claim_test("annual_female_share")
def _annual_female_share(ctx: Context, stated: str, year: int, quoted_total: int = 0) -> Result:
    """The share must round to the stated percent. ``quoted_total``: a total the same
    sentence gives for the year; when it is not today's, the share of it is shown too."""
    y = ctx.years
    women, total = int(y.loc[year, "female"]), int(y.loc[year, "total"])
    pct = 100 * ctx.share[year]
    ok = round_half_up(pct) == _num(stated)
    why = (f"{women:,} of {total:,} arrivals in {year} were women: {pct:.1f}%, which rounds to "
           f"{round_half_up(pct)}%")
    if not ok and quoted_total and quoted_total != total:
        alt = 100 * women / quoted_total
        why += (f"; today's {women:,} women out of the sentence's own total of {quoted_total:,} make "
                f"{alt:.1f}%, which rounds to {round_half_up(alt)}%"
                + (": the sentence probably used the same earlier count as its total"
                   if round_half_up(alt) == _num(stated) else ""))
    return f"{pct:.1f}", _v(ok), why


@claim_test("cumulative_during")
def _cumulative_during(ctx: Context, stated: str, year: int) -> Result:
    lo, hi = int(ctx.cum.loc[year - 1, "total"]), int(ctx.cum.loc[year, "total"])
    ok = lo <= _num(stated) <= hi
    return (f"{lo}-{hi}", _v(ok),
            f"cumulative arrivals were {lo:,} at the end of {year - 1} and {hi:,} at the end "
            f"of {year}; a count during {year} lies between them")


@claim_test("cumulative_share_during")
def _cumulative_share_during(ctx: Context, stated: str, year: int) -> Result:
    lo, hi = 100 * ctx.cum_share[year - 1], 100 * ctx.cum_share[year]
    ok = _num(stated) in {round_half_up(lo), round_half_up(hi)}
    return (f"{lo:.1f}-{hi:.1f}", _v(ok),
            f"women were {lo:.1f}% of all arrivals at the end of {year - 1} and {hi:.1f}% at "
            f"the end of {year} (rounded: {round_half_up(lo)}% and {round_half_up(hi)}%)")


@claim_test("cumulative_above")
def _cumulative_above(ctx: Context, stated: str, year: int) -> Result:
    value = int(ctx.cum.loc[year, "total"])
    ok = value > _num(stated)
    return f"{value}", _v(ok), f"cumulative arrivals at the end of {year}: {value:,}"


@claim_test("decline")
def _decline(ctx: Context, stated: str, start: int, end: int) -> Result:
    y = ctx.years
    ta, tb = int(y.loc[start, "total"]), int(y.loc[end, "total"])
    return (f"{ta}->{tb}", _v(tb < ta),
            f"arrivals went from {ta:,} in {start} to {tb:,} in {end} ({100 * (tb / ta - 1):+.0f}%)")


@claim_test("approaching")
def _approaching(ctx: Context, stated: str, start: int, end: int, target: int) -> Result:
    y = ctx.years
    ta, tb = int(y.loc[start, "total"]), int(y.loc[end, "total"])
    ok = abs(tb - target) < abs(ta - target)
    first_below = y.index[(y["total"] < target) & (y.index > start)]
    below = f"; first below {target:,} in {int(first_below[0])}" if len(first_below) else ""
    return (f"{tb}", _v(ok), f"arrivals fell from {ta:,} in {start} to {tb:,} in {end}, "
            f"closer to {target:,}{below}")


@claim_test("peak")
def _peak(ctx: Context, stated: str) -> Result:
    y = ctx.years
    year, value = (int(v) for v in stated.split(":"))
    peak_year, peak = int(y["total"].idxmax()), int(y["total"].max())
    ok = (peak_year, peak) == (year, value)
    return f"{peak_year}:{peak}", _v(ok), f"the largest yearly count is {peak:,} in {peak_year}"


@claim_test("share_max_through")
def _share_max_through(ctx: Context, stated: str, through: int) -> Result:
    s = ctx.share.loc[:through]
    best, overall = int(s.idxmax()), int(ctx.share.idxmax())
    ok = best == _num(stated)
    later = (f"; since then {overall} has been higher ({100 * ctx.share[overall]:.1f}%)"
             if overall != best else "")
    return (f"{best}", _v(ok), f"the highest share up to {through} is {100 * s.max():.1f}% "
            f"in {best}{later}")


@claim_test("article_column")
def _article_column(ctx: Context, stated: str, label: str) -> Result:
    row = ctx.comparison.loc[label]
    cur = f"{row['current_male']}/{row['current_female']}/{row['current_total']}"
    ok = stated == cur
    if ok:
        why = f"matches period {row['period']} of the current series"
        if label.startswith("~") and row["period"] != label:
            why += " (a bin of several years, not one year)"
        elif label.startswith("~"):
            why += " (a cumulative bin, not one year)"
    elif row["diff_total"] == 0:
        why = (f"{REVISED}; the ministry now gives {row['current_male']:,} men and "
               f"{row['current_female']:,} women (same total)")
    else:
        q = ctx.quarterly[ctx.quarterly["year"] == int(label)]
        q1 = q[q["quarter"] == 1]
        part = (len(q1) == 1 and int(q1["total"].iloc[0]) == row["article_total"])
        why = (f"{PART_YEAR}; the article's figure equals January-March {label} "
               f"({int(q1['total'].iloc[0])}); the full year is {row['current_total']:,}"
               if part else f"the current series has {cur}")
    return cur, _v(ok), why


@claim_test("article_total")
def _article_total(ctx: Context, stated: str) -> Result:
    art = ctx.article
    rows = art[art["column_label"] != "Total"][["male", "female", "total"]].sum()
    computed = f"{int(rows['male'])}/{int(rows['female'])}/{int(rows['total'])}"
    ok = stated == computed
    changed = analysis.changed_columns(ctx.comparison)
    revised = changed[changed["diff_total"] == 0]
    adj = rows.copy()
    for lab in revised.index:
        adj["male"] += revised.loc[lab, "diff_male"]
        adj["female"] += revised.loc[lab, "diff_female"]
    fits = f"{int(adj['male'])}/{int(adj['female'])}/{int(adj['total'])}" == stated
    why = (f"the printed rows add up to {int(rows['male']):,} / {int(rows['female']):,} / "
           f"{int(rows['total']):,}")
    if not ok and fits:
        why += (f"; with the revised split of {', '.join(revised.index)} they give the "
                f"printed Total exactly: {TOTAL_UPDATED}")
    return computed, _v(ok), why


#: Places a claim about North Koreans abroad may name, as sets of UNHCR countries of asylum.
REGIONS = {"europe": abroad.EUROPE, "uk": {"United Kingdom"}, "germany": {"Germany"},
           "canada": {"Canada"}, "us": {"United States"}, "russia": {"Russia"}}
MEASURES = {"refugees": "refugees", "asylum_seekers": "pending asylum claims",
            "both": "refugees and pending asylum claims"}


def _unhcr_figure(ctx: Context, region: str, year: int, measure: str) -> tuple[float | None, str]:
    """UNHCR's figure for a region and year end, and the words that describe it."""
    if ctx.unhcr is None:
        raise ValueError("this claim needs the UNHCR table: pass unhcr= to Context")
    d = ctx.unhcr[ctx.unhcr["year"] == year]
    if measure == "share_de_uk":  # Germany and the United Kingdom in the European refugee stock
        europe = d[d["country"].isin(REGIONS["europe"])]
        both = europe[europe["country"].isin({"Germany", "United Kingdom"})]["refugees"].sum()
        value = 100 * both / europe["refugees"].sum()
        return value, (f"Germany and the United Kingdom held {value:.0f}% of the refugees from "
                       f"North Korea in European countries at the end of {year} (UNHCR)")
    rows = d[d["country"].isin(REGIONS[region])]
    place = "European countries (Russia left out)" if region == "europe" else \
        abroad.named(next(iter(REGIONS[region])))
    if rows.empty:
        first = ctx.unhcr[ctx.unhcr["country"].isin(REGIONS[region])]["year"].min()
        return None, (f"UNHCR published no figure for {place} for {year}"
                      + (f"; its first is for {int(first)}" if pd.notna(first) else ""))
    cols = ["refugees", "asylum_seekers"] if measure == "both" else [measure]
    value = float(rows[cols].to_numpy().sum())
    return value, f"{MEASURES[measure]} from North Korea in {place} at the end of {year}: {value:,.0f} (UNHCR)"


@claim_test("unhcr_around")
def _unhcr_around(ctx: Context, stated: str, region: str, year: int, measure: str) -> Result:
    """"Around N": UNHCR's figure rounded to the precision of N (1,400: to the hundred) is N."""
    value, why = _unhcr_figure(ctx, region, year, measure)
    target = _num(stated)
    digits = len(str(int(target))) - len(str(int(target)).rstrip("0"))
    precision = 10 ** digits
    rounded = round_half_up(value / precision) * precision
    return (f"{value:.0f}", _v(rounded == target),
            f"{why}, which rounds to {rounded:,} at the precision stated")


@claim_test("unhcr_other_measure")
def _unhcr_other_measure(ctx: Context, stated: str, region: str, year: int, measure: str) -> Result:
    """A claim that counts something else (applications, admissions, citizenships, residents):
    no verdict on the number, only the closest UNHCR figure."""
    value, why = _unhcr_figure(ctx, region, year, measure)
    return ("" if value is None else f"{value:.0f}"), "other_measure", f"closest UNHCR figure: {why}"


@claim_test("origin_share")
def _origin_share(ctx: Context, stated: str, provinces: str) -> Result:
    """The share of arrivals from ``provinces`` (``North_Hamgyong+Ryanggang``: names joined by
    ``+``, spaces as ``_``) in the latest table of provinces of origin."""
    if ctx.composition is None:
        raise ValueError("this claim needs the tables of who arrived: pass composition= to Context")
    tables = ctx.composition[ctx.composition["table"] == "province_of_origin"]
    as_of = tables["as_of"].max()
    origin = tables[tables["as_of"] == as_of].set_index("category")["total"]
    names = [p.replace("_", " ") for p in provinces.split("+")]
    missing = [n for n in names if n not in origin.index]
    if missing:
        raise ValueError(f"origin_share: no province {missing} in the table of origins ({sorted(origin.index)})")
    count, total = int(origin[names].sum()), int(origin.sum())
    value = 100 * count / total
    if "more than" in stated:
        ok = value > _num(stated)
        rule = f"{'more' if ok else 'not more'} than {_num(stated):.0f}%"
    else:
        lo, hi = (_num(v) for v in stated.split("-"))
        ok = lo <= round_half_up(value) <= hi
        rule = f"{round_half_up(value)}% when rounded, {'within' if ok else 'outside'} {lo:.0f}-{hi:.0f}%"
    return (f"{value:.1f}", _v(ok), f"{count:,} of the {total:,} arrivals in the ministry's table of origins "
            f"(to {as_of}) came from {' and '.join(names)}: {value:.1f}%, {rule}")


def _test(ctx: Context, test: str, stated: str) -> Result:
    """Return (computed value, verdict, explanation) for one claim."""
    try:
        name, args = parse_test(test)
    except ValueError as exc:
        raise ValueError(f"test {test!r}: {exc}") from None
    return TESTS[name](ctx, stated, **args)


def _v(ok: bool) -> str:
    return "consistent" if ok else "inconsistent"


def evaluate(claims: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """Test every claim; columns ``claim_id, quote, stated_value, computed_value, verdict,
    explanation, reading`` (``reading``: how a tested claim was read, from its note)."""
    out = []
    for c in claims.itertuples():
        if c.test == "none":
            computed, verdict, why, reading = "", "not_testable", c.note, ""
        else:
            computed, verdict, why = _test(ctx, c.test, c.stated_value)
            reading = c.note or ""
        out.append({"claim_id": c.claim_id, "quote": c.quote, "stated_value": c.stated_value,
                    "computed_value": computed, "verdict": verdict, "explanation": why,
                    "reading": reading})
    return pd.DataFrame(out)


#: Values shown as the article printed them: years (``share_max_through``), and the claims no
#: test reads (``none``), whose numbers may be years ("1998-1999") as well as counts.
AS_WRITTEN = ("share_max_through", "none")


def as_printed(value: str, test: str) -> str:
    """A stated or computed value as a reader reads it: counts with thousands separators
    (``9,402 / 24,256 / 33,658``), ``->`` as an arrow, the peak as ``2009: 2,914``; years,
    percentages and an untested claim's years as they are (its counts of five digits or
    more separated: ``100,000-300,000``). The audit table keeps the plain values."""
    if not isinstance(value, str) or not value:
        return value
    name = test.split()[0] if test.strip() else ""
    if name in AS_WRITTEN:  # years stay years; only a number of five digits or more is a count
        return re.sub(r"(?<![\d.,])\d{5,}(?![\d.,]\d)", lambda m: f"{int(m.group(0)):,}", value)
    if name == "peak" and ":" in value:
        year, _, count = value.partition(":")
        return f"{year}: {as_printed(count, 'count')}"
    text = re.sub(r"(?<![\d.,])\d{4,}(?![\d.,]\d)", lambda m: f"{int(m.group(0)):,}", value)
    return text.replace("->", " → ").replace("/", " / ")


def for_display(audit: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """:func:`evaluate`'s table with its stated and computed values :func:`as_printed`."""
    tests = claims.set_index("claim_id")["test"]
    out = audit.copy()
    for col in ("stated_value", "computed_value"):
        out[col] = [as_printed(v, tests[c]) for v, c in zip(audit[col], audit["claim_id"], strict=True)]
    return out


def of_its_vintage(explanation: str) -> bool:
    """Whether a claim that does not hold was right when written: a figure revised since,
    part of a year, or a Total updated when its row was not."""
    return explanation.startswith((REVISED, PART_YEAR)) or TOTAL_UPDATED in explanation


def claim_bullet(claim: pd.Series, quantity: str, from_table: bool) -> str:
    """One claim of :func:`evaluate`'s table in words: what it states (the printed table's
    values, or its quote) and what the data say."""
    said = (f"the table prints {' / '.join(f'{int(v):,}' for v in claim['stated_value'].split('/'))}"
            if from_table else f"\"{claim['quote'].rstrip('.')}\"")
    return (f"**{quantity[0].upper()}{quantity[1:]}** (`{claim['claim_id']}`): {said}. "
            f"Checked against the data: {claim['explanation']}.")


if set(TESTS) != set(SIGNATURES):  # every name of the shared list has its test here
    raise TypeError(f"claim tests without a function: {sorted(set(SIGNATURES) - set(TESTS))}")
