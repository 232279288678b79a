"""The main job: re-execute the notebooks in place, in parallel, only where inputs changed.

Usage::

    python -m buildtools.run               # execute what is out of date
    python -m buildtools.run --force       # execute every notebook
    python -m buildtools.run --list        # say what is out of date and why, run nothing
    python -m buildtools.run snapshot F    # record hashes of notebooks and outputs in F
    python -m buildtools.run compare F     # fail if any of them changed since the snapshot
    python -m buildtools.run redraw NAME --size slide --out DIR   # one figure at another size

A notebook is out of date when one of its inputs differs from what ``.build/stamps/``
recorded when it last ran: its own cells' sources, the helper modules it imports
(directly or through other helpers), every file under ``data/raw/`` and the lock; or when
a file it wrote then is missing or changed. The reason names the changed file.

Before anything executes, every raw file is validated once; on a problem the report is
printed once and nothing runs. One main job runs at a time in a checkout (a lock file in
``.build/``; a second one waits). Each notebook runs in its own process with its own
kernel, up to one per core at a time; a notebook that fails keeps its committed file and
is reported once, with the cell (as numbered in the file) and the error. Execution
timestamps are not recorded, so a rerun with the same inputs rewrites every file byte
for byte.

This module imports nothing heavy, so the check "nothing to do" is fast.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: importing nbformat is slow
    from nbformat import NotebookNode

from buildtools import joblock, skip_iri_grammars
from helpers import cli
from helpers.paths import (
    FIGURES,
    FILLS_FINDINGS_ENV,
    FINDINGS_COMPUTED_TAG,
    FINDINGS_TAG,
    MANIFEST_ENV,
    NOTEBOOKS,
    PROCESSED,
    RAW,
    ROOT,
    WriteFailed,
    display_path,
    file_digest,
    notebooks,
    stale_temporaries,
    write_atomically,
)

BUILD = ROOT / ".build"
STAMPS = BUILD / "stamps"
LOCKFILE = ROOT / "requirements.lock"
JOB_LOCK = BUILD / "job.lock"
TIMEOUT_SECONDS = 600
#: How long a kernel may take to start: nbclient's default (60 s) is too short on a loaded
#: machine (a kernel of notebook 03 once took longer beside a test run).
STARTUP_TIMEOUT_SECONDS = 300


#: The kernel every notebook runs in, and the kernelspec stored in every notebook.
KERNEL = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL}


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith("."))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class NotebookError(Exception):
    """A notebook file that cannot be read (not JSON, not a notebook)."""


def read_notebook_json(path: Path) -> dict:
    """The notebook's JSON; :class:`NotebookError` naming the file, line and column if invalid."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        conflict = " (it holds merge-conflict markers)" if "<<<<<<<" in path.read_text(
            encoding="utf-8", errors="replace") else ""
        raise NotebookError(f"{display_path(path)}, line {exc.lineno}, column {exc.colno}: "
                            f"not valid notebook JSON ({exc.msg}){conflict}") from None
    except UnicodeDecodeError as exc:
        raise NotebookError(f"{display_path(path)}: not UTF-8 text ({exc.reason})") from None


def code_sources(nb: dict) -> list[str]:
    return ["".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code"]


HELPERS = ROOT / "src" / "helpers"


@functools.lru_cache(maxsize=1)
def helpers_modules() -> dict[str, Path]:
    """The modules of the helpers package: {name: file}."""
    return {p.stem: p for p in sorted(HELPERS.glob("*.py"))}


def helper_imports(source: str) -> set[str]:
    """Names of the ``helpers`` modules that Python source imports (IPython magics skipped)."""
    modules = helpers_modules()
    try:
        tree = ast.parse("\n".join(_import_statements(source)))
    except SyntaxError:
        return set(modules)  # cannot tell: depend on every helper
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("helpers.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "helpers":
                found |= {a.name for a in node.names}
            elif node.module.startswith("helpers."):
                found.add(node.module.split(".")[1])
    return found & set(modules)


IMPORT_LINE = re.compile(r"\s*(from\s+helpers\b.*\bimport\b|import\s+helpers\b)")


def _import_statements(source: str) -> list[str]:
    """The import statements of ``helpers`` in ``source``, each on its own (fast to parse)."""
    lines, out, i = source.splitlines(), [], 0
    while i < len(lines):
        if IMPORT_LINE.match(lines[i]):
            stmt = lines[i].split("#")[0].strip()  # each line without its comment, which would hide the rest
            while stmt.count("(") > stmt.count(")") and i + 1 < len(lines):
                i += 1
                stmt += " " + lines[i].split("#")[0].strip()
            out.append(stmt.rstrip().rstrip("\\"))
        i += 1
    return out


def module_closure(names: set[str]) -> list[Path]:
    """The helper files a set of modules needs, through their own helper imports."""
    modules = helpers_modules()
    todo, seen = [*names, "__init__"], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        todo += helper_imports(modules[name].read_text(encoding="utf-8"))
    return [modules[n] for n in sorted(seen)]


def notebook_inputs(nb_path: Path, nb: dict | None = None) -> dict[str, str]:
    """Every file a notebook's result depends on, with its hash (relative path: sha256)."""
    nb = read_notebook_json(nb_path) if nb is None else nb
    modules = set().union(set(), *map(helper_imports, code_sources(nb)))
    files = [*module_closure(modules), *_files(RAW), LOCKFILE]
    return {f.relative_to(ROOT).as_posix(): file_digest(f) for f in files if f.is_file()}


def notebook_source_hash(nb: dict) -> str:
    """Hash of a notebook's cell types and sources (not its outputs)."""
    parts = [[c.get("cell_type"), "".join(c.get("source", ""))] for c in nb.get("cells", [])]
    return _sha(json.dumps(parts, ensure_ascii=False).encode())


def _stamp_path(nb: Path) -> Path:
    return STAMPS / f"{nb.stem}.json"


def out_of_date(nb: Path) -> str | None:
    """Why ``nb`` must run, or None when it is up to date."""
    parsed = read_notebook_json(nb)  # an unreadable notebook is an error, whatever the stamp
    stamp = _stamp_path(nb)
    if not stamp.exists():
        return "never executed here"
    try:
        rec = json.loads(stamp.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return "stamp unreadable"
    if "inputs" not in rec:
        return "recorded by an older version of the main job"
    if rec.get("source") != notebook_source_hash(parsed):
        return "notebook changed"
    if rec.get("notebook") != file_digest(nb):
        return "notebook file changed"
    old, new = rec.get("inputs", {}), notebook_inputs(nb, parsed)
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if changed:
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        return "changed: " + ", ".join(changed[:3]) + more
    for rel, digest in rec.get("outputs", {}).items():
        f = ROOT / rel
        if not f.exists():
            return f"output {rel} missing"
        if file_digest(f) != digest:
            return f"output {rel} changed"
    return None


def execute_one(path: Path) -> None:
    """Execute one notebook in place (called in a child process)."""
    skip_iri_grammars()
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    os.environ[FILLS_FINDINGS_ENV] = "1"  # the kernel leaves the findings at the top to us
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_SECONDS,
        startup_timeout=STARTUP_TIMEOUT_SECONDS,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    try:
        client.execute()
    except CellExecutionError:
        print(failure_report(nb), file=sys.stderr)
        raise SystemExit(1) from None
    except RuntimeError as exc:  # nbclient: "Kernel didn't respond in N seconds", "Kernel died"
        print(f"error: {kernel_failure(exc)}", file=sys.stderr)
        raise SystemExit(1) from None
    fill_findings(nb)
    normalise(nb)
    rss = kernel_peak_rss_kb()
    if rss is not None:
        print(f"KERNEL_MAX_RSS_KB {rss}")

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            nbformat.write(nb, fh)

    try:
        write_atomically(path, write)
    except WriteFailed as exc:
        print(f"error: {exc.strerror}", file=sys.stderr)
        raise SystemExit(1) from None


def fill_findings(nb: NotebookNode) -> None:
    """Copy the findings an executed notebook computed at its end (the Markdown shown by its
    cell tagged ``findings-computed``) into its cell tagged ``findings`` near the top, so
    that they are on the first screen and always the ones the cells below compute."""
    def tagged(tag: str) -> list:
        return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]

    top, computed = tagged(FINDINGS_TAG), tagged(FINDINGS_COMPUTED_TAG)
    if not top and not computed:
        return
    if len(top) != 1 or len(computed) != 1 or top[0].cell_type != "markdown":
        raise ValueError(f"a notebook needs one markdown cell tagged {FINDINGS_TAG!r} and one code cell "
                         f"tagged {FINDINGS_COMPUTED_TAG!r}; this one has {len(top)} and {len(computed)}")
    shown = [o["data"]["text/markdown"] for o in computed[0].get("outputs", [])
             if "text/markdown" in o.get("data", {})]
    if not shown:
        raise ValueError(f"the cell tagged {FINDINGS_COMPUTED_TAG!r} showed no findings")
    text = shown[0] if isinstance(shown[0], str) else "".join(shown[0])
    top[0].source = text.rstrip("\n")


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Errors whose message names the file, the reason and what to do: shown without a traceback.
PLAIN_ERRORS = ("WriteFailed", "DataValidationError")


def failure_report(nb: NotebookNode) -> str:
    """The failing cell of an executed notebook: its number in the file and the error, plain."""
    for number, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                if out.get("ename") in PLAIN_ERRORS:  # its message says it all
                    return (f"cell {number} of {len(nb.cells)} raised {out.get('ename')}: "
                            f"{ANSI.sub('', out.get('evalue', ''))}")
                trace = ANSI.sub("", "\n".join(out.get("traceback", [])))
                lines = [line for line in trace.splitlines() if line.strip()]
                tail = "\n".join("    " + line for line in lines[-6:])
                return (f"cell {number} of {len(nb.cells)} raised {out.get('ename')}: "
                        f"{ANSI.sub('', out.get('evalue', ''))}\n  last lines of the traceback:\n{tail}")
    return "a cell failed, but no error output was recorded"


def kernel_failure(exc: BaseException) -> str:
    """One line for a kernel that did not start or died, saying what to do."""
    what = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (f"the notebook's Python kernel failed ({what}); the machine may be too busy or short of "
            "memory: close other programs, then run the same command again")


def kernel_peak_rss_kb() -> int | None:
    """Peak resident memory of the finished kernel, where the OS can tell (not on Windows)."""
    try:
        import resource
    except ImportError:
        return None
    return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def normalise(nb: NotebookNode) -> None:
    """Drop what varies between machines and runs from an executed notebook."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.get("language_info", {})
    info.pop("version", None)


def _spawn(nb: Path, env: dict | None = None) -> tuple[float, int, str | None]:
    """Execute one notebook in a child process: (seconds, kernel peak RSS in KB, error)."""
    start = time.perf_counter()
    if cli.STOP.is_set():  # interrupted: start nothing more
        return 0.0, 0, "not started: the job was interrupted"
    proc = subprocess.run([sys.executable, "-m", "buildtools.run", "--one", str(nb)],
                          env=env, capture_output=True, text=True, **joblock.inherited())
    error = None if proc.returncode == 0 else _failure_text(proc.stderr or proc.stdout)
    return time.perf_counter() - start, _rss(proc.stdout), error


def _failure_text(text: str, n: int = 40) -> str:
    """A child's failure: its report from the failing cell on, else its last ``n`` lines."""
    lines = ANSI.sub("", text).strip().splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"cell \d+ of \d+ raised|error: ", line)),
                 max(len(lines) - n, 0))
    return "\n".join(lines[start:])


def execute_paths(paths: list[Path], jobs: int | None = None) -> list[tuple[Path, float, int, str | None]]:
    """Execute notebooks in parallel child processes, without stamps (used by the benchmark).

    Returns (path, seconds, kernel peak RSS in KB, error or None) for each.
    """
    paths = sorted(paths, key=lambda p: -_last_seconds(p))  # longest first, as the main job
    with ThreadPoolExecutor(max_workers=jobs or min(len(paths), os.cpu_count() or 1)) as pool:
        return [(p, *r) for p, r in zip(paths, pool.map(_spawn, paths))]


def _last_seconds(nb: Path) -> float:
    try:
        return float(json.loads(_stamp_path(nb).read_text(encoding="utf-8")).get("seconds", 0))
    except (OSError, ValueError):
        return 0.0


def _rss(stdout: str) -> int:
    for line in stdout.splitlines():
        if line.startswith("KERNEL_MAX_RSS_KB "):
            return int(line.split()[1])
    return 0


def _run_child(nb: Path) -> tuple[Path, float, str | None]:
    STAMPS.mkdir(parents=True, exist_ok=True)
    inputs = notebook_inputs(nb)  # as they were when it started
    manifest = STAMPS / f"{nb.stem}.outputs"
    manifest.unlink(missing_ok=True)
    took, _, error = _spawn(nb, dict(os.environ, **{MANIFEST_ENV: str(manifest)}))
    if error:
        _stamp_path(nb).unlink(missing_ok=True)
        return nb, took, error
    written = sorted(set(manifest.read_text(encoding="utf-8").split())) if manifest.exists() else []
    manifest.unlink(missing_ok=True)
    rec = {
        "inputs": inputs,
        "source": notebook_source_hash(read_notebook_json(nb)),
        "notebook": file_digest(nb),
        "outputs": {rel: file_digest(ROOT / rel) for rel in written},
        "seconds": round(took, 1),
    }
    text = json.dumps(rec, indent=1, sort_keys=True) + "\n"
    write_atomically(_stamp_path(nb), lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return nb, took, None


def plan(force: bool = False, only: list[str] | None = None) -> list[tuple[Path, str]]:
    """The notebooks to execute, each with the reason."""
    todo = []
    for nb in notebooks(NOTEBOOKS):
        if only and nb.stem not in only and nb.name not in only:
            continue
        reason = "forced" if force and read_notebook_json(nb) else out_of_date(nb)
        if reason:
            todo.append((nb, reason))
    return todo


def run(force: bool = False, jobs: int | None = None, only: list[str] | None = None) -> int:
    """Execute the out-of-date notebooks in parallel; 0 when all succeeded."""
    todo = plan(force, only)
    if not todo:
        print("notebooks: all up to date, nothing to execute")
        return 0
    # Left by a run killed at once (kill -9, a power cut): a write that failed removes its own.
    for tmp in stale_temporaries(NOTEBOOKS, ROOT / "figures", ROOT / "data" / "processed", STAMPS,
                                 older_than=60):
        tmp.unlink(missing_ok=True)
    from helpers import data  # imports pandas: only when there is work to do

    problems = data.check_all()
    if problems:
        print(data.report(problems))
        print("No notebook was executed. Fix the rows above (python -m helpers.data check "
              "lists them again), then rerun.")
        return 1
    jobs = jobs or min(len(todo), os.cpu_count() or 1)
    # Longest first (by the last recorded duration), so the cores finish together.
    todo.sort(key=lambda item: -_last_seconds(item[0]))
    for nb, reason in todo:
        print(f"executing {display_path(nb)} ({reason})", flush=True)
    failed = []
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        for nb, took, error in pool.map(lambda t: _run_child(t[0]), todo):
            if error:
                failed.append(nb)
                print(f"FAILED {display_path(nb)} after {took:.1f} s: {error}\n", flush=True)
            else:
                print(f"done {display_path(nb)} in {took:.1f} s", flush=True)
    except KeyboardInterrupt:  # the notebooks running stop too (the signal reaches their group)
        cli.STOP.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # no writer outlives the runner
    if failed:
        many = len(failed) > 1
        print(f"{len(failed)} notebook{'s' if many else ''} failed and kept "
              f"{'their' if many else 'its'} last saved version; the figure index, README "
              "findings and site were not rewritten.")
    return 1 if failed else 0


def one_job_at_a_time() -> contextlib.AbstractContextManager[None]:
    """Hold the checkout's job lock (:mod:`buildtools.joblock`); a second job waits."""
    return joblock.hold(JOB_LOCK, "main job")


# ------------------------------------------------------------------ rerun check for the tests

TRACKED = [NOTEBOOKS, FIGURES, PROCESSED]


def snapshot() -> dict[str, str]:
    out = {}
    for root in TRACKED:
        if root.exists():
            for f in _files(root):
                if ".ipynb_checkpoints" not in f.parts:
                    out[f.relative_to(ROOT).as_posix()] = file_digest(f)
    return out


def compare(before: dict[str, str], after: dict[str, str]) -> list[str]:
    changes = []
    for rel in sorted(set(before) | set(after)):
        if rel not in after:
            changes.append(f"removed: {rel}")
        elif rel not in before:
            changes.append(f"new:     {rel}")
        elif before[rel] != after[rel]:
            changes.append(f"changed: {rel}")
    return changes


@contextlib.contextmanager
def collection_copy(parts: tuple[str, ...]) -> Iterator[Path]:
    """A temporary copy of the collection's folders ``parts`` (removed afterwards), in which
    a notebook can run without touching the committed files."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        yield copy_parts(parts, Path(tmp))


def copy_parts(parts: tuple[str, ...], dest: Path) -> Path:
    """The collection's folders and files ``parts`` copied into ``dest`` (no caches)."""
    import shutil

    for part in parts:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(ROOT / part, dest / part)
    return dest


def execute_in_copy(nb: NotebookNode, copy: Path) -> None:
    """Execute ``nb`` in a kernel that imports the copy's helpers (so it writes into the
    copy), with the kernel's start-up warnings silenced; :class:`CellExecutionError` on a
    failing cell."""
    from nbclient import NotebookClient

    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", FILLS_FINDINGS_ENV)}
    os.environ.update({"PYTHONPATH": str(copy / "src"), FILLS_FINDINGS_ENV: "1"})
    try:
        NotebookClient(nb, timeout=TIMEOUT_SECONDS, kernel_name=KERNEL, record_timing=False,
                       resources={"metadata": {"path": str(copy / "notebooks")}}).execute(stderr=subprocess.DEVNULL)
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.update({name: value})
    fill_findings(nb)


def redraw(name: str, size: str, dpi: int, out: Path) -> int:
    """Draw figure ``name`` at another size into ``out``, leaving the collection untouched.

    The collection is copied to a temporary folder; the notebook that makes the figure is
    executed there with every figure's size set to ``size`` (a key of
    ``helpers.figures.SIZES`` or ``WIDTHxHEIGHT`` in inches) and the PNG resolution to
    ``dpi``; the figure's PNG, SVG, PDF and CSV are copied to ``out``. ``ko/NAME`` redraws
    the Korean figure, into ``out/ko``.
    """
    import shutil

    skip_iri_grammars()
    import nbformat

    from helpers import figures

    w, h = (figures.SIZES[size] if size in figures.SIZES else
            tuple(float(v) for v in size.lower().split("x")))
    lang, _, base = name.rpartition("/")
    if lang not in ("", "ko"):
        print(f"error: no language {lang!r}: name a figure (02_female_share) or its Korean twin "
              "(ko/02_female_share)", file=sys.stderr)
        return 1
    folder = Path(lang) if lang else Path()
    nb_path = next((nb for nb in notebooks(NOTEBOOKS) if nb.name[:2] == base[:2]), None)
    if nb_path is None or not (FIGURES / folder / f"{base}.png").exists():
        print(f"error: no figure {name!r} in figures/", file=sys.stderr)
        return 1
    with collection_copy(("src", "data", "notebooks", "figures")) as copy:
        nb = nbformat.read(copy / "notebooks" / nb_path.name, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_code_cell(
            f"import helpers.figures\nhelpers.figures.SIZE_OVERRIDE = ({w}, {h})\n"
            f"helpers.figures.PNG_DPI = {dpi}"))
        execute_in_copy(nb, copy)
        (out / folder).mkdir(parents=True, exist_ok=True)
        for ext in ("png", "svg", "pdf", "csv"):
            shutil.copy(copy / "figures" / folder / f"{base}.{ext}", out / folder / f"{base}.{ext}")
    print(f"wrote {base}.png, .svg, .pdf and .csv at {w:g} x {h:g} inches ({dpi} dpi) to {out / folder}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m buildtools.run", description=__doc__.split("\n")[0])
    ap.add_argument("action", nargs="?", choices=["snapshot", "compare", "redraw"])
    ap.add_argument("file", nargs="?", help="snapshot file for snapshot/compare; figure name for redraw")
    ap.add_argument("--size", default="slide",
                    help="redraw: a size name (column, page, tall, slide) or WIDTHxHEIGHT in inches")
    ap.add_argument("--dpi", type=int, default=200, help="redraw: PNG resolution")
    ap.add_argument("--out", default="redrawn", help="redraw: folder for the files")
    ap.add_argument("--force", action="store_true", help="execute every notebook")
    ap.add_argument("--list", action="store_true", help="only say what is out of date")
    ap.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: cores)")
    ap.add_argument("--only", nargs="*", help="notebook stems to consider")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one:
        execute_one(Path(args.one))
        return 0
    if args.action == "redraw":
        return redraw(args.file, args.size, args.dpi, Path(args.out))
    if args.action == "snapshot":
        Path(args.file).parent.mkdir(parents=True, exist_ok=True)
        Path(args.file).write_text(json.dumps(snapshot(), indent=1, sort_keys=True) + "\n")
        return 0
    if args.action == "compare":
        changes = compare(json.loads(Path(args.file).read_text()), snapshot())
        if changes:
            print("Re-executing the notebooks changed committed outputs:")
            print("\n".join("  " + c for c in changes))
            print("Run the main job (make), inspect the differences with git diff, and commit "
                  "them if they are intended.")
            return 1
        print("rerun check: notebooks, figures and processed tables are unchanged")
        return 0
    if args.list:
        reasons = dict(plan(args.force, args.only))
        for nb in notebooks(NOTEBOOKS):
            print(f"{display_path(nb)}: {reasons.get(nb, 'up to date')}")
        return 0
    with one_job_at_a_time():
        return run(force=args.force, jobs=args.jobs, only=args.only)


def entry(main: Callable[[list[str] | None], int] = main, argv: list[str] | None = None) -> int:
    """Run ``main`` with the errors a user can cause turned into one plain line."""
    return cli.entry(main, argv, errors=(NotebookError, WriteFailed))


if __name__ == "__main__":
    raise SystemExit(entry())
