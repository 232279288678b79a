"""Rerun a notebook with other assumptions: the prose, labels and keys follow; bad values get one line."""

import dataclasses
import re
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


STEM, PAIRS = "05_refugees_abroad", ["BASE_YEAR=2010", "WINDOW_END=2012"]


@pytest.fixture
def explored(tmp_path, monkeypatch, capsys):
    """``explore 05 BASE_YEAR=2010 WINDOW_END=2012`` with the kernel replaced by a stand-in
    that records the notebook it is given and writes what the notebook would write where
    the notebook's own rule (helpers.parameters) sends it: the command's plumbing, without
    executing the whole notebook. The run itself, its prose and keys, is tested by
    tests/test_grid.py::TestAbroadOtherBase."""
    from buildtools import run as runner
    from helpers.parameters import explore_folder_name

    given = []

    def stand_in(node, copy):
        given.append(node)
        folder = copy / "explore" / explore_folder_name(STEM, {"BASE_YEAR": 2010, "WINDOW_END": 2012})
        results = pd.read_csv(PROCESSED / f"{STEM}.results.csv", dtype=str)
        results.loc[results["key"] == "parameter_base_year", "value"] = "2010"
        (folder / "processed").mkdir(parents=True)
        results.to_csv(folder / "processed" / f"{STEM}.results.csv", index=False)
        (folder / "figures").mkdir()
        (folder / "figures" / "05_abroad_and_south.png").write_bytes(b"a figure")

    monkeypatch.setattr(runner, "execute_in_copy", stand_in)
    assert explore.run("05", PAIRS, tmp_path) == 0
    return {"out": tmp_path / f"{STEM}-BASE_YEAR-2010-WINDOW_END-2012", "nb": given[0],
            "printed": capsys.readouterr().out}


def test_explore_injects_the_values_after_the_parameters_cell_and_keeps_the_run(explored):
    cells = explored["nb"].cells
    index, _ = explore.parameters_cell({"cells": cells})
    injected = "".join(cells[index + 1]["source"])
    assert "injected-parameters" in cells[index + 1].metadata["tags"]
    assert "BASE_YEAR = 2010" in injected and "WINDOW_END = 2012" in injected
    out = explored["out"]
    assert (out / f"{STEM}.ipynb").exists() and (out / "figures" / "05_abroad_and_south.png").exists()
    assert sorted(p.name for p in (out / "processed").iterdir()) == [f"{STEM}.results.csv"]
    committed = pd.read_csv(PROCESSED / f"{STEM}.results.csv", dtype=str).set_index("key")["value"]
    moved = rf"parameter_base_year +{committed['parameter_base_year']} -> 2010"
    assert re.search(moved, explored["printed"]), explored["printed"]


def one_line_error(*args):
    proc = subprocess.run([sys.executable, "-m", "buildtools.explore", *args], capture_output=True, text=True,
                          cwd=ROOT)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    return proc.returncode, lines


@pytest.mark.parametrize("pair,words", [("NOPE=1", "not a parameter of this notebook"),
                                        ("BREAK=2010.5", "must be int")])
def test_a_value_of_the_wrong_name_or_type_gets_one_line_before_any_kernel_starts(pair, words):
    code, lines = one_line_error("03", pair)
    assert code != 0 and len(lines) == 1 and words in lines[0], lines


def refusal(stem: str, module, pair: str) -> str:
    """What the notebook's own cells say of ``pair`` (its parameters class's shape rules,
    then its check against the data), without running the notebook."""
    from helpers import analysis, data
    from helpers.parameters import ParameterError

    defaults = explore.parameters_of(NOTEBOOKS / f"{stem}.ipynb")
    p = module.Parameters(**{**defaults, **explore.parse_overrides([pair], defaults)})
    with pytest.raises(ParameterError) as refused:
        p.refuse(p.shape_rules())
        p.check(analysis.single_years(data.load_arrivals()).index)
    return str(refused.value)


@pytest.mark.parametrize("pair,words", [("BREAK=2030", "BREAK=2030 is not allowed"),
                                        ("COVID=(2020,)", "COVID=(2020,) is not allowed: 2 items"),
                                        ("SEED=-1", "SEED=-1 is not allowed")])
def test_a_value_the_data_or_the_shape_do_not_allow_is_refused_naming_it(pair, words):
    from helpers import decline

    assert words in refusal("03_post_2011_decline", decline, pair)


def test_a_refusal_names_the_parameter_at_fault():
    """02 START=2019 leaves too few years: START is named, not END (issue 33)."""
    from helpers import gender

    assert "START=2019 is not allowed" in refusal("02_gender_shift", gender, "START=2019")


def test_a_refusal_in_the_kernel_reaches_the_command_line_as_one_line():
    code, lines = one_line_error("03", "BREAK=2030")
    assert code != 0 and len(lines) == 1 and "BREAK=2030 is not allowed" in lines[0], lines


def test_make_explore_passes_tuples_and_runs_nothing_from_params():
    """Issue 38: PARAMS reaches make.py through the environment, split at each NAME=."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_script", ROOT / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    assert make.explore_arguments("03", "OTHER_BREAKS=(-3, -1) LEVEL=0.9") == ["03", "OTHER_BREAKS=(-3, -1)",
                                                                             "LEVEL=0.9"]
    assert make.explore_arguments("05", "BASE_YEAR=2010; touch pwned") == ["05", "BASE_YEAR=2010; touch pwned"]


def test_a_run_written_elsewhere_names_that_folder_in_its_notes(tmp_path):
    """`explore all --out explore_all`: the notes said `explore/...`, where nothing was."""
    import nbformat

    from buildtools import explore as ex

    node = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/markdown": "Its figures and tables go to `explore/03_x-BREAK-2010/`, never"})])])
    out = tmp_path / "explore_all" / "03_x-BREAK-2010"
    ex._point_notes_at(node, f"explore/{out.name}/", f"{ex.display_path(out)}/")
    text = node.cells[0].outputs[0]["data"]["text/markdown"]
    assert f"`{ex.display_path(out)}/`" in text and "`explore/" not in text
