"""The documents in git that the main job writes from the figures and results: the
figure index (``figures/README.md``, ``figures/index.csv`` and their Korean twins) and the
README's generated blocks (the findings, the table of notebooks, the Binder badge), in
English and Korean; the findings' words are the notebooks' manifests
(:mod:`buildtools.manifests`), filled in from ``data/processed/*.results.csv``."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import jinja2

from buildtools import manifests
from helpers.i18n import korean_ranges
from helpers.paths import (
    FIGURES,
    NOTEBOOKS,
    PROCESSED,
    ROOT,
    notebooks,
)
from helpers.text import alt_text, bound, level_pct

README = ROOT / "README.md"
FIGURE_INDEX = FIGURES / "README.md"
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
GLOSSARY_KO = ROOT / "docs" / "glossary.ko.md"


def template_environment() -> jinja2.Environment:
    """Where the manifests' templates are filled: strict (a misspelt name fails), with :data:`FILTERS`."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env


def results_namespace(r: dict | None = None, ms: list[manifests.Manifest] | None = None) -> dict[str, _Results]:
    """Each notebook's results by the short name its manifest gives them (``results``)."""
    r = results() if r is None else r
    ms = manifests.load() if ms is None else ms
    return {m.results: _Results(r, m.stem) for m in ms if m.results}


def findings_checks(names: dict[str, _Results], ms: list[manifests.Manifest]) -> dict[str, bool]:
    """The conditions that choose the findings' wording (the manifests' ``checks``): each
    decided once, in the notebook that computes it, and read here from its results
    (``names``: each notebook's results by the short name its manifest gives them)."""
    env = template_environment()
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
    ms = manifests.load() if ms is None else ms
    env = template_environment()
    names = results_namespace(r, ms)
    check = findings_checks(names, ms)
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


# ----------------------------------------------------------------------------- glossary


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
