"""The command-line entry shared by the modules that run as scripts."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable

#: Set once this process has been asked to stop (Ctrl-C, SIGTERM, SIGHUP): it starts nothing new.
STOP = threading.Event()


def stop_like_ctrl_c() -> None:
    """Make SIGTERM and SIGHUP stop this process as Ctrl-C does (KeyboardInterrupt, and the
    clean-up that follows it), and set :data:`STOP`. Where this process leads its process
    group (a job step, see :func:`buildtools.joblock.run_step`), every process of the group
    is sent the same signal, so nothing it started runs on."""
    def handler(signum, frame):
        if STOP.is_set() and signum != signal.SIGINT:
            return  # a repeat, or the copy this process sent its own group
        STOP.set()
        if signum != signal.SIGINT and os.name == "posix" and os.getpgrp() == os.getpid():
            os.killpg(os.getpgrp(), signum)
        raise KeyboardInterrupt
    names = ["SIGTERM", "SIGHUP"]
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # (a background job ignores it)
        names.append("SIGINT")
    for name in names:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def entry(main: Callable[[list[str] | None], int], argv: list[str] | None = None,
          errors: tuple[type[Exception], ...] = ()) -> int:
    """Run ``main`` with the errors a user can cause (``errors``, Ctrl-C, a closed pipe)
    turned into one plain line instead of a traceback; SIGTERM and SIGHUP stop it as Ctrl-C does."""
    stop_like_ctrl_c()
    try:
        return main(argv)
    except errors as exc:
        print(f"error: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: nothing half-written was kept; run the main job again to finish",
              file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `python -m buildtools.run --list | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a read-only checkout, a full disk
        line = disk_problem(exc)
        if line is None:
            raise
        print(f"error: {line}", file=sys.stderr)
        return 1


def disk_problem(exc: OSError) -> str | None:
    """One line for an error that a full or read-only disk gives (the path, what happened and
    what to do), or None for any other error."""
    from helpers.paths import WRITE_ADVICE

    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        src, dst, why = exc.args[0][0]  # shutil.copytree/move: the first file that failed
        return f"could not copy {src} to {dst}: {why}"
    if exc.errno not in WRITE_ADVICE:
        return None
    verb = "use" if exc.errno in (errno.EACCES, errno.EPERM) else "write"  # (permission may be to read or run)
    return f"could not {verb} {exc.filename}: {WRITE_ADVICE[exc.errno]}" if exc.filename else WRITE_ADVICE[exc.errno]
