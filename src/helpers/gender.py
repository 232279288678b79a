"""What notebook 02 needs beyond the shared models: its parameters and their checks.

The analysis of the share of women (Wilson intervals, the fall of men and women, the trend
model with its dispersion, autocorrelation-robust intervals, non-linearity test and
prediction intervals, and the condition behind each finding) is in the notebook's cells;
the fits are in :mod:`helpers.models`; :mod:`helpers.gender_plots` draws the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from helpers.parameters import NotebookParameters


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 02, as its ``parameters`` cell sets them."""

    NOTEBOOK: ClassVar[str] = "02_gender_shift"

    START: int = 2002  # first year of the trend model
    END: int = 2019  # last year of the trend model (before the COVID-19 border closure)
    FALL: tuple[int, int] = (2011, 2019)  # the years men and women are compared between
    COVID: tuple[int, int] = (2020, 2022)  # the border closure, judged against a prediction interval
    # base years men and women are compared from, to FALL's end
    BASE_YEARS: tuple[int, ...] = (2008, 2009, 2010, 2011, 2012)
    HAC_LAGS: tuple[int, ...] = (1, 2, 3, 4)  # Newey-West lags shown
    DW_LOW: float = 1.2  # a Durbin-Watson statistic below this is read as positive autocorrelation
    RHO_HIGH: float = 0.9  # a high autocorrelation at which the AR(1) trend is refitted
    LEVEL: float = 0.95  # confidence and prediction level

    def check(self, years: pd.Index) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        first, last = int(years.min()), int(years.max())
        rules = [
            ("START", first <= self.START <= min(self.END, last) - 6,
             f"a year from {first} to END - 6 ({min(self.END, last) - 6})"),
            ("END", self.START + 6 <= self.END <= last, f"a year from START + 6 ({self.START + 6}) to {last}"),
            ("FALL", first <= self.FALL[0] < self.FALL[1] <= last, f"two years from {first} to {last}, in order"),
            ("COVID", self.END < self.COVID[0] <= self.COVID[1] <= last, f"two years after END, up to {last}"),
            ("BASE_YEARS", all(first <= b < self.FALL[1] for b in self.BASE_YEARS),
             f"years from {first} to the year before FALL's end"),
            ("HAC_LAGS", all(1 <= lag < self.END - self.START for lag in self.HAC_LAGS),
             "lags from 1 to END - START"),
            ("RHO_HIGH", 0 <= self.RHO_HIGH < 1, "a correlation from 0 to under 1"),
            ("LEVEL", 0.5 <= self.LEVEL < 1, "a probability from 0.5 to under 1"),
        ]
        self.refuse(rules)
