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
    assert explore.run("05", ["BASE_YEAR=2010", "WINDOW_END=2012"], out) == 0
    return out / "05_refugees_abroad-BASE_YEAR-2010-WINDOW_END-2012"


def test_explore_writes_the_run_the_same_keys_and_prose_that_follows_the_new_values(explored):
    """The command line's path (tests/test_grid.py runs the other notebooks as papermill would)."""
    committed = pd.read_csv(PROCESSED / "05_refugees_abroad.results.csv")
    new = pd.read_csv(explored / "processed" / "05_refugees_abroad.results.csv")
    assert list(new["key"]) == list(committed["key"])
    assert new.set_index("key").loc["parameter_base_year", "value"] == "2010"
    nb = prose(explored / "05_refugees_abroad.ipynb")
    assert "From the end of 2010 to the end of 2012 the stock abroad grew" in nb
    assert (explored / "figures" / "05_abroad_and_south.png").exists()
    assert sorted(p.name for p in (explored / "processed").iterdir()) == ["05_refugees_abroad.results.csv"]


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
                                        ("BREAK=2030", "BREAK=2030 is not allowed"),
                                        ("COVID=(2020,)", "COVID=(2020,) is not allowed: 2 items"),
                                        ("SEED=-1", "SEED=-1 is not allowed")])
def test_a_bad_parameter_gets_one_line_and_a_non_zero_exit(pair, words):
    code, lines = one_line_error("03", pair)
    assert code != 0 and len(lines) == 1 and words in lines[0], lines


def test_a_refusal_names_the_parameter_at_fault():
    """02 START=2019 leaves too few years: START is named, not END (issue 33)."""
    code, lines = one_line_error("02", "START=2019")
    assert code != 0 and len(lines) == 1 and "START=2019 is not allowed" in lines[0], lines


def test_make_explore_passes_tuples_and_runs_nothing_from_params():
    """Issue 38: PARAMS reaches make.py through the environment, split at each NAME=."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_script", ROOT / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    assert make.explore_arguments("03", "OTHER_BREAKS=(-3, -1) LEVEL=0.9") == ["03", "OTHER_BREAKS=(-3, -1)",
                                                                             "LEVEL=0.9"]
    assert make.explore_arguments("05", "BASE_YEAR=2010; touch pwned") == ["05", "BASE_YEAR=2010; touch pwned"]
