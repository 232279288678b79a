"""The shared save function writes byte-identical PNG, SVG and PDF files."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd

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
    assert [t.get_text() for t in fig.texts].count(figures.DEFAULT_SOURCE) == 1


def test_save_leaves_no_temporary_files(tmp_path):
    figures.save(make(), "x", directory=tmp_path, data=DATA)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv", "x.pdf", "x.png", "x.svg"]


def test_save_refuses_data_without_sources(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="source"):
        figures.save(make(), "x", directory=tmp_path, data=DATA.drop(columns="source"))
