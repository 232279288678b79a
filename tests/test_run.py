"""The main job re-executes exactly the notebooks whose inputs changed."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import run


def write_nb(path, code):
    nb = new_notebook(cells=[new_code_cell(code)], metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"}})
    nb.cells[0]["id"] = "cell-0"
    nbformat.write(nb, str(path))


def make_project(root):
    """A small project: two notebooks, one shared helper file, one raw file, one output."""
    for d in ("notebooks", "helpers", "raw"):
        (root / d).mkdir()
    (root / "helpers" / "h.py").write_text("X = 1\n")
    (root / "raw" / "d.csv").write_text("a\n1\n")
    out = root / "out.txt"
    write_nb(root / "notebooks" / "00_a.ipynb",
             "from helpers.outputs import atomic_write\n"
             f"atomic_write({str(out)!r}, lambda p: p.write_text('a'))\nprint('a')")
    write_nb(root / "notebooks" / "01_b.ipynb", "print('b')")


def patch_paths(mp, root):
    mp.setattr(run, "ROOT", root)
    mp.setattr(run, "NOTEBOOKS", root / "notebooks")
    mp.setattr(run, "STAMPS", root / ".build" / "stamps")
    mp.setattr(run, "SHARED_INPUTS", [root / "helpers", root / "raw"])


def planned(**kw):
    return sorted(nb.stem for nb, _ in run.plan(**kw))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The small project after one run of the main job (executed once for this module)."""
    root = tmp_path_factory.mktemp("project")
    make_project(root)
    with pytest.MonkeyPatch.context() as mp:
        patch_paths(mp, root)
        assert planned() == ["00_a", "01_b"]
        assert run.run() == 0
        yield root


@pytest.fixture
def changed(executed):
    """Change a file for one test, then restore its bytes (so the project is up to date again)."""
    saved = {}

    def change(path, edit):
        saved.setdefault(path, path.read_bytes() if path.exists() else None)
        edit(path)

    yield change
    for path, data in saved.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)
    assert planned() == []


def test_nothing_to_do_after_a_run(executed):
    assert planned() == []
    stamp = json.loads((executed / ".build" / "stamps" / "00_a.json").read_text())
    assert list(stamp["outputs"]) == [str(executed / "out.txt")]


def test_editing_one_notebook_reexecutes_only_that_notebook(executed, changed):
    def edit(path):
        nb = nbformat.read(str(path), as_version=4)
        nb.cells[0].source = "print('b, edited')"
        nbformat.write(nb, str(path))

    changed(executed / "notebooks" / "01_b.ipynb", edit)
    assert planned() == ["01_b"]


def test_changing_a_helper_reexecutes_every_notebook(executed, changed):
    changed(executed / "helpers" / "h.py", lambda p: p.write_text("X = 2\n"))
    assert planned() == ["00_a", "01_b"]


def test_changing_raw_data_reexecutes_every_notebook(executed, changed):
    changed(executed / "raw" / "d.csv", lambda p: p.write_text("a\n2\n"))
    assert planned() == ["00_a", "01_b"]


def test_a_missing_output_reexecutes_the_notebook_that_wrote_it(executed, changed):
    changed(executed / "out.txt", lambda p: p.unlink())
    assert planned() == ["00_a"]


def test_executed_notebook_has_outputs_and_no_timing_metadata(executed):
    nb = json.loads((executed / "notebooks" / "00_a.ipynb").read_text())
    cell = nb["cells"][0]
    assert cell["outputs"][0]["text"] == ["a\n"]
    assert "execution" not in cell["metadata"]
    assert "version" not in nb["metadata"].get("language_info", {})


def test_a_failing_notebook_is_reported_and_left_unstamped(tmp_path, monkeypatch):
    project = tmp_path
    make_project(project)
    patch_paths(monkeypatch, project)
    write_nb(project / "notebooks" / "02_c.ipynb", "raise ValueError('boom')")
    before = (project / "notebooks" / "02_c.ipynb").read_bytes()
    assert run.run(only=["02_c"]) == 1
    assert not (project / ".build" / "stamps" / "02_c.json").exists()
    assert (project / "notebooks" / "02_c.ipynb").read_bytes() == before
