"""Processed tables are written atomically, without NaN, with plain number formats."""

import numpy as np
import pandas as pd
import pytest

from helpers import outputs


def test_write_csv_uses_newlines_and_no_index(tmp_path):
    path = outputs.write_csv(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.csv")
    assert path.read_bytes() == b"a\n1\n2\n"


def test_write_csv_refuses_nan_and_leaves_nothing(tmp_path):
    with pytest.raises(ValueError, match="holds NaN"):
        outputs.write_csv(pd.DataFrame({"a": [1.0, np.nan]}), tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []


def test_format_value_never_shows_numpy_reprs():
    assert outputs.format_value(np.float64(0.123456789)) == "0.123457"
    assert outputs.format_value(np.int64(2914)) == "2914"
    assert outputs.format_value(2914) == "2914"


def test_format_value_refuses_non_finite():
    with pytest.raises(ValueError):
        outputs.format_value(float("nan"))


def test_every_results_row_names_the_notebook_section_that_computes_it():
    import re

    from helpers.paths import NOTEBOOKS, PROCESSED

    for path in sorted(PROCESSED.glob("*.results.csv")):
        table = pd.read_csv(path, keep_default_na=False)
        stem = path.name.removesuffix(".results.csv")
        headings = re.findall(r"## (\d+) ·", (NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
        for key, where in zip(table["key"], table["computed_in"]):
            nb, _, section = where.partition(" §")
            assert nb == f"{stem}.ipynb" and section in headings, (path.name, key, where)


def test_every_results_key_is_spelled_out_in_the_code_and_holds_no_parameter_value():
    """grep finds every key in src/ or a notebook (a family of keys by its literal stem);
    a key never embeds a year that a parameter or the data could change."""
    import json
    import re

    from helpers.paths import NOTEBOOKS, PROCESSED, ROOT

    cells = ["".join(c["source"]) for p in NOTEBOOKS.glob("*.ipynb")
             for c in json.loads(p.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    code = "".join([*(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py")), *cells])
    for path in sorted(PROCESSED.glob("*.results.csv")):
        for key in pd.read_csv(path)["key"]:
            literal = f'"{key}"' in code or f'"{key.rstrip("0123456789")}' in code
            assert literal, f"{path.name}: key {key!r} is not spelled out in the code"
            assert not re.search(r"(19|20)\d\d", key) or key in LEGACY_YEAR_KEYS, f"{path.name}: {key!r}"


#: Keys that still name a fixed calendar year of the data (not a parameter): the periods
#: the prose is about (2011-2019, the 2021 dip, the 1999-2001 bin).
LEGACY_YEAR_KEYS = {"annual_mean_1999_2001",
                    "female_share_2018", "female_share_2021", "share_prediction_low_2021",
                    "share_prediction_high_2021", "decision_share_2021_below_interval"}


def test_results_name_their_section_and_a_rerun_cell_replaces_its_rows(tmp_path, monkeypatch):
    from helpers.paths import OUT

    monkeypatch.setattr(OUT, "processed", tmp_path)
    res = outputs.Results("99_x")
    with pytest.raises(ValueError, match="'x_key' added before any section was named"):
        res.add("x_key", 1, "people", "d")
    res.section("§2")
    res.add("x_key", 1, "people", "d")
    res.add("x_key", 2, "people", "d")  # the same cell run again in JupyterLab
    table = res.write()
    assert list(table["key"]) == ["x_key"] and list(table["value"]) == ["2"]
    assert list(table["computed_in"]) == ["99_x.ipynb §2"]




def test_results_tables_are_shown_in_words_first_values_readable():
    """Issue 22: a results table leads with what each number is; indicators read yes/no,
    fractions and probabilities also as percentages; the key (for the file) comes last."""
    from helpers import report

    table = pd.DataFrame({"key": ["a_share", "decision_x", "n"], "value": ["0.5534", "1", "2914"],
                          "unit": ["fraction", "indicator (1 = yes)", "people"],
                          "description": ["women / arrivals", "the check holds", "arrivals"],
                          "computed_in": ["02.ipynb §1"] * 3})
    view = report.results_view(table)
    assert view.index.name == "result" and list(view.columns) == ["value", "unit", "computed in", "key"]
    assert view["value"].tolist() == ["0.5534 (55.3%)", "yes", "2,914"]
    assert view["unit"].tolist() == ["fraction", "yes / no", "people"]
    assert report.readable_value("0", "indicator (1 = yes)") == "no"
    assert report.NUMBER.fullmatch("0.5534 (55.3%)")  # right-aligned as a number
