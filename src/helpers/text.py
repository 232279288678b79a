"""Small formatters for numbers and lists in prose (no numpy repr reaches an output)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def pct(fraction: float, digits: int = 0) -> str:
    """A fraction as a percentage: ``pct(0.4584)`` is ``"46%"``."""
    return f"{100 * float(fraction):.{digits}f}%"


def level_pct(level: float) -> str:
    """A confidence level as it is printed: ``0.95`` is ``"95%"``, ``0.9`` ``"90%"``,
    ``0.975`` ``"97.5%"`` (as many digits as the level has, no trailing zeros)."""
    return f"{round(100 * float(level), 6):g}%"


def p_text(p: float, digits: int = 2) -> str:
    """A p-value as it is printed: ``"p = 0.67"``, three decimals below 0.1 (``"p = 0.049"``,
    never a rounded ``"p = 0.05"`` beside a 5% test), and ``"p < 0.001"`` below 0.001 (never
    ``"p = 0.000"``)."""
    p = float(p)
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.{digits if p >= 0.1 else 3}f}"


def bound(value: float, digits: int = 3, at: float = 1.0) -> str:
    """An interval's bound with ``digits`` decimals, or as many more as it takes not to
    print ``at`` (an odds ratio's "no change", 1) for a bound that is not on it: a lower
    bound of 1.00026 is ``"1.0003"``, never ``"1.000"`` beside "leaves out no change"."""
    value = float(value)
    for d in range(digits, 10):
        text = f"{value:.{d}f}"
        if float(text) != at or value == at:
            return text
    return text


def join_words(items: Iterable[object], sep: str = ", ") -> str:
    """``["a", "b", "c"]`` as ``"a, b and c"`` (``sep="; "`` when items hold commas)."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return sep.join(words[:-1]) + (sep if sep != ", " else " ") + "and " + words[-1]


def years_text(years: Sequence[int], most: int = 4) -> str:
    """Years in prose that stay short as the data grow: a run of consecutive years as
    ``2007-2012``; up to ``most`` others listed; more as their runs (``2020-2022 and 2031``)
    where there are at most three, else as a count (``26 of the years 2020-2049``)."""
    years = sorted(int(y) for y in years)
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}"
    if len(years) <= most:
        return join_words(years)
    runs = year_runs(years)
    return runs if runs.count(",") + runs.count(" and ") < 3 else f"{len(years)} of the years {years[0]}-{years[-1]}"


def year_runs(years: Iterable[int]) -> str:
    """Years in prose with every run of consecutive years joined: ``1996-2001 and 2020-2025``."""
    runs: list[list[int]] = []
    for y in sorted({int(v) for v in years}):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return join_words(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def alt_text(title: str, subtitle: str, lang: str = "en") -> str:
    """A figure's alt text: its title (the finding) and subtitle (what it measures), in
    English or Korean (``lang="ko"``)."""
    return f"{'차트' if lang == 'ko' else 'Chart'}: {title}. {subtitle}".strip()
