"""The Prudential indicators sheet: each programme run's CFR, financing-cost ratio, liability
benchmark and headroom under its debt limits, as live formulas over the planner's annual lines.

For the Baseline's programme runs: borrowing drawn, MRP, debt repaid from sources, interest, the
capital reserve and closing debt (the planner's figures, as values) and the limits entered (as
values; blank where none), then formulas: the CFR (last year's + borrowing - MRP - sources
applied to debt), financing costs (interest + MRP), their ratio to the net revenue stream, the
liability benchmark (CFR - reserve - other resources) and the headroom under the operational
boundary, the authorised limit and the debt cap. docs/appraisal.md gives the Code and sources.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from openpyxl.utils import get_column_letter

from models.core.result import Outcome
from planner.charts.prudential import limits as entered_limits
from planner.excel.board_pack.blocks import by_run_sheet, headers, section
from planner.excel.board_pack.styles import FIGURE, GBP, INPUT, LABEL, PCT
from planner.project.scenario_file import RunDef

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells

FIRST = 2
LIMITS = (
    ("net_revenue_stream", "Net revenue stream (General Fund)"),
    ("operational_boundary", "Operational boundary"),
    ("authorised_limit", "Authorised limit"),
    ("debt_cap", "Debt cap agreed with HM Treasury"),
    ("resources", "Other balance-sheet resources"),
)
VALUES = (
    ("borrowing_drawn", "Borrowing drawn (capital spending financed by debt)"),
    ("repayment", "MRP"),
    ("surplus_repayment", "Debt repaid from sources"),
    ("interest", "Interest"),
    ("reserve", "Capital reserve"),
    ("closing_debt", "External debt (closing)"),
)


def write_prudential_sheet(cells: Cells, ws: Worksheet, runs: list[tuple[RunDef, Outcome]], date: str) -> None:
    """`runs`: (RunDef, Outcome) of the Baseline's programme runs."""
    title = ("Prudential indicators", "CIPFA Prudential Code (2021 edition)")
    by_run_sheet(cells, ws, title, runs, _run_block, date, (48,))


def _run_block(cells: Cells, ws: Worksheet, row: int, run: RunDef, outcome: Outcome) -> int:
    result = outcome.trial(0)
    annual, horizon = result.annual, len(outcome.years)
    cols = [get_column_letter(FIRST + t) for t in range(horizon)]
    row = section(cells, ws, row, run.name)
    row = headers(cells, ws, row, ["Line", *outcome.years], right_from=2)
    at: dict[str, int] = {}

    def values(key: str, label: str, figures: np.ndarray, fmt: str = GBP, style: str = FIGURE) -> None:
        nonlocal row
        at[key] = row
        cells.text(ws, row, 1, label, LABEL)
        for t in range(horizon):
            if np.isfinite(figures[t]) or style == INPUT:  # an input's empty years are cells to type in
                cells.number(ws, row, FIRST + t, figures[t], fmt, style)
        row += 1

    def formulas(
        key: str, label: str, formula: Callable[[int, str], str], expected: np.ndarray, fmt: str = GBP
    ) -> None:
        nonlocal row
        at[key] = row
        cells.text(ws, row, 1, label, LABEL)
        for t, c in enumerate(cols):
            cells.formula(ws, row, FIRST + t, formula(t, c), expected[t], fmt)
        row += 1

    for key, label in VALUES:
        values(key, label, annual[key].to_numpy())
    limits = entered_limits(result, run.inputs)  # NaN: nothing entered for the year
    for key, label in LIMITS:  # inputs by year: a limit typed into a year flows to its headroom
        entered = np.isfinite(limits[key]).any()
        values(key, label if entered else f"{label} (not entered)", limits[key], style=INPUT)
    a = {k: annual[k].to_numpy() for k, _ in VALUES}

    def cfr(t: int, c: str) -> str:
        before = "0" if t == 0 else f"{cols[t - 1]}{at['cfr']}"
        return f"={before}+{c}{at['borrowing_drawn']}-{c}{at['repayment']}-{c}{at['surplus_repayment']}"

    formulas("cfr", "Capital financing requirement", cfr, annual["cfr"].to_numpy())
    costs = a["interest"] + a["repayment"]
    formulas(
        "costs", "Financing costs (interest + MRP)", lambda t, c: f"={c}{at['interest']}+{c}{at['repayment']}", costs
    )
    stream = limits["net_revenue_stream"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(stream > 0, costs / np.where(stream > 0, stream, 1.0), np.nan)
    n = at["net_revenue_stream"]
    formulas(
        "ratio",
        "Ratio of financing costs to net revenue stream",
        lambda t, c: f'=IF(N({c}{n})>0,{c}{at["costs"]}/{c}{n},"")',
        ratio,
        PCT,
    )
    formulas(
        "benchmark",
        "Liability benchmark (CFR - reserve - other resources)",
        lambda t, c: f"={c}{at['cfr']}-{c}{at['reserve']}-N({c}{at['resources']})",
        annual["liability_benchmark"].to_numpy(),
    )
    for key, label in LIMITS[1:4]:
        limit = limits[key]

        def headroom(t: int, c: str, k: str = key) -> str:
            return f'=IF(ISNUMBER({c}{at[k]}),{c}{at[k]}-{c}{at["closing_debt"]},"")'

        formulas(
            f"headroom_{key}",
            f"Headroom under the {label[0].lower()}{label[1:]}",
            headroom,
            limit - a["closing_debt"],
        )
    return row
