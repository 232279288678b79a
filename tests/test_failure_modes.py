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
    envs = []
    monkeypatch.setattr(make, "_run", lambda *a, env=None: calls.append((held[-1:], a[1:3])) or envs.append(env) or 0)
    assert make.main_job() == 0 and make.test() == 0
    assert calls and all(state == [True] for state, _ in calls), calls
    assert ("-m", "pytest") in [a for _, a in calls]
    assert [e["FIGURES_RERENDER"] for e in envs if e] == ["1"]  # the tests render every figure afresh
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


@pytest.mark.parametrize("how", ["copied", "moved"])
def test_a_copied_or_moved_checkout_sets_its_venv_up_again(how, tmp_path, monkeypatch, capsys):
    """Issue 38: a `cp -a` copy ran (and stamped) the original; a moved one failed with "No
    module named 'buildtools'" and no hint."""
    make = load_make()
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    venv = fake_venv(tmp_path / "copy", this)
    site_packages = venv / "lib" / f"python{this}" / "site-packages"
    site_packages.mkdir(parents=True)
    original = tmp_path / "original"
    if how == "copied":
        (original / "src").mkdir(parents=True)
    (site_packages / "__editable__.nk_defector_arrivals-0.1.0.pth").write_text(f"{original / 'src'}\n")
    monkeypatch.setattr(make, "_inputs_digest", lambda: "the lock")
    (venv / ".ready").write_text("the lock")  # up to date, but for the original
    monkeypatch.setattr(make, "VENV", venv)
    monkeypatch.setattr(make, "ROOT", tmp_path / "copy")
    seen = []
    monkeypatch.setattr(make, "uv_command", lambda: ["uv"])
    monkeypatch.setattr(make, "_install_with_uv", lambda uv, python: seen.append(venv.exists()) or
                        fake_venv(tmp_path / "copy", "x") and True)
    make.ensure_venv()
    out = capsys.readouterr().out
    assert f"it was set up for the checkout at {original}, and this checkout (copied or moved)" in out
    assert "creating .venv" in out and seen == [False]


def test_a_venv_set_up_for_this_checkout_is_kept(tmp_path, monkeypatch, capsys):
    make = load_make()
    this = f"{sys.version_info[0]}.{sys.version_info[1]}"
    venv = fake_venv(tmp_path, this)
    site_packages = venv / "lib" / f"python{this}" / "site-packages"
    site_packages.mkdir(parents=True)
    (site_packages / "__editable__.nk_defector_arrivals-0.1.0.pth").write_text(f"{tmp_path / 'src'}\n")
    monkeypatch.setattr(make, "_inputs_digest", lambda: "the lock")
    (venv / ".ready").write_text("the lock")
    monkeypatch.setattr(make, "VENV", venv)
    monkeypatch.setattr(make, "ROOT", tmp_path)
    assert make.venv_checkout(venv) == tmp_path
    assert make.ensure_venv() == make.venv_python(venv) and capsys.readouterr().out == ""


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


STEP = """
import subprocess, sys, time
from helpers import cli
cli.stop_like_ctrl_c()
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # a notebook's process
open(sys.argv[1], "w").write(str(child.pid))
try:
    time.sleep(120)
except KeyboardInterrupt:
    time.sleep(1)  # its clean-up
    raise
"""

JOB = """
import sys
from pathlib import Path
from buildtools import joblock
from helpers import cli
cli.stop_like_ctrl_c()
with joblock.hold(Path(sys.argv[1]), "make"):
    try:
        joblock.run_step([sys.executable, "-c", sys.argv[2], sys.argv[3]])
    except KeyboardInterrupt:
        sys.exit(130)
"""


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()[:1] \
        not in ("Z", "")


def _started(job: subprocess.Popen, pidfile: Path) -> int:
    for _ in range(300):
        if pidfile.exists() and pidfile.read_text():
            return int(pidfile.read_text())
        assert job.poll() is None, job.communicate()
        time.sleep(0.05)
    raise AssertionError("the job step did not start")


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGTERM are POSIX")
def test_sigterm_to_the_job_stops_every_process_of_its_step_before_the_lock_is_free(tmp_path):
    """Issue 38: `kill -TERM` on make.py stopped make alone; the runner and its notebooks ran
    on, and a second make started at once."""
    import signal

    lock, pidfile = tmp_path / "job.lock", tmp_path / "child.pid"
    job = subprocess.Popen([sys.executable, "-c", JOB, str(lock), STEP, str(pidfile)], stderr=subprocess.PIPE)
    grandchild = _started(job, pidfile)
    job.send_signal(signal.SIGTERM)
    assert job.wait(30) == 130
    assert not _alive(grandchild)  # the step's own process was stopped, not left to run on
    with joblock.hold(lock, "make"):  # and the lock is free at once
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="inherited locks are POSIX")
def test_a_killed_job_leaves_the_lock_held_until_its_step_has_ended(tmp_path, monkeypatch):
    import fcntl
    import os
    import signal

    monkeypatch.delenv(joblock.HELD_ENV, raising=False)
    monkeypatch.delenv(joblock.FD_ENV, raising=False)
    lock, pidfile = tmp_path / "job.lock", tmp_path / "child.pid"
    job = subprocess.Popen([sys.executable, "-c", JOB, str(lock), STEP, str(pidfile)], stderr=subprocess.PIPE)
    step_group = os.getpgid(_started(job, pidfile))  # the step leads a process group of its own
    assert step_group != os.getpgid(job.pid)
    job.kill()  # kill -9: no clean-up at all
    job.wait(30)
    with open(lock, "a+") as fh:
        with pytest.raises(OSError):  # the step still runs, and still holds the lock
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.killpg(step_group, signal.SIGKILL)
        for _ in range(200):
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError("the lock stayed held after the step ended")


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_a_read_only_checkout_or_a_full_disk_is_one_line_in_every_command(err, monkeypatch, capsys):
    """Issue 38: make, make test, the runner and explore ended in tracebacks (`OSError: [Errno
    30]`, `PermissionError ... .build/job.lock`)."""
    from helpers import cli

    def fails(argv=None):
        raise OSError(err, "refused", str(ROOT / ".build" / "job.lock"))

    assert cli.entry(fails, []) == 1
    line = capsys.readouterr().err.strip()
    verb = "use" if err == errno.EACCES else "write"
    assert line.startswith(f"error: could not {verb} ") and ".build/job.lock" in line and "\n" not in line
    assert "run" in line  # what to do
    make = load_make()
    monkeypatch.setitem(make.COMMANDS, "all", fails)
    assert make.main([]) == 1
    assert capsys.readouterr().err.strip() == line


def test_an_error_a_copy_gives_names_the_file_and_not_errno_none():
    """Issue 38: a full disk under site/ printed "error: [Errno None] could not build the site
    (site): None"."""
    import shutil

    from helpers import cli

    exc = shutil.Error([("a/index.html", "site/index.html", "[Errno 28] No space left on device")])
    assert cli.disk_problem(exc) == "could not copy a/index.html to site/index.html: [Errno 28] No space left on device"
    assert cli.disk_problem(OSError(errno.ENOENT, "gone")) is None  # not a disk problem: a traceback, as a bug


def test_the_site_is_swapped_in_whole_and_the_old_one_kept_if_that_fails(tmp_path, monkeypatch):
    from buildtools import site

    monkeypatch.setattr(site, "BUILD_DIR", tmp_path / ".build")
    (tmp_path / ".build").mkdir()
    out, new = tmp_path / "site", tmp_path / ".build" / "html"
    out.mkdir()
    (out / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    real = site.os.replace

    def full(src, dst):
        if Path(src) == new:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(site.os, "replace", full)
    with pytest.raises(OSError):
        site._swap_in(new, out)
    assert (out / "index.html").read_text() == "old"  # the old site, whole, where it was
    monkeypatch.setattr(site.os, "replace", real)
    site._swap_in(new, out)
    assert (out / "index.html").read_text() == "new" and not new.exists()
    assert not (tmp_path / ".build" / "site-old").exists()


def test_a_lock_taken_inside_a_job_leaves_the_job_s_lock_known(tmp_path, monkeypatch):
    """A test that took a lock of its own erased the inherited one from the environment, so a
    later site.main() in the same pytest worker waited for `make test`'s lock forever."""
    import os

    monkeypatch.setenv(joblock.HELD_ENV, "/checkout/.build/job.lock")
    monkeypatch.setenv(joblock.FD_ENV, "7")
    with joblock.hold(tmp_path / "other.lock"):
        assert os.environ[joblock.HELD_ENV] == str(tmp_path / "other.lock")
    assert os.environ[joblock.HELD_ENV] == "/checkout/.build/job.lock" and os.environ[joblock.FD_ENV] == "7"


def test_make_check_is_the_data_check_from_a_fresh_clone_s_one_command():
    """README, "Adding next year's figures": `python3 make.py check` works before any
    `make` (it sets up .venv itself) and prints each raw file's verdict."""
    root = Path(__file__).resolve().parents[1]  # the checkout (not a copy: make.py sets up its own .venv)
    done = subprocess.run([sys.executable, str(root / "make.py"), "check"], cwd=root, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "data/raw/annual_arrivals_by_sex.csv: OK" in done.stdout
