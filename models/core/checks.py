"""Builders of the checks the models share: tie-outs, limits, and what runs past the horizon.

Each returns a `models.core.result.CheckOutcome` over every trial. They fix what a kind of check
means, so it means the same in every model: which comparison passes, which year a failure is
dated to, what the amount is, and the severity. The severities, most serious first:

    unlawful    the plan breaks a statute: a debit balance on the HRA (Local Government and
                Housing Act 1989 s. 76), BRS money spent outside its project (Business Rate
                Supplements Act 2009 s. 3), a BRS threshold below the prescribed minimum
    statutory   a limit the law or a statutory direction sets: the 2p BRS multiplier, the HRA
                borrowing cap while it existed, the social rent limits
    policy      a limit the council sets itself: interest cover, a minimum balance, its own debt
                limit. These are the council's policies, not lenders' covenants
    tie-out     parts that should sum to a total do (judged against a materiality tolerance)
    check       something to know that is not a breach (a levy running past the horizon)

The first three are the limits the planner's solvers name when a plan breaks them. The names
and messages stay with each model.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from models.core.result import LIMITS, CheckOutcome, first_true


def tie_out(
    name: str, diff: npt.ArrayLike, passed: str, failed: str, *, tolerance: float | np.ndarray = 0.01, unit: str = "£"
) -> CheckOutcome:
    """Two routes to the same figure agree to within `tolerance` (to the penny unless told; the
    user's materiality tolerance then decides, see CheckOutcome.material).

    `diff` is one route less the other. For totals, (n,): the check holds where
    |diff| <= tolerance (an (n,) array of tolerances is allowed) and the amount is `diff`,
    signed, undated. For annual lines, (n, T): it holds where no year is out by more than
    `tolerance`; the year is the first year out and the amount the largest gap in any year.

    >>> c = tie_out("t", np.array([0.0, -0.5]), "tie out", "differ by {amount}")
    >>> c.ok.tolist(), c.amount.tolist(), c.year, c.severity
    ([True, False], [0.0, -0.5], None, 'tie-out')
    >>> c = tie_out("t", np.array([[0.0, 0.0], [0.0, 0.5]]), "tie out", "out in {year}")
    >>> c.ok.tolist(), c.year.tolist(), c.amount.tolist()
    ([True, False], [-1, 1], [0.0, 0.5])
    """
    diff = np.asarray(diff)
    if diff.ndim == 1:
        return CheckOutcome(name, np.abs(diff) <= tolerance, passed, failed, amount=diff, unit=unit, severity="tie-out")
    gap = np.abs(diff)
    off = gap > tolerance
    return CheckOutcome(
        name,
        ~off.any(axis=1),
        passed,
        failed,
        year=first_true(off),
        amount=gap.max(axis=1, initial=0.0),
        unit=unit,
        severity="tie-out",
    )


def limit(
    name: str,
    ok: npt.ArrayLike,
    passed: str,
    failed: str,
    *,
    severity: str,
    year: np.ndarray | None = None,
    amount: np.ndarray | None = None,
    unit: str = "£",
    rule: str = "",
    breaches: np.ndarray | None = None,
) -> CheckOutcome:
    """A limit: unlawful, statutory or the council's own policy (a cap, a loan repaid in time,
    a ballot won, costs covered). `year` (an index, -1 for none) dates the breach where the
    message names one; `rule` names the rule (models.rules) it applies.

    >>> c = limit("cap", np.array([True, False]), "within", "over by {amount}", severity="statutory",
    ...           amount=np.array([0.0, 1.0]))
    >>> c.ok.tolist(), c.year, c.severity
    ([True, False], None, 'statutory')
    """
    if severity not in LIMITS:
        raise ValueError(f"a limit's severity is one of {LIMITS}, not {severity!r}")
    return CheckOutcome(name, np.asarray(ok), passed, failed, year, amount, unit, severity, rule, breaches)


def beyond_horizon(
    name: str, beyond: np.ndarray, horizon: int, passed: str, failed: str, *, tolerance: float = 0.0, unit: str = "£"
) -> CheckOutcome:
    """Something still left when the years modelled end: years of a levy or of retention past
    the horizon, uplift due after it, a gap not yet closed. What lies beyond is not counted,
    so the check flags it rather than rejecting the inputs.

    It holds where `beyond` (n,) <= `tolerance`; a failure is dated to the last year modelled.

    >>> c = beyond_horizon("b", np.array([0.0, 3.0]), 30, "ends inside", "{amount} past {year}", unit="years")
    >>> c.ok.tolist(), c.year.tolist(), c.amount.tolist(), c.severity
    ([True, False], [29, 29], [0.0, 3.0], 'check')
    """
    return CheckOutcome(
        name, beyond <= tolerance, passed, failed, year=np.full(np.shape(beyond), horizon - 1), amount=beyond, unit=unit
    )
