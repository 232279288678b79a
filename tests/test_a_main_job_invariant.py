"""Whatever the checker accepts, the main job processes to the end, and the tests still pass.

The collection is copied to a temporary folder and given next year's figures (the year
after the last one in ``data/raw/``, computed, never typed):

- as the README's "Adding next year's figures" says: a year's row, a quarter and a
  cumulative total with a new source key expanded in ``data/README.md``, the check, the
  checksums, every notebook and the site, then the unit tests that read the data, run
  in the copy: a test that holds only for today's years fails here;
- with the smallest rows the checker accepts (one arrival, a woman; then one, a man).

To keep the suite fast, the notebooks run one after another in a single kernel (with the
namespace reset between them), so the libraries are imported once.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from buildtools import run
from helpers import data
from helpers.paths import ROOT, notebooks

#: The unit tests whose assertions read data/raw or what the notebooks wrote from it.
DATA_TESTS = ["test_data_validation.py", "test_raw_checksums.py", "test_analysis.py", "test_inference.py",
              "test_abroad.py", "test_figure_data.py", "test_outputs.py", "test_notebooks.py"]


def copy_collection(dest: Path) -> Path:
    for name in ("src", "data", "notebooks", "figures", "tests", "docs"):
        shutil.copytree(ROOT / name, dest / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("README.md", "README.ko.md", "CITATION.cff", "requirements.lock", "pyproject.toml", "LICENSE",
                 "LICENSE-CONTENT", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, dest / name)
    return dest


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def env_for(copy: Path) -> dict:
    return dict(os.environ, PYTHONPATH=str(copy / "src"))


def execute_every_notebook(copy: Path) -> None:
    merged = nbformat.v4.new_notebook()
    # SVG and PDF writing is checked elsewhere (tests/test_figures.py); PNG is enough here.
    fast = "import helpers.figures\nhelpers.figures.FORMATS = ('png',)"
    for path in notebooks(copy / "notebooks"):
        merged.cells += [nbformat.v4.new_code_cell("%reset -f"), nbformat.v4.new_code_cell(fast)]
        merged.cells += [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(copy / "src")  # the kernel imports the copy's helpers
    try:
        NotebookClient(merged, timeout=600, kernel_name=run.KERNEL,
                       resources={"metadata": {"path": str(copy / "notebooks")}}).execute()
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = saved
    proc = subprocess.run([sys.executable, "-m", "buildtools.site"], cwd=copy, env=env_for(copy),
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_next_years_figures_added_as_the_readme_says_pass_the_check_the_job_and_the_tests(tmp_path):
    copy = copy_collection(tmp_path)
    raw = copy / "data" / "raw"
    annual = rows(raw / "annual_arrivals_by_sex.csv")
    year = int(annual[-1]["year_end"]) + 1
    male, female = int(annual[-1]["male"]), int(annual[-1]["female"])
    key = f"TEST-NEXT-{year}"
    # 1. the year's row, its first quarter and the cumulative total, with a new source key
    append(raw / "annual_arrivals_by_sex.csv",
           f"{year},{year},{year},calendar year,{male},{female},{male + female},{key},provisional")
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
    for args in (["check"], ["checksums"]):
        proc = subprocess.run([sys.executable, "-m", "helpers.data", *args], cwd=copy, env=env_for(copy),
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    # 4. the main job, then the tests that read the data
    execute_every_notebook(copy)
    assert str(year) in (copy / "README.md").read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider",
                           "-p", "buildtools.pytest_fast_imports", "-p", "no:nbval", "-x",
                           *(f"tests/{t}" for t in DATA_TESTS)],
                          cwd=copy, env=env_for(copy), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_edge_rows_the_checker_accepts_run_through_every_notebook(tmp_path):
    copy = copy_collection(tmp_path)
    path = copy / "data" / "raw" / "annual_arrivals_by_sex.csv"
    year = int(rows(path)[-1]["year_end"]) + 1
    append(path, f"{year},{year},{year},calendar year,0,1,1,MOU-CN-2020-09,")
    append(path, f"{year + 1},{year + 1},{year + 1},calendar year,1,0,1,MOU-CN-2020-09,")
    assert data.check(path) == []  # accepted by the checker ...
    execute_every_notebook(copy)  # ... and processed to the end
    assert str(year + 1) in (copy / "data" / "processed" / "arrivals.csv").read_text(encoding="utf-8")
    assert str(year + 1) in (copy / "README.md").read_text(encoding="utf-8")
