"""Benchmark of the main job against its floor (``make bench``).

Measures, on this machine, in one run:

a. ``all_notebooks_s``: wall time of re-executing every notebook the way the main job
   does (in parallel child processes, one kernel each), as a rerun does: figures whose
   drawing did not change keep their PNG and PDF;
a2. ``all_notebooks_rendered_s``: the same with every figure's PNG and PDF rendered again
   (``FIGURES_RERENDER=1``), as after a change to the figure code; no target;
b. ``floor_s``: the same number of notebooks holding only the imports every analysis
   needs (pandas, matplotlib, seaborn, statsmodels), executed the same way;
c. ``ratio``: a / b (target: at most 1.2);
d. ``noop_main_job_s``: wall time of ``make`` when nothing changed (target: under 1 s);
e. ``kernel_peak_rss_mb``: the largest peak resident memory of a notebook kernel
   (target: under 400 MB);
f. ``setup_s``: a fresh clone's set-up, as the first ``make`` does it (uv installed into
   ``.build/uv`` first, then the lock), with empty package caches; target: less than
g. ``pip_install_s``: ``pip install -r requirements.lock`` alone into a new venv, with an
   empty cache (once each; ``--no-setup`` skips both);
h. ``forced_main_job_s``: every notebook re-executed, then the site built, as ``make``
   does it; ``test_s``: ``make test``; ``test_ratio``: test_s / forced_main_job_s (target:
   at most 2). Once each; ``--no-tests`` skips them.

Each of a-e is the median of ``--repeat`` runs. The table goes to ``.build/bench/results.csv``
(git-ignored) together with the machine it came from.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from buildtools import run, skip_iri_grammars
from helpers.paths import ROOT

OUT = ROOT / ".build" / "bench"
FLOOR_CODE = ("%matplotlib inline\n"
              "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n"
              "import seaborn as sns\nimport statsmodels.api as sm\n"
              "import statsmodels.formula.api as smf")


def floor_notebooks(n: int) -> list[Path]:
    skip_iri_grammars()
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        nb = new_notebook(cells=[new_code_cell(FLOOR_CODE)], metadata={"kernelspec": dict(run.KERNELSPEC)})
        nb.cells[0]["id"] = "floor"
        path = OUT / f"floor_{i}.ipynb"
        nbformat.write(nb, str(path))
        paths.append(path)
    return paths


def timed(paths: list[Path]) -> tuple[float, int]:
    start = time.perf_counter()
    results = run.execute_paths(paths)
    wall = time.perf_counter() - start
    errors = [f"{p}: {e}" for p, _, _, e in results if e]
    if errors:
        raise SystemExit("benchmark run failed:\n" + "\n".join(errors))
    return wall, max(r for _, _, r, _ in results)


def setup_times() -> tuple[float, float]:
    """Seconds of a fresh clone's set-up (make.py: uv bootstrapped, then the lock) and of
    ``pip install -r requirements.lock`` alone, each from empty caches."""
    python = getattr(sys, "_base_executable", sys.executable)  # the Python that runs make.py
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        shutil.copytree(ROOT / "src", clone / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        for name in ("make.py", "requirements.lock", "pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, clone / name)
        env = dict(os.environ, UV_CACHE_DIR=f"{tmp}/uv-cache", PIP_CACHE_DIR=f"{tmp}/pip-cache",
                   PATH=os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                                        if not (Path(p) / "uv").exists()))
        start = time.perf_counter()
        subprocess.run([python, "-c", "import make; make.ensure_venv()"], cwd=clone, env=env, check=True,
                       capture_output=True)
        setup = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([python, "-m", "venv", f"{tmp}/pip-venv"], check=True)
        pip = Path(tmp) / "pip-venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
        subprocess.run([str(pip), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
                        str(ROOT / "requirements.lock")], env=env, check=True, capture_output=True)
        return setup, time.perf_counter() - start


def test_times() -> tuple[float, float]:
    """Seconds of the main job with every notebook re-executed (then the site, rebuilt), and
    of ``make test``, in this checkout, one after the other."""
    def seconds(*args: str) -> float:
        start = time.perf_counter()
        subprocess.run(list(args), check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - start

    forced = seconds(sys.executable, "-m", "buildtools.run", "--force")
    forced += seconds(sys.executable, "-m", "buildtools.site", "--force")
    return forced, seconds(getattr(sys, "_base_executable", sys.executable), str(ROOT / "make.py"), "test")


def _optional_rows(args: argparse.Namespace) -> list[tuple[str, float, str, str, str]]:
    """The set-up rows (unless --no-setup) and the test rows (unless --no-tests)."""
    rows = []
    if not args.no_setup:
        setup, pip = setup_times()
        rows += [("setup_s", setup, "s", "fresh clone's set-up, as the first make does it (uv)",
                  "< pip_install_s"),
                 ("pip_install_s", pip, "s", "pip install -r requirements.lock alone", "")]
    if not args.no_tests:
        forced, tests = test_times()
        rows += [("forced_main_job_s", forced, "s", "make with every notebook re-executed, then the site", ""),
                 ("test_s", tests, "s", "make test", ""),
                 ("test_ratio", tests / forced, "", "test_s / forced_main_job_s", "<= 2")]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m buildtools.bench")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-setup", action="store_true", help="skip timing a fresh set-up against pip")
    ap.add_argument("--no-tests", action="store_true", help="skip timing make test against a forced main job")
    args = ap.parse_args(argv)

    notebooks = run.notebooks()
    floors = floor_notebooks(len(notebooks))
    a, a2, b, d, rss = [], [], [], [], []
    for i in range(args.repeat):
        wall, peak = timed(notebooks)
        a.append(wall)
        rss.append(peak)
        b.append(timed(floors)[0])
        os.environ["FIGURES_RERENDER"] = "1"
        try:
            a2.append(timed(notebooks)[0])
        finally:
            del os.environ["FIGURES_RERENDER"]
        print(f"run {i + 1}: notebooks {a[-1]:.2f} s, floor {b[-1]:.2f} s, "
              f"every figure rendered {a2[-1]:.2f} s", flush=True)
    # The notebooks were just re-executed without stamps: one main job brings the stamps
    # up to date, then the no-op runs are timed.
    main_job = [sys.executable, str(ROOT / "make.py")]  # what `make` runs, on any system
    subprocess.run(main_job, check=True, capture_output=True, cwd=ROOT)
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run(main_job, check=True, capture_output=True, cwd=ROOT)
        d.append(time.perf_counter() - start)

    med_a, med_b = statistics.median(a), statistics.median(b)
    rows = [
        ("all_notebooks_s", med_a, "s", f"re-execute all {len(notebooks)} notebooks (unchanged figures kept)", ""),
        ("floor_s", med_b, "s", f"{len(notebooks)} import-only notebooks, same way", ""),
        ("ratio", med_a / med_b, "", "all_notebooks_s / floor_s", "<= 1.2"),
        ("all_notebooks_rendered_s", statistics.median(a2), "s",
         f"re-execute all {len(notebooks)} notebooks, every figure rendered again", ""),
        ("noop_main_job_s", statistics.median(d), "s", "make with nothing changed", "< 1"),
        ("kernel_peak_rss_mb", statistics.median(rss) / 1024, "MB", "largest kernel peak RSS", "< 400"),
    ]
    rows += _optional_rows(args)
    machine = (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}")
    OUT.mkdir(parents=True, exist_ok=True)
    lines = ["metric,median,unit,what,target,repeats,machine"]
    lines += [f"{k},{v:.3f},{u},{w},{t},{args.repeat},{machine}" for k, v, u, w, t in rows]
    (OUT / "results.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nmachine: {machine}")
    for k, v, u, _what, t in rows:
        print(f"{k:20s} {v:8.3f} {u:3s} {('target ' + t) if t else ''}")
    print(f"written to {OUT.relative_to(ROOT) / 'results.csv'}")
    _update_readme(rows, machine, args.repeat)
    for p in floors:
        p.unlink()
    return 0


def _update_readme(rows, machine: str, repeat: int) -> None:
    """Write the latest figures into README.md between the bench markers."""
    readme = ROOT / "README.md"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        return
    table = [f"Machine: {machine}; median of {repeat} runs.", "",
             "| measure | value | target |", "|---|---|---|"]
    table += [f"| {w} | {v:.2f} {u} | {t} |" for _, v, u, w, t in rows]
    head, rest = text.split(start, 1)
    readme.write_text(f"{head}{start}\n" + "\n".join(table) + f"\n{end}{rest.split(end, 1)[1]}",
                      encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
