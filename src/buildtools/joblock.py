"""One job at a time in a checkout: the lock that every writer of the checkout holds.

The main job (notebooks, figure index, README findings, site) and the tests (which
re-execute every notebook in place) write into the same files, so ``make``, ``make
test``, ``python -m buildtools.run`` and ``python -m buildtools.site`` all hold the lock
``.build/job.lock`` while they work; a second one waits for the first and says so.

A process that holds the lock puts its path in the environment (:data:`HELD_ENV`), so
the processes it starts (``make`` starting the runner and the site, ``make test``
starting pytest) do not wait for their own parent. Standard library only: ``make.py``
imports it before ``.venv`` exists.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HELD_ENV = "NK_JOB_LOCK_HELD"


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
        os.environ[HELD_ENV] = str(path)
        try:
            yield
        finally:
            os.environ.pop(HELD_ENV, None)
