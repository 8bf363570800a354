"""Years-first lines (models.core.years): the same numbers, to the last bit, as numpy's own
reductions on lines laid out trial by trial."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from models.core.appraisal import deflator_index
from models.core.years import FEW_TRIALS, held_lines, into, running_total, year_sums

VALUES = st.one_of(st.floats(-1e12, 1e12), st.just(-0.0), st.just(np.nan), st.just(np.inf))


@st.composite
def lines(draw, values=VALUES):
    """(n, T) lines, a few trials or more than FEW_TRIALS, laid out trial by trial or years-first."""
    n = draw(st.one_of(st.integers(1, 3), st.integers(FEW_TRIALS, FEW_TRIALS + 40)))
    horizon = draw(st.integers(1, 40))
    line = draw(arrays(float, (n, horizon), elements=values))
    return np.asfortranarray(line) if draw(st.booleans()) else line


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()


@settings(max_examples=60, deadline=None)
@given(lines())
def test_running_total_is_cumsum_to_the_bit(line):
    expected = np.cumsum(np.ascontiguousarray(line), axis=1)
    assert same_bits(running_total(line), expected)
    held = held_lines(("total",), *line.shape)["total"]
    assert same_bits(running_total(line, out=held), expected)
    if line.shape[0] >= FEW_TRIALS:
        assert same_bits(held, expected)  # written where it is held


@settings(max_examples=60, deadline=None)
@given(lines(st.floats(-1e12, 1e12)))
def test_year_sums_add_as_a_row_in_contiguous_memory_whatever_the_layout(line):
    assert same_bits(year_sums(line), np.ascontiguousarray(line).sum(axis=1))
    assert same_bits(year_sums(np.asfortranarray(line)), year_sums(np.ascontiguousarray(line)))


def test_held_lines_are_years_first_and_separate():
    held = held_lines(("a", "b"), 5, 3)
    assert held["a"].shape == (5, 3) and held["a"].T.flags.c_contiguous and held["a"].flags.writeable
    assert not np.shares_memory(held["a"], held["b"])


def test_into_writes_a_line_that_differs_by_trial_where_it_is_held_and_keeps_one_row_as_one_row():
    held = held_lines(("x",), 4, 3)["x"]
    by_trial, by_year = np.arange(4.0)[:, None], np.array([[1.0, 2.0, 3.0]])
    assert into(held, np.multiply, by_trial, by_year) is held
    assert held.tolist() == (by_trial * by_year).tolist()
    one = into(held, np.multiply, 2.0, by_year)
    assert one.shape == (1, 3) and one.tolist() == [[2.0, 4.0, 6.0]]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 100),
    st.integers(1, 40),
    st.booleans(),
    st.lists(st.floats(-0.2, 0.5), min_size=1, max_size=100),
)
def test_deflator_index_is_the_trial_by_trial_formula_to_the_bit(n, horizon, level, rates):
    """exp(cumsum([0, log1p(g_1), …])) as it was worked trial by trial, for a rate the same in every
    year (one column spread over the years) and for rates that differ by year."""
    rates = np.resize(np.array(rates), n)
    growth = np.broadcast_to(rates[:, None], (n, horizon)) if level else np.add.outer(rates, np.arange(horizon) / 1e3)
    steps = np.concatenate([np.zeros((n, 1)), np.log1p(growth[:, 1:])], axis=1)
    assert same_bits(deflator_index(growth), np.exp(np.cumsum(steps, axis=1)))
