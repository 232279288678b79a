"""UNHCR's figures abroad: loader checks, the notebook's numbers, the claims tested against them."""

import pandas as pd
import pytest

from helpers import claims, data
from helpers.paths import PROCESSED, RAW

UNHCR = "unhcr_dprk_origin_by_asylum_country.csv"


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(RAW / UNHCR)


def results():
    return pd.read_csv(PROCESSED / "05_refugees_abroad.results.csv").set_index("key")["value"]


def test_results_agree_with_a_direct_computation_from_the_raw_file(raw):
    world = raw.groupby("year")[["refugees", "asylum_seekers"]].sum()
    world["total"] = world.sum(axis=1)
    annual = pd.read_csv(RAW / "annual_arrivals_by_sex.csv")
    south = annual[annual["period"].str.fullmatch(r"\d{4}")].set_index("year_end")["total"]
    res = results()
    last = int(world.index.max())
    assert int(res["abroad_refugees_peak_year"]) == world["refugees"].idxmax()
    assert int(res["abroad_refugees_peak"]) == world["refugees"].max()
    assert int(res["abroad_asylum_seekers_peak_year"]) == world["asylum_seekers"].idxmax()
    assert int(res["abroad_asylum_seekers_peak"]) == world["asylum_seekers"].max()
    assert int(res["abroad_total_last_year"]) == world.loc[last, "total"]
    base, end = int(res["parameter_base_year"]), int(res["parameter_window_end"])
    assert int(res["abroad_stock_change_headline_window"]) == world.loc[end, "total"] - world.loc[base, "total"]
    shortfall = sum(south[base] - south[y] for y in range(base + 1, end + 1))
    assert int(res["south_shortfall_headline_window"]) == shortfall


def test_a_small_count_that_unhcr_never_publishes_is_refused(raw_copy):
    path = raw_copy / UNHCR
    path.write_text(path.read_text(encoding="utf-8").replace("1998,France,5,0", "1998,France,3,0"),
                    encoding="utf-8")
    with pytest.raises(data.DataValidationError) as info:
        data.load_unhcr(path)
    (problem,) = info.value.problems
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("1998,France,3,0"))
    assert (problem.line, problem.column, problem.value) == (line, "refugees", "3")
    assert "between 1 and 4" in problem.rule


def test_a_duplicated_country_year_and_an_unordered_year_are_both_reported(raw_copy):
    path = raw_copy / UNHCR
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    later = next(i for i, text in enumerate(lines) if i > 1 and text[:4] != lines[1][:4])  # a later year's row
    path.write_text("".join([lines[0], lines[later], *lines[1:later], lines[later], *lines[later + 1:]]),
                    encoding="utf-8")
    rules = [p.rule for p in data.check(path)]
    assert any("duplicates line" in r for r in rules) and any("out of order" in r for r in rules)


def test_an_event_scope_outside_the_list_is_refused(raw_copy):
    path = raw_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",arrivals\n", ",elsewhere\n", 1),
                    encoding="utf-8")
    (problem,) = data.check(path)
    assert problem.column == "scope" and "arrivals, abroad" in problem.rule


def test_arrival_figures_mark_only_the_events_about_arrivals():
    assert set(data.load_events(scope="arrivals")["scope"]) == {"arrivals"}
    assert len(data.load_events(scope="abroad")) > 0


def test_claims_about_other_countries_are_set_against_unhcr():
    ctx = claims.Context(data.load_arrivals(), data.load_article_table(), data.load_quarterly(),
                         data.load_unhcr(), composition=data.load_composition())
    audit = claims.evaluate(data.load_claims(), ctx).set_index("claim_id")
    other = audit[audit["verdict"] == "other_measure"]
    assert len(other) >= 5 and other["explanation"].str.startswith("closest UNHCR figure").all()
    assert audit.loc["C25", "verdict"] in {"consistent", "inconsistent"}
    assert "rounds to" in audit.loc["C25", "explanation"]


def test_the_claims_check_does_not_vanish_without_the_article(raw_copy):
    (raw_copy / "article.txt").unlink()
    problems = data.check(raw_copy / "article_claims.csv")
    assert any("article's text is missing" in p.rule for p in problems)


def test_every_test_named_in_the_claims_file_is_registered():
    names = {t.split()[0] for t in data.load_claims()["test"]}
    assert names - {"none"} <= set(claims.TESTS)


@pytest.fixture(scope="module")
def r05():
    """Notebook 05's cells run as they stand: the namespace they leave."""
    from nbcells import run_cells

    return run_cells("05_refugees_abroad")


def test_the_offset_sentence_follows_its_check(r05):
    from nbcells import run_cells

    every = bool((r05["grid"]["change / shortfall"].dropna() < 1).all())
    assert r05["short_in_every_window"] == every
    assert ("short of the fall" in r05["scale_sentence"]) == every
    short = run_cells("05_refugees_abroad", force={"short_in_every_window": True})
    assert "short of the fall" in short["scale_sentence"]
    exceeds = run_cells("05_refugees_abroad", force={"short_in_every_window": False, "over": r05["grid"].head(1)})
    assert "short of the fall" not in exceeds["scale_sentence"] and "exceeds the fall" in exceeds["scale_sentence"]
    assert exceeds["findings"][-1] == exceeds["scale_sentence"]


def test_the_comparison_is_repeated_from_more_than_one_base_year(r05):
    """2011 is a local high in the South: a window that always starts there flatters the claim."""
    assert set(r05["grid"]["base year"]) == set(r05["BASE_YEARS"]) and len(r05["BASE_YEARS"]) > 1
