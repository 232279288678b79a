"""Shared helpers for the North Korean defector arrivals notebooks: what several notebooks
share and the machinery; each notebook shows its own analysis in its cells.

Modules
-------
paths         where the repository keeps raw data, processed tables and figures
data          validating loaders for every raw file (``python -m helpers.data check``)
overview      notebook 00's list of raw files and its check of the article's Total column
trends        notebook 01's parameters and phase words; trends_plots its figures
gender        notebook 02's parameters; gender_plots its figures
analysis      derivations shared by several notebooks; the estimated phases (01)
models        statsmodels fits: the share trend and its robust variants, the ITS models and design
breaks        break dates: scans, likelihood-ratio sets, posteriors, sup-F, quasi-AIC (03)
decline       notebook 03's parameters, its placebo scan and model-comparison export; decline_plots its figures
abroad        notebook 05's parameters and UNHCR tables; abroad_plots its figures
claims        the claims audit (04): one registry of claim tests
figures       the figure theme and the deterministic ``save`` (PNG, SVG, PDF and CSV)
figure_data   the tables behind the figures of notebooks 01 and 02
outputs       deterministic, atomic writers for processed tables and results
parameters    what the notebooks' parameters share: read from the parameters cell, checked
report        how notebooks show tables; text: small formatters for prose
cli           the command-line entry of ``python -m helpers.data``

The build tooling that runs the notebooks (re-execution, the site, the benchmark) is the
separate package :mod:`buildtools`; nothing here imports it.
"""
