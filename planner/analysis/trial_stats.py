"""Percentiles and means of many trials, row by row: the statistics under a Monte Carlo.

A row is one number (a metric, or a line in one year) in every trial. Rows are sorted in place,
about a megabyte of rows at a time on each worker thread (planner.analysis.threads), and the percentiles
read off the sorted rows by linear interpolation between order statistics, as numpy's default
method. One SIMD sort per row is several times faster than np.percentile's selection, and
np.partition is no alternative: with the ten order statistics needed it selects them with a
scalar introselect, four times slower here than the vector sort.

A Monte Carlo of one or two chunks of trials never gathers its lines into one block:
`plan_sort` sorts each chunk's lines where the model left them (in parts that threads may share),
and `chunk_stats` reads the percentiles of both chunks together from the two sorted halves
(planner.analysis.two_chunks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import cast

import numpy as np

from planner.analysis.threads import WORKERS, parallel_map
from planner.analysis.two_chunks import one_value, percentiles_of_two, same_in_every_trial

PERCENTILES = (5, 10, 50, 90, 95)
ROW_BYTES = 1 << 20  # rows sorted together: what a core's cache holds while it sorts them


def percentiles_of_rows(block: np.ndarray, lower: bool = False) -> np.ndarray:
    """PERCENTILES of each row of `block` (rows, n), sorting it IN PLACE; returns (5, rows).

    `lower` takes the lower of two order statistics, so that a year stays a real year. NaN is
    left out: a sort puts it last, so each row's percentiles come from its first m values.

    >>> percentiles_of_rows(np.array([[4.0, 1.0, 3.0, 2.0, 5.0], [1.0, np.nan, 3.0, np.nan, 2.0]])).tolist()
    [[1.2, 1.1], [1.4, 1.2], [3.0, 2.0], [4.6, 2.8], [4.8, 2.9]]
    """
    sort_rows(block)
    return percentiles_of_sorted(block, lower)


def sort_rows(block: np.ndarray, means: np.ndarray | None = None, workers: int = WORKERS) -> None:
    """Sort each row of `block` in place; first, when `means` (rows,) is given, put each row's
    mean (`row_means`) in it: read while the rows are in the cache for their sort, not in a pass
    of its own over the whole block."""
    step = max(1, ROW_BYTES // max(1, block.itemsize * block.shape[1]))

    def sort_part(start: int) -> None:
        part = block[start : start + step]
        if means is not None:
            means[start : start + step] = row_means(part)
        part.sort(axis=1)

    parallel_map(sort_part, range(0, len(block), step), workers)


def percentiles_of_sorted(block: np.ndarray, lower: bool = False) -> np.ndarray:
    """`percentiles_of_rows` of a block whose rows are sorted."""
    rows, n = block.shape
    counts = np.full(rows, n)
    has_nan = np.isnan(block[:, -1]) if n else np.zeros(rows, bool)
    counts[has_nan] = (~np.isnan(block[has_nan])).sum(axis=1)
    position = np.asarray(PERCENTILES, dtype=float)[None, :] / 100.0 * np.maximum(counts - 1, 0)[:, None]
    below = np.floor(position).astype(int)
    above = below if lower else np.minimum(below + 1, np.maximum(counts - 1, 0)[:, None])
    a = np.take_along_axis(block, below, axis=1) if n else np.full(position.shape, np.nan)
    b = np.take_along_axis(block, above, axis=1) if n else a
    out = a + (b - a) * (position - below)
    return np.where(counts[:, None] > 0, out, np.nan).T


def row_means(block: np.ndarray) -> np.ndarray:
    """Mean of each row, leaving NaN out (NaN for a row with no number): np.nanmean's sums,
    without its warning about an empty row (the warnings filters are not safe across threads).

    >>> row_means(np.array([[1.0, 2.0], [np.nan, 4.0], [np.nan, np.nan]])).tolist()
    [1.5, 4.0, nan]
    """
    sums, counts = _sums(block)
    with np.errstate(invalid="ignore", divide="ignore"):  # a row with no number: 0 / 0, NaN
        return sums / counts


@dataclass
class SortedChunk:
    """One chunk's kept lines, each (T, m) with every row sorted, and each row's sum and count
    of numbers (NaN left out) from before the sort, rows in line order."""

    lines: dict[str, np.ndarray]
    sums: np.ndarray
    counts: np.ndarray


def sort_chunk(lines: dict[str, np.ndarray], intact: Sequence[np.ndarray] = ()) -> SortedChunk:
    """Sort the rows of a chunk's lines, each given years down (T, m), IN PLACE where it is safe
    (`plan_sort`), here and now."""
    chunk, parts = plan_sort(lines, intact)
    for part in parts:
        part()
    return chunk


def plan_sort(
    lines: dict[str, np.ndarray], intact: Sequence[np.ndarray] = (), pieces: int = 1
) -> tuple[SortedChunk, list[Callable[[], None]]]:
    """The chunk of sorted lines to be, and the work that sorts it, in up to `pieces` parts that
    share no memory, so that each may run on a thread of its own; the chunk is ready once every
    part has run.

    A line is sorted where it lies when it is writeable, C-contiguous float64 memory that does
    not touch `intact` (the drawn inputs) and whose rows meet another line's rows, if at all,
    only exactly (the HRA's opening debt is its closing debt a year on: one row, sorted once, by
    one part); otherwise a copy of it is, made here. Sorting in place saves copying every line
    of every trial into a block of its own (74 MB for 10,000 trials of a 30-year HRA), which
    takes as long as the model. A line the same in every trial (a value spread over the trials,
    as a programme's streams are when only its rates vary) is sorted already: it is neither
    copied nor sorted.
    """
    owned = _sortable(lines, intact)
    same = {k for k, v in lines.items() if k not in owned and same_in_every_trial(v)}
    # every copy before any sort: a line copied may overlap one sorted where it lies
    rows = {k: v if k in owned or k in same else np.array(v, dtype=float, order="C") for k, v in lines.items()}
    firsts, at = {}, 0  # each line's first row in the chunk
    for name, v in rows.items():
        firsts[name], at = at, at + len(v)
    chunk = SortedChunk(rows, np.empty(at), np.empty(at))
    bins: list[list[str]] = [[] for _ in range(max(1, pieces))]
    for group in sorted(_sharing(rows, owned), key=lambda g: -sum(len(rows[k]) for k in g)):  # largest first
        min(bins, key=lambda b: sum(len(rows[k]) for k in b)).extend(group)
    return chunk, [partial(_sort_lines, chunk, [(k, firsts[k], k in owned, k in same) for k in b]) for b in bins if b]


def _sharing(rows: dict[str, np.ndarray], owned: set[str]) -> list[list[str]]:
    """The lines in groups that share no memory with one another (lines sorted where they lie
    whose memory meets go together), each group in the lines' order."""
    group = {k: k for k in rows}

    def top(k: str) -> str:
        while group[k] != k:
            k = group[k]
        return k

    spans = {
        k: (v.__array_interface__["data"][0], v.__array_interface__["data"][0] + v.nbytes)
        for k, v in rows.items()
        if k in owned
    }
    names = list(spans)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if spans[a][0] < spans[b][1] and spans[b][0] < spans[a][1]:
                group[top(b)] = top(a)
    out: dict[str, list[str]] = {}
    for k in rows:
        out.setdefault(top(k), []).append(k)
    return list(out.values())


def _sort_lines(chunk: SortedChunk, lines: list[tuple[str, int, bool, bool]]) -> None:
    """Each row's sum and count into `chunk`, then the row sorted (unless it is the same in every
    trial); a row these lines share (same memory) is sorted once and its numbers copied.

    Only a line sorted where it lies can share a row with one before it, so only its rows are
    looked up one by one; any other line is summed (and sorted) whole, in one call, and the
    lines the same in every trial together (`_level_sums`)."""
    level = {(name, first) for name, first, _, same in lines if same and one_value(chunk.lines[name])}
    _level_sums(chunk, sorted(level, key=lambda line: line[1]))
    done: dict[int, int] = {}  # row address -> its row number
    for name, first, owned, same in lines:
        v = chunk.lines[name]
        base, step = v.__array_interface__["data"][0], v.strides[0]  # the interface takes microseconds to build
        addresses = [base + t * step for t in range(len(v))]
        shared = {t: done[a] for t, a in enumerate(addresses) if a in done} if owned else {}
        for t, row in shared.items():
            chunk.sums[first + t], chunk.counts[first + t] = chunk.sums[row], chunk.counts[row]
        fresh = [t for t in range(len(v)) if t not in shared]
        done.update((addresses[t], first + t) for t in fresh)
        if (name, first) in level:
            continue
        for start, stop in _runs(fresh):
            part = v[start:stop]
            chunk.sums[first + start : first + stop], chunk.counts[first + start : first + stop] = _sums(part)
            if not same:
                part.sort(axis=1)


def _level_sums(chunk: SortedChunk, level: list[tuple[str, int]]) -> None:
    """The sums and counts of the rows of lines that are one value in every trial (name, first
    row), each distinct value summed once: a sum over m trials of one value depends on nothing
    else, and most such rows repeat a value (a programme's sources are nil in most years). Each
    is summed as it lies, one value spread over the trials (a stride of 0), as numpy sums any row;
    values are told apart by their bits, so that -0.0 keeps its sign and NaN its count of 0."""
    by_width: dict[int, list[tuple[str, int]]] = {}
    for name, first in level:
        by_width.setdefault(chunk.lines[name].shape[1], []).append((name, first))
    for width, named in by_width.items():
        values = np.concatenate([chunk.lines[name][:, 0] for name, _ in named])
        _, where, inverse = np.unique(values.view(np.int64), return_index=True, return_inverse=True)
        sums, counts = _sums(np.broadcast_to(values[where][:, None], (len(where), width)))
        rows = np.concatenate([np.arange(first, first + len(chunk.lines[name])) for name, first in named])
        chunk.sums[rows], chunk.counts[rows] = sums[inverse], counts[inverse]


def _sortable(lines: dict[str, np.ndarray], intact: Sequence[np.ndarray]) -> set[str]:
    """The lines that may be sorted where they lie (see `sort_chunk`)."""
    ok: set[str] = set()
    placed: list[tuple[int, int, int]] = []  # placed: (start, end, row bytes) of the lines accepted so far
    for name, v in lines.items():
        if not (
            isinstance(v, np.ndarray)
            and v.dtype == np.float64
            and v.ndim == 2
            and v.flags.c_contiguous
            and v.flags.writeable
            and v.size
        ) or any(np.may_share_memory(v, x) for x in intact):
            continue
        start = v.__array_interface__["data"][0]
        end, row = start + v.nbytes, v.strides[0]
        if all(end <= s or e <= start or (row == r and (start - s) % row == 0) for s, e, r in placed):
            ok.add(name)
            placed.append((start, end, row))
    return ok


def _runs(numbers: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive runs of sorted whole numbers, each once, as (start, stop) pairs.

    >>> list(_runs([0, 1, 2, 5, 6, 9])), list(_runs([3, 4, 5])), list(_runs([]))
    ([(0, 3), (5, 7), (9, 10)], [(3, 6)], [])
    """
    if numbers and numbers[-1] - numbers[0] == len(numbers) - 1:  # one run (each number once, sorted)
        yield numbers[0], numbers[-1] + 1
        return
    start: int | None = None
    previous = 0
    for x in numbers:
        if start is None:
            start = previous = x
        elif x == previous + 1:
            previous = x
        else:
            yield start, previous + 1
            start = previous = x
    if start is not None:
        yield start, previous + 1


def _sums(part: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's sum and count of numbers, NaN left out."""
    sums = part.sum(axis=1)
    counts = np.full(len(part), float(part.shape[1]))
    has_nan = np.isnan(sums)
    if has_nan.any():
        numbers = ~np.isnan(part[has_nan])
        counts[has_nan] = numbers.sum(axis=1)
        sums[has_nan] = np.where(numbers, part[has_nan], 0.0).sum(axis=1)
    return sums, counts


def chunk_stats(chunks: list[SortedChunk]) -> tuple[np.ndarray, np.ndarray]:
    """PERCENTILES (5, R) and means (R,) of every row of one or two sorted chunks of trials,
    exactly as if their trials had been sorted together."""
    # a sum of (R,) arrays is an array (typeshed's sum allows the empty sum's 0)
    sums, counts = cast(np.ndarray, sum(c.sums for c in chunks)), cast(np.ndarray, sum(c.counts for c in chunks))
    with np.errstate(invalid="ignore", divide="ignore"):  # a row with no number: 0 / 0, NaN
        means = sums / counts
    if len(chunks) == 1:
        found = [percentiles_of_sorted(v) for v in chunks[0].lines.values()]
        return (np.concatenate(found, axis=1) if found else np.empty((len(PERCENTILES), 0))), means
    if len(chunks) != 2:
        raise ValueError("chunk_stats combines one or two chunks")
    return percentiles_of_two(chunks[0], chunks[1], PERCENTILES), means
