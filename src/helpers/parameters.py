"""What the notebooks' parameters have in common: read from the ``parameters`` cell,
checked against the data with one line per refusal, and deciding where the run writes.

Each analysis module defines a frozen dataclass ``Parameters(NotebookParameters)`` with one
field per assumption of its notebook, its committed value as the field's default (a test
holds the notebook's parameters cell to them), and a ``check`` that lists its rules; the
notebook builds it from its parameters cell with ``Parameters.from_cell(globals())``.

A run whose values differ from the committed ones (from ``make explore``, papermill,
JupyterLab or any other tool) writes its figures and tables under ``explore/``, never over
the committed files: the parameters decide where the outputs go, not the caller.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import MISSING, fields
from pathlib import Path
from typing import ClassVar, TypeVar

from helpers.paths import EXPLORE, OUT, display_path

T = TypeVar("T", bound="NotebookParameters")

#: The display id of the note that a run with other parameters shows under its data step,
#: replaced by that run's own findings when its last section has run.
RUN_FINDINGS_ID = "run-findings"


class ParameterError(ValueError):
    """A parameter outside what the data allow; the message names it and what is allowed."""


def _plain(value: object) -> object:
    """Lists (as papermill passes a tuple) as tuples, recursively, so values compare alike."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def explore_folder_name(stem: str, changed: dict[str, object]) -> str:
    """``03_post_2011_decline-BREAK-2010``: the folder under ``explore/`` of a run whose
    parameters differ from the committed ones by ``changed`` (a long value, such as a tuple
    of groups, by the first 8 hex digits of its SHA-256, so that a name stays short)."""
    def value(v: object) -> str:
        text = re.sub(r"[^0-9A-Za-z.]+", "_", repr(v)).strip("_")
        return text if len(text) <= 40 else hashlib.sha256(repr(v).encode()).hexdigest()[:8]

    return "-".join([stem, *(f"{k}-{value(v)}" for k, v in changed.items())])


class NotebookParameters:
    """The shared part of the notebooks' parameter classes (dataclasses)."""

    #: The notebook's file stem (``03_post_2011_decline``), set by each subclass.
    NOTEBOOK: ClassVar[str] = ""

    @classmethod
    def from_cell(cls: type[T], values: dict) -> T:
        """The parameters from the names the notebook's ``parameters`` cell defined; where
        they differ from the committed values, every later write goes under ``explore/``."""
        params = cls(**{f.name: _plain(values[f.name]) for f in fields(cls)})  # type: ignore[arg-type]
        params.refuse(params.shape_rules())  # before any rule indexes into a tuple
        params.route_outputs()
        return params

    def shape_rules(self) -> list[tuple[str, bool, str]]:
        """A tuple parameter keeps its shape: as many items as its default where the type fixes
        them (``tuple[int, int]``), at least one where it does not (``tuple[int, ...]``)."""
        rules = []
        for f in fields(self):  # type: ignore[arg-type]
            value, annotation = getattr(self, f.name), str(f.type)
            if not annotation.startswith("tuple["):
                continue
            if not isinstance(value, tuple):
                rules.append((f.name, False, f"a tuple like its default {f.default!r}"))
            elif annotation.endswith(", ...]"):
                rules.append((f.name, len(value) > 0, f"a tuple of at least one item, like {f.default!r}"))
            else:
                rules.append((f.name, len(value) == len(f.default), f"{len(f.default)} items, like {f.default!r}"))
        return rules

    @classmethod
    def defaults(cls) -> dict[str, object]:
        """The committed values: each field's default."""
        return {f.name: f.default for f in fields(cls) if f.default is not MISSING}  # type: ignore[arg-type]

    def changed(self) -> dict[str, object]:
        """The parameters whose values differ from the committed ones, in the cell's order."""
        defaults = self.defaults()
        return {name: getattr(self, name) for name in defaults if getattr(self, name) != defaults[name]}

    def route_outputs(self) -> None:
        """Send this run's outputs to the committed places, or, with other values, to
        ``explore/<notebook>-<NAME>-<VALUE>/`` and say so under the data step."""
        changed = self.changed()
        folder = EXPLORE / explore_folder_name(self.NOTEBOOK, changed) if changed else None
        OUT.redirect(folder, changed)
        if folder is not None:
            _show_note(run_note(changed, folder))

    def refuse(self, rules: Iterable[tuple[str, bool, str]]) -> None:
        """Raise :class:`ParameterError` for the first rule broken: (name, holds, what is allowed)."""
        for name, ok, allowed in rules:
            if not ok:
                raise ParameterError(f"{name}={getattr(self, name)!r} is not allowed: {allowed}")


def changed_text(changed: dict[str, object]) -> str:
    """``BREAK=2010, LEVEL=0.9``: the values of a run that differ from the committed ones."""
    return ", ".join(f"{k}={v!r}" for k, v in changed.items())


def run_note(changed: dict[str, object], folder: Path) -> str:
    """The note a run with other parameters shows until its findings replace it."""
    return (f"**This run's parameters differ from the committed ones** ({changed_text(changed)}). Its figures "
            f"and tables go to `{display_path(folder)}/`, never over the committed files. The findings at the "
            "top of the notebook are those of the committed parameters; this note is replaced by this run's own "
            "findings when its last section has run.")


def _show_note(text: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with the notebooks
        return
    if get_ipython() is not None:
        display(Markdown(text), display_id=RUN_FINDINGS_ID)
