"""One study configuration (study.toml): the choices several notebooks share agree in
every parameters cell, and ``explore all`` moves them together (issue 34)."""

import pytest

from buildtools import explore
from helpers import study
from helpers.paths import NOTEBOOKS


@pytest.mark.parametrize("stem", sorted(study.BINDINGS))
def test_each_parameters_cell_agrees_with_the_study_configuration(stem):
    cell = explore.parameters_of(NOTEBOOKS / f"{stem}.ipynb")
    for name, value in study.expected(stem, study.load()).items():
        choices = ", ".join(study.BINDINGS[stem][name][0])
        assert cell[name] == value, (f"notebooks/{stem}.ipynb, parameters cell: {name} = {cell[name]!r}, but "
                                     f"study.toml ({choices}) gives {value!r}; change one of them")


def test_every_shared_choice_is_followed_by_more_than_one_notebook():
    for choice in study.load():
        assert len(study.followers(choice)) >= 2, choice


def test_a_disagreeing_default_is_named():
    other = {**study.load(), "turning_year": 2010}
    cell = explore.parameters_of(NOTEBOOKS / "03_post_2011_decline.ipynb")
    assert study.expected("03_post_2011_decline", other)["BREAK"] != cell["BREAK"]


def test_explore_all_moves_every_notebook_that_follows_the_turning_year(tmp_path, monkeypatch):
    given = []
    monkeypatch.setattr(explore, "run", lambda stem, pairs, out: given.append((stem, pairs)) or 0)
    assert explore.run_all(["turning_year=2010"], tmp_path) == 0
    assert given == [("01_arrival_trends", ["FALL=(2010, 2019)"]), ("02_gender_shift", ["FALL=(2010, 2019)"]),
                     ("03_post_2011_decline", ["BREAK=2011"]),
                     ("05_refugees_abroad", ["BASE_YEAR=2010", "BASE_YEARS=(2009, 2010)"])]
    given.clear()
    assert explore.run_all(["level=0.9", "last_year=2018"], tmp_path) == 0
    assert [s for s, _ in given] == ["01_arrival_trends", "02_gender_shift", "03_post_2011_decline"]
    assert given[2][1] == ["END=2018", "LEVEL=0.9"]


def test_explore_all_refuses_an_unknown_choice_naming_the_file():
    with pytest.raises(explore.ExploreError, match="not a choice of study.toml"):
        explore.run_all(["BREAK=2010"])


def test_explore_all_runs_every_notebook_and_names_the_choice_behind_each_refusal(tmp_path, monkeypatch):
    """`explore all turning_year=2019` stopped at 01 with FALL=(2019, 2019), naming no study choice."""
    tried = []

    def run(stem, pairs, out):
        tried.append(stem)
        if stem in ("01_arrival_trends", "02_gender_shift"):
            raise explore.ExploreError("FALL=(2019, 2019) is not allowed: two years in order")
        folder = out / explore.explore_folder_name(stem, explore.parse_overrides(
            pairs, explore.parameters_of(explore.find_notebook(stem))))
        (folder / "processed").mkdir(parents=True)
        return 0

    monkeypatch.setattr(explore, "run", run)
    with pytest.raises(explore.ExploreError) as err:
        explore.run_all(["turning_year=2019"], tmp_path)
    assert tried == ["01_arrival_trends", "02_gender_shift", "03_post_2011_decline", "05_refugees_abroad"]
    lines = str(err.value).splitlines()
    assert lines[0].startswith("turning_year=2019 gives 01_arrival_trends FALL=(2019, 2019), which it refuses: ")
    assert lines[1].startswith("turning_year=2019 gives 02_gender_shift")
    # the notebooks that accepted the choice ran, and what they wrote is not kept
    assert lines[-1].startswith("nothing kept: the runs of 03_post_2011_decline-BREAK-2020, 05_refugees_abroad-")
    assert list(tmp_path.iterdir()) == []
