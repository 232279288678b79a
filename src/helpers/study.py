"""The choices several notebooks share (``study.toml``), and which parameter of which
notebook each one sets.

The notebooks do not read this file: their parameters cells hold literal values, so that
any tool runs them as they stand. ``tests/test_study.py`` holds every cell to the file,
and ``python3 make.py explore all NAME=VALUE`` reruns every notebook a choice touches.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable

from helpers.paths import ROOT

STUDY_FILE = ROOT / "study.toml"

Study = dict[str, object]

#: For each notebook, its parameters that a study choice sets: parameter -> (the choices it
#: follows, its value from them).
BINDINGS: dict[str, dict[str, tuple[tuple[str, ...], Callable[[Study], object]]]] = {
    "01_arrival_trends": {
        "FALL": (("turning_year", "last_year"), lambda s: (s["turning_year"], s["last_year"])),
        "LEVEL": (("level",), lambda s: s["level"]),
    },
    "02_gender_shift": {
        "START": (("first_year",), lambda s: s["first_year"]),
        "END": (("last_year",), lambda s: s["last_year"]),
        "FALL": (("turning_year", "last_year"), lambda s: (s["turning_year"], s["last_year"])),
        "COVID": (("closure_years",), lambda s: tuple(s["closure_years"])),  # type: ignore[arg-type]
        "DW_LOW": (("dw_low",), lambda s: s["dw_low"]),
        "LEVEL": (("level",), lambda s: s["level"]),
    },
    "03_post_2011_decline": {
        "START": (("first_year",), lambda s: s["first_year"]),
        "END": (("last_year",), lambda s: s["last_year"]),
        "BREAK": (("turning_year",), lambda s: s["turning_year"] + 1),  # type: ignore[operator]
        "COVID": (("closure_years",), lambda s: tuple(s["closure_years"])),  # type: ignore[arg-type]
        "DW_LOW": (("dw_low",), lambda s: s["dw_low"]),
        "LEVEL": (("level",), lambda s: s["level"]),
    },
    "05_refugees_abroad": {
        "BASE_YEAR": (("turning_year",), lambda s: s["turning_year"]),
        # the base years of the sensitivity grid: the year before the turning year and that year
        "BASE_YEARS": (("turning_year",), lambda s: (s["turning_year"] - 1, s["turning_year"])),  # type: ignore[operator]
    },
}


def load() -> Study:
    """The study choices, as ``study.toml`` sets them."""
    with open(STUDY_FILE, "rb") as fh:
        return tomllib.load(fh)


def expected(stem: str, study: Study) -> dict[str, object]:
    """The values the study choices give notebook ``stem``'s parameters."""
    return {name: value(study) for name, (_, value) in BINDINGS.get(stem, {}).items()}


def followers(choice: str) -> dict[str, list[str]]:
    """The notebooks and parameters that follow ``choice``."""
    found: dict[str, list[str]] = {}
    for stem, params in BINDINGS.items():
        for name, (choices, _) in params.items():
            if choice in choices:
                found.setdefault(stem, []).append(name)
    return found
