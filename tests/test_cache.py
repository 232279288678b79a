"""Simulated draws kept between runs (helpers.cache): read back bit for bit, never stale."""

import numpy as np

from helpers import breaks, cache


def test_draws_are_computed_once_and_read_back_bit_for_bit(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return np.random.default_rng(1).standard_normal(5)

    first = cache.draws("x", breaks.__file__, (np.arange(3), 0.5, 7), compute)
    again = cache.draws("x", breaks.__file__, (np.arange(3), 0.5, 7), compute)
    assert len(calls) == 1 and first.tobytes() == again.tobytes()
    cache.draws("x", breaks.__file__, (np.arange(3), 0.5, 8), compute)  # another seed: another key
    assert len(calls) == 2


def test_an_unreadable_entry_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cache.draws("x", breaks.__file__, (1,), lambda: np.ones(3))
    for f in tmp_path.glob("x-*.npy"):
        f.write_bytes(b"not an array")
    assert cache.draws("x", breaks.__file__, (1,), lambda: np.zeros(3)).tolist() == [0, 0, 0]


def test_a_critical_value_is_the_same_read_from_the_cache_or_simulated(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    years = np.arange(2002, 2020)
    y = np.round(1000 * np.exp(0.05 * (years - 2002))) + (years % 3) * 40
    fresh = breaks.sup_f_critical(y, years, ar1=True, level=0.9, n_sim=200, seed=3)
    cached = breaks.sup_f_critical(y, years, ar1=True, level=0.9, n_sim=200, seed=3)
    other_level = breaks.sup_f_critical(y, years, ar1=True, level=0.95, n_sim=200, seed=3)
    assert fresh == cached and other_level["critical"] > fresh["critical"]
