"""The notebooks' manifests (notebooks/NN_name.yml): one place per notebook (issue 34)."""

import json
import re
import shutil

import pytest

from buildtools import documents, manifests, site, site_pages
from helpers.paths import FIGURES, NOTEBOOKS, ROOT, notebooks


def test_every_notebook_has_a_manifest_and_every_figure_a_heading_in_its_own():
    ms = manifests.load()
    assert [m.stem for m in ms] == [nb.stem for nb in notebooks()]
    drawn = {p.stem for p in FIGURES.glob("*.png")}
    for m in ms:
        assert all(name.split("_", 1)[0] == m.stem[:2] for name in m.figures), m.stem
    assert {name for m in ms for name in m.figures} == drawn
    assert all(f.figure in drawn for f in manifests.findings(ms) if f.figure)


def test_the_build_spells_no_notebook_name():
    """What is said about a notebook is in its manifest: src/buildtools names none."""
    stems = [nb.stem for nb in notebooks()]
    for path in sorted((ROOT / "src" / "buildtools").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yml", ".js", ".css", ".j2", ".md"}:
            text = path.read_text(encoding="utf-8")
            assert not [s for s in stems if s in text], path


def _scratch(tmp_path, stems):
    for stem in stems:
        shutil.copy(NOTEBOOKS / f"{stem}.ipynb", tmp_path / f"{stem}.ipynb")
        if (NOTEBOOKS / f"{stem}.yml").exists():
            shutil.copy(NOTEBOOKS / f"{stem}.yml", tmp_path / f"{stem}.yml")
    return tmp_path


def test_a_notebook_without_a_headline_finding_is_allowed(tmp_path):
    """A new notebook with only a title and a line about it: the findings are unchanged, the
    table of notebooks gains its row."""
    folder = _scratch(tmp_path, [nb.stem for nb in notebooks()])
    shutil.copy(NOTEBOOKS / "00_data.ipynb", folder / "99_new.ipynb")
    (folder / "99_new.yml").write_text('title_ko: "99 · 새 노트북"\nquestion_ko: "무엇이 새로운가?"\n'
                                       'about: {en: "something new", ko: "새 내용"}\n',
                                       encoding="utf-8")
    ms = manifests.load(folder)
    assert ms[-1].stem == "99_new" and not ms[-1].findings and not ms[-1].summary_ko
    r = documents.results()
    alone = documents.findings_markdown(r, with_figures=False)
    assert documents.findings_markdown(r, ms=ms, with_figures=False) == alone


def test_every_problem_of_the_manifests_is_reported_at_once(tmp_path):
    folder = _scratch(tmp_path, ["00_data", "01_arrival_trends", "02_gender_shift"])
    (folder / "00_data.yml").unlink()                                      # a notebook without one
    (folder / "09_gone.yml").write_text("title_ko: x\n", encoding="utf-8")  # one without a notebook
    text = (folder / "01_arrival_trends.yml").read_text(encoding="utf-8")
    (folder / "01_arrival_trends.yml").write_text(text.replace("about:", "abuot:") + "colour: red\n",
                                                  encoding="utf-8")
    text = (folder / "02_gender_shift.yml").read_text(encoding="utf-8")
    (folder / "02_gender_shift.yml").write_text(text.replace("summary_ko: [women]", "summary_ko: [women, men]"),
                                                encoding="utf-8")
    with pytest.raises(manifests.ManifestError) as err:
        manifests.load(folder)
    message = str(err.value)
    for expected in (r"00_data\.yml: missing", r"09_gone\.yml: no notebook 09_gone\.ipynb",
                     r"01_arrival_trends\.yml: unknown field 'abuot'",
                     r"01_arrival_trends\.yml: unknown field 'colour'",
                     r"01_arrival_trends\.yml: the field 'about' is missing",
                     r"02_gender_shift\.yml: summary_ko names 'men', which no manifest's findings have"):
        assert re.search(expected, message), (expected, message)


def test_a_finding_or_check_that_reads_no_result_names_its_manifest(tmp_path):
    folder = _scratch(tmp_path, [nb.stem for nb in notebooks()])
    path = folder / "05_refugees_abroad.yml"
    unknown = "no_such_results"  # a name no manifest gives its results
    assert unknown not in {m.results for m in manifests.load()}
    path.write_text(path.read_text(encoding="utf-8").replace("x.abroad_stock_fell_in_a_window == 1",
                                                             f"{unknown}.abroad_stock_fell_in_a_window == 1"),
                    encoding="utf-8")
    expected = r"05_refugees_abroad\.yml: check 'abroad_stock_fell_in_a_window'"
    with pytest.raises(manifests.ManifestError, match=expected):
        documents.findings_markdown(documents.results(), ms=manifests.load(folder))


def test_the_korean_site_titles_each_notebook_page_from_its_manifest():
    for m in manifests.load():
        page = site_pages.notebook_page_ko(m)
        assert page.startswith(f"# {m.title_ko}\n\n**질문.** {m.question_ko}\n\n{m.about['ko']}\n"), m.stem
        assert m.question_ko.endswith("?")
        assert m.title_ko.startswith(m.stem[:2] + " · ")
    assert json.loads((NOTEBOOKS / "00_data.ipynb").read_text(encoding="utf-8"))["cells"]


def test_the_site_command_reports_a_manifest_problem_in_lines_not_a_traceback(monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise manifests.ManifestError("the notebooks' manifests:\n  notebooks/07_x.yml: missing")

    monkeypatch.setattr(manifests, "load", broken)
    monkeypatch.setattr(documents, "generated_documents", lambda: [(documents.README, documents.readme_with_findings)])
    assert site.main(["--documents"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the notebooks' manifests:") and "07_x.yml: missing" in err
    assert "Traceback" not in err


def test_every_result_of_every_notebook_has_its_korean_description_and_no_other():
    """Issue 36: the Korean notebook pages list every number a notebook computed, described in
    Korean (the manifest's results_ko): a new result gets its Korean, a removed one loses it."""
    import csv

    from helpers.paths import PROCESSED

    for m in manifests.load():
        path = PROCESSED / f"{m.stem}.results.csv"
        rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines()) if path.is_file() else []
        keys = [r["key"] for r in rows]
        assert set(m.results_ko) == set(keys), (m.stem, set(keys) - set(m.results_ko), set(m.results_ko) - set(keys))
