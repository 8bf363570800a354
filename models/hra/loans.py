"""The HRA's loan book (models.hra.book's `loans` table) as the rates the engine charges.

The existing debt is one pool: the loans' principal at the start of the plan (the opening debt
when the book is empty). A loan pays its own rate (a variable loan, that rate plus the change in
variable rates) up to the end of the year it matures; then its principal is refinanced at the
rate on new borrowing and stays in the pool. The pool's interest each year is its opening
balance × the consolidated rate: the principal-weighted rate of the book that year, so where
surpluses repay part of the pool, each loan is taken to be repaid in proportion.

The rate on new borrowing is the gilt yield plus the PWLB HRA margin when a gilt yield is given,
else the rate on new borrowing as entered.
"""

from __future__ import annotations

import numpy as np

from models.hra.same import one, rows


def new_rate(x):
    """The rate on new borrowing (and on refinancing), (m,)."""
    return one(x.new_debt_rate) if x.gilt_yield is None else one(x.gilt_yield + x.pwlb_hra_margin)


def opening(x):
    """The existing debt at the start of the plan, (m,)."""
    book = rows(x, "loans")
    if not book:
        return one(x.opening_debt)
    total = book[0]["principal"] + 0.0
    for loan in book[1:]:
        total = total + loan["principal"]
    return total


def rates(x, horizon: int) -> np.ndarray:
    """The existing pool's consolidated rate each year, (T, m)."""
    book = rows(x, "loans")
    if not book:
        return np.broadcast_to(one(x.existing_debt_rate), (horizon, np.size(one(x.existing_debt_rate))))
    years, refinance, shift = np.arange(horizon)[:, None], new_rate(x), one(x.variable_rate_shift)
    cost = 0.0
    for loan in book:
        own = loan["rate"] + (shift if loan["kind"] == "variable" else 0.0)
        live = years <= loan["maturity"] - x.start_year
        cost = cost + loan["principal"] * np.where(live, own, refinance)
    total = opening(x)
    with np.errstate(all="ignore"):
        return np.where(total > 0, cost / total, refinance) + np.zeros((horizon, 1))


def maturing(x, horizon: int) -> np.ndarray:
    """Principal maturing (and refinanced) each year, (T, m): the maturity profile."""
    due = [(loan["maturity"] - x.start_year, loan["principal"]) for loan in rows(x, "loans")]
    out = np.zeros((horizon, max([np.size(p) for _, p in due], default=1)))
    for t, principal in due:
        if t < horizon:
            out[t] += principal
    return out


def measures(held: dict) -> None:
    """The consolidated rate (interest / opening debt) and debt per home at the end of each year,
    blank where there is no debt or no home."""
    with np.errstate(all="ignore"):
        np.divide(held["interest"], held["debt"][:-1], out=held["consolidated_rate"])
        np.divide(held["debt"][1:], held["closing_stock"], out=held["debt_per_home"])
    held["consolidated_rate"][held["debt"][:-1] <= 0] = np.nan
    held["debt_per_home"][held["closing_stock"] <= 0] = np.nan
