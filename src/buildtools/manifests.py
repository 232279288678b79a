"""The notebooks' manifests: ``notebooks/NN_name.yml`` beside each ``NN_name.ipynb``.

A manifest holds what the README and the site say about its notebook, in English and
Korean, so that adding a notebook means adding files, not editing the build:

``title_ko``
    the notebook's title on the Korean site (the English title is the notebook's first heading).
``question_ko``
    its question in Korean (the English is the notebook's own, in its first cell).
``about``
    ``en`` and ``ko``: one line on what it covers (the README's table of notebooks).
``results``
    the short name the findings' templates read its results by (``d`` for
    ``d.parameter_start``, from ``data/processed/NN_name.results.csv``); needed only if a
    finding or check reads them.
``checks``
    conditions that choose a finding's words, each a Jinja expression on the results
    (``"d.decision_one_rate_rejected == 1"``): read as ``check.NAME`` by any finding. Each
    reads a decision row that the notebook computes, not a threshold of its own.
``findings``
    the notebook's headline findings, in the order the README lists them: ``id``, ``en`` and
    ``ko`` (Jinja templates: the results by their short names, ``check``, ``gl`` the address of
    the glossary, and the filters of :data:`buildtools.documents.FILTERS`), and optionally ``figure``, a chart shown
    under the README's findings. A notebook may have none.
``summary_ko``
    the ids of the findings (of any notebook) that open its pages in Korean.
``figures``
    each chart it draws (file stem) with its heading on the site, ``en`` and ``ko``.
``data_files_ko``
    a Korean description of each processed table it writes (data/README.md has the English).
``results_ko``
    a Korean description of every key of its results table (``NN_name.results.csv``, whose
    ``description`` column has the English), a template like the findings': the Korean page
    lists them.

:func:`load` reads them all and reports every problem at once, each naming its file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers.paths import NOTEBOOKS, display_path, notebooks

#: Each field: its type, and whether every manifest must have it.
FIELDS = {"title_ko": (str, True), "question_ko": (str, True), "about": (dict, True), "results": (str, False),
          "checks": (dict, False),
          "findings": (list, False), "summary_ko": (list, False), "figures": (dict, False),
          "data_files_ko": (dict, False), "results_ko": (dict, False)}
FINDING_FIELDS = {"id", "en", "ko", "figure"}


@dataclass(frozen=True)
class Finding:
    id: str
    stem: str  # the notebook whose manifest holds it
    en: str
    ko: str
    figure: str = ""


@dataclass(frozen=True)
class Manifest:
    stem: str
    title_ko: str
    question_ko: str
    about: dict[str, str]
    results: str = ""
    checks: dict[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    summary_ko: tuple[str, ...] = ()
    figures: dict[str, dict[str, str]] = field(default_factory=dict)
    data_files_ko: dict[str, str] = field(default_factory=dict)
    results_ko: dict[str, str] = field(default_factory=dict)


class ManifestError(ValueError):
    """One or more manifests are missing or malformed; the message lists every problem."""


def _problems(path: Path, raw: object) -> list[str]:
    where = display_path(path)
    if not isinstance(raw, dict):
        return [f"{where}: expected a mapping of fields ({', '.join(FIELDS)}), found {type(raw).__name__}"]
    problems = [f"{where}: unknown field {k!r} (the fields: {', '.join(FIELDS)})" for k in raw if k not in FIELDS]
    for name, (kind, required) in FIELDS.items():
        if name not in raw:
            if required:
                problems.append(f"{where}: the field {name!r} is missing")
        elif not isinstance(raw[name], kind):
            problems.append(f"{where}: {name!r} must be a {kind.__name__}, not {type(raw[name]).__name__}")
    if isinstance(raw.get("about"), dict) and set(raw["about"]) != {"en", "ko"}:
        problems.append(f"{where}: 'about' must have exactly the keys en and ko, has {sorted(raw['about'])}")
    for i, f in enumerate(raw.get("findings") or [], 1):
        if not isinstance(f, dict) or not {"id", "en", "ko"} <= set(f) or not set(f) <= FINDING_FIELDS:
            problems.append(f"{where}: finding {i} must have id, en and ko (and may have figure)")
    for name, heading in (raw.get("figures") or {}).items():
        if not isinstance(heading, dict) or set(heading) != {"en", "ko"}:
            problems.append(f"{where}: figure {name!r} needs a heading in en and in ko")
    if (raw.get("findings") or raw.get("checks")) and not raw.get("results"):
        problems.append(f"{where}: findings and checks read the results: give 'results' a short name")
    return problems


def load(folder: Path = NOTEBOOKS) -> list[Manifest]:
    """Every notebook's manifest, in the notebooks' order; :class:`ManifestError` listing
    every problem (a notebook without a manifest, a manifest without a notebook, a missing
    or unknown field, a name used twice, a summary naming no finding)."""
    stems = [nb.stem for nb in notebooks(folder)]
    problems = [f"{display_path(folder / f'{s}.yml')}: missing (every notebook has a manifest; see "
                "CONTRIBUTING.md, \"Adding a notebook\")" for s in stems if not (folder / f"{s}.yml").is_file()]
    problems += [f"{display_path(p)}: no notebook {p.stem}.ipynb beside it" for p in sorted(folder.glob("*.yml"))
                 if p.stem not in stems]
    manifests: list[Manifest] = []
    for stem in stems:
        path = folder / f"{stem}.yml"
        if not path.is_file():
            continue
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{display_path(path)}: not valid YAML: {exc}")
            continue
        found = _problems(path, raw)
        problems += found
        if found:
            continue
        manifests.append(Manifest(
            stem=stem, title_ko=raw["title_ko"], question_ko=raw["question_ko"], about=raw["about"],
            results=raw.get("results", ""),
            checks=raw.get("checks") or {}, summary_ko=tuple(raw.get("summary_ko") or ()),
            findings=tuple(Finding(f["id"], stem, f["en"], f["ko"], f.get("figure", ""))
                           for f in raw.get("findings") or ()),
            figures=raw.get("figures") or {}, data_files_ko=raw.get("data_files_ko") or {},
            results_ko=raw.get("results_ko") or {}))
    problems += _clashes(manifests, folder)
    if problems:
        raise ManifestError("the notebooks' manifests:\n" + "\n".join(f"  {p}" for p in problems))
    return manifests


def _clashes(manifests: list[Manifest], folder: Path) -> list[str]:
    """Names that must be unique across manifests, and summaries that name no finding."""
    problems: list[str] = []
    for what, names in (("results name", lambda m: [m.results] if m.results else []),
                        ("check", lambda m: list(m.checks)), ("finding id", lambda m: [f.id for f in m.findings]),
                        ("figure", lambda m: list(m.figures))):
        seen: dict[str, str] = {}
        for m in manifests:
            for name in names(m):
                if name in seen:
                    problems.append(f"{display_path(folder / f'{m.stem}.yml')}: the {what} {name!r} is also in "
                                    f"{seen[name]}.yml")
                seen[name] = m.stem
    ids = {f.id for m in manifests for f in m.findings}
    problems += [f"{display_path(folder / f'{m.stem}.yml')}: summary_ko names {i!r}, which no manifest's findings have"
                 for m in manifests for i in m.summary_ko if i not in ids]
    return problems


def findings(manifests: list[Manifest]) -> list[Finding]:
    """Every headline finding, numbered by its place in this list (from 1)."""
    return [f for m in manifests for f in m.findings]
