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

from models.core.validation import Inputs
from models.hra.same import one, rows


def new_rate(x: Inputs) -> np.ndarray:
    """The rate on new borrowing (and on refinancing), (m,)."""
    return one(x.new_debt_rate) if x.gilt_yield is None else one(x.gilt_yield + x.pwlb_hra_margin)


def opening(x: Inputs) -> np.ndarray:
    """The existing debt at the start of the plan, (m,)."""
    book = rows(x, "loans")
    if not book:
        return one(x.opening_debt)
    total = book[0]["principal"] + 0.0
    for loan in book[1:]:
        total = total + loan["principal"]
    return total


def rates(x: Inputs, horizon: int) -> np.ndarray:
    """The existing pool's consolidated rate each year, (T, m): Σ live loans' principal × rate, +
    the variable ones' principal × the change in variable rates, + matured principal × the new
    rate, over the book's principal; summed over the book first, so a rate that varies by trial
    costs one pass over the years."""
    book = rows(x, "loans")
    if not book:
        return np.broadcast_to(one(x.existing_debt_rate), (horizon, np.size(one(x.existing_debt_rate))))
    years = np.arange(horizon)[:, None]
    fixed: float | np.ndarray = 0.0
    variable: float | np.ndarray = 0.0
    matured: float | np.ndarray = 0.0
    for loan in book:
        live = years <= loan["maturity"] - x.start_year
        fixed = fixed + np.where(live, loan["principal"] * loan["rate"], 0.0)
        if loan["kind"] == "variable":
            variable = variable + np.where(live, loan["principal"], 0.0)
        matured = matured + np.where(live, 0.0, loan["principal"])
    cost = fixed + variable * one(x.variable_rate_shift) + matured * new_rate(x)
    total = opening(x)
    with np.errstate(all="ignore"):
        return np.where(total > 0, cost / total, new_rate(x)) + np.zeros((horizon, 1))


def maturing(x: Inputs, horizon: int) -> np.ndarray:
    """Principal maturing (and refinanced) each year, (T, m): the maturity profile."""
    due = [(loan["maturity"] - x.start_year, loan["principal"]) for loan in rows(x, "loans")]
    out = np.zeros((horizon, max([np.size(p) for _, p in due], default=1)))
    for t, principal in due:
        if t < horizon:
            out[t] += principal
    return out


def measures(held: dict) -> None:
    """The consolidated rate (interest / opening debt) and debt per home at the end of each year,
    blank where there is no debt or no home (or a sliver of either, where the ratio overflows)."""
    with np.errstate(all="ignore"):
        for name, top, bottom in (
            ("consolidated_rate", held["interest"], held["debt"][:-1]),
            ("debt_per_home", held["debt"][1:], held["closing_stock"]),
        ):
            ratio = held[name]
            np.divide(top, bottom, out=ratio)
            if not (bottom.min() > 0 and np.isfinite(ratio.min()) and np.isfinite(ratio.max())):
                ratio[(bottom <= 0) | ~np.isfinite(ratio)] = np.nan
