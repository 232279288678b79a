"""Shared helpers for the North Korean defector arrivals notebooks.

Modules
-------
paths         where the repository keeps raw data, processed tables and figures
data          validating loaders for every raw file (``python -m helpers.data check``)
overview      notebook 00's checks of the data and their prose
trends        notebook 01's description of arrivals; trends_plots its figures
gender        notebook 02's analysis of the share of women; gender_plots its figures
analysis      derivations shared by several notebooks; the estimated phases (01)
models        statsmodels fits: the share trend and its robust variants, the ITS models
breaks        break dates: scans, likelihood-ratio sets, posteriors, sup-F (03)
decline       notebook 03's analysis; decline_text its prose, decline_plots its figures
abroad        notebook 05's analysis of UNHCR's figures; abroad_plots its figures
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
