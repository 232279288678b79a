"""The stored notebooks carry nothing that differs between machines or runs."""

import json
import re

import pytest

from helpers.paths import FINDINGS_COMPUTED_TAG, FINDINGS_TAG, NOTEBOOKS, ROOT, notebooks

NBS = notebooks()


def text_outputs(nb):
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            for key, value in out.get("data", {}).items():
                if not key.startswith("image/"):
                    yield "".join(value) if isinstance(value, list) else str(value)
            if "text" in out:
                yield "".join(out["text"])


@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_notebook_outputs_are_machine_independent(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for text in text_outputs(nb):
        assert str(ROOT) not in text, "an absolute path of this checkout reached an output"
        assert not re.search(r"np\.(float|int)\d+\(", text), "a numpy repr reached an output"
        assert not re.search(r" at 0x[0-9a-f]{6,}", text), "a memory address reached an output"
    for cell in nb["cells"]:
        assert "execution" not in cell.get("metadata", {}), (
            f"{path.name} was saved by another program (JupyterLab?) with execution timings: "
            "run the main job (make) first, then make test")
        if cell["cell_type"] == "code":
            assert cell.get("outputs") is not None
            errors = [o for o in cell["outputs"] if o.get("output_type") == "error"
                      or o.get("name") == "stderr"]
            assert not errors, f"error or warning output in {path.name}"


@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_notebook_opens_with_question_and_has_findings(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    assert first.startswith("# ") and "**Question.**" in first


#: On GitHub, in JupyterLab and on the site (a phone too) the findings must be on the first
#: screen: the title and question before them may take at most this many lines; data and
#: method follow the findings, then a parameters cell (one line per assumption, at most
#: PARAMETER_LINES).
FIRST_SCREEN_LINES, PARAMETER_LINES = 6, 20


def tagged(cells, tag):
    return [c for c in cells if tag in c.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_findings_come_first_and_are_the_ones_the_cells_below_compute(path):
    """The question, then the findings: a markdown cell the main job fills from the cell at
    the end that computes them (issue 20), so that the first screen never disagrees with the
    analysis below it; then the parameters (if any) and the setup."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kinds = [c["cell_type"] for c in cells[:5]]
    assert kinds == ["markdown", "markdown", "markdown", "markdown", "code"], kinds
    question, heading, finding, method = ("".join(c["source"]) for c in cells[:4])
    assert heading.startswith("## Findings") and method.startswith("## Data and method")
    assert len(question.splitlines()) <= FIRST_SCREEN_LINES
    assert tagged(cells, FINDINGS_TAG) == [cells[2]]
    params = tagged(cells, "parameters")
    if params:
        assert params == [cells[4]], "the parameters cell comes right after the data and method"
        assert len("".join(cells[4]["source"]).splitlines()) <= PARAMETER_LINES
    (computed,) = tagged(cells, FINDINGS_COMPUTED_TAG)
    assert "report.show_findings(" in "".join(computed["source"])
    shown = ["".join(o["data"]["text/markdown"]) for o in computed["outputs"] if "text/markdown" in o.get("data", {})]
    assert finding.strip() == shown[0].strip(), "the findings at the top are not the ones computed below: run make"
    assert len(shown) == 1, "the findings cell warns that the findings differ from those at the top"


@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_fits_and_conditions_are_in_the_notebook_not_behind_one_call(path):
    """The analysis is shown (issue 20): no per-notebook analyse() namespace is called."""
    source = "".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    assert ".analyse(" not in source


def test_notebooks_are_numbered_in_reading_order():
    assert [p.name[:2] for p in NBS] == [f"{i:02d}" for i in range(len(NBS))]
    assert NOTEBOOKS.exists()


def test_every_figure_file_is_made_by_a_notebook():
    """No stale figure is left behind after a rename: each file has its save() call."""
    saved = set()
    for path in NBS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            saved |= set(re.findall(r'figures\.save\(fig, "([^"]+)"', "".join(cell["source"])))
    for module in (ROOT / "src" / "helpers").glob("*.py"):  # figures drawn by a helper module
        saved |= set(re.findall(r'figures\.save\(fig, "([^"]+)"', module.read_text(encoding="utf-8")))
    on_disk = {p.stem for p in (ROOT / "figures").glob("*.*") if p.suffix in {".png", ".svg", ".pdf"}}
    assert on_disk == saved


@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_code_cells_are_short_and_tables_whole(path):
    """No code cell over 25 lines; no table output cut with '...' (issue 13)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    long = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and len("".join(c["source"]).splitlines()) > 25]
    assert not long, f"code cells over 25 lines: {long}"
    for cell in cells:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", []))
            assert "<td>...</td>" not in html and "<th>...</th>" not in html, "a table is truncated"
            assert not re.search(r"<p>\d+ rows × \d+ columns</p>", html), "a table is truncated"


@pytest.mark.parametrize("path", NBS, ids=[p.stem for p in NBS])
def test_every_table_has_one_header_row_labelled_cells_and_right_aligned_numbers(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tables = [html for cell in nb["cells"] for out in cell.get("outputs", [])
              for html in ["".join(out.get("data", {}).get("text/html", ""))] if "<table" in html]
    for html in tables:
        assert 'class="dataframe collection-table"' in html
        head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
        assert head.count("<tr>") == 1, "a table with a second header row"
        body = html.split("<tbody>", 1)[1]
        assert body.count("<td") == len(re.findall(r'<td(?: class="num")? data-label=', body)), "a cell without a label"
        plain_numbers = re.findall(r'<td data-label="[^"]*">([+\-]?\d[\d,]*(?:\.\d+)?%?)</td>', body)
        assert not plain_numbers, f"numbers not right-aligned: {plain_numbers[:3]}"


def test_table_cells_read_as_numbers_with_separators_years_plain():
    from helpers import report

    assert report.cell_text(1911) == "1,911" and report.cell_text(2011, year=True) == "2011"
    assert report.cell_text("9402/24256/33658") == "9,402 / 24,256 / 33,658"
    assert report.cell_text(True) == "yes" and report.cell_text(float("nan")) == ""


def test_no_table_of_a_notebook_has_an_empty_header_cell():
    """A screen reader announces each cell with its headers: the corner cell of every table
    names its rows (axe: empty-table-header)."""
    import json

    from helpers.paths import notebooks

    for path in notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                html = "".join(out.get("data", {}).get("text/html", ""))
                assert "<th></th>" not in html, (path.name, cell.get("id"))
