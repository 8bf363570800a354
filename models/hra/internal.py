"""Internal borrowing: the HRA's own balances lent to its capital programme in place of loans.

The cash is the same whichever way a council accounts for it: a balance above the minimum that
meets capital spending (`balance_used`) or repays a loan (`debt_repaid`) leaves the bank either
way, and earns no more interest. What differs is the accounts. As a revenue contribution (the
default) the reserve is spent and the capital financing requirement (CFR) is not raised, or is
paid down. As internal borrowing the CFR keeps the debt and the reserve keeps the balance; the
reserve is then no longer all cash. The year's own surplus is spent first, as a revenue
contribution, so only the balances brought forward are lent. The lines here show that split:

    spent_t     = balance_used_t + debt_repaid_t
    lent_t      = spent_t - min(max(surplus_t, 0), spent_t)   (0 when balances are not lent)
    internal_t  = internal_{t-1} + lent_t                 (never repaid within the plan)
    CFR_t       = closing_debt_t + internal_t             (external debt + internal borrowing)
    reserve_t   = closing_balance_t + internal_t          (cash-backed balance + the balance lent)

The statutory cap of 2012-13 to 2018-19 was measured on the HRA CFR, so with balances lent it is
judged on the CFR. The council's own limit stays on the external debt, like the Prudential Code's
authorised limit. Nothing here changes a cash line.
"""

from __future__ import annotations

import numpy as np

from models.core.validation import Inputs
from models.hra.same import spread

LINES = ("lent_to_capital", "internal_debt", "closing_cfr", "closing_reserve")


def add(inputs: Inputs, lines: dict[str, np.ndarray]) -> None:
    """Add the internal-borrowing lines (n, T) to `lines`. With balances not lent they are nil,
    and the CFR and the reserve are the debt's and the balance's own arrays."""
    debt, balance = lines["closing_debt"], lines["closing_balance"]
    if not inputs.internal_borrowing:
        # one row of zeros spread over the trials (read-only): a Monte Carlo neither copies nor sorts it
        zeros = np.zeros((debt.shape[1], 1))
        zeros.flags.writeable = False  # one array for two lines: neither may be written to
        nil = spread(zeros, debt.shape[::-1]).T
        lines.update(lent_to_capital=nil, internal_debt=nil, closing_cfr=debt, closing_reserve=balance)
        return
    spent = np.add(lines["balance_used"].T, lines["debt_repaid"].T)  # years first, as the engine lays them out
    from_surplus = np.minimum(np.maximum(lines["surplus"].T, 0.0), spent)  # a revenue contribution first
    lent = np.subtract(spent, from_surplus)
    internal = np.cumsum(lent, axis=0)
    lines.update(
        lent_to_capital=lent.T,
        internal_debt=internal.T,
        closing_cfr=np.add(debt.T, internal).T,
        closing_reserve=np.add(balance.T, internal).T,
    )


def capped(inputs: Inputs, lines: dict[str, np.ndarray], statutory: np.ndarray) -> np.ndarray:
    """The debt each year's cap is judged on (n, T): the CFR in the years of the statutory cap,
    the external debt in every other year (the same array when no balance is lent)."""
    debt, cfr = lines["closing_debt"], lines["closing_cfr"]
    if cfr is debt or not statutory.any():
        return debt
    return np.where(statutory[None, :], cfr, debt)
