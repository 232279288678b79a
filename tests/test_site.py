"""Generated documents: the site works offline, the figure index and README are current."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from buildtools import documents, manifests, site, site_pages
from helpers.paths import PROCESSED, notebooks


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append((tag, name, value))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return site.build_site(tmp_path_factory.mktemp("site") / "site")


def pages(root: Path):
    """The site's pages (not the theme's template macros copied into _static)."""
    return sorted(p for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts)


def test_site_has_an_index_and_a_page_per_notebook(built):
    names = {p.relative_to(built).as_posix() for p in pages(built)}
    assert "index.html" in names
    assert {f"notebooks/{nb.stem}.html" for nb in notebooks()} <= names


def test_every_link_and_image_on_every_page_resolves_offline(built):
    broken, external = [], []
    for page in pages(built):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attr, value in parser.refs:
            url = urlparse(value)
            if url.scheme in ("http", "https") or value.startswith("//"):
                if tag != "a":
                    external.append(f"{page.name}: <{tag} {attr}={value}>")
                continue
            if url.scheme in ("data", "mailto") or value.startswith("#"):
                continue
            target = (page.parent / unquote(url.path)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(built)}: {value}")
    assert not external, "resources loaded from the network:\n" + "\n".join(external)
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_figures_and_data_pages_offer_every_file(built):
    figures_page = (built / "figures.html").read_text(encoding="utf-8")
    for fig in documents.figures_catalogue():
        for ext in ("png", "svg", "pdf", "csv"):
            assert f'{fig["name"]}.{ext}"' in figures_page, (fig["name"], ext)
        assert f'alt="{fig["alt_text"]}"'.replace("'", "&#x27;") in figures_page or \
            fig["alt_text"][:40] in figures_page
    data_page = (built / "data.html").read_text(encoding="utf-8")
    for table in [*site.PROCESSED.glob("*.csv"), *(site.ROOT / "data" / "raw").glob("*.csv")]:
        assert f'{table.name}"' in data_page, table.name


def test_every_page_is_reachable_titled_searchable_and_folds_code(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    for page in ["figures.html", "data.html", "sources.html",
                 *(f"notebooks/{nb.stem}.html" for nb in notebooks())]:
        assert f'href="{page}"' in index, page
        html = (built / page).read_text(encoding="utf-8")
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert ".ipynb" not in title and ".html" not in title and len(title) > 10, (page, title)
    assert (built / "search.html").exists() and (built / "searchindex.js").exists()
    nb_page = (built / "notebooks" / "03_post_2011_decline.html").read_text(encoding="utf-8")
    assert "hide-input" in nb_page and "No description has been provided" not in nb_page


def test_every_image_on_every_page_has_real_alt_text(built):
    """Alt text made from the figure's title and subtitle, in the notebooks too (issue 13)."""
    class Alts(HTMLParser):
        def __init__(self):
            super().__init__()
            self.alts = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.alts.append(dict(attrs).get("alt", ""))

    bad = []
    for page in pages(built):
        parser = Alts()
        parser.feed(page.read_text(encoding="utf-8"))
        lead = "차트: " if page.relative_to(built).parts[0] == "ko" else "Chart: "  # the Korean edition
        bad += [f"{page.relative_to(built)}: {a!r}" for a in parser.alts
                if not a.startswith(lead) and "logo" not in a.lower()]
    assert not bad, bad
    assert "Chart: " in (built / "notebooks" / "02_gender_shift.html").read_text(encoding="utf-8")
    assert "차트: " in (built / "ko" / "figures.html").read_text(encoding="utf-8")


def test_the_korean_edition_has_each_shared_page_in_korean_with_its_figures_and_a_switch(built):
    """Issue 23: home, figures, data, sources, licence and glossary in Korean under ko/, each
    page leading to the other language; the Korean figures page offers every Korean figure."""
    from helpers.i18n import HANGUL

    for name in site_pages.KO_PAGES:
        html = (built / "ko" / f"{name}.html").read_text(encoding="utf-8")
        assert '<html lang="ko"' in html, name
        article = html.split('<article class="bd-article">', 1)[1].split("</article>", 1)[0]
        assert len(HANGUL.findall(article)) > 50, f"ko/{name}.html has little Korean"
        assert "collection-lang.js" in html, name
        assert "만든 이: nk-defector-arrivals 기여자들" in html and "으로 The" not in html, name
        odd = [w for w in ("이 쪽의 목차", "판 경고", "화면 색") if w in html]
        odd += ["English footer"] * ("contributors" in html.rsplit("<footer", 1)[-1])
        assert not odd, (name, odd)  # issue 36: the theme's words as Korean sites write them
        assert "collection-lang.js" in (built / f"{name}.html").read_text(encoding="utf-8"), name
    index = (built / "ko" / "index.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in index
    assert 'href="ko/index.html"' in (built / "index.html").read_text(encoding="utf-8")
    for stem in (nb.stem for nb in notebooks()):  # issue 36: a Korean page for every notebook
        assert f'href="{stem}.html"' in index, stem
        page = (built / "ko" / f"{stem}.html").read_text(encoding="utf-8")
        assert '<html lang="ko"' in page and f'href="../notebooks/{stem}.html"' in page, stem
        article = page.split('<article class="bd-article">', 1)[1].split("</article>", 1)[0]
        assert len(HANGUL.findall(article)) > 30, stem
        for f in documents.figures_catalogue("ko"):
            if f["notebook"] == f"{stem}.ipynb":
                assert f"{f['name']}.png" in article, (stem, f["name"])
    findings = documents.findings_markdown(with_figures=False, glossary="glossary.md", lang="ko")
    first = re.search(r"\*\*(.+?)\*\*", findings)[1]
    assert first in index.replace("<strong>", "").replace("</strong>", "")
    figures = (built / "ko" / "figures.html").read_text(encoding="utf-8")
    for fig in documents.figures_catalogue("ko"):
        assert site_pages.figure_heading(fig["name"], "ko") in figures, fig["name"]
        for ext in ("png", "svg", "pdf", "csv"):
            assert f'{fig["name"]}.{ext}"' in figures, (fig["name"], ext)
    ko_png = built / "ko" / "figures" / "01_annual_arrivals.png"
    assert ko_png.read_bytes() == (documents.FIGURE_DIRS["ko"] / "01_annual_arrivals.png").read_bytes()
    css = (built / "ko" / "_static" / "collection.css").read_text(encoding="utf-8")
    keep_all = css.split("word-break: keep-all", 1)[0].rsplit("}", 1)[-1]  # the rule's selectors
    for where in (".bd-article", ".bd-sidebar-secondary", ".prev-next-area", "#search-results"):
        assert where in keep_all, where  # Korean words stay whole in the text, contents, links, search


def test_every_figure_has_a_korean_heading_for_the_site():
    missing = []
    for fig in documents.figures_catalogue():
        try:
            site_pages.figure_heading(fig["name"], "ko")
        except KeyError as exc:
            missing.append(str(exc))
    assert not missing, missing


def test_figure_index_is_current():
    assert documents.FIGURE_INDEX.read_text(encoding="utf-8") == documents.figure_index(), \
        "figures/README.md is stale: run make"


def test_readme_findings_agree_with_the_results_tables():
    assert documents.README.read_text(encoding="utf-8") == documents.readme_with_findings(), \
        "README.md findings disagree with data/processed/*.results.csv: run make"


def test_readme_findings_wording_follows_the_checks_not_the_template():
    """The prose lives in the notebooks' manifests; its conclusions flip with the numbers
    they rest on, and a missing result names the file to rerun."""
    r = documents.results()
    decline, gender = "03_post_2011_decline", "02_gender_shift"
    assert "one constant growth rate over 2002-2019 is rejected" in documents.findings_markdown(r)
    weak = {**r, decline: {**r[decline], "decision_one_rate_rejected": "0"}}
    text = documents.findings_markdown(weak)
    assert "2002-2019 is not clearly rejected" in text and "2002-2019 is rejected" not in text
    missing = {**r, gender: {k: v for k, v in r[gender].items() if k != "female_share_max"}}
    with pytest.raises(KeyError, match=r"02_gender_shift\.results\.csv has no key 'female_share_max'"):
        documents.findings_markdown(missing)
    assert all(len(line) < 1000 and not line.startswith(" ")
               for line in documents.findings_markdown(r).splitlines())


def test_every_figure_has_a_caption_and_three_files():
    for fig in documents.figures_catalogue():
        assert fig["title"] != fig["name"] and fig["subtitle"], fig["name"]
        assert len(fig["files"]) == 3 and fig["notebook"], fig["name"]


def test_a_hand_edited_findings_block_is_restored_even_when_the_site_is_current(tmp_path, monkeypatch):
    readme, index = tmp_path / "README.md", tmp_path / "figures-README.md"
    readme.write_text(documents.README.read_text(encoding="utf-8").replace("were registered", "were hand-edited"),
                      encoding="utf-8")
    index.write_text(documents.figure_index(), encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("current", encoding="utf-8")
    stamp = tmp_path / "stamp.json"
    stamp.write_text(json.dumps({"inputs": site._inputs_hash()}), encoding="utf-8")
    for module, name, value in ((documents, "README", readme), (documents, "FIGURE_INDEX", index),
                                (site, "SITE", tmp_path / "site"), (site, "STAMP", stamp)):
        monkeypatch.setattr(module, name, value)
    # Other tests may rewrite figures meanwhile; the site itself is not what is tested here.
    monkeypatch.setattr(site, "build_site", lambda out=None: out)
    assert site.main([]) == 0
    assert "hand-edited" not in readme.read_text(encoding="utf-8")
    assert readme.read_text(encoding="utf-8") == documents.readme_with_findings()


def test_png_text_reads_what_pillow_reads():
    from PIL import Image

    for png in sorted(site.FIGURES.glob("*.png"))[:4]:
        with Image.open(png) as im:
            assert documents.png_text(png) == dict(im.text)


def test_the_binder_badge_follows_the_repository_url_in_the_citation():
    cff = "cff-version: 1.2.0\ntitle: x\nrepository-code: https://github.com/someone/nk-arrivals\n"
    badge = documents.binder_markdown(cff)
    assert "(https://mybinder.org/v2/gh/someone/nk-arrivals/HEAD?urlpath=lab)" in badge
    assert "(https://someone.github.io/nk-arrivals/)" in badge  # the published site
    # Without a URL the README opens with the collection itself, not a note to the maintainer
    assert documents.binder_markdown("cff-version: 1.2.0\ntitle: x\n") == ""
    assert documents.binder_markdown() in documents.README.read_text(encoding="utf-8")
    assert "repository-code" in (site.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_pages_workflow_builds_the_site_with_the_main_command_and_deploys_it():
    import subprocess
    import sys

    import yaml

    path = site.ROOT / ".github" / "workflows" / "pages.yml"
    wf = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = [*wf["jobs"]["build"]["steps"], *wf["jobs"]["deploy"]["steps"]]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert any(s.get("run") == "python make.py" for s in steps)
    assert next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "site"
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_chart_carries_a_printable_credit_line_shown_under_it_with_downloads(built):
    """The source line names the publishers (no repository path) and ends with the credit;
    the figures page and the home page show it under each chart, with a full-size link and
    every download."""
    figures_page = (built / "figures.html").read_text(encoding="utf-8")
    home = (built / "index.html").read_text(encoding="utf-8")
    for fig in documents.figures_catalogue():
        credit = fig["credit"]
        assert credit.startswith("Source: ") and credit.endswith("Chart: nk-defector-arrivals, CC BY 4.0")
        assert "data/README.md" not in credit
        assert credit.replace("'", "&#x27;") in figures_page
        assert f'href="figures/{fig["name"]}.png"' in figures_page  # full size
        for ext in ("png", "svg", "pdf", "csv"):
            assert f"{fig['name']}.{ext}" in figures_page
        if fig["name"] in documents.findings_figures():
            assert credit.replace("'", "&#x27;") in home and f"{fig['name']}.svg" in home
    licence = (built / "licence.html").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence and "MIT" in licence and "CITATION.cff" in licence


class Text(HTMLParser):
    """The page's visible text (attributes such as alt left out)."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def test_no_figure_title_or_subtitle_is_repeated_as_page_text_on_the_figures_page(built):
    """The title and subtitle are in the image (and its alt text); the page does not print
    them again above or below it."""
    parser = Text()
    parser.feed((built / "figures.html").read_text(encoding="utf-8"))
    visible = " ".join(" ".join(parser.parts).split())
    for fig in documents.figures_catalogue():
        assert " ".join(fig["subtitle"].split()) not in visible, fig["name"]
        assert " ".join(fig["title"].split()) not in visible, fig["name"]


def test_each_finding_leads_with_a_quotable_sentence_then_how_sure():
    """A reporter can quote the bold first sentence alone; 'How sure' follows (but for the
    claims count, which is itself the audit's result)."""
    items = [line for line in documents.findings_markdown(with_figures=False).splitlines() if line[:1].isdigit()]
    found = manifests.findings(manifests.load())
    assert len(items) == len(found)
    for item, finding in zip(items, found):
        lead = item.split("**")[1]
        assert len(lead.split()) <= 35, lead
        how_sure = item.partition("*How sure:*")[2]
        assert len(how_sure.split()) <= 70, how_sure  # short; the statistics are in the notebooks
        assert "*How sure:*" in item or finding.id == "claims", finding.id  # the audit's count is its own result


def test_the_findings_link_jargon_to_the_glossary_and_every_link_resolves():
    import re

    text = documents.findings_markdown(with_figures=False)
    glossary = documents.GLOSSARY.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", glossary, re.M)
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    links = re.findall(r"\]\(docs/glossary\.md#([^)]+)\)", text)
    assert links and set(links) <= anchors


def test_notebook_pages_link_each_glossary_term_at_its_first_use_only(built):
    import re

    anchors = {a for _, a in documents.GLOSSARY_TERMS}
    glossary = (built / "glossary.html").read_text(encoding="utf-8")
    assert all(f'id="{a}"' in glossary for a in anchors)
    def same(anchor):  # MyST resolves a link in a markdown cell to the heading's own slug (ar1 -> ar-1)
        return anchor.replace("-", "")

    for page in (built / "notebooks").glob("*.html"):
        links = re.findall(r'href="\.\./glossary\.html#([a-z0-9-]+)"', page.read_text(encoding="utf-8"))
        assert all(f'id="{a}"' in glossary for a in links), page.name
        assert {same(a) for a in links} <= {same(a) for a in anchors}
        terms_per_anchor = {same(a): sum(1 for _, x in documents.GLOSSARY_TERMS if same(x) == same(a)) for a in anchors}
        found = [same(a) for a in links]
        assert all(found.count(a) <= terms_per_anchor[a] for a in set(found)), page.name
    text = (built / "notebooks" / "02_gender_shift.html").read_text(encoding="utf-8")
    assert re.search(r"glossary\.html#ar-?1\"", text) and "glossary.html#dispersion" in text


def test_each_chart_links_the_glossary_terms_it_draws_on_the_figures_page(built):
    """Issue 22: jargon in a chart (its title, subtitle, axes or legend) is explained where the
    chart is met: under it, a link to each term's glossary entry, in both languages."""
    import re

    terms = {f["name"]: f["terms"] for f in documents.figures_catalogue("en")}
    assert "bic" in terms["01_phases"] and "quasi-aic" in terms["03_shapes"]
    assert "ar1" in terms["03_break_scan"]  # drawn in its legend only
    assert terms["01_annual_arrivals"] == ["bin"]  # "1999-2001 bin" in its legend
    assert "f-statistic" in terms["03_break_scan"] and "scaled-pearson-residual" in terms["03_residuals"]
    assert terms["05_stock_by_country"] == []
    for lang, page, glossary in (("en", "figures.html", "glossary.html"),
                                 ("ko", "ko/figures.html", "ko/glossary.html")):
        order = list(documents.glossary_entries(lang))
        ids = set(re.findall(r'id="([\w-]+)"', (built / glossary).read_text(encoding="utf-8")))
        label = site_pages.FIGURE_WORDS[lang]["terms"]
        sections = (built / page).read_text(encoding="utf-8").split("<section id=")
        for name, anchors in terms.items():
            (section,) = [s for s in sections if f'/{name}.csv"' in s]
            linked = re.findall(r'href="glossary\.html#([\w-]+)"', section.split(label, 1)[1]) if anchors else []
            assert (label in section) == bool(anchors), (lang, name)
            assert set(linked) <= ids, (lang, name)  # MyST may link a heading's own slug (ar1 -> ar-1)
            same = [a.replace("-", "") for a in sorted(anchors, key=order.index)]
            assert [a.replace("-", "") for a in linked] == same, (lang, name)


def test_the_korean_pages_have_the_themes_words_in_korean(built):
    """The buttons, tooltips, search box and screen-reader labels that pydata-sphinx-theme has
    no Korean for are Korean on every Korean page, and stay English on the English ones."""
    english = (built / "index.html").read_text(encoding="utf-8")
    assert "Skip to main content" in english and 'placeholder="Search..."' in english
    for page in pages(built / "ko"):
        html = page.read_text(encoding="utf-8")
        for en in site_pages.THEME_STRINGS_KO:
            for place in (">{}<", 'title="{}"', 'aria-label="{}"', 'placeholder="{}"'):  # where the theme writes
                assert place.format(en) not in html, (page.name, en)
        assert "본문으로 건너뛰기" in html and 'placeholder="검색..."' in html, page.name


def test_english_text_on_the_korean_pages_is_marked_english(built):
    """Issue 22: data/README.md on the Sources page and the licence's own text stay English on
    the Korean site (the Data page's descriptions are Korean since issue 36); each is marked lang="en" (a screen
    reader reads it as English), and the Korean words around them are not."""
    def article(name):
        html = (built / "ko" / name).read_text(encoding="utf-8")
        return html.split('<article class="bd-article">', 1)[1].split("</article>", 1)[0]

    sources = article("sources.html")
    first, *english = sources.split("<section")[1:]
    assert "인용 방법" in first and 'lang="en"' not in first and english
    assert all(s.startswith(' lang="en"') for s in english)
    data = article("data.html")
    # the data page's descriptions are Korean now (issue 36): nothing on it is English
    assert data.count('<span lang="en">') == 0 and data.count("<li>") > 10 and "원자료" in data
    licence = article("licence.html")
    assert '<div lang="en">' in licence and "Creative Commons" in licence.split('<div lang="en">', 1)[1]
    assert "Creative Commons" not in licence.split('<div lang="en">', 1)[0].split("라이선스 원문")[1]


def test_the_data_page_says_what_each_processed_table_holds(built):
    """Issue 22: every processed table on the Data page has its description from data/README.md
    and the notebook that writes it (a table without a row there stops the build)."""
    html = (built / "data.html").read_text(encoding="utf-8")
    processed = html.split("Processed tables", 1)[1]
    for f in sorted(site.PROCESSED.glob("*.csv")):
        item = processed.split(f">{f.name}<", 1)[1].split("</li>", 1)[0]
        assert "from notebook" in item and f.name.split(".")[0][:2] in item, (f.name, item)


def test_search_finds_a_number_as_printed(built):
    """Sphinx's search skips pure numbers; the site indexes them as words (n2914) and its
    query splitter turns '2,914' and '2914' into the same word."""
    index = (built / "searchindex.js").read_text(encoding="utf-8")
    assert '"n2914"' in index and '"n34537"' in index
    js = (built / "_static" / "collection-search.js").read_text(encoding="utf-8")
    assert "var splitQuery" in js and ".bd-article" in js


def test_korean_search_finds_a_word_with_or_without_its_particle(built):
    """Issue 23: Sphinx has no Korean stemmer. Each Korean page's hidden word line holds its
    words without their particles, and the query drops them the same way, so "입국자" finds
    a page that says only "입국자는", and "입국자는" finds it too; short words stay whole."""
    import json

    assert site.korean_stem("입국자는") == "입국자" and site.korean_stem("캐나다에서") == "캐나다"
    assert site.korean_stem("차이") == "차이" and site.korean_stem("2,914명") == "2,914명"
    index = (built / "ko" / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[len("Search.setIndex("):-1])
    terms = {**data["terms"], **data["titleterms"]}  # a page's title words are not repeated in its terms
    words = {w for w in terms if re.fullmatch("[\uac00-\ud7a3]+", w)}
    assert site.korean_stem("적합으로만") == "적합"  # particles one after another
    stems = {site.korean_stem(w) for w in words}
    assert stems <= words and len(stems) < len(words)  # every word's stem is a word of the index
    assert all(site.korean_stem(s) == s for s in stems)
    js = (built / "_static" / "collection-search.js").read_text(encoding="utf-8")
    shared = (built / "_static" / "collection-data.js").read_text(encoding="utf-8")
    assert "koreanStem" in js and "COLLECTION.particlesKo" in js
    assert json.dumps(site.PARTICLES_KO, ensure_ascii=False) in shared


def test_the_readme_reads_each_decision_from_the_notebook_that_makes_it():
    """One decision, one place: the findings' checks are the notebooks' indicator rows
    (compared with 1 or -1), never a threshold of their own, each read from the notebook
    whose manifest holds it."""
    for m in manifests.load():
        for name, expression in m.checks.items():
            assert not re.search(r"[<>]", expression), (m.stem, name)
            assert set(re.findall(r"== (-?[\d.]+)|!= (-?[\d.]+)", expression)) <= {("1", ""), ("", "1"), ("-1", "")}, \
                (m.stem, name, expression)
            assert set(re.findall(r"\b(\w+)\.\w+", expression)) == {m.results}, (m.stem, name, expression)


def test_the_licence_page_gives_the_licence_as_prose_every_word_kept(built):
    """Issue 22: the licence read on a phone wraps as text (no monospace block to scroll)."""
    text = (site.ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    md = site_pages.plain_text_markdown(text)
    # the same words, but for the quotation's ">" and the "<...>" around addresses
    assert md.replace("<", "").replace(">", " ").split() == text.split()
    for page in ("licence.html", "ko/licence.html"):
        html = (built / page).read_text(encoding="utf-8")
        article = html.split('<article class="bd-article">', 1)[1].split("</article>", 1)[0]
        assert "<pre" not in article and "<blockquote" in article and "creativecommons.org" in article, page


@pytest.mark.parametrize("name", ["glossary.md", "glossary.ko.md"])
def test_the_glossary_is_in_alphabetical_order(name):
    """Issue 22: a reader looks a term up; Latin letters first in the Korean one, then 가나다."""
    headings = re.findall(r"^## (.+)$", (site.ROOT / "docs" / name).read_text(encoding="utf-8"), re.M)
    assert len(headings) > 10 and headings == sorted(headings, key=str.casefold), headings


def test_each_korean_notebook_page_shows_its_tables_in_korean_and_links_its_results(built):
    """Issue 36: a Korean notebook page had its question, findings and figures, and no table.
    Each table of the notebook is described in Korean and downloadable, shown whole when short
    with Korean headers and row labels, and every number of its results file is listed with its
    Korean description."""
    import warnings

    from helpers.figures import MissingTranslation
    from helpers.i18n import latin_words

    for m in manifests.load():
        with warnings.catch_warnings():
            warnings.simplefilter("error", MissingTranslation)  # a table word without its Korean fails here
            site_pages.tables_ko(m)
        html = (built / "ko" / f"{m.stem}.html").read_text(encoding="utf-8")
        number = m.stem.split("_", 1)[0]
        for path in sorted(PROCESSED.glob(f"{number}_*.csv")):
            assert path.name in html, (m.stem, path.name)
        for table in re.findall(r"<table.*?</table>", html, re.S):
            cells = [re.sub(r"<[^>]+>", "", re.sub(r"<code.*?</code>", "", c, flags=re.S)).strip()
                     for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)]  # a results key is code
            assert not [c for c in cells if latin_words(c)], (m.stem, [c for c in cells if latin_words(c)][:3])


def test_each_notebook_page_opens_with_its_findings_in_korean(built):
    """Issue 23: the notebook pages stay English, with a Korean summary of their findings
    (the findings its manifest's summary_ko names) under the question, linking the Korean
    glossary, numbered from 1 (issue 22); a notebook without one has no summary box."""
    findings = documents.findings_markdown(with_figures=False, glossary="glossary.md", lang="ko").splitlines()
    place = {f.id: n for n, f in enumerate(manifests.findings(manifests.load()), 1)}
    for m in manifests.load():
        stem, numbers = m.stem, [place[i] for i in m.summary_ko]
        html = (built / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        if not numbers:  # a notebook without a headline finding has no summary
            assert "ko-summary" not in html, stem
            continue
        assert "ko-summary" in html and 'href="../ko/index.html"' in html, stem
        assert '<div lang="ko">\n<div class="ko-summary' in html, stem  # issue 37: read with a Korean voice
        box = html.split('<div class="ko-summary', 1)[1].split("</div>", 1)[0]
        assert 'start="' not in box and stem not in box, stem  # numbered from 1; no pointer to itself
        for n in numbers:
            lead = re.search(r"\*\*(.+?)\*\*", findings[n - 1])[1]
            unquoted = re.sub(r'["\u201c\u201d]|&quot;', "", html)  # Sphinx curls the quotes
            assert lead.replace('"', "") in unquoted, (stem, n)
    assert 'href="../ko/glossary.html#sup-f"' in (built / "notebooks" / "03_post_2011_decline.html").read_text(
        encoding="utf-8")


def test_html_in_a_citation_reaches_the_site_as_text():
    """Issue 38: a citation pasted into data/README.md with markup is shown, never run."""
    payload = "| `KEY` | <script>alert(1)</script> and <img src=x onerror=alert(1)> |\n"
    out = site_pages.text_only(payload)
    assert "<script" not in out and "<img" not in out and "&lt;script&gt;" in out
    assert site_pages.text_only("`<citation>`\n```text\n<b>\n```\n") == "`<citation>`\n```text\n<b>\n```\n"
    page = re.sub(r"```.*?```|`[^`\n]*`", "", site_pages.sources_page(), flags=re.S)
    assert "<" not in page.replace("&lt;", "")


def test_the_sites_scripts_are_files_that_parse(built):
    """Issue 34: the JavaScript and CSS are files under buildtools/static, not Python strings;
    where node is present each script (and the data file the site writes) must parse."""
    import shutil
    import subprocess

    scripts = [*sorted(site.STATIC.glob("*.js")), built / "_static" / "collection-data.js"]
    assert len(scripts) == 4 and (site.STATIC / "collection.css").exists()
    node = shutil.which("node")
    for path in scripts if node else ():
        proc = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_a_web_address_in_a_citation_is_a_link_and_markup_stays_text():
    """Issue 37: the ministry's and UNHCR's pages were plain text on the Sources page."""
    out = site_pages.text_only("MOU, statistics page: https://www.unikorea.go.kr/x/. <script>alert(1)</script> `<b>`")
    assert "[https://www.unikorea.go.kr/x/](https://www.unikorea.go.kr/x/)." in out
    assert "&lt;script&gt;" in out and "<script>" not in out and "`<b>`" in out
    assert site_pages.text_only("javascript:alert(1) and [a](https://b.org)") == "javascript:alert(1) and [a](https://b.org)"


def test_the_data_page_gives_each_years_arrivals_and_the_date_of_the_latest_figure(built):
    """Issue 37: no page held the plain yearly table; 'How many arrived in 2023?' took two
    clicks and 13 phone screens."""
    import pandas as pd

    from helpers import data

    annual = pd.read_csv(site.ROOT / "data" / "raw" / "annual_arrivals_by_sex.csv")
    latest = data.load_checkpoints().iloc[-1]
    for lang, page in (("en", built / "data.html"), ("ko", built / "ko" / "data.html")):
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        d = latest["as_of"]  # as each language writes a date
        assert (d.isoformat() if lang == "en" else f"{d.year}년 {d.month}월 {d.day}일") in text, lang
        for r in annual.itertuples():
            label = rf"\s{r.period}\s+" if r.period.isdigit() else ""  # (a bin's label is in words)
            row = rf"{label}{r.male:,}\s+{r.female:,}\s+{r.total:,}\s"
            assert re.search(row, text, re.S), (lang, r.period)


def test_the_korean_data_page_describes_every_file_in_korean(built):
    """Issue 36: the Korean data page's descriptions were data/README.md's English."""
    page = (built / "ko" / "data.html").read_text(encoding="utf-8")
    assert 'lang="en"' not in page  # a file without a Korean description would keep its English, so marked
    files = [p.name for p in (site.ROOT / "data" / "raw").iterdir() if p.suffix in (".csv", ".txt")]
    assert all(name in page for name in files + [p.name for p in site.PROCESSED.glob("*.csv")])


def test_every_figure_on_a_notebook_page_has_its_own_alt_text(built):
    """A cell that shows two figures gave both the first one's alt text (02's trend model
    was described as the female-share chart): each image now carries its own."""
    import html as html_lib

    for path in notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        stored = [o["metadata"]["image/png"]["alt"] for c in nb["cells"] for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        page = (built / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        shown = [html_lib.unescape(a) for a in re.findall(r'<img alt="([^"]*)"[^>]*src="[^"]*\.png"', page)]
        assert shown == stored, path.stem


def test_the_yearly_table_links_each_source_key_that_has_a_public_address():
    """Issue 37: the ministry's page is a link wherever its key stands in the yearly table."""
    addresses = site_pages.source_addresses()
    assert addresses["MOU-CN-2020-09"].startswith("https://www.unikorea.go.kr/")
    table = site_pages.yearly_table()
    assert f"| [MOU-CN-2020-09]({addresses['MOU-CN-2020-09']}) |" in table
    assert "| 2023 | 32 | 164 | 196 | 83.7% |" in table  # 2023, one click from home


def test_the_language_switch_and_downloads_are_tap_targets_of_24_px_at_least():
    """Issue 37 (WCAG 2.5.8): the download links were 53 x 19 px and the language switch
    58 x 19 px; both get at least 24 px, 44 px on a touch screen."""
    css = (site.STATIC / "collection.css").read_text(encoding="utf-8")
    for selector in (".lang-links a", "a.reference.download"):
        rules = re.findall(re.escape(selector) + r"\s*\{([^}]*)\}", css)
        assert any(re.search(r"min-height:\s*24px", r) for r in rules), selector
        assert any(re.search(r"min-height:\s*44px", r) for r in rules), selector  # the coarse-pointer rule


def test_the_built_pages_survive_the_parser_unchanged(built):
    """Nothing but what is meant changes when a built page goes through the parser."""
    from buildtools import html_rewrite

    for page in pages(built):
        text = page.read_text(encoding="utf-8")
        assert html_rewrite.rewrite(text) == text, page.name
