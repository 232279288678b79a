"""A full disk, two jobs at once, another Python: each ends in one line that says what to do."""

import errno
import importlib.util
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from buildtools import joblock, run
from helpers.paths import ROOT, WriteFailed, stale_temporaries, write_atomically


def disk_full(tmp: Path) -> None:
    tmp.write_text("half a file")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_on_a_full_disk_leaves_nothing_behind_and_says_what_to_do(tmp_path):
    target = tmp_path / "figure.pdf"
    target.write_text("the old figure")
    with pytest.raises(WriteFailed) as info:
        write_atomically(target, disk_full)
    assert str(info.value.strerror).startswith(f"could not write {target}: no space left on the disk")
    assert "free some space" in info.value.strerror
    assert target.read_text() == "the old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["figure.pdf"]  # no temporary file left


def test_the_notebook_write_on_a_full_disk_is_one_line_and_keeps_the_notebook(tmp_path, monkeypatch, capsys):
    import nbclient

    path = tmp_path / "00_a.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), str(path))
    before = path.read_bytes()

    class Client:
        def __init__(self, nb, **kw):
            pass

        def execute(self):
            pass

    def write(nb, fh, **kw):
        fh.write("{ half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(nbclient, "NotebookClient", Client)
    monkeypatch.setattr(nbformat, "write", write)
    with pytest.raises(SystemExit):
        run.execute_one(path)
    err = capsys.readouterr().err.strip()
    assert err == f"error: could not write {path}: no space left on the disk; free some space and run " \
                  "the same command again"
    assert path.read_bytes() == before
    assert stale_temporaries(tmp_path) == []


def test_a_failure_report_names_the_write_that_failed_without_a_traceback():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("save()")])
    nb.cells[0].outputs = [nbformat.v4.new_output(
        "error", ename="WriteFailed", evalue="could not write figures/x.pdf: no space left on the disk",
        traceback=["Traceback", "  File x", "WriteFailed: ..."])]
    assert run.failure_report(nb) == ("cell 1 of 1 raised WriteFailed: could not write figures/x.pdf: "
                                      "no space left on the disk")


def test_a_second_job_waits_and_a_child_of_the_first_does_not(tmp_path, monkeypatch, capsys):
    lock = tmp_path / "job.lock"
    monkeypatch.delenv(joblock.HELD_ENV, raising=False)
    entered = threading.Event()

    def second():
        with joblock.hold(lock, "site"):
            entered.set()

    with joblock.hold(lock, "main job"):
        # a process the job starts (the runner, the site, pytest) does not wait for its parent
        child = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                                "from buildtools import joblock\nwith joblock.hold(Path(sys.argv[1])):\n"
                                "    print('in')", str(lock)], capture_output=True, text=True, timeout=60)
        assert child.stdout == "in\n"
        monkeypatch.delenv(joblock.HELD_ENV)  # as for another job started meanwhile
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        assert not entered.is_set()
    thread.join(5)
    assert entered.is_set()
    assert "another job (make or make test) is running in this checkout; the site waits" in capsys.readouterr().err


def load_make():
    spec = importlib.util.spec_from_file_location("make_script", ROOT / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_and_make_test_hold_the_job_lock_while_they_write(monkeypatch):
    make = load_make()
    held = []

    class Lock:
        def __enter__(self):
            held.append(True)

        def __exit__(self, *exc):
            held.append(False)

    calls = []
    monkeypatch.setattr(make, "ensure_venv", lambda: Path("python"))
    monkeypatch.setattr(make, "_job_lock", Lock)
    monkeypatch.setattr(make, "_run", lambda *a: calls.append((held[-1:], a[1:3])) or 0)
    envs = []
    monkeypatch.setattr(make.subprocess, "run", lambda cmd, **kw: calls.append((held[-1:], cmd[1:3])) or
                        envs.append(kw.get("env")) or subprocess.CompletedProcess(cmd, 0))
    assert make.main_job() == 0 and make.test() == 0
    assert calls and all(state == [True] for state, _ in calls), calls
    assert envs[0]["FIGURES_RERENDER"] == "1"  # the tests render every figure afresh
    assert held == [True, False, True, False]
    removed = []
    monkeypatch.setattr(make, "_job_lock", lambda what=None: Lock())
    monkeypatch.setattr(make.shutil, "rmtree", lambda path, **kw: removed.append((held[-1], Path(path).name)))
    assert make.clean() == 0  # issue 38: make clean waits for a running job, then deletes
    assert removed == [(True, ".venv"), (True, ".build"), (True, "site")] and held[-1] is False


def test_the_site_holds_the_job_lock(monkeypatch):
    from buildtools import site

    held = []

    class Lock:
        def __enter__(self):
            held.append("in")

        def __exit__(self, *exc):
            held.append("out")

    monkeypatch.setattr(run, "one_job_at_a_time", Lock)
    monkeypatch.setattr(site, "_main", lambda args: held.append("work") or 0)
    assert site.main(["--check"]) == 0
    assert held == ["in", "work", "out"]


def fake_venv(root: Path, version: str) -> Path:
    venv = root / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n")
    (venv / "bin" / "python").write_text("")
    return venv


def test_a_venv_made_with_another_python_is_made_again(tmp_path, monkeypatch, capsys):
    make = load_make()
    venv = fake_venv(tmp_path, "3.1.4")
    monkeypatch.setattr(make, "VENV", venv)
    seen = []
    monkeypatch.setattr(make, "uv_command", lambda: ["uv"])
    monkeypatch.setattr(make, "_install_with_uv", lambda uv, python: seen.append(venv.exists()) or
                        fake_venv(tmp_path, "x") and True)
    make.ensure_venv()
    out = capsys.readouterr().out
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert f"rebuilding .venv: it was made with Python 3.1, and this is Python {this}" in out
    assert "creating .venv" in out and seen == [False]


def test_an_existing_venv_is_updated_and_pip_is_the_fallback_saying_so(tmp_path, monkeypatch, capsys):
    make = load_make()
    this = f"{sys.version_info[0]}.{sys.version_info[1]}.0"
    venv = fake_venv(tmp_path, this)
    monkeypatch.setattr(make, "VENV", venv)
    monkeypatch.setattr(make, "uv_command", lambda: None)
    used = []
    monkeypatch.setattr(make, "_install_with_pip", lambda python: used.append("pip"))
    make.ensure_venv()
    out = capsys.readouterr().out
    assert "updating .venv (the lock changed)" in out
    assert "uv could not be installed; installing with pip instead" in out and used == ["pip"]
