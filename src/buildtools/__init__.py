"""The build tooling of the collection: it runs the notebooks, it is not imported by them.

Modules
-------
run     the main job: incremental, parallel re-execution (``python -m buildtools.run``),
        and ``redraw`` of one figure at another size
site    generated documents: figure index, README findings (from ``templates/``), the
        Sphinx site (``python -m buildtools.site``)
bench   the benchmark of the main job (``python -m buildtools.bench``)

The analysis library the notebooks import is :mod:`helpers`.
"""
