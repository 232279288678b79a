"""The machinery that checks a raw CSV file: the problems it reports (each naming file,
line, column, value and rule), the columns and their kinds, and the reading of a file
against its :class:`Schema`. The schemas of the files of ``data/raw/`` and their rules are
in :mod:`helpers.data`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.paths import display_path

# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place in one file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where)
        if self.value is not None:
            return f"{text}: {self.value!r}: {self.rule}"
        return f"{text}: {self.rule}"


class DataValidationError(ValueError):
    """Raised when a raw file breaks its schema; ``problems`` lists every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input data:"
        super().__init__("\n".join([head, *("  " + str(p) for p in self.problems)]))


# --------------------------------------------------------------------------- schemas

COUNT_RE = re.compile(r"(?:0|[1-9][0-9]*)")
#: The largest count any cell may hold: all arrivals ever recorded are about 34,500.
MAX_COUNT = 1_000_000
YEAR_RE = re.compile(r"[0-9]{4}")
DECIMAL_RE = re.compile(r"[0-9]+\.[0-9]+")


@dataclass(frozen=True)
class Column:
    """One column of a raw file: its name, its kind, whether a value is required. What the
    column means is documented once, in data/README.md."""

    name: str
    kind: str  # count | year | quarter | date | percent | text
    required: bool = True


@dataclass
class Schema:
    name: str
    columns: tuple[Column, ...]
    table_rules: tuple[Callable[[Parsed], list[Problem]], ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass
class Parsed:
    """Rows of a file after cell parsing: each row maps a column to its parsed value (None
    where the cell was invalid) and ``_line`` to its line in the file."""

    file: str
    schema: Schema
    rows: list[dict] = field(default_factory=list)  # {"_line": int, col: value|None}
    problems: list[Problem] = field(default_factory=list)

    def valid(self, row: dict, *cols: str) -> bool:
        return all(row.get(c) is not None for c in cols)


def _parse_count(raw: str) -> tuple[int | None, str | None]:
    if raw == "":
        return None, "is blank; a count (plain non-negative integer) is required"
    if raw != raw.strip():
        return None, "has leading or trailing spaces; write plain digits"
    if COUNT_RE.fullmatch(raw):
        if len(raw) > len(str(MAX_COUNT)) or int(raw) > MAX_COUNT:
            return None, (f"is larger than any plausible count (more than {MAX_COUNT:,}); "
                          "check for a typing error")
        return int(raw), None
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", raw):
        return None, "has a thousands separator; counts are plain digits (1285, not 1,285)"
    if DECIMAL_RE.fullmatch(raw) or re.fullmatch(r"-?[0-9]+\.[0-9]*", raw):
        return None, "is a decimal; counts are whole numbers"
    if re.fullmatch(r"-[0-9]+", raw):
        return None, "is negative; counts are non-negative"
    if re.fullmatch(r"0[0-9]+", raw):
        return None, "has a leading zero; write plain digits"
    return None, "is not a number; a count (plain non-negative integer) is required"


def _parse_year(raw: str) -> tuple[int | None, str | None]:
    if raw == "":
        return None, "is blank; a four-digit year is required"
    if YEAR_RE.fullmatch(raw) and 1900 <= int(raw) <= 2100:
        return int(raw), None
    return None, "is not a four-digit year between 1900 and 2100"


def _parse_quarter(raw: str) -> tuple[int | None, str | None]:
    if raw in {"1", "2", "3", "4"}:
        return int(raw), None
    return None, "is not a quarter (1, 2, 3 or 4)"


def _parse_half(raw: str) -> tuple[int | None, str | None]:
    if raw in {"1", "2"}:
        return int(raw), None
    return None, "is not a half year (1 for January-June, 2 for July-December)"


def _parse_date(raw: str) -> tuple[dt.date | None, str | None]:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            raise ValueError
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return None, "is not a date in the form YYYY-MM-DD"


def _parse_percent(raw: str) -> tuple[float | None, str | None]:
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]+)?", raw) and float(raw) <= 100:
        return float(raw), None
    return None, "is not a percentage between 0 and 100 (digits and a decimal point)"


#: Characters a text field may not hold: control characters (a line break inside a quoted
#: note excepted) and the bidirectional overrides and isolates that reorder what a reader
#: sees. They would pass into the tables, the notebooks and the site.
_FORBIDDEN_TEXT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _parse_text(raw: str) -> tuple[str | None, str | None]:
    bad = _FORBIDDEN_TEXT.search(raw)
    if bad:
        char = bad.group()
        what = "a bidirectional override" if "\u202a" <= char <= "\u2069" else "a control character"
        return None, (f"holds {what} (U+{ord(char):04X}) at character {bad.start() + 1}; remove it: "
                      "it would reach the tables, the notebooks and the site")
    return raw, None


PARSERS = {
    "count": _parse_count,
    "year": _parse_year,
    "quarter": _parse_quarter,
    "half": _parse_half,
    "date": _parse_date,
    "percent": _parse_percent,
    "text": _parse_text,
}


# --------------------------------------------------------------------------- reading


def read_file(path: Path, schema: Schema) -> Parsed:
    """Read and cell-parse ``path``; collect every problem instead of stopping."""
    parsed = Parsed(file=display_path(path), schema=schema)
    text = _decode(path, parsed)
    if text is None:
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        parsed.problems.append(Problem(parsed.file, 1, None, None, f"header is not valid CSV ({exc})"))
        return parsed
    if not _header_ok(header, parsed):
        return parsed
    try:
        for fields in reader:
            _parse_row(fields, reader.line_num, header, parsed)
    except csv.Error as exc:
        parsed.problems.append(Problem(parsed.file, reader.line_num, None, None, f"is not valid CSV ({exc})"))
        return parsed
    if not parsed.rows:
        parsed.problems.append(Problem(parsed.file, None, None, None, "has a header but no data rows"))
        return parsed
    for rule in schema.table_rules:
        parsed.problems.extend(rule(parsed))
    return parsed


def _decode(path: Path, parsed: Parsed) -> str | None:
    """The file's text, or None with the problem recorded (missing, a folder, empty, not UTF-8)."""
    add, name = parsed.problems.append, parsed.file
    if not path.exists():
        add(Problem(name, None, None, None, "file not found"))
        return None
    if path.is_dir():
        add(Problem(name, None, None, None, "is a folder, not a CSV file"))
        return None
    data = path.read_bytes()
    if not data.strip():
        add(Problem(name, None, None, None,
                    f"file is empty; expected a header line: {','.join(parsed.schema.names)}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)  # the codec counts after a BOM
        line = data[:at].count(b"\n") + 1
        add(Problem(name, line, None, f"byte 0x{data[at]:02x}",
                    "is not valid UTF-8; save the file with UTF-8 encoding"))
        return None


def _header_ok(header: list[str], parsed: Parsed) -> bool:
    """Check the header's separator and columns; False when rows cannot be read against it."""
    add, name, names = parsed.problems.append, parsed.file, parsed.schema.names
    if len(header) == 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in header[0]:
                add(Problem(name, 1, None, header[0],
                            f"header is separated by {label}; the file must be comma-separated"))
                return False
    ok, seen = True, set()
    for col in header:
        if col in seen:
            add(Problem(name, 1, col, col, "column name appears twice in the header"))
            ok = False
        seen.add(col)
        if col not in names:
            add(Problem(name, 1, col, col, f"unknown column; expected only: {', '.join(names)}"))
    for col in names:
        if col not in header:
            add(Problem(name, 1, col, None, "required column is missing from the header"))
            ok = False
    return ok


def _parse_row(fields: list[str], line: int, header: list[str], parsed: Parsed) -> None:
    """Parse one data row into ``parsed.rows`` (None for each invalid cell), noting problems."""
    add, name = parsed.problems.append, parsed.file
    if not fields or all(f == "" for f in fields) and len(fields) <= 1:
        add(Problem(name, line, None, None, "blank line inside the table"))
        return
    if len(fields) != len(header):
        add(Problem(name, line, None, None, f"has {len(fields)} fields, the header has {len(header)}"))
        return
    kinds = {c.name: c for c in parsed.schema.columns}
    row: dict = {"_line": line}
    for col, raw in zip(header, fields):
        spec = kinds.get(col)
        if spec is None:
            continue
        if raw == "" and not spec.required:
            row[col] = None if spec.kind != "text" else ""
            continue
        if spec.kind == "text" and spec.required and raw.strip() == "":
            add(Problem(name, line, col, raw, "is blank; a value is required"))
            row[col] = None
            continue
        value, error = PARSERS[spec.kind](raw)
        if error:
            add(Problem(name, line, col, raw, error))
        row[col] = value
    parsed.rows.append(row)
