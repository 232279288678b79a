"""What re-executes what: the main job's dependency tracking follows real imports."""

from buildtools import run


def test_a_notebooks_own_module_reexecutes_that_notebook_only():
    """Issue 34: the dependency tracking follows real imports; the data check imports no
    notebook's module, so touching one re-executes the notebooks that import it, no more."""
    from helpers.paths import notebooks

    users = {}
    for nb in notebooks():
        for rel in run.notebook_inputs(nb):
            users.setdefault(rel, set()).add(nb.stem)
    assert users["src/helpers/decline.py"] == {"03_post_2011_decline"}
    assert users["src/helpers/composition.py"] == {"06_who_arrives"}
    assert users["src/helpers/claims.py"] == {"04_claims_audit"}
    assert users["src/helpers/abroad.py"] == {"04_claims_audit", "05_refugees_abroad"}  # 04 tests UNHCR claims
    assert len(users["src/helpers/data.py"]) == len(notebooks())


def test_a_comment_on_the_first_line_of_an_import_hides_none_of_it():
    """`from helpers.reconcile import (  # noqa ...` made the tracker read every module as
    a dependency (the comment swallowed the names once the lines were joined)."""
    source = "from helpers.reconcile import (  # noqa: F401 - part of the API\n    cumulative_at,\n)\nx = 1\n"
    assert run.helper_imports(source) == {"reconcile"}
