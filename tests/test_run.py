"""The main job re-executes exactly the notebooks whose inputs changed, and fails cleanly."""

import json
import os
import shlex
import subprocess
import sys
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from buildtools import run
from helpers import data
from helpers.paths import ROOT


def write_nb(path, code):
    nb = new_notebook(cells=[new_code_cell(code)], metadata={"kernelspec": dict(run.KERNELSPEC)})
    nb.cells[0]["id"] = "cell-0"
    nbformat.write(nb, str(path))


def make_project(root):
    """A small project: three notebooks, two helper modules (g imports h), raw data, an output.

    The notebooks' imports of the project's helpers sit under ``if False:``: the main job
    reads them to find each notebook's inputs, the kernel never runs them.
    """
    for d in ("notebooks", "src/helpers", "raw"):
        (root / d).mkdir(parents=True)
    (root / "src/helpers" / "__init__.py").write_text("")
    (root / "src/helpers" / "h.py").write_text("X = 1\n")
    (root / "src/helpers" / "g.py").write_text("from helpers import h\n")
    (root / "raw" / "d.csv").write_text("a\n1\n")
    (root / "requirements.lock").write_text("pinned\n")
    out = root / "out.txt"
    write_nb(root / "notebooks" / "00_a.ipynb",
             "if False:\n    from helpers import g\n"
             "from helpers.outputs import atomic_write\n"
             f"atomic_write({str(out)!r}, lambda p: p.write_text('a'))\nprint('a')")
    write_nb(root / "notebooks" / "01_b.ipynb", "if False:\n    import helpers.h\nprint('b')")
    write_nb(root / "notebooks" / "02_c.ipynb", "print('c')")


def patch_paths(mp, root):
    mp.setattr(run, "ROOT", root)
    mp.setattr(run, "NOTEBOOKS", root / "notebooks")
    mp.setattr(run, "BUILD", root / ".build")
    mp.setattr(run, "STAMPS", root / ".build" / "stamps")
    mp.setattr(run, "JOB_LOCK", root / ".build" / "main-job.lock")
    mp.setattr(run, "HELPERS", root / "src" / "helpers")
    mp.setattr(run, "RAW", root / "raw")
    mp.setattr(run, "LOCKFILE", root / "requirements.lock")
    run.helpers_modules.cache_clear()


def planned(**kw):
    return sorted(nb.stem for nb, _ in run.plan(**kw))


def fake_spawn(nb, env=None):
    """Stand-in for a kernel (planning does not need one): 00_a writes its output file."""
    if nb.stem == "00_a":
        out = nb.parent.parent / "out.txt"
        out.write_text("a")
        with open(env[run.MANIFEST_ENV], "a", encoding="utf-8") as fh:
            fh.write(f"{out}\n")
    return 0.1, 0, None


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The small project after one run of the main job (executed once for this module)."""
    root = tmp_path_factory.mktemp("project")
    make_project(root)
    with pytest.MonkeyPatch.context() as mp:
        patch_paths(mp, root)
        with pytest.MonkeyPatch.context() as fake:
            fake.setattr(run, "_spawn", fake_spawn)
            assert planned() == ["00_a", "01_b", "02_c"]
            assert run.run() == 0
        yield root
    run.helpers_modules.cache_clear()


@pytest.fixture
def changed(executed):
    """Change a file for one test, then restore its bytes (so the project is up to date again)."""
    saved = {}

    def change(path, edit):
        saved.setdefault(path, path.read_bytes() if path.exists() else None)
        edit(path)

    yield change
    for path, data_ in saved.items():
        if data_ is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data_)
    assert planned() == []


def test_nothing_to_do_after_a_run(executed):
    assert planned() == []
    stamp = json.loads((executed / ".build" / "stamps" / "00_a.json").read_text())
    assert list(stamp["outputs"]) == [str(executed / "out.txt")]
    assert "src/helpers/g.py" in stamp["inputs"] and "src/helpers/h.py" in stamp["inputs"]


def test_editing_one_notebook_reexecutes_only_that_notebook(executed, changed):
    def edit(path):
        nb = nbformat.read(str(path), as_version=4)
        nb.cells[0].source = "print('c, edited')"
        nbformat.write(nb, str(path))

    changed(executed / "notebooks" / "02_c.ipynb", edit)
    assert planned() == ["02_c"]


def test_a_helper_reexecutes_the_notebooks_that_import_it_naming_the_file(executed, changed):
    changed(executed / "src/helpers" / "h.py", lambda p: p.write_text("X = 2  # comment\n"))
    reasons = dict((nb.stem, why) for nb, why in run.plan())
    assert sorted(reasons) == ["00_a", "01_b"]  # 00_a through g; 02_c imports no helper
    assert reasons["00_a"] == "changed: src/helpers/h.py"


def test_a_helper_no_notebook_imports_reexecutes_nothing(executed, changed):
    changed(executed / "src/helpers" / "unused.py", lambda p: p.write_text("Y = 1\n"))
    assert planned() == []


def test_changing_raw_data_reexecutes_every_notebook(executed, changed):
    changed(executed / "raw" / "d.csv", lambda p: p.write_text("a\n2\n"))
    assert planned() == ["00_a", "01_b", "02_c"]


def test_a_missing_output_reexecutes_the_notebook_that_wrote_it(executed, changed):
    changed(executed / "out.txt", lambda p: p.unlink())
    assert planned() == ["00_a"]


def test_executed_notebook_has_outputs_and_no_timing_metadata(tmp_path, monkeypatch):
    make_project(tmp_path)
    patch_paths(monkeypatch, tmp_path)
    assert run.run(only=["00_a"]) == 0
    nb = json.loads((tmp_path / "notebooks" / "00_a.ipynb").read_text())
    cell = nb["cells"][0]
    assert cell["outputs"][0]["text"] == ["a\n"]
    assert "execution" not in cell["metadata"]
    assert "version" not in nb["metadata"].get("language_info", {})


def test_a_failing_notebook_is_reported_once_plainly_and_keeps_its_file(tmp_path, monkeypatch, capsys):
    make_project(tmp_path)
    patch_paths(monkeypatch, tmp_path)
    write_nb(tmp_path / "notebooks" / "03_d.ipynb", "raise ValueError('boom ' * 3)")
    before = (tmp_path / "notebooks" / "03_d.ipynb").read_bytes()
    assert run.run(only=["03_d"]) == 1
    out = capsys.readouterr().out
    assert not (tmp_path / ".build" / "stamps" / "03_d.json").exists()
    assert (tmp_path / "notebooks" / "03_d.ipynb").read_bytes() == before
    assert out.count("cell 1 of 1 raised ValueError: boom boom boom") == 1
    assert "\x1b[" not in out and "were not rewritten" in out


def test_a_kernel_that_does_not_start_is_one_line_saying_what_to_do(tmp_path, monkeypatch, capsys):
    """Issue 34: nbclient's "Kernel didn't respond" is reported in one line, not a traceback."""
    from nbclient import NotebookClient

    def slow(self, **_):
        raise RuntimeError("Kernel didn't respond in 300 seconds")

    monkeypatch.setattr(NotebookClient, "execute", slow)
    path = tmp_path / "00_a.ipynb"
    write_nb(path, "print('a')")
    with pytest.raises(SystemExit):
        run.execute_one(path)
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "Kernel didn't respond in 300 seconds" in err[0] and "run the same command" in err[0]
    assert run.STARTUP_TIMEOUT_SECONDS >= 300


def test_temporary_files_of_a_killed_run_are_removed_by_the_next_one(tmp_path, monkeypatch):
    make_project(tmp_path)
    patch_paths(monkeypatch, tmp_path)
    stale, fresh = tmp_path / "notebooks" / ".00_a.ipynb.k3x9.tmp", tmp_path / "notebooks" / ".01_b.ipynb.q.tmp"
    stale.write_text("")
    fresh.write_text("")  # being written right now by someone else
    old = time.time() - 3600
    os.utime(stale, (old, old))
    monkeypatch.setattr(run, "_spawn", lambda nb, env=None: (0.1, 0, None))
    assert run.run(only=["02_c"]) == 0
    assert not stale.exists() and fresh.exists()


def test_a_data_problem_stops_everything_before_any_notebook_runs(tmp_path, monkeypatch, capsys):
    make_project(tmp_path)
    patch_paths(monkeypatch, tmp_path)
    problem = data.Problem("data/raw/x.csv", 3, "total", "0", "a broken rule")
    monkeypatch.setattr(data, "check_all", lambda: [problem])
    assert run.run() == 1
    out = capsys.readouterr().out
    assert out.count("data/raw/x.csv, line 3, column 'total': '0': a broken rule") == 1
    assert "executing" not in out and not (tmp_path / ".build" / "stamps").exists()


def test_a_notebook_that_is_not_json_is_named_with_line_and_column(tmp_path, monkeypatch, capsys):
    make_project(tmp_path)
    patch_paths(monkeypatch, tmp_path)
    bad = tmp_path / "notebooks" / "02_c.ipynb"
    bad.write_text('{\n "cells": [\n<<<<<<< HEAD\n', encoding="utf-8")
    assert run.entry(lambda argv: run.main(["--list"])) == 1
    err = capsys.readouterr().err
    assert "02_c.ipynb, line 3, column 1: not valid notebook JSON" in err
    assert "merge-conflict" in err and "Traceback" not in err


def test_ctrl_c_is_one_line(capsys):
    def interrupted(argv):
        raise KeyboardInterrupt

    assert run.entry(interrupted) == 130
    err = capsys.readouterr().err.strip()
    assert err.startswith("interrupted") and "\n" not in err


def test_a_closed_pipe_is_not_a_traceback():
    proc = subprocess.run(f"{shlex.quote(sys.executable)} -m buildtools.run --list | head -n 1", shell=True,
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.count("\n") == 1 and "Traceback" not in proc.stderr


def test_runner_works_without_the_resource_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)
    assert run.kernel_peak_rss_kb() is None


def test_notebooks_still_validate_without_the_iri_grammars():
    """skip_iri_grammars() keeps rfc3987-syntax out of the build processes; nbformat still
    validates a notebook and still rejects a broken one."""
    code = ("import buildtools, sys; buildtools.skip_iri_grammars()\n"
            "import nbformat\n"
            "nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb)\n"
            "nb.cells[0]['cell_type'] = 'nonsense'\n"
            "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n    print('rejected')\n"
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)")
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "notebooks" / "00_data.ipynb")],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["rejected", "True"]


