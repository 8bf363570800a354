"""Trials evaluated a chunk at a time, on worker threads, into whole-run arrays.

Each worker evaluates its chunk (one vectorised call of the model) and copies what is kept into
the whole-run arrays: each metric (n,) and each check's ok and first-failure year (n,); chunks
own disjoint trial ranges, so the copies need no lock. The kept lines go one of two ways. With
one or two chunks (up to 10,000 trials, by default) each line's rows are sorted where the model
left them (planner.analysis.trial_stats.plan_sort) by the worker just done with the model, while the
other may still be in it, the last part of the sort shared by whichever worker is free; the
percentiles are read from the two sorted halves without merging them. With more, the worker
copies them into one (lines × years, n) block, sorted once every chunk is in. At most `workers`
chunks are evaluated at once, so memory stays bounded by the chunk size; the calling thread
reports progress in trial order and checks for cancel between chunks. However the trials are
split, each trial's numbers and every percentile are the same.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from planner.analysis.threads import WORKERS, executor, on_worker
from planner.analysis.trial_stats import SortedChunk, chunk_stats, percentiles_of_sorted, plan_sort, sort_rows
from planner.errors import PlannerError

if TYPE_CHECKING:
    from models.core.declare import ModelSpec
    from models.core.result import Outcome

MIN_CHUNK, MAX_CHUNK = 1_000, 5_000
LINES_BUDGET = 1_000_000_000  # bytes of annual lines kept for percentiles: beyond it, name fewer lines


class Cancelled(Exception):
    """The user cancelled a Monte Carlo run; nothing is returned."""


def auto_chunk(trials: int, workers: int = WORKERS) -> int:
    """Trials per chunk: an equal share for each worker, from 1,000 (below that numpy's cost per
    call dominates) to 5,000 (a 30-year HRA chunk then holds about 50 MB).

    >>> auto_chunk(10_000, 2), auto_chunk(300, 2), auto_chunk(1_000_000, 4)
    (5000, 1000, 5000)
    """
    return min(MAX_CHUNK, max(MIN_CHUNK, -(-trials // workers)))


@dataclass
class Gathered:
    """Every trial's kept results (see the module docstring), and the model's spec and years."""

    trials: int
    lines: list[str] | None
    in_place: bool = False  # sort each chunk's lines where they lie (one or two chunks)
    intact: tuple[np.ndarray, ...] = ()  # arrays the model may see that must not be sorted: the drawn inputs
    spec: ModelSpec | None = None
    years: list[str] = field(default_factory=list)
    values: dict[str, np.ndarray] = field(default_factory=dict)
    checks: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    block: np.ndarray | None = None
    rows: dict[str, slice] = field(default_factory=dict)
    unsorted: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)  # by first trial: (T, m) lines
    sorted: dict[int, SortedChunk] = field(default_factory=dict)  # by first trial, in place
    sorting: list[Future] = field(default_factory=list)  # each chunk's work on a worker thread, sort and all
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, outcome: Outcome, start: int, stop: int) -> None:
        """Copy one chunk's outcome (trials start … stop-1) into the whole-run arrays."""
        with self._lock:  # the first chunk to finish lays the arrays out
            if self.spec is None:
                self._lay_out(outcome)
        m, horizon = stop - start, len(self.years)
        for k, v in outcome.summary.items():
            self.values[k][start:stop] = _trials_of(v, (m,), float)
        for c in outcome.checks:
            ok, year = self.checks[c.name]
            ok[start:stop] = _trials_of(c.ok, (m,))
            if c.year is not None:
                year[start:stop] = _trials_of(c.year, (m,))
        if self.in_place:  # sorted later, where they lie (`sort`), once the values above are copied out
            self.unsorted[start] = {k: _trials_of(outcome.lines[k], (m, horizon)).T for k in self.rows}
            return
        assert self.block is not None  # laid out when the chunks are not sorted in place
        for k, where in self.rows.items():
            self.block[where, start:stop] = _trials_of(outcome.lines[k], (m, horizon)).T

    def sort(self, start: int, workers: int = 1) -> None:
        """Sort the lines of the chunk from trial `start` (in place: a summary metric or a check
        may be a view of a line, so only once `take` has copied them). With more than one worker
        it is sorted in parts: the first here, the others queued for a worker thread, so that a
        worker done with its own chunk takes a share of the last one's."""
        self.sorted[start], parts = plan_sort(self.unsorted.pop(start), self.intact, workers)
        self.sorting.extend(executor().submit(part) for part in parts[1:])
        if parts:
            parts[0]()

    def line_stats(self) -> tuple[np.ndarray, np.ndarray]:
        """PERCENTILES (5, R) and means (R,) of every row of the kept lines, in `rows` order."""
        if self.in_place:
            for future in self.sorting:  # a chunk's work queues the other parts of its sort: read on
                future.result()
            for start in list(self.unsorted):  # sorted here if not on a worker
                self.sort(start)
            return chunk_stats([self.sorted[k] for k in sorted(self.sorted)])
        assert self.block is not None  # laid out when the chunks are not sorted in place
        means = np.empty(len(self.block))
        sort_rows(self.block, means)  # in place: the block is not needed afterwards
        return percentiles_of_sorted(self.block), means

    def _lay_out(self, outcome: Outcome) -> None:
        horizon, n = len(outcome.years), self.trials
        wanted = list(outcome.lines) if self.lines is None else _known_lines(outcome, self.lines)
        need = len(wanted) * horizon * n * 8
        if need > LINES_BUDGET:  # refused before the memory is asked for, not by the system part-way
            raise PlannerError(
                f"keeping {len(wanted)} annual lines of {horizon} years for {n:,} trials takes "
                f"{_size(need)}, more than the {_size(LINES_BUDGET)} allowed; name only "
                "the lines you need (lines=[...], or --lines a,b on the command line; none: "
                f"--lines none) or run fewer trials (every line fits up to "
                f"{LINES_BUDGET // max(1, len(wanted) * horizon * 8):,})"
            )
        self.rows = {k: slice(i * horizon, (i + 1) * horizon) for i, k in enumerate(wanted)}  # in order
        self.values = {k: np.empty(n) for k in outcome.summary}
        self.checks = {c.name: (np.empty(n, bool), np.full(n, -1)) for c in outcome.checks}
        if not self.in_place:
            self.block = np.empty((len(wanted) * horizon, n))
        self.spec, self.years = outcome.spec, list(outcome.years)  # last: it marks the layout done


def evaluate_chunks(
    evaluate: Callable[[int, int], Outcome],
    trials: int,
    chunk: int,
    lines: list[str] | None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | Callable[[], bool] | None = None,
    workers: int = WORKERS,
    intact: tuple[np.ndarray, ...] = (),
) -> Gathered:
    """`evaluate(start, stop)` (the Outcome of trials start … stop-1) for every chunk, gathered.

    `progress(done, total)` is called as each chunk ends, in trial order; `cancel` (a
    threading.Event, or a callable returning True) is checked before each chunk starts and
    before waiting for each; a cancelled run raises `Cancelled` once the chunks under way end.
    """
    spans = [(start, min(start + chunk, trials)) for start in range(0, trials, chunk)]
    gathered = Gathered(trials, lines, in_place=len(spans) <= 2, intact=tuple(intact))
    done = 0

    def finished(span: tuple[int, int]) -> None:
        nonlocal done
        done += span[1] - span[0]
        if progress is not None:
            progress(done, trials)

    def stop_if_cancelled() -> None:
        if _cancelled(cancel):
            raise Cancelled(f"cancelled after {done:,} of {trials:,} trials")

    if workers <= 1 or len(spans) == 1 or on_worker():
        for span in spans:
            stop_if_cancelled()
            gathered.take(evaluate(*span), *span)
            finished(span)
        return gathered

    def work(span: tuple[int, int], taken: Future) -> None:
        """Evaluate and copy out a chunk, say so, then (in place) sort its lines right here."""
        try:
            gathered.take(evaluate(*span), *span)
        except BaseException as exc:
            taken.set_exception(exc)
            raise
        taken.set_result(span)
        if gathered.in_place:
            gathered.sort(span[0], workers)

    pool = executor()
    running: deque[Future] = deque()  # each chunk's `taken`, in trial order
    try:
        for span in spans:
            stop_if_cancelled()
            taken: Future = Future()
            gathered.sorting.append(pool.submit(work, span, taken))
            running.append(taken)
            if len(running) == workers:
                finished(running.popleft().result())
        while running:
            stop_if_cancelled()
            finished(running.popleft().result())
    except BaseException:
        for future in gathered.sorting:  # start nothing more; let what runs end
            future.cancel()
        wait(gathered.sorting)
        raise
    return gathered


def _size(n: int) -> str:
    """
    >>> _size(7_440_000_000), _size(14_880_000), _size(1_000_000_000)
    ('7.4 GB', '14.9 MB', '1 GB')
    """
    return f"{n / 1e9:.2g} GB" if n >= 1e9 else f"{n / 1e6:.3g} MB"


def _cancelled(cancel: threading.Event | Callable[[], bool] | None) -> bool:
    if cancel is None:
        return False
    return bool(cancel.is_set() if hasattr(cancel, "is_set") else cancel())


def _trials_of(value: ArrayLike, shape: tuple, dtype: DTypeLike | None = None) -> np.ndarray:
    """`value` as an array of `shape` (a value the same in every trial broadcast), as it is
    when it already has that shape (the usual case, at no cost)."""
    if isinstance(value, np.ndarray) and value.shape == shape:
        return value
    return np.broadcast_to(np.asarray(value, dtype=dtype), shape)


def _known_lines(outcome: Outcome, lines: list[str]) -> list[str]:
    unknown = [k for k in lines if k not in outcome.lines]
    if unknown:
        raise PlannerError(
            f"{', '.join(map(repr, unknown))} is not a line of {outcome.spec.label}; lines are: "
            + ", ".join(outcome.lines)
        )
    return list(lines)
