"""The collection's two commands, on Linux, macOS and Windows alike (standard library only).

    python make.py            the main job: set up .venv from the lock (first time only),
                              re-execute the notebooks whose inputs changed, write the
                              figure index, the README's findings and the site
    python make.py test       set up .venv if needed, run the tests and re-execute every
                              notebook under nbval, then fail if that changed any
                              committed notebook, figure or table
    python make.py bench      measure the main job (writes .build/bench/results.csv)
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


def _inputs_digest() -> str:
    h = hashlib.sha256()
    for f in (LOCK, ROOT / "pyproject.toml"):
        h.update(f.read_bytes())
    return h.hexdigest()


def ensure_venv() -> Path:
    """Create ``.venv`` and install the lock into it when it is missing or out of date."""
    if sys.version_info < MIN_PYTHON:
        raise SystemExit(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed; this is "
                         f"{sys.version_info[0]}.{sys.version_info[1]}. Run it with a newer one, "
                         "for example: py -3.12 make.py (Windows) or make PYTHON=python3.12")
    python, ready = venv_python(), VENV / ".ready"
    if python.exists() and ready.exists() and ready.read_text() == _inputs_digest():
        return python
    print("First run (or the lock changed): creating .venv and installing the pinned packages "
          "of requirements.lock (about 200 MB; a minute or two on a fast connection).", flush=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(LOCK)], check=True, cwd=ROOT)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", "."], check=True, cwd=ROOT)
    ready.write_text(_inputs_digest())
    return python


def _run(*args: str) -> int:
    return subprocess.run(list(args), cwd=ROOT).returncode


def main_job() -> int:
    python = str(ensure_venv())
    return _run(python, "-m", "buildtools.run") or _run(python, "-m", "buildtools.site")


def test() -> int:
    python = str(ensure_venv())
    snapshot = str(BUILD / "before-test.json")
    if _run(python, "-m", "buildtools.run", "snapshot", snapshot):
        return 1
    status = _run(python, "-m", "pytest")
    return _run(python, "-m", "buildtools.run", "compare", snapshot) or status


def bench() -> int:
    return _run(str(ensure_venv()), "-m", "buildtools.bench")


def lock() -> int:
    """Re-pin with uv (installed into .build/uv): one universal lock, also for Binder."""
    uv_env = BUILD / "uv"
    subprocess.run([sys.executable, "-m", "venv", str(uv_env)], check=True)
    uv_python = str(venv_python(uv_env))
    subprocess.run([uv_python, "-m", "pip", "install", "--quiet", "uv"], check=True)
    status = _run(uv_python, "-m", "uv", "pip", "compile", "pyproject.toml",
                  "requirements-build.in", "--universal", "--python-version", "3.11",
                  "--no-header", "-o", "requirements.lock")
    if status == 0:
        shutil.copy(LOCK, ROOT / "binder" / "requirements.txt")
    return status


def clean() -> int:
    for path in (VENV, BUILD, ROOT / "site"):
        shutil.rmtree(path, ignore_errors=True)
    return 0


COMMANDS = {"all": main_job, "test": test, "bench": bench, "lock": lock, "clean": clean}


def main(argv: list[str]) -> int:
    name = argv[0] if argv else "all"
    if name not in COMMANDS or len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return COMMANDS[name]()
    except KeyboardInterrupt:
        print("\ninterrupted; run the same command again to finish", file=sys.stderr)
        return 130
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(map(str, exc.cmd))} failed with exit code {exc.returncode}",
              file=sys.stderr)
        return exc.returncode or 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
