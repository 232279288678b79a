"""Rerun a notebook with other assumptions: the prose, labels and keys follow; bad values get one line."""

import dataclasses
import subprocess
import sys

import pandas as pd
import pytest

from buildtools import explore
from helpers.paths import NOTEBOOKS, PROCESSED, ROOT


def test_every_parameter_of_notebook_03_is_in_its_parameters_cell_and_nothing_else():
    from helpers import decline

    defaults = explore.parameters_of(NOTEBOOKS / "03_post_2011_decline.ipynb")
    assert set(defaults) == {f.name for f in dataclasses.fields(decline.Parameters)}
    assert not hasattr(decline, "BREAK") and not hasattr(decline, "START")  # no module constants


@pytest.fixture(scope="module")
def explored(tmp_path_factory):
    out = tmp_path_factory.mktemp("explore")
    assert explore.run("03", ["BREAK=2010"], out) == 0
    return out / "03_post_2011_decline-BREAK-2010"


def test_explore_writes_the_same_keys_and_prose_that_follows_the_new_break(explored):
    committed = pd.read_csv(PROCESSED / "03_post_2011_decline.results.csv")
    new = pd.read_csv(explored / "processed" / "03_post_2011_decline.results.csv")
    assert list(new["key"]) == list(committed["key"])
    assert new.set_index("key").loc["parameter_break_year", "value"] == 2010
    nb = prose(explored / "03_post_2011_decline.ipynb")
    assert "Taking 2010 as the break" in nb and "Taking 2012 as the break" not in nb
    assert "first full year after Kim Jong-un took power; chosen" not in nb
    assert (explored / "figures" / "03_its_counterfactual.png").exists()


def prose(path):
    """What a reader of an executed notebook reads: its markdown cells and the text its
    cells showed (not the code, which holds every wording a condition can choose)."""
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    for c in cells:
        for out in c.get("outputs", []):
            texts += ["".join(v) for k, v in out.get("data", {}).items() if k in ("text/markdown", "text/html")]
    return "\n".join(texts)


def one_line_error(*args):
    proc = subprocess.run([sys.executable, "-m", "buildtools.explore", *args], capture_output=True, text=True,
                          cwd=ROOT)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    return proc.returncode, lines


@pytest.mark.parametrize("pair,words", [("NOPE=1", "not a parameter of this notebook"),
                                        ("BREAK=2010.5", "must be int"),
                                        ("BREAK=2030", "BREAK=2030 is not allowed")])
def test_a_bad_parameter_gets_one_line_and_a_non_zero_exit(pair, words):
    code, lines = one_line_error("03", pair)
    assert code != 0 and len(lines) == 1 and words in lines[0], lines


def test_explore_02_with_another_end_year_keeps_the_keys_and_follows_in_the_prose(tmp_path):
    assert explore.run("02", ["END=2017"], tmp_path) == 0
    run = tmp_path / "02_gender_shift-END-2017"
    committed = pd.read_csv(PROCESSED / "02_gender_shift.results.csv")
    new = pd.read_csv(run / "processed" / "02_gender_shift.results.csv")
    assert list(new["key"]) == list(committed["key"])
    nb = prose(run / "02_gender_shift.ipynb")
    assert "A simple trend (2002-2017)" in nb and "A simple trend (2002-2019)" not in nb


def test_explore_05_from_another_base_year_keeps_the_keys_and_follows_in_the_prose(tmp_path):
    assert explore.run("05", ["BASE_YEAR=2010", "WINDOW_END=2012"], tmp_path) == 0
    run = tmp_path / "05_refugees_abroad-BASE_YEAR-2010-WINDOW_END-2012"
    committed = pd.read_csv(PROCESSED / "05_refugees_abroad.results.csv")
    new = pd.read_csv(run / "processed" / "05_refugees_abroad.results.csv")
    assert list(new["key"]) == list(committed["key"])
    nb = prose(run / "05_refugees_abroad.ipynb")
    assert "From the end of 2010 to the end of 2012 the stock abroad grew" in nb


def test_explore_01_with_longer_phases_keeps_the_keys_and_follows_in_the_prose(tmp_path):
    assert explore.run("01", ["SEGMENT_MIN_YEARS=4"], tmp_path) == 0
    run = tmp_path / "01_arrival_trends-SEGMENT_MIN_YEARS-4"
    committed = pd.read_csv(PROCESSED / "01_arrival_trends.results.csv")
    new = pd.read_csv(run / "processed" / "01_arrival_trends.results.csv")
    assert list(new["key"]) == list(committed["key"])
    assert new.set_index("key").loc["phases_min_years", "value"] == 4
    nb = prose(run / "01_arrival_trends.ipynb")
    assert "with segments of at least 4 years" in nb and "with 3-year segments allowed" in nb
