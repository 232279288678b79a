"""One job at a time in a checkout: the lock that every writer of the checkout holds.

The main job (notebooks, figure index, README findings, site) and the tests (which
re-execute every notebook in place) write into the same files, so ``make``, ``make
test``, ``python -m buildtools.run`` and ``python -m buildtools.site`` all hold the lock
``.build/job.lock`` while they work; a second one waits for the first and says so.

A process that holds the lock puts its path in the environment (:data:`HELD_ENV`), so
the processes it starts (``make`` starting the runner and the site, ``make test``
starting pytest) do not wait for their own parent; it also passes them the lock's open
file (:func:`inherited`), so the lock is held until the last of them has ended, even if
the parent is killed. A job step runs in a process group of its own
(:func:`run_step`): when the job is interrupted (Ctrl-C, SIGTERM, SIGHUP), every process
of the step is stopped as by Ctrl-C, with its clean-up, and the job waits for it before
it lets the lock go. Standard library only: ``make.py`` imports it before ``.venv`` exists.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HELD_ENV = "NK_JOB_LOCK_HELD"
FD_ENV = "NK_JOB_LOCK_FD"  # the lock's open file, passed on to the processes the job starts


def _lock(fh, blocking: bool) -> None:
    if os.name == "nt":
        import msvcrt

        while True:
            try:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if not blocking:
                    raise
                time.sleep(0.5)
    else:
        import fcntl

        fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))


@contextlib.contextmanager
def hold(path: Path, what: str = "job") -> Iterator[None]:
    """Hold the checkout's lock at ``path`` for the duration; wait (saying so) if another
    job holds it. A no-op in a process started by the job that holds it."""
    path = Path(path)
    if os.environ.get(HELD_ENV) == str(path):
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            _lock(fh, blocking=False)
        except OSError:
            print(f"another job (make or make test) is running in this checkout; the {what} waits "
                  "for it to finish ...", file=sys.stderr, flush=True)
            _lock(fh, blocking=True)
        os.set_inheritable(fh.fileno(), True)
        before = {k: os.environ.get(k) for k in (HELD_ENV, FD_ENV)}  # a lock held around this one stays known
        os.environ[HELD_ENV], os.environ[FD_ENV] = str(path), str(fh.fileno())
        try:
            yield
        finally:
            for key, value in before.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def inherited() -> dict:
    """Keyword arguments for :class:`subprocess.Popen` that pass the held lock on to the child
    (the lock stays held while any process that has it runs); none outside a job."""
    fd = os.environ.get(FD_ENV)
    return {"pass_fds": (int(fd),)} if fd and os.name == "posix" else {}


def run_step(args: list[str], **kw) -> int:
    """Run one step of a job (the runner, the site, pytest) in a process group of its own,
    with the lock passed on. When this process is interrupted (Ctrl-C, or SIGTERM turned into
    Ctrl-C), the whole group is sent SIGTERM, which each of its processes takes as Ctrl-C
    (a background job ignores SIGINT), and this process waits for it to end (a second
    interruption kills it), then raises KeyboardInterrupt: no writer outlives the job."""
    if os.name == "posix":
        kw["process_group"] = 0
    with subprocess.Popen(args, **inherited(), **kw) as proc:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            _stop(proc)
            raise


def _stop(proc: subprocess.Popen) -> None:
    if os.name != "posix":
        proc.wait()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait()
    except KeyboardInterrupt:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
