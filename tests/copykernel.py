"""A copy of the collection and one kernel that imports its helpers, for many notebook runs.

Starting a kernel costs about five seconds here, nearly all of it importing pandas,
matplotlib and statsmodels. The tests that run notebooks with other parameters or other
data (tests/test_grid.py, tests/test_a_main_job_invariant.py) therefore run them one after
another in one kernel per test worker, with the namespace reset before each, as the
collection's notebooks would run one after another in JupyterLab. The kernel's module
state that a run sets (where outputs go) is set again by every notebook from its
parameters; the prelude also sends them back to the committed places first.

Figures are written as PNG only, in English only: what these tests read is the prose and
the results; tests/test_figures.py and tests/test_korean.py check the other formats and
the Korean drawings, and the main job's run under nbval writes all of them.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from buildtools import run
from helpers.cache import CACHE_ENV
from helpers.paths import FILLS_FINDINGS_ENV, ROOT

PRELUDE = ("%reset -f\n"
           "import helpers.figures, helpers.paths\n"
           "helpers.figures.FORMATS, helpers.figures.LANGUAGES = ('png',), ('en',)\n"
           "helpers.paths.OUT.redirect(None)")


class CopyKernel:
    """``parts`` of the collection copied to a temporary folder, and a kernel whose
    ``helpers`` are the copy's (so every write lands in the copy)."""

    def __init__(self, parts: tuple[str, ...] = ("src", "data", "notebooks", "figures")) -> None:
        from nbclient import NotebookClient
        from nbclient.util import run_sync
        from nbformat.v4 import new_notebook

        self._tmp = tempfile.TemporaryDirectory()
        self.copy = Path(self._tmp.name)
        run.copy_parts(parts, self.copy)  # folders and files
        # the simulations the checkout's own runs drew (helpers.cache): same inputs, same draws
        self.cache = os.environ.get(CACHE_ENV, str(ROOT / ".build" / "cache"))
        env = dict(os.environ, PYTHONPATH=str(self.copy / "src"), **{FILLS_FINDINGS_ENV: "1", CACHE_ENV: self.cache})
        self.km = NotebookClient(new_notebook(), kernel_name=run.KERNEL).create_kernel_manager()
        run_sync(self.km.start_kernel)(env=env, cwd=str(self.copy / "notebooks"), stderr=subprocess.DEVNULL)

    def execute(self, nb) -> None:
        """Execute the notebook node ``nb`` in place (its outputs filled, its findings copied
        to the top as the main job does); :class:`nbclient.exceptions.CellExecutionError`
        on a failing cell."""
        from nbclient import NotebookClient
        from nbformat.v4 import new_code_cell

        nb.cells.insert(0, new_code_cell(PRELUDE))
        client = NotebookClient(nb, km=self.km, timeout=run.TIMEOUT_SECONDS,
                                startup_timeout=run.STARTUP_TIMEOUT_SECONDS, kernel_name=run.KERNEL,
                                record_timing=False, resources={"metadata": {"path": str(self.copy / "notebooks")}})
        try:
            client.execute()
        finally:
            nb.cells.pop(0)
            if client.kc is not None:
                client.kc.stop_channels()
        run.fill_findings(nb)

    def close(self) -> None:
        from nbclient.util import run_sync

        run_sync(self.km.shutdown_kernel)(now=True)
        self._tmp.cleanup()
