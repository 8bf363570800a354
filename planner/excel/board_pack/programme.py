"""The Funding for Growth programme, recomputed by the workbook from an inputs block on its sheet.

Each source's line comes from its own table row (a stream's level, indexed amount over its years;
a dated source's SUMIFS; a link's share of the linked run's line, copied from the planner); the
totals by treatment follow each source's capital/revenue cell; the investment plan is SUMIFS by
year and treatment with optimism bias; the gap, the borrowing, its MRP and interest, the reserve
and the revenue balance are worked out year by year (planner.excel.board_pack.programme_debt);
the prudential limits by year are rows the checks compare the debt with. The real-terms
appraisal is on the Appraisal sheet; its figures are shown here as the planner's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from models.core.validation import validate
from models.programme.sources import CAPITAL, RCCO, REVENUE
from planner.excel.board_pack.annual import Plan, RunContext
from planner.excel.board_pack.blocks import (
    LIVE_NOTE,
    Figure,
    LiveCheck,
    check_label,
    every_line_agrees,
    inputs_block,
    line_agreement,
    section,
)
from planner.excel.board_pack.formulas import Rows, running, scalar
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.programme_debt import debt_lines
from planner.excel.board_pack.programme_inputs import SCALARS, TEXT, limit_lines, source_lines, tables
from planner.excel.board_pack.styles import INPUT, LABEL, NOTE

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.cells import Cells

PLANNERS = "the planner's figure"


def build(cells: Cells, ws: Worksheet, ctx: RunContext, row: int) -> Plan:
    inputs = validate(ctx.spec, ctx.run.inputs)
    row = section(cells, ws, row, "Inputs")
    row, at = inputs_block(cells, ws, row, [ctx.input_item(n, scalar(inputs, n)) for n in SCALARS])
    for name in TEXT:  # a choice is text: the inputs block writes numbers
        cells.text(ws, int(at[name][3:]), 3, str(getattr(inputs, name)), INPUT)
    row, ranges = tables(cells, ws, ctx, inputs, at, row)
    limits, sources = limit_lines(ctx, inputs)
    if sources:
        row = section(cells, ws, row, "Prudential limits by year: rows of the annual table below")
        for label, source in sources:
            cells.text(ws, row, 1, label, LABEL)
            cells.text(ws, row, 4, source, NOTE)
            row += 1
        row += 1
    row = section(cells, ws, row, "Annual figures, worked out in this workbook")
    mk = Rows(ctx, {**at, **ranges})
    copies, lines, kinds = source_lines(mk, inputs)
    grid = Grid(list(ctx.result.annual.index), _lines(mk, inputs, copies, lines, kinds, limits), row)
    last_col, statuses = line_agreement(cells, ws, grid)
    checks = _checks(ctx, inputs, mk, grid) + [every_line_agrees(statuses)]
    return Plan(grid, _figures(ctx, grid, [x.key for x in lines]), checks, LIVE_NOTE, last_col)


def _by_kind(names: list[str], kinds: dict[str, str], kind: str) -> Callable[[Grid, int], str]:
    """This year's sum of the sources whose treatment cell reads `kind`."""

    def formula(g: Grid, t: int) -> str:
        terms = [f'IF({kinds[n]}="{kind}",{g.cell("source:" + n, t)},0)' for n in names]
        return "=" + ("+".join(terms) or "0")

    return formula


def _lines(mk: Rows, inputs: Inputs, copies: list, lines: list, kinds: dict, limits: list) -> list[Line]:
    names = [x.key.partition(":")[2] for x in lines]
    uses = 'SUMIFS([investment.amount],[investment.year],{year},[investment.kind],"%s")*(1+[optimism_bias])'
    has_plan = "investment.amount" in mk.at
    out = [
        mk.year(inputs.start_year, inputs.horizon),
        *copies,
        *lines,
        mk.line(
            "total_sources", formula=lambda g, t: f"=SUM({g.down(lines[0].key, lines[-1].key, t)})" if lines else "=0"
        ),
        mk.line("capital_sources", formula=_by_kind(names, kinds, CAPITAL)),
        mk.line("revenue_contributions", formula=_by_kind(names, kinds, RCCO)),
        mk.line("revenue_sources", formula=_by_kind(names, kinds, REVENUE)),
        mk.line("capital_investment", "=" + (uses % CAPITAL if has_plan else "0")),
        mk.line("revenue_spending", "=" + (uses % REVENUE if has_plan else "0")),
        mk.line("investment", "={capital_investment}+{revenue_spending}"),
        mk.line("gap", "={capital_investment}-{capital_sources}-{revenue_contributions}"),
        mk.line("cumulative_gap", formula=running("gap", "cumulative_gap")),
        *debt_lines(mk, inputs),
        mk.line("revenue_balance", "={revenue_sources}-{revenue_spending}-{revenue_cost}"),
        mk.helper(
            "revenue_to_date",
            "Revenue balance to date",
            "£",
            running("revenue_balance", "revenue_to_date"),
            np.cumsum(mk.annual["revenue_balance"].to_numpy()),
            "£#,##0;[Red](£#,##0)",
        ),
        mk.line("cfr", "={closing_debt}"),
        *limits,
        mk.line("liability_benchmark", formula=_benchmark(mk, any(x.key == "limit:resources" for x in limits))),
    ]
    if "limit:net_revenue_stream" in {x.key for x in limits}:
        out.append(mk.line("ratio:General Fund", formula=_ratio))
    return out


def _benchmark(mk: Rows, resources: bool) -> Callable[[Grid, int], str]:
    """The CFR less the reserve and any other resources entered."""
    more = (lambda g, t: f"-N({g.cell('limit:resources', t)})") if resources else (lambda g, t: "")
    return lambda g, t: f"={g.cell('cfr', t)}-{g.cell('reserve', t)}{more(g, t)}"


def _ratio(g: Grid, t: int) -> str:
    """Financing costs over the net revenue stream, blank where none is entered."""
    stream = g.cell("limit:net_revenue_stream", t)
    costs = f"({g.cell('interest', t)}+{g.cell('repayment', t)})"
    return f'=IF(N({stream})>0,{costs}/{stream},"")'


def _figures(ctx: RunContext, grid: Grid, sources: list[str]) -> list[Figure]:
    total = grid.total_cell
    inv = total("investment")
    formulas = {
        "total_funding": f"={total('total_sources')}",
        "total_investment": f"={inv}",
        "peak_cumulative_gap": f"=MAX({grid.extreme('MAX', 'cumulative_gap')},0)",
        "borrowing_required": f"={total('borrowing_drawn')}",
        "peak_debt": f"=MAX({grid.extreme('MAX', 'closing_debt')},0)",
        "capital_funding": f"={total('capital_sources')}+{total('revenue_contributions')}",
        "revenue_funding": f"={total('revenue_sources')}",
        "revenue_shortfall": f"=MAX(-{grid.extreme('MIN', 'revenue_to_date')},0)",
        "funding_ratio": f'=IF({inv}>0,{total("total_sources")}/{inv},"")',
        "total_interest": f"={total('interest')}",
        "total_revenue_cost": f"={total('revenue_cost')}",
        "debt_at_end": f"={grid.cell('closing_debt', len(grid.years) - 1)}",
        "peak_cfr": f"={grid.extreme('MAX', 'cfr')}",
    }
    formulas.update({f"share:{k[7:]}": f'=IF({inv}>0,{total(k)}/{inv},"")' for k in sources})
    out = []
    for k, v in ctx.result.summary.items():
        info = ctx.spec.metric_info(k)
        out.append(Figure(k, info.label, info.kind, v, formulas.get(k)))
    return out


def _sources_checks(mk: Rows, grid: Grid) -> dict[str, str]:
    """The sources past the horizon, and the tie-out of every source as entered (a stream's in closed
    form, beside its row) with total sources counted plus the amounts after the horizon."""
    after, entered = [], []
    if "streams.after" in mk.at:
        after.append("SUM([streams.after])")
        entered.append("SUM([streams.entered])")
    if "profile.year" in mk.at:
        after.append("SUMPRODUCT(([profile.year]>=[start_year]+[horizon])*[profile.amount])")
        entered.append("SUM([profile.amount])")
    links = [k for k in grid.index if k.startswith("linked:")]
    entered += [grid.total_cell("source:" + k[7:]) for k in links]  # a link's line is all inside the horizon
    out = mk.f("(" + ("+".join(after) or "0") + ")")(grid, 0)
    sources = mk.f("(" + ("+".join(entered) or "0") + ")")(grid, 0)
    gap = f"ABS({sources}-{grid.total_cell('total_sources')}-{out})"
    return {
        "Sources end within the horizon": f'=IF({out}<=0.005,"OK","FAIL")',
        "Sources sum to the total": f'=IF({gap}<=MAX(0.005,1E-12*ABS({sources})),"OK","FAIL")',
    }


def _checks(ctx: RunContext, inputs: Inputs, mk: Rows, grid: Grid) -> list[LiveCheck]:
    verdict = {c.name: c.ok for c in ctx.result.checks}
    last = len(grid.years) - 1
    end = f"{grid.cell('closing_debt', last)}-{grid.cell('reserve', last)}"
    drawn, gap = grid.ranges("borrowing_drawn"), grid.ranges("gap")
    over = "+".join(f"SUMPRODUCT(({d}-({g})*({g}>0)>0.01)*1)" for d, g in zip(drawn, gap))
    formulas = {
        "Gap closed within the horizon": f'=IF({end}<=0.005,"OK","FAIL")',
        "Revenue costs met from revenue": f'=IF({grid.extreme("MIN", "revenue_to_date")}<-0.005,"FAIL","OK")',
        "Borrowing for capital only": f'=IF({over}=0,"OK","FAIL")',
    }
    formulas.update(_sources_checks(mk, grid))
    for name, column in (
        ("Within the operational boundary", "operational_boundary"),
        ("Within the authorised limit", "authorised_limit"),
        ("Within the debt cap", "debt_cap"),
    ):
        key = f"limit:{column}"
        if key in grid.index:
            parts = zip(grid.ranges("closing_debt"), grid.ranges(key))
            count = "+".join(f"SUMPRODUCT(ISNUMBER({c})*({d}-{c}>0.005))" for d, c in parts)
            formulas[name] = f'=IF({count}=0,"OK","FAIL")'
    return [
        LiveCheck(name, formula, verdict[name], check_label(ctx.spec, name))
        for name, formula in formulas.items()
        if name in verdict
    ]
