"""What notebook 03 needs beyond the shared models: its parameters and their checks, the
placebo scan and the export of its model comparison.

The analysis itself (fits, statistics, the condition behind each conclusion and the prose
it chooses) is in the notebook's cells; :mod:`helpers.decline_plots` draws its figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from helpers import breaks, models
from helpers.parameters import NotebookParameters


@dataclass(frozen=True)
class Parameters(NotebookParameters):
    """Every assumption of notebook 03, as its ``parameters`` cell sets them.

    Years before and after the break are given as offsets from ``BREAK`` (``-1`` is the
    last year before it), so that another break year moves them along.
    """

    NOTEBOOK: ClassVar[str] = "03_post_2011_decline"

    START: int = 2002  # first modelled year
    END: int = 2019  # last modelled year
    BREAK: int = 2012  # the primary break: the first year after it
    TRANSITION: tuple[int, ...] = (-2, -1)  # offsets of the years left out as a phase-in (one variant)
    OTHER_BREAKS: tuple[int, ...] = (-2, -1)  # offsets of the other break years tried (sensitivity)
    COVID: tuple[int, int] = (2020, 2022)  # years of the COVID-19 border closure (one variant)
    # offsets of the levels held flat (scenarios)
    FLAT_REFERENCES: tuple[tuple[int, ...], ...] = ((-2,), (-1,), (-3, -2, -1))
    BASE_YEARS: tuple[int, ...] = (-4, -3, -2, -1, 0)  # offsets of the base years men and women are compared from
    QAIC_TIE: float = 2.0  # shapes this close in quasi-AIC cannot be told apart
    MODE_CLEAR: float = 2.0  # a most probable break year must be this many times the next
    SUP_F_RHOS: tuple[float, ...] = (0.5, 0.8)  # correlations for sup-F's AR(1) critical value
    RHO_BEYOND: tuple[float, ...] = (0.85, 0.9, 0.95)  # higher correlations, to find where the rejection fails
    DW_LOW: float = 1.2  # a Durbin-Watson statistic below this is read as positive autocorrelation
    LEVEL: float = 0.95  # confidence and prediction level
    N_SIM: int = 10000  # simulated series for each critical value
    SEED: int = 2012  # of the simulations
    N_DRAWS: int = 200000  # coefficient draws for the shortfall's simulated interval

    def years(self, offsets: Iterable[int]) -> list[int]:
        """Offsets from the break as calendar years."""
        return [self.BREAK + o for o in offsets]

    def check(self, years: Iterable[int]) -> None:
        """Refuse values the data do not allow, naming the parameter and what is allowed."""
        have = sorted(int(y) for y in years)
        first, last = have[0], have[-1]
        rules = [
            ("START", first <= self.START <= last - 8, f"a year from {first} to {last - 8}"),
            ("END", self.START + 8 <= self.END <= last, f"a year from START + 8 ({self.START + 8}) to {last}"),
            ("BREAK", self.START + 4 <= self.BREAK <= self.END - 3,
             f"a year from START + 4 to END - 3 ({self.START + 4}-{self.END - 3})"),
            ("OTHER_BREAKS", all(self.START + 4 <= y <= self.END - 3 and y != self.BREAK
                                 for y in self.years(self.OTHER_BREAKS)),
             "offsets from BREAK that stay inside START + 4 to END - 3 and are not 0"),
            ("TRANSITION", all(o < 0 and self.BREAK + o > self.START for o in self.TRANSITION),
             "negative offsets (years before the break) after START"),
            ("FLAT_REFERENCES", all(o < 0 and self.BREAK + o >= self.START
                                    for ref in self.FLAT_REFERENCES for o in ref) and len(self.FLAT_REFERENCES) > 0,
             "tuples of negative offsets, years from START to the year before the break"),
            ("BASE_YEARS", all(self.START <= self.BREAK + o < self.END for o in self.BASE_YEARS),
             "offsets whose years fall from START to the year before END"),
            ("COVID", first <= self.COVID[0] <= self.COVID[1] <= last, f"two years from {first} to {last}"),
            ("LEVEL", 0.5 <= self.LEVEL < 1, "a probability from 0.5 to under 1"),
            ("QAIC_TIE", self.QAIC_TIE >= 0, "a non-negative number"),
            ("MODE_CLEAR", self.MODE_CLEAR >= 1, "a number of at least 1"),
            ("SUP_F_RHOS", all(0 <= x < 1 for x in self.SUP_F_RHOS), "correlations from 0 to under 1"),
            ("RHO_BEYOND", all(0 <= x < 1 for x in self.RHO_BEYOND), "correlations from 0 to under 1"),
            ("N_SIM", 100 <= self.N_SIM <= 100_000, "from 100 to 100,000"),
            ("N_DRAWS", 1000 <= self.N_DRAWS <= 2_000_000 and self.N_DRAWS % 10 == 0,
             "from 1,000 to 2,000,000, a multiple of 10"),
            ("SEED", 0 <= self.SEED < 2 ** 32, "a whole number from 0 to 4,294,967,295"),
        ]
        self.refuse(rules)


def placebo(total: pd.Series, start: int, end: int, level: float) -> pd.DataFrame:
    """Breaks placed inside ``start..end`` (the years before the break), where nothing is
    supposed to have happened.

    For each candidate year of the pre-period alone (trimmed as the main scan), the
    quasi-likelihood F of a level-and-slope break against one trend, with its p-value
    from the F distribution (a single, fixed year) and the level ratio with its interval.
    """
    yrs = np.arange(start, end + 1)
    y = total.reindex(yrs).to_numpy(dtype=float)
    s = breaks.scan(y, yrs, "break")
    rows = []
    for year, F in zip(s.table["year"], s.table["F"]):
        m = models.its_quasi_poisson(models.its_frame(total, start, end, int(year)), level=level)
        rows.append({"year": int(year), "F": float(F),
                     "p": float(stats.f.sf(F, 2, len(yrs) - 4)),
                     "level_change": m["level_change"], "level_change_ci_low": m["level_change_ci_low"],
                     "level_change_ci_high": m["level_change_ci_high"]})
    out = pd.DataFrame(rows)
    out["significant"] = out["p"] < 1 - level
    return out



def comparison_export(comparison: pd.DataFrame, dispersion: float, break_year: int) -> pd.DataFrame:
    """``data/processed/03_model_comparison.csv``: the shapes ranked by quasi-AIC
    (:func:`helpers.breaks.quasi_aic_table`)."""
    t = comparison
    return pd.DataFrame({
        "rank": t["rank"], "model": t["model"], "parameters": t["parameters"],
        "year_chosen_by": t["year"].replace("", "none"), "deviance": t["deviance"].round(3),
        "quasi_aic": t["qaic"].round(3), "delta_quasi_aic": t["delta_qaic"].round(3),
        "tied_with_best": t["tied_with_best"],
        "common_dispersion": round(dispersion, 4),
        "dispersion_from": f"Pearson chi-square / df of the primary model (step and turn in {break_year})",
    })
