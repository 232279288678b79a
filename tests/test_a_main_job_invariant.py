"""Whatever the checker accepts, the main job processes to the end.

The collection is copied to a temporary folder, next year's rows are appended with the
smallest counts the checker accepts (one arrival: a woman; then one arrival: a man), and
every notebook's cells are executed there in order, followed by the generated documents.
To keep the suite fast, the notebooks run one after another in a single kernel (with the
namespace reset between them), so the libraries are imported once.
"""

import os
import shutil
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

from buildtools import run
from helpers import data
from helpers.paths import ROOT, notebooks

EDGE_ROWS = ("2026,2026,2026,calendar year,0,1,1,MOU-CN-2020-09,\n"
             "2027,2027,2027,calendar year,1,0,1,MOU-CN-2020-09,\n")


def test_edge_rows_the_checker_accepts_run_through_every_notebook(tmp_path):
    for name in ("src", "data", "notebooks", "figures"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("README.md", "CITATION.cff", "requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    annual = tmp_path / "data" / "raw" / "annual_arrivals_by_sex.csv"
    annual.write_text(annual.read_text(encoding="utf-8") + EDGE_ROWS, encoding="utf-8")
    assert data.check(annual) == []  # accepted by the checker ...
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "src"))
    merged = nbformat.v4.new_notebook()
    # SVG and PDF writing is checked elsewhere (tests/test_figures.py); PNG is enough here.
    fast = "import helpers.figures\nhelpers.figures.FORMATS = ('png',)"
    for path in notebooks(tmp_path / "notebooks"):
        merged.cells += [nbformat.v4.new_code_cell("%reset -f"), nbformat.v4.new_code_cell(fast)]
        merged.cells += [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = env["PYTHONPATH"]  # the kernel imports the copy's helpers
    try:
        NotebookClient(merged, timeout=600, kernel_name=run.KERNEL,
                       resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = saved
    proc = subprocess.run([sys.executable, "-m", "buildtools.site"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2027" in (tmp_path / "data" / "processed" / "arrivals.csv").read_text(encoding="utf-8")
    assert "2027" in (tmp_path / "README.md").read_text(encoding="utf-8")
