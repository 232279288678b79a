"""Shared helpers for the North Korean defector arrivals notebooks.

Modules
-------
paths    where the repository keeps raw data, processed tables and figures
data     validating loaders for every raw file (``python -m helpers.data check PATH``)
figures  the collection's figure theme and the deterministic ``save`` function
outputs  deterministic, atomic writers for processed tables and results
run      incremental, parallel re-execution of the notebooks (the main job)
"""
