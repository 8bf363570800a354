"""The HRA's tie-outs: flows that sum to a closing value, carried to the next year's opening."""

from __future__ import annotations

import numpy as np

from models.core.result import CheckOutcome, amount_at, first_true

TIE = 0.01  # £: a tie-out holds to the penny
BLOCK_BYTES = 1 << 18  # a tie-out's gaps are worked out this much at a time (a core's cache holds it)
SMALL_BYTES = 1 << 12  # lines this small are worked whole: one trial, or a few


def _within(gaps: np.ndarray, tol: float) -> bool:
    """Every gap within ±tol (two reductions, no temporary array; NaN is never within): the
    ufuncs' own reductions, which .max() and .min() call through a Python wrapper."""
    return gaps.size == 0 or (np.maximum.reduce(gaps, axis=None) <= tol and np.minimum.reduce(gaps, axis=None) >= -tol)


def _ties_out(plus: list, minus: list, tol: float, lag: np.ndarray | None = None) -> bool:
    """Σ plus − Σ minus (+ `lag`'s previous year) within ±tol in every year of every trial,
    worked out a few years at a time in a buffer the cache holds, rather than in passes over
    whole arrays: the same sums in the same order as `_gap`, so the same verdict, in half the time
    for thousands of trials. The lines are (n, T) views of year-major (T, n) arrays."""
    n, years = plus[0].shape
    if n * years * 8 <= SMALL_BYTES:  # a few trials: at once, as `_gap` works it (no blocks to set up)
        gap = _gap(plus, minus, np.empty((n, years)))
        if lag is not None:
            gap[:, 1:] += lag[:, :-1]
        return bool(_within(gap, tol))
    terms = [(np.add, x.T) for x in plus[1:]] + [(np.subtract, x.T) for x in minus]
    first = plus[0].T
    step = max(1, BLOCK_BYTES // (8 * max(n, 1)))
    buffer = np.empty((min(step, years), n))
    for top in range(0, years, step):
        bottom = min(top + step, years)
        gap = buffer[: bottom - top]
        op, x = terms[0]
        op(first[top:bottom], x[top:bottom], out=gap)
        for op, x in terms[1:]:
            op(gap, x[top:bottom], out=gap)
        if lag is not None and bottom > 1:  # the pot brought forward (empty at the start)
            start = max(top, 1)
            gap[start - top :] += lag.T[start - 1 : bottom - 1]
        if not _within(gap, tol):
            return False
    return True


def tie(
    name: str,
    what: str,
    plus: list,
    minus: list,
    carried: tuple[list[np.ndarray], list[np.ndarray]] | None = None,
    unit: str = "£",
    same: bool = False,
    lag: np.ndarray | None = None,
) -> CheckOutcome:
    """A tie-out: Σ plus − Σ minus (+ `lag` a year on) and, when given, `carried` — the closing
    and the next opening value, (closing (n, T-1), opening (n, T-1)) — are differences that should
    be zero, to the penny (a millionth of a home for stock). A breach reports its first year and
    the larger gap of that year.

    `same`: each closing value and the next year's opening value are the same memory (the engine
    holds one array for both). Where the flow ties, every value in it is finite (a NaN or an
    infinity never ties), so each carried difference is x − x, exactly nil: not worked out.
    """
    tol = TIE if unit.startswith("£") else 1e-6
    passed, failed = f"{what} ties out every year.", f"{what} is out by {{amount}} in {{year}}."
    n = plus[0].shape[0]
    if _ties_out(plus, minus, tol, lag) and (carried is None or same or _ties_out(*carried, tol)):
        # the usual case: nothing to locate
        return CheckOutcome(name, np.ones(n, bool), passed, failed, np.full(n, -1), np.zeros(n), unit, "tie-out")
    flow = _gap(plus, minus, np.empty((plus[0].shape[1], n)).T)
    if lag is not None:
        flow[:, 1:] += lag[:, :-1]
    gaps = np.zeros((n, flow.shape[1]))
    if carried is not None:
        gaps[:, :-1] = carried[0][0] - carried[1][0]
    gaps = np.where(np.abs(flow) >= np.abs(gaps), flow, gaps)
    year = first_true(np.abs(gaps) > tol)
    return CheckOutcome(name, year < 0, passed, failed, year, amount_at(gaps, year), unit, "tie-out")


def _gap(plus: list, minus: list, out: np.ndarray) -> np.ndarray:
    """Σ plus − Σ minus, in `out`, in the order written: ((p0 + p1 + …) − m0) − m1 …"""
    terms = [(np.add, x) for x in plus[1:]] + [(np.subtract, x) for x in minus]
    op, x = terms[0]
    op(plus[0], x, out=out)
    for op, x in terms[1:]:
        op(out, x, out=out)
    return out
