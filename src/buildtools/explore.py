"""Rerun one notebook with other assumptions, without touching the committed files.

Usage::

    python -m buildtools.explore 03 BREAK=2010
    python -m buildtools.explore 03 START=2005 END=2018   # a notebook by its number or file name
    python -m buildtools.explore all turning_year=2010    # a choice of study.toml, every notebook

(``python3 make.py explore 03 BREAK=2010`` and ``make explore NB=03 PARAMS="BREAK=2010"``
do the same.) The notebook's cell tagged ``parameters`` holds every assumption it makes as
plain Python literals (papermill's convention). Each ``NAME=VALUE`` replaces one of them:
an unknown name or a value of another type is refused in one line before anything runs,
and a value the data do not allow is refused by the notebook's own check, also in one
line. The notebook is executed on a copy of the collection with the new values inserted
after its parameters cell; the executed notebook, its figures and its results go to
``explore/<notebook>-<NAME>-<VALUE>/`` (git-ignored), and the headline results are printed
beside the committed ones. (The notebook itself sends the outputs of a run with other values
under ``explore/``, whoever runs it: :class:`helpers.parameters.NotebookParameters`.)
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import sys
from pathlib import Path

from buildtools import skip_iri_grammars
from helpers.parameters import explore_folder_name
from helpers.paths import EXPLORE, NOTEBOOKS, PROCESSED, ROOT, display_path, notebooks

#: The helpers' error for a value the data do not allow (raised in the notebook's kernel).
PARAMETER_ERRORS = ("ParameterError",)


class ExploreError(Exception):
    """A request explore refuses: the message says what is allowed."""


def find_notebook(name: str, folder: Path = NOTEBOOKS) -> Path:
    """A notebook by number (``03``) or name (``NN_name``, with or without .ipynb)."""
    stem = name.removesuffix(".ipynb")
    hits = [p for p in notebooks(folder) if p.stem == stem or p.stem[:2] == stem.zfill(2)[:2] == stem]
    if not hits:
        names = ", ".join(p.stem for p in notebooks(folder))
        raise ExploreError(f"no notebook {name!r}; the notebooks are {names}")
    return hits[0]


def parameters_cell(nb: dict) -> tuple[int, dict[str, object]]:
    """The index of the cell tagged ``parameters`` and the literal values it assigns."""
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            values: dict[str, object] = {}
            for node in ast.parse("".join(cell["source"])).body:
                if isinstance(node, ast.Assign):
                    value = ast.literal_eval(node.value)
                    for target in node.targets:
                        if isinstance(target, ast.Tuple):
                            values.update(zip((t.id for t in target.elts), value))
                        else:
                            values[target.id] = value
            return i, values
    raise ExploreError("this notebook has no cell tagged 'parameters' (nothing to change)")


def parameters_of(path: Path) -> dict[str, object]:
    """The default parameters of a notebook, as its parameters cell sets them."""
    return parameters_cell(json.loads(Path(path).read_text(encoding="utf-8")))[1]


def _same_type(default: object, value: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return type(default) is type(value)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, tuple):
        return isinstance(value, tuple) and (not default or not value or all(
            _same_type(default[0], v) for v in value))
    return type(default) is type(value)


def parse_overrides(pairs: list[str], defaults: dict[str, object],
                    names: str = "a parameter of this notebook") -> dict[str, object]:
    """``NAME=VALUE`` pairs as values, each checked against ``defaults`` (the parameters
    cell's, or the study choices: ``names`` says which in a refusal)."""
    out = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise ExploreError(f"{pair!r}: write NAME=VALUE, e.g. BREAK=2010")
        if name not in defaults:
            raise ExploreError(f"{name}: not {names}; it has {', '.join(defaults)}")
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            raise ExploreError(f"{name}={text}: not a Python literal (a number, a string in quotes, "
                               "a tuple such as (2010, 2011))") from None
        if isinstance(defaults[name], float) and isinstance(value, int):
            value = float(value)
        if not _same_type(defaults[name], value):
            raise ExploreError(f"{name}={text}: must be {type(defaults[name]).__name__} like its default "
                               f"{defaults[name]!r}")
        out[name] = value
    return out


def run(name: str, pairs: list[str], out_root: Path = EXPLORE) -> int:
    """Execute notebook ``name`` with ``pairs`` into ``out_root``; 0 on success."""
    path = find_notebook(name)
    nb = json.loads(path.read_text(encoding="utf-8"))
    index, defaults = parameters_cell(nb)
    overrides = parse_overrides(pairs, defaults)
    out = out_root / explore_folder_name(path.stem, overrides)  # the notebooks' own rule
    shutil.rmtree(out, ignore_errors=True)
    error = _execute(path, nb, index, overrides, out)
    if error:
        shutil.rmtree(out, ignore_errors=True)
        raise ExploreError(error)
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/ "
          f"({path.name}, figures/, processed/)")
    print(compare_results(PROCESSED / f"{path.stem}.results.csv", out / "processed" / f"{path.stem}.results.csv"))
    return 0


def run_all(pairs: list[str], out_root: Path = EXPLORE) -> int:
    """``explore all turning_year=2010``: change study choices (``study.toml``) and rerun
    every notebook whose parameters follow them, each with the values the new choices give
    (:data:`helpers.study.BINDINGS`); 0 when all succeeded."""
    from helpers import study

    base = study.load()
    new = {**base, **parse_overrides(pairs, base, names="a choice of study.toml")}
    plans = []
    for stem in study.BINDINGS:
        cell = parameters_of(find_notebook(stem))
        changed = {k: v for k, v in study.expected(stem, new).items() if v != cell[k]}
        if changed:
            plans.append((stem, [f"{k}={v!r}" for k, v in changed.items()]))
    if not plans:
        print("no notebook's parameters change with these values")
        return 0
    asked = " ".join(pairs)
    refused, written = [], []
    for stem, stem_pairs in plans:  # every notebook is tried; all refusals are reported at the end
        print(f"{stem}: {' '.join(stem_pairs)}", flush=True)
        try:
            run(stem, stem_pairs, out_root)
            overrides = parse_overrides(stem_pairs, parameters_of(find_notebook(stem)))
            written.append(out_root / explore_folder_name(stem, overrides))
        except ExploreError as exc:
            refused.append(f"{asked} gives {stem} {' '.join(stem_pairs)}, which it refuses: {exc}")
    if refused:
        # A study choice holds for every notebook or for none: the runs that accepted it are
        # not kept beside the ones that refused it, where they would read as the whole study.
        for folder in written:
            shutil.rmtree(folder, ignore_errors=True)
        if written:
            refused.append(f"nothing kept: the runs of {', '.join(f.name for f in written)} were removed, "
                           f"since {asked} does not hold for every notebook")
        raise ExploreError("\n".join(refused))
    return 0


def _execute(path: Path, nb: dict, index: int, overrides: dict[str, object], out: Path) -> str | None:
    """Run the notebook with the overrides on a copy of the collection; an error message or None."""
    skip_iri_grammars()
    import nbformat
    from nbclient.exceptions import CellExecutionError

    from buildtools import run as runner

    node = nbformat.reads(json.dumps(nb), as_version=4)
    if overrides:
        code = "# Parameters changed by explore\n" + "\n".join(f"{k} = {v!r}" for k, v in overrides.items())
        cell = nbformat.v4.new_code_cell(code)
        cell.metadata["tags"] = ["injected-parameters"]
        node.cells.insert(index + 1, cell)
        for i, c in enumerate(node.cells):
            c["id"] = f"cell-{i:02d}"
    with runner.collection_copy(("src", "data", "notebooks")) as copy:
        try:
            runner.execute_in_copy(node, copy)
        except CellExecutionError:
            return _kernel_error(node)
        runner.normalise(node)
        _point_notes_at(node, f"explore/{out.name}/", f"{display_path(out)}/")
        out.mkdir(parents=True)
        nbformat.write(node, str(out / path.name))
        # A run whose values differ from the committed ones wrote under the copy's explore/;
        # one with the committed values (every NAME=VALUE equal to the cell's) into its figures/
        routed = sorted((copy / "explore").glob(f"{path.stem}-*")) if (copy / "explore").is_dir() else []
        figures, processed = ((routed[0] / "figures", routed[0] / "processed") if routed else
                              (copy / "figures", copy / "data" / "processed"))
        shutil.copytree(figures, out / "figures")
        shutil.copytree(processed, out / "processed")
    return None


def _point_notes_at(node, inside: str, shown: str) -> None:
    """The notebook's notes name the folder its outputs went to in the copy (``inside``);
    they are moved to ``shown`` (``--out``), so the notes name that instead."""
    if inside == shown:
        return
    for cell in node.cells:
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    output["data"][mime] = value.replace(f"`{inside}", f"`{shown}")  # the folder or a file in it


def _kernel_error(nb) -> str:
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if o.get("output_type") == "error":
                if o.get("ename") in PARAMETER_ERRORS:
                    return o.get("evalue", "")
                from buildtools import run as runner

                return "the notebook failed: " + runner.failure_report(nb)
    return "the notebook failed"


def compare_results(committed: Path, explored: Path, limit: int = 25) -> str:
    """The results that moved, committed value beside the new one (the parameter rows first)."""
    import csv

    def read(p: Path) -> dict[str, str]:
        with open(p, encoding="utf-8", newline="") as fh:
            return {r["key"]: r["value"] for r in csv.DictReader(fh)}

    old, new = read(committed), read(explored)
    if set(old) != set(new):
        return f"note: the results keys differ from the committed ones: {sorted(set(old) ^ set(new))}"
    moved = sorted((k for k in new if new[k] != old[k]), key=lambda k: (not k.startswith("parameter_"), k))
    lines = [f"{len(moved)} of {len(new)} results differ from the committed ones"
             + (":" if moved else "."), *(f"  {k:45s} {old[k]:>14s} -> {new[k]}" for k in moved[:limit])]
    if len(moved) > limit:
        lines.append(f"  ... and {len(moved) - limit} more (see the results file)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m buildtools.explore", description=__doc__.split("\n")[0])
    ap.add_argument("notebook", help="number (03) or name of the notebook; 'all' with study choices "
                                     "(study.toml) reruns every notebook that follows them")
    ap.add_argument("params", nargs="*", help="NAME=VALUE, as many as wanted")
    ap.add_argument("--out", default=str(EXPLORE), help="folder for the runs (default: explore/)")
    args = ap.parse_args(argv)
    if args.notebook == "all":
        return run_all(args.params, Path(args.out))
    return run(args.notebook, args.params, Path(args.out))


if __name__ == "__main__":
    from helpers import cli

    sys.exit(cli.entry(main, errors=(ExploreError,)))
