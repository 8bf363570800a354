"""Shared finance helpers: indexation, discounting, supportable borrowing, repayment profiles.

Every annual flow falls at the end of its year; present values are taken at the start of
year 0, so a flow in year index t is discounted over t + 1 years. All functions take trials
as arrays of shape (n,) and flows as (n, T).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core.years import running_product

# HM Treasury Green Book declining schedule for the social time preference rate: the rate for
# each year of the appraisal, as steps down from the rate for years 0-30.
GREEN_BOOK_STEPS = ((30, 0.0), (75, -0.005), (125, -0.010), (200, -0.015), (300, -0.020))
GREEN_BOOK_LATER = -0.025


def col(x: ArrayLike) -> np.ndarray:
    """A trial vector as a column, so it broadcasts across years."""
    return np.asarray(x, dtype=float).reshape(-1, 1)


def index_factor(rate: ArrayLike, horizon: int) -> np.ndarray:
    """(1 + g) ** t for t = 0 … horizon-1, shape (n, T).

    >>> index_factor(np.array([0.1]), 3).round(4).tolist()
    [[1.0, 1.1, 1.21]]
    """
    return (1.0 + col(rate)) ** np.arange(horizon)


def discount_factors(rate: ArrayLike, horizon: int) -> np.ndarray:
    """End-of-year discount factors 1 / (1 + r) ** (t + 1) at a flat rate, shape (n, T)."""
    return (1.0 + col(rate)) ** -(np.arange(horizon) + 1.0)


def green_book_factors(rate: ArrayLike, horizon: int) -> np.ndarray:
    """End-of-year discount factors on the Green Book declining schedule, shape (n, T).

    `rate` is the rate for years 0-30 (3.5% real); it falls by 0.5 points for years 31-75,
    1 point for 76-125, and so on, as the Green Book sets out.

    >>> f = green_book_factors(np.array([0.035]), 32)
    >>> round(float(f[0, 29]), 6) == round(1.035 ** -30, 6)
    True
    >>> round(float(f[0, 30] / f[0, 29]), 6) == round(1 / 1.03, 6)
    True
    """
    return np.ascontiguousarray(green_book_by_year(rate, horizon).T)


def green_book_by_year(rate: ArrayLike, horizon: int) -> np.ndarray:
    """`green_book_factors` held years-first, (T, n): the running product of the years' factors
    taken on whole years of trials (models.core.years.running_product), the same numbers."""
    year = np.arange(1, horizon + 1)  # the k-th year of discounting
    step = np.full(horizon, GREEN_BOOK_LATER)
    for last, delta in reversed(GREEN_BOOK_STEPS):
        step = np.where(year <= last, delta, step)
    rates = col(rate).T + step[:, None]  # (T, n)
    return running_product(1.0 / (1.0 + rates))


def present_value(flows: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Sum of flows times discount factors, per trial (n,)."""
    return np.sum(np.asarray(flows) * factors, axis=-1)


def supportable_borrowing(stream: ArrayLike, rate: ArrayLike, term: ArrayLike, cover: ArrayLike = 1.0) -> np.ndarray:
    """The largest loan drawn at the start of year 0 that stream / cover repays by term's end.

    That is PV(stream / cover, rate) over the first `term` years, per trial (n,).

    >>> float(supportable_borrowing(np.array([[100.0, 100.0]]), 0.0, 2)[0])
    200.0
    >>> round(float(supportable_borrowing(np.array([[110.0, 0.0]]), 0.1, 1)[0]), 6)
    100.0
    """
    stream = np.atleast_2d(np.asarray(stream, dtype=float))
    horizon = stream.shape[1]
    within = np.arange(horizon) < col(term)
    return present_value(np.where(within, stream / col(cover), 0.0), discount_factors(rate, horizon))


def repayment_profile(loan: ArrayLike, payments: ArrayLike, rate: ArrayLike) -> dict[str, np.ndarray]:
    """A loan drawn at the start of year 0 repaid from `payments` (n, T) applied in full.

    Interest accrues on each year's opening balance; a payment larger than what is owed pays
    only what is owed. Returns opening, interest, payment, principal, closing (n, T) and
    `repaid` (n,): the index of the year the balance reaches zero, -1 if never.
    """
    payments = np.atleast_2d(np.asarray(payments, dtype=float))
    n, horizon = payments.shape
    due = np.ascontiguousarray(payments.T)  # year-major, so each year's slice is contiguous
    balance = np.broadcast_to(np.asarray(loan, dtype=float), (n,)).copy()
    r = np.broadcast_to(np.asarray(rate, dtype=float), (n,))
    if n == 1:  # one trial: the same steps on Python floats, where numpy's cost per call dominates
        opening, interest, paid = (
            np.array(c, dtype=float).reshape(horizon, 1)
            for c in _loan_years(float(balance[0]), float(r[0]), due[:, 0].tolist())
        )
    else:
        opening, interest, paid = (np.empty((horizon, n)) for _ in range(3))
        for t in range(horizon):  # each year's balance depends on the last
            opening[t] = balance
            np.multiply(balance, r, out=interest[t])
            balance = balance + interest[t]
            np.minimum(due[t], np.maximum(balance, 0.0), out=paid[t])
            balance -= paid[t]
    closing = opening + interest - paid
    out = {
        "opening": opening.T,
        "interest": interest.T,
        "payment": paid.T,
        "principal": (paid - interest).T,
        "closing": closing.T,
    }
    loan_arr = np.broadcast_to(np.asarray(loan, dtype=float), (n,))
    done = (out["closing"] <= 0.005) & (loan_arr[:, None] > 0)
    out["repaid"] = np.where(done.any(axis=1), done.argmax(axis=1), -1)
    return out


def _loan_years(balance: float, rate: float, due: list) -> tuple[list, list, list]:
    """Opening balance, interest and payment by year for one trial (numpy's min/max: NaN wins)."""
    opening, interest, paid = [], [], []
    for payment in due:
        opening.append(balance)
        charge = balance * rate
        balance = balance + charge
        floor = balance if balance > 0.0 or balance != balance else 0.0
        pay = payment if payment < floor or payment != payment else floor
        interest.append(charge)
        paid.append(pay)
        balance -= pay
    return opening, interest, paid


def annuity_payment(principal: ArrayLike, rate: ArrayLike, years: ArrayLike) -> np.ndarray:
    """The level annual payment that repays `principal` over `years` at `rate`.

    >>> round(float(annuity_payment(1000.0, 0.05, 10)), 2)
    129.5
    >>> float(annuity_payment(1000.0, 0.0, 4))
    250.0
    """
    p, r, k = (np.asarray(x, dtype=float) for x in (principal, rate, years))
    # 1 - (1 + r) ** -k written with expm1/log1p stays exact for rates near zero
    with np.errstate(divide="ignore", invalid="ignore"):
        level = p * r / -np.expm1(-k * np.log1p(r))
    return np.where(np.abs(r) < 1e-12, p / k, level)
