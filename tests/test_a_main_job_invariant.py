"""Whatever the checker accepts, the main job processes to the end, and the tests still pass.

One copy of the collection is given next year's figures (the year after the last one in
``data/raw/``, computed, never typed), as the README's "Adding next year's figures" says:
a year's row, a quarter and a cumulative total with a new source key expanded in
``data/README.md``, the check, the checksums, every notebook and the README's findings,
then the unit tests that read the data, run in the copy: a test that holds only for
today's years fails here. Then the same copy is given the smallest rows the checker
accepts (one arrival, a woman; then one, a man) and every notebook runs again.

The notebooks run one after another in one kernel (tests/copykernel.py), so the libraries
are imported once.
"""

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from copykernel import CopyKernel
from helpers import data
from helpers.cache import CACHE_ENV
from helpers.paths import notebooks

#: The unit tests whose assertions read data/raw or what the notebooks wrote from it.
DATA_TESTS = ["test_data_validation.py", "test_raw_checksums.py", "test_analysis.py", "test_inference.py",
              "test_abroad.py", "test_figure_data.py", "test_outputs.py", "test_notebooks.py"]
PARTS = ("src", "data", "notebooks", "figures", "tests", "docs", "README.md", "README.ko.md", "CITATION.cff",
         "requirements.lock", "pyproject.toml", "LICENSE", "LICENSE-CONTENT", "CONTRIBUTING.md")


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def in_copy(kernel: CopyKernel, *args: str) -> None:
    """``python ARGS`` in the copy, with the copy's helpers; fails with its output."""
    env = dict(os.environ, PYTHONPATH=str(kernel.copy / "src"), **{CACHE_ENV: kernel.cache})
    proc = subprocess.run([sys.executable, *args], cwd=kernel.copy, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def execute_every_notebook(kernel: CopyKernel) -> None:
    """The main job in the copy: every notebook, then the README's findings and the figure index."""
    for path in notebooks(kernel.copy / "notebooks"):
        kernel.execute(nbformat.read(path, as_version=4))
    in_copy(kernel, "-m", "buildtools.site", "--documents")


@pytest.fixture(scope="module")
def kernel():
    shared = CopyKernel(PARTS)
    yield shared
    shared.close()


def test_next_years_figures_added_as_the_readme_says_pass_the_check_the_job_and_the_tests(kernel):
    copy = kernel.copy
    raw = copy / "data" / "raw"
    annual = rows(raw / "annual_arrivals_by_sex.csv")
    year = int(annual[-1]["year_end"]) + 1
    male, female = int(annual[-1]["male"]), int(annual[-1]["female"])
    key = f"TEST-NEXT-{year}"
    # 1. the year's row, its first quarter and the cumulative total, with a new source key
    append(raw / "annual_arrivals_by_sex.csv",
           f"{year},{year},{year},calendar year,{male},{female},{male + female},{key},provisional")
    if not any(r["year"] == str(year) for r in rows(raw / "quarterly_arrivals.csv")):  # a partial year may be there
        append(raw / "quarterly_arrivals.csv", f"{year},1,{male // 4},{female // 4},{male // 4 + female // 4},{key}")
    totals = [sum(int(r[c]) for r in annual) for c in ("male", "female", "total")]
    append(raw / "cumulative_totals.csv", f"{year}-12-31,{totals[0] + male},{totals[1] + female},"
                                          f"{totals[2] + male + female},{key},")
    readme = copy / "data" / "README.md"
    text = readme.read_text(encoding="utf-8")
    row = "| `MOU-CN-2020-09` |"
    assert row in text
    readme.write_text(text.replace(row, f"| `{key}` | A test source for {year}. |\n{row}", 1), encoding="utf-8")
    # 2. the check, 3. the checksums
    in_copy(kernel, "-m", "helpers.data", "check")
    in_copy(kernel, "-m", "helpers.data", "checksums")
    # 4. the main job, then the tests that read the data
    execute_every_notebook(kernel)
    assert str(year) in (copy / "README.md").read_text(encoding="utf-8")
    in_copy(kernel, "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider",
            "-p", "buildtools.pytest_fast_imports", "-p", "no:nbval", "-x", *(f"tests/{t}" for t in DATA_TESTS))


def test_edge_rows_the_checker_accepts_run_through_every_notebook(kernel):
    """After next year's figures (the test above), in the same copy."""
    path = kernel.copy / "data" / "raw" / "annual_arrivals_by_sex.csv"
    year = int(rows(path)[-1]["year_end"]) + 1
    append(path, f"{year},{year},{year},calendar year,0,1,1,MOU-CN-2020-09,")
    append(path, f"{year + 1},{year + 1},{year + 1},calendar year,1,0,1,MOU-CN-2020-09,")
    assert data.check(path) == []  # accepted by the checker ...
    execute_every_notebook(kernel)  # ... and processed to the end
    assert str(year + 1) in (kernel.copy / "data" / "processed" / "arrivals.csv").read_text(encoding="utf-8")
    assert str(year + 1) in (kernel.copy / "README.md").read_text(encoding="utf-8")
