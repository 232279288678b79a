import shutil
from pathlib import Path

import pytest

from helpers.paths import RAW


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ to corrupt."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest
