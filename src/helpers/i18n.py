"""The Korean edition: every figure text translated by one catalogue, from the English one.

The figures are drawn once, in English, by the code that computes them (its f-strings are
the English catalogue). :mod:`helpers.messages_ko` holds the Korean of each English text
as a template with named fields: ``"{n:num} arrivals registered by the end of {y:year}"``
becomes ``"{y}년 말까지 등록된 입국자 {n}명"``. A text is translated by matching it against
the English templates; the fields keep the values exactly as the English text printed them
(numbers formatted once, by the same code, in both languages), and a field holding words is
itself translated. So a title chosen by a condition is translated from the title the
condition chose, never typed apart.

Field kinds: ``{name:num}`` a number as printed (``2,914``, ``-78%``, ``1.056``),
``{name:year}`` a year, ``{name:years}`` a year or a range of years (``2012-2019``), and
``{name}`` any text (translated in its turn; a list ``a, b and c`` item by item).
Ranges take a tilde in Korean, as Korean newspapers and the ministry write them: years
(``2012~2019년``, from the English ``2012-2019``, by :func:`korean_ranges`) and other
numbers alike (``8,799~27,916명``).

Hangul is drawn in NanumGothic, registered from the files of the ``koreanize-matplotlib``
wheel (pinned in the lock), never from system fonts: the same font on every platform. The
package itself is not imported, since importing it changes matplotlib's default font.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from helpers import messages_ko

#: The languages every figure is written in: English in ``figures/``, Korean in ``figures/ko/``.
LANGUAGES = ("en", "ko")
#: The font families of Korean text: NanumGothic, and DejaVu Sans for the few signs it lacks
#: (the minus sign U+2212).
FONT_FAMILY = ["NanumGothic", "DejaVu Sans"]
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
#: The weight of NanumGothic Bold (its file says 600, not 700): bold text in Korean asks for it.
BOLD_WEIGHT = 600

HANGUL = re.compile("[\uac00-\ud7a3]")
LATIN = re.compile("[A-Za-z]")
#: Latin words a Korean figure may keep: names and notation that Korean texts write so.
KEPT_LATIN = frozenset({"UNHCR", "COVID", "CC", "BY", "nk", "defector", "arrivals", "AR", "AIC", "BIC", "F",
                        "sup", "LR", "CSV", "PNG", "SVG", "PDF",
                        # notation Korean statistics keeps (t 분포, p값, exp(b1), HAC) and the names of a
                        # parameter and a file (HEADLINE, README)
                        "t", "p", "exp", "b", "HAC", "HEADLINE", "README"})

_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
_KINDS = {
    "num": r"[+\-\u2212]?\d[\d,]*(?:\.\d+)?%?",
    "year": r"\d{4}",
    "years": r"\d{4}(?:-\d{4})?",
    "fall": r"[\-\u2212]\d[\d,]*(?:\.\d+)?%",  # a negative percentage, written without its sign (감소율)
    "next": r"\d{4}",  # a year after which something happened: Korean names the year it started (2012년부터)
    None: r".+?",
}


def font_files() -> list[Path]:
    """The NanumGothic files shipped by the ``koreanize-matplotlib`` wheel."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        raise RuntimeError("the Korean figures need the package koreanize-matplotlib (it ships the font "
                           "NanumGothic): run the main job (make), which installs the lock")
    folder = Path(spec.origin).parent / "fonts"
    files = [folder / name for name in FONT_FILES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise RuntimeError(f"koreanize-matplotlib lacks its font files {missing}: reinstall it from the lock")
    return files


_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def korean_dates(text: str) -> str:
    """``2011-06-30`` as ``2011년 6월 30일``, as Korean charts write a date (a source key such as
    ``MOU-CN-2020-09`` is left alone)."""
    return _DATE.sub(lambda m: f"{m[1]}년 {int(m[2])}월 {int(m[3])}일", text)


def _korean_forms(text: str) -> str:
    return korean_dates(korean_ranges(text))


@functools.cache
def register_fonts() -> None:
    """Make NanumGothic (regular and bold) known to matplotlib, from the package's files."""
    from matplotlib import font_manager

    for path in font_files():
        font_manager.fontManager.addfont(str(path))


class Catalogue:
    """English templates and their translations, matched longest literal text first."""

    def __init__(self, messages: dict[str, str]) -> None:
        self.exact = {en: ko for en, ko in messages.items() if not _FIELD.search(en)}
        patterns = []
        for en, ko in messages.items():
            if _FIELD.search(en):
                parts = _FIELD.split(en)  # literal, name, kind, literal, name, kind, ...
                regex = "".join(re.escape(p) if i % 3 == 0 else
                                (f"(?P<{p}>{_KINDS[parts[i + 1]]})" if i % 3 == 1 else "")
                                for i, p in enumerate(parts))
                literal = sum(len(p) for p in parts[::3])
                falls = {parts[i]: parts[i + 1] for i in range(1, len(parts), 3) if parts[i + 1] in ("fall", "next")}
                patterns.append((literal, re.compile(regex, re.S), (ko, falls), en))
        self.patterns = [(rx, ko) for *_, rx, ko, _ in sorted(patterns, key=lambda t: (-t[0], t[3]))]

    def translate(self, text: str) -> str | None:
        """``text`` in the catalogue's language, or None if no template covers it. Text
        without Latin letters (numbers, years, signs) is the same in every language but for
        its year ranges (:func:`korean_ranges`)."""
        if text in self.exact:  # (also a label without letters that Korean writes otherwise: 60+ -> 60세 이상)
            return _korean_forms(self.exact[text])
        if not LATIN.search(text):
            return _korean_forms(text)
        for rx, (ko, falls) in self.patterns:
            m = rx.fullmatch(text)
            if m:
                values = {k: _special(falls[k], v) if k in falls else self._value(v) for k, v in m.groupdict().items()}
                if None not in values.values():
                    return _korean_forms(ko.format(**values))
        return None

    def _value(self, value: str, whole_list: bool = True) -> str | None:
        """A field's value translated: as a whole, else as a list (``a; b``, ``a, b and c``).
        Korean lists take commas, not semicolons; a pair of names (``a and b``, no numbers)
        takes the middle dot, 함경북도·양강도."""
        whole = self.translate(value)
        if whole is not None:
            return whole
        for sep in ("; ", ", ", " and "):
            if sep in value:
                parts = [self._value(p, whole_list=False) for p in value.split(sep)]
                if None not in parts:
                    pair = whole_list and sep == " and " and not any(re.search(r"\d", p) for p in parts)
                    return ("·" if pair else ", ").join(parts)
        return None


def _special(kind: str, value: str) -> str:
    """A ``fall`` without its minus sign; the year after a ``next`` year."""
    return value.lstrip("-\u2212") if kind == "fall" else str(int(value) + 1)


_YEAR_RANGE = re.compile(r"(?<![\d-])(\d{4})-(\d{4})(?![\d-])")


def korean_ranges(text: str) -> str:
    """``2012-2019`` as ``2012~2019``: a range of years with the tilde Korean writes (a date
    such as ``2020-09-30`` or a source key such as ``MOU-CN-2020-09`` is left alone)."""
    return _YEAR_RANGE.sub(r"\1~\2", text)


@functools.cache
def catalogue(kind: str = "figures") -> Catalogue:
    """The Korean catalogue of figure texts (``"figures"``) or of data column names (``"columns"``)."""
    # a column may name a figure's series ("scenario: 2010 level held flat"): columns see both
    return Catalogue(messages_ko.FIGURES if kind == "figures" else {**messages_ko.FIGURES, **messages_ko.COLUMNS})


def latin_words(text: str) -> list[str]:
    """The Latin words of a Korean text that are not among :data:`KEPT_LATIN`."""
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in KEPT_LATIN]
