"""The pages of the site, as MyST Markdown (English, and the Korean edition): the home
page, each notebook (its code folded, its figures with their alt text, its Korean
summary), Figures, Data, Sources, Licences and Glossary. :mod:`buildtools.site` builds
them with Sphinx."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from buildtools import html_rewrite, manifests
from buildtools.documents import (
    GLOSSARY_KO,
    GLOSSARY_TERMS,
    README_KO,
    figures_catalogue,
    findings_figures,
    findings_markdown,
    glossary_entries,
    term_pattern,
)
from helpers.paths import (
    NOTEBOOKS,
    PROCESSED,
    ROOT,
)

#: The page words by language (``pages.yml``): each page's introduction, the words around a chart,
#: the theme's words in Korean.
PAGES = yaml.safe_load(Path(__file__).with_name("pages.yml").read_text(encoding="utf-8"))
TITLE = "North Korean defectors arriving in South Korea"


def _first_heading(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    return first.lstrip("# ").strip()


def _question(path: Path) -> str:
    """The notebook's question, from its first cell (``**Question.** ...``)."""
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    m = re.search(r"\*\*Question\.\*\*\s+(.+?)(?:\n\n|$)", first, re.S)
    return " ".join(m.group(1).split()) if m else ""


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


def korean_findings(stem: str, glossary: str, here: str = "아래에") -> list[str]:
    """A notebook's findings in Korean (its manifest's ``summary_ko``), numbered from 1
    whatever their numbers on the home page, glossary terms linked to ``glossary``; a finding
    that sends the reader to this very notebook says ``here`` instead: "below" on its English
    page, "on the English page" on its Korean one, which holds no tables."""
    ms = manifests.load()
    lines = findings_markdown(with_figures=False, glossary="GLOSSARY", lang="ko", ms=ms).splitlines()
    by_id = {f.id: line.split(". ", 1)[1] for f, line in zip(manifests.findings(ms), lines, strict=True)}
    summary = next(m.summary_ko for m in ms if m.stem == stem)
    return [f"{i}. " + re.sub(r"\[([^\]]+)\]\(GLOSSARY#([\w-]+)\)", rf'<a href="{glossary}#\2">\1</a>',
                            by_id[n]).replace(f"노트북 `{stem}`에", here)
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


def site_notebook(stem: str) -> dict:
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


def index_page(stems: list[str]) -> str:
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


def figures_page(lang: str = "en") -> str:
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


def licence_page(lang: str = "en") -> str:
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


def data_page(lang: str = "en") -> str:
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
    date = latest["as_of"].isoformat()
    if lang == "ko":  # 2025년 12월 31일, as Korean writes a date
        from helpers.i18n import korean_dates
        date = korean_dates(date)
    return words["intro"].format(date=date, total=f"{int(latest['total']):,}",
                                 last=int(arrivals["year_end"].max())) + "\n\n" + "\n".join(rows) + "\n"


def source_addresses() -> dict[str, str]:
    """Each source key of data/README.md whose citation gives a web address: key -> address."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    return {key: url[0] for key, citation in re.findall(r"^\| `([^`]+)` \| (.+) \|$", text, re.M)
            if (url := _URL.findall(citation))}


SOURCES_PAGE = PAGES['sources_page']


def sources_page(lang: str = "en") -> str:
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
#: The Korean pages' footer: the theme's "By {author}" comes out garbled in Korean
#: ("으로 ..."), so the Korean footer names the authors itself.
THEME_KO = {"footer_content_items": ["extra-footer.html"],
            "extra_footer": "<p>만든 이: nk-defector-arrivals 기여자들(CC BY 4.0 그림·표, MIT 코드)</p>"}

THEME_STRINGS_KO = PAGES['theme_strings_ko']


def mark_english_ko(folder: Path) -> None:
    """The Korean Sources page gives data/README.md in English under its Korean opening:
    each of its sections (every section below the page's title) is marked ``lang="en"``, so
    that a screen reader reads it, and a browser hyphenates and translates it, as English."""
    page = folder / "sources.html"
    page.write_text(html_rewrite.mark_sections(page.read_text(encoding="utf-8"), "en"), encoding="utf-8")


def translate_theme_ko(folder: Path) -> None:
    """The theme's English words on every Korean page in ``folder``, in Korean
    (:data:`THEME_STRINGS_KO`), wherever it writes them as a text or as a title, label or
    placeholder (found by an HTML parser, :mod:`buildtools.html_rewrite`)."""
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        translated = html_rewrite.translate(text, THEME_STRINGS_KO)
        if translated != text:
            page.write_text(translated, encoding="utf-8")


def index_page_ko(stems: list[str]) -> str:
    by_stem = {m.stem: m for m in manifests.load()}
    nbs = "\n".join(f"- [{by_stem[s].title_ko}]({s}.md): {by_stem[s].about['ko']}" for s in stems)
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


def notebook_page_ko(m: manifests.Manifest) -> str:
    """A notebook's page on the Korean site: what it asks, its findings and its figures in
    Korean, and a link to the English page, which holds the whole analysis (code, tables,
    results)."""
    stem = m.stem
    summary = "\n".join(korean_findings(stem, "glossary.html", "영어판 노트북 페이지에"))
    figures = [_figure_block(f, lang="ko") for f in figures_catalogue("ko") if f["notebook"] == f"{stem}.ipynb"]
    return (f"# {m.title_ko}\n\n**질문.** {m.question_ko}\n\n{m.about['ko']}\n\n"
            + (f"## 주요 결과\n\n{summary}\n" if summary else "")
            + ("## 그림\n\n" + "\n".join(figures) + "\n" if figures else "")
            + tables_ko(m)
            + "## 분석 전체(영어)\n\n코드와 각 판정의 조건은 영어판 노트북 페이지에 있다("
            f'<a href="../notebooks/{stem}.html" hreflang="en">{stem}</a>).\n')


#: A table of a notebook shown whole on its Korean page up to this many rows; a longer one is
#: described and downloadable (its rows are a phone's many screens).
KO_TABLE_ROWS = 15


def tables_ko(m: manifests.Manifest) -> str:
    """A notebook's tables on its Korean page: each of its files in data/processed/ (named
    after its number) described in Korean (the manifest's ``data_files_ko``), downloadable,
    and shown whole when short, with Korean headers and row labels (the figures' catalogue,
    :func:`helpers.figures.korean_columns`); then its results file, every number it computed."""
    import pandas as pd

    from helpers.figures import ENGLISH_SUFFIX, korean_columns

    number = m.stem.split("_", 1)[0]
    parts = []
    for path in sorted(PROCESSED.glob(f"{number}_*.csv")):
        if path.name.endswith(".results.csv"):
            continue
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        what = m.data_files_ko.get(path.name)
        if what is None:
            raise KeyError(f"notebooks/{m.stem}.yml: data_files_ko has no Korean description of {path.name}")
        parts.append(f"### {what}\n\n{{download}}`{path.name} <data/processed/{path.name}>` (CSV, 행 {len(table)}개)\n")
        if len(table) <= KO_TABLE_ROWS:
            shown = korean_columns(table)
            shown = shown[[c for c in shown.columns if not c.endswith(ENGLISH_SUFFIX)]]
            parts.append(_markdown_table(shown))
    results = PROCESSED / f"{m.stem}.results.csv"
    if results.is_file():
        parts.append(results_ko(m, results))
    return "## 표와 결과\n\n" + "\n".join(parts) + "\n" if parts else ""


def results_ko(m: manifests.Manifest, path: Path) -> str:
    """Every number a notebook computed (its results table), each with its Korean description
    (the manifest's ``results_ko``, filled in with the run's values), folded under its
    heading so that a phone page ends."""
    import csv

    from buildtools.documents import results_namespace, template_environment
    from helpers.i18n import catalogue
    from helpers.messages_ko import RESULT_UNITS

    names, env, words = results_namespace(), template_environment(), catalogue()  # a country's name, 'none'

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = [r["key"] for r in rows if r["key"] not in m.results_ko]
    if missing:
        raise KeyError(f"notebooks/{m.stem}.yml: results_ko has no Korean description of {', '.join(missing)}")
    table = ["| 키 | 값 | 단위 | 설명 |", "|---|---|---|---|"]
    for r in rows:
        what = env.from_string(m.results_ko[r["key"]]).render(**names)
        unit = RESULT_UNITS.get(r["unit"], r["unit"])
        value = r["value"] if re.fullmatch(r"[-+\d.e]+", r["value"]) else words.translate(r["value"]) or r["value"]
        table.append(f"| `{r['key']}` | {value} | {unit} | {what.replace('|', chr(92) + '|')} |")
    return (f"### 결과 수치\n\n{{download}}`{path.name} <data/processed/{path.name}>`: 이 노트북이 계산한 수치 "
            f"{len(rows)}개. 본문과 그림의 모든 수치가 여기서 나온다(파일의 설명 열은 영어).\n\n"
            f"<details>\n<summary>수치 {len(rows)}개 모두 보기</summary>\n\n" + "\n".join(table) + "\n\n</details>\n")


def _markdown_table(table) -> str:
    """A whole table as Markdown, every cell as its CSV holds it (a '|' escaped)."""
    def cell(v: object) -> str:
        return str(v).replace("|", "\\|")
    rows = ["| " + " | ".join(cell(c) for c in table.columns) + " |", "|" + "---|" * len(table.columns)]
    rows += ["| " + " | ".join(cell(v) for v in r) + " |" for r in table.itertuples(index=False)]
    return "\n".join(rows) + "\n"


def glossary_page_ko() -> str:
    """docs/glossary.ko.md, its link to the English glossary pointing at the English site."""
    return GLOSSARY_KO.read_text(encoding="utf-8").replace(
        "[Glossary](glossary.md)", '<a href="../glossary.html" hreflang="en">Glossary</a>')
