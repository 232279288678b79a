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
        m = re.fullmatch(r"  - ([A-Za-z0-9_.-]+)=([^=\s]+)", line)
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
