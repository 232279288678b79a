import shutil
from pathlib import Path

import pytest

from helpers.paths import RAW


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ to corrupt."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After a failed notebook cell (nbval), say what to do next in one line."""
    failed = terminalreporter.stats.get("failed", [])
    notebooks = sorted({r.nodeid.split("::")[0] for r in failed if r.nodeid.split("::")[0].endswith(".ipynb")})
    if notebooks:
        terminalreporter.write_line(
            f"{', '.join(notebooks)}: a fresh run differs from the stored outputs. If you changed "
            "data, code or a notebook, run the main job (make) first, review git diff, then make test.")


def pytest_configure(config):
    """SIGTERM (make test stopped, or its job step) stops the tests as Ctrl-C does: with the
    fixtures' teardown, so no kernel or copy is left behind."""
    import signal

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.default_int_handler)
