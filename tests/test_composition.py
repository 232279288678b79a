"""Notebook 06's machinery on small tables whose answers are known by hand: the range a
report that names only some groups leaves on each stock, on its total and on the arrivals
between two reports, with the recent arrivals each report leaves out."""

import datetime as dt

import pandas as pd
import pytest

from helpers import composition, data

D1, D2, D3 = "2008-05-31", "2011-06-30", "2020-09-30"


def table(rows):
    """A composition frame from (date, table, category, total) rows."""
    return pd.DataFrame([{"as_of": dt.date.fromisoformat(d), "table": t, "category": c, "male": pd.NA,
                          "female": pd.NA, "total": n, "source": "TEST", "note": ""} for d, t, c, n in rows])


# a: named at every date; b: not named in 2011 (between 50 and 70); c: named only in 2020
COMP = table([(D1, "age", "a", 100), (D1, "age", "b", 50),
              (D2, "age", "a", 160),
              (D3, "age", "a", 200), (D3, "age", "b", 70), (D3, "age", "c", 30)])


def test_a_group_a_report_does_not_name_lies_between_its_counts_before_and_after():
    low, high = composition.stock_bounds(COMP, "age")
    assert low.loc["b"].tolist() == [50, 50, 70] and high.loc["b"].tolist() == [50, 70, 70]
    assert low.loc["c"].tolist() == [0, 0, 30] and high.loc["c"].tolist() == [30, 30, 30]
    assert low.loc["a"].tolist() == high.loc["a"].tolist() == [100, 160, 200]


def test_a_report_naming_some_groups_counts_a_range_and_a_complete_one_an_exact_number():
    assert composition.total_bounds(COMP, D2, cap=1000) == (160 + 50 + 0, 160 + 70 + 30)
    assert composition.total_bounds(COMP, D2, cap=240) == (210, 240)  # at most all arrivals by then
    assert composition.total_bounds(COMP, D3, cap=1000) == (300, 300)


def test_arrivals_between_two_reports_carry_both_the_unnamed_groups_and_the_left_out_arrivals():
    totals = {D1: (150, 180), D2: (210, 260), D3: (300, 300)}
    left_out = {D1: 5, D2: 20, D3: 7}
    b = composition.between(COMP, "age", left_out, totals).set_index(["category", "from", "to"])
    cols = ["difference_low", "difference_high", "arrivals_low", "arrivals_high"]
    assert b.loc[("a", D1, D2), cols].tolist() == [60, 60, 55, 80]  # named at both: exact; arrivals 60-5 to 60+20
    assert b.loc[("b", D2, D3), cols].tolist() == [0, 20, 0, 27]  # 2011 holds 50 to 70 of b
    assert len(b) == 3 * 3  # every pair of the three dates, every group


def test_a_group_that_falls_between_two_reports_naming_it_is_kept_as_a_negative_difference():
    comp = table([(D2, "occ", "x", 551), (D2, "occ", "y", 10), (D3, "occ", "x", 550), (D3, "occ", "y", 40)])
    b = composition.between(comp, "occ", {D2: 0, D3: 4}, {D2: (561, 561), D3: (590, 590)}).set_index("category")
    assert (b.loc["x", "difference_low"], b.loc["x", "difference_high"]) == (-1, -1)
    assert (b.loc["x", "arrivals_low"], b.loc["x", "arrivals_high"]) == (0, 3)  # arrivals are never negative


def test_the_share_after_a_report_widens_by_the_arrivals_the_later_report_leaves_out():
    comp = table([(D2, "age", "a", 40), (D2, "age", "b", 60), (D3, "age", "a", 70), (D3, "age", "b", 130)])
    compared = (("age", ("a",), "were a"),)
    r = composition.before_after(comp, D2, D3, compared, (100, 100), 10).iloc[0]
    assert (r["after_count_low"], r["after_count_high"]) == (30, 40)
    assert r["after_low"] == 30 / 110 and r["after_high"] == 40 / 110 and r["before_low"] == r["before_high"] == 0.4
    assert r["changed"] == "lower"


def test_a_groups_unnamed_count_is_at_least_the_reports_lowest_total_less_the_other_groups():
    comp = table([(D2, "age", "x", 100), (D3, "age", "x", 150), (D3, "age", "y", 80)])
    b = composition.between(comp, "age", {D2: 0, D3: 0}, {D2: (170, 180), D3: (230, 230)}).set_index("category")
    # y at 2011: at least 170 - 100 = 70, at most 180 - 100 = 80 (and 80, its later count)
    assert (b.loc["y", "difference_low"], b.loc["y", "difference_high"]) == (0, 10)


@pytest.mark.parametrize("changed, blamed, says", [
    ({"LATER": "2011-06-30"}, "LATER", "['2020-09-30', '2022-12-31']"),  # SPLIT, unchanged, was blamed
    ({"LATER": "2020-03-31"}, "LATER", "holds the compared tables"),  # COMPARED, unchanged, was blamed
    ({"SPLIT": "2020-03-31"}, "SPLIT", "holds the compared tables"),  # COMPARED, unchanged, was blamed
    ({"SPLIT": "2009-01-01"}, "SPLIT", "['2008-05-31', '2011-06-30']"),  # only the dates that work are offered
])
def test_a_refused_report_date_names_the_parameter_changed_and_the_dates_that_work(changed, blamed, says):
    from helpers.parameters import ParameterError

    with pytest.raises(ParameterError) as err:
        composition.Parameters(**changed).check(data.load_composition())
    assert str(err.value).startswith(f"{blamed}=") and says in str(err.value)
