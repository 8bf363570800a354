"""Percentiles of trials sorted in chunks: sorted where they lie, read from two halves unmerged."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from planner.analysis.trial_stats import PERCENTILES, chunk_stats, percentiles_of_rows, plan_sort, sort_chunk

VALUES = st.one_of(st.floats(-1e9, 1e9, allow_nan=False), st.sampled_from([0.0, 1.0, -2.5, np.nan]))


def _nanmeans(block: np.ndarray) -> np.ndarray:
    numbers = ~np.isnan(block)
    with np.errstate(invalid="ignore"):
        return np.where(numbers, block, 0.0).sum(axis=1) / numbers.sum(axis=1)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), rows=st.integers(1, 4), a=st.integers(1, 30), b=st.integers(1, 30))
def test_two_sorted_halves_give_exactly_the_percentiles_of_the_whole(data, rows, a, b):
    whole = data.draw(hnp.arrays(float, (rows, a + b), elements=VALUES))  # ties, NaN, rows of NaN
    left, right = sort_chunk({"x": whole[:, :a].copy()}), sort_chunk({"x": whole[:, a:].copy()})
    found, means = chunk_stats([left, right])
    assert np.array_equal(found, percentiles_of_rows(whole.copy()), equal_nan=True)
    assert np.allclose(means, _nanmeans(whole), rtol=1e-12, atol=1e-3, equal_nan=True)
    alone, alone_means = chunk_stats([sort_chunk({"x": whole.copy()})])
    assert np.array_equal(alone, percentiles_of_rows(whole.copy()), equal_nan=True)
    assert np.allclose(alone_means, _nanmeans(whole), rtol=1e-12, atol=1e-3, equal_nan=True)


def test_a_hand_worked_pair_of_halves():
    # trials 1…10 split unevenly; P5 = 1 + 0.45 × (2 − 1), P50 = 5.5, P95 = 9.55
    left, right = (
        sort_chunk({"x": np.array([[9.0, 2.0, 7.0]])}),
        sort_chunk({"x": np.array([[4.0, 10.0, 1.0, 8.0, 3.0, 6.0, 5.0]])}),
    )
    found, means = chunk_stats([left, right])
    assert found[:, 0].tolist() == pytest.approx([1.45, 1.9, 5.5, 9.1, 9.55])
    assert means.tolist() == [5.5]
    assert PERCENTILES == (5, 10, 50, 90, 95)


def test_rows_shared_by_two_lines_are_sorted_once_and_read_by_both():
    rng = np.random.default_rng(4)
    debt = rng.normal(size=(6, 50))  # the HRA holds opening and closing debt in one array
    expected = np.sort(debt, axis=1)
    chunk = sort_chunk({"closing": debt[1:], "opening": debt[:-1], "other": rng.normal(size=(5, 50))})
    assert chunk.lines["closing"].base is debt and np.array_equal(debt, expected)  # sorted where it lies
    found, _ = chunk_stats([chunk])
    assert np.array_equal(found[:, :5], percentiles_of_rows(expected[1:].copy()))
    assert np.array_equal(found[:, 5:10], percentiles_of_rows(expected[:-1].copy()))
    assert chunk.sums[0] == pytest.approx(expected[1].sum()) and chunk.sums[6] == chunk.sums[0]  # one row, one sum


def test_memory_that_is_not_the_lines_own_is_copied_not_sorted():
    rng = np.random.default_rng(5)
    drawn = rng.normal(size=(1, 40))
    frozen = rng.normal(size=(3, 40))
    frozen.flags.writeable = False
    wide = rng.normal(size=(3, 80))
    base = rng.normal(size=(4, 40))
    before = [drawn.copy(), frozen.copy(), wide.copy(), base.copy()]
    chunk = sort_chunk(
        {
            "drawn": drawn,
            "frozen": frozen,
            "strided": wide[:, ::2],
            "whole": base[:2],
            "overlapping": base.reshape(-1)[20:100].reshape(2, 40),
        },
        intact=[drawn],
    )
    for kept, original in zip((drawn, frozen, wide), before):
        assert np.array_equal(kept, original)  # untouched
    assert np.array_equal(base[2:], before[3][2:])  # the half-row overlap was sorted in a copy
    assert np.array_equal(chunk.lines["overlapping"], np.sort(before[3].reshape(-1)[20:100].reshape(2, 40), axis=1))
    assert all(np.all(np.diff(v, axis=1) >= 0) for v in chunk.lines.values())


def test_a_sort_in_parts_keeps_lines_that_share_memory_together_and_may_run_side_by_side():
    rng = np.random.default_rng(6)
    debt, others = rng.normal(size=(7, 300)), rng.normal(size=(4, 6, 300))
    lines = {"closing": debt[1:], "a": others[0], "opening": debt[:-1], "b": others[1], "c": others[2], "d": others[3]}
    expected = {k: np.sort(v, axis=1) for k, v in lines.items()}
    chunk, parts = plan_sort(lines, pieces=2)
    assert len(parts) == 2
    held = [[name for name, *_ in part.args[1]] for part in parts]
    assert any({"closing", "opening"} <= set(names) for names in held)  # one row, one part
    assert sorted(x for part in held for x in part) == sorted(lines) and abs(len(held[0]) - len(held[1])) <= 1
    workers = [threading.Thread(target=part) for part in parts]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    for name, v in chunk.lines.items():
        assert np.array_equal(v, expected[name]), name
    assert chunk.sums[[0, 12 + 1]].tolist() == pytest.approx([expected["closing"][0].sum()] * 2)


def test_a_line_the_same_in_every_trial_is_neither_copied_nor_sorted_and_reads_as_if_it_were():
    rng = np.random.default_rng(8)
    level = rng.normal(size=(5, 1)) * 1e6
    spread = [np.broadcast_to(level, (5, 400)), np.broadcast_to(level, (5, 600))]  # two chunks' trials
    varied = [rng.normal(size=(5, 400)), rng.normal(size=(5, 600))]
    chunks = [sort_chunk({"a": v.copy(), "same": s}) for v, s in zip(varied, spread)]
    assert all(np.shares_memory(c.lines["same"], level) for c in chunks)  # read where it lies
    found, means = chunk_stats(chunks)
    whole = np.concatenate([np.concatenate([v, np.array(s)]) for v, s in zip(varied, spread)], axis=1)
    expected = percentiles_of_rows(whole.copy())
    assert np.array_equal(found, expected)
    assert found[:, 5:].tolist() == [level[:, 0].tolist()] * len(PERCENTILES)
    copied = [sort_chunk({"a": v.copy(), "same": np.array(s)}) for v, s in zip(varied, spread)]
    assert np.array_equal(means, chunk_stats(copied)[1])  # the same sums as a copy's
    assert means[5:] == pytest.approx(level[:, 0], rel=1e-15)


LEVEL = st.sampled_from([0.0, -0.0, 1.5, -2.0, 1e300, np.inf, -np.inf, np.nan])


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(), rows=st.integers(1, 3), a=st.integers(1, 20), b=st.one_of(st.integers(1, 20), st.integers(120, 300))
)
def test_a_line_one_value_in_each_chunk_reads_to_the_bit_as_the_search_reads_a_copy(data, rows, a, b):
    """The percentiles of a line that is one value in every trial of each chunk are found at once,
    not by the search, and its sums once a value: the same bits as the search and the sums find
    in a copy of it (ties, signed zeros, infinities, NaN, a different value in each chunk)."""
    values = [data.draw(hnp.arrays(float, (rows, 1), elements=LEVEL)) for _ in range(2)]
    spread = [np.broadcast_to(v, (rows, m)) for v, m in zip(values, (a, b))]
    varied = [data.draw(hnp.arrays(float, (rows, m), elements=VALUES)) for m in (a, b)]
    with np.errstate(invalid="ignore"):  # infinities: inf - inf between neighbours, as in any Monte Carlo
        at_once = chunk_stats([sort_chunk({"x": v.copy(), "same": s}) for v, s in zip(varied, spread)])
        searched = chunk_stats([sort_chunk({"x": v.copy(), "same": np.array(s)}) for v, s in zip(varied, spread)])
    assert at_once[0].tobytes() == searched[0].tobytes() and at_once[1].tobytes() == searched[1].tobytes()


def test_a_programme_chunk_is_sorted_where_the_model_left_it():
    """The programme holds every line that differs by trial years-first (models.core.years) and
    every other as one row spread over the trials, so a chunk's lines are sorted without a copy."""
    from pathlib import Path

    from planner.analysis.sensitivity import evaluate_with
    from planner.project.project_file import load_project

    runs = load_project(Path(__file__).resolve().parents[2] / "examples" / "funding-for-growth-programme.ffg").resolve()
    name = next(r.name for r in runs if r.model == "programme")
    rng = np.random.default_rng(9)
    varied = {"optimism_bias": rng.uniform(0.1, 0.4, 300), "borrowing_rate": rng.normal(0.045, 0.005, 300)}
    outcome = evaluate_with(runs, name, varied)
    lines = {k: v.T for k, v in outcome.lines.items()}  # years down, as the Monte Carlo reads them
    expected = {k: np.sort(v, axis=1) for k, v in lines.items()}
    chunk = sort_chunk(lines)
    for k, v in outcome.lines.items():
        assert np.shares_memory(chunk.lines[k], v), k  # sorted (or, the same in every trial, read) in place
        assert np.array_equal(chunk.lines[k], expected[k]), k
    assert sum(v.strides[0] != 0 for v in outcome.lines.values()) >= 10  # lines that differ by trial among them
