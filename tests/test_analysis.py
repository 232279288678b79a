"""Shared derivations and models give the documented results on the real data."""

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from helpers import analysis, claims, data, models


@pytest.fixture(scope="module")
def arrivals():
    return data.load_arrivals()


@pytest.fixture(scope="module")
def years(arrivals):
    return analysis.single_years(arrivals)


def test_every_published_share_is_reproduced_to_one_decimal(arrivals):
    check = analysis.published_share_check(arrivals, data.load_published_shares())
    assert len(check) == len(data.load_published_shares())
    assert check["agrees"].all()


def test_article_differs_from_the_current_series_only_in_2016_and_2020(arrivals):
    changed = analysis.changed_columns(
        analysis.article_vs_current(data.load_article_table(), arrivals))
    assert list(changed.index) == ["2016", "2020"]


def test_share_trend_dispersion_is_pearson_chi2_over_df(years):
    m = models.share_trend(years, 2002, 2019, level=0.95)
    fit = m["fit"]
    assert m["dispersion"] == pytest.approx(fit.pearson_chi2 / fit.df_resid)
    assert m["dispersion"] > 10  # far from 1: the years are overdispersed, not ~0.009
    assert m["ci_low"] < m["odds_ratio"] < m["ci_high"]


def test_share_trend_intervals_are_widened_by_the_dispersion(years):
    m = models.share_trend(years, 2002, 2019, level=0.95)
    d = years.loc[2002:2019]
    plain = sm.GLM(d["female"] / d["total"], sm.add_constant(np.arange(18.0)),
                   family=sm.families.Binomial(), var_weights=d["total"]).fit()
    ratio = np.asarray(m["fit"].bse)[1] / np.asarray(plain.bse)[1]
    assert ratio == pytest.approx(np.sqrt(m["dispersion"]))


def test_phases_are_estimated_segments_covering_every_year(years):
    ph = analysis.phases(years["total"], 0.95, min_years=3, max_breaks=4)
    seg = analysis.segmentation(years["total"], min_years=3, max_breaks=4)
    assert ph["start"].iloc[0] == years.index.min() and ph["end"].iloc[-1] == years.index.max()
    assert (ph["start"].iloc[1:].to_numpy() == ph["end"].iloc[:-1].to_numpy() + 1).all()
    assert len(ph) == int(seg.loc[seg["chosen"], "breaks"].iloc[0]) + 1
    assert (ph["ci_low"] < ph["rate_per_year"]).all() and (ph["rate_per_year"] < ph["ci_high"]).all()


def test_round_half_up_rounds_halves_up():
    assert [claims.round_half_up(x) for x in (55.3, 55.5, 70.6, 85.2)] == [55, 56, 71, 85]


def test_claims_audit_verdicts(arrivals):
    ctx = claims.Context(arrivals, data.load_article_table(), data.load_quarterly(),
                         data.load_unhcr(), composition=data.load_composition())
    audit = claims.evaluate(data.load_claims(), ctx).set_index("claim_id")
    assert set(audit["verdict"]) <= set(claims.VERDICTS)
    assert audit.loc["C04", "verdict"] == "consistent"      # 1,418 in 2016
    assert audit.loc["C12", "verdict"] == "inconsistent"    # 56% in 2002: it is 55.3%
    assert audit.loc["C68", "verdict"] == "inconsistent"    # 2020 = first quarter
    assert "January-March" in audit.loc["C68", "explanation"]
    assert audit.loc["C64", "explanation"].startswith("revised since")
    assert audit.loc["C01", "verdict"] == "not_testable"
    assert audit.loc["C01", "reading"] == "" and audit.loc["C25", "reading"]  # the note, apart


def test_the_claims_on_origin_are_set_against_the_table_of_origins(arrivals):
    """Issue 35: the article's 76-84% from the northeastern border provinces and "more than 50%
    from North Hamgyong" get verdicts from the ministry's table (to 2020-03-31: 76.6% and 59.0%)."""
    comp = data.load_composition()
    ctx = claims.Context(arrivals, data.load_article_table(), data.load_quarterly(), composition=comp)
    origin = claims.TESTS["origin_share"]
    assert origin(ctx, "76-84", "North_Hamgyong+Ryanggang")[:2] == ("76.6", "consistent")
    assert origin(ctx, "more than 50", "North_Hamgyong")[:2] == ("59.0", "consistent")
    assert origin(ctx, "more than 60", "North_Hamgyong")[1] == "inconsistent"
    assert origin(ctx, "78-84", "North_Hamgyong+Ryanggang")[1] == "inconsistent"  # 77% when rounded
    assert "outside 78-84%" in origin(ctx, "78-84", "North_Hamgyong+Ryanggang")[2]
    later = comp[comp["table"] == "province_of_origin"].assign(as_of=dt.date(2030, 1, 1), total=1)
    ctx = claims.Context(arrivals, data.load_article_table(), data.load_quarterly(),
                         composition=pd.concat([comp, later]))  # a newer table of origins is the one read
    assert origin(ctx, "more than 50", "North_Hamgyong")[0] == f"{100 / len(later):.1f}"
    with pytest.raises(ValueError, match="no province \\['North Hamgyeong'\\]"):
        origin(ctx, "more than 50", "North_Hamgyeong")
    with pytest.raises(ValueError, match="pass composition= to Context"):
        origin(claims.Context(arrivals, data.load_article_table(), data.load_quarterly()), "50-60", "Ryanggang")


def test_claims_findings_separate_figures_right_for_their_time():
    r = audit_of_today()
    head = r["findings"][0]
    assert "(19 of them columns of the table, 15 in the text)" in head
    assert "3 of these were right for their time" in head and "C47, C64, C68" in head
    assert len(r["findings"]) == 1 + int(r["counts"]["inconsistent"])  # one bullet per claim that fails


def test_claim_tests_take_their_optional_arguments():
    assert claims.parse_test("annual_female_share 2002") == ("annual_female_share", {"year": 2002})
    assert claims.parse_test("annual_female_share 2002 1138")[1] == {"year": 2002, "quoted_total": 1138}
    with pytest.raises(ValueError, match=r"takes 1 to 2 arguments: annual_female_share year \[quoted_total\]"):
        claims.parse_test("annual_female_share 2002 1138 9")
    audit = audit_of_today()["audit"].set_index("claim_id")
    assert "own total of 1,138 make 55.5%, which rounds to 56%" in audit.loc["C12", "explanation"]
    assert audit.loc["C12", "verdict"] == "inconsistent"  # against today's series it still fails


def audit_of_today():
    """Notebook 04's cells run as they stand: the namespace they leave."""
    from nbcells import run_cells

    return run_cells("04_claims_audit")


def test_claim_values_are_shown_as_printed_but_kept_plain_in_the_table():
    """Issue 22: counts with thousands separators, years as years; the CSV keeps the plain values."""
    shown = claims.as_printed
    assert shown("9402/24256/33658", "article_total") == "9,402 / 24,256 / 33,658"
    assert shown("2706->1137", "decline 2011 2018") == "2,706 → 1,137"
    assert shown("2009:2914", "peak") == "2009: 2,914"
    assert shown("2018", "share_max_through 2019") == "2018"
    assert shown("30212-31339", "cumulative_during 2017") == "30,212-31,339"
    assert shown("70.9-71.3", "cumulative_share_during 2017") == "70.9-71.3"
    assert shown("more than 26000", "cumulative_above 2016") == "more than 26,000"
    assert shown("", "none") == ""
    assert sorted(claims.VERDICT_WORDS) == sorted(claims.VERDICTS)  # every verdict has its words
    assert shown("1998-1999", "none") == "1998-1999"  # an untested claim's years stay years
    assert shown("100000-300000", "none") == "100,000-300,000"  # and its large counts are separated
    assert shown("28000000 to 10000000 won", "none") == "28,000,000 to 10,000,000 won"
    rows = data.load_claims()
    audit = claims.evaluate(rows, claims.Context(data.load_arrivals(), data.load_article_table(),
                                                 data.load_quarterly(), data.load_unhcr(),
                                                 composition=data.load_composition()))
    display = claims.for_display(audit, rows)
    assert display.drop(columns=["stated_value", "computed_value"]).equals(
        audit.drop(columns=["stated_value", "computed_value"]))
    def plain(text):  # the formatting undone
        return re.sub(r"^(\d{4}): ", r"\1:", text.replace(",", "").replace(" → ", "->").replace(" / ", "/"))

    for col in ("stated_value", "computed_value"):
        assert [plain(v) for v in display[col]] == [v.replace(",", "") for v in audit[col]], col


def test_a_list_of_years_stays_short_as_the_data_grow():
    """Issue 38: with 30 more years, 02's title listed 26 'dip' years over seven lines."""
    from helpers.text import years_text

    assert years_text([2020, 2021, 2022]) == "2020-2022"
    assert years_text([2020, 2022]) == "2020 and 2022"
    assert years_text([2020, 2021, 2022, 2031, 2032]) == "2020-2022 and 2031-2032"
    many = [y for y in range(2020, 2050) if y % 7]
    assert years_text(many) == f"{len(many)} of the years 2020-2049"
