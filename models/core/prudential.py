"""Prudential indicators (CIPFA Prudential Code 2021, Treasury Management Code 2021) and debt limits.

Every function takes annual lines (n, T). The indicators:
- capital expenditure and how it is financed (grants and receipts, revenue, borrowing);
- the capital financing requirement (CFR): the opening CFR plus capital expenditure financed by
  borrowing, less MRP and other amounts set aside (e.g. capital receipts applied to debt);
- external debt against the operational boundary and the authorised limit (the s.3 Local
  Government Act 2003 affordable borrowing limit), and gross debt against the CFR;
- the ratio of financing costs (interest + MRP - investment income) to the net revenue stream,
  reported for the General Fund and the HRA separately (for the HRA the net revenue stream is
  the rent income);
- the liability benchmark (TM Code): the loans CFR less balance-sheet resources (usable
  reserves and working capital) plus a liquidity allowance: the borrowing needed.
A combined authority's debt cap agreed with HM Treasury (Combined Authorities (Borrowing)
Regulations 2018, SI 2018/565) is a limit on long-term external debt, checked like the others.

Limits are entered by year; a year with no limit entered (NaN) is not checked.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from models.core.checks import limit
from models.core.result import CheckOutcome
from models.core.timeline import fy_label

CODE = (
    "CIPFA The Prudential Code for Capital Finance in Local Authorities (2021 edition) and Treasury "
    "Management Code (2021), published December 2021; Local Government Act 2003 s.3; SI 2003/3146 reg 2 "
    "(have regard to the Prudential Code) (https://www.legislation.gov.uk/uksi/2003/3146/note; checked 3 December 2026)"
)


BREACH = 0.005  # £: debt above a limit by more than half a penny breaks it


def cfr(opening: ArrayLike, borrowed: np.ndarray, mrp: np.ndarray, set_aside: np.ndarray | None = None) -> np.ndarray:
    """Closing CFR by year (n, T): opening + cumulative (capital spend financed by borrowing - MRP - set aside).

    >>> cfr(100.0, np.array([[50.0, 0.0]]), np.array([[0.0, 10.0]])).tolist()
    [[150.0, 140.0]]
    """
    change = np.asarray(borrowed, dtype=float) - np.asarray(mrp, dtype=float)
    if set_aside is not None:
        change = change - set_aside
    return np.asarray(opening, dtype=float).reshape(-1, 1) + np.cumsum(change, axis=1)


def financing_cost_ratio(
    interest: ArrayLike, mrp: np.ndarray, net_revenue_stream: ArrayLike, investment_income: ArrayLike = 0.0
) -> np.ndarray:
    """(interest + MRP - investment income) / net revenue stream; NaN where the stream is not positive.

    >>> financing_cost_ratio(np.array([[3.0]]), np.array([[2.0]]), np.array([[100.0]])).tolist()
    [[0.05]]
    """
    costs = np.asarray(interest, dtype=float) + mrp - investment_income
    stream = np.asarray(net_revenue_stream, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(stream > 0, costs / np.where(stream > 0, stream, 1.0), np.nan)


def liability_benchmark(
    loans_cfr: ArrayLike, resources: np.ndarray, liquidity: ArrayLike = 0.0, out: np.ndarray | None = None
) -> np.ndarray:
    """Loans CFR less balance-sheet resources plus the liquidity allowance: the borrowing needed
    (in `out` when given, which may be `resources` itself).

    >>> liability_benchmark(np.array([[500.0]]), np.array([[120.0]]), 20.0).tolist()
    [[400.0]]
    """
    return np.add(np.subtract(np.asarray(loans_cfr, dtype=float), resources, out=out), liquidity, out=out)


def debt_limit_check(
    name: str, debt: np.ndarray, cap: np.ndarray, start_year: int, what: str, severity: str = "policy"
) -> CheckOutcome:
    """External debt within a limit entered by year (NaN: no limit that year); dated to the first breach.

    The amount is the largest excess in any year.
    """
    cap = np.asarray(cap, dtype=float)
    cap = cap if cap.ndim == 2 else np.broadcast_to(cap, debt.shape[1:])[None, :]  # (1 or n, T)
    limited = np.flatnonzero(~np.isnan(cap).all(axis=0))  # only the years with a limit can be breached
    over = np.zeros((len(debt), limited.size))
    if limited.size:
        cap = cap[:, limited]
        over = np.where(np.isnan(cap), 0.0, debt[:, limited] - np.nan_to_num(cap))
    breach = over > BREACH
    broken = breach.any(axis=1)
    year = np.where(broken, limited[breach.argmax(axis=1)], -1) if limited.size else np.full(len(debt), -1)
    first = fy_label(start_year)
    return limit(
        name,
        ~broken,
        f"External debt stays within the {what} in every year it is set (years from {first})",
        f"External debt exceeds the {what} in {{year}}, by up to {{amount}}",
        severity=severity,
        year=year,
        amount=np.max(over, axis=1, initial=0.0),
    )
