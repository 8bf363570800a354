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
from models.hra.same import derived, in_order, one, rows, stack


def new_rate(x: Inputs) -> np.ndarray:
    """The rate on new borrowing (and on refinancing), (m,)."""
    return one(x.new_debt_rate) if x.gilt_yield is None else one(x.gilt_yield + x.pwlb_hra_margin)


def opening(x: Inputs) -> np.ndarray:
    """The existing debt at the start of the plan, (m,) (worked out once a run: kept on the
    validated inputs, which are not changed after validation; not to be changed)."""
    if "_opening_debt" not in x.__dict__:
        book = rows(x, "loans")
        debt = one(x.opening_debt) if not book else derived(x, "loans", ("principal",), lambda: _principal(book))
        x.__dict__["_opening_debt"] = debt
    return x.__dict__["_opening_debt"]


def _principal(book: list[dict]) -> np.ndarray:
    """The book's principal, (m,): added up in the book's order."""
    return in_order(stack([loan["principal"] for loan in book])[None])[0]


def rates(x: Inputs, horizon: int) -> np.ndarray:
    """The existing pool's consolidated rate each year, (T, m): Σ live loans' principal × rate, +
    the variable ones' principal × the change in variable rates, + matured principal × the new
    rate, over the book's principal; summed over the book first (every loan at once, (T, L, m),
    added up in the book's order), so a rate that varies by trial costs one pass over the years."""
    book = rows(x, "loans")
    if not book:
        return np.broadcast_to(one(x.existing_debt_rate), (horizon, np.size(one(x.existing_debt_rate))))
    fixed, floating, matured = derived(x, "loans", ("pools", x.start_year, horizon), lambda: _pools(x, book, horizon))
    shift, rate, total = one(x.variable_rate_shift), new_rate(x), opening(x)
    # fixed + floating × shift + matured × rate, / total: worked in one (T, m) array, in place
    cost = np.empty((horizon, max(np.shape(v)[-1] for v in (fixed, floating, matured, shift, rate, total))))
    np.multiply(floating, shift, out=cost)
    np.add(fixed, cost, out=cost)
    cost += matured * rate
    with np.errstate(all="ignore"):
        if (total > 0).all():
            cost /= total
        else:
            cost = np.where(total > 0, cost / total, rate)
    cost += 0.0  # (as a sum with nothing: never -0)
    return cost


def _pools(x: Inputs, book: list[dict], horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The book each year, (T, m) each: Σ live loans' principal × rate; the variable ones' principal;
    the matured principal."""
    years = np.arange(horizon)[:, None]
    live = (years <= np.array([loan["maturity"] - x.start_year for loan in book]))[:, :, None]  # (T, L, 1)
    variable = np.array([loan["kind"] == "variable" for loan in book])[:, None]
    principal = stack([loan["principal"] for loan in book])  # (L, m)
    fixed = in_order(np.where(live, principal * stack([loan["rate"] for loan in book]), 0.0))
    # a fixed loan adds nothing to the variable principal (a sum begun at 0 is never -0: + 0 leaves it)
    floating = in_order(np.where(live & variable, principal, 0.0))
    matured = in_order(np.where(live, 0.0, principal))
    return fixed, floating, matured


def maturing(x: Inputs, horizon: int) -> np.ndarray:
    """Principal maturing (and refinanced) each year, (T, m): the maturity profile (read-only)."""
    return derived(x, "loans", ("maturing", x.start_year, horizon), lambda: _maturing(x, horizon))


def _maturing(x: Inputs, horizon: int) -> np.ndarray:
    due = [(loan["maturity"] - x.start_year, loan["principal"]) for loan in rows(x, "loans")]
    due = [(t, principal) for t, principal in due if t < horizon]
    out = np.zeros((horizon, max([np.size(p) for _, p in due], default=1)))
    if due:  # added in the book's order, one at a time (np.add.at is unbuffered)
        np.add.at(out, [t for t, _ in due], stack([p for _, p in due]))
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
