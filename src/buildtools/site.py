"""Generated documents: the figure index, the README's findings, the offline HTML site.

Usage::

    python -m buildtools.site            # all three (the main job runs this after the notebooks)
    python -m buildtools.site --check    # exit 1 if figures/README.md or README.md is stale

* ``figures/README.md``: every figure with its caption (the title and subtitle stored in
  the PNG when it was saved), the notebook that makes it, and its three files.
* ``README.md``: the block between ``<!-- findings:start -->`` and ``<!-- findings:end -->``
  is the notebooks' findings (their manifests, ``notebooks/NN_name.yml``) filled in from
  ``data/processed/*.results.csv``, the wording chosen by the manifests' checks; no number
  in it is typed by hand. The table of notebooks comes from the manifests too.
* ``site/``: a Sphinx site (myst-nb renders the committed notebook outputs, never
  re-executing; sphinx-book-theme gives the sidebar, previous/next, in-page contents and
  offline search): a home page with the findings and the notebooks, one page per notebook
  with its code folded, Figures (each figure with its downloads), Data and Sources and
  methods. It needs no network.
* ``site/ko/``: the Korean edition (a second Sphinx build with ``language = "ko"``): the
  same pages but the notebooks, which stay English, each opening with its findings in
  Korean; a switch on every page leads to the same page in the other language.

The site is rebuilt only when a notebook, figure, processed table, template or this module
changed.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import yaml

from buildtools import manifests, skip_iri_grammars
from buildtools.search_numbers import PARTICLES_KO, korean_stem  # noqa: F401 - korean_stem for the tests
from helpers import cli
from helpers.i18n import korean_ranges
from helpers.paths import (
    FIGURES,
    NOTEBOOKS,
    PROCESSED,
    ROOT,
    WriteFailed,
    display_path,
    file_digest,
    notebooks,
    write_atomically,
)
from helpers.text import alt_text, bound, level_pct

SITE = ROOT / "site"
#: The page words by language (``pages.yml``): each page's introduction, the words around a chart,
#: the theme's words in Korean.
PAGES = yaml.safe_load(Path(__file__).with_name("pages.yml").read_text(encoding="utf-8"))
BUILD_DIR = ROOT / ".build"
STAMP = BUILD_DIR / "stamps" / "site.json"
README = ROOT / "README.md"
FIGURE_INDEX = FIGURES / "README.md"
TITLE = "North Korean defectors arriving in South Korea"
START, END = "<!-- findings:start -->", "<!-- findings:end -->"


# ----------------------------------------------------------------------------- inputs


def results() -> dict[str, dict[str, str]]:
    """Every results table as {stem: {key: value-as-text}}."""
    import csv

    out = {}
    for path in sorted(PROCESSED.glob("*.results.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            out[path.name.removesuffix(".results.csv")] = {r["key"]: r["value"]
                                                           for r in csv.DictReader(fh)}
    return out


def png_text(path: Path) -> dict[str, str]:
    """The text chunks (tEXt, iTXt, zTXt) of a PNG file, read without decoding the image."""
    import struct
    import zlib

    data, pos, out = path.read_bytes(), 8, {}
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"tEXt":
            key, _, value = chunk.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, value = chunk.partition(b"\0")
            out[key.decode("latin-1")] = zlib.decompress(value[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = chunk.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")  # language tag
            _, _, text = rest.partition(b"\0")  # translated keyword
            out[key.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode("utf-8")
        elif kind == b"IEND":
            break
    return out


#: Where each language's figures are: English in figures/, Korean in figures/ko/.
FIGURE_DIRS = {"en": FIGURES, "ko": FIGURES / "ko"}


def figures_catalogue(lang: str = "en") -> list[dict]:
    """Every saved figure of one language: name, title, subtitle, caption, alt text,
    notebook, files, data."""
    folder = FIGURE_DIRS[lang]
    by_number = {p.name[:2]: p for p in notebooks(NOTEBOOKS)}
    out = []
    for png in sorted(folder.glob("*.png")):
        info = png_text(png)
        nb = by_number.get(png.name[:2])
        title, subtitle = info.get("Title", png.stem), info.get("Description", "")
        out.append({
            "name": png.stem, "title": title, "subtitle": subtitle,
            "caption": f"{title}. {subtitle}".strip(),
            "alt_text": alt_text(title, subtitle, lang),
            "credit": info.get("Source", ""),
            "notebook": nb.name if nb else "",
            "files": [f"{png.stem}.{ext}" for ext in ("png", "svg", "pdf")
                      if (folder / f"{png.stem}.{ext}").exists()],
            "data": f"{png.stem}.csv" if (folder / f"{png.stem}.csv").exists() else "",
            "terms": chart_terms(png.stem, lang),
        })
    return out


INDEX_CSV = FIGURES / "index.csv"
INDEX_CSV_KO = FIGURES / "ko" / "index.csv"
INDEX_COLUMNS = ["name", "title", "subtitle", "caption", "alt_text", "credit", "notebook", "formats", "data_file"]
#: The Korean index's headers (the figure's file name stays the key both indexes share).
INDEX_COLUMNS_KO = ["파일명", "제목", "부제", "설명", "대체 텍스트", "자료·저작권", "노트북", "형식", "데이터 파일"]


def figure_index_csv(lang: str = "en") -> str:
    """``figures/index.csv`` (``figures/ko/index.csv``): one row per figure, the
    machine-readable figure index, its titles, captions and alt text in that language."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(INDEX_COLUMNS_KO if lang == "ko" else INDEX_COLUMNS)
    for f in figures_catalogue(lang):
        w.writerow([f["name"], f["title"], f["subtitle"], f["caption"], f["alt_text"], f["credit"], f["notebook"],
                    " ".join(x.rsplit(".", 1)[1] for x in f["files"]), f["data"]])
    return ("\ufeff" if lang == "ko" else "") + buf.getvalue()  # a byte order mark for Excel on Korean Windows


# ----------------------------------------------------------------------------- figure index


def figure_index() -> str:
    lines = [
        "# Figures",
        "",
        "Generated by `python -m buildtools.site` from the figures themselves; do not edit by hand.",
        "Every figure is saved as PNG (slides, web, 200 dpi), SVG and PDF (reports), with its",
        "source line drawn on it, and beside it a CSV with exactly the numbers it draws and",
        "their source keys. The caption is the figure's title (its finding) and subtitle (what",
        "it measures). [`index.csv`](index.csv) holds the same index, machine-readable, with",
        "alt text and the source and credit line each carries. Licences: code MIT, figures",
        "and tables CC BY 4.0 ([`LICENSE-CONTENT`](../LICENSE-CONTENT)); more in the README's",
        "section \"Reusing the figures and data\". Every figure also in Korean (한국어판):",
        "[`ko/README.md`](ko/README.md), the same names, drawn from the same data.",
        "",
        "| figure | caption | source and credit (on the chart) | made by | files | data |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_index_row(f, "../") for f in figures_catalogue()]
    return "\n".join(lines) + "\n"


def _index_row(f: dict, root: str) -> str:
    """One figure's row of a figure index (``root``: the repository from the index's folder)."""
    files = " · ".join(f"[{x.rsplit('.', 1)[1].upper()}]({x})" for x in f["files"])
    caption = f"**{_md(f['title'])}** {_md(f['subtitle'])}".strip()
    made = f"[`{f['notebook']}`]({root}notebooks/{f['notebook']})" if f["notebook"] else ""
    data = f"[CSV]({f['data']})" if f["data"] else ""
    return f"| `{f['name']}` | {caption} | {_md(f['credit'])} | {made} | {files} | {data} |"


FIGURE_INDEX_KO = FIGURES / "ko" / "README.md"


def figure_index_ko() -> str:
    """``figures/ko/README.md``: the Korean figures, each beside its English twin."""
    lines = [
        "# 그림 (한국어판)",
        "",
        "`python -m buildtools.site`가 그림 파일에서 만든 목록이다(손으로 고치지 말 것). 그림마다 PNG(200 dpi),",
        "SVG(글자는 텍스트), PDF와 그린 숫자 그대로의 CSV가 있다. CSV는 엑셀에서 바로 열리도록 UTF-8(BOM 포함)로",
        "저장했고, 열 이름과 행 이름이 한국어이며 행 이름의 영어 원문은 바로 뒤 '(영문)' 열에 있다.",
        "제목(결과)과 부제(측정 대상)는 영어판과 같은 계산과 판정에서 나온다. 기계가 읽는 목록:",
        "[`index.csv`](index.csv). 라이선스: 그림과 표 CC BY 4.0([`LICENSE-CONTENT`](../../LICENSE-CONTENT)).",
        "English: [`figures/README.md`](../README.md).",
        "",
        "| 그림 | 설명 | 출처와 표기(그림에 있음) | 만든 노트북 | 파일 | 자료 | English |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [_index_row(f, "../../") + f" [PNG](../{f['name']}.png) |" for f in figures_catalogue("ko")]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


# ----------------------------------------------------------------------------- findings


#: The short names of the findings' filters: n (thousands separators), y (a year), f1/f2/f3
#: (decimals), pct/pct1 (a fraction as a percentage), lvl (a level as printed: 0.95 is 95%),
#: word (a small whole number in English words), f2ro (two decimals with the Korean 으로/로),
#: bound (an odds ratio's interval bound: three decimals, more where 1.000 would mislead).
#: Small whole numbers as English prose writes them (``word`` filter); larger ones as digits.
NUMBER_WORDS = {float(i): w for i, w in enumerate("zero one two three four five six seven eight nine".split())}
FILTERS = {"n": lambda v: f"{float(v):,.0f}", "y": lambda v: f"{float(v):.0f}",
           "f1": lambda v: f"{float(v):.1f}", "f2": lambda v: f"{float(v):.2f}", "f3": lambda v: f"{float(v):.3f}",
           "lvl": lambda v: level_pct(float(v)),
           "pct": lambda v: f"{100 * float(v):.0f}", "pct1": lambda v: f"{100 * float(v):.1f}",
           "word": lambda v: NUMBER_WORDS.get(float(v), f"{float(v):,.0f}"),
           "f2ro": lambda v: _with_ro(f"{float(v):.2f}"), "bound": lambda v: bound(float(v))}


def _with_ro(number: str) -> str:
    """A number with the Korean particle 으로/로 as it is read: 으로 after a final consonant
    other than ㄹ (영, 삼, 육), 로 after a vowel or ㄹ (일, 이, 사, 오, 칠, 팔, 구)."""
    return number + ("으로" if number[-1] in "036" else "로")


class ResultMissing(KeyError):
    """A finding or check reads a key that its notebook's results table lacks."""


class _Results(dict):
    """One notebook's results for the template: a missing key names the file to rerun."""

    def __init__(self, r: dict, stem: str) -> None:
        super().__init__(r.get(stem, {}))
        self.stem = stem

    def __getitem__(self, key: str) -> float:
        if key not in self:
            raise ResultMissing(f"data/processed/{self.stem}.results.csv has no key {key!r}: run the "
                           "main job (make)")
        return float(super().__getitem__(key))

    def __getattr__(self, key: str) -> float:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]


#: Where the findings link the glossary from the README (the site links its own page).
GLOSSARY = ROOT / "docs" / "glossary.md"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env


def findings_checks(r: dict, ms: list[manifests.Manifest]) -> dict[str, bool]:
    """The conditions that choose the findings' wording (the manifests' ``checks``): each
    decided once, in the notebook that computes it, and read here from its results."""
    env = _environment()
    names = {m.results: _Results(r, m.stem) for m in ms if m.results}
    out: dict[str, bool] = {}
    for m in ms:
        for name, expression in m.checks.items():
            try:
                out[name] = bool(env.compile_expression(expression, undefined_to_none=False)(**names))
            except jinja2.TemplateError as exc:
                raise manifests.ManifestError(f"notebooks/{m.stem}.yml: check {name!r}: {exc}") from exc
    return out


def findings_markdown(r: dict | None = None, *, figure_prefix: str = "figures/", with_figures: bool = True,
                      glossary: str = "docs/glossary.md", lang: str = "en",
                      ms: list[manifests.Manifest] | None = None) -> str:
    """The README's findings: every notebook's headline findings (its manifest's
    ``findings``, in the notebooks' order, numbered from 1), filled in with the results
    tables; every number and every conclusion comes from them, the wording chosen by the
    manifests' ``checks`` (:func:`findings_checks`). Under them, the findings' figures."""
    r = results() if r is None else r
    ms = manifests.load() if ms is None else ms
    env = _environment()
    names = {m.results: _Results(r, m.stem) for m in ms if m.results}
    check = findings_checks(r, ms)
    items = []
    for i, f in enumerate(manifests.findings(ms), 1):
        try:
            text = env.from_string(getattr(f, lang)).render(**names, check=check, gl=glossary)
        except jinja2.TemplateError as exc:
            raise manifests.ManifestError(f"notebooks/{f.stem}.yml: finding {f.id!r} ({lang}): {exc}") from exc
        items.append(f"{i}. " + " ".join(text.split()))  # each item on one line
    text = "\n".join(items)
    if lang == "ko":  # ranges of years with the tilde Korean writes, as in the Korean charts
        text = korean_ranges(text)
    if not with_figures:
        return text + "\n"
    figs = []
    for name in findings_figures(ms):
        info = png_text(FIGURE_DIRS[lang] / f"{name}.png")
        alt = alt_text(info.get("Title", name), info.get("Description", ""), lang).replace("[", "(").replace("]", ")")
        figs.append(f"![{alt}]({figure_prefix}{name}.png)")
    return text + "\n\n" + "\n\n".join(figs) + "\n"


def findings_figures(ms: list[manifests.Manifest] | None = None) -> list[str]:
    """The figures shown under the findings, in the findings' order."""
    return [f.figure for f in manifests.findings(manifests.load() if ms is None else ms) if f.figure]


BINDER_START, BINDER_END = "<!-- binder:start -->", "<!-- binder:end -->"
CITATION = ROOT / "CITATION.cff"


def binder_markdown(citation: str | None = None) -> str:
    """The README's links under the title, from ``repository-code`` in CITATION.cff (a
    GitHub URL): the published site (GitHub Pages, built by .github/workflows/pages.yml)
    and the Binder badge. Without the URL, nothing: how to set it is in CONTRIBUTING.md."""
    import yaml

    meta = yaml.safe_load(CITATION.read_text(encoding="utf-8") if citation is None else citation) or {}
    m = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", str(meta.get("repository-code", "")))
    if not m:
        return ""
    url = f"https://mybinder.org/v2/gh/{m[1]}/{m[2]}/HEAD?urlpath=lab"
    pages = f"https://{m[1].lower()}.github.io/{m[2]}/"
    return (f"**Read it online: [{pages}]({pages})** · "
            f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({url}) "
            "(built from `binder/`, the exact lock)\n")


def _fill(text: str, start: str, end: str, body: str) -> str:
    if start not in text or end not in text:
        raise ValueError(f"the README lacks the markers {start} and {end}")
    head, rest = text.split(start, 1)
    return f"{head}{start}\n{body}{end}{rest.split(end, 1)[1]}"


NOTEBOOKS_START, NOTEBOOKS_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def notebooks_table(lang: str = "en") -> str:
    """The rows of a README's table of notebooks: each notebook's manifest's ``about``."""
    return "".join(f"| [`{m.stem}`](notebooks/{m.stem}.ipynb) | {m.about[lang]} |\n" for m in manifests.load())


def readme_with_findings(text: str | None = None) -> str:
    """README.md with its generated blocks filled in: the findings, the Binder badge and the
    table of notebooks."""
    text = README.read_text(encoding="utf-8") if text is None else text
    text = _fill(_fill(text, START, END, findings_markdown()), BINDER_START, BINDER_END, binder_markdown())
    return _fill(text, NOTEBOOKS_START, NOTEBOOKS_END, notebooks_table())


README_KO = ROOT / "README.ko.md"


def readme_ko_with_findings(text: str | None = None) -> str:
    """README.ko.md with its findings filled in (the Korean template, the same results)."""
    text = README_KO.read_text(encoding="utf-8") if text is None else text
    text = _fill(text, START, END, findings_markdown(figure_prefix="figures/ko/", glossary="docs/glossary.ko.md",
                                                     lang="ko"))
    return _fill(text, NOTEBOOKS_START, NOTEBOOKS_END, notebooks_table("ko"))


def generated_documents() -> list[tuple[Path, Callable[[], str]]]:
    """The documents in git that the main job writes from the figures and results."""
    return [(FIGURE_INDEX, figure_index), (INDEX_CSV, figure_index_csv), (README, readme_with_findings),
            (FIGURE_INDEX_KO, figure_index_ko), (INDEX_CSV_KO, lambda: figure_index_csv("ko")),
            (README_KO, readme_ko_with_findings)]


# ----------------------------------------------------------------------------- site


#: The site's own CSS and JavaScript, as files (``node --check`` lints the scripts in the tests).
STATIC = Path(__file__).with_name("static")

def _inputs_hash() -> str:
    h = hashlib.sha256()
    files = [*notebooks(NOTEBOOKS), *sorted(FIGURES.glob("*")), *sorted(FIGURE_DIRS["ko"].glob("*")),
             *sorted(PROCESSED.glob("*")), *sorted(NOTEBOOKS.glob("*.yml")), *sorted(STATIC.glob("*")), Path(__file__),
             Path(__file__).with_name("pages.yml"),
             Path(__file__).with_name("search_numbers.py"),
             *(ROOT / n for n in ("CITATION.cff", "LICENSE", "LICENSE-CONTENT", "data/README.md",
                                  "docs/glossary.md", "docs/glossary.ko.md", "README.ko.md",
                                  "src/helpers/messages_ko.py"))]
    for f in files:
        if f.is_file() and not f.name.startswith("."):  # not a temporary file being written
            h.update(f"{f.name}\0{file_digest(f)}\n".encode())
    return h.hexdigest()


def _first_heading(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    return first.lstrip("# ").strip()


#: The widest a chart is shown on a page of the site (CSS px): on a desktop a chart fills the
#: text column up to this width, so that its text is neither tiny nor huge.
CHART_MAX_PX = 600
#: The width a chart gets in the site's text column, in CSS px, measured in headless Chromium
#: on the built site (figures, home and notebook pages; 2026-12-02): in a 390 px wide frame
#: (a phone; 15 px of it taken by a scrollbar, which a phone does not draw) and at 1366 px (a
#: desktop, where the column is 809 px). tests/test_figures.py checks from these that every
#: chart's smallest text is at least 9 px on the phone and 11 px on the desktop.
CONTENT_PX = {"phone": 343, "desktop": 809}
#: The smallest text a chart may show, in CSS px, by where it is read (issue 22).
MIN_TEXT_PX = {"phone": 9.0, "desktop": 11.0}


SPHINX_CONF = """\
project = {title!r}
language = {language!r}
author = "The nk-defector-arrivals contributors"
extensions = ["myst_nb", "buildtools.search_numbers"]  # numbers and Korean stems findable
nb_execution_mode = "off"          # render the committed outputs; never re-execute
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2           # glossary.md#ar1 and the like, as on GitHub
html_theme = "sphinx_book_theme"
html_title = {title!r}
html_theme_options = {{"home_page_in_toc": True, "show_toc_level": 2,
                      "use_download_button": False, "use_fullscreen_button": False, **{theme_extra}}}
html_show_sourcelink = False
html_copy_source = False
html_static_path = ["_static"]
html_extra_path = ["_extra"]       # figures/*.png at their own address, for the full-size links
html_css_files = ["collection.css"]
html_js_files = ["collection-data.js", "collection-search.js", "collection-scroll.js", "collection-lang.js"]
html_last_updated_fmt = None
exclude_patterns = ["_build"]
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header", "misc.highlighting_failure"]
"""


def _question(path: Path) -> str:
    """The notebook's question, from its first cell (``**Question.** ...``)."""
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    m = re.search(r"\*\*Question\.\*\*\s+(.+?)(?:\n\n|$)", first, re.S)
    return " ".join(m.group(1).split()) if m else ""


#: Terms linked to the glossary at their first use on a notebook page: (pattern, anchor).
GLOSSARY_TERMS = [
    ("prediction interval", "prediction-interval"), ("confidence interval", "confidence-interval"),
    ("confidence band", "confidence-interval"), ("confidence set", "confidence-interval"),
    ("Laplace approximation", "laplace-approximation"),
    ("Prais-Winsten", "prais-winsten"), ("Newey-West", "newey-west"), ("HAC", "newey-west"),
    ("Ljung-Box", "ljung-box"), ("quasi-AIC", "quasi-aic"), ("sup-F", "sup-f"), ("AR(1)", "ar1"),
    ("BIC", "bic"), ("posterior", "posterior-probability"), ("dispersion", "dispersion"),
    ("Wilson", "wilson-interval"), ("census", "census"), ("logit", "logit"), ("GLM", "glm"),
    ("quasi-Poisson", "quasi-poisson"), ("quasi-binomial", "quasi-poisson"), ("deviance", "deviance"),
    ("likelihood-ratio", "likelihood-ratio"), ("Durbin-Watson", "durbin-watson"), ("flat prior", "flat-prior"),
    ("primary model", "primary-model"), ("step and turn", "step-and-turn"), ("step-and-turn", "step-and-turn"),
    ("logit-normal", "logit"), ("bin", "bin"), ("bins", "bin"), ("Cochrane-Orcutt", "cochrane-orcutt"),
    ("critical value", "critical-value"), ("critical values", "critical-value"), ("F statistic", "f-statistic"),
    ("F statistics", "f-statistic"), ("odds", "odds"), ("placebo", "placebo-break"),
    ("scaled Pearson", "scaled-pearson-residual"), ("vintage", "vintage"),
]


def term_pattern(term: str) -> re.Pattern:
    """A glossary term as a whole word (not inside ``logit-normal`` or ``HACs``); an
    abbreviation in capitals matches only in capitals."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", 0 if term.isupper() else re.I)


def glossary_entries(lang: str = "en") -> dict[str, str]:
    """Each glossary entry's anchor and heading, in the glossary's order: the English
    headings' anchors as the terms list writes them (``AR(1)``: ``ar1``), the Korean ones
    from the ``<a id>`` above each heading."""
    if lang == "ko":
        text = GLOSSARY_KO.read_text(encoding="utf-8")
        return dict(re.findall(r'^<a id="([\w-]+)"></a>\n## (.+)$', text, re.M))
    headings = re.findall(r"^## (.+)$", GLOSSARY.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-"): h for h in headings}


def chart_terms(name: str, lang: str = "en") -> list[str]:
    """The glossary anchors of the terms chart ``name`` uses, each once, in the order of the
    glossary of ``lang``: found in every text the English chart draws (title, subtitle, axes,
    legend, notes; its SVG keeps them as text); the Korean chart is its translation, with the
    same terms. The site links them under the chart (issue 22: jargon explained where met)."""
    svg = FIGURE_DIRS["en"] / f"{name}.svg"
    if not svg.exists():
        return []
    drawn = " ".join(html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>",
                                                            svg.read_text(encoding="utf-8"), re.S))
    used = {a for term, a in GLOSSARY_TERMS if term_pattern(term).search(drawn)}
    return [a for a in glossary_entries(lang) if a in used]


_PROTECTED = re.compile(r"(`[^`]*`|\[[^\]]*\]\([^)]*\)|<[^>]+>)")


def link_glossary_terms(text: str, seen: set[str], prefix: str = "../glossary.md") -> str:
    """Markdown ``text`` with the first use of each glossary term not in ``seen`` linked to
    its entry (code, links and headings left alone); ``seen`` is updated, so a page's terms
    are linked once across its cells."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        for term, anchor in GLOSSARY_TERMS:
            if term in seen:
                continue
            pattern = term_pattern(term)
            pieces = _PROTECTED.split(line)
            for j in range(0, len(pieces), 2):  # the pieces outside code, links and tags
                m = pattern.search(pieces[j])
                if m:
                    pieces[j] = f"{pieces[j][:m.start()]}[{m.group(0)}]({prefix}#{anchor}){pieces[j][m.end():]}"
                    seen.add(term)
                    break
            line = "".join(pieces)
        lines[i] = line
    return "\n".join(lines)


def korean_findings(stem: str, glossary: str) -> list[str]:
    """A notebook's findings in Korean (its manifest's ``summary_ko``), numbered from 1
    whatever their numbers on the home page, glossary terms linked to ``glossary``; a finding
    that sends the reader to this very notebook says "below" instead."""
    ms = manifests.load()
    lines = findings_markdown(with_figures=False, glossary="GLOSSARY", lang="ko", ms=ms).splitlines()
    by_id = {f.id: line.split(". ", 1)[1] for f, line in zip(manifests.findings(ms), lines, strict=True)}
    summary = next(m.summary_ko for m in ms if m.stem == stem)
    return [f"{i}. " + re.sub(r"\[([^\]]+)\]\(GLOSSARY#([\w-]+)\)", rf'<a href="{glossary}#\2">\1</a>',
                            by_id[n]).replace(f"노트북 `{stem}`에", "아래에")
            for i, n in enumerate(summary, 1)]


def korean_summary(stem: str) -> str:
    """The Korean summary at the top of a notebook's English page: its findings from the
    Korean template (the same results and checks), glossary terms linked to the Korean
    glossary, and a link to the Korean edition. Empty for a notebook without findings."""
    lines = korean_findings(stem, "../ko/glossary.html")
    if not lines:
        return ""
    # in a block marked lang="ko", so that a screen reader speaks it with a Korean voice
    return ('<div lang="ko">\n\n```{admonition} 한국어 요약\n:class: ko-summary\n\n' + "\n".join(lines) + "\n\n"
            '이 노트북의 결과를 한국어로 옮긴 것이다. 전체 결과와 그림: '
            '<a href="../ko/index.html" hreflang="ko">한국어판</a>.\n```\n\n</div>\n')


def _site_notebook(stem: str) -> dict:
    """A notebook as the site renders it: code folded, each figure with its alt text (which
    the notebook stores in the image output's metadata, where myst-nb does not look), and
    its findings in Korean under its question."""
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    summary = korean_summary(stem)
    if summary:
        nb["cells"].insert(1, {"cell_type": "markdown", "id": "ko-summary", "metadata": {}, "source": summary})
    seen: set[str] = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and cell.get("id") != "ko-summary":  # its links are Korean
            cell["source"] = link_glossary_terms("".join(cell["source"]), seen)
        for out in cell.get("outputs", []):
            if "text/markdown" in out.get("data", {}):
                md = out["data"]["text/markdown"]
                # myst-nb renders outputs without resolving document links: link the page itself
                out["data"]["text/markdown"] = link_glossary_terms("".join(md) if isinstance(md, list) else md,
                                                                   seen, prefix="../glossary.html")
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if cell["cell_type"] == "code" and "remove-input" not in tags and "parameters" not in tags:
            tags.append("hide-input")  # the parameters cell stays open: a reader sees every assumption
    nb["cells"] = [part for cell in nb["cells"] for part in _one_image_each(cell)]
    return nb


def _one_image_each(cell: dict) -> list[dict]:
    """A code cell with its figures' alt texts where myst-nb reads them, the cell's metadata,
    which holds one: a cell that shows two figures is split before the second, whose outputs
    go into a cell of their own, without code."""
    if cell["cell_type"] != "code":
        return [cell]
    groups: list[list[dict]] = [[]]
    for out in cell.get("outputs", []):
        if "image/png" in out.get("data", {}) and any("image/png" in o.get("data", {}) for o in groups[-1]):
            groups.append([])
        groups[-1].append(out)
    parts = [cell] + [{"cell_type": "code", "execution_count": None, "id": f"{cell.get('id', 'cell')}-{i}",
                       "metadata": {"tags": ["remove-input"]}, "source": "# (the outputs of the cell above, continued)",
                       "outputs": []}  # (myst-nb skips a cell without code)
                      for i in range(1, len(groups))]
    for part, outputs in zip(parts, groups):
        part["outputs"] = outputs
        alts = [o.get("metadata", {}).get("image/png", {}).get("alt") for o in outputs if "image/png" in o["data"]]
        if alts and alts[0]:
            part["metadata"].setdefault("mystnb", {})["image"] = {"alt": alts[0]}
    return parts


def _link_notebooks(text: str, stems: list[str], link: str = "[`{0}`](notebooks/{0}.ipynb)") -> str:
    """``text`` with each notebook named in code (`NN_name`) linked to its page."""
    for s in stems:
        text = text.replace(f"`{s}`", link.format(s))
    return text


def _index_page(stems: list[str]) -> str:
    nbs = "\n".join(f"- [{_first_heading(NOTEBOOKS / f'{s}.ipynb')}](notebooks/{s}.ipynb): "
                    f"{_question(NOTEBOOKS / f'{s}.ipynb')}" for s in stems)
    toc = "\n".join(f"notebooks/{s}" for s in stems)
    return (f"# {TITLE}\n\n"
            '<p class="lang-links">English · <a href="ko/index.html" hreflang="ko" lang="ko">한국어</a></p>\n\n'
            "Reproducible notebooks on the Ministry of Unification's arrival "
            "statistics and UNHCR's figures on North Koreans abroad. Every number below is "
            "computed from the raw data by the notebooks.\n\n## Findings\n\n"
            f"{_link_notebooks(findings_markdown(with_figures=False, glossary='glossary.md'), stems)}\n"
            + "\n".join(_figure_block(f) for f in figures_catalogue() if f["name"] in findings_figures())
            + f"\nEvery chart carries its source and credit line (*{credit_line()}*); see "
            "[Licences and credit](licence.md).\n\n"
            f"## The notebooks\n\n{nbs}\n\n"
            f"```{{toctree}}\n:hidden:\n:caption: Notebooks\n\n{toc}\n```\n\n"
            "```{toctree}\n:hidden:\n:caption: Reuse\n\nfigures\ndata\nsources\nlicence\nglossary\n```\n")


def _downloads(f: dict) -> str:
    """The download links of one figure: its formats and its data."""
    return " · ".join(f"{{download}}`{x.rsplit('.', 1)[1].upper()} <figures/{x}>`"
                      for x in [*f["files"], *([f["data"]] if f["data"] else [])])


FIGURE_WORDS = PAGES['figure_words']


def _glossary_link(anchor: str, lang: str = "en") -> str:
    """A link to a glossary entry from a page beside the glossary, named by its heading: in
    Markdown (checked by the build) in English; in Korean as HTML, since the Korean headings'
    own slugs drop their Hangul and the link must go to the ``<a id>`` above each."""
    heading = glossary_entries(lang)[anchor]
    return f"[{heading}](glossary.md#{anchor})" if lang == "en" else f'<a href="glossary.html#{anchor}">{heading}</a>'


def _figure_block(f: dict, heading: str = "", lang: str = "en") -> str:
    """One chart on a page: the image (its title and subtitle are drawn in it, and in its
    alt text), a full-size link, the downloads and the credit line to print with it."""
    w = FIGURE_WORDS[lang]
    return (heading + f"```{{image}} figures/{f['name']}.png\n:alt: {f['alt_text']}\n:width: 100%\n:class: chart\n"
            f":target: figures/{f['name']}.png\n```\n\n"
            f"[{w['full']}](figures/{f['name']}.png) · {w['download']}: {_downloads(f)}\n\n"
            + (f"{w['terms']}: " + " · ".join(_glossary_link(a, lang) for a in f["terms"]) + "\n\n"
               if f["terms"] else "")
            + f"{w['credit']}: *{f['credit']}* ([{w['licence']}](licence.md))\n")


def figure_heading(name: str, lang: str = "en") -> str:
    """A figure's short heading on the Figures page (the finding itself is the title drawn in
    the chart, once): its number and its heading in its notebook's manifest (``figures``)."""
    number = name.split("_", 1)[0]
    headings = {n: h for m in manifests.load() for n, h in m.figures.items()}
    if name not in headings:
        raise KeyError(f"notebooks/{number}_*.yml: the manifest's figures have no heading for {name}")
    return f"{number} · {headings[name][lang]}"


FIGURES_PAGE = PAGES['figures_page']


def _figures_page(lang: str = "en") -> str:
    intro, made_by = FIGURES_PAGE[lang]
    parts = [intro]
    for f in figures_catalogue(lang):
        # the file name, for the downloads, is in the links under the heading
        parts.append(_figure_block(f, f"## {figure_heading(f['name'], lang)}\n\n", lang)
                     + made_by.format(nb=Path(f["notebook"]).stem, name=f["name"]))
    return "\n".join(parts)


def plain_text_markdown(text: str) -> str:
    """A plain-text licence as Markdown, so that it wraps as prose on a phone: paragraphs
    joined, indented lines as a quotation, "- " lines as a list, addresses as links."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if all(line.startswith("  ") for line in lines):
            blocks.append("> " + " ".join(line.strip() for line in lines))
            continue
        out: list[str] = []
        for line in lines:
            if line.startswith("- ") or not out:
                out.append(line.strip())
            else:
                out[-1] += " " + line.strip()
        blocks.append("\n".join(out))
    return re.sub(r"(https?://[^\s)]+?)([.,;]?)(?=\s|$)", r"<\1>\2", "\n\n".join(blocks)) + "\n"


def credit_line(lang: str = "en") -> str:
    """The credit line every chart prints after its sources (``Chart: nk-defector-arrivals,
    CC BY 4.0``), as the saved figures of ``lang`` carry it."""
    return figures_catalogue(lang)[0]["credit"].rsplit(". ", 1)[-1]


LICENCE_PAGE = PAGES['licence_page']


def _licence_page(lang: str = "en") -> str:
    content = plain_text_markdown((ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8"))
    if lang != "en":  # the licence itself stays English, marked so
        content = f'<div lang="en">\n\n{content.strip()}\n\n</div>\n'
    example = min((f["credit"] for f in figures_catalogue(lang)  # the shortest with the ministry alone
                   if ("Ministry" in f["credit"] or "통일부" in f["credit"]) and "UNHCR" not in f["credit"]), key=len)
    return LICENCE_PAGE[lang].format(credit=credit_line(lang), example=example) + content


DATA_PAGE = PAGES['data_page']


def processed_descriptions(text: str) -> dict[str, tuple[str, str]]:
    """What each processed table holds, from the table of data/README.md's "Processed files"
    section: file (or pattern, ``NN_<notebook>.results.csv``) -> (contents, written by):
    the contents up to their column list."""
    section = text.split("\n## Processed files", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| `?([^|`]+?)`? \| (.+) \|$", section, re.M)
    return {name: (re.split(r": `|, `| with `", contents, maxsplit=1)[0], by) for name, by, contents in rows}


def _data_page(lang: str = "en") -> str:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    raw = re.findall(r"^### `([^`]+)`: (.+)$", text, re.M)
    described = processed_descriptions(text)
    intro, processed = DATA_PAGE[lang]
    head, _, raw_heading = intro.rpartition("\n## ")
    intro = f"{head}\n{yearly_table(lang)}\n## {raw_heading}"
    # on the Korean page each file is described in Korean (pages.yml); one it does not know keeps its
    # English description, marked so for screen readers and translators
    korean = {**PAGES["data_files_ko"], **{k: v for m in manifests.load() for k, v in m.data_files_ko.items()}}
    english = ((lambda name, s: korean.get(name) or f'<span lang="en">{s}</span>') if lang != "en"
               else (lambda name, s: s))
    parts = [intro, *(f"- {{download}}`{name} <data/raw/{name}>`: {english(name, what)}" for name, what in raw),
             processed]
    for f in sorted(PROCESSED.glob("*.csv")):
        row = described.get(f.name) or described.get("NN_<notebook>.results.csv" if f.name.endswith(".results.csv")
                                                      else "")
        if row is None:
            raise KeyError(f"data/README.md, section Processed files: no row describes {f.name}")
        what, by = row[0], (f.name.split(".")[0] if f.name not in described else row[1])
        key = f.name if f.name in described else "NN_<notebook>.results.csv"
        what = english(key, f"{what}; from notebook `{by}`") + (f", 노트북 `{by}`" if lang != "en" and key in korean
                                                                   else "")
        parts.append(f"- {{download}}`{f.name} <data/processed/{f.name}>`: {what}")
    return "\n".join(parts) + "\n"


YEARLY = PAGES["yearly_table"]


def yearly_table(lang: str = "en") -> str:
    """The Data page's plain table of arrivals per year (the two bins as what they are),
    with the date of the latest figure: a single year's number one click from the home page."""
    from helpers import data

    arrivals, checkpoints = data.load_arrivals(), data.load_checkpoints()
    words = YEARLY[lang]
    links = source_addresses()  # a key whose source has a public address links to it
    latest = checkpoints.iloc[-1]
    rows = [words["header"], "|---|---:|---:|---:|---:|---|"]
    for r in arrivals.itertuples():
        label = words["bins"].get(r.period, r.period)
        rows.append(f"| {label} | {r.male:,} | {r.female:,} | {r.total:,} | {100 * r.female / r.total:.1f}% | "
                    + "; ".join(f"[{k}]({links[k]})" if k in links else k for k in r.source.split("; ")) + " |")
    return words["intro"].format(date=latest["as_of"].isoformat(), total=f"{int(latest['total']):,}",
                                 last=int(arrivals["year_end"].max())) + "\n\n" + "\n".join(rows) + "\n"


def source_addresses() -> dict[str, str]:
    """Each source key of data/README.md whose citation gives a web address: key -> address."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    return {key: url[0] for key, citation in re.findall(r"^\| `([^`]+)` \| (.+) \|$", text, re.M)
            if (url := _URL.findall(citation))}


SOURCES_PAGE = PAGES['sources_page']


def _sources_page(lang: str = "en") -> str:
    """data/README.md under its own title, with how to cite and the licences first; any HTML
    in it (a citation pasted with markup) is shown as text, never run (:func:`text_only`)."""
    body = (ROOT / "data" / "README.md").read_text(encoding="utf-8").split("\n", 1)[1]
    return SOURCES_PAGE[lang] + text_only(body)


def text_only(markdown: str) -> str:
    """Markdown whose ``<`` and ``>`` outside code are entities: MyST passes raw HTML through
    to the page, so a citation holding ``<script>`` or ``<img onerror=...>`` would run on the
    published site; as entities it reads as the characters it is. A plain web address
    becomes a link. Code (fenced blocks and inline spans) is left as it is, where Markdown
    already shows ``<`` literally."""
    out = []
    for i, block in enumerate(re.split(r"(^```.*?^```[^\n]*$)", markdown, flags=re.M | re.S)):
        if i % 2:
            out.append(block)
            continue
        parts = re.split(r"(`[^`\n]*`)", block)
        out.append("".join(p if j % 2 else _URL.sub(r"[\1](\1)", p.replace("<", "&lt;").replace(">", "&gt;"))
                           for j, p in enumerate(parts)))
    return "".join(out)


#: A web address in a citation, made a link (the characters a URL may hold, not a final
#: full stop or comma); anything else stays text.
_URL = re.compile(r"(?<![(\[])(https?://[A-Za-z0-9/:._~%?#=&+-]*[A-Za-z0-9/_~%#=&+-])")


# ----------------------------------------------------------------------------- the Korean site

#: The Korean site's title in the browser's tab and the sidebar.
TITLE_KO = "북한이탈주민 입국 통계"
#: The pages the site has in both languages (site/ko/ holds the Korean); the notebook pages
#: are English, each opening with its findings in Korean (:func:`korean_summary`), and the
#: Korean home page gives all the findings.
KO_PAGES = ["index", "figures", "data", "sources", "licence", "glossary"]
GLOSSARY_KO = ROOT / "docs" / "glossary.ko.md"
#: The Korean pages' footer: the theme's "By {author}" comes out garbled in Korean
#: ("으로 ..."), so the Korean footer names the authors itself.
THEME_KO = {"footer_content_items": ["extra-footer.html"],
            "extra_footer": "<p>만든 이: nk-defector-arrivals 기여자들(CC BY 4.0 그림·표, MIT 코드)</p>"}

THEME_STRINGS_KO = PAGES['theme_strings_ko']
#: Where the theme writes them: as an element's text or as one of these attributes.
_THEME_PLACES = (">{}<", 'title="{}"', 'aria-label="{}"', 'placeholder="{}"')


def mark_english_ko(folder: Path) -> None:
    """The Korean Sources page gives data/README.md in English under its Korean opening:
    each of its sections (every section below the page's title) is marked ``lang="en"``, so
    that a screen reader reads it, and a browser hyphenates and translates it, as English."""
    page = folder / "sources.html"
    text = page.read_text(encoding="utf-8")
    before, title, *sections = text.split('<section id="')
    page.write_text(before + '<section id="' + title + "".join('<section lang="en" id="' + s for s in sections),
                    encoding="utf-8")


def translate_theme_ko(folder: Path) -> None:
    """The theme's English words on every Korean page in ``folder``, in Korean
    (:data:`THEME_STRINGS_KO`), wherever it writes them as text or as a label."""
    for page in sorted(folder.rglob("*.html")):
        text = original = page.read_text(encoding="utf-8")
        for en, ko in THEME_STRINGS_KO.items():
            for place in _THEME_PLACES:
                text = text.replace(place.format(en), place.format(ko))
        if text != original:
            page.write_text(text, encoding="utf-8")


def _index_page_ko(stems: list[str]) -> str:
    about = {m.stem: m.about["ko"] for m in manifests.load()}
    titles = {m.stem: m.title_ko for m in manifests.load()}
    nbs = "\n".join(f"- [{titles[s]}]({s}.md): {about[s]}" for s in stems)
    title = README_KO.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    return (f"# {title}\n\n"
            '<p class="lang-links"><a href="../index.html" hreflang="en" lang="en">English</a> · 한국어</p>\n\n'
            "통일부의 북한이탈주민(North Korean defectors) 입국 통계와 유엔난민기구(UNHCR)의 해외 북한 출신자 "
            "통계를 분석하는 재현 가능한 노트북 모음이다. 아래의 모든 숫자는 노트북이 원자료에서 계산한 것이며, "
            "영어판과 같은 계산과 같은 판정에서 채워진다.\n\n## 주요 결과\n\n"
            + _link_notebooks(findings_markdown(with_figures=False, glossary="glossary.md", lang="ko"), stems,
                              "[`{0}`]({0}.md)") + "\n"
            + "\n".join(_figure_block(f, lang="ko") for f in figures_catalogue("ko") if f["name"] in findings_figures())
            + f"\n모든 그림에는 출처와 표기 문구(*{credit_line('ko')}*)가 그려져 있다. "
            "[라이선스와 출처 표기](licence.md) 참고.\n\n"
            "## 노트북\n\n노트북마다 한국어 페이지에 질문, 결과와 그림이 있고, 코드와 표를 담은 분석 전체는 "
            f"영어판 노트북 페이지에 있다.\n\n{nbs}\n\n"
            "```{toctree}\n:hidden:\n:caption: 노트북\n\n" + "\n".join(stems) + "\n```\n\n"
            "```{toctree}\n:hidden:\n:caption: 그림과 자료\n\nfigures\ndata\nsources\nlicence\nglossary\n```\n")


def _notebook_page_ko(m: manifests.Manifest) -> str:
    """A notebook's page on the Korean site: what it asks, its findings and its figures in
    Korean, and a link to the English page, which holds the whole analysis (code, tables,
    results)."""
    stem = m.stem
    summary = "\n".join(korean_findings(stem, "glossary.html"))
    figures = [_figure_block(f, lang="ko") for f in figures_catalogue("ko") if f["notebook"] == f"{stem}.ipynb"]
    return (f"# {m.title_ko}\n\n{m.about['ko']}\n\n"
            + (f"## 주요 결과\n\n{summary}\n" if summary else "")
            + ("## 그림\n\n" + "\n".join(figures) + "\n" if figures else "")
            + "## 분석 전체(영어)\n\n코드, 표, 결과 목록과 각 판정의 조건은 영어판 노트북 페이지에 있다: "
            f'<a href="../notebooks/{stem}.html" hreflang="en">{stem}</a>.\n')


def _glossary_page_ko() -> str:
    """docs/glossary.ko.md, its link to the English glossary pointing at the English site."""
    return GLOSSARY_KO.read_text(encoding="utf-8").replace(
        "[Glossary](glossary.md)", '<a href="../glossary.html" hreflang="en">Glossary</a>')


def _static(src: Path) -> None:
    """The site's own CSS and scripts (``buildtools/static/``) in ``src/_static``, with the
    data they share with the Python side (``collection-data.js``)."""
    (src / "_static").mkdir(parents=True)
    for f in sorted(STATIC.iterdir()):
        shutil.copy(f, src / "_static" / f.name)
    with open(src / "_static" / "collection.css", "a", encoding="utf-8") as fh:
        fh.write(f".bd-article img.chart {{ max-width: {CHART_MAX_PX}px; }}\n")
    shared = {"particlesKo": PARTICLES_KO, "pages": [*KO_PAGES, "search", "genindex"],
              "notebooks": [nb.stem for nb in notebooks(NOTEBOOKS)]}
    (src / "_static" / "collection-data.js").write_text(
        f"// Written by buildtools/site.py: what the scripts share with the Python side.\n"
        f"var COLLECTION = {json.dumps(shared, ensure_ascii=False)};\n", encoding="utf-8")


def _copy_common(src: Path, figures: Path) -> None:
    """What both languages' pages link to: one language's figures (also at their own address,
    for the full-size links), the data, the citation and the licences."""
    # Temporary files of an interrupted write (".NAME.*.tmp") and other hidden files stay out.
    shutil.copytree(figures, src / "figures", ignore=shutil.ignore_patterns("README.md", ".*", "ko"))
    shutil.copytree(ROOT / "data", src / "data", ignore=shutil.ignore_patterns("README.md", ".*"))
    for name in ("CITATION.cff", "LICENSE", "LICENSE-CONTENT"):
        shutil.copy(ROOT / name, src / name)
    (src / "_extra" / "figures").mkdir(parents=True)
    for png in sorted(figures.glob("*.png")):
        shutil.copy(png, src / "_extra" / "figures" / png.name)


def _sphinx(src: Path, html: Path, doctrees: Path) -> None:
    from sphinx.cmd.build import build_main

    status = build_main(["-b", "html", "-q", "-E", "-j", "auto", "-d", str(doctrees), str(src), str(html)])
    if status != 0:
        raise RuntimeError(f"the site did not build (sphinx exit status {status}, in {display_path(src)})")


def build_site(out: Path = SITE) -> Path:
    """Build the offline HTML site with Sphinx, myst-nb and sphinx-book-theme into ``out``,
    and its Korean edition into ``out/ko``.

    The notebooks are rendered from their committed outputs (never re-executed), their
    code folded behind a toggle; pages: home (findings, the notebooks), the notebooks,
    Figures, Data, Sources and methods, Licences, Glossary. The Korean edition has the same
    pages but the notebooks (whose home page sums up their findings in Korean), built a
    second time with ``language = "ko"``; a switch on every page leads to the other
    language. No resource is loaded from the network.
    """
    skip_iri_grammars()
    stems = [nb.stem for nb in notebooks(NOTEBOOKS)]
    sources = {"en": BUILD_DIR / "site-src", "ko": BUILD_DIR / "site-src-ko"}
    for src in sources.values():
        shutil.rmtree(src, ignore_errors=True)
        _static(src)
    src = sources["en"]
    (src / "notebooks").mkdir(parents=True)
    for stem in stems:
        (src / "notebooks" / f"{stem}.ipynb").write_text(json.dumps(_site_notebook(stem)), encoding="utf-8")
    _copy_common(src, FIGURES)
    pages = {"conf.py": SPHINX_CONF.format(title=TITLE, language="en", theme_extra={}), "index.md": _index_page(stems),
             "figures.md": _figures_page(), "data.md": _data_page(), "sources.md": _sources_page(),
             "licence.md": _licence_page(), "glossary.md": GLOSSARY.read_text(encoding="utf-8")}
    ko = sources["ko"]
    _copy_common(ko, FIGURE_DIRS["ko"])
    pages_ko = {"conf.py": SPHINX_CONF.format(title=TITLE_KO, language="ko", theme_extra=THEME_KO),
                "index.md": _index_page_ko(stems),
                "figures.md": _figures_page("ko"), "data.md": _data_page("ko"), "sources.md": _sources_page("ko"),
                "licence.md": _licence_page("ko"), "glossary.md": _glossary_page_ko()}
    assert sorted(p.removesuffix(".md") for p in pages_ko if p.endswith(".md")) == sorted(KO_PAGES)
    pages_ko.update({f"{m.stem}.md": _notebook_page_ko(m) for m in manifests.load()})
    for folder, texts in ((src, pages), (ko, pages_ko)):
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
    # Built inside .build (myst-nb writes a jupyter_execute folder beside the output), then
    # moved into place whole, the Korean edition in its ko/ folder.
    html = BUILD_DIR / "site-html" / "html"
    shutil.rmtree(html.parent, ignore_errors=True)
    _sphinx(src, html, BUILD_DIR / "site-doctrees")
    _sphinx(ko, html.parent / "ko", BUILD_DIR / "site-doctrees-ko")
    translate_theme_ko(html.parent / "ko")
    mark_english_ko(html.parent / "ko")
    shutil.move(str(html.parent / "ko"), str(html / "ko"))
    _swap_in(html, out)
    return out


def _swap_in(new: Path, out: Path) -> None:
    """Put the complete new site in place of the old: two renames, so a reader (or an
    interrupted job) finds the old site or the new one whole, never a half-written one;
    if the second fails, the old site is put back."""
    old = BUILD_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        if old.exists() and not out.exists():
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


# ----------------------------------------------------------------------------- main


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m buildtools.site")
    ap.add_argument("--check", action="store_true",
                    help="fail if figures/README.md or README.md is out of date")
    ap.add_argument("--force", action="store_true", help="rebuild the site even if up to date")
    ap.add_argument("--documents", action="store_true",
                    help="write the README's findings and the figure index only, not the HTML site")
    args = ap.parse_args(argv)
    from buildtools.run import one_job_at_a_time

    with one_job_at_a_time():
        try:
            return _main(args)
        except manifests.ManifestError as exc:  # every problem, one per line, no traceback
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except ResultMissing as exc:  # a finding reads a result its notebook has not written
            print(f"error: {exc.args[0]}", file=sys.stderr)
            return 1


def _main(args: argparse.Namespace) -> int:
    if args.check:
        stale = [display_path(p) for p, make in generated_documents()
                 if not p.exists() or p.read_text(encoding="utf-8") != make()]
        if stale:
            print(f"out of date: {', '.join(stale)}; run the main job (make)")
            return 1
        return 0
    # The two documents in git are compared by content on every run, so a hand edit is undone.
    for path, make in generated_documents():
        if _write_if_changed(path, make()):
            print(f"wrote {display_path(path)}")
    if args.documents:
        return 0
    digest = _inputs_hash()
    if not args.force and SITE.joinpath("index.html").exists() and STAMP.exists() \
            and json.loads(STAMP.read_text()).get("inputs") == digest:
        print("site: up to date")
        return 0
    try:
        build_site()
    except OSError as exc:  # a full disk or a read-only folder while building
        raise WriteFailed(exc.errno, f"could not build the site, the old one is left as it was: "
                          f"{cli.disk_problem(exc) or exc}") from None
    except RuntimeError as exc:
        print(f"error: {exc}; Sphinx's messages are above", file=sys.stderr)
        return 1
    stamp = json.dumps({"inputs": _inputs_hash()}) + "\n"
    write_atomically(STAMP, lambda tmp: tmp.write_text(stamp, encoding="utf-8"))
    print(f"site: wrote {display_path(SITE)}/index.html (open it in a browser; works offline)")
    return 0


if __name__ == "__main__":
    from buildtools.run import entry

    sys.exit(entry(main))
