"""The programme's borrowing, year by year, as the workbook works it out (models.programme.model).

Each year: the scheduled repayment (MRP) of every earlier year's borrowing, what is drawn, what
surpluses repay and what the reserve carries. A year's MRP is the sum over earlier drawdowns of
(amount drawn) × (the share of it left after repayments from surplus: the PRODUCT of the years'
shrink factors since) × (MRP per £1 at its age: the kernel row, from the rate, the asset life,
the policy and the years to use). No circular reference: a year needs only earlier years.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from models.core import mrp
from planner.excel.board_pack.formulas import scalar
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.programme_inputs import T
from planner.excel.board_pack.styles import FACTOR, GBP

if TYPE_CHECKING:
    from models.core.validation import Inputs
    from planner.excel.board_pack.formulas import Rows


def _kernel_formula() -> str:
    """MRP per £1 borrowed at age t (the column's year index), as models.core.mrp.kernel."""
    j = f"({T}-[years_to_use])"
    r, life = "[borrowing_rate]", "[asset_life]"
    annuity = f"(IF({r}=0,1/{life},{r}/(1-(1+{r})^(-{life})))-{r})*(1+{r})^({j}-1)"
    return f'=IF(AND({j}>=1,{j}<={life}),IF([repayment_policy]="annuity",{annuity},1/{life}),0)'


def _spans(g: Grid, key: str, first: int, last: int) -> str:
    """The cells of a line from year `first` to `last`, one range per block, comma-separated."""
    out = []
    t = first
    while t <= last:
        end = min((t // g.size + 1) * g.size - 1, last)
        out.append(f"{g.cell(key, t)}:{g.cell(key, end)}")
        t = end + 1
    return ",".join(out)


def _repayment(g: Grid, t: int) -> str:
    """Σ over earlier drawdowns s of drawn(s) × Π shrink(s+1 … t-1) × kernel(t - s)."""
    if t == 0:
        return "=0"
    terms = []
    for s in range(t):
        shrink = f"*PRODUCT({_spans(g, 'shrink', s + 1, t - 1)})" if s + 1 <= t - 1 else ""
        terms.append(f"{g.cell('borrowing_drawn', s)}{shrink}*{g.cell('kernel', t - s)}")
    return "=" + "+".join(terms)


def _previous(key: str, then: str) -> Callable[[Grid, int], str]:
    """A template's formula with {prev} as last year's cell of `key` (0 in the first year)."""

    def formula(g: Grid, t: int) -> str:
        before = g.cell(key, t - 1) if t else "0"
        return then.replace("{prev}", before)

    return formula


def debt_lines(mk: Rows, inputs: Inputs) -> list[Line]:
    annual, horizon = mk.annual, inputs.horizon
    kernel = mrp.kernel(
        scalar(inputs, "borrowing_rate"),
        scalar(inputs, "asset_life"),
        inputs.repayment_policy,
        horizon,
        int(inputs.years_to_use),
    )[:, 0]
    closing, repayment = annual["closing_debt"].to_numpy(), annual["repayment"].to_numpy()
    reserve, gap = annual["reserve"].to_numpy(), annual["gap"].to_numpy()
    before = np.concatenate([[0.0], closing[:-1]])
    after = np.maximum(before - repayment, 0.0)
    shrink = np.where(
        (np.arange(horizon) > 0) & (gap < 0) & (closing < after), closing / np.where(after > 0, after, 1.0), 1.0
    )

    def then(template: str, key: str) -> Callable[[Grid, int], str]:
        """A template over this year's cells and last year's `key` ({prev})."""
        return lambda g, t: mk.f(_previous(key, template)(g, t))(g, t)

    net = "{after}-{prev_reserve}+{gap}"
    return [
        mk.helper(
            "kernel",
            "MRP per £1 borrowed, at the age of the column's year index",
            "£ per £1",
            mk.f(_kernel_formula()),
            np.concatenate([[0.0], kernel]),
            FACTOR,
        ),
        mk.line("repayment", formula=_repayment),
        mk.helper(
            "after",
            "Debt after the scheduled repayment",
            "£",
            then("=MAX({prev}-{repayment},0)", "closing_debt"),
            after,
            GBP,
        ),
        mk.helper(
            "prev_reserve",
            "Reserve brought forward",
            "£",
            then("={prev}", "reserve"),
            np.concatenate([[0.0], reserve[:-1]]),
            GBP,
        ),
        mk.line("closing_debt", "=MAX(" + net + ",0)"),
        mk.line("reserve", "={closing_debt}-(" + net + ")"),
        mk.line("borrowing_drawn", "=MAX({closing_debt}-{after},0)"),
        mk.line("surplus_repayment", "={borrowing_drawn}-({closing_debt}-{after})"),
        mk.helper(
            "shrink",
            "Share of earlier borrowing left after repayment from surplus",
            "factor",
            lambda g, t: (
                "=1" if t == 0 else mk.f("=IF(AND({gap}<0,{closing_debt}<{after}),{closing_debt}/{after},1)")(g, t)
            ),
            shrink,
            FACTOR,
        ),
        mk.line("interest", formula=then("={prev}*[borrowing_rate]", "closing_debt")),
        mk.line("revenue_cost", "={interest}+{repayment}"),
    ]
