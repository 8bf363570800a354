"""The Business Rate Supplement, recomputed by the workbook from an inputs block on its sheet.

The rating list is split at the threshold band by band (the same uniform-spread formulas as
models.brs.bands), once for each rating period between revaluations; each year takes the
liable RV of its period, grown at rv_growth inside the levy; gross, reliefs, losses, admin and
net follow, then the supportable borrowing (a SUMPRODUCT with the borrowing discount factors)
and the loan's repayment year by year. Which period a year falls in, and which year is the
levy's last, are fixed when the pack is written; every amount is a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from models.brs.bands import band_columns, liable_by_year, periods
from models.brs.fields import ACT, CAP_PENCE, PENNY
from models.core.finance import discount_factors
from models.core.validation import validate
from planner.excel.board_pack.annual import Plan, RunContext, discount_lines
from planner.excel.board_pack.blocks import Figure, LiveCheck, check_label, headers, inputs_block, section
from planner.excel.board_pack.brs_list import authorities, rating_list
from planner.excel.board_pack.formulas import Rows, scalar
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import FACTOR, GBP, INTEGER, LABEL, TOTAL

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.cells import Cells

SCALARS = (
    "start_year",
    "horizon",
    "rv_growth",
    "multiplier_pence",
    "levy_years",
    "relief_rate",
    "collection_rate",
    "setup_cost",
    "annual_admin_cost",
    "cost_inflation",
    "project_cost",
    "optimism_bias",
    "borrowing_rate",
    "loan_term_years",
    "cover_ratio",
    "loan_amount",
    "appraisal_rate",
)


def build(cells: Cells, ws: Worksheet, ctx: RunContext, row: int) -> Plan:
    inputs = validate(ctx.spec, ctx.run.inputs)
    banded = bool(inputs.rows("bands")) or inputs.rating_list is not None
    names = SCALARS + (("threshold",) if banded else ("liable_rv", "liable_hereditaments"))
    row = section(cells, ws, row, "Inputs")
    items = [ctx.input_item(n, scalar(inputs, n)) for n in names]
    items.append(("cap", "Statutory cap on the multiplier", CAP_PENCE, "p per £ RV", "pence", ACT))
    row, at = inputs_block(cells, ws, row, items)
    row, base, tie = rating_list(cells, ws, ctx, inputs, at, row)
    by_authority: list[list[str]] = []
    if inputs.rating_list is not None:
        row, by_authority = authorities(cells, ws, inputs, row)
    horizon = inputs.horizon
    expected = liable_by_year(inputs, band_columns(inputs))
    row = section(cells, ws, row, "Financing worked out from the annual table below")
    fin = {"borrowing": f"$C${row + 1}", "loan": f"$C${row + 2}", "cost": f"$C${row + 3}"}
    grid_row = row + 5
    lines = _lines(ctx, at, fin, base, expected, horizon, inputs, by_authority)
    grid = Grid(list(ctx.result.annual.index), lines, grid_row + 1, discount="df")
    _financing(cells, ws, ctx, at, fin, grid, row)
    section(cells, ws, grid_row, "Annual figures, worked out in this workbook")
    note = (
        "Every amount on this sheet is worked out here from the inputs above (blue on yellow), beside the "
        "planner's own figures; the checks below compare the two."
    )
    bands_width = 6 + 3 * len(periods(inputs)) if banded else 4  # the rating list's columns
    return Plan(grid, _figures(ctx, grid, fin), _checks(ctx, at, grid, tie, inputs), note, bands_width)


def _financing(cells: Cells, ws: Worksheet, ctx: RunContext, at: dict, fin: dict, grid: Grid, row: int) -> None:
    s = ctx.result.summary
    headers(cells, ws, row, ("Figure", "Unit", "Value"), right_from=3)
    rows = (
        (
            "Supportable borrowing: PV of net yield ÷ cover over the loan term",
            f"=MAX(0,({grid.sumproduct('net', 'within_term', 'flat_df')})/{at['cover_ratio']})",
            s["supportable_borrowing"],
        ),
        (
            "Loan repaid from the levy",
            f"={fin['borrowing']}" if scalar_none(ctx, "loan_amount") else f"={at['loan_amount']}",
            s["loan"],
        ),
        (
            "Project cost with optimism bias",
            f"={at['project_cost']}*(1+{at['optimism_bias']})",
            s["project_cost_with_bias"],
        ),
    )
    for i, (label, formula, value) in enumerate(rows, start=1):
        cells.text(ws, row + i, 1, label, LABEL)
        cells.text(ws, row + i, 2, "£", LABEL)
        cells.formula(ws, row + i, 3, formula, value, GBP, TOTAL)


def scalar_none(ctx: RunContext, name: str) -> bool:
    return ctx.value(name) is None


def _lines(
    ctx: RunContext,
    at: dict,
    fin: dict,
    base: list,
    expected: dict,
    horizon: int,
    inputs: Inputs,
    by: list[list[str]],
) -> list[Line]:
    mk = Rows(ctx, at)
    return _yield_lines(mk, base, expected, inputs) + _collected_lines(mk, inputs, by) + _loan_lines(mk, fin, inputs)


def _collected_lines(mk: Rows, inputs: Inputs, by: list[list[str]]) -> list[Line]:
    """List mode: each billing authority's collected supplement, from its liable RV in the period."""
    if not by:
        return []
    period = np.searchsorted([p[0] for p in periods(inputs)], np.arange(inputs.horizon), side="right") - 1
    rest = "*(1+[rv_growth])^{t}*[multiplier_pence]/100*(1-[relief_rate])*[collection_rate]"
    rl, out = inputs.rating_list, []
    for code, cells_ in zip(rl.authorities, by):
        forms = [mk.f("={in_levy}*" + cell + rest) for cell in cells_]
        out.append(mk.line(f"collected:{rl.label(code)}", formula=_by_period(forms, period)))
    return out


def _by_period(forms: list[Callable[[Grid, int], str]], period: np.ndarray) -> Callable[[Grid, int], str]:
    """Each year's formula from the rating period it falls in."""
    return lambda g, t: forms[period[t]](g, t)


def _yield_lines(mk: Rows, base: list, expected: dict, inputs: Inputs) -> list[Line]:
    """The year index, the levy, the rating period's list, and the yield down to the net."""
    t_ = np.arange(inputs.horizon)
    period = np.searchsorted([p[0] for p in periods(inputs)], t_, side="right") - 1
    admin0 = mk.f("={in_levy}*([annual_admin_cost]*(1+[cost_inflation])^{t}+[setup_cost])")
    admin = mk.f("={in_levy}*([annual_admin_cost]*(1+[cost_inflation])^{t})")
    return [
        Line("t", "Year index t (years from the first)", "", values=t_.astype(float), kind="helper", fmt=INTEGER),
        mk.helper(
            "in_levy",
            "Inside the levy (1) or not (0)",
            "",
            mk.f("=IF({t}<[levy_years],1,0)"),
            t_ < scalar(inputs, "levy_years"),
            INTEGER,
        ),
        mk.helper(
            "base_count",
            "Liable hereditaments in the rating period",
            "hereditaments",
            lambda g, t: "=" + base[period[t]][0],
            expected["count"][0],
            "#,##0.0",
        ),
        mk.helper(
            "base_rv",
            "Liable RV in the rating period, before growth",
            "£ RV",
            lambda g, t: "=" + base[period[t]][1],
            expected["rv"][0],
            GBP,
        ),
        mk.line("hereditaments", "={in_levy}*{base_count}"),
        mk.line("liable_rv", "={in_levy}*{base_rv}*(1+[rv_growth])^{t}"),
        mk.line("gross", "={liable_rv}*[multiplier_pence]/100"),
        mk.line("reliefs", "={gross}*[relief_rate]"),
        mk.line("losses", "=({gross}-{reliefs})*(1-[collection_rate])"),
        mk.line("admin", formula=lambda g, t: (admin0 if t == 0 else admin)(g, t)),  # set-up cost in year 0
        mk.line("net", "={gross}-{reliefs}-{losses}-{admin}"),
    ]


def _loan_lines(mk: Rows, fin: dict, inputs: Inputs) -> list[Line]:
    """The discount factors (the loan's term and rate, the Green Book) and the loan year by year."""
    t_, horizon = np.arange(inputs.horizon), inputs.horizon
    return [
        mk.helper(
            "within_term",
            "Inside the loan term (1) or not (0)",
            "",
            mk.f("=IF({t}<[loan_term_years],1,0)"),
            t_ < scalar(inputs, "loan_term_years"),
            INTEGER,
        ),
        mk.helper(
            "flat_df",
            "Discount factor at the borrowing rate",
            "factor",
            mk.f("=1/(1+[borrowing_rate])^({t}+1)"),
            discount_factors(np.array([scalar(inputs, "borrowing_rate")]), horizon)[0],
            FACTOR,
        ),
        *discount_lines(mk.at["appraisal_rate"], scalar(inputs, "appraisal_rate"), horizon),
        mk.line(
            "loan_opening", formula=lambda g, t: f"={fin['loan']}" if t == 0 else f"={g.cell('loan_closing', t - 1)}"
        ),
        mk.line("interest", "={loan_opening}*[borrowing_rate]"),
        mk.line("repayment", "={debt_service}-{interest}"),
        mk.line("loan_closing", "={loan_opening}+{interest}-{debt_service}"),
        mk.line("debt_service", "=MIN(MAX({net},0),MAX({loan_opening}+{interest},0))"),
        mk.line("surplus", "={net}-{debt_service}"),
    ]


def _figures(ctx: RunContext, grid: Grid, fin: dict) -> list[Figure]:
    first = {
        "liable_hereditaments": "hereditaments",
        "liable_rv": "liable_rv",
        "first_year_gross_yield": "gross",
        "first_year_net_yield": "net",
    }
    formulas = {k: f"={grid.cell(line, 0)}" for k, line in first.items()}
    formulas.update(
        {
            "total_gross_yield": f"={grid.total_cell('gross')}",
            "total_net_yield": f"={grid.total_cell('net')}",
            "pv_net_yield": f"={grid.pv_cell('net')}",
            "supportable_borrowing": f"={fin['borrowing']}",
            "loan": f"={fin['loan']}",
            "project_cost_with_bias": f"={fin['cost']}",
            "project_share": f'=IF({fin["cost"]}>0,{fin["borrowing"]}/{fin["cost"]},"")',
        }
    )
    return [
        Figure(k, ctx.spec.metric_info(k).label, ctx.spec.metric_info(k).kind, v, formulas.get(k))
        for k, v in ctx.result.summary.items()
    ]


def _checks(ctx: RunContext, at: dict, grid: Grid, tie: dict, inputs: Inputs) -> list[LiveCheck]:
    verdict = {c.name: c.ok for c in ctx.result.checks}
    horizon = inputs.horizon
    last = int(min(scalar(inputs, "levy_years"), horizon)) - 1
    formulas = {
        "multiplier_cap": f'=IF({at["multiplier_pence"]}<={at["cap"]},"OK","FAIL")',
        "levy_repays_loan": f'=IF({grid.cell("loan_closing", last)}<={PENNY},"OK","FAIL")',
        "levy_within_horizon": f'=IF({at["levy_years"]}<={at["horizon"]},"OK","FAIL")',
    }
    formulas.update(tie)
    return [
        LiveCheck(name, formula, verdict[name], check_label(ctx.spec, name))
        for name, formula in formulas.items()
        if name in verdict
    ]
