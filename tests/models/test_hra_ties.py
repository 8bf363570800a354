"""The HRA's tie-outs give one verdict whether worked whole (a few trials) or in blocks (many)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.hra import ties


def _lines(n: int, years: int, seed: int) -> tuple[list, list, np.ndarray]:
    """Opening + in − out = closing, with a receipts-style lag, as year-major (T, n) memory seen (n, T)."""
    rng = np.random.default_rng(seed)
    opening, added, lag = (np.ascontiguousarray(rng.uniform(0, 1e6, (years, n))).T for _ in range(3))
    out = np.ascontiguousarray(rng.uniform(0, 1e5, (years, n))).T
    closing = np.empty((years, n)).T
    closing[:] = opening + added - out
    closing[:, 1:] += lag[:, :-1]
    return [opening, added], [out, closing], lag


@settings(max_examples=40, deadline=None)
@given(n=st.sampled_from([1, 3, 17, 2000]), years=st.integers(2, 40), seed=st.integers(0, 10**6))
def test_a_break_is_found_in_its_year_whole_or_in_blocks(n, years, seed):
    plus, minus, lag = _lines(n, years, seed)
    assert ties.tie("t", "x", plus, minus, lag=lag).ok.all()
    at = seed % years
    plus[1][n - 1, at] += 0.02  # two pence out in one trial, in one year
    check = ties.tie("t", "x", plus, minus, lag=lag)
    assert check.ok.tolist() == [True] * (n - 1) + [False]
    assert check.year[n - 1] == at and check.amount[n - 1] == pytest.approx(0.02, abs=1e-6)
    assert ties._ties_out(plus, minus, ties.TIE, lag) is False
    plus[1][n - 1, at] -= 0.015  # half a penny: within
    assert ties._ties_out(plus, minus, ties.TIE, lag) is True
