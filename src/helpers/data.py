"""Validating loaders for the raw data in ``data/raw/``.

Every loader reads one CSV file, checks it against the file's schema and rules, and
either returns a typed :class:`pandas.DataFrame` or raises :class:`DataValidationError`
listing *every* problem found, each naming the file, line, column, value and rule.

Command line::

    python -m helpers.data check [PATH ...]    # every file of data/raw/ without PATH
    python -m helpers.data checksums           # refresh the checksums in data/README.md

``check`` prints the problems of each file and exits 1 when there are any, 0 otherwise.

This module holds each file's schema and rules and its loader; the machinery that reads a
file against a schema is :mod:`helpers.schema`, and the reconciliation of the published
cumulative totals with the series is :mod:`helpers.reconcile`.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from helpers.paths import RAW, ROOT, display_path, file_digest, write_atomically
from helpers.reconcile import (  # noqa: F401 - cumulative_at and reconcile_checkpoints are part of this API
    checkpoint_problems,
    cumulative_at,
    reconcile_checkpoints,
)
from helpers.schema import Column, DataValidationError, Parsed, Problem, Schema, read_file

__all__ = [
    "DataValidationError",
    "Problem",
    "check",
    "check_all",
    "refresh_checksums",
    "load_arrivals",
    "load_article_table",
    "load_checkpoints",
    "load_claims",
    "load_events",
    "load_published_shares",
    "load_quarterly",
    "load_single_years",
    "load_unhcr",
    "load_unhcr_published_totals",
    "load_unhcr_superseded",
    "load_half_years",
    "load_composition",
    "cumulative_at",
    "reconcile_checkpoints",
]

ARRIVALS_FILE = RAW / "annual_arrivals_by_sex.csv"
ARTICLE_FILE = RAW / "article_table.csv"
CHECKPOINTS_FILE = RAW / "cumulative_totals.csv"
QUARTERLY_FILE = RAW / "quarterly_arrivals.csv"
SINGLE_YEARS_FILE = RAW / "single_year_totals_before_2002.csv"
SHARES_FILE = RAW / "published_female_share.csv"
EVENTS_FILE = RAW / "events.csv"
CLAIMS_FILE = RAW / "article_claims.csv"
ARTICLE_TEXT = RAW / "article.txt"
UNHCR_FILE = RAW / "unhcr_dprk_origin_by_asylum_country.csv"
UNHCR_TOTALS_FILE = RAW / "unhcr_published_totals.csv"
UNHCR_SUPERSEDED_FILE = RAW / "unhcr_superseded_figures.csv"
HALVES_FILE = RAW / "half_year_arrivals.csv"
COMPOSITION_FILE = RAW / "cumulative_composition.csv"
#: The tables of cumulative_composition.csv (who arrived), in the order notebook 06 shows them.
COMPOSITION_TABLES = ("age_at_entry", "occupation_in_north", "education_in_north", "province_of_origin")



# --------------------------------------------------------------------------- table rules


def _unique(*cols: str) -> Callable[[Parsed], list[Problem]]:
    def rule(p: Parsed) -> list[Problem]:
        out, first = [], {}
        for row in p.rows:
            if not p.valid(row, *cols):
                continue
            key = tuple(row[c] for c in cols)
            if key in first:
                out.append(Problem(p.file, row["_line"], cols[-1], str(row[cols[-1]]),
                                   f"duplicates line {first[key]}; each "
                                   f"{' and '.join(cols)} may appear only once"))
            else:
                first[key] = row["_line"]
        return out

    return rule


def _ascending(*cols: str) -> Callable[[Parsed], list[Problem]]:
    def rule(p: Parsed) -> list[Problem]:
        out, prev = [], None
        for row in p.rows:
            if not p.valid(row, *cols):
                continue
            key = tuple(row[c] for c in cols)
            if prev is not None and key < prev[0]:
                out.append(Problem(p.file, row["_line"], cols[0], str(row[cols[0]]),
                                   f"out of order: comes after line {prev[1]}; rows must be "
                                   f"in ascending {' and '.join(cols)}"))
            prev = (key, row["_line"])
        return out

    return rule


PERIOD_YEAR = re.compile(r"([0-9]{4})")
PERIOD_BIN = re.compile(r"([0-9]{4})-([0-9]{4})")
PERIOD_OPEN = re.compile(r"~([0-9]{4})")


def period_years(label: str) -> tuple[int | None, int] | None:
    """(first, last) year of a period label: ``2005``, ``1999-2001`` or ``~1998`` (first None)."""
    if m := PERIOD_YEAR.fullmatch(label):
        return int(m[1]), int(m[1])
    if m := PERIOD_BIN.fullmatch(label):
        return int(m[1]), int(m[2])
    if m := PERIOD_OPEN.fullmatch(label):
        return None, int(m[1])
    return None


def _periods(p: Parsed) -> list[Problem]:
    """Period labels agree with their years; periods are in order with no gap or overlap."""
    out = []
    prev = None
    for i, row in enumerate(p.rows):
        line, label = row["_line"], row.get("period")
        start, end = row.get("year_start"), row.get("year_end")
        if label is None or end is None:
            prev = None
            continue
        want = period_years(label)
        if want is None:
            out.append(Problem(p.file, line, "period", label,
                               "is not a period label: expected YYYY, YYYY-YYYY or ~YYYY"))
            prev = None
            continue
        if want[0] is None and start is not None:
            out.append(Problem(p.file, line, "year_start", str(start),
                               f"period '{label}' is open (everything up to {want[1]}), "
                               "so year_start must be blank"))
        elif want[0] is not None and start is not None and start != want[0]:
            out.append(Problem(p.file, line, "year_start", str(start),
                               f"does not match period '{label}' (starts {want[0]})"))
        if end != want[1]:
            out.append(Problem(p.file, line, "year_end", str(end),
                               f"does not match period '{label}' (ends {want[1]})"))
        if start is None and want[0] is not None:
            out.append(Problem(p.file, line, "year_start", "",
                               f"is blank, but period '{label}' starts in {want[0]}"))
        if start is None and i > 0:
            out.append(Problem(p.file, line, "year_start", "",
                               "only the first period may be open (blank year_start)"))
        if start is not None and start > end:
            out.append(Problem(p.file, line, "year_start", str(start),
                               f"a period's start must not be after its end ({end})"))
        if PERIOD_BIN.fullmatch(label) and start is not None and start >= end:
            out.append(Problem(p.file, line, "year_start", str(start),
                               f"a bin's start must be before its end ({end})"))
        if prev is not None and start is not None:
            prev_end, prev_line = prev
            if start <= prev_end:
                out.append(Problem(p.file, line, "year_start", str(start),
                                   f"overlaps or precedes the period on line {prev_line} "
                                   f"(which ends {prev_end}); periods must be in order "
                                   "without overlap"))
            elif start > prev_end + 1:
                gap = (f"{prev_end + 1}" if start == prev_end + 2
                       else f"{prev_end + 1}-{start - 1}")
                out.append(Problem(p.file, line, "year_start", str(start),
                                   f"leaves a gap after line {prev_line}: {gap} missing"))
        prev = (end, line)
    return out


def _sums_add_up(p: Parsed) -> list[Problem]:
    """male + female = total on every row."""
    out = []
    for row in p.rows:
        if p.valid(row, "male", "female", "total") and row["total"] != row["male"] + row["female"]:
            out.append(Problem(p.file, row["_line"], "total", str(row["total"]),
                               f"total must equal male + female ({row['male']} + "
                               f"{row['female']} = {row['male'] + row['female']})"))
    return out


#: Falls of a cumulative count between two dated tables that the publisher explains, by
#: (table, category, the later date): a stock cannot fall otherwise, since each table counts
#: everyone who arrived up to its date.
STOCK_FALLS_EXPLAINED = {
    ("occupation_in_north", "management", "2022-12-31"):
        "551 in September 2020, 550 in December 2022: the ministry's page notes that some figures may be "
        "adjusted as past records are reorganised",
}


def _stocks_never_fall(p: Parsed) -> list[Problem]:
    """A category's count at a later date is at least its count at an earlier one (the tables
    are stocks), unless :data:`STOCK_FALLS_EXPLAINED` records why it fell."""
    out, last = [], {}
    rows = [r for r in p.rows if p.valid(r, "as_of", "table", "category")]
    for row in sorted(rows, key=lambda r: (r["table"], r["category"], r["as_of"])):
        where = (row["table"], row["category"])
        for col in ("male", "female", "total"):
            before = last.get((*where, col))
            if row.get(col) is not None and before is not None and row[col] < before[1] and \
                    (*where, str(row["as_of"])) not in STOCK_FALLS_EXPLAINED:
                out.append(Problem(p.file, row["_line"], col, str(row[col]),
                                   f"a cumulative count cannot fall: {row['table']} '{row['category']}' was "
                                   f"{before[1]} on {before[0]}; if the publisher revised it, record why in "
                                   "helpers.data.STOCK_FALLS_EXPLAINED"))
            if row.get(col) is not None:
                last[(*where, col)] = (str(row["as_of"]), row[col])
    return out


SOURCE_KEY_ROW = re.compile(r"^\| `([^`]+)` \|", re.M)


def cited_source_keys(readme: Path) -> set[str]:
    """The source keys that the '## Source keys' table of ``readme`` expands into citations."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("\n## Source keys", 1)[-1].split("\n## ", 1)[0] if "\n## Source keys" in text else ""
    return set(SOURCE_KEY_ROW.findall(section))


def _data_readme(file: str) -> Path:
    """The data/README.md that cites the sources of ``file``: the one above its folder, else
    the collection's (a folder of raw files copied elsewhere is still checked)."""
    beside = _beside(file, "x").parent.parent / "README.md"
    return beside if beside.is_file() else RAW.parent / "README.md"


def _sources_cited(p: Parsed) -> list[Problem]:
    """Every key of a ``source`` cell (keys separated by ';') is expanded in data/README.md."""
    readme = _data_readme(p.file)
    try:
        cited = cited_source_keys(readme)
    except OSError as exc:
        return [Problem(display_path(readme), None, None, None,
                        f"cannot be read to look up source keys ({exc.strerror})")]
    out = []
    for row in p.rows:
        for key in (k.strip() for k in (row.get("source") or "").split(";")):
            if key and key not in cited:
                out.append(Problem(p.file, row["_line"], "source", key,
                                   f"source key is not expanded in {display_path(readme)}; add a row "
                                   f"'| `{key}` | <citation> |' to its 'Source keys' table"))
    return out


def _no_empty_year(p: Parsed) -> list[Problem]:
    """A calendar year with no arrivals at all is refused: the notebooks model log arrivals."""
    out = []
    for row in p.rows:
        if p.valid(row, "total") and row["total"] == 0 and PERIOD_YEAR.fullmatch(row.get("period") or ""):
            out.append(Problem(p.file, row["_line"], "total", "0",
                               "a year with no arrivals at all is implausible for this series "
                               "(the lowest year on record has 63) and cannot be modelled on a "
                               "log scale; check the row, or record the year's figure when "
                               "it is published"))
    return out


EVENT_SCOPES = ("arrivals", "abroad")


def _allowed(col: str, values: tuple[str, ...]) -> Callable[[Parsed], list[Problem]]:
    def rule(p: Parsed) -> list[Problem]:
        return [Problem(p.file, row["_line"], col, row[col], f"must be one of: {', '.join(values)}")
                for row in p.rows if p.valid(row, col) and row[col] not in values]

    return rule


def _unhcr_small_counts(p: Parsed) -> list[Problem]:
    """UNHCR publishes no exact count between 1 and 4 (it rounds small cells to 5)."""
    out = []
    for row in p.rows:
        for col in ("refugees", "asylum_seekers"):
            if p.valid(row, col) and 1 <= row[col] <= 4:
                out.append(Problem(p.file, row["_line"], col, str(row[col]),
                                   "UNHCR publishes no count between 1 and 4 (small counts "
                                   "appear as 5, meaning about 5 or fewer); check the value"))
    return out


def _quarter_end(p: Parsed) -> list[Problem]:
    out = []
    for row in p.rows:
        d = row.get("as_of")
        if d is not None and (d.month, d.day) not in {(3, 31), (6, 30), (9, 30), (12, 31)}:
            out.append(Problem(p.file, row["_line"], "as_of", d.isoformat(),
                               "a checkpoint must fall on the last day of a quarter"))
    return out


def _share_periods(p: Parsed) -> list[Problem]:
    return [Problem(p.file, r["_line"], "period", r["period"],
                    "is not a period label: expected YYYY, YYYY-YYYY or ~YYYY")
            for r in p.rows
            if r.get("period") is not None and period_years(r["period"]) is None]


def _article_labels(p: Parsed) -> list[Problem]:
    return [Problem(p.file, r["_line"], "column_label", r["column_label"],
                    "is not a column label of the article's table: expected ~YYYY, YYYY "
                    "or Total")
            for r in p.rows
            if r.get("column_label") is not None and not (
                PERIOD_YEAR.fullmatch(r["column_label"])
                or PERIOD_OPEN.fullmatch(r["column_label"])
                or r["column_label"] == "Total")]


def _claims_rules(p: Parsed) -> list[Problem]:
    """Each test is known; an untestable claim says why; each quote is in the article.

    The article is ``article.txt`` beside the claims file; if it is missing, that is a
    problem too (the quote checks never vanish silently).
    """
    from helpers.claim_signatures import parse_test  # the one list of tests' names and arguments

    out = []
    article = _beside(p.file, ARTICLE_TEXT.name)
    text = article.read_text(encoding="utf-8") if article.exists() else None
    if text is None:
        out.append(Problem(display_path(article), None, None, None,
                           "the article's text is missing, so no quote can be checked"))
    for r in p.rows:
        test = r.get("test")
        if test is not None and test != "none":
            try:
                parse_test(test)
            except ValueError as exc:
                out.append(Problem(p.file, r["_line"], "test", test, str(exc)))
        if test == "none" and not r.get("note"):
            out.append(Problem(p.file, r["_line"], "note", "",
                               "a claim that is not testable must say why in its note"))
        quote = r.get("quote")
        if text is not None and quote and quote not in text:
            out.append(Problem(p.file, r["_line"], "quote", quote[:60],
                               f"is not quoted verbatim from {display_path(ARTICLE_TEXT)}"))
        elif text is not None and quote and r.get("section") is not None:
            where = article_section(text, text.index(quote))
            if r["section"] != where:
                out.append(Problem(p.file, r["_line"], "section", r["section"],
                                   f"the quote stands in the section '{where}'"))
    return out


def _beside(file: str, name: str) -> Path:
    """The file ``name`` in the folder of ``file`` (a path as shown in problems)."""
    path = Path(file)
    return (path if path.is_absolute() else ROOT / path).parent / name


def article_section(text: str, position: int) -> str:
    """The heading ('X[edit]' in the text snapshot) above ``position``; 'Lead' before any."""
    section = "Lead"
    for m in re.finditer(r"^(.+?)\[edit\]$", text, re.M):
        if m.start() > position:
            break
        section = m.group(1)
    return section


def _yearly_counts(name: str, *counts: str) -> Schema:
    """A table of one row per year: counts, a source key and an optional note."""
    return Schema(name, (Column("year", "year"), *(Column(c, "count") for c in counts),
                         Column("source", "text"), Column("note", "text", required=False)),
                  (_unique("year"), _ascending("year")))


#: The columns that close a table of counts whose sex split may be missing (cumulative
#: totals, half years, who arrived): male and female where published, the total, the
#: source key and a note.
_COUNTS_MAYBE_BY_SEX = (
    Column("male", "count", required=False),
    Column("female", "count", required=False),
    Column("total", "count"),
    Column("source", "text"),
    Column("note", "text", required=False),
)

SCHEMAS: dict[str, Schema] = {
    "annual_arrivals_by_sex": Schema(
        "annual_arrivals_by_sex",
        (
            Column("period", "text"),
            Column("year_start", "year", required=False),
            Column("year_end", "year"),
            Column("coverage", "text"),
            Column("male", "count"),
            Column("female", "count"),
            Column("total", "count"),
            Column("source", "text"),
            Column("note", "text", required=False),
        ),
        (_sums_add_up, _unique("period"), _periods, _no_empty_year),
    ),
    "cumulative_totals": Schema(
        "cumulative_totals",
        (
            Column("as_of", "date"),
            *_COUNTS_MAYBE_BY_SEX,
        ),
        (_sums_add_up, _unique("as_of"), _ascending("as_of"), _quarter_end),
    ),
    "quarterly_arrivals": Schema(
        "quarterly_arrivals",
        (
            Column("year", "year"),
            Column("quarter", "quarter"),
            Column("male", "count"),
            Column("female", "count"),
            Column("total", "count"),
            Column("source", "text"),
        ),
        (_sums_add_up, _unique("year", "quarter"), _ascending("year", "quarter")),
    ),
    "half_year_arrivals": Schema(
        "half_year_arrivals",
        (
            Column("year", "year"),
            Column("half", "half"),
            *_COUNTS_MAYBE_BY_SEX,
        ),
        (_sums_add_up, _unique("year", "half"), _ascending("year", "half")),
    ),
    "cumulative_composition": Schema(
        "cumulative_composition",
        (
            Column("as_of", "date"),
            Column("table", "text"),
            Column("category", "text"),
            *_COUNTS_MAYBE_BY_SEX,
        ),
        (_sums_add_up, _unique("as_of", "table", "category"), _allowed("table", COMPOSITION_TABLES),
         _stocks_never_fall),
    ),
    "single_year_totals_before_2002": _yearly_counts("single_year_totals_before_2002", "total"),
    "published_female_share": Schema(
        "published_female_share",
        (
            Column("period", "text"),
            Column("female_share_percent", "percent"),
            Column("source", "text"),
        ),
        (_unique("period"), _share_periods),
    ),
    "events": Schema(
        "events",
        (Column("date", "date"), Column("event", "text"), Column("source", "text"),
         Column("scope", "text")),
        (_ascending("date"), _allowed("scope", EVENT_SCOPES)),
    ),
    "article_claims": Schema(
        "article_claims",
        (
            Column("claim_id", "text"),
            Column("section", "text"),
            Column("quote", "text"),
            Column("quantity", "text"),
            Column("stated_value", "text"),
            Column("test", "text"),
            Column("note", "text", required=False),
        ),
        (_unique("claim_id"), _claims_rules),
    ),
    "unhcr_dprk_origin_by_asylum_country": Schema(
        "unhcr_dprk_origin_by_asylum_country",
        (
            Column("year", "year"),
            Column("country_of_asylum", "text"),
            Column("refugees", "count"),
            Column("asylum_seekers", "count"),
            Column("source", "text"),
        ),
        (_unique("year", "country_of_asylum"), _ascending("year"), _unhcr_small_counts),
    ),
    "unhcr_published_totals": _yearly_counts("unhcr_published_totals", "refugees", "asylum_seekers"),
    "unhcr_superseded_figures": Schema(
        "unhcr_superseded_figures",
        (
            Column("year", "year"),
            Column("as_of", "date"),
            Column("country_of_asylum", "text"),
            Column("refugees", "count"),
            Column("asylum_seekers", "count"),
            Column("source", "text"),
            Column("note", "text", required=False),
        ),
        (_unique("year", "country_of_asylum"), _ascending("year"), _unhcr_small_counts),
    ),
    "article_table": Schema(
        "article_table",
        (
            Column("column_label", "text"),
            Column("male", "count"),
            Column("female", "count"),
            Column("total", "count"),
            Column("source", "text"),
        ),
        (_sums_add_up, _unique("column_label"), _article_labels),
    ),
}


# Every source key of a file with a ``source`` column is expanded in data/README.md.
SCHEMAS = {name: replace(s, table_rules=(*s.table_rules, _sources_cited)) if "source" in s.names else s
           for name, s in SCHEMAS.items()}


def schema_for(path: Path) -> Schema:
    """The schema of a raw file: by its name, else the schema whose columns fit its header."""
    path = Path(path)
    if path.stem in SCHEMAS:
        return SCHEMAS[path.stem]
    try:
        first = path.read_text(encoding="utf-8-sig").splitlines()[0]
        header = set(next(csv.reader([first])))
    except (OSError, UnicodeDecodeError, IndexError, StopIteration):
        header = set()
    return max(SCHEMAS.values(),
               key=lambda s: (len(header & set(s.names)), -len(set(s.names) - header)))


# --------------------------------------------------------------------------- frames


def _frame(parsed: Parsed, int_cols: Iterable[str] = (), nullable_int: Iterable[str] = ()):
    cols = parsed.schema.names
    df = pd.DataFrame([{c: r.get(c) for c in cols} for r in parsed.rows], columns=cols)
    for c in int_cols:
        df[c] = df[c].astype("int64")
    for c in nullable_int:
        df[c] = df[c].astype("Int64")
    return df


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise DataValidationError(problems)


# --------------------------------------------------------------------------- loaders


def _arrivals_frame(parsed: Parsed) -> pd.DataFrame:
    df = _frame(parsed, int_cols=("year_end", "male", "female", "total"),
                nullable_int=("year_start",))
    df["note"] = df["note"].fillna("")
    df["is_bin"] = df["year_start"].isna() | (df["year_start"] != df["year_end"])
    df["is_bin"] = df["is_bin"].astype(bool)
    df["n_years"] = (df["year_end"] - df["year_start"] + 1).astype("Int64")
    return df


def _quarterly_frame(parsed: Parsed) -> pd.DataFrame:
    return _frame(parsed, int_cols=("year", "quarter", "male", "female", "total"))


def _halves_frame(parsed: Parsed) -> pd.DataFrame:
    df = _frame(parsed, int_cols=("year", "half", "total"), nullable_int=("male", "female"))
    df["note"] = df["note"].fillna("")
    return df


def _checkpoints_frame(parsed: Parsed) -> pd.DataFrame:
    df = _frame(parsed, int_cols=("total",), nullable_int=("male", "female"))
    df["note"] = df["note"].fillna("")
    return df


def load_arrivals(path: str | Path | None = None, *,
                  checkpoints: str | Path | None = None,
                  quarterly: str | Path | None = None,
                  single_years: str | Path | None = None,
                  halves: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the current annual series of arrivals by sex.

    Parameters
    ----------
    path : path to ``annual_arrivals_by_sex.csv``; ``data/raw/`` by default.
    checkpoints, quarterly, single_years, halves : the files the series is reconciled with
        (published cumulative totals, quarterly figures, pre-2002 single-year totals,
        half-year figures); ``data/raw/`` by default.

    Returns
    -------
    DataFrame
        One row per period, in order: ``period`` (label), ``year_start`` (Int64, missing
        for the open first bin "up to 1998"), ``year_end``, ``coverage``, ``male``,
        ``female``, ``total`` (int64), ``source``, ``note``, ``is_bin`` (True for the
        two bins, which are *not* single years) and ``n_years`` (Int64, years covered;
        missing for the open bin).

    Raises
    ------
    DataValidationError
        Listing every problem: cell types, male + female = total, period labels, order,
        gaps and overlaps, and every published checkpoint the cumulative sums miss
        (with the difference), quarterly figures that do not add up to a complete
        year, and single-year totals that do not add up to their bin.
    """
    path = Path(path) if path is not None else ARRIVALS_FILE
    parsed = read_file(path, SCHEMAS["annual_arrivals_by_sex"])
    cp = read_file(Path(checkpoints) if checkpoints else CHECKPOINTS_FILE,
               SCHEMAS["cumulative_totals"])
    qt = read_file(Path(quarterly) if quarterly else QUARTERLY_FILE,
               SCHEMAS["quarterly_arrivals"])
    sy = read_file(Path(single_years) if single_years else SINGLE_YEARS_FILE,
               SCHEMAS["single_year_totals_before_2002"])
    hy = read_file(Path(halves) if halves else HALVES_FILE, SCHEMAS["half_year_arrivals"])
    problems = parsed.problems + cp.problems + qt.problems + sy.problems + hy.problems
    if problems:
        problems.append(Problem(parsed.file, None, None, None,
                                "cumulative totals, quarters, half years and single years were not "
                                "reconciled with this file: fix the problems above first"))
        _raise(problems)
    df = _arrivals_frame(parsed)
    hf = _halves_frame(hy) if hy.rows else None
    if cp.rows and qt.rows:
        recon = reconcile_checkpoints(df, _checkpoints_frame(cp), _quarterly_frame(qt), hf)
        problems += checkpoint_problems(recon, cp, parsed.file)
    if qt.rows:
        problems += _quarters_add_up(_quarterly_frame(qt), df, qt, parsed.file)
    if hf is not None:
        problems += _halves_agree(hf, _quarterly_frame(qt) if qt.rows else None, df, hy, parsed.file)
    if sy.rows:
        problems += _single_years_add_up(_frame(sy, int_cols=("year", "total")), df, sy,
                                         parsed.file)
    _raise(problems)
    return df


def _quarters_add_up(q: pd.DataFrame, annual: pd.DataFrame, parsed: Parsed,
                     annual_file: str) -> list[Problem]:
    out = []
    lines = {(r["year"], r["quarter"]): r["_line"] for r in parsed.rows}
    years = annual[~annual["is_bin"]].set_index("year_end")
    out += _beyond_the_series(q, "quarter", years, parsed, annual_file)
    for year, g in q.groupby("year"):
        if year not in years.index:
            continue  # a year in progress: no annual figure to hold its quarters to yet
        last = int(g["quarter"].iloc[-1])
        for measure in ("male", "female", "total"):
            s, a = int(g[measure].sum()), int(years.loc[year, measure])
            if len(g) == 4 and s != a:
                rule = f"the four quarters of {year} add up to {s:,}, but {annual_file} has {a:,} for {year}"
            elif len(g) < 4 and s > a:
                listed = ", ".join(str(int(x)) for x in g["quarter"])
                rule = (f"the published quarters of {year} ({listed}) add up to {s:,}, more than "
                        f"the {a:,} of the whole year in {annual_file}")
            else:
                continue
            out.append(Problem(parsed.file, lines[(year, last)], measure, str(g[measure].iloc[-1]), rule))
    return out


def _halves_agree(h: pd.DataFrame, q: pd.DataFrame | None, annual: pd.DataFrame, parsed: Parsed,
                   annual_file: str) -> list[Problem]:
    """A half year equals its two quarters where both are published, and the two halves of
    a year its annual figure (one half alone is at most the year), by each measure it splits."""
    out = []
    lines = {(r["year"], r["half"]): r["_line"] for r in parsed.rows}
    years = annual[~annual["is_bin"]].set_index("year_end")
    out += _beyond_the_series(h, "half", years, parsed, annual_file)
    quarters = q.set_index(["year", "quarter"]) if q is not None else pd.DataFrame()
    for _, r in h.iterrows():
        year, half = int(r["year"]), int(r["half"])
        pair = [(year, 2 * half - 1), (year, 2 * half)]
        for measure in ("male", "female", "total"):
            if pd.isna(r[measure]):
                continue
            if all(k in quarters.index for k in pair):
                s = int(sum(quarters.loc[k, measure] for k in pair))
                if s != int(r[measure]):
                    out.append(Problem(parsed.file, lines[(year, half)], measure, str(r[measure]),
                                       f"half {half} of {year} is {int(r[measure]):,}, but its quarters "
                                       f"{pair[0][1]} and {pair[1][1]} add up to {s:,}"))
            if year in years.index and int(r[measure]) > int(years.loc[year, measure]):
                out.append(Problem(parsed.file, lines[(year, half)], measure, str(r[measure]),
                                   f"half {half} of {year} is more than the {int(years.loc[year, measure]):,} "
                                   f"of the whole year in {annual_file}"))
    for year, g in h.groupby("year"):
        if len(g) == 2 and year in years.index and not g["total"].isna().any() \
                and int(g["total"].sum()) != int(years.loc[year, "total"]):
            out.append(Problem(parsed.file, lines[(year, 2)], "total", str(g["total"].iloc[-1]),
                               f"the two halves of {year} add up to {int(g['total'].sum()):,}, but "
                               f"{annual_file} has {int(years.loc[year, 'total']):,}"))
    return out


def _beyond_the_series(t: pd.DataFrame, part: str, years: pd.DataFrame, parsed: Parsed,
                       annual_file: str) -> list[Problem]:
    """A period of a year after the one in progress (the annual series' last year + 1): a
    typo the check names (``2099`` for ``2009``), not a figure to draw."""
    last = int(years.index.max())
    return [Problem(parsed.file, r["_line"], "year", str(r["year"]),
                    f"a {part} of {r['year']}, more than a year after the last year of {annual_file} "
                    f"({last}): a typo? periods below a year run to {last + 1} at most")
            for r in parsed.rows if r["year"] > last + 1]


def load_composition(path: str | Path | None = None) -> pd.DataFrame:
    """Load who arrived: the ministry's cumulative tables at several dates (``as_of``), one
    row per ``table`` (:data:`COMPOSITION_TABLES`) and ``category``, with ``male`` and
    ``female`` (Int64, missing where not split by sex) and ``total``. Each table is a stock
    (all arrivals to its date, less the most recent still in protective facilities); a
    category a report does not name is unknown, not zero."""
    return _load_table("cumulative_composition", path, COMPOSITION_FILE, ints=("total",),
                       nullable=("male", "female"))


def load_half_years(path: str | Path | None = None) -> pd.DataFrame:
    """Load the half-year arrivals (``year``, ``half`` 1 or 2, ``male`` and ``female``
    Int64, missing where the sex split was not reported, ``total``, ``source``, ``note``).
    Since August 2025 the ministry publishes half years only; a half year is never a
    quarter, and the loader of the annual series holds each to its quarters and its year."""
    return _load_table("half_year_arrivals", path, HALVES_FILE, ints=("year", "half", "total"),
                       nullable=("male", "female"))


def _single_years_add_up(s: pd.DataFrame, annual: pd.DataFrame, parsed: Parsed,
                         annual_file: str) -> list[Problem]:
    out = []
    for _, b in annual.iterrows():
        if pd.isna(b["year_start"]):
            continue
        inside = s[(s["year"] >= b["year_start"]) & (s["year"] <= b["year_end"])]
        if len(inside) == b["n_years"] and int(inside["total"].sum()) != b["total"]:
            line = [r["_line"] for r in parsed.rows if r["year"] == b["year_end"]][0]
            out.append(Problem(parsed.file, line, "total", str(inside["total"].iloc[-1]),
                               f"single years {b['year_start']}-{b['year_end']} add up to "
                               f"{int(inside['total'].sum()):,}, but period "
                               f"'{b['period']}' in {annual_file} has {b['total']:,}"))
    return out


def load_article_table(path: str | Path | None = None) -> pd.DataFrame:
    """Load the article's arrivals table exactly as printed (spring 2020 vintage).

    Returns
    -------
    DataFrame
        One row per printed column: ``column_label`` (``~1998``, ``~2001``, the years
        2002-2020 and ``Total``), ``male``, ``female``, ``total`` (int64), ``source``.
        The article's own inconsistencies (its Total column, its partial 2020) are kept:
        they are findings, not input errors.

    Raises
    ------
    DataValidationError
        On cell types, male + female = total, duplicate or unknown labels.
    """
    return _load_table("article_table", path, ARTICLE_FILE, ints=("male", "female", "total"))


def _load_table(schema: str, path: str | Path | None, default: Path,
                ints: Iterable[str] = (), nullable: Iterable[str] = ()) -> pd.DataFrame:
    """Read, validate and type one raw file: the shared body of the simple loaders.

    ``ints`` become int64 and ``nullable`` Int64 columns; a ``note`` column's blanks
    become empty text.
    """
    parsed = read_file(Path(path) if path is not None else default, SCHEMAS[schema])
    _raise(parsed.problems)
    df = _frame(parsed, int_cols=ints, nullable_int=nullable)
    if "note" in df.columns:
        df["note"] = df["note"].fillna("")
    return df


def load_checkpoints(path: str | Path | None = None) -> pd.DataFrame:
    """Load the published cumulative totals (``as_of`` as :class:`datetime.date`)."""
    return _load_table("cumulative_totals", path, CHECKPOINTS_FILE, ints=("total",),
                       nullable=("male", "female"))


def load_quarterly(path: str | Path | None = None) -> pd.DataFrame:
    """Load the quarterly arrivals by sex (2020 onward; some quarters unpublished)."""
    return _load_table("quarterly_arrivals", path, QUARTERLY_FILE,
                       ints=("year", "quarter", "male", "female", "total"))


def load_single_years(path: str | Path | None = None) -> pd.DataFrame:
    """Load the single-year totals before 2002 (no sex split)."""
    return _load_table("single_year_totals_before_2002", path, SINGLE_YEARS_FILE, ints=("year", "total"))


def load_published_shares(path: str | Path | None = None) -> pd.DataFrame:
    """Load the female shares printed by the ministry (percent, one decimal)."""
    return _load_table("published_female_share", path, SHARES_FILE)


def load_events(path: str | Path | None = None, *, scope: str | None = None) -> pd.DataFrame:
    """Load the dated events (``date`` as :class:`datetime.date`); only ``scope`` if given."""
    df = _load_table("events", path, EVENTS_FILE)
    if scope is not None:
        if scope not in EVENT_SCOPES:
            raise ValueError(f"scope must be one of {EVENT_SCOPES}, not {scope!r}")
        df = df[df["scope"] == scope].reset_index(drop=True)
    return df


def load_unhcr(path: str | Path | None = None) -> pd.DataFrame:
    """Load UNHCR's end-year stocks of people from North Korea, by country of asylum.

    One row per year and country with a published figure: ``year``, ``country_of_asylum``,
    ``refugees``, ``asylum_seekers`` (int64; a 5 means about 5 or fewer) and ``source``.
    A country-year that is absent has no published figure (it is not a zero).
    """
    return _load_table("unhcr_dprk_origin_by_asylum_country", path, UNHCR_FILE,
                       ints=("year", "refugees", "asylum_seekers"))


def load_unhcr_superseded(path: str | Path | None = None) -> pd.DataFrame:
    """Load the UNHCR figures the collection once held under a year they did not describe
    (the mid-2024 stocks its earlier extract gave as 2024): kept as a vintage, ``as_of`` the
    date they describe; notebook 05 sets them beside the year-end figures that replaced them."""
    return _load_table("unhcr_superseded_figures", path, UNHCR_SUPERSEDED_FILE,
                       ints=("year", "refugees", "asylum_seekers"))


def load_unhcr_published_totals(path: str | Path | None = None) -> pd.DataFrame:
    """Load the world totals UNHCR published at the time (three years, for a cross-check)."""
    return _load_table("unhcr_published_totals", path, UNHCR_TOTALS_FILE,
                       ints=("year", "refugees", "asylum_seekers"))


def load_claims(path: str | Path | None = None) -> pd.DataFrame:
    """Load the article's numeric claims (one row per claim, with how to test it)."""
    return _load_table("article_claims", path, CLAIMS_FILE)


LOADERS = {
    "article_claims": load_claims,
    "annual_arrivals_by_sex": load_arrivals,
    "article_table": load_article_table,
    "cumulative_totals": load_checkpoints,
    "quarterly_arrivals": load_quarterly,
    "single_year_totals_before_2002": load_single_years,
    "published_female_share": load_published_shares,
    "events": load_events,
    "unhcr_dprk_origin_by_asylum_country": load_unhcr,
    "unhcr_published_totals": load_unhcr_published_totals,
    "unhcr_superseded_figures": load_unhcr_superseded,
    "half_year_arrivals": load_half_years,
    "cumulative_composition": load_composition,
}


def check(path: str | Path) -> list[Problem]:
    """Validate one raw file with the loader for its schema; return its problems."""
    path = Path(path)
    if not path.exists():
        return [Problem(display_path(path), None, None, None,
                        "file not found" + (f": a loader reads it; restore it with git checkout -- "
                                            f"{display_path(path)}" if path.stem in LOADERS else ""))]
    loader = LOADERS[schema_for(path).name]
    try:
        loader(path)
    except DataValidationError as exc:
        return exc.problems
    return []


def raw_files() -> list[Path]:
    """Every raw CSV file: those in ``data/raw/`` and those a loader reads (so that a deleted
    file is reported as missing, not passed over)."""
    return sorted(set(RAW.glob("*.csv")) | {RAW / f"{name}.csv" for name in LOADERS})


def check_all() -> list[Problem]:
    """Validate every raw CSV file (:func:`raw_files`); each problem once."""
    seen, out = set(), []
    for path in raw_files():
        for problem in check(path):
            if str(problem) not in seen:
                seen.add(str(problem))
                out.append(problem)
    return out


def report(problems: list[Problem]) -> str:
    """The problems as a plain-text report, one per line."""
    n = len(problems)
    return "\n".join([f"{n} problem{'s' if n != 1 else ''} in the raw data:",
                      *(f"  {p}" for p in problems)])


CHECKSUM_BLOCK = re.compile(r"(## Checksums\n.*?```(?:text)?\n)(.*?)(```)", re.S)


def checksum_lines() -> str:
    """``sha256sum`` lines for every raw file, sorted by name."""
    return "".join(f"{file_digest(p)}  {p.name}\n"
                   for p in sorted(RAW.iterdir()) if p.is_file())


def refresh_checksums(readme: Path | None = None) -> bool:
    """Rewrite the checksum block of ``data/README.md``; True when it changed."""
    readme = readme or RAW.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    if not CHECKSUM_BLOCK.search(text):
        raise ValueError(f"{display_path(readme)} has no '## Checksums' section with a code block")
    new = CHECKSUM_BLOCK.sub(lambda m: m.group(1) + checksum_lines() + m.group(3), text, count=1)
    if new == text:
        return False
    write_atomically(readme, lambda tmp: tmp.write_text(new, encoding="utf-8", newline="\n"))  # whole, or not at all
    return True


USAGE = """usage:
  python -m helpers.data check [PATH ...]   validate the files (all of data/raw/ without PATH)
  python -m helpers.data checksums          rewrite the checksums in data/README.md"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["checksums"]:
        changed = refresh_checksums()
        print("data/README.md: checksums " + ("updated" if changed else "already up to date"))
        return 0
    if not argv or argv[0] != "check":
        print(USAGE, file=sys.stderr)
        return 2
    status = 0
    for arg in argv[1:] or [str(p) for p in raw_files()]:
        problems = check(arg)
        if problems:
            status = 1
            n = len(problems)
            print(f"{display_path(arg)}: {n} problem{'s' if n != 1 else ''}")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{display_path(arg)}: OK")
    return status


if __name__ == "__main__":
    from helpers.cli import entry

    raise SystemExit(entry(main))
