"""The first year a mask is True in each trial, however the mask is laid out in memory."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.core.result import first_down, first_true


def by_loop(mask: np.ndarray) -> list[int]:
    """Trial by trial, year by year: the first True, -1 for none."""
    return [next((t for t, hit in enumerate(row) if hit), -1) for row in mask.tolist()]


@given(st.integers(1, 300).flatmap(lambda years: arrays(bool, st.tuples(st.just(years), st.integers(0, 12)))))
def test_a_years_first_mask_gives_each_trials_first_year_as_a_loop_finds_it(down):
    across = down.T  # (n, T): a view of years-first memory, as every HRA line is
    assert first_true(across).tolist() == by_loop(across)
    assert first_true(np.ascontiguousarray(across)).tolist() == by_loop(across)  # trials first: argmax
    assert first_down(down).tolist() == by_loop(across)


def test_a_breach_in_the_first_year_the_last_year_and_none():
    down = np.zeros((30, 3), dtype=bool)
    down[0, 0] = down[29, 1] = True
    down[29, 0] = True
    assert first_true(down.T).tolist() == [0, 29, -1]
