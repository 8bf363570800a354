"""The land value sheet's total receipts, their present value at the borrowing rate and the loan
they repay, as the workbook works them out (models.land_value.model's financing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.core.appraisal import discount_factors
from models.core.finance import GREEN_BOOK_LATER, GREEN_BOOK_STEPS
from planner.excel.board_pack.formulas import running, scalar
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.land_value_inputs import T
from planner.excel.board_pack.styles import FACTOR, GBP

if TYPE_CHECKING:
    from models.core.validation import Inputs
    from planner.excel.board_pack.formulas import Rows


def _green_book_step(k: int) -> float:
    """The Green Book's change to the rate in the k-th year after the base (HM Treasury)."""
    for last, delta in GREEN_BOOK_STEPS:
        if k <= last:
            return delta
    return GREEN_BOOK_LATER


def _cash_factors(mk: Rows, inputs: Inputs) -> list[Line]:
    """Discount factors for cash at the borrowing rate from the discount base year; the Green Book's
    declining schedule as a row of its own only where the horizon runs past 30 years after the base."""
    t_ = np.arange(inputs.horizon)
    base_year = inputs.discount_base_year if inputs.discount_base_year is not None else inputs.start_year
    k_ = t_ - (base_year - inputs.start_year)
    rate = scalar(inputs, "borrowing_rate")
    expected = discount_factors(np.array([rate]), inputs.horizon, int(base_year - inputs.start_year))[0]
    k = "({year}-IF(ISNUMBER([discount_base_year]),[discount_base_year],[start_year]))"
    label = "Discount factor for cash at the borrowing rate (from the discount base year)"
    if k_.max() <= GREEN_BOOK_STEPS[0][0]:
        return [mk.helper("cash_df", label, "factor", mk.f(f"=(1+[borrowing_rate])^(-{k})"), expected, FACTOR)]
    steps = np.array([_green_book_step(k) if k > 0 else 0.0 for k in k_])

    def cash(g: Grid, t: int) -> str:
        before = "1" if t == 0 else g.cell("cash_df", t - 1)
        return f"=IF({k}<=0,(1+[borrowing_rate])^(-{k}),{before}/(1+[borrowing_rate]+{{gb_step}}))"

    return [
        Line(
            "gb_step",
            "Green Book change to the rate, by years after the discount base (HM Treasury Green Book, "
            "declining long-term discount rates)",
            "%",
            values=steps,
            kind="helper",
            fmt="0.0%",
        ),
        mk.helper("cash_df", label, "factor", lambda g, t: mk.f(cash(g, t))(g, t), expected, FACTOR),
    ]


def loan_lines(mk: Rows, inputs: Inputs, fin: str) -> list[Line]:
    """The total, the discount factors and the loan repaid from the whole receipts profile."""
    t_ = np.arange(inputs.horizon)
    rate, term = scalar(inputs, "borrowing_rate"), scalar(inputs, "loan_term_years")
    opening = np.concatenate([[mk.ctx.result.summary["supportable_borrowing"]], mk.annual["loan_balance"][:-1]])
    return [
        mk.line("total_receipts", "={site_receipts}+{retained_rates}+{tariff_receipts}"),
        mk.line("cumulative_receipts", formula=running("total_receipts", "cumulative_receipts")),
        *_cash_factors(mk, inputs),
        mk.helper(
            "term_df",
            "Discount factor at the borrowing rate (end of year) inside the loan term, else 0",
            "factor",
            mk.f(f"=IF({T}<[loan_term_years],1/(1+[borrowing_rate])^({T}+1),0)"),
            np.where(t_ < term, (1 + rate) ** -(t_ + 1.0), 0.0),
            FACTOR,
        ),
        mk.helper(
            "loan_opening",
            "Loan balance at the start of the year",
            "£",
            lambda g, t: f"={fin}" if t == 0 else f"={g.cell('loan_balance', t - 1)}",
            opening,
            GBP,
        ),
        mk.line("loan_interest", "={loan_opening}*[borrowing_rate]"),
        mk.line("loan_repayment", "=MIN({total_receipts},MAX({loan_opening}+{loan_interest},0))"),
        mk.line("loan_balance", "={loan_opening}+{loan_interest}-{loan_repayment}"),
    ]
