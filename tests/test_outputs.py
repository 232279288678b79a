"""Processed tables are written atomically, without NaN, with plain number formats."""

import numpy as np
import pandas as pd
import pytest

from helpers import outputs


def test_write_csv_uses_newlines_and_no_index(tmp_path):
    path = outputs.write_csv(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.csv")
    assert path.read_bytes() == b"a\n1\n2\n"


def test_write_csv_refuses_nan_and_leaves_nothing(tmp_path):
    with pytest.raises(ValueError, match="holds NaN"):
        outputs.write_csv(pd.DataFrame({"a": [1.0, np.nan]}), tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []


def test_format_value_never_shows_numpy_reprs():
    assert outputs.format_value(np.float64(0.123456789)) == "0.123457"
    assert outputs.format_value(np.int64(2914)) == "2914"
    assert outputs.format_value(2914) == "2914"


def test_format_value_refuses_non_finite():
    with pytest.raises(ValueError):
        outputs.format_value(float("nan"))
