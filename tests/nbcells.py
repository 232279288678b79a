"""Run a notebook's code cells in this process, in one namespace, to test what they compute.

Nothing is written: figure files, tables and results are replaced by no-ops that keep
what would have been saved (each figure's title and its data). ``force`` replaces a value
right after the cell that computes it, so that a test can ask: with this condition the
other way, does every sentence and title that rests on it follow?
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path
from unittest import mock

import matplotlib.pyplot as plt

from helpers import figures, outputs
from helpers.paths import NOTEBOOKS


def _assigned(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def run_cells(notebook: str, force: dict | None = None, params: dict | None = None) -> dict:
    """The namespace after every code cell of ``notebook`` (a file stem) has run, with
    ``params`` replacing values of its parameters cell. ``ns["_figures"]`` maps each figure
    saved to its title and data; ``ns["_written"]`` lists the tables it would have written."""
    force, params = force or {}, params or {}
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    ns: dict = {"_figures": {}, "_written": []}

    def save(fig, name, *, data, **_):
        ns["_figures"][name] = {"title": fig.get_suptitle().replace("\n", " "), "data": data}
        plt.close(fig)

    def write_csv(df, path):
        ns["_written"].append(Path(path).name)
        return Path(path)

    cwd = os.getcwd()
    with mock.patch.object(figures, "save", save), mock.patch.object(outputs, "write_csv", write_csv):
        os.chdir(NOTEBOOKS)
        try:
            for cell in cells:
                if cell["cell_type"] != "code":
                    continue
                source = "".join(cell["source"])
                exec(compile(source, f"{notebook}.ipynb", "exec"), ns)  # noqa: S102 - the notebook's own code
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    ns.update(params)
                ns.update({k: v for k, v in force.items() if k in _assigned(source)})
        finally:
            os.chdir(cwd)
    return ns
