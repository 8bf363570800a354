"""Trials in chunks on worker threads: the same numbers however they are split or run."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from models.core import buffers
from planner.analysis.montecarlo import Cancelled, monte_carlo
from planner.analysis.sensitivity import base_value, evaluate_with
from planner.analysis.threads import WORKERS, executor, on_worker, parallel_map
from planner.analysis.trial_chunks import evaluate_chunks
from planner.errors import PlannerError
from planner.project.paths import numeric_paths
from planner.project.scenario_file import RunDef, load_scenario_file
from planner.registry import get_spec
from tests.conftest import EXAMPLES

HRA = [RunDef("plan", "hra", {"extra_units_per_year": 40.0})]
HRA_VARY = {
    "weekly_rent": "triangular(80, 85, 92)",
    "new_debt_rate": "normal(3%, 0.5%)",
    "rtb_sales": "lognormal(30, 8)",
    "extra_cost_per_unit": "triangular(140k, 160k, 200k)",
}


def _same(a, b):
    assert a.checks == b.checks and a.metrics.keys() == b.metrics.keys()
    for name, m in a.metrics.items():
        other = b.metrics[name]
        assert np.array_equal(list(m.percentiles.values()), list(other.percentiles.values()), equal_nan=True), name
        assert np.array_equal([m.mean, m.never or 0.0], [other.mean, other.never or 0.0], equal_nan=True), name
    assert a.lines.keys() == b.lines.keys()
    for name in a.lines:
        assert np.array_equal(a.lines[name].percentiles, b.lines[name].percentiles, equal_nan=True), name
        assert np.allclose(a.lines[name].mean, b.lines[name].mean, rtol=1e-12, equal_nan=True), name


def test_every_way_of_splitting_the_hra_gives_the_same_percentiles():
    whole = monte_carlo(HRA, "plan", HRA_VARY, 3_001, seed=8, chunk=3_001)  # one chunk, sorted where it lies
    halves = monte_carlo(HRA, "plan", HRA_VARY, 3_001, seed=8, chunk=1_501)  # two, read from both halves
    many = monte_carlo(HRA, "plan", HRA_VARY, 3_001, seed=8, chunk=700)  # five, gathered into one block
    _same(whole, halves)
    _same(whole, many)
    opening, closing = whole.lines["opening_debt"].percentiles, whole.lines["closing_debt"].percentiles
    assert np.array_equal(opening[:, 1:], closing[:, :-1])  # one row in memory, sorted once
    peak = whole.values["peak_debt"]
    assert whole.metrics["peak_debt"].percentiles[50] == pytest.approx(np.percentile(peak, 50), rel=1e-15)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_model_gives_the_same_percentiles_in_one_two_or_many_chunks(example):
    runs = load_scenario_file(EXAMPLES / example).runs
    run = next(r for r in runs if r.model != "programme")
    paths = numeric_paths(get_spec(run.model), run.inputs)[:3]
    vary = {p: f"uniform({base_value(run, p) * 0.9:.6g}, {base_value(run, p) * 1.1 + 1e-9:.6g})" for p in paths}
    result = runs[-1].name  # a programme links the runs before it; else the run itself
    kwargs = dict(seed=3, result_run=result if result != run.name and runs[-1].model == "programme" else None)
    one = monte_carlo(runs, run.name, vary, 900, chunk=900, **kwargs)
    _same(one, monte_carlo(runs, run.name, vary, 900, chunk=450, **kwargs))
    _same(one, monte_carlo(runs, run.name, vary, 900, chunk=200, **kwargs))


def test_two_workers_or_one_give_the_same_trials_and_progress_in_trial_order():
    draws = {"weekly_rent": np.linspace(78.0, 92.0, 2_500)}

    def chunk(start, stop):
        return evaluate_with(HRA, "plan", {p: v[start:stop] for p, v in draws.items()})

    for chunk_size in (1_250, 600):  # sorted where they lie, and gathered into a block
        seen = {1: [], 2: []}
        runs = {
            w: evaluate_chunks(
                chunk, 2_500, chunk_size, None, lambda d, t, w=w, seen=seen: seen[w].append(d), workers=w
            )
            for w in (1, 2)
        }
        assert seen[1] == seen[2] == list(range(chunk_size, 2_500, chunk_size)) + [2_500]
        assert runs[1].values.keys() == runs[2].values.keys()
        for k in runs[1].values:
            assert np.array_equal(runs[1].values[k], runs[2].values[k], equal_nan=True)
        found = [r.line_stats()[0] for r in runs.values()]
        assert np.array_equal(found[0], found[1], equal_nan=True)


def test_cancel_and_errors_with_chunks_under_way():
    stop = threading.Event()
    with pytest.raises(Cancelled, match="after 1,000 of 4,000"):
        monte_carlo(HRA, "plan", HRA_VARY, 4_000, chunk=1_000, progress=lambda d, t: stop.set(), cancel=stop)

    def failing(start, stop_):
        if start >= 1_000:
            raise PlannerError("a chunk went wrong")
        return evaluate_with(HRA, "plan", {"weekly_rent": np.full(stop_ - start, 85.0)})

    with pytest.raises(PlannerError, match="a chunk went wrong"):
        evaluate_chunks(failing, 4_000, 1_000, None, workers=2)


def test_a_kept_buffer_is_reused_only_when_nothing_refers_to_it():
    buffers.release()
    size = (buffers.MIN_BYTES // 8) + 1
    first = buffers.empty(size)
    assert buffers.empty(size) is not first  # still held here
    held = first[:10]
    del first
    assert buffers.empty(size) is not held.base  # a view still refers to it
    del held
    again = buffers.empty(size)
    assert again.size == size and buffers.kept_bytes() <= buffers.KEEP_BYTES
    assert buffers.empty(10).size == 10  # small ones are malloc's business
    buffers.release()
    assert buffers.kept_bytes() == 0


def test_an_outcome_still_held_is_not_overwritten_by_the_next_run():
    rents = {"weekly_rent": np.linspace(80.0, 90.0, 5_000)}
    first = evaluate_with(HRA, "plan", rents)
    kept = first.lines["closing_debt"].copy()
    evaluate_with(HRA, "plan", {"weekly_rent": np.linspace(60.0, 70.0, 5_000)})  # same size, while first lives
    assert np.array_equal(first.lines["closing_debt"], kept)
    del first
    again = evaluate_with(HRA, "plan", rents)  # may reuse the freed buffer: same numbers
    assert np.array_equal(again.lines["closing_debt"], kept)


def test_parallel_map_keeps_order_raises_and_runs_inline_on_a_worker():
    assert parallel_map(lambda x: x * x, range(6), workers=2) == [0, 1, 4, 9, 16, 25]
    with pytest.raises(ZeroDivisionError):
        parallel_map(lambda x: 1 / x, [1, 0, 2], workers=2)
    on_a_worker = executor().submit(lambda: (on_worker(), parallel_map(lambda _: on_worker(), range(3))))
    assert on_a_worker.result() == (True, [True, True, True])  # nested work stays on its thread
    assert not on_worker() and 1 <= WORKERS <= 4


def test_lines_beyond_the_memory_budget_are_refused_with_what_to_do(monkeypatch):
    import planner.analysis.trial_chunks as chunks

    monkeypatch.setattr(chunks, "LINES_BUDGET", 5_000_000)  # 5 MB: every HRA line of 2,000 trials is 23 MB
    with pytest.raises(
        PlannerError,
        match=r"keeping 48 annual lines of 30 years for 2,000 trials takes 23 MB, "
        r"more than the 5 MB allowed; name only the lines you need .*"
        r"every line fits up to 434\)",
    ):
        monte_carlo(HRA, "plan", HRA_VARY, 2_000, seed=1)
    kept = monte_carlo(HRA, "plan", HRA_VARY, 2_000, seed=1, lines=["closing_debt", "headroom"])
    assert list(kept.lines) == ["closing_debt", "headroom"]
