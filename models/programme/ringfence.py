"""The Business Rate Supplement ring-fence in a programme (Business Rate Supplements Act 2009 s. 3).

A levying authority must use the sums it receives from a BRS only on the project the BRS relates
to, the project of its prospectus (s. 3(1)), or on payments on loans taken out for it (s. 3(2)).
A programme that pools a BRS run's yield with other sources must therefore hold that project:
`brs_project_cost` is the project's cost within the plan. The check is unlawful where the BRS
money linked in is more than the project can take.

Choices the Act leaves to the planner:
- Which link carries a BRS yield is known from the linked run's model (the planner says so in
  the context, `ring_fenced`); a BRS yield reaching the programme any other way is not seen.
- The test is on totals over the horizon: the BRS money is at most the project's cost (with
  optimism bias) plus the project's share of the programme's interest (loans for it, s. 3(2)),
  the share being its cost over the whole investment. A pooled programme does not trace which
  borrowing a year's yield repays, so the year named is the first in which the BRS money to
  date exceeds the project's cost and interest to date.
- Whether the project is additional (s. 3(1)(b): spending the authority would not otherwise
  have incurred) is for the prospectus; the model does not test it.
"""

from __future__ import annotations

import numpy as np

from models.core.checks import limit
from models.core.declare import Field
from models.core.finance import col
from models.core.result import CheckOutcome, first_true
from models.core.tables import one_if_same
from models.core.validation import Inputs
from models.core.years import running_total
from models.programme.sources import one_row

RULE = "brs.ring_fence"

FIELD = Field(
    "brs_project_cost",
    "BRS project's cost in the plan",
    "£",
    None,
    0.0,
    1e13,
    fmt="gbp",
    group="Uses",
    optional=True,
    rule=RULE,
    help="The cost, within the investment plan (before optimism bias), of the project a linked Business Rate "
    "Supplement funds; its yield may be spent on nothing else. Leave empty when no BRS is linked.",
    source="Business Rate Supplements Act 2009 s. 3: the project described in the BRS's prospectus",
)


def ring_fence_check(inputs: Inputs, lines: dict, brs: np.ndarray, investment_plan: np.ndarray) -> CheckOutcome:
    """Unlawful where the BRS money linked in, `brs` (n, T), exceeds what its project can take;
    `investment_plan` (1 or n, T) is the plan before optimism bias."""
    n = brs.shape[0]
    linked = one_row(brs).any()
    if inputs.rules.value(RULE, inputs.start_year)[0] != 1.0 or not linked:
        return limit(
            "BRS ring-fence",
            np.ones(n, dtype=bool),
            "No Business Rate Supplement's yield is linked into this programme."
            if not linked
            else "No ring-fence applies to the linked BRS yield (the rule is overridden).",
            "",
            severity="unlawful",
            rule=RULE,
        )
    bias = 1.0 + col(inputs.optimism_bias)
    cost = np.zeros((1, 1)) if inputs.brs_project_cost is None else col(one_if_same(inputs.brs_project_cost))
    total = np.maximum(investment_plan.sum(axis=1, keepdims=True), 1e-300)
    share = np.minimum(cost / total, 1.0)
    project = ((investment_plan * share).T * bias.T).T  # the project's part of each year's spending, years-first
    allowed = project + lines["interest"] * share
    beyond = running_total(one_row(brs)) - running_total(allowed)
    over = beyond[:, -1] > 0.005
    first = np.where(over, first_true(beyond > 0.005), -1) if over.any() else np.full(len(over), -1)
    named = "the project entered as brs_project_cost" if inputs.brs_project_cost is not None else "no project"
    return limit(
        "BRS ring-fence",
        ~over,
        "The Business Rate Supplement's yield goes only to its project and the loans for it (BRSA 2009 s. 3).",
        "{amount} of Business Rate Supplement yield goes beyond its project ("
        + named
        + ") from {year}: the Business Rate Supplements Act 2009 s. 3 allows it to be spent only on the "
        "prospectus project and loans for it, so routing it to anything else (housing, other schemes) is unlawful.",
        severity="unlawful",
        year=first,
        amount=np.where(over, beyond[:, -1], 0.0),
        rule=RULE,
    )
