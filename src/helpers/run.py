"""The main job: re-execute the notebooks in place, in parallel, only where inputs changed.

Usage::

    python -m helpers.run               # execute what is out of date
    python -m helpers.run --force       # execute every notebook
    python -m helpers.run --list        # say what is out of date and why, run nothing
    python -m helpers.run snapshot F    # record hashes of notebooks and outputs in F
    python -m helpers.run compare F     # fail if any of them changed since the snapshot

A notebook is out of date when the hash of its inputs (its own cells' sources, every
file under ``src/helpers/``, every file under ``data/raw/``, the lock) differs from the
one recorded in ``.build/stamps/`` when it last ran, or when a file it wrote then is
missing or changed. Each notebook runs in its own process with its own kernel; up to
one per core at a time. Execution timestamps are not recorded, so a rerun with the same
inputs rewrites every file byte for byte.

This module imports nothing heavy, so the check "nothing to do" is fast.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpers.paths import FIGURES, MANIFEST_ENV, NOTEBOOKS, PROCESSED, RAW, ROOT, display_path

BUILD = ROOT / ".build"
STAMPS = BUILD / "stamps"
SHARED_INPUTS = [ROOT / "src" / "helpers", RAW, ROOT / "requirements.lock"]
#: Modules of the main job itself, which no notebook imports: changing them re-executes nothing.
NOT_NOTEBOOK_INPUTS = {"run.py", "site.py", "bench.py"}
TIMEOUT_SECONDS = 600


def notebooks() -> list[Path]:
    """The collection's notebooks, in reading order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
                  and p.name not in NOT_NOTEBOOK_INPUTS)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shared_inputs_hash() -> str:
    h = hashlib.sha256()
    for root in SHARED_INPUTS:
        for f in _files(root):
            h.update(f.relative_to(ROOT).as_posix().encode() + b"\0")
            h.update(_sha(f.read_bytes()).encode())
    return h.hexdigest()


def notebook_source_hash(path: Path) -> str:
    """Hash of a notebook's cell types and sources (not its outputs)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = [[c.get("cell_type"), "".join(c.get("source", ""))] for c in nb.get("cells", [])]
    return _sha(json.dumps(parts, ensure_ascii=False).encode())


def _stamp_path(nb: Path) -> Path:
    return STAMPS / f"{nb.stem}.json"


def out_of_date(nb: Path, shared: str) -> str | None:
    """Why ``nb`` must run, or None when it is up to date."""
    stamp = _stamp_path(nb)
    if not stamp.exists():
        return "never executed here"
    try:
        rec = json.loads(stamp.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return "stamp unreadable"
    if rec.get("shared") != shared:
        return "helpers, raw data or lock changed"
    if rec.get("source") != notebook_source_hash(nb):
        return "notebook changed"
    if rec.get("notebook") != _sha(nb.read_bytes()):
        return "notebook file changed"
    for rel, digest in rec.get("outputs", {}).items():
        f = ROOT / rel
        if not f.exists():
            return f"output {rel} missing"
        if _sha(f.read_bytes()) != digest:
            return f"output {rel} changed"
    return None


def execute_one(path: Path) -> None:
    """Execute one notebook in place (called in a child process)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    normalise(nb)
    # Peak resident memory of the finished kernel (a waited-for child of this process).
    import resource
    print(f"KERNEL_MAX_RSS_KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)
    os.replace(tmp, path)


def normalise(nb) -> None:
    """Drop what varies between machines and runs from an executed notebook."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                 "language": "python", "name": "python3"}
    info = nb.metadata.get("language_info", {})
    info.pop("version", None)


def _spawn(nb: Path, env: dict | None = None) -> tuple[float, int, str | None]:
    """Execute one notebook in a child process: (seconds, kernel peak RSS in KB, error)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "helpers.run", "--one", str(nb)],
                          env=env, capture_output=True, text=True)
    error = None if proc.returncode == 0 else (proc.stderr or proc.stdout).strip()[-4000:]
    return time.perf_counter() - start, _rss(proc.stdout), error


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


def _run_child(nb: Path, shared: str) -> tuple[Path, float, str | None]:
    STAMPS.mkdir(parents=True, exist_ok=True)
    manifest = STAMPS / f"{nb.stem}.outputs"
    manifest.unlink(missing_ok=True)
    took, _, error = _spawn(nb, dict(os.environ, **{MANIFEST_ENV: str(manifest)}))
    if error:
        _stamp_path(nb).unlink(missing_ok=True)
        return nb, took, error
    written = sorted(set(manifest.read_text(encoding="utf-8").split())) if manifest.exists() else []
    manifest.unlink(missing_ok=True)
    rec = {
        "shared": shared,
        "source": notebook_source_hash(nb),
        "notebook": _sha(nb.read_bytes()),
        "outputs": {rel: _sha((ROOT / rel).read_bytes()) for rel in written},
        "seconds": round(took, 1),
    }
    _stamp_path(nb).write_text(json.dumps(rec, indent=1, sort_keys=True) + "\n",
                               encoding="utf-8")
    return nb, took, None


def plan(force: bool = False, only: list[str] | None = None) -> list[tuple[Path, str]]:
    """The notebooks to execute, each with the reason."""
    shared = shared_inputs_hash()
    todo = []
    for nb in notebooks():
        if only and nb.stem not in only and nb.name not in only:
            continue
        reason = "forced" if force else out_of_date(nb, shared)
        if reason:
            todo.append((nb, reason))
    return todo


def run(force: bool = False, jobs: int | None = None, only: list[str] | None = None) -> int:
    """Execute the out-of-date notebooks in parallel; 0 when all succeeded."""
    shared = shared_inputs_hash()
    todo = plan(force, only)
    if not todo:
        print("notebooks: all up to date, nothing to execute")
        return 0
    jobs = jobs or min(len(todo), os.cpu_count() or 1)
    # Longest first (by the last recorded duration), so the cores finish together.
    todo.sort(key=lambda item: -_last_seconds(item[0]))
    for nb, reason in todo:
        print(f"executing {display_path(nb)} ({reason})", flush=True)
    failed = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for nb, took, error in pool.map(lambda t: _run_child(t[0], shared), todo):
            if error:
                failed += 1
                print(f"FAILED {display_path(nb)} after {took:.1f} s:\n{error}\n", flush=True)
            else:
                print(f"done {display_path(nb)} in {took:.1f} s", flush=True)
    return 1 if failed else 0


# ------------------------------------------------------------------ rerun check for the tests

TRACKED = [NOTEBOOKS, FIGURES, PROCESSED]


def snapshot() -> dict[str, str]:
    out = {}
    for root in TRACKED:
        if root.exists():
            for f in _files(root):
                if ".ipynb_checkpoints" not in f.parts:
                    out[f.relative_to(ROOT).as_posix()] = _sha(f.read_bytes())
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m helpers.run", description=__doc__.split("\n")[0])
    ap.add_argument("action", nargs="?", choices=["snapshot", "compare"])
    ap.add_argument("file", nargs="?", help="snapshot file for snapshot/compare")
    ap.add_argument("--force", action="store_true", help="execute every notebook")
    ap.add_argument("--list", action="store_true", help="only say what is out of date")
    ap.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: cores)")
    ap.add_argument("--only", nargs="*", help="notebook stems to consider")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.one:
        execute_one(Path(args.one))
        return 0
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
        for nb in notebooks():
            print(f"{display_path(nb)}: {reasons.get(nb, 'up to date')}")
        return 0
    return run(force=args.force, jobs=args.jobs, only=args.only)


if __name__ == "__main__":
    raise SystemExit(main())
