"""The generated documents and the offline HTML site, built after the notebooks.

Usage::

    python -m buildtools.site              # both (the main job runs this after the notebooks)
    python -m buildtools.site --documents  # the documents in git only
    python -m buildtools.site --check      # exit 1 if a document in git is stale

* The documents in git (:mod:`buildtools.documents`): ``figures/README.md`` and
  ``figures/index.csv`` (and their Korean twins), and the README's generated blocks: the
  findings, the table of notebooks and the Binder badge, from the notebooks' manifests
  (:mod:`buildtools.manifests`) and ``data/processed/*.results.csv``; no number in them is
  typed by hand.
* ``site/``: a Sphinx site (myst-nb renders the committed notebook outputs, never
  re-executing; sphinx-book-theme gives the sidebar, previous/next, in-page contents and
  offline search), its pages written by :mod:`buildtools.site_pages`: a home page with the
  findings and the notebooks, one page per notebook with its code folded, Figures, Data,
  Sources and methods, Licences, Glossary. It needs no network.
* ``site/ko/``: the Korean edition (a second Sphinx build with ``language = "ko"``): the
  same pages, and a Korean page per notebook with its findings and figures; a switch on
  every page leads to the same page in the other language.

The site is rebuilt only when one of its inputs changed (:func:`_inputs_hash`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from buildtools import documents, manifests, skip_iri_grammars
from buildtools import site_pages as pages
from buildtools.search_numbers import PARTICLES_KO, korean_stem  # noqa: F401 - korean_stem for the tests
from helpers import cli
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

SITE = ROOT / "site"
BUILD_DIR = ROOT / ".build"
STAMP = BUILD_DIR / "stamps" / "site.json"


# ----------------------------------------------------------------------------- site


#: The site's own CSS and JavaScript, as files (``node --check`` lints the scripts in the tests).
STATIC = Path(__file__).with_name("static")

def _inputs_hash() -> str:
    h = hashlib.sha256()
    files = [*notebooks(NOTEBOOKS), *sorted(FIGURES.glob("*")), *sorted(documents.FIGURE_DIRS["ko"].glob("*")),
             *sorted(PROCESSED.glob("*")), *sorted(NOTEBOOKS.glob("*.yml")), *sorted(STATIC.glob("*")), Path(__file__),
             Path(__file__).with_name("pages.yml"),
             *(Path(__file__).with_name(f"{m}.py") for m in ("search_numbers", "documents", "site_pages", "manifests",
                                                                "html_rewrite")),
             *(ROOT / n for n in ("CITATION.cff", "LICENSE", "LICENSE-CONTENT", "data/README.md",
                                  "docs/glossary.md", "docs/glossary.ko.md", "README.ko.md",
                                  "src/helpers/messages_ko.py"))]
    for f in files:
        if f.is_file() and not f.name.startswith("."):  # not a temporary file being written
            h.update(f"{f.name}\0{file_digest(f)}\n".encode())
    return h.hexdigest()


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


def _static(src: Path) -> None:
    """The site's own CSS and scripts (``buildtools/static/``) in ``src/_static``, with the
    data they share with the Python side (``collection-data.js``)."""
    (src / "_static").mkdir(parents=True)
    for f in sorted(STATIC.iterdir()):
        shutil.copy(f, src / "_static" / f.name)
    with open(src / "_static" / "collection.css", "a", encoding="utf-8") as fh:
        fh.write(f".bd-article img.chart {{ max-width: {CHART_MAX_PX}px; }}\n")
    shared = {"particlesKo": PARTICLES_KO, "pages": [*pages.KO_PAGES, "search", "genindex"],
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
        (src / "notebooks" / f"{stem}.ipynb").write_text(json.dumps(pages.site_notebook(stem)), encoding="utf-8")
    _copy_common(src, FIGURES)
    texts = {"conf.py": SPHINX_CONF.format(title=pages.TITLE, language="en", theme_extra={}),
             "index.md": pages.index_page(stems), "figures.md": pages.figures_page(), "data.md": pages.data_page(),
             "sources.md": pages.sources_page(),
             "licence.md": pages.licence_page(), "glossary.md": documents.GLOSSARY.read_text(encoding="utf-8")}
    ko = sources["ko"]
    _copy_common(ko, documents.FIGURE_DIRS["ko"])
    texts_ko = {"conf.py": SPHINX_CONF.format(title=pages.TITLE_KO, language="ko", theme_extra=pages.THEME_KO),
                "index.md": pages.index_page_ko(stems),
                "figures.md": pages.figures_page("ko"), "data.md": pages.data_page("ko"),
                "sources.md": pages.sources_page("ko"),
                "licence.md": pages.licence_page("ko"), "glossary.md": pages.glossary_page_ko()}
    assert sorted(p.removesuffix(".md") for p in texts_ko if p.endswith(".md")) == sorted(pages.KO_PAGES)
    texts_ko.update({f"{m.stem}.md": pages.notebook_page_ko(m) for m in manifests.load()})
    for folder, written in ((src, texts), (ko, texts_ko)):
        for name, text in written.items():
            (folder / name).write_text(text, encoding="utf-8")
    # Built inside .build (myst-nb writes a jupyter_execute folder beside the output), then
    # moved into place whole, the Korean edition in its ko/ folder.
    html = BUILD_DIR / "site-html" / "html"
    shutil.rmtree(html.parent, ignore_errors=True)
    _sphinx(src, html, BUILD_DIR / "site-doctrees")
    _sphinx(ko, html.parent / "ko", BUILD_DIR / "site-doctrees-ko")
    pages.translate_theme_ko(html.parent / "ko")
    pages.mark_english_ko(html.parent / "ko")
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
        except documents.ResultMissing as exc:  # a finding reads a result its notebook has not written
            print(f"error: {exc.args[0]}", file=sys.stderr)
            return 1


def _main(args: argparse.Namespace) -> int:
    if args.check:
        stale = [display_path(p) for p, make in documents.generated_documents()
                 if not p.exists() or p.read_text(encoding="utf-8") != make()]
        if stale:
            print(f"out of date: {', '.join(stale)}; run the main job (make)")
            return 1
        return 0
    # The two documents in git are compared by content on every run, so a hand edit is undone.
    for path, make in documents.generated_documents():
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
