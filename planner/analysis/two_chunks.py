"""Percentiles of the trials of two sorted chunks together, read from the two halves unmerged.

planner.analysis.trial_stats sorts each chunk's rows where they lie; here each percentile's two
neighbouring order statistics are found among both halves' numbers by a binary search for how
many come from the first, as if the rows had been merged and sorted as one. A line the same in
every trial of both chunks (a value spread over the trials) needs no search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from planner.analysis.trial_stats import SortedChunk


def percentiles_of_two(a: SortedChunk, b: SortedChunk, percentiles: tuple[int, ...]) -> np.ndarray:
    """`percentiles_of_sorted` (at `percentiles`) of each row of a and b's trials together, found
    without merging them: each pair of neighbouring order statistics by one binary search for how
    many of the lower one come from a, or, for a line the same in every trial of both, at once."""
    na, nb = a.counts.astype(int), b.counts.astype(int)  # numbers come first, NaN last
    total = na + nb
    position = np.asarray(percentiles, dtype=float)[None, :] / 100.0 * np.maximum(total - 1, 0)[:, None]
    below = np.floor(position).astype(int)
    level = [k for k, v in a.lines.items() if one_value(v) and one_value(b.lines[k])]
    rows = np.concatenate([np.full(len(v), k in level) for k, v in a.lines.items()] or [np.zeros(0, bool)])
    low, next_up = np.empty(below.shape), np.empty(below.shape)
    if level:
        va, vb = (np.concatenate([c.lines[k][:, :1] for k in level]) for c in (a, b))
        low[rows], next_up[rows] = _kth_of_level(va, vb, na[rows, None], nb[rows, None], below[rows])
    if not rows.all():
        others = [k for k in a.lines if k not in level]
        from_a, from_b, rest = _Rows(a, others), _Rows(b, others), ~rows
        low[rest], next_up[rest] = _kth_of_two(from_a, from_b, na[rest, None], nb[rest, None], below[rest])
    high = np.where(below + 1 < total[:, None], next_up, low)  # the last value has no next one
    out = low + (high - low) * (position - below)
    return np.where(total[:, None] > 0, out, np.nan).T


def same_in_every_trial(v: np.ndarray) -> bool:
    """A line (T, m) whose trials are one value spread (a stride of 0 across the trials)."""
    return isinstance(v, np.ndarray) and v.dtype == np.float64 and v.ndim == 2 and v.strides[1] == 0


def one_value(v: np.ndarray) -> bool:
    """A line of a chunk whose every trial is one value spread, with at least one trial."""
    return same_in_every_trial(v) and v.shape[1] > 0


def _kth_of_two(
    from_a: _Rows, from_b: _Rows, na: np.ndarray, nb: np.ndarray, k: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The k-th and (k+1)-th smallest (from 0) of each row's numbers in a and b together, (R, K).

    With t = k + 1, take i from a and t - i from b: the most i for which a[i-1] <= b[t-i] (true
    at the least i possible, false from some i on). Then the t smallest are a[:i] and b[:t-i],
    the k-th is the larger of a[i-1] and b[t-i-1], and the next is the smaller of a[i] and b[t-i].
    """
    t = k + 1
    lo, hi = np.maximum(0, t - nb), np.minimum(na, t)
    while True:
        open_ = lo < hi
        if not open_.any():
            break
        mid = (lo + hi + 1) // 2
        holds = (t - mid >= nb) | (from_a[mid - 1] <= from_b[t - mid]) | ~open_
        lo = np.where(holds & open_, mid, lo)
        hi = np.where(holds, hi, mid - 1)
    return _either_side(lo, t, na, nb, from_a[lo - 1], from_b[t - lo - 1], from_a[lo], from_b[t - lo])


def _kth_of_level(
    va: np.ndarray, vb: np.ndarray, na: np.ndarray, nb: np.ndarray, k: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`_kth_of_two` of rows that are one value in every trial of a (va, (R, 1)) and of b (vb):
    the search's answer is known at once (every number of a comes before b's when va <= vb, else
    after them), and the two order statistics are read from it as there, the same numbers."""
    t = k + 1
    lo = np.where(va <= vb, np.minimum(na, t), np.maximum(0, t - nb))
    return _either_side(lo, t, na, nb, va, vb, va, vb)


def _either_side(
    lo: np.ndarray, t: np.ndarray, na: np.ndarray, nb: np.ndarray, *values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The k-th and next smallest, from `lo` (the most i with a[i-1] <= b[t-i]) and the `values`
    a[lo-1], b[t-lo-1], a[lo], b[t-lo] (whichever lie outside a row are not used)."""
    a_before, b_before, a_at, b_at = values
    kth = np.maximum(np.where(lo > 0, a_before, -np.inf), np.where(t - lo > 0, b_before, -np.inf))
    after = np.minimum(np.where(lo < na, a_at, np.inf), np.where(t - lo < nb, b_at, np.inf))
    return kth, after


class _Rows:
    """The sorted rows of a chunk's lines `names`, read as rows[index]: row r's element index[r, j] for every (r, j);
    an index outside the row is clipped (its value is then not used). Lines that are views of
    one buffer (all of the HRA's are) are read with one `take` from it; a line the same in every
    trial is read as its one value a row."""

    def __init__(self, chunk: SortedChunk, names: list[str]) -> None:
        groups: dict[int, tuple[list[np.ndarray], list[np.ndarray], np.ndarray]] = {}
        at, self.width = 0, 0
        self.same: list[tuple[np.ndarray, np.ndarray]] = []  # (rows, each row's one value)
        for v in (chunk.lines[k] for k in names):  # each C-contiguous (sort_chunk saw to it) or the same in every trial
            if same_in_every_trial(v):
                self.same.append((np.arange(at, at + len(v)), np.array(v[:, 0]) if v.shape[1] else np.empty(len(v))))
                at, self.width = at + len(v), v.shape[1]
                continue
            root = _root(v)
            offset = (v.__array_interface__["data"][0] - root.__array_interface__["data"][0]) // v.itemsize
            rows, starts, _ = groups.setdefault(id(root), ([], [], root))
            rows.append(np.arange(at, at + len(v)))
            starts.append(offset + np.arange(len(v)) * v.shape[1])
            at, self.width = at + len(v), v.shape[1]
        self.parts = []
        for rows, starts, root in groups.values():
            row_index = np.concatenate(rows)
            whole = len(groups) == 1 and not self.same
            where = slice(0, at) if whole else row_index  # one buffer: every row, in order
            self.parts.append((where, root.reshape(-1), np.concatenate(starts)[:, None]))

    def __getitem__(self, index: np.ndarray) -> np.ndarray:
        index = np.clip(index, 0, max(self.width - 1, 0))
        out = np.empty(index.shape)
        for where, flat, start in self.parts:
            out[where] = flat.take(start + index[where])
        for rows, value in self.same:
            out[rows] = value[:, None]
        return out


def _root(v: np.ndarray) -> np.ndarray:
    """The array whose memory `v` is a view of: itself, when that array is not one C-contiguous
    float64 buffer (then it is read as a line of its own)."""
    root = v
    while isinstance(root.base, np.ndarray):
        root = root.base
    if root is v or not (root.flags.c_contiguous and root.dtype == v.dtype):
        return v
    return root
