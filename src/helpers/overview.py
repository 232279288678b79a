"""What notebook 00 needs beyond the loaders: the list of raw files, the check of the
article's Total column and two table formats. The checks themselves, and the condition
behind each finding, are in the notebook's cells."""

from __future__ import annotations

import pandas as pd

from helpers import report

#: What each raw file holds, in the order notebook 00 lists them.
RAW_FILES = {
    "annual_arrivals_by_sex.csv": "arrivals by sex: two bins, then each year",
    "article_table.csv": "the article's table as printed (spring 2020 vintage)",
    "cumulative_totals.csv": "published cumulative totals at dates",
    "quarterly_arrivals.csv": "quarterly arrivals by sex, 2020 onward",
    "half_year_arrivals.csv": "half-year arrivals, as published (half years only from August 2025)",
    "single_year_totals_before_2002.csv": "single-year totals, no sex split",
    "published_female_share.csv": "female share as printed by the ministry",
    "events.csv": "dated events, on arrivals in the South or on North Koreans abroad",
    "unhcr_dprk_origin_by_asylum_country.csv": "UNHCR end-year stocks abroad, by country (notebook 05)",
    "unhcr_published_totals.csv": "UNHCR world totals as published at the time",
    "unhcr_superseded_figures.csv": "UNHCR mid-2024 figures once held under 2024 (a vintage; notebook 05)",
}
COUNTS = ["male", "female", "total"]


def total_column_check(article: pd.DataFrame, changed: pd.DataFrame) -> pd.DataFrame:
    """The article's printed Total column against the sum of its rows, as printed and
    with the sex split of every column whose split (not total) was revised since."""
    printed = article.set_index("column_label")
    rows = printed.drop(index="Total")[COUNTS]
    revised_rows = rows.copy()
    revised = changed[changed["diff_total"] == 0]
    for label in revised.index:
        for m in ("male", "female"):
            revised_rows.loc[label, m] = revised.loc[label, f"current_{m}"]
    return pd.DataFrame({"printed Total column": printed.loc["Total", COUNTS],
                         "sum of printed rows": rows.sum(),
                         "sum with revised split": revised_rows.sum()}).T.astype(int)


def counts(df: pd.DataFrame) -> pd.DataFrame:
    """Count columns with thousands separators, missing values blank."""
    return df.apply(report.cells, spec=",.0f")


def tidy_view(tidy: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The last ``n`` rows of the tidy series as a reader wants them, in two tables of
    the same rows (thirteen columns side by side are wider than a page): each period's
    own counts, then the running totals and the source keys. The share as a percentage,
    'bin' as yes/no, counts with thousands separators (the file keeps the plain values)."""
    t = tidy.tail(n).set_index("period")
    cumulative = [f"cumulative_{c}" for c in COUNTS]
    own = pd.concat([t[["year_start", "year_end", "n_years"]].apply(report.cells, spec=".0f"),
                     t["is_bin"].map({True: "yes", False: "no"}), counts(t[COUNTS]),
                     (100 * t["female_share"]).map("{:.1f}%".format)], axis=1)
    own = own.rename(columns={"female_share": "female share", "is_bin": "bin, not a year", "n_years": "years"})
    return own, pd.concat([counts(t[cumulative]), t["source"]], axis=1)
