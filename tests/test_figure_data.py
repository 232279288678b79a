"""Every figure ships with the table behind it and an index row; the numbers are the drawn ones."""

import csv

import pandas as pd

from buildtools import documents
from helpers.paths import FIGURES, PROCESSED


def figure_names():
    return sorted(p.stem for p in FIGURES.glob("*.png"))


def data_of(name):
    return pd.read_csv(FIGURES / f"{name}.csv")


def test_every_figure_has_its_data_file_with_sources_and_an_index_row():
    with open(FIGURES / "index.csv", encoding="utf-8", newline="") as fh:
        index = {row["name"]: row for row in csv.DictReader(fh)}
    assert sorted(index) == figure_names()
    for name in figure_names():
        d = data_of(name)
        assert len(d) > 0 and d.columns[-1] == "source", name
        assert d["source"].notna().all(), name
        row = index[name]
        assert row["data_file"] == f"{name}.csv" and row["formats"] == "png svg pdf"
        assert row["alt_text"].startswith("Chart: ") and row["notebook"].startswith(name[:2])


def test_the_index_files_are_current():
    assert (FIGURES / "index.csv").read_text(encoding="utf-8") == documents.figure_index_csv()
    assert (FIGURES / "README.md").read_text(encoding="utf-8") == documents.figure_index()


def results(stem):
    return pd.read_csv(PROCESSED / f"{stem}.results.csv").set_index("key")["value"]


def test_data_files_hold_the_numbers_the_figures_draw():
    annual = data_of("01_annual_arrivals").set_index("period")
    r1 = results("01_arrival_trends")
    assert annual.loc[str(int(r1["peak_year"])), "arrivals"] == float(r1["peak_arrivals"])
    share = data_of("02_female_share").set_index("period")
    r2 = results("02_gender_shift")
    first = str(int(float(r2["parameter_start"])))
    assert share.loc[first, "women_percent"] == round(100 * float(r2["female_share_first_year"]), 2)
    after = data_of("03_after_2019").set_index("year")
    r3 = results("03_post_2011_decline")
    last = int(r1["last_year"])
    assert round(after.loc[last, "prediction_low"], 1) == round(float(r3["prediction_low_last_year"]), 1)
    south = data_of("05_abroad_and_south").set_index("year")
    r5 = results("05_refugees_abroad")
    base, end = int(float(r5["parameter_base_year"])), int(float(r5["parameter_window_end"]))
    assert (south.loc[end, "refugees_and_pending_claims_abroad"]
            - south.loc[base, "refugees_and_pending_claims_abroad"]) == int(r5["abroad_stock_change_headline_window"])
