"""How the notebooks show tables: whole, readable, the same on every machine."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.paths import FILLS_FINDINGS_ENV, FINDINGS_TAG, OUT, display_path

#: Tables up to this size are shown whole (no "..." rows or columns).
MAX_ROWS, MAX_COLUMNS = 60, 30


def setup() -> None:
    """Set pandas' display options for a notebook: whole tables, wide lines, no truncated
    text; and show every table as :func:`html_table` renders it."""
    pd.set_option("display.max_rows", MAX_ROWS)
    pd.set_option("display.min_rows", MAX_ROWS)
    pd.set_option("display.max_columns", MAX_COLUMNS)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", None)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, html_table)


NUMBER = re.compile(r"[+\-\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?: \(\d+(?:\.\d+)?%\))?"
                    r"|[+\-]?\d[\d,.]*(?: to |-)[+\-]?\d[\d,.]*%?")
TRIPLE = re.compile(r"\d+/\d+/\d+")


def _is_year_column(name: object) -> bool:
    return any(w in str(name).lower() for w in ("year", "period", "as_of", "first_year", "break"))


def cell_text(value: object, year: bool = False) -> str:
    """One table cell as a reader wants it: whole numbers with thousands separators (plain
    in a ``year`` column), other numbers to six significant digits, yes/no for booleans,
    blank if missing; ``9402/24256/33658`` as ``9,402 / 24,256 / 33,658``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value)) if year else f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.0f}" if float(value).is_integer() and abs(value) >= 10000 else f"{float(value):,.6g}"
    text = str(value)
    if TRIPLE.fullmatch(text):
        return " / ".join(f"{int(v):,}" for v in text.split("/"))
    return text


def html_table(df: pd.DataFrame) -> str:
    """A table as the notebooks and the site show it: one header row (the index's name in
    its corner), numbers right-aligned with thousands separators, text left-aligned and
    wrapping, and every cell labelled with its column, so that on a phone each row can be
    shown as a card (the site's stylesheet does so) instead of a table to scroll sideways."""
    def label(col: object) -> str:
        return " · ".join(map(str, col)) if isinstance(col, tuple) else str(col)

    def cell(tag: str, lab: str, text: str, numeric: bool) -> str:
        cls = ' class="num"' if numeric else ""
        return f'<{tag}{cls} data-label="{html.escape(lab)}">{html.escape(text)}</{tag}>'

    names = [n if n is not None else "" for n in df.index.names]
    numeric = [_numeric_column(df.iloc[:, i]) for i in range(df.shape[1])]
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    head += "".join(cell("th", "", label(c), num).replace(' data-label=""', "") for c, num in zip(df.columns, numeric))
    rows = []
    for key, values in zip(df.index, df.itertuples(index=False, name=None)):
        keys = key if isinstance(key, tuple) else (key,)
        parts = [cell("th", names[i], cell_text(k, _is_year_column(names[i])), False) for i, k in enumerate(keys)]
        texts = [cell_text(v, _is_year_column(label(c))) for c, v in zip(df.columns, values)]
        parts += [cell("td", label(c), t, bool(NUMBER.fullmatch(t))) for c, t in zip(df.columns, texts)]
        rows.append(f"<tr>{''.join(parts)}</tr>")
    return (f'<table class="dataframe collection-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _numeric_column(col: pd.Series) -> bool:
    """Whether most filled cells of a column are numbers (its header is then right-aligned)."""
    texts = [cell_text(v, _is_year_column(col.name)) for v in col]
    filled = [t for t in texts if t]
    return bool(filled) and 2 * sum(bool(NUMBER.fullmatch(t)) for t in filled) > len(filled)


def readable_value(value: str, unit: str) -> str:
    """A value of a results table as a reader wants it: years plain, whole numbers with
    thousands separators, large numbers rounded, others to four significant digits; an
    indicator as yes or no, a fraction or probability also as a percentage."""
    try:
        v = float(value)
    except ValueError:
        return value
    if unit == "year":
        return f"{v:.0f}"
    if unit.startswith("indicator") and v in (0, 1):
        return "yes" if v == 1 else "no"
    if unit in ("fraction", "probability"):
        return f"{v:.4g} ({100 * v:.1f}%)"
    if v.is_integer() or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def results_view(table: pd.DataFrame) -> pd.DataFrame:
    """A results table as shown in a notebook: what each number is, then its value rounded
    for reading (the file keeps the full value), its unit and where it is computed; the key
    that names it in the file last, for finding it there."""
    shown = table.assign(value=[readable_value(v, u) for v, u in zip(table["value"], table["unit"], strict=True)],
                         unit=["yes / no" if u.startswith("indicator") else u for u in table["unit"]])
    return (shown.set_index("description")[["value", "unit", "computed_in", "key"]].rename_axis("result")
            .rename(columns={"computed_in": "computed in"}))


def say(text: str) -> None:
    """Show prose built from computed values (Markdown) in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def ratio_view(table: pd.DataFrame, names: dict[str, str], level: float, missing: str = "no step") -> pd.DataFrame:
    """A table of ratios as shown: for each ``key`` of ``names``, the columns ``key``,
    ``key_ci_low`` and ``key_ci_high`` become ``names[key]`` (two decimals; three for a
    yearly factor, ``slope_change``) and its interval (at ``level``) beside it; a missing
    ratio reads ``missing``. Other columns stay as they are."""
    from helpers.text import level_pct

    lv = level_pct(level)
    out = table.copy()
    for key, label in names.items():
        spec = ".3f" if key.startswith("slope") else ".2f"
        low, high = out.pop(f"{key}_ci_low"), out.pop(f"{key}_ci_high")
        at = out.columns.get_loc(key)
        out[key] = [missing if pd.isna(v) else format(v, spec) for v in out[key]]
        interval = ["" if pd.isna(a) else f"{a:{spec}}-{b:{spec}}" for a, b in zip(low, high)]
        out.insert(at + 1, f"{label.split(' (')[0]}, {lv} interval" if len(names) > 1 else f"{lv} interval", interval)
        out = out.rename(columns={key: label})
    return out


def base_year_table(b: pd.DataFrame) -> pd.DataFrame:
    """:func:`helpers.analysis.fall_by_base_year` as shown (notebooks 02 and 03)."""
    end = int(b["end_year"].iloc[0])
    return pd.DataFrame({"base year": b["base_year"],
                         f"men, change to {end}": cells(b["men_change_percent"], "+.0f") + "%",
                         f"women, change to {end}": cells(b["women_change_percent"], "+.0f") + "%",
                         "fell further": b["fell_faster"]}).set_index("base year")


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


# ----------------------------------------------------------------------------- findings



def findings_text(items: Iterable[str]) -> str:
    """The findings as a Markdown list, one item per finding."""
    return "".join(f"* {item}\n" for item in items)


def top_findings(notebook: Path | str) -> str | None:
    """The text of the findings cell near the top of a saved notebook (None if it has none)."""
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None
    for cell in cells:
        if FINDINGS_TAG in cell.get("metadata", {}).get("tags", []):
            return "".join(cell["source"])
    return None


def show_findings(items: Iterable[str], notebook: str) -> None:
    """Show the findings computed by the cells above, and say so plainly when they differ
    from those at the top of the saved notebook (``notebook``: its file stem), which the
    main job computed with the committed parameters and data: running the notebook with
    other values never leaves numbers at the top that silently disagree with the cells."""
    from IPython.display import Markdown, display, update_display

    from helpers.parameters import RUN_FINDINGS_ID, changed_text

    text = findings_text(items)
    display(Markdown(text))
    if OUT.folder is not None:  # a run with other parameters: its findings replace its note near the top
        update_display(Markdown(f"**This run's findings** ({changed_text(OUT.changed)}; its figures and tables "
                                f"are in `{display_path(OUT.folder)}/`):\n\n{text}"), display_id=RUN_FINDINGS_ID)
    if os.environ.get(FILLS_FINDINGS_ENV):
        return
    top = top_findings(f"{notebook}.ipynb")
    if top is not None and top.strip() != text.strip():
        display(Markdown("**These differ from the findings at the top of the notebook**, which the main "
                         "job (`make`) computed with the committed parameters and data: with the values "
                         "of this run, the findings are the ones above."))
