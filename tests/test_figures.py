"""The shared save function writes byte-identical PNG, SVG and PDF files."""

import matplotlib
import matplotlib.figure

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import PIL.Image

from helpers import figures

DATA = pd.DataFrame({"x": [1, 2], "y": [3.5, 4.0], "source": ["TEST", "TEST"]})  # noqa: E402


def make():
    fig, ax = figures.new_figure("A finding in words", "what is measured", size="column")
    ax.plot([2002, 2003, 2004], [1142, 1285, 1898], color=figures.PALETTE["total"])
    ax.annotate("label", (2003, 1285))
    return fig


def saved(directory):
    figures.save(make(), "x", directory=directory, data=DATA)
    return {p.suffix: p.read_bytes() for p in figures.figure_paths("x", directory)}


def test_save_is_byte_identical_in_all_formats(tmp_path):
    first, again = saved(tmp_path / "a"), saved(tmp_path / "b")
    assert set(first) == {".png", ".svg", ".pdf"}
    for suffix in first:
        assert first[suffix] == again[suffix], f"{suffix} differs between two saves"


def test_saved_files_carry_no_date_or_version_stamp(tmp_path):
    paths = saved(tmp_path)
    assert b"CreationDate" not in paths[".pdf"]
    assert b"<dc:date>" not in paths[".svg"]
    assert b"Software" not in paths[".png"]


def test_save_draws_the_source_line_once(tmp_path):
    fig = make()
    figures.save(fig, "x", directory=tmp_path, data=DATA)
    figures.save(fig, "x", directory=tmp_path, data=DATA)
    assert [t.get_text().replace("\n", " ") for t in fig.texts].count(figures.source_line(DATA)) == 1


def test_the_source_line_names_the_publishers_and_the_credit_not_a_repository_path():
    data = pd.DataFrame({"year": [2019, 2020, 2021], "source": ["MOU-CN-2020-09", "YNA-2021-01-20",
                                                                "KH-2022-01-20; YNA-2022-04-15"]})
    line = figures.source_line(data)
    assert line == ("Source: Ministry of Unification, South Korea (2020-2021 via news reports). "
                    + figures.CREDIT)
    assert "data/README.md" not in line and "CC BY 4.0" in line
    both = figures.source_line(pd.DataFrame({"source": ["UNHCR-RDF", "MOU-CN-2020-09"]}))
    assert both.startswith("Source: UNHCR; Ministry of Unification, South Korea.")


def test_save_leaves_no_temporary_files(tmp_path):
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "ko/x.csv", "ko/x.pdf", "ko/x.png", "ko/x.svg", "x.csv", "x.pdf", "x.png", "x.svg"]


def test_save_refuses_data_without_sources(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="source"):
        figures.save(make(), "x", directory=tmp_path, data=DATA.drop(columns="source"))


def test_an_unchanged_drawing_keeps_its_png_and_pdf(tmp_path, monkeypatch):
    """The PNG and PDF carry the digest of the drawing; a second save of the same drawing
    writes only the SVG, a changed drawing renders everything again."""
    monkeypatch.setattr(figures, "REUSE_UNCHANGED", True)  # as in make, not make test
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    png, _, pdf = figures.figure_paths("x", tmp_path)
    png_ko, _, pdf_ko = figures.figure_paths("x", tmp_path / "ko")
    stamps = {p: p.stat().st_mtime_ns for p in (png, pdf, png_ko, pdf_ko)}
    rendered = []
    real = matplotlib.figure.Figure.savefig
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig",
                        lambda self, f, **kw: rendered.append(kw.get("format")) or real(self, f, **kw))
    figures.save(make(), "x", directory=tmp_path, data=DATA)  # English, then Korean
    assert rendered == ["svg", "rgba"] * 2 and all(p.stat().st_mtime_ns == t for p, t in stamps.items())
    fig = make()
    fig.axes[0].set_ylabel("arrivals (log scale)")
    figures.save(fig, "x", directory=tmp_path, data=DATA)
    assert rendered == ["svg", "rgba"] * 2 + ["svg", "rgba", "pdf"] * 2
    assert all(p.stat().st_mtime_ns != t for p, t in stamps.items())


def test_a_change_only_the_pixels_show_renders_the_png_again(tmp_path, monkeypatch):
    """The SVG rounds coordinates; Agg sees finer changes. A PNG is kept only when its very
    pixels would come out again (issue: figures/03_after_2019.png kept under an SVG digest
    differed from a fresh render in 8 pixels)."""
    monkeypatch.setattr(figures, "REUSE_UNCHANGED", True)  # as in make, not make test
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    png = figures.figure_paths("x", tmp_path)[0]
    real = figures._pixels

    def one_pixel_off(fig):
        pixels = real(fig).copy()
        pixels[10, 10, 0] ^= 1
        return pixels

    monkeypatch.setattr(figures, "_pixels", one_pixel_off)
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    with PIL.Image.open(png) as image:
        assert np.asarray(image)[10, 10, 0] == one_pixel_off(make())[10, 10, 0]


def test_a_png_or_pdf_from_another_drawing_is_rendered_again(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "REUSE_UNCHANGED", True)
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    png, _, pdf = figures.figure_paths("x", tmp_path)
    good = png.read_bytes(), pdf.read_bytes()
    pdf.write_bytes(pdf.read_bytes().replace(figures.DIGEST_KEY.encode(), b"Other-Digest"))
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    assert (png.read_bytes(), pdf.read_bytes()) == good
    png.unlink()
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    assert png.read_bytes() == good[0]


def test_the_committed_png_and_pdf_are_what_the_current_drawing_renders(tmp_path, monkeypatch):
    """No stale file hides behind a kept digest: one real figure, rendered afresh."""
    from helpers import data, trends_plots
    from helpers.paths import FIGURES, OUT

    monkeypatch.setattr(OUT, "figures", tmp_path)
    monkeypatch.setattr(figures, "REUSE_UNCHANGED", False)
    arrivals = data.load_arrivals()
    title = f"{int(arrivals['total'].sum()):,} arrivals registered by the end of {int(arrivals['year_end'].max())}"
    trends_plots.cumulative(title, arrivals, data.load_checkpoints())
    for fresh in figures.figure_paths("01_cumulative_arrivals", tmp_path):
        assert fresh.read_bytes() == (FIGURES / fresh.name).read_bytes(), fresh.name


def test_svg_text_stays_text_in_a_named_font(tmp_path):
    """A newsroom can edit or translate a label: the SVG holds <text>, not outlines."""
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    svg = (tmp_path / "x.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "font-family: 'DejaVu Sans'" in svg
    assert "label" in svg  # the annotation's words, as characters


def test_every_committed_chart_fits_its_source_line():
    """The source and credit line is drawn whole inside the chart (none is clipped):
    measured with the renderer, at the size and place save() draws it."""
    import matplotlib.pyplot as plt

    from helpers.paths import FIGURES

    for csv in sorted(FIGURES.glob("*.csv")):
        if csv.name == "index.csv":
            continue
        fig, _ = figures.new_figure("t", "s")
        line = figures.wrap_source_line(figures.source_line(pd.read_csv(csv)), fig.get_size_inches()[0])
        text = fig.text(0.01, 0.01, line)
        fig.canvas.draw()
        right = text.get_window_extent().x1
        width = fig.bbox.width
        plt.close(fig)
        assert right <= width, (csv.stem, right, width)


def test_every_chart_is_readable_on_a_phone_and_on_a_desktop():
    """The smallest text of every chart (ticks, legends, notes, the source line) is at least
    9 CSS px on a 390 px phone and 11 px on a 1366 px desktop, at the width the site gives it:
    measured from the chart's SVG (its width and every text's size, text kept as text), the
    width a notebook shows it at, the widest the site's CSS lets it be and the text column's
    measured width."""
    import re

    from buildtools import site
    from helpers.paths import FIGURES

    svgs = sorted(FIGURES.glob("*.svg"))
    assert svgs
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        width_pt = float(re.search(r'<svg [^>]*width="([\d.]+)pt"', text).group(1))
        sizes = [float(v) for v in re.findall(r"font-size: ([\d.]+)px", text)]
        assert sizes, f"{svg.name}: no text kept as text"
        in_notebook = width_pt / 72 * figures.NOTEBOOK_PX_PER_INCH
        for where, column in site.CONTENT_PX.items():
            shown = min(column, in_notebook, site.CHART_MAX_PX)  # the narrowest of its places
            smallest = min(sizes) * shown / width_pt
            assert smallest >= site.MIN_TEXT_PX[where], (
                f"{svg.name}: the smallest text is {smallest:.1f} CSS px on a {where} "
                f"(shown {shown:.0f} px wide), under {site.MIN_TEXT_PX[where]:g}")


def test_event_labels_are_placed_so_that_no_line_crosses_a_label():
    """Issue 22: in 01_annual_arrivals the line up to "Kim Jong-un" crossed the label of the
    COVID-19 closure below it (then "COVID-19 closure", too long for the right of its line, so
    it ended at its line), when the labels were placed last event first. The rows are chosen
    among every order of placing them: here the long last label has to sit above Kim Jong-un's."""
    labels = [(2020.08, (2011.3, 2020.08)),   # a long last label: no room on the right, ends at its line
              (2011.96, (2011.96, 2016.5)),   # Kim Jong-un
              (2010.0, (2010.0, 2017.0)),     # Border tightened
              (2007.0, (2007.0, 2014.0)),
              (2005.0, (2005.0, 2012.5))]
    placed = figures._event_rows(labels)
    assert [(x, span) for x, span, _ in placed] == labels
    for i, (x, span, row) in enumerate(placed):
        others = placed[:i] + placed[i + 1:]
        assert not figures._event_clash(others, x, span, row, True), (x, row, placed)
    assert placed[0][2] > placed[1][2]  # the last label above Kim Jong-un
    # as few rows as that allows: the five labels overlap pairwise in x, so five rows
    assert max(r for *_, r in placed) == 4
    assert figures._event_rows([]) == []


def test_every_committed_svg_falls_back_to_a_sans_serif_and_every_png_is_opaque_rgb():
    """Issue 37: a program without the chart's font draws a sans-serif (Korean charts ask for
    Korean fonts first), and a PNG has no alpha channel (a PDF would give it a soft mask)."""
    import re

    import matplotlib.image

    from helpers.paths import FIGURES

    for svg in sorted(FIGURES.rglob("*.svg")):
        families = re.findall(r"font-family: ([^;\"]*)", svg.read_text(encoding="utf-8"))
        assert families and all(f.endswith("sans-serif") for f in families), svg.name
        if svg.parent.name == "ko":
            assert all("'Malgun Gothic'" in f for f in families if "NanumGothic" in f), svg.name
    for png in sorted(FIGURES.rglob("*.png")):
        assert matplotlib.image.imread(png).shape[2] == 3, f"{png.name} is not RGB"


def test_the_up_to_1998_note_stays_clear_of_the_bars_as_years_are_added():
    """Issue 38: with 30 more years, 01's "Up to 1998" note was drawn over by the bars."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from helpers import trends_plots

    bars = pd.Series(2900, index=range(1996, 2056))  # tall bars in every year under the note
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.bar(bars.index, bars.to_numpy())
    note = ax.text(0.01, 0.98, "Up to 1998:\n947 arrivals\nin all (cumulative,\nnot one year)", transform=ax.transAxes,
                   va="top")
    ax.set_xlim(1995.3, 2055.7)
    top = trends_plots._room_under(fig, ax, note, bars, 2900 * 1.08)
    ax.set_ylim(0, top)
    fig.canvas.draw()
    box = note.get_window_extent().transformed(ax.transData.inverted())
    assert top > 2900 * 1.08 and box.y0 > 2900  # the note above the tallest bar under it
    plt.close(fig)


def test_save_refuses_a_chart_whose_text_runs_past_its_edge(tmp_path):
    """The cut subtitles of 06_who_arrived and 06_province_of_origin and the Korean x label
    of 03_break_date: save() now fails, naming the text, instead of writing a cut chart."""
    import pytest

    fig = make()
    fig.axes[0].text(2004, 1500, "a note placed far too far to the right of the plot")
    with pytest.raises(ValueError, match="figure x .*runs past the chart's edge: 'a note placed"):
        figures.save(fig, "x", directory=tmp_path, data=DATA)
    assert not list(tmp_path.glob("x.*"))  # nothing half-written


def test_a_subtitle_over_panels_side_by_side_fits_and_keeps_them_together(tmp_path):
    """The subtitle starts where the first axes start, after long tick labels: it is wrapped
    again to fit the chart, and its width does not push the second panel away."""
    fig, (left, right) = figures.new_figure("Title", "A subtitle long enough to run past the right edge of the "
                                            "chart once it starts after long labels", ncols=2, sharey=True)
    left.barh([0, 1, 2], [3, 2, 1])
    right.barh([0, 1, 2], [1, 2, 3])
    left.set_yticks([0, 1, 2], ["a very long category name", "another long one", "short"])
    figures.save(fig, "x", directory=tmp_path, data=DATA)
    assert not figures.clipped_texts(fig)
    gap = right.get_position().x0 - left.get_position().x1
    assert gap < 0.1, gap  # the panels stand side by side
