"""What the notebooks' parameters have in common: read from the ``parameters`` cell, and
checked against the data with one line per refusal.

Each analysis module defines a frozen dataclass ``Parameters(NotebookParameters)`` with one
field per assumption of its notebook and a ``check`` that lists its rules; the notebook
builds it from its parameters cell with ``Parameters.from_cell(globals())``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import TypeVar

T = TypeVar("T", bound="NotebookParameters")


class ParameterError(ValueError):
    """A parameter outside what the data allow; the message names it and what is allowed."""


class NotebookParameters:
    """The shared part of the notebooks' parameter classes (dataclasses)."""

    @classmethod
    def from_cell(cls: type[T], values: dict) -> T:
        """The parameters from the names the notebook's ``parameters`` cell defined."""
        return cls(**{f.name: values[f.name] for f in fields(cls)})  # type: ignore[arg-type]

    def refuse(self, rules: Iterable[tuple[str, bool, str]]) -> None:
        """Raise :class:`ParameterError` for the first rule broken: (name, holds, what is allowed)."""
        for name, ok, allowed in rules:
            if not ok:
                raise ParameterError(f"{name}={getattr(self, name)!r} is not allowed: {allowed}")
