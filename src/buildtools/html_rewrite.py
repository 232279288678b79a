"""Changes to built HTML pages made through a parser (the standard library's), not by
replacing strings: a text or an attribute is changed only where the parser finds it as a
whole text node or a whole attribute value, and everything else is written back as it was.

Used for the Korean edition (:mod:`buildtools.site_pages`): the theme's English words that
it has no Korean for, and the English sections of the Korean Sources page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from html.parser import HTMLParser

#: The attributes in which the theme writes words a reader hears or sees.
WORD_ATTRIBUTES = ("title", "aria-label", "placeholder")


class _Rewriter(HTMLParser):
    """Writes the page back event by event, each start tag as its raw text, changed only
    through ``start_tag`` and ``text``."""

    def __init__(self, start_tag: Callable[[str, list, str], str], text: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._start_tag, self._text = start_tag, text

    def handle_starttag(self, tag, attrs):
        self.out.append(self._start_tag(tag, attrs, self.get_starttag_text()))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self._start_tag(tag, attrs, self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(self._text(data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def rewrite(page: str, start_tag: Callable[[str, list, str], str] | None = None,
            text: Callable[[str], str] | None = None) -> str:
    """``page`` parsed and written back, each start tag through ``start_tag(tag, attrs, raw)``
    and each text through ``text(data)`` (both unchanged by default)."""
    parser = _Rewriter(start_tag or (lambda _tag, _attrs, raw: raw), text or (lambda data: data))
    parser.feed(page)
    parser.close()
    return "".join(parser.out) + parser.rawdata  # what the parser kept back at the very end


def translate(page: str, words: Mapping[str, str]) -> str:
    """``page`` with every text node, and every title, aria-label or placeholder value, that
    is one of ``words`` (apart from surrounding white space) in its translation."""
    def tag(_tag: str, attrs: list, raw: str) -> str:
        for name, value in attrs:
            if name in WORD_ATTRIBUTES and value in words:
                new = html.escape(words[value]).replace("\\", "\\\\")
                raw = re.sub(rf'(\s{name}=")(?:{re.escape(html.escape(value))}|{re.escape(value)})(")',
                             rf"\g<1>{new}\g<2>", raw, count=1)
        return raw

    def data(text: str) -> str:
        word = text.strip()
        return text.replace(word, words[word]) if word in words else text

    return rewrite(page, tag, data)


def mark_sections(page: str, lang: str, skip: int = 1) -> str:
    """``page`` with every ``<section>`` after the first ``skip`` marked ``lang``."""
    seen = 0

    def tag(name: str, _attrs: list, raw: str) -> str:
        nonlocal seen
        if name != "section":
            return raw
        seen += 1
        return raw if seen <= skip else raw.replace("<section", f'<section lang="{lang}"', 1)

    return rewrite(page, tag)
