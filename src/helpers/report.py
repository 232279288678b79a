"""How the notebooks show tables: whole, readable, the same on every machine."""

from __future__ import annotations

import pandas as pd

#: Tables up to this size are shown whole (no "..." rows or columns).
MAX_ROWS, MAX_COLUMNS = 60, 30


def setup() -> None:
    """Set pandas' display options for a notebook: whole tables, wide lines, no truncated text."""
    pd.set_option("display.max_rows", MAX_ROWS)
    pd.set_option("display.min_rows", MAX_ROWS)
    pd.set_option("display.max_columns", MAX_COLUMNS)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", None)


def readable_value(value: str, unit: str) -> str:
    """A value of a results table as a reader wants it: years plain, whole numbers with
    thousands separators, large numbers rounded, others to four significant digits."""
    try:
        v = float(value)
    except ValueError:
        return value
    if unit == "year":
        return f"{v:.0f}"
    if v.is_integer() or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def results_view(table: pd.DataFrame) -> pd.DataFrame:
    """A results table as shown in a notebook: one row per key, the value rounded for
    reading (the file keeps the full value)."""
    return table.assign(value=[readable_value(v, u) for v, u in zip(table["value"], table["unit"])]).set_index("key")


def cells(values: pd.Series, spec: str) -> pd.Series:
    """Values as text with a format spec (``",.0f"``, ``"+.1f"``...); a missing value is blank."""
    return values.map(lambda v: "" if pd.isna(v) else format(v, spec))


def year_table(df: pd.DataFrame, *, integers: tuple[str, ...] = (), percents: tuple[str, ...] = (),
               names: dict[str, str] | None = None) -> pd.DataFrame:
    """A table with one row per year, formatted: integers with thousands separators,
    percentages with one decimal, readable column names."""
    out = df.copy()
    for c in integers:
        out[c] = cells(out[c], ",.0f")
    for c in percents:
        out[c] = cells(out[c], ".1f")
    return out.rename(columns=names or {})
