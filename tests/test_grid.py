"""True under every choice (issue 33): each notebook rerun with other parameters, as
papermill or JupyterLab would run it, and read as a statistician would.

For every grid point the notebook is executed in a copy of the collection with the new
values injected after its parameters cell (papermill's convention), one point after
another in one kernel per test worker (tests/copykernel.py). Then:

* nothing committed changed: the run wrote only under ``explore/`` (the parameters, not
  the caller, decide where the outputs go);
* every ``decision_*`` row, and the indicator rows the prose rests on, are recomputed here
  from the run's other result rows (:data:`AUDITS`);
* the prose a reader sees (markdown, the cells' text, the figures' titles and alt text)
  names the values of that run: the level it used, the years it modelled, no dated event
  moved, no comparison word that its numbers contradict.

The grid points are test classes, so ``--dist loadscope`` spreads them over the workers;
each runs its notebook once.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from buildtools import explore
from copykernel import CopyKernel
from helpers.parameters import explore_folder_name
from helpers.paths import NOTEBOOKS, PROCESSED


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_like_papermill(kernel: CopyKernel, stem: str, overrides: dict[str, object]) -> dict:
    """Execute notebook ``stem`` with ``overrides`` injected after its parameters cell, in
    the worker's copy of the collection and its kernel; what it wrote, its results and what
    a reader reads."""
    import nbformat

    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    index, _ = explore.parameters_cell(nb)
    node = nbformat.reads(json.dumps(nb), as_version=4)
    cell = nbformat.v4.new_code_cell("# Parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in overrides.items()))
    cell.metadata["tags"] = ["injected-parameters"]
    node.cells.insert(index + 1, cell)
    copy = kernel.copy
    shutil.rmtree(copy / "explore", ignore_errors=True)  # what the worker's last grid point wrote
    committed = {part: _digests(copy / part) for part in ("figures", "data")}
    kernel.execute(node)
    after = {part: _digests(copy / part) for part in ("figures", "data")}
    folder = copy / "explore" / explore_folder_name(stem, overrides)
    results = pd.read_csv(folder / "processed" / f"{stem}.results.csv", dtype=str).set_index("key")["value"]
    written = sorted(str(p.relative_to(copy)) for p in (copy / "explore").rglob("*") if p.is_file())
    return {"committed": committed, "after": after, "results": results, "written": written,
            "prose": prose(node), "node": node}


@pytest.fixture(scope="session")
def kernel():
    """One copy and one kernel per test worker, shared by its grid points."""
    shared = CopyKernel()
    yield shared
    shared.close()


def prose(nb) -> str:
    """What a reader reads: markdown cells, the text and HTML the cells showed, and the
    figures' titles and alt text (not the code, which holds every wording a condition
    can choose)."""
    texts = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    for c in nb["cells"]:
        for out in c.get("outputs", []):
            texts += ["".join(v) for k, v in out.get("data", {}).items()
                      if k in ("text/markdown", "text/html", "text/plain")]
            texts += [str(m.get("alt", "")) for m in out.get("metadata", {}).values() if isinstance(m, dict)]
    return "\n".join(texts)


def num(r: pd.Series, key: str) -> float:
    return float(r[key])


def yes(r: pd.Series, key: str) -> bool:
    return num(r, key) == 1


def excludes_one(r: pd.Series, low: str, high: str) -> bool:
    return not num(r, low) <= 1 <= num(r, high)


#: The AR(1) share trend's interval (notebook 02).
AR1 = ("share_trend_ar1_ci_low", "share_trend_ar1_ci_high")

#: Each decision and indicator row, recomputed from the other rows of the same run.
AUDITS = {
    "01_arrival_trends": {
        "phases_shorter_minimum_at_cap": lambda r: num(r, "phases_count_shorter_minimum") - 1
        >= num(r, "parameter_segment_max_breaks"),
    },
    "02_gender_shift": {
        "decision_ar1_excludes_no_change": lambda r: excludes_one(r, *AR1),
        "decision_share_rise_uneven": lambda r: num(r, "share_trend_nonlinearity_p") < 1 - num(r, "parameter_level"),
        "decision_share_2021_below_interval": lambda r: num(r, "female_share_2021")
        < num(r, "share_prediction_low_2021"),
        "share_trend_ar1_rests_on_first_year": lambda r: excludes_one(r, *AR1) != excludes_one(
            r, "share_trend_ar1_without_first_year_ci_low", "share_trend_ar1_without_first_year_ci_high"),
        "share_trend_cochrane_orcutt_differs": lambda r: excludes_one(r, *AR1) != excludes_one(
            r, "share_trend_cochrane_orcutt_ci_low", "share_trend_cochrane_orcutt_ci_high"),
    },
    "03_post_2011_decline": {
        "decision_one_rate_rejected": lambda r: num(r, "break_scan_supF")
        > max(num(r, "break_scan_critical"), num(r, "break_scan_critical_ar1_max")),
        "decision_break_year_dated": lambda r: num(r, "break_year_set_low") == num(r, "break_year_set_high"),
        "break_year_set_has_gaps": lambda r: num(r, "break_year_set_high") - num(r, "break_year_set_low") + 1
        > num(r, "break_year_set_count"),
        "break_scan_rejection_fails_at_some_rho": lambda r: r["break_scan_rejection_fails_at_rho"] != "none",
        "decision_counterfactual_over_twice_peak": lambda r: num(r, "counterfactual_end_year")
        > 2 * num(r, "peak_arrivals"),
        "decision_last_year_below_interval": lambda r: num(r, "observed_last_year")
        < num(r, "prediction_low_last_year"),
    },
    "06_who_arrives": {
        "decision_headline_changed": lambda r: num(r, "headline_after_high") < num(r, "headline_before_low")
        or num(r, "headline_after_low") > num(r, "headline_before_high"),
    },
    "05_refugees_abroad": {
        "abroad_stock_fell_in_a_window": lambda r: num(r, "abroad_change_share_of_shortfall_min") < 0,
        "abroad_growth_short_in_every_window": lambda r: num(r, "abroad_change_share_of_shortfall_max") < 1,
    },
}


def test_every_decision_row_has_an_audit():
    """A new decision row, in any notebook's results, gets its recomputation here, or this fails."""
    for path in sorted(PROCESSED.glob("*.results.csv")):
        stem = path.name.removesuffix(".results.csv")
        decisions = {k for k in pd.read_csv(path)["key"] if k.startswith("decision_")}
        assert decisions <= set(AUDITS.get(stem, {})), (stem, decisions - set(AUDITS.get(stem, {})))


def _parameter_classes() -> dict[str, type]:
    """Each notebook's parameters class, found among the helpers by the notebook it names."""
    import importlib
    import pkgutil

    import helpers
    from helpers.parameters import NotebookParameters

    for module in pkgutil.iter_modules(helpers.__path__):
        importlib.import_module(f"helpers.{module.name}")
    return {c.NOTEBOOK: c for c in NotebookParameters.__subclasses__()}


def _with_parameters() -> list[str]:
    """The notebooks with a parameters cell (explore's own reading of it)."""
    stems = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        try:
            explore.parameters_of(path)
        except explore.ExploreError:  # no cell tagged parameters
            continue
        stems.append(path.stem)
    return stems


@pytest.mark.parametrize("stem", sorted(AUDITS))
def test_the_committed_decisions_pass_their_audit(stem):
    r = pd.read_csv(PROCESSED / f"{stem}.results.csv", dtype=str).set_index("key")["value"]
    for key, audit in AUDITS[stem].items():
        assert yes(r, key) == bool(audit(r)), (stem, key)


@pytest.mark.parametrize("stem", _with_parameters())
def test_each_parameters_cell_holds_the_committed_values(stem):
    """The committed values are the dataclass defaults: a run with any other value is routed
    to explore/ (helpers.parameters). Every notebook with a parameters cell has its class."""
    classes = _parameter_classes()
    assert stem in classes, f"{stem} has a parameters cell but no Parameters class names it (NOTEBOOK)"
    cls = classes[stem]
    cell = explore.parameters_of(NOTEBOOKS / f"{stem}.ipynb")
    assert {k: cls.defaults()[k] for k in cell} == cell and set(cell) == set(cls.defaults())


class GridPoint:
    """One notebook run with other values; subclasses set STEM and OVERRIDES and add the
    checks of their own prose."""

    STEM: str = ""
    OVERRIDES: dict[str, object] = {}

    @pytest.fixture(scope="class")
    @classmethod
    def run(cls, kernel):
        return run_like_papermill(kernel, cls.STEM, cls.OVERRIDES)

    def test_nothing_committed_changed_and_the_outputs_went_to_explore(self, run):
        assert run["after"] == run["committed"]
        folder = "explore/" + explore_folder_name(self.STEM, self.OVERRIDES)
        assert run["written"] and all(w.startswith(folder + "/") for w in run["written"]), run["written"][:5]
        assert any(w.endswith(".png") for w in run["written"])

    def test_the_keys_are_the_committed_ones(self, run):
        committed = pd.read_csv(PROCESSED / f"{self.STEM}.results.csv")["key"]
        assert list(run["results"].index) == list(committed)

    def test_every_decision_agrees_with_the_numbers_it_rests_on(self, run):
        for key, audit in AUDITS[self.STEM].items():
            assert yes(run["results"], key) == bool(audit(run["results"])), key

    def test_the_findings_at_the_top_are_this_runs(self, run):
        top = "".join(next(c for c in run["node"].cells if "findings" in c.metadata.get("tags", []))["source"])
        computed = next(c for c in run["node"].cells if "findings-computed" in c.metadata.get("tags", []))
        shown = "".join("".join(o["data"]["text/markdown"]) for o in computed.outputs
                        if "text/markdown" in o.get("data", {}))
        assert top.strip() and top.strip() in shown

    def test_no_p_value_prints_as_zero(self, run):
        assert not re.search(r"p = 0\.0+\b(?!\d)", run["prose"])


class TestBreak2010(GridPoint):
    STEM, OVERRIDES = "03_post_2011_decline", {"BREAK": 2010}

    def test_the_prose_follows_the_break(self, run):
        text, r = run["prose"], run["results"]
        assert "Taking 2010 as the break" in text and "Taking 2012 as the break" not in text
        assert "first full year after Kim Jong-un took power; chosen" not in text
        more = num(r, "its_dispersion_before_break") > num(r, "its_dispersion_after_break")
        word = re.search(r"The years before 2010 scatter (far more|more|less|far less) than those after", text)
        assert word and (word.group(1) in ("far more", "more")) == more, word

    def test_the_last_year_is_judged_against_the_wider_interval(self, run):
        r = run["results"]
        verdict = re.search(r"In \d{4}, [\d,]+ arrived, (below|above|inside) the interval of", run["prose"])
        assert verdict and (verdict.group(1) == "below") == yes(r, "decision_last_year_below_interval")
        assert "(the wider of two:" in run["prose"]

    def test_the_sex_difference_is_said_at_this_break_year(self, run):
        assert "with the break in 2010, " in run["prose"]


class TestBreak2014(GridPoint):
    STEM, OVERRIDES = "03_post_2011_decline", {"BREAK": 2014}

    def test_equally_well_only_when_the_two_shapes_are_tied(self, run):
        said = "describe these years about equally well" in run["prose"]
        assert said == yes(run["results"], "peak_turn_tied_with_primary")

    def test_bold_only_where_the_interval_leaves_out_no_change(self, run):
        r, text = run["results"], run["prose"]
        bold = "**the model's 2014 level was" in text
        assert bold == excludes_one(r, "its_level_change_ci_low", "its_level_change_ci_high")
        turned = "The trend turned from" in text
        assert turned == excludes_one(r, "its_slope_change_ci_low", "its_slope_change_ci_high")


class TestLevel90Decline(GridPoint):
    STEM, OVERRIDES = "03_post_2011_decline", {"LEVEL": 0.9}

    def test_every_level_printed_is_the_level_used(self, run):
        text, r = run["prose"], run["results"]
        assert "95%" not in text and "5% critical" not in text and "at 5%" not in text
        assert "90%" in text and "10% critical value" in text
        assert num(r, "parameter_level") == 0.9
        placebo = re.search(r"(\d+) of (\d+) are significant at 10%", text)
        assert placebo and int(placebo.group(1)) == int(num(r, "placebo_breaks_significant"))
        assert "shows no sign of bending" not in text or num(r, "placebo_breaks_significant") == 0

    def test_intervals_are_narrower(self, run):
        committed = pd.read_csv(PROCESSED / f"{self.STEM}.results.csv", dtype=str).set_index("key")["value"]
        r = run["results"]
        for low, high in (("its_level_change_ci_low", "its_level_change_ci_high"),
                          ("prediction_low_last_year", "prediction_high_last_year"),
                          ("missing_arrivals_primary_ci_low", "missing_arrivals_primary_ci_high")):
            assert num(r, high) - num(r, low) < num(committed, high) - num(committed, low), low
        assert num(r, "break_scan_critical") < num(committed, "break_scan_critical")


class TestPeriod2005To2018(GridPoint):
    STEM, OVERRIDES = "03_post_2011_decline", {"START": 2005, "END": 2018}

    def test_the_prose_names_the_period(self, run):
        text = run["prose"]
        assert "2005-2018" in text and "2002-2019" not in text
        rejected = yes(run["results"], "decision_one_rate_rejected")
        assert ("One constant growth rate does not fit 2005-2018" in text) == rejected


class TestGenderEnd2017(GridPoint):
    STEM, OVERRIDES = "02_gender_shift", {"END": 2017}

    def test_dated_events_come_from_the_data(self, run):
        text = run["prose"]
        assert "A simple trend (2002-2017)" in text and "A simple trend (2002-2019)" not in text
        assert "border closed in 2018" not in text and "the highest before the border closed in 2020" in text
        assert "85.2% in 2018**" in text  # the highest share before the closure, whatever END is
        assert "(the COVID-19 years and after)" not in text


class TestGenderStart2005Level90(GridPoint):
    STEM, OVERRIDES = "02_gender_shift", {"START": 2005, "LEVEL": 0.9}

    def test_the_prose_names_the_start_and_the_level(self, run):
        text = run["prose"]
        assert "A simple trend (2005-2019)" in text
        assert "95%" not in text and "90% interval" in text and "90% prediction interval" in text


class TestTrendsOtherFall(GridPoint):
    STEM, OVERRIDES = "01_arrival_trends", {"FALL": (2010, 2019), "SEGMENT_MIN_YEARS": 4, "LEVEL": 0.9}

    def test_the_prose_follows_the_fall_and_the_phases(self, run):
        text, r = run["prose"], run["results"]
        assert "After 2,402 arrivals in 2010" in text and "Kim Jong-un took power that December" not in text
        assert not yes(r, "fall_starts_before_kim_jong_un")
        assert "with segments of at least 4 years" in text and "with 3-year segments allowed" in text
        assert "95%" not in text and "(90% interval" in text


class TestAbroadOtherBase(GridPoint):
    STEM, OVERRIDES = "05_refugees_abroad", {"BASE_YEAR": 2010, "WINDOW_END": 2012}

    def test_the_prose_follows_the_window(self, run):
        assert "From the end of 2010 to the end of 2012 the stock abroad grew" in run["prose"]


class TestWhoArrivesFrom2008(GridPoint):
    STEM, OVERRIDES = "06_who_arrives", {"SPLIT": "2008-05-31"}

    def test_the_prose_follows_the_split(self, run):
        text, r = run["prose"], run["results"]
        assert "between 2008-05-31 and 2020-09-30" in text or "after 2008-05-31" in text
        assert "2011-06-30" not in text.split("## Results")[0].replace("SPLIT = \"2011-06-30\"", "")
        assert num(r, "split_report_people_low") <= num(r, "split_report_people_high")
