"""The Korean edition: every figure has a Korean twin drawn from the same data, every text of
it in Korean, from one catalogue (src/helpers/messages_ko.py), in a font that travels."""

import csv
import re
import string
import warnings
from xml.etree import ElementTree

import matplotlib
import pandas as pd
import pytest

from helpers import figures, i18n, messages_ko
from helpers.paths import FIGURES

matplotlib.use("Agg")
KO = FIGURES / "ko"
SVG = "{http://www.w3.org/2000/svg}"
NAMES = sorted(p.stem for p in FIGURES.glob("*.png"))


def svg_texts(path):
    """The lines of text of an SVG (matplotlib writes one <text> per line)."""
    return ["".join(el.itertext()) for el in ElementTree.parse(path).iter(f"{SVG}text")]


def svg_artists(path):
    """How many texts other than tick labels (each a group ``text_N``, its lines inside) an
    SVG draws. (Tick labels are numbers; how many an axis gets depends on its length, which
    the Korean texts change a little.)"""
    tree = ElementTree.parse(path)
    ticks = set()
    for el in tree.iter(f"{SVG}g"):
        if re.fullmatch(r"[xy]tick_\d+", el.get("id", "")):
            ticks |= {id(t) for t in el.iter(f"{SVG}g")}
    return sum(1 for el in tree.iter(f"{SVG}g") if re.fullmatch(r"text_\d+", el.get("id", "")) and id(el) not in ticks)


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:  # (the Korean files start with a byte order mark)
        return list(csv.reader(fh))


def test_every_english_figure_has_a_korean_twin_in_every_format():
    assert NAMES, "no figures: run the main job (make)"
    missing = [f"figures/ko/{n}.{ext}" for n in NAMES for ext in ("png", "svg", "pdf", "csv")
               if not (KO / f"{n}.{ext}").is_file()]
    assert not missing, f"English figures without their Korean twin: {missing}"
    extra = sorted({p.stem for p in KO.glob("*.png")} - set(NAMES))
    assert not extra, f"Korean figures with no English one (left over?): {extra}"


@pytest.mark.parametrize("name", NAMES)
def test_a_korean_figure_draws_the_same_numbers_and_keys_under_korean_headers_and_labels(name):
    """Issue 36: every Korean CSV had Korean headers but English rows ('refugees', 'Canada').
    Now each column of words is in Korean, its English in the next column ('...(영문)'); every
    other column is the English file's, value for value."""
    en, ko = rows(FIGURES / f"{name}.csv"), rows(KO / f"{name}.csv")
    ko_cols = dict(zip(ko[0], zip(*ko[1:]))) if len(ko) > 1 else {h: () for h in ko[0]}
    heads = [h for h in ko[0] if not h.endswith(figures.ENGLISH_SUFFIX)]
    assert len(heads) == len(en[0]) and len(ko) == len(en)
    english = [h for h, k in zip(en[0], heads) if not i18n.HANGUL.search(k) or i18n.latin_words(k)]
    assert not english, f"figures/ko/{name}.csv: headers not in Korean: {english} (add them to messages_ko.COLUMNS)"
    for j, (e, k) in enumerate(zip(en[0], heads)):
        values = tuple(r[j] for r in en[1:])
        if k + figures.ENGLISH_SUFFIX in ko_cols:  # a column of words: Korean, the English beside it
            assert ko_cols[k + figures.ENGLISH_SUFFIX] == values
            left = [v for v in ko_cols[k] if i18n.latin_words(v)]
            assert not left, f"figures/ko/{name}.csv, {k}: English row labels {left[:3]} (add them to messages_ko)"
        else:
            assert ko_cols[k] == values, f"figures/ko/{name}.csv, {k}: differs from {e} in the English data"


def test_every_korean_csv_opens_in_excel_on_a_korean_system():
    """Issue 36: without a UTF-8 byte order mark, Excel on Korean Windows reads a CSV as CP949
    and shows the headers as mojibake."""
    for path in sorted(KO.glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte order mark"
        header = raw[3:].decode("utf-8").splitlines()[0]
        assert i18n.HANGUL.search(header), path.name
        with pytest.raises(UnicodeDecodeError):  # what a reader that ignores the mark would get: a loud failure
            raw[3:].decode("cp949")


@pytest.mark.parametrize("name", NAMES)
def test_every_text_of_a_korean_figure_is_korean(name):
    """Same drawing, same texts, each in Korean: no English word is left but names and
    notation (helpers.i18n.KEPT_LATIN); a text missing from the catalogue is named here."""
    en, ko = svg_artists(FIGURES / f"{name}.svg"), svg_artists(KO / f"{name}.svg")
    assert ko == en, f"{name}: {en} texts in English, {ko} in Korean"
    ko = svg_texts(KO / f"{name}.svg")
    untranslated = [t for t in ko if i18n.latin_words(t)]
    assert not untranslated, (f"figures/ko/{name}.svg has English text (add it to src/helpers/messages_ko.py): "
                              f"{untranslated}")
    assert any(i18n.HANGUL.search(t) for t in ko)


@pytest.mark.parametrize("name", NAMES)
def test_korean_svg_keeps_hangul_as_text_in_the_named_font_and_the_pdf_embeds_it(name):
    svg = (KO / f"{name}.svg").read_text(encoding="utf-8")
    assert "NanumGothic" in svg and "<text" in svg
    pdf = (KO / f"{name}.pdf").read_bytes()
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NanumGothic|/BaseFont /NanumGothic", pdf), "NanumGothic not in the PDF"
    assert b"/FontFile2" in pdf  # the TrueType subset is embedded


def test_the_korean_font_comes_from_the_locked_package_not_the_system():
    files = i18n.font_files()
    assert all("koreanize_matplotlib" in f.parts for f in files)
    i18n.register_fonts()
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
    assert "koreanize_matplotlib" in found


def fields(template):
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


@pytest.mark.parametrize("catalogue", ["FIGURES", "COLUMNS"])
def test_each_korean_entry_uses_the_fields_of_its_english_text(catalogue):
    """Every field of the English, but those a shortened title declares it leaves to another
    part of its chart (messages_ko.SHORTENED, each saying where)."""
    def expected(en):
        left_out = messages_ko.SHORTENED.get(en, (frozenset(), ""))[0]
        return [f for f in (f.split(":")[0] for f in fields(en)) if f not in left_out]

    wrong = {en: ko for en, ko in getattr(messages_ko, catalogue).items() if expected(en) != fields(ko)}
    assert not wrong, f"messages_ko.{catalogue}: fields differ between English and Korean: {wrong}"


def test_a_shortened_title_leaves_out_only_fields_of_its_english_and_says_where_they_are():
    for en, (left_out, where) in messages_ko.SHORTENED.items():
        assert en in messages_ko.FIGURES and where.strip(), en
        assert left_out and left_out <= {f.split(":")[0] for f in fields(en)}, en


def test_a_text_is_translated_from_the_values_the_english_printed():
    tr = i18n.catalogue().translate
    assert tr("34,537 arrivals registered by the end of 2025") == "2025년 말까지 등록된 탈북민 입국자 34,537명"
    # a field holding words is translated in its turn, a list item by item
    assert (tr("Women outnumbered men among arrivals every year from 2002, except 2021 and 2022")
            == "2021년, 2022년을 빼면 2002년부터 해마다 탈북민 입국자 중 여성이 남성보다 많았다")
    assert tr("From 2011 to 2019 women fell by a larger share (-56% for men, -75% for women)") == (
        "2011~2019년 탈북민 입국 감소율은 남성 56%, 여성 75%로 여성이 더 컸다")  # a rate, not a number
    # of people; a fall in a title reads without its minus sign (issue 36), and a rise is no fall
    assert tr("From 2011 to 2019 women fell by a larger share (+5% for men, -75% for women)") is None
    # "after 2011" is "2012년부터" in Korean: 2011년 이후 would include 2011 (issue 36)
    assert tr("After 2011 arrivals fell below every 'no change' scenario; the shortfall is 8,799 to 27,916 people, "
              "by scenario").startswith("2012년부터 탈북민 입국자는")
    assert tr("2 024") == "2 024" and tr("-78%") == "-78%"  # no letters: the same in every language
    assert tr("A label nobody translated") is None


def test_a_new_english_label_without_korean_is_named(tmp_path):
    fig, ax = figures.new_figure("Arrivals per year by sex", "Arrivals per year by sex (log scale)")
    ax.plot([2000, 2001], [1, 2], label="a label nobody translated")
    ax.legend()
    with pytest.warns(figures.MissingTranslation, match="a label nobody translated"):
        figures.save(fig, "x", data=pd.DataFrame({"year": [2000], "source": ["MOU-X"]}), directory=tmp_path,
                     show=False)
    assert "a label nobody translated" in svg_texts(tmp_path / "ko" / "x.svg")


def test_a_figure_in_both_languages_is_byte_identical_when_saved_again(tmp_path):
    def draw(folder):
        fig, ax = figures.new_figure("Arrivals per year by sex", "Arrivals per year by sex (log scale)")
        ax.plot([2000, 2001], [1, -2], label="women")
        ax.set_ylabel("arrivals")
        ax.legend()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figures.save(fig, "x", data=pd.DataFrame({"year": [2000], "source": ["MOU-X"]}), directory=folder,
                         show=False)
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("x.*")}

    first, second = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert len(first) == 8 and first == second


def test_the_korean_glossary_has_every_entry_of_the_english_one_under_the_same_anchor():
    from helpers.paths import ROOT

    english = re.findall(r"^## (.+)$", (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"), re.M)
    slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in english}
    korean = set(re.findall(r'<a id="([\w-]+)"></a>', (ROOT / "docs" / "glossary.ko.md").read_text(encoding="utf-8")))
    assert slugs == korean, f"only in English: {sorted(slugs - korean)}; only in Korean: {sorted(korean - slugs)}"


def test_readme_ko_findings_come_from_the_same_results_and_checks():
    from buildtools import documents

    assert documents.README_KO.read_text(encoding="utf-8") == documents.readme_ko_with_findings(), \
        "README.ko.md is out of date: run the main job (make)"
    text = documents.findings_markdown(lang="ko", with_figures=False)
    assert text.count("\n") == documents.findings_markdown(with_figures=False).count("\n")  # the same items
    assert not i18n.latin_words(re.sub(r"\(docs/[^)]*\)|`[^`]*`|\"North Korean defectors\"", "", text))


def test_no_korean_chart_writes_a_range_of_years_with_a_hyphen():
    """Issue 36: Korean writes ranges with a tilde (2012~2019년), as its other ranges; a date
    (2020-09-30) or a source key keeps its hyphens."""
    import re

    from helpers.paths import FIGURES

    for svg in sorted((FIGURES / "ko").glob("*.svg")):
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))
        hyphenated = [t for t in texts if re.search(r"(?<![\d-])\d{4}-\d{4}(?![\d-])", t)]
        assert texts and not hyphenated, (svg.name, hyphenated[:3])


def test_the_korean_documents_write_ranges_of_years_with_a_tilde():
    """Issue 36: README.ko.md (its findings generated from the Korean template), the Korean
    glossary and the Korean figure index, as the Korean charts."""
    import re

    from helpers.paths import ROOT

    for rel in ("README.ko.md", "docs/glossary.ko.md", "figures/ko/README.md"):
        text = (ROOT / rel).read_text(encoding="utf-8")
        found = re.findall(r"(?<![\d-])\d{4}-\d{4}(?![\d-])", text)
        assert not found, (rel, found[:3])


def test_no_korean_chart_text_holds_a_semicolon():
    """Issue 36: Korean writes a second clause as a sentence or after a comma, not after a
    semicolon (the English subtitles' '; ' is not carried over)."""
    import re

    from helpers.paths import FIGURES

    for svg in sorted((FIGURES / "ko").glob("*.svg")):
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))
        assert not [t for t in texts if ";" in t], svg.name


def test_the_korean_texts_use_the_terms_korean_newsrooms_and_textbooks_use():
    """Issue 36: 과산포 for the dispersion parameter (산포 모수), '비슷한 해가 이어지는 경향' for
    자기상관, 준-AIC (준AIC), 정착금 (정착기본금), 6백만/1천만 원 (600만/1000만 원), a bin called
    구간 (합산), a percent fall in brackets (78% 감소), 발표 시점판 and 위약 구조 변화."""
    import re

    from helpers import messages_ko
    from helpers.paths import FIGURES, ROOT

    retired = ["과산포", "비슷한 해가 이어지", "준-AIC", "정착금", "백만 원", "천만 원", "년 구간", "(구간)",
               "발표 시점판", "위약 구조"]
    texts = {"messages_ko": "\n".join(str(v) for table in vars(messages_ko).values() if isinstance(table, dict)
                                      for v in table.values())}
    for rel in ("README.ko.md", "docs/glossary.ko.md", "figures/ko/README.md"):
        texts[rel] = (ROOT / rel).read_text(encoding="utf-8")
    for manifest in sorted((ROOT / "notebooks").glob("*.yml")):  # the findings' Korean templates
        texts[manifest.name] = manifest.read_text(encoding="utf-8")
    for svg in sorted((FIGURES / "ko").glob("*.svg")):
        texts[svg.name] = "\n".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8")))
    found = {name: [t for t in retired if t in text] for name, text in texts.items()}
    assert not {k: v for k, v in found.items() if v}, found
    titles = (FIGURES / "ko" / "index.csv").read_text(encoding="utf-8")
    assert not re.search(r"\(-\d+(\.\d+)?%\)", titles)  # a fall in a title reads as words


def _tick_labels(svg) -> list[str]:
    """The tick labels of an SVG figure, axis by axis, in order (matplotlib groups each tick
    as <g id="xtick_N"> or <g id="ytick_N">)."""
    import re

    text = svg.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r'<g id="([xy])tick_\d+">(.*?)</g>\s*</g>', text, re.S):
        out += [f"{m.group(1)}:{t}" for t in re.findall(r"<text[^>]*>([^<]*)</text>", m.group(2))]
    return out


@pytest.mark.parametrize("name", NAMES)
def test_a_korean_figure_has_the_english_ticks(name):
    """Issue 36: 03_break_date's Korean axis read 0.0, 2.5, ... 20.0 where the English reads
    0, 5, ... 20: an automatic locator chose other ticks for the Korean layout."""
    en, ko = _tick_labels(FIGURES / f"{name}.svg"), _tick_labels(KO / f"{name}.svg")
    numbers = re.compile(r"^[xy]:[+\-\u2212]?[\d,]+(\.\d+)?%?$")  # a number, not a label such as 0-9
    assert [t for t in en if numbers.match(t)] == [t for t in ko if numbers.match(t)]


def test_a_number_takes_the_particle_it_is_read_with():
    from buildtools import documents

    assert [documents._with_ro(n) for n in ("0.90", "0.91", "0.93", "0.95", "0.96", "0.97")] == [
        "0.90으로", "0.91로", "0.93으로", "0.95로", "0.96으로", "0.97로"]


def test_redraw_takes_a_korean_figure_and_names_what_it_does_not_know(tmp_path, capsys, monkeypatch):
    """Issue 36: `redraw` refused a Korean figure. ko/NAME redraws the Korean twin into out/ko.
    (Here, not in test_run.py, whose module fixture points buildtools.run at a small project.)"""
    from buildtools import run

    assert run.redraw("xx/02_female_share", "page", 100, tmp_path) == 1
    assert "no language 'xx'" in capsys.readouterr().err
    assert run.redraw("ko/99_none", "page", 100, tmp_path) == 1
    assert "no figure 'ko/99_none'" in capsys.readouterr().err
    import contextlib
    import shutil

    @contextlib.contextmanager
    def copy_of_figures(parts):  # the committed figures stand in for the redrawn ones
        shutil.copytree(run.FIGURES, tmp_path / "copy" / "figures")
        (tmp_path / "copy" / "notebooks").mkdir()
        shutil.copy(run.NOTEBOOKS / "02_gender_shift.ipynb", tmp_path / "copy" / "notebooks")
        yield tmp_path / "copy"

    copied = []
    monkeypatch.setattr(run, "collection_copy", copy_of_figures)
    monkeypatch.setattr(run, "execute_in_copy", lambda nb, copy: copied.append(copy))
    out = tmp_path / "out"
    assert run.redraw("ko/02_female_share", "page", 100, out) == 0
    assert sorted(p.name for p in (out / "ko").iterdir()) == [f"02_female_share.{e}" for e in
                                                             ("csv", "pdf", "png", "svg")]
    assert "to " + str(out / "ko") in capsys.readouterr().out and copied


def test_a_date_in_a_korean_chart_is_written_as_korean_writes_it():
    """Issue 36 (the editor's list): 06's Korean charts printed ISO dates ('2011-06-30 이후')."""
    assert i18n.korean_dates("2011-06-30 이후, MOU-CN-2020-09") == "2011년 6월 30일 이후, MOU-CN-2020-09"
    import csv as csv_module

    with open(KO / "index.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv_module.reader(fh))[1:]
    assert not [r[0] for r in rows if re.search(r"\d{4}-\d{2}-\d{2}", r[1] + r[2])]


def test_no_korean_glossary_heading_puts_a_space_before_its_bracket():
    """Korean writes 합산 연도(bin), not 합산 연도 (bin): the headings are also the terms
    listed under every Korean chart on the site."""
    from helpers.paths import ROOT

    headings = re.findall(r"^## (.+)$", (ROOT / "docs" / "glossary.ko.md").read_text(encoding="utf-8"), re.M)
    assert headings and not [h for h in headings if " (" in h]


def test_a_korean_chart_sets_its_unit_level_at_the_top_of_the_axis_under_the_subtitle():
    """Issue 36 (korean.md): "the unit sits level at the top of the value axis, (명), rather
    than in a rotated label"; the subtitle is lifted over it, and the English drawing is
    given back as it was (saved again, every English figure is byte-identical: tested above)."""
    fig, ax = figures.new_figure("Arrivals fell", "Arrivals per year by sex (log scale)")
    ax.plot([2002, 2003], [1142, 1285])
    ax.set_ylabel("arrivals")
    fig.text(0.01, 0.01, "Source: Ministry of Unification, South Korea. Chart: nk-defector-arrivals, CC BY 4.0"
             ).set_gid(figures.SOURCE_GID)  # as save() draws it
    figures._settle_layout(fig)  # as the English files leave it
    english = figures._english_state(fig)
    fig.draw_without_rendering()
    before = (ax.yaxis.label.get_rotation(), ax.yaxis.label.get_ha(), ax.titleOffsetTrans._t)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", figures.MissingTranslation)
        figures.to_korean(fig, "x")
    fig.draw_without_rendering()
    label, top = ax.yaxis.label, ax.get_window_extent().y1
    unit = label.get_window_extent()
    assert label.get_text() == "(명)" and label.get_rotation() == 0
    assert unit.y0 >= top and ax._left_title.get_window_extent().y0 >= unit.y1
    english()
    fig.draw_without_rendering()
    assert label.get_text() == "arrivals" and before[0] == 90
    assert (label.get_rotation(), label.get_ha(), ax.titleOffsetTrans._t) == before


def test_a_korean_line_never_ends_with_a_number_or_a_counting_word():
    """Issue 36: "(남성 -75%, / 여성 -56%)", "한 / 해 95%", "최선과 2 / 이내인": a Korean line
    keeps a number or a counting word with the word after it, at every width."""
    import matplotlib.font_manager as fm

    i18n.register_fonts()
    prop = fm.FontProperties(family=i18n.FONT_FAMILY, size=9.5)
    text = "로짓-정규 추세 모형의 한 해 95% 예측구간과 준AIC가 최솟값과 2 이내인 형태, 수준 유지 시나리오 두 개"
    for width in range(40, 400, 7):
        lines = figures._measured_wrap(text, width, prop, korean=True).split("\n")
        assert " ".join(lines) == text
        ends = [line.rsplit(" ", 1)[-1] for line in lines[:-1]]
        assert not [e for e in ends if figures._KOREAN_GLUE.fullmatch(e)], (width, lines)
