"""The law a Business Rate Supplement must keep, year by year, from the rulebook (models.rules).

- The rateable value condition (Business Rate Supplements Act 2009 s. 12(1); SI 2009/2542
  reg. 2 in England): only hereditaments whose RV exceeds the prescribed amount may pay. An
  authority may set a higher threshold as its own policy, never a lower one: a threshold below
  the minimum in force is unlawful in every year the levy runs with it.
- The multiplier cap (s. 14(6)-(7)): at most the rule's pence per £ of RV in every levy year.

Both are judged only in the years the levy runs (a year after it ends levies nothing).
"""

from __future__ import annotations

import numpy as np

from models.core.checks import limit
from models.core.result import CheckOutcome, first_true
from models.core.timeline import fy_start
from models.core.validation import Inputs

MIN_THRESHOLD = "brs.min_rv_threshold"
MAX_MULTIPLIER = "brs.max_multiplier"


def _years(years: list[str]) -> range:
    first = fy_start(years[0]) if years else 0
    return range(first, first + len(years))


def threshold_check(inputs: Inputs, thresholds: np.ndarray, levy: np.ndarray, years: list[str]) -> CheckOutcome:
    """Unlawful where the threshold in force (n, T) is below the prescribed minimum in a levy year."""
    minimum = inputs.rules.value(MIN_THRESHOLD, _years(years))[None, :]
    below = levy & (thresholds < np.where(np.isnan(minimum), -np.inf, minimum))
    first = first_true(below)
    gap = np.where(below, minimum - thresholds, 0.0).max(axis=1, initial=0.0)
    return limit(
        "rv_threshold_minimum",
        ~below.any(axis=1),
        "The threshold is at or above the prescribed minimum in every year of the levy.",
        "The threshold is {amount} below the prescribed minimum from {year}: levying on hereditaments at or "
        "below the minimum is unlawful in every year the levy uses it.",
        severity="unlawful",
        year=first,
        amount=gap,
        unit="£ RV",
        rule=MIN_THRESHOLD,
        breaches=below,
    )


def multiplier_check(inputs: Inputs, levy: np.ndarray, years: list[str]) -> CheckOutcome:
    """Statutory limit: the multiplier is within the cap in force in every levy year."""
    cap = inputs.rules.value(MAX_MULTIPLIER, _years(years))[None, :]
    pence = inputs.multiplier_pence[:, None]
    over = levy & (pence > np.where(np.isnan(cap), np.inf, cap))
    first = first_true(over)
    excess = np.where(over, pence - cap, 0.0).max(axis=1, initial=0.0)
    return limit(
        "multiplier_cap",
        ~over.any(axis=1),
        "The multiplier is within the Business Rate Supplements Act 2009's cap (s. 14) in every levy year.",
        "The multiplier exceeds the statutory cap per £ of RV by {amount} from {year}.",
        severity="statutory",
        year=first,
        amount=excess,
        unit="p",
        rule=MAX_MULTIPLIER,
        breaches=over,
    )
