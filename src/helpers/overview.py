"""Notebook 00's checks of the data, as one computation and its prose.

:func:`analyse` loads every raw file through :mod:`helpers.data`, compares the article's
table with the current series and reconciles the published totals and shares;
:func:`findings` turns the result into the notebook's findings.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from helpers import analysis, data, report
from helpers.text import join_words

#: What each raw file holds, in the order notebook 00 lists them.
RAW_FILES = {
    "annual_arrivals_by_sex.csv": "arrivals by sex: two bins, then each year",
    "article_table.csv": "the article's table as printed (spring 2020 vintage)",
    "cumulative_totals.csv": "published cumulative totals at dates",
    "quarterly_arrivals.csv": "quarterly arrivals by sex, 2020 onward",
    "single_year_totals_before_2002.csv": "single-year totals, no sex split",
    "published_female_share.csv": "female share as printed by the ministry",
    "events.csv": "dated events, on arrivals in the South or on North Koreans abroad",
    "unhcr_dprk_origin_by_asylum_country.csv": "UNHCR end-year stocks abroad, by country (notebook 05)",
    "unhcr_published_totals.csv": "UNHCR world totals as published at the time",
}
COUNTS = ["male", "female", "total"]


def analyse() -> SimpleNamespace:
    """Every number notebook 00 reports, from ``data/raw/``."""
    r = SimpleNamespace(arrivals=data.load_arrivals(), article=data.load_article_table(),
                        checkpoints=data.load_checkpoints(), quarterly=data.load_quarterly(),
                        single=data.load_single_years(), published=data.load_published_shares())
    r.tables = [r.arrivals, r.article, r.checkpoints, r.quarterly, r.single, r.published,
                data.load_events(), data.load_unhcr(), data.load_unhcr_published_totals()]
    years = analysis.single_years(r.arrivals)
    r.first_year, r.last_year = int(years.index.min()), int(years.index.max())
    r.comparison = analysis.article_vs_current(r.article, r.arrivals)
    r.changed = analysis.changed_columns(r.comparison)
    r.recon = data.reconcile_checkpoints(r.arrivals, r.checkpoints, r.quarterly)
    r.shares = analysis.published_share_check(r.arrivals, r.published)
    periods = r.arrivals.set_index("period")
    r.bin_9901, r.bin_1998 = periods.loc["1999-2001"], periods.loc["~1998"]
    r.inside_9901 = r.single[r.single["year"].between(int(r.bin_9901["year_start"]), int(r.bin_9901["year_end"]))]
    q = r.quarterly
    r.q1_2020 = q[(q["year"] == 2020) & (q["quarter"] == 1)].iloc[0]
    r.totals = total_column_check(r.article, r.changed)
    return r


def raw_files(r: SimpleNamespace) -> pd.DataFrame:
    """The raw files, what each holds and its number of rows."""
    return pd.DataFrame({"contents": list(RAW_FILES.values()), "rows": [len(t) for t in r.tables]},
                        index=pd.Index(list(RAW_FILES), name="file"))


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


def bins_inside(r: SimpleNamespace) -> str:
    """What the single-year totals say about the two bins."""
    inside = r.inside_9901
    before = r.single[r.single["year"] < int(r.bin_9901["year_start"])]
    same = int(inside["total"].sum()) == int(r.bin_9901["total"])
    return (f"The single years {int(inside['year'].min())}-{int(inside['year'].max())} add up to "
            f"**{int(inside['total'].sum()):,}**, "
            + ("exactly the bin's total. " if same else f"against the bin's {int(r.bin_9901['total']):,}. ")
            + f"The single years {int(before['year'].min())}-{int(before['year'].max())} add up to "
            f"only {int(before['total'].sum()):,}, far less than the "
            f"{int(r.bin_1998['total']):,} of the `~1998` bin: that bin gathers every arrival "
            "recorded before 1999, so it is a cumulative figure, not a year.")


def total_column_text(r: SimpleNamespace) -> str:
    """Why the article's Total column disagrees with its own rows (checked, not assumed)."""
    t, revised = r.totals, _revised_split(r)
    if revised.empty:
        return "The revised split does **not** explain the Total column; see the table above."
    rev = revised.iloc[0]
    gap = t.loc["printed Total column"] - t.loc["sum of printed rows"]
    return (f"The printed rows add up to {t.loc['sum of printed rows', 'male']:,} men and "
            f"{t.loc['sum of printed rows', 'female']:,} women; the printed Total has {abs(gap['male']):,} "
            f"{'more' if gap['male'] > 0 else 'fewer'} men and {abs(gap['female']):,} "
            f"{'more' if gap['female'] > 0 else 'fewer'} women. The only column whose split changed while "
            "its total stayed "
            f"the same is **{revised.index[0]}**: the article prints {rev['article_male']:,} men and "
            f"{rev['article_female']:,} women, the ministry now gives {rev['current_male']:,} and "
            f"{rev['current_female']:,}. With that revised split the rows reproduce the printed Total "
            "exactly: the article updated its Total column but not the row.")


def quarters_2020(r: SimpleNamespace) -> pd.DataFrame:
    """The quarters of 2020, their sum and the article's '2020' column."""
    q = r.quarterly[r.quarterly["year"] == 2020].set_index("quarter")[COUNTS]
    q.loc["year"] = q.sum()
    q.loc["article '2020'"] = r.article.set_index("column_label").loc["2020", COUNTS]
    return q


def _revised_split(r: SimpleNamespace) -> pd.DataFrame:
    """The columns whose split (not total) was revised, if they explain the Total column."""
    t = r.totals
    explained = (t.loc["sum with revised split"] == t.loc["printed Total column"]).all()
    return r.changed[r.changed["diff_total"] == 0] if explained else r.changed.iloc[:0]


def _total_reason(r: SimpleNamespace) -> str:
    rev = _revised_split(r)
    if len(rev) != 1:
        return ""
    label, row = next(rev.iterrows())
    return (f": the Total uses the revised {label} split ({int(row['current_male']):,} men, "
            f"{int(row['current_female']):,} women) while the {label} column was not updated")


def _quarter_finding(r: SimpleNamespace) -> str:
    printed, full = int(r.comparison.loc["2020", "article_total"]), int(r.comparison.loc["2020", "current_total"])
    q1 = int(r.q1_2020["total"])
    return (f"The article's 2020 figure ({printed:,}) equals January-March 2020 alone in the quarterly "
            f"figures; the full year is {full:,}." if printed == q1 else
            f"The article's 2020 figure ({printed:,}) is neither the first quarter ({q1:,}) nor the full "
            f"year ({full:,}).")


def _counts(df: pd.DataFrame) -> pd.DataFrame:
    """Count columns with thousands separators, missing values blank."""
    return df.apply(report.cells, spec=",.0f")


def article_view(r: SimpleNamespace) -> pd.DataFrame:
    """The article's table as printed: one row per printed column."""
    return _counts(r.article.set_index("column_label")[COUNTS]).rename_axis("printed column")


def bins_view(r: SimpleNamespace) -> pd.DataFrame:
    """The two bins of the current series."""
    b = r.arrivals[r.arrivals["is_bin"]].set_index("period")
    years = b[["year_start", "year_end"]].apply(report.cells, spec=".0f")
    return pd.concat([years, _counts(b[COUNTS])], axis=1).rename(
        columns={"year_start": "first year", "year_end": "last year"})


def totals_view(r: SimpleNamespace) -> pd.DataFrame:
    """The printed Total column against the sums of the printed rows."""
    return _counts(r.totals)


def single_years_view(r: SimpleNamespace) -> pd.DataFrame:
    """The single-year totals before 2002 (another source, no sex split)."""
    return r.single.set_index("year")[["total", "source"]].assign(total=lambda d: d["total"].map("{:,}".format))


def changed_view(r: SimpleNamespace) -> pd.DataFrame:
    """The columns where the article and the current series differ, side by side."""
    c = r.changed
    return _counts(pd.DataFrame({f"{who} {col}": c[f"{key}_{col}"] for col in COUNTS
                                 for who, key in (("article:", "article"), ("today:", "current"))}))\
        .rename_axis("printed column")


def reconciliation_view(r: SimpleNamespace) -> pd.DataFrame:
    """Each published cumulative figure against the sum of the series (difference = computed
    minus published)."""
    rec = r.recon.set_index(["as_of", "measure"])
    return pd.DataFrame({"published": rec["published"].map("{:,}".format),
                         "computed": rec["computed"].map("{:,}".format),
                         "difference": rec["difference"].map("{:+,}".format),
                         "what is summed": rec["basis"]})


def published_view(r: SimpleNamespace) -> pd.DataFrame:
    """Each share the ministry printed against the share computed from the counts."""
    sh = r.shares
    return pd.DataFrame({"women": sh["female"].map("{:,}".format), "arrivals": sh["total"].map("{:,}".format),
                         "computed, %": sh["computed_percent"].map("{:.1f}".format),
                         "published, %": sh["published_percent"].map("{:.1f}".format),
                         "agrees": sh["agrees"].map({True: "yes", False: "NO"})})


def findings(r: SimpleNamespace) -> str:
    """The findings of notebook 00, in the words a reader can quote."""
    a, t, recon = r.arrivals, r.totals, r.recon
    inside = r.inside_9901
    worst = int(recon["difference"].abs().max())
    vintages = sorted(set(recon.loc[recon["difference"] != 0, "as_of"]))
    items = [
        f"The current series covers everything recorded up to **1998** as one bin, the years "
        f"**1999-2001** as a second bin, then each year **{r.first_year}-{r.last_year}**: in all "
        f"**{int(a['total'].sum()):,}** arrivals ({int(a['male'].sum()):,} men, "
        f"{int(a['female'].sum()):,} women).",
        f"The article's `~2001` column is the three-year bin 1999-2001 "
        f"({int(r.bin_9901['total']):,} arrivals; the single-year totals are "
        f"{', '.join(f'{int(y)}: {int(n):,}' for y, n in zip(inside['year'], inside['total']))}). "
        "Neither bin may be plotted or modelled as a single year.",
        f"The article's table differs from the current series in **{len(r.changed)}** columns: "
        f"{', '.join(f'`{i}`' for i in r.changed.index)}. Its Total column "
        f"({t.loc['printed Total column', 'male']:,} men, {t.loc['printed Total column', 'female']:,} women) "
        f"does not match the sum of its own rows ({t.loc['sum of printed rows', 'male']:,}, "
        f"{t.loc['sum of printed rows', 'female']:,})" + _total_reason(r) + ".",
        _quarter_finding(r),
        f"The series reproduces **{int((recon['difference'] == 0).sum())} of {len(recon)}** published "
        f"cumulative figures exactly ({recon['as_of'].nunique()} dates; totals and, where published, "
        "men and women)"
        + (f"; the largest difference is {worst} {'person' if worst == 1 else 'people'}, in the "
           f"documented sex split of {join_words(vintages)} (a 2002 newspaper vintage; its total agrees)"
           if worst else "") + ".",
        f"The female shares computed from the counts match **{int(r.shares['agrees'].sum())} of "
        f"{len(r.shares)}** shares printed by the ministry, to one decimal.",
    ]
    return "\n".join(f"* {item}" for item in items) + "\n"


def tidy_view(tidy: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The last ``n`` rows of the tidy series as a reader wants them: the share as a
    percentage, 'bin' as yes/no, counts with thousands separators (the file keeps the
    plain values)."""
    t = tidy.tail(n).set_index("period")
    return t.assign(female_share=(100 * t["female_share"]).map("{:.1f}%".format)).rename(
        columns={"female_share": "female share", "is_bin": "bin, not a year", "n_years": "years"})
