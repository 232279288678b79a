"""A pytest plugin loaded first (``-p buildtools.pytest_fast_imports`` in pyproject.toml):
nbval imports nbformat as pytest starts, in the main process and in every worker; see
:func:`buildtools.skip_iri_grammars` for the 2 s this saves in each."""

from buildtools import skip_iri_grammars

skip_iri_grammars()
