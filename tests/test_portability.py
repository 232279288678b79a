"""What can be checked here of running anywhere: paths per OS, Binder's lock, the CI matrix."""

import importlib.util
from pathlib import Path

import yaml

from helpers.paths import ROOT


def load_make():
    spec = importlib.util.spec_from_file_location("make_script", ROOT / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_venv_interpreter_is_where_each_os_puts_it():
    make = load_make()
    assert make.venv_python(Path("v"), "nt") == Path("v/Scripts/python.exe")
    assert make.venv_python(Path("v"), "posix") == Path("v/bin/python")


def test_binder_installs_the_exact_lock_with_the_same_python():
    assert (ROOT / "binder" / "requirements.txt").read_bytes() == (ROOT / "requirements.lock").read_bytes(), (
        "binder/requirements.txt is not a copy of requirements.lock: run make lock (it re-pins and "
        "copies the lock there), or after a hand edit copy requirements.lock to binder/requirements.txt")
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-" + python.split("=")[1]
    assert "-e ." in (ROOT / "binder" / "postBuild").read_text()


def test_the_ci_workflow_runs_the_test_command_on_three_systems():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = wf["jobs"]["test"]
    assert set(job["strategy"]["matrix"]["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert any(step.get("run") == "python make.py test" for step in job["steps"])


def test_the_makefile_and_ci_call_make_py():
    assert "make.py test" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
