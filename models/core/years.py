"""Annual lines held years-first: (n, T) lines whose memory is (T, n), and the sums along their years.

A Monte Carlo reads each year of a line across the trials (planner.analysis.trial_stats sorts
every year's row of trials), so a line whose memory runs year by year, each year's trials
together, is sorted where it lies; a line laid out trial by trial must first be copied. A
model builds such lines by working on (T, n) arrays and handing out their (n, T) transposes;
numpy keeps that layout through arithmetic with other such lines, with a row by year (1, T)
and with a column by trial (n, 1).

Two reductions along the years depend on the layout, and these helpers keep their numbers
the same to the last bit whichever layout a line has:
- a sum: numpy adds a row lying in contiguous memory pairwise, and a row spread across memory
  one year after another, so `year_sums` sums each trial's years as a row in contiguous memory;
- a running total: numpy's `cumsum` adds one year after another in either layout, but works a
  year-first array slowly; `running_total` adds whole years of trials at a time, and
  `running_product` multiplies them so (a `cumprod`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core import buffers

FEW_TRIALS = 64  # below this many trials one cumsum call costs less than a numpy call per year


def held_lines(names: tuple[str, ...], n: int, horizon: int) -> dict[str, np.ndarray]:
    """(n, T) lines held years-first, values undefined, carved from one buffer kept for the next
    run of the same size (models.core.buffers): memory of a chunk's size, fresh from the system,
    costs more to hand out page by page than the model takes to fill it."""
    block = buffers.empty(len(names) * horizon * n).reshape(len(names), horizon, n)
    return {name: rows.T for name, rows in zip(names, block)}


def into(out: np.ndarray, ufunc: np.ufunc, *args: ArrayLike) -> np.ndarray:
    """ufunc(*args) written to `out` when the result has its shape (a line that differs by
    trial), else a new array (a line worked as its one row).

    >>> held = np.zeros((2, 3))
    >>> into(held, np.add, np.ones((2, 1)), np.ones((1, 3))) is held, into(held, np.add, 1.0, np.ones((1, 3))).shape
    (True, (1, 3))
    """
    shape = np.broadcast_shapes(*(np.shape(a) for a in args))
    return ufunc(*args, out=out if shape == out.shape else None)


def running_total(line: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """np.cumsum(line, axis=1) of an (n, T) line, the same numbers (each year's total is the last
    one plus the year), worked on whole years of trials; in `out` when it has the line's shape
    (a line that differs by trial), else in a new array (a line worked as its one row).

    >>> running_total(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.25]])).tolist()
    [[1.0, 3.0, 6.0], [0.5, -0.5, -0.25]]
    """
    line = np.asarray(line, dtype=float)
    out = out if out is not None and out.shape == line.shape else None
    if line.shape[0] < FEW_TRIALS or line.shape[1] == 0:
        return np.cumsum(line, axis=1, out=out)
    total, by_year = (np.empty(line.shape[::-1]) if out is None else out.T), line.T
    total[0] = by_year[0]
    for t in range(1, len(total)):
        np.add(total[t - 1], by_year[t], out=total[t])
    return total.T


def running_product(by_year: np.ndarray) -> np.ndarray:
    """np.cumprod(by_year, axis=0) of a years-first (T, n) array, IN PLACE: the same numbers (each
    year's product is the last one times the year), worked on whole years of trials; numpy's
    `cumprod` along a year-first array's years, or along each trial's short row, costs several
    times as much.

    >>> running_product(np.array([[2.0, 1.0], [3.0, 0.5], [0.5, 4.0]])).tolist()
    [[2.0, 1.0], [6.0, 0.5], [3.0, 2.0]]
    """
    if by_year.ndim != 2 or by_year.shape[1] < FEW_TRIALS:
        return np.cumprod(by_year, axis=0, out=by_year)
    for t in range(1, len(by_year)):
        np.multiply(by_year[t - 1], by_year[t], out=by_year[t])
    return by_year


def year_sums(line: np.ndarray) -> np.ndarray:
    """Each trial's sum over the years (n,), added as numpy adds a row in contiguous memory
    (pairwise), whatever the line's layout: a total the same to the last bit either way.

    >>> year_sums(np.array([[1.0, 2.0], [3.0, 4.0]]).T.T).tolist()
    [3.0, 7.0]
    """
    return np.ascontiguousarray(line).sum(axis=1)
