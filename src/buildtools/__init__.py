"""The build tooling of the collection: it runs the notebooks, it is not imported by them.

Modules
-------
run         the main job: incremental, parallel re-execution (``python -m buildtools.run``),
            and ``redraw`` of one figure at another size
site        the generated documents and the Sphinx site (``python -m buildtools.site``)
documents   the documents in git: figure index, README findings and table of notebooks
site_pages  the site's pages, English and Korean, as MyST Markdown
manifests   the notebooks' manifests (notebooks/NN_name.yml): what is said about each notebook
bench       the benchmark of the main job (``python -m buildtools.bench``)
explore     one notebook rerun with other parameters (``python -m buildtools.explore 03 BREAK=2010``)
joblock     the one lock every writer of the checkout holds
html_rewrite  changes to built HTML pages, through a parser

The analysis library the notebooks import is :mod:`helpers`.
"""

import sys


def skip_iri_grammars() -> None:
    """Let nbformat import without rfc3987-syntax, about 2 s faster per process.

    nbformat imports jsonschema, whose format checkers import rfc3987-syntax when it is
    installed; that module compiles some 38 Earley grammars at import, about 2 s of CPU
    in every process that reads or executes a notebook (python-jsonschema/jsonschema
    issue 1428). No notebook schema uses the ``iri`` formats those grammars check, so the
    build processes mark the module as absent before nbformat is first imported; jsonschema
    then goes without that one checker, as it does wherever rfc3987-syntax is not installed.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
