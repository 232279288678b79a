"""Every raw file is listed in data/README.md with its SHA-256, and matches it."""

import csv
import hashlib
import re

import pytest

from helpers.paths import RAW, ROOT


def documented() -> dict[str, str]:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    return {m[2]: m[1] for m in re.finditer(r"^([0-9a-f]{64})  (\S+)$", text, re.M)}


def test_every_raw_file_has_a_documented_checksum():
    assert sorted(documented()) == sorted(p.name for p in RAW.iterdir() if p.is_file())


def test_raw_files_match_their_checksums():
    for name, digest in documented().items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


def test_every_source_key_is_expanded_in_the_data_readme():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    keys = set()
    for path in RAW.glob("*.csv"):
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        if "source" not in header.split(","):
            continue  # article_claims.csv: every claim comes from the article (ARTICLE)
        col = header.split(",").index("source")
        for row in csv.reader(rows):
            keys.update(k.strip() for k in row[col].split(";"))
    missing = sorted(k for k in keys if f"| `{k}` |" not in text)
    assert not missing, f"source keys without a citation in data/README.md: {missing}"


def test_raw_files_are_never_converted_by_git():
    """.gitattributes keeps data/raw byte-exact (no CRLF conversion on Windows clones)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not on PATH: the git attributes of data/raw cannot be read")
    names = [f"data/raw/{p.name}" for p in RAW.iterdir() if p.is_file()]
    proc = subprocess.run(["git", "check-attr", "text", "--", *names], cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip("not a git checkout (a ZIP download or a copy): .gitattributes does not apply")
    out = proc.stdout
    assert out.count(": text: unset") == len(names), out


def test_every_column_of_every_raw_file_is_documented_in_the_data_readme():
    """The schemas say what a column holds; data/README.md, the one place, says what it means."""
    from helpers.data import SCHEMAS

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `([^`]+)\.csv`[^\n]*\n(.*?)(?=^##)", text, re.M | re.S))
    missing = [f"{name}.{col.name}" for name, schema in SCHEMAS.items()
               for col in schema.columns if f"`{col.name}`" not in sections.get(name, "")]
    assert not missing, f"columns not documented in data/README.md: {missing}"
