"""Solvers on the HRA model: the most extra homes a year a plan allows, and the cap a plan needs.

Both evaluate their candidates as trials of ONE vectorised run of the model, never a loop of
runs. Raw inputs may hold arrays of n trials; the answer is then an array of n answers.

`max_extra_units` looks for the largest whole number k of extra homes a year (at
`extra_cost_per_unit`, `extra_grant_share`, `extra_weekly_rent`, over the extra years) for which
the plan keeps within every limit: debt at or under the cap (when one is set), the HRA balance
at or above the minimum, and interest cover at or above the threshold, in every year. It
evaluates 256 evenly spaced candidates from 0 to a ceiling, keeps the largest that passes, and
refines the gap above it with 256 more candidates a round until it is one home wide: the
answer passes and one more home breaks a limit. (Extra homes usually only add debt, so the
limits bind from some k on; where they do not, the answer is still the largest passing
candidate the search saw.) Returns -1 when no candidate passes (the plan breaks a limit even
without extra homes) and infinity when even the ceiling passes (each extra home pays for
itself). The ceiling defaults to ten times the opening stock a year (at least 1,000).

`cap_needed` is the peak closing debt of the plan as given: the cap is a check, not a brake, so
the debt path does not depend on it and one run finds the smallest cap the plan meets.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from models.core.validation import validate
from models.hra.model import SPEC, within_limits

CANDIDATES = 256


def _repeat(value: Any, n: int, k: int) -> Any:
    """A raw input repeated k times per trial, so trial i's candidates sit at i*k … i*k+k-1."""
    if n > 1 and isinstance(value, (list, tuple, np.ndarray)):
        arr = np.asarray(value)
        if arr.ndim == 1 and arr.size == n:
            return np.repeat(arr.astype(float), k)
    return value


def _tiled(raw: dict, n: int, k: int) -> dict:
    """Raw inputs for n * k trials: each trial's inputs once per candidate."""
    out: dict = {}
    for key, value in raw.items():
        if isinstance(value, (list, tuple)) and any(isinstance(row, dict) for row in value):
            out[key] = [{c: _repeat(v, n, k) for c, v in row.items()} for row in value]
        else:
            out[key] = _repeat(value, n, k)
    return out


def _within_limits(raw: dict, n: int, candidates: np.ndarray) -> np.ndarray:
    """(n, K) whether each trial keeps every limit with each candidate number of extra homes
    (the run's `within_limits`, worked out without the summary and checks it does not need)."""
    tiled = _tiled(raw, n, candidates.shape[1])
    tiled["extra_units_per_year"] = candidates.reshape(-1)
    return within_limits(validate(SPEC, tiled)).reshape(candidates.shape)


def _answer(values: np.ndarray, as_array: bool) -> np.ndarray | float:
    if as_array:
        return values
    value = float(values[0])
    return value if np.isinf(value) else int(value)


def max_extra_units(raw_inputs: dict, ceiling: ArrayLike | None = None) -> np.ndarray | float:
    """The most extra new homes a year the plan allows within every limit (whole homes).

    An int: -1 when the plan breaks a limit whatever the extra homes; `ceiling` when a given
    ceiling passes, infinity when the default ceiling does. An array of n answers when the raw
    inputs hold n trials.
    """
    raw = dict(raw_inputs)
    inputs = validate(SPEC, raw)
    n, rows = inputs.n, np.arange(inputs.n)
    top = np.floor(
        np.maximum(10.0 * inputs.opening_stock, 1000.0)
        if ceiling is None
        else np.broadcast_to(np.asarray(ceiling, dtype=float), (n,))
    )
    grid = np.round(top[:, None] * np.linspace(0.0, 1.0, CANDIDATES)[None, :])
    ok = _within_limits(raw, n, grid)
    best = np.where(ok.any(axis=1), np.where(ok, np.arange(CANDIDATES), -1).max(axis=1), -1)
    inside = (best >= 0) & (best < CANDIDATES - 1)
    low = np.where(best >= 0, grid[rows, np.maximum(best, 0)], -1.0)
    high = np.where(inside, grid[rows, np.minimum(best + 1, CANDIDATES - 1)], low + 1.0)
    low = _refine(raw, n, low, high)
    at_top = top if ceiling is not None else np.inf
    return _answer(np.where(best == CANDIDATES - 1, at_top, low), n > 1)


def _refine(raw: dict, n: int, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Narrow each bracket (low passes, high fails) to one home wide; return low.

    Each round tries 256 whole numbers strictly inside every bracket in one run, keeps the
    largest that passes as low and the next candidate above it (which fails) as high.
    """
    steps = np.arange(1, CANDIDATES + 1)[None, :] / (CANDIDATES + 1)
    while np.any(high - low > 1):  # about three rounds: each divides the gap by 257
        grid = low[:, None] + np.ceil(steps * (high - low)[:, None])
        inside = (grid > low[:, None]) & (grid < high[:, None])
        ok = _within_limits(raw, n, grid) & inside
        low = np.maximum(low, np.where(ok, grid, -np.inf).max(axis=1))
        high = np.minimum(high, np.where(inside & (grid > low[:, None]), grid, np.inf).min(axis=1))
    return low


def cap_needed(raw_inputs: dict) -> np.ndarray | float:
    """The smallest debt cap the plan as given meets: its peak closing debt (£).

    A float, or an array of n answers when the raw inputs hold n trials.
    """
    outcome = SPEC.run(dict(raw_inputs))
    peak = outcome.summary["peak_debt"]
    return peak if peak.size > 1 else float(peak[0])
