"""Built pages are changed through an HTML parser, never by replacing strings (issue 34)."""

from buildtools import html_rewrite

PAGE = ('<!DOCTYPE html>\n<html lang="ko"><head><script>var s = "Search...";</script></head><body>\n'
        '<a title="Back to top" data-x="Back to top" href="#">Back to top</a>\n'
        '<p>Back to top of the page &amp; more &#8212; <!-- Back to top --></p>\n'
        '<input placeholder="Search..." aria-label="Search..."/>\n'
        '<section id="a"><h1>Title</h1><section id="b">x</section><section id="c">y</section></section>\n'
        '</body></html>\n')


def test_a_page_is_written_back_byte_for_byte_when_nothing_changes():
    assert html_rewrite.rewrite(PAGE) == PAGE


def test_only_whole_texts_and_the_named_attributes_are_translated():
    out = html_rewrite.translate(PAGE, {"Back to top": "맨 위로", "Search...": "검색..."})
    assert '<a title="맨 위로" data-x="Back to top" href="#">맨 위로</a>' in out
    assert "<p>Back to top of the page &amp; more &#8212; <!-- Back to top --></p>" in out  # not a whole text
    assert '<input placeholder="검색..." aria-label="검색..."/>' in out
    assert 'var s = "Search...";' in out  # a script is not a text a reader sees as such


def test_every_section_after_the_first_is_marked():
    out = html_rewrite.mark_sections(PAGE, "en")
    assert '<section id="a">' in out and '<section lang="en" id="b">' in out and '<section lang="en" id="c">' in out

