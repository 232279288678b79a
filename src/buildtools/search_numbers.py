"""Sphinx extension: numbers and Korean word stems findable by the site's search.

Sphinx's search skips pure numbers, in the index and in the query. Each page gets a hidden
line of its numbers as words ("n2914" for "2,914" or "2914"), and the query side
(``static/collection-search.js``) turns numbers typed with or without separators into the
same words. A Korean page's hidden line also holds each word's stem (:func:`korean_stem`),
so that "입국자" finds a page that only says "입국자는".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Korean particles a search strips from the end of a word (longest first): Sphinx has no
#: Korean stemmer, so "입국자는" and "입국자" would be different words. A word keeps at least
#: two syllables (차이, 국가 stay whole).
PARTICLES_KO = ["에서는", "으로는", "에서", "으로", "까지", "부터", "에는", "이다", "이며",
                "와", "과", "은", "는", "이", "가", "을", "를", "의", "에", "로", "도", "만"]


def korean_stem(word: str) -> str:
    """``word`` without the particles of :data:`PARTICLES_KO` at its end (Hangul words only),
    as the index (SEARCH_NUMBERS) and the query (SEARCH_JS) both take it."""
    while re.fullmatch("[\uac00-\ud7a3]+", word):  # until no particle is left ("적합으로만")
        particle = next((p for p in PARTICLES_KO if word.endswith(p) and len(word) - len(p) >= 2), None)
        if particle is None:
            return word
        word = word[:-len(particle)]
    return word


_NUM = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d{3,}(?:\.\d+)?")
_HANGUL = re.compile("[\uac00-\ud7a3]+")


def _number_words(app: Sphinx, doctree: nodes.document) -> None:
    found: list[str] = []
    korean = str(app.config.language).startswith("ko")
    for node in doctree.findall(nodes.Text):
        text = node.astext()
        for m in _NUM.finditer(text):
            word = "n" + m.group(0).replace(",", "").replace(".", "p")
            if word not in found:
                found.append(word)
        for m in _HANGUL.finditer(text) if korean else ():
            stem = korean_stem(m.group(0))
            if stem != m.group(0) and stem not in found:
                found.append(stem)
    if found:
        doctree.append(nodes.paragraph("", " ".join(found), classes=["search-numbers"]))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", _number_words)
    return {"parallel_read_safe": True}
