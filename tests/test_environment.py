"""pyproject.toml, environment.yml and requirements.lock pin the same direct versions."""

import re
import tomllib

from helpers.paths import ROOT


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {}
    for dep in deps:
        name, sep, version = dep.partition("==")
        assert sep, f"pyproject.toml: {dep!r} is not pinned with =="
        pins[norm(name)] = version
    return pins


def environment_pins() -> dict[str, str]:
    pins, in_deps = {}, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        # conda packages (`  - name=version`) and, under `pip:`, PyPI ones (`      - name==version`)
        m = (re.fullmatch(r"  - ([A-Za-z0-9_.-]+)=([^=\s]+)", line)
             or re.fullmatch(r"      - ([A-Za-z0-9_.-]+)==([^=\s]+)", line))
        if in_deps and m and m[1] != "python":
            pins[norm(m[1])] = m[2]
    return pins


def lock_pins() -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if m:
            pins.setdefault(norm(m[1]), set()).add(m[2])
    return pins


def test_environment_yml_pins_the_same_direct_versions_as_pyproject():
    assert environment_pins() == pyproject_pins()


def test_lock_pins_each_direct_dependency_to_the_pyproject_version():
    lock = lock_pins()
    for name, version in pyproject_pins().items():
        assert lock.get(name) == {version}, f"{name}: lock has {lock.get(name)}, pyproject {version}"


def test_environment_yml_installs_the_helpers_editable():
    assert "      - -e ." in (ROOT / "environment.yml").read_text().splitlines()


def test_lock_pins_every_requirement_exactly():
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.lstrip().startswith("#"):
            assert "==" in line, line


#: Declared because they are run, not imported: (distribution, what uses it).
TOOLS = {
    "jupyterlab": "the conda route and the README's `jupyter lab`",
    "ipykernel": "the kernel every notebook runs in",
    "nbval": "pytest plugin that re-executes the notebooks",
    "pytest-xdist": "pytest -n 2",
    "ruff": "the lint test runs `python -m ruff`",
    "check-jsonschema": "the workflow test runs `python -m check_jsonschema`",
    "myst-nb": "Sphinx extension of the site (named in its conf.py)",
    "sphinx-book-theme": "the site's theme (named in its conf.py)",
    "koreanize-matplotlib": "ships the NanumGothic fonts helpers.i18n registers from its files (never "
                            "imported: importing it would change every figure's font)",
}


def imported_top_level_modules() -> set[str]:
    import ast
    import json

    sources = [p.read_text(encoding="utf-8") for p in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").glob("*.py")]]
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        sources += ["".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                    if c["cell_type"] == "code"]
    names = set()
    for src in sources:
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_imported_distribution_is_declared_and_every_declared_one_is_used():
    import sys
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    local = {"helpers", "buildtools", *(p.stem for p in (ROOT / "tests").glob("*.py"))}  # the tests' own modules
    third_party = imported_top_level_modules() - set(sys.stdlib_module_names) - local
    imported = {norm(dists[m][0]) for m in third_party if m in dists}
    assert third_party <= set(dists), f"imports no installed distribution provides: {third_party - set(dists)}"
    declared = set(pyproject_pins())
    assert imported <= declared, f"imported but not declared in pyproject.toml: {sorted(imported - declared)}"
    unused = declared - imported - set(TOOLS)
    assert not unused, f"declared but neither imported nor a listed tool: {sorted(unused)}"
