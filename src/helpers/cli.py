"""The command-line entry shared by the modules that run as scripts."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def entry(main: Callable[[list[str] | None], int], argv: list[str] | None = None,
          errors: tuple[type[Exception], ...] = ()) -> int:
    """Run ``main`` with the errors a user can cause (``errors``, Ctrl-C, a closed pipe)
    turned into one plain line instead of a traceback."""
    try:
        return main(argv)
    except errors as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: nothing half-written was kept; run the main job again to finish",
              file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `python -m buildtools.run --list | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
