"""The collection's two commands, on Linux, macOS and Windows alike (standard library only).

    python make.py            the main job: set up .venv from the lock (first time only),
                              re-execute the notebooks whose inputs changed, write the
                              figure index, the README's findings and the site
    python make.py test       set up .venv if needed, run the tests and re-execute every
                              notebook under nbval, then fail if that changed any
                              committed notebook, figure or table
    python make.py check      set up .venv if needed and check data/raw/ (every problem,
                              with file, line, column, value and rule)
    python make.py checksums  set up .venv if needed and refresh data/README.md's checksums
    python make.py bench      measure the main job (writes .build/bench/results.csv)
    python make.py explore NB NAME=VALUE ...   rerun one notebook with other parameters
                              into explore/ (committed files untouched)
    python make.py lock       re-pin every dependency (needs the network)
    python make.py clean      remove .venv, .build and site

On Windows use ``py make.py`` (or ``py -3.12 make.py``); the Makefile's ``make`` and
``make test`` call this script. ``.venv`` is created with the Python that runs it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BUILD = ROOT / ".build"
LOCK = ROOT / "requirements.lock"
MIN_PYTHON = (3, 11)


def venv_python(venv: Path = VENV, os_name: str = os.name) -> Path:
    """The interpreter inside a virtual environment, where this platform puts it."""
    return venv / ("Scripts/python.exe" if os_name == "nt" else "bin/python")


#: Installed packages get their bytecode compiled as they are installed (pip's default; uv
#: needs the flag). Where PYTHONDONTWRITEBYTECODE is set, as on some CI machines, Python would
#: otherwise compile pandas, matplotlib and statsmodels again in every kernel and test worker
#: (about 5 s each, 16 s of a forced main job's 44 s).
UV_SYNC_FLAGS = ("--compile-bytecode",)


def _inputs_digest() -> str:
    """What .venv was set up from: the lock, pyproject.toml and how the lock is installed."""
    h = hashlib.sha256(" ".join(UV_SYNC_FLAGS).encode())
    for f in (LOCK, ROOT / "pyproject.toml"):
        h.update(f.read_bytes())
    return h.hexdigest()


#: uv installs the lock in seconds where pip takes a minute; it is itself installed from the
#: package index into .build/uv the first time (unless `uv` is on PATH), at this version.
UV_VERSION = "0.13.8"
UV_ENV = BUILD / "uv"


def venv_python_version(venv: Path = VENV) -> str | None:
    """The Python version (major.minor) a virtual environment was made with, from its pyvenv.cfg."""
    try:
        for line in (venv / "pyvenv.cfg").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() in ("version", "version_info"):
                return ".".join(value.strip().split(".")[:2])
    except OSError:
        return None
    return None


def _quiet(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)


def uv_command() -> list[str] | None:
    """How to call uv: from PATH, else from .build/uv (installed there once with pip); None
    when it cannot be had."""
    found = shutil.which("uv")
    if found:
        return [found]
    python, ready = venv_python(UV_ENV), UV_ENV / ".ready"
    if not (python.exists() and ready.exists() and ready.read_text() == UV_VERSION):
        shutil.rmtree(UV_ENV, ignore_errors=True)
        made = _quiet([sys.executable, "-m", "venv", str(UV_ENV)])
        if made.returncode or _quiet([str(python), "-m", "pip", "install", "--quiet",
                                      "--disable-pip-version-check", f"uv=={UV_VERSION}"]).returncode:
            return None
        ready.write_text(UV_VERSION)
    return [str(python), "-m", "uv"]


def _uv_env() -> dict[str, str]:
    """uv with the index and certificates pip is configured with here."""
    env = dict(os.environ)
    if "PIP_INDEX_URL" in env:
        env.setdefault("UV_DEFAULT_INDEX", env["PIP_INDEX_URL"])
    if "PIP_CERT" in env:
        env.setdefault("SSL_CERT_FILE", env["PIP_CERT"])
    return env


def _install_with_uv(uv: list[str], python: Path) -> bool:
    """Make .venv (if missing) and sync it to the lock with uv; False (saying why) on failure."""
    steps = [[*uv, "pip", "sync", "--python", str(python), "--quiet", *UV_SYNC_FLAGS, str(LOCK)],
             [*uv, "pip", "install", "--python", str(python), "--quiet", "--no-deps",
              "--no-build-isolation", "-e", "."]]
    if not python.exists():
        steps.insert(0, [*uv, "venv", "--python", sys.executable, "--quiet", str(VENV)])
    for step in steps:
        done = _quiet(step, env=_uv_env())
        if done.returncode:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
            print(f"uv failed ({last[0]}); installing with pip instead (slower)", flush=True)
            shutil.rmtree(VENV, ignore_errors=True)
            return False
    return True


def _install_with_pip(python: Path) -> None:
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(LOCK)], check=True, cwd=ROOT)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", "."], check=True, cwd=ROOT)


def venv_checkout(venv: Path = VENV) -> Path | None:
    """The checkout a virtual environment was set up for: where its editable install of this
    project points (``src/``'s parent), or None if it has none."""
    for pth in [*venv.glob("lib/python*/site-packages/__editable__.*.pth"),
                *venv.glob("Lib/site-packages/__editable__.*.pth")]:
        for line in pth.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip() and not line.startswith(("import ", "#")):
                return Path(line.strip()).parent
    return None


def _remove(folder: Path) -> None:
    """Remove a folder; if the checkout does not allow it, the error names the folder (rmtree's
    names only the file inside it)."""
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(folder)) from None


def ensure_venv() -> Path:
    """Create ``.venv`` and install the lock into it when it is missing or out of date.

    uv installs it when it can be had (about 15 s from a fresh clone, bytecode compiled),
    else pip (a minute or two), saying so. A ``.venv`` made with another Python than the one running this
    script is made again, and so is one set up for another checkout (this one was copied or
    moved: its editable install would run the original's code).
    """
    if sys.version_info < MIN_PYTHON:
        raise SystemExit(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed; this is "
                         f"{sys.version_info[0]}.{sys.version_info[1]}. Run it with a newer one, "
                         "for example: py -3.12 make.py (Windows) or make PYTHON=python3.12")
    python, ready = venv_python(VENV), VENV / ".ready"
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    made_with = venv_python_version(VENV)
    if VENV.exists() and made_with != this:
        print(f"rebuilding .venv: it was made with Python {made_with or 'unknown'}, and this is "
              f"Python {this}", flush=True)
        _remove(VENV)
    elif VENV.exists() and (home := venv_checkout(VENV)) is not None and home.resolve() != ROOT.resolve():
        print(f"setting .venv up again: it was set up for the checkout at {home}, and this checkout "
              f"(copied or moved) is at {ROOT}", flush=True)
        _remove(VENV)
    if python.exists() and ready.exists() and ready.read_text() == _inputs_digest():
        return python
    action = "updating .venv (the lock changed)" if python.exists() else "creating .venv"
    print(f"Set-up: {action} and installing the pinned packages of requirements.lock "
          "(about 200 MB) ...", flush=True)
    uv = uv_command()
    if uv is None:
        print("uv could not be installed; installing with pip instead (a minute or two)", flush=True)
    if uv is None or not _install_with_uv(uv, python):
        _install_with_pip(python)
    ready.write_text(_inputs_digest())
    return python


def _src(module: str):
    """A standard-library-only module of src/ (buildtools.joblock, helpers.cli), before .venv exists."""
    import importlib

    sys.path.insert(0, str(ROOT / "src"))
    try:
        return importlib.import_module(module)
    finally:
        sys.path.pop(0)


def _run(*args: str, env: dict | None = None) -> int:
    """A step of the job, in a process group of its own that an interruption stops whole."""
    return _src("buildtools.joblock").run_step(list(args), cwd=ROOT, env=env)


def _job_lock(what: str | None = None):
    """The checkout's job lock, held until every process of the job has ended."""
    what = what or ("make" if sys.argv[1:2] in ([], ["all"]) else "make test")
    return _src("buildtools.joblock").hold(BUILD / "job.lock", what)


def main_job() -> int:
    python = str(ensure_venv())
    with _job_lock():  # notebooks, figure index, README findings and site: one job at a time
        return _run(python, "-m", "buildtools.run") or _run(python, "-m", "buildtools.site")


def test() -> int:
    """The tests, with every figure rendered afresh (FIGURES_RERENDER=1), so the rerun check
    also proves that each committed figure is what a clean render produces."""
    python = str(ensure_venv())
    snapshot = str(BUILD / "before-test.json")
    with _job_lock():  # a running main job would rewrite the files the tests compare
        if _run(python, "-m", "buildtools.run", "snapshot", snapshot):
            return 1
        status = _run(python, "-m", "pytest", env=dict(os.environ, FIGURES_RERENDER="1"))
        return _run(python, "-m", "buildtools.run", "compare", snapshot) or status


def explore(args: list[str]) -> int:
    """One notebook with other parameters (python -m buildtools.explore)."""
    return _run(str(ensure_venv()), "-m", "buildtools.explore", *args)


def bench() -> int:
    return _run(str(ensure_venv()), "-m", "buildtools.bench")


def check() -> int:
    """data/raw/ checked as the main job checks it first (python -m helpers.data check)."""
    return _run(str(ensure_venv()), "-m", "helpers.data", "check")


def checksums() -> int:
    """data/README.md's checksums of data/raw/ refreshed, after a file was added or corrected."""
    python = str(ensure_venv())
    with _job_lock("checksums"):  # it rewrites data/README.md, which a running job reads
        return _run(python, "-m", "helpers.data", "checksums")


def lock() -> int:
    """Re-pin with uv (installed into .build/uv): one universal lock, also for Binder."""
    uv = uv_command()
    if uv is None:
        print("error: uv could not be installed (it needs the package index)", file=sys.stderr)
        return 1
    status = subprocess.run([*uv, "pip", "compile", "pyproject.toml", "requirements-build.in",
                             "--universal", "--python-version", "3.11", "--no-header", "-o",
                             "requirements.lock"], cwd=ROOT, env=_uv_env()).returncode
    if status == 0:
        shutil.copy(LOCK, ROOT / "binder" / "requirements.txt")
    return status


def clean() -> int:
    """Remove .venv, .build and site, once a job running in this checkout has ended (it
    waits for the job lock, and says so, rather than pull the files from under the job)."""
    with _job_lock("clean"):
        for path in (VENV, BUILD, ROOT / "site"):
            shutil.rmtree(path, ignore_errors=True)
    return 0


COMMANDS = {"all": main_job, "test": test, "check": check, "checksums": checksums, "bench": bench, "lock": lock,
            "clean": clean}


def explore_arguments(nb: str, params: str) -> list[str]:
    """``make explore NB=03 PARAMS="BREAK=2010 OTHER_BREAKS=(-3, -1)"``: the notebook and one
    argument per ``NAME=VALUE`` (a value may hold spaces). The Makefile passes NB and PARAMS
    through the environment, never through a shell, so nothing in them runs."""
    import re

    pairs = [p for p in re.split(r"\s+(?=[A-Za-z_][A-Za-z0-9_]*=)", params.strip()) if p]
    return [nb.strip(), *pairs]


def main(argv: list[str]) -> int:
    name = argv[0] if argv else "all"
    if name == "explore" and len(argv) == 1 and os.environ.get("NB"):  # from the Makefile
        argv = ["explore", *explore_arguments(os.environ["NB"], os.environ.get("PARAMS", ""))]
    if name == "explore" and len(argv) >= 2:
        run = lambda: explore(argv[1:])  # noqa: E731
    elif name not in COMMANDS or len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    else:
        run = COMMANDS[name]
    _src("helpers.cli").stop_like_ctrl_c()  # SIGTERM or SIGHUP (a closed terminal): stop as Ctrl-C does
    try:
        return run()
    except KeyboardInterrupt:
        print("\ninterrupted; run the same command again to finish", file=sys.stderr)
        return 130
    except OSError as exc:  # a read-only checkout, a full disk: one line, no traceback
        line = _src("helpers.cli").disk_problem(exc)
        if line is None:
            raise
        print(f"error: {line}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(map(str, exc.cmd))} failed with exit code {exc.returncode}",
              file=sys.stderr)
        return exc.returncode or 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
