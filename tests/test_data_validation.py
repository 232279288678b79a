"""The loaders refuse malformed input, naming file, line, column, value and rule."""

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import data
from helpers.data import DataValidationError, load_arrivals
from helpers.paths import RAW

ANNUAL = "annual_arrivals_by_sex.csv"


def line_of(year: int) -> int:
    """Line of a year's row in the annual file: header, two bins, then 2002, 2003, ..."""
    return year - 1998


def append_next_year(raw: Path, male: int | str, female: int | str, total: int | str,
                     source: str = "MOU-CN-2020-09", note: str = "") -> tuple[int, int]:
    """Append the year after the last one in the annual file; return (year, line).

    Computed from the data, so the test holds whatever data/raw/ holds."""
    path = raw / ANNUAL
    text = path.read_text(encoding="utf-8")
    year = max(int(row.split(",")[2]) for row in text.splitlines()[1:]) + 1
    path.write_text(text + f"{year},{year},{year},calendar year,{male},{female},{total},{source},{note}\n",
                    encoding="utf-8")
    return year, len(text.splitlines()) + 1


def corrupt(raw: Path, name: str, old: str, new: str, count: int = 1) -> Path:
    path = raw / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def problems_of(raw: Path, path: Path | None = None) -> list[data.Problem]:
    with pytest.raises(DataValidationError) as info:
        load_arrivals(path or raw / ANNUAL,
                      checkpoints=raw / "cumulative_totals.csv",
                      quarterly=raw / "quarterly_arrivals.csv",
                      single_years=raw / "single_year_totals_before_2002.csv",
                      halves=raw / "half_year_arrivals.csv")
    assert isinstance(info.value, ValueError)
    return info.value.problems


def assert_problem(problems, line, column, words, file=ANNUAL):
    hits = [p for p in problems
            if p.file.endswith(file) and p.line == line and p.column == column
            and all(w in p.rule for w in words)]
    assert hits, "no problem at line {} column {} with {}; got:\n{}".format(
        line, column, words, "\n".join(map(str, problems)))
    return hits[0]


# (description, old text, new text, line, column, words in the rule)
CELL_VARIANTS = [
    ("blank count", "2004,2004,2004,calendar year,626,", "2004,2004,2004,calendar year,,",
     line_of(2004), "male", ["blank"]),
    ("decimal count", "2005,2005,2005,calendar year,424,", "2005,2005,2005,calendar year,424.0,",
     line_of(2005), "male", ["decimal"]),
    ("thousands separator", ",1513,2028,", ',1513,"2,028",', line_of(2006), "total",
     ["thousands separator"]),
    ("text in a count", ",573,1981,", ",n/a,1981,", line_of(2007), "male", ["not a number"]),
    ("negative count", ",608,2195,", ",-608,2195,", line_of(2008), "male", ["negative"]),
    ("count with spaces", ",662,2252,", ", 662,2252,", line_of(2009), "male", ["spaces"]),
    ("total not male + female", ",591,1811,2402,", ",591,1811,2403,", line_of(2010), "total",
     ["male + female", "2402"]),
    ("bad year", "2012,2012,2012,", "2012,20x2,2012,", line_of(2012), "year_start",
     ["four-digit year"]),
    ("year does not match label", "2013,2013,2013,", "2013,2014,2014,", line_of(2013), "year_end",
     ["does not match period '2013'"]),
    ("unrecognised period label", "2014,2014,2014,", "Y2014,2014,2014,", line_of(2014), "period",
     ["not a period label"]),
    ("bin start after its end", "1999-2001,1999,2001,", "2001-1999,2001,1999,", 3, "year_start",
     ["after its end"]),
    ("blank source", ",302,1116,1418,MOU-CN-2020-09,", ",302,1116,1418,,", line_of(2016),
     "source", ["blank"]),
    ("terminal escape in a source", ",302,1116,1418,MOU-CN-2020-09,", ",302,1116,1418,MOU-CN-2020-09\x1b[31m,",
     line_of(2016), "source", ["control character (U+001B) at character 15"]),
    ("NUL in a note", '"revised split;', '"revised\x00 split;', line_of(2016), "note", ["U+0000"]),
    ("right-to-left override in a note", '"the article\'s 135', '"the article\'s \u202e135', line_of(2020),
     "note", ["bidirectional override (U+202E)"]),
]


@pytest.mark.parametrize("desc,old,new,line,column,words", CELL_VARIANTS,
                         ids=[v[0] for v in CELL_VARIANTS])
def test_rejects_malformed_cell(raw_copy, desc, old, new, line, column, words):
    corrupt(raw_copy, ANNUAL, old, new)
    problem = assert_problem(problems_of(raw_copy), line, column, words)
    assert problem.value is not None
    assert f"line {line}" in str(problem) and f"column '{column}'" in str(problem)


def test_rejects_duplicate_period(raw_copy):
    path = raw_copy / ANNUAL
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line_of(2005), lines[line_of(2005) - 1])  # 2005 twice, on lines 7 and 8
    path.write_text("".join(lines), encoding="utf-8")
    problems = problems_of(raw_copy)
    assert_problem(problems, line_of(2005) + 1, "period", ["duplicates line 7"])


def test_rejects_gap_between_periods(raw_copy):
    path = raw_copy / ANNUAL
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[line_of(2007) - 1]  # 2008 now follows 2006, on 2007's line
    path.write_text("".join(lines), encoding="utf-8")
    assert_problem(problems_of(raw_copy), line_of(2007), "year_start", ["gap", "2007 missing"])


def test_rejects_overlapping_bin(raw_copy):
    corrupt(raw_copy, ANNUAL, "1999-2001,1999,2001,", "1999-2002,1999,2002,")
    assert_problem(problems_of(raw_copy), line_of(2002), "year_start", ["overlaps"])


def test_rejects_periods_out_of_order(raw_copy):
    path = raw_copy / ANNUAL
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i, j = line_of(2010) - 1, line_of(2011) - 1
    lines[i], lines[j] = lines[j], lines[i]
    path.write_text("".join(lines), encoding="utf-8")
    assert_problem(problems_of(raw_copy), line_of(2011), "year_start", ["overlaps or precedes"])


def test_rejects_cumulative_sum_that_misses_a_checkpoint(raw_copy):
    # Shift one man to women in 2022: every row still adds up, the checkpoints do not.
    corrupt(raw_copy, ANNUAL, "2022,2022,2022,calendar year,35,32,67,",
            "2022,2022,2022,calendar year,34,33,67,")
    problems = problems_of(raw_copy)
    p = assert_problem(problems, 5, "male", ["9,509", "9,510", "difference -1"],
                       file="cumulative_totals.csv")
    assert p.value == "9510"
    assert_problem(problems, 5, "female", ["difference +1"], file="cumulative_totals.csv")


def test_rejects_missing_column(raw_copy):
    path = raw_copy / ANNUAL
    rows = [line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("period,year_start,year_end,coverage,male,female,total,source\n"
                    "~1998,,1998,all,831,116,947,X\n", encoding="utf-8")
    assert rows  # the file was rewritten without its note column
    assert_problem(problems_of(raw_copy), 1, "note", ["missing"])


def test_rejects_unknown_column(raw_copy):
    corrupt(raw_copy, ANNUAL, "source,note\n", "source,note,extra\n")
    assert_problem(problems_of(raw_copy), 1, "extra", ["unknown column"])


def test_rejects_wrong_number_of_fields(raw_copy):
    corrupt(raw_copy, ANNUAL, "2015,2015,2015,calendar year,251,1024,1275,MOU-CN-2020-09,",
            "2015,2015,2015,calendar year,251,1024,1275,MOU-CN-2020-09,,")
    assert_problem(problems_of(raw_copy), line_of(2015), None, ["10 fields", "header has 9"])


def test_rejects_semicolon_delimiter(raw_copy):
    path = raw_copy / ANNUAL
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert_problem(problems_of(raw_copy), 1, None, ["semicolons", "comma-separated"])


def test_rejects_non_utf8_encoding(raw_copy):
    path = raw_copy / ANNUAL
    # One Latin-1 byte in an otherwise UTF-8 file (whatever else the file holds)
    path.write_bytes(path.read_bytes().replace(b"revised split", b"r\xe9vised split", 1))
    p = assert_problem(problems_of(raw_copy), line_of(2016), None, ["UTF-8"])
    assert "0xe9" in p.value


def test_a_byte_order_mark_does_not_shift_the_line_or_byte_of_an_encoding_error(raw_copy):
    """Issue 38: the codec counts positions after a BOM; the report names the true place."""
    path = raw_copy / ANNUAL
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"revised split", b"r\xe9vised split", 1))
    p = assert_problem(problems_of(raw_copy), line_of(2016), None, ["UTF-8"])
    assert "0xe9" in p.value


def test_rejects_empty_file(raw_copy):
    (raw_copy / ANNUAL).write_text("", encoding="utf-8")
    p = assert_problem(problems_of(raw_copy), None, None, ["empty"])
    assert "period,year_start" in p.rule


def test_rejects_missing_file(raw_copy):
    (raw_copy / ANNUAL).unlink()
    assert_problem(problems_of(raw_copy), None, None, ["not found"])


def test_rejects_quarters_that_do_not_add_up_to_the_year(raw_copy):
    corrupt(raw_copy, "quarterly_arrivals.csv", "2021,4,11,4,15,", "2021,4,11,5,16,")
    problems = problems_of(raw_copy)
    assert_problem(problems, 9, "total", ["2021 add up to 64", "has 63"],
                   file="quarterly_arrivals.csv")


def test_rejects_a_half_year_that_disagrees_with_its_quarters(raw_copy):
    """Issue 35: a half year is held to its two quarters where both were published."""
    corrupt(raw_copy, "half_year_arrivals.csv", "2023,1,23,76,99,", "2023,1,23,77,100,")
    assert_problem(problems_of(raw_copy), 4, "total", ["half 1 of 2023 is 100", "quarters 1 and 2 add up to 99"],
                   file="half_year_arrivals.csv")


def test_a_quarter_decades_after_the_series_is_named_as_a_typo(raw_copy):
    """Issue 38: '2099' for a year passed the check and drew 300 empty quarters."""
    path = raw_copy / "quarterly_arrivals.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2099,1,1,2,3,SEGYE-2025-Q1\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n")
    assert_problem(problems_of(raw_copy), lines, "year", ["a quarter of 2099", "a typo?"],
                   file="quarterly_arrivals.csv")


def test_a_june_checkpoint_is_reconciled_through_the_first_half_year(raw_copy):
    """2025's second quarter was never published: the end-of-June total is held to the half year."""
    corrupt(raw_copy, "half_year_arrivals.csv", "2025,1,8,88,96,", "2025,1,8,89,97,")
    problem = assert_problem(problems_of(raw_copy), 12, "total", ["half 1 of 2025", "34,411", "34,410"],
                             file="cumulative_totals.csv")
    assert "(difference +1)" in problem.rule


def test_rejects_single_years_that_do_not_add_up_to_their_bin(raw_copy):
    corrupt(raw_copy, "single_year_totals_before_2002.csv", "2000,312,", "2000,313,")
    assert_problem(problems_of(raw_copy), 7, "total", ["add up to 1,044", "1,043"],
                   file="single_year_totals_before_2002.csv")


def test_reports_all_problems_at_once(raw_copy):
    corrupt(raw_copy, ANNUAL, ",626,1272,", ",626.5,1272,")
    corrupt(raw_copy, ANNUAL, ",591,1811,2402,", ",591,1811,2400,")
    corrupt(raw_copy, "cumulative_totals.csv", "2023-12-31,9542,", "2023-12-31,95x2,")
    problems = problems_of(raw_copy)
    assert_problem(problems, line_of(2004), "male", ["decimal"])
    assert_problem(problems, line_of(2010), "total", ["male + female"])
    line = next(i for i, text in enumerate((raw_copy / "cumulative_totals.csv").read_text(encoding="utf-8")
                                           .splitlines(), 1) if text.startswith("2023-12-31"))
    assert_problem(problems, line, "male", ["not a number"], file="cumulative_totals.csv")
    message = str(DataValidationError(problems))
    assert message.startswith(f"{len(problems)} problems")


def test_article_table_rejects_total_not_sum(raw_copy):
    corrupt(raw_copy, "article_table.csv", "2016,299,1119,1418,", "2016,299,1119,1417,")
    with pytest.raises(DataValidationError) as info:
        data.load_article_table(raw_copy / "article_table.csv")
    assert_problem(info.value.problems, 18, "total", ["male + female"], file="article_table.csv")


def test_clean_raw_files_pass():
    for path in sorted(RAW.glob("*.csv")):
        assert data.check(path) == [], path


def test_load_arrivals_keeps_bins_as_bins():
    df = load_arrivals()
    bins = df[df["is_bin"]]
    assert bins["period"].tolist() == ["~1998", "1999-2001"]
    assert bins["year_start"].isna().tolist() == [True, False]
    assert bins["n_years"].iloc[1] == 3
    assert not df["is_bin"].iloc[2:].any()
    assert str(df["male"].dtype) == "int64" and str(df["year_start"].dtype) == "Int64"


def test_article_table_is_loaded_as_printed():
    art = data.load_article_table().set_index("column_label")
    assert list(art.index[:2]) == ["~1998", "~2001"]
    assert art.loc["2020", "total"] == 135
    assert tuple(art.loc["Total", ["male", "female", "total"]]) == (9402, 24256, 33658)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "helpers.data", *args],
                          capture_output=True, text=True)


def test_cli_exits_0_on_clean_file():
    proc = run_cli("check", str(RAW / ANNUAL))
    assert proc.returncode == 0 and "OK" in proc.stdout


def test_cli_prints_problems_and_exits_1(raw_copy):
    bad = corrupt(raw_copy, "events.csv", "2007-01-01,", "2007-13-01,")
    proc = run_cli("check", str(bad))
    assert proc.returncode == 1
    assert "line 3, column 'date': '2007-13-01': is not a date" in proc.stdout


def test_claims_reject_unknown_test_and_unquoted_text(raw_copy, monkeypatch):
    monkeypatch.setattr(data, "ARTICLE_TEXT", RAW / "article.txt")
    path = corrupt(raw_copy, "article_claims.csv", "annual_total 2016", "yearly_total 2016")
    corrupt(raw_copy, "article_claims.csv", "1,418 were registered", "1,419 were registered")
    # a test's arguments are checked against its signature, in the same pass
    corrupt(raw_copy, "article_claims.csv", "decline 2011 2018", "decline 2011")
    corrupt(raw_copy, "article_claims.csv", "cumulative_above 2019", "cumulative_above twenty19")
    with pytest.raises(DataValidationError) as info:
        data.load_claims(path)
    assert_problem(info.value.problems, 5, "test", ["unknown test"], file="article_claims.csv")
    assert_problem(info.value.problems, 5, "quote", ["verbatim"], file="article_claims.csv")
    assert_problem(info.value.problems, 8, "test", ["takes 2 arguments: decline start end"],
                   file="article_claims.csv")
    assert_problem(info.value.problems, 34, "test", ["cumulative_above year (year: int)"],
                   file="article_claims.csv")


def test_claims_that_are_not_testable_must_say_why(raw_copy):
    path = corrupt(raw_copy, "article_claims.csv",
                   ',none,"About defections (crossings, mostly into China), not arrivals in South '
                   'Korea; arrivals kept rising until 2009"', ",none,")
    with pytest.raises(DataValidationError) as info:
        data.load_claims(path)
    assert_problem(info.value.problems, 2, "note", ["must say why"], file="article_claims.csv")


def test_claims_reject_a_section_that_does_not_hold_the_quote(raw_copy):
    path = corrupt(raw_copy, "article_claims.csv", "C04,Lead,", "C04,Mental health,")
    with pytest.raises(DataValidationError) as info:
        data.load_claims(path)
    assert_problem(info.value.problems, 5, "section", ["stands in the section 'Lead'"],
                   file="article_claims.csv")


def test_rejects_a_year_with_no_arrivals(raw_copy):
    _, line = append_next_year(raw_copy, 0, 0, 0)
    problem = assert_problem(problems_of(raw_copy), line, "total", ["no arrivals"])
    assert problem.value == "0"


def test_rejects_a_count_too_large_for_any_machine_integer_without_a_traceback(raw_copy):
    huge = "9" * 30
    _, line = append_next_year(raw_copy, huge, 0, huge)
    assert_problem(problems_of(raw_copy), line, "male", ["larger than any plausible"])
    proc = run_cli("check", str(raw_copy / ANNUAL))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_accepts_next_year_with_a_note_in_korean(raw_copy):
    append_next_year(raw_copy, 30, 200, 230, note="통일부 잠정 집계 (provisional)")
    assert data.check(raw_copy / ANNUAL) == []


def test_rejects_a_source_key_that_the_data_readme_does_not_expand(raw_copy):
    _, line = append_next_year(raw_copy, 30, 200, 230, source="MOU-CN-2020-09; NOWHERE-2099")
    p = assert_problem(problems_of(raw_copy), line, "source", ["not expanded", "data/README.md"])
    assert p.value == "NOWHERE-2099"
    proc = run_cli("check", str(raw_copy / ANNUAL))
    assert proc.returncode == 1 and "'NOWHERE-2099': source key is not expanded" in proc.stdout


def test_rejects_published_quarters_that_exceed_their_whole_year(raw_copy):
    """Quarters of a year published only in part may not add up to more than the year."""
    quarters = raw_copy / "quarterly_arrivals.csv"
    rows = quarters.read_text(encoding="utf-8").splitlines()
    annual = {r.split(",")[0]: int(r.split(",")[6])
              for r in (raw_copy / ANNUAL).read_text(encoding="utf-8").splitlines()[1:]}
    last = max(int(r.split(",")[0]) for r in rows[1:] if r.split(",")[0] in annual)
    published = [r for r in rows[1:] if r.startswith(f"{last},")]
    over = annual[str(last)] + 1
    edited = [r for r in rows if not r.startswith(f"{last},")] + [f"{last},1,1,{over - 1},{over},X"]
    edited[-1] = edited[-1].replace(",X", "," + published[0].split(",")[-1])
    quarters.write_text("\n".join(edited) + "\n", encoding="utf-8")
    p = assert_problem(problems_of(raw_copy), len(edited), "total", ["more than", f"{annual[str(last)]:,}"],
                       file="quarterly_arrivals.csv")
    assert p.value == str(over)


def test_check_without_paths_checks_every_raw_file():
    proc = run_cli("check")
    assert proc.returncode == 0
    assert all(f"data/raw/{p.name}: OK" in proc.stdout for p in RAW.glob("*.csv"))


@pytest.mark.parametrize("fence", ["```", "```text"])  # data/README.md marks its block as text
def test_checksums_command_rewrites_only_the_checksum_block(tmp_path, monkeypatch, fence):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Data\n\n## Checksums\n\ntext\n\n{fence}\nold  line\n```\n\nafter\n",
                      encoding="utf-8")
    assert data.refresh_checksums(readme) is True
    text = readme.read_text(encoding="utf-8")
    assert "old  line" not in text and text.endswith("```\n\nafter\n") and f"{fence}\n" in text
    assert text.count("  annual_arrivals_by_sex.csv\n") == 1
    assert data.refresh_checksums(readme) is False



def test_a_deleted_raw_file_is_named_by_the_check(tmp_path, monkeypatch):
    """Issue 38: `helpers.data check` passed over a deleted file and exited 0."""
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(data.RAW, raw)
    (raw / "events.csv").unlink()
    monkeypatch.setattr(data, "RAW", raw)
    assert data.main(["check"]) == 1
    problems = [p for p in data.check_all() if p.file.endswith("events.csv")]
    assert problems and "file not found" in problems[0].rule and "git checkout" in problems[0].rule


def test_a_cumulative_count_that_falls_is_refused_unless_its_fall_is_explained(raw_copy, monkeypatch):
    """Issue 35: the composition tables are stocks; a later count below an earlier one is a
    typo or a revision, and a revision needs its reason (helpers.data.STOCK_FALLS_EXPLAINED)."""
    path = raw_copy / "cumulative_composition.csv"
    assert data.check(path) == []  # the one fall in the data (management, 551 -> 550) is explained
    monkeypatch.setattr(data, "STOCK_FALLS_EXPLAINED", {})
    explained = data.check(path)
    assert [(p.column, p.value) for p in explained] == [("total", "550")]
    assert "was 551 on 2020-09-30" in explained[0].rule
    monkeypatch.undo()
    text = path.read_text(encoding="utf-8")
    rows = text.splitlines()
    line = next(i for i, r in enumerate(rows, 1) if r.startswith("2022-12-31,age_at_entry,20-29,"))
    fields = rows[line - 1].split(",")
    fields[5] = "5"  # a total far below September 2020's
    rows[line - 1] = ",".join(fields)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems = data.check(path)
    assert [(p.line, p.column, p.value) for p in problems] == [(line, "total", "5")], problems
    assert "a cumulative count cannot fall" in problems[0].rule


def test_checksums_on_a_full_disk_leave_data_readme_whole(tmp_path, monkeypatch):
    """Issue 38: `helpers.data checksums` rewrote data/README.md in place."""
    import errno
    import pathlib

    readme = tmp_path / "README.md"
    before = "# Data\n\n## Checksums\n\n```\nold  line\n```\n"
    readme.write_text(before, encoding="utf-8")
    real = pathlib.Path.write_text

    def half_then_full(self, text, *a, **kw):
        real(self, text[:10], *a, **kw)
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(pathlib.Path, "write_text", half_then_full)
    with pytest.raises(OSError):
        data.refresh_checksums(readme)
    monkeypatch.undo()
    assert readme.read_text(encoding="utf-8") == before and [p.name for p in tmp_path.iterdir()] == ["README.md"]
