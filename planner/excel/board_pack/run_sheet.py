"""A run's sheet: the builder for its model (a live workbook model where there is one, else the
generic table), then the annual grid, its key figures, its checks and its charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from planner.charts.definitions import charts_for
from planner.excel.board_pack import brs, hf, hra, land_value, programme
from planner.excel.board_pack.annual import RunContext, build_generic
from planner.excel.board_pack.blocks import TITLE_ROWS, RunSheet, checks_block, figures_block, heading, widths
from planner.excel.board_pack.charts import add_charts
from planner.excel.board_pack.grid import FIGURE_WIDTH, FIRST_COL, LABEL_WIDTH, MIN_LAST_COL, UNIT_WIDTH
from planner.excel.board_pack.styles import Pages, print_setup

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells

BUILDERS = {
    "brs": brs.build,
    "housing_first": hf.build,
    "land_value": land_value.build,
    "programme": programme.build,
    "hra": hra.build,
}


def write_run_sheet(cells: Cells, ws: Worksheet, ctx: RunContext, date: str) -> RunSheet:
    builder = BUILDERS.get(ctx.spec.key, build_generic)
    years = ctx.result.annual.index
    subtitle = (
        f"{ctx.spec.label}. Scenario: {ctx.scenario}. Financial years {years[0]} to {years[-1]}; money in £ cash."
    )
    plan = builder(cells, ws, ctx, 5)
    heading(cells, ws, f"{ctx.run.name}", subtitle, plan.note)
    out = RunSheet(ws.title)
    grid = plan.grid
    last_col = max(grid.last_col, plan.last_col, MIN_LAST_COL)
    pages = Pages(ws, grid.width_units + FIGURE_WIDTH * max(0, last_col - grid.last_col))
    grid.write(cells, ws, pages)
    start = grid.last_row + 2
    row = figures_block(cells, ws, start, plan.figures, out)
    pages.keep(start, row - start)
    start = row
    row = checks_block(cells, ws, start, plan.checks, out)
    pages.keep(start, row - start)
    row = add_charts(cells, ws, grid, row, pages, charts_for(ctx.result, ctx.run.inputs))
    widths(ws, LABEL_WIDTH, UNIT_WIDTH, FIGURE_WIDTH, FIRST_COL, last_col)
    ws.freeze_panes = "C4"
    print_setup(ws, TITLE_ROWS, ctx.scenario, date, f"A1:{get_column_letter(last_col)}{row}")
    return out
