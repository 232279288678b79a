"""What notebook 01 needs beyond the shared helpers: its parameters and their checks, and
the words for one estimated phase.

The description itself (the peak, the fall, the COVID-19 trough, the estimated phases and
the condition behind each finding) is in the notebook's cells; the phases are fitted by
:func:`helpers.analysis.phases`; :mod:`helpers.trends_plots` draws the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers import analysis
from helpers.parameters import NotebookParameters
from helpers.text import level_pct


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 01, as its ``parameters`` cell sets them."""

    NOTEBOOK: ClassVar[str] = "01_arrival_trends"

    FALL: tuple[int, int] = (2011, 2019)  # the years the fall after the peak is measured between
    SEGMENT_MIN_YEARS: int = 3  # the shortest phase the segmented fit allows
    SEGMENT_MAX_BREAKS: int = 4  # the most breaks it searches
    LEVEL: float = 0.95  # of the phases' rate intervals

    def check(self, years: pd.Index) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        first, last = int(years.min()), int(years.max())
        rules = [
            ("FALL", first <= self.FALL[0] < self.FALL[1] <= last - 1,
             f"two years from {first} to {last - 1}, in order (the year after the first is compared too)"),
            ("SEGMENT_MIN_YEARS", 3 <= self.SEGMENT_MIN_YEARS <= (last - first + 1) // 2,
             f"from 3 (a rate needs 3 years for an interval) to {(last - first + 1) // 2}"),
            ("SEGMENT_MAX_BREAKS", 1 <= self.SEGMENT_MAX_BREAKS <= 6, "from 1 to 6"),
            ("LEVEL", 0.5 <= self.LEVEL < 1, "a probability from 0.5 to under 1"),
        ]
        self.refuse(rules)


def phase_words(p: pd.Series, level: float) -> str:
    """One phase of :func:`helpers.analysis.phases` in words: its step in, its rate and its
    interval at ``level``."""
    years = int(p["end"] - p["start"] + 1)
    low, high = sorted((abs(p["ci_low"]), abs(p["ci_high"])))
    rate = (f"{'rising' if p['rate_per_year'] > 0 else 'falling'} {abs(p['rate_per_year']):.1f}% a year "
            f"({level_pct(level)} interval {low:.1f} to {high:.1f}%)"
            if p["direction"] != "no clear trend" else
            f"no clear trend (only {years} years)" if analysis.phase_too_short(p["start"], p["end"])
            else "no clear trend")
    step = p["step_from_previous_percent"]
    return (f"{p['phase']}, " + ("" if pd.isna(step) else f"entered with a {'fall' if step < 0 else 'rise'} of "
                                 f"{abs(step):.0f}%, then ") + rate)
