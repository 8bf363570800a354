"""Native Excel charts of a run's main lines: its largest annual flows as bars, its largest
balances as lines.

Each series draws straight from its line in the annual table. A long horizon is laid out in
blocks of years, so a series is then a union of the line's ranges in every block — "(r1,r2,r3)",
which Excel and LibreOffice both read; the categories are one column of year labels beside the
printed area (a union of the blocks' header rows would read as a two-level axis).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import HEADER, NOTE, ref

if TYPE_CHECKING:
    from openpyxl.chart import BarChart, LineChart
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells
    from planner.excel.board_pack.styles import Pages

MAX_FLOWS, MAX_BALANCES = 5, 3
CHART_ROWS = 22  # rows a chart takes on the sheet (10 cm and a gap)
GAP = 3  # empty columns between the printed area and the chart data


def main_lines(grid: Grid) -> tuple[list[Line], list[Line]]:
    """The largest money flows (summed over the years) and balances (at their largest), in the
    table's order; per-row lines (a council, a source) are parts of a total and left out."""
    lines = [x for x in grid.lines if x.kind == "line" and ":" not in x.key and x.unit == "£"]

    def largest(candidates: list[Line], how: Callable[[np.ndarray], Any], count: int) -> list[Line]:
        sizes = {x.key: float(how(np.abs(np.nan_to_num(x.figures)))) for x in candidates}
        kept = sorted((x for x in candidates if sizes[x.key] > 0), key=lambda x: -sizes[x.key])[:count]
        return [x for x in candidates if x in kept]

    flows = largest([x for x in lines if x.total], np.sum, MAX_FLOWS)
    balances = largest([x for x in lines if not x.total], np.max, MAX_BALANCES)
    return flows, balances


def add_charts(cells: Cells, ws: Worksheet, grid: Grid, row: int, pages: Pages) -> int:
    """A bar chart of the flows and a line chart of the balances from `row`, on a page of their
    own; returns the row after them."""
    flows, balances = main_lines(grid)
    if not flows and not balances:
        return row
    pages.new_page(row)
    years = _year_labels(cells, ws, grid, grid.last_col + GAP + 1)
    cells.text(ws, row, 1, "Charts: each series is its line of the annual table above", NOTE)
    row += 1
    for chosen, kind, title in ((flows, "bar", "Main annual flows"), (balances, "line", "Balances at the year end")):
        if chosen:
            ws.add_chart(_chart(ws.title, kind, title, grid, years, chosen), f"A{row}")
            row += CHART_ROWS
    return row


def _year_labels(cells: Cells, ws: Worksheet, grid: Grid, col: int) -> str:
    """The years down one column, outside the printed area: the charts' categories."""
    top = grid.first_row
    cells.text(ws, top, col, "Years (chart axis)", HEADER)
    for t, year in enumerate(grid.years):
        cells.text(ws, top + 1 + t, col, year)
    letter = get_column_letter(col)
    ws.column_dimensions[letter].width = 12
    return ref(ws.title, f"${letter}${top + 1}:${letter}${top + len(grid.years)}")


def _union(sheet: str, grid: Grid, key: str) -> str:
    parts = [ref(sheet, r) for r in grid.ranges(key, absolute=True)]
    return parts[0] if len(parts) == 1 else "(" + ",".join(parts) + ")"


def _chart(sheet: str, kind: str, title: str, grid: Grid, years: str, lines: list[Line]) -> BarChart | LineChart:
    from openpyxl.chart import BarChart, LineChart
    from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
    from openpyxl.chart.series import Series, SeriesLabel

    chart = BarChart() if kind == "bar" else LineChart()
    if isinstance(chart, BarChart):  # kind == "bar"
        chart.type, chart.grouping, chart.overlap = "col", "clustered", 0
    for line in lines:
        label = ref(sheet, f"$A${grid.row(line.key, 0)}")
        series = Series(
            val=NumDataSource(numRef=NumRef(f=_union(sheet, grid, line.key))),
            tx=SeriesLabel(strRef=StrRef(f=label)),
            cat=AxDataSource(strRef=StrRef(f=years)),
        )
        if kind == "line":
            series.smooth = False
        chart.series.append(series)
    chart.title = title
    chart.y_axis.number_format = _axis_format(lines)
    chart.x_axis.tickLblPos = "low"  # years below the plot, even when it dips below zero
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 otherwise leaves the axes hidden in Excel
    chart.legend.position = "b"  # type: ignore[union-attr]  # optional in types-openpyxl; every new chart has one
    chart.width, chart.height = 34, 10
    return chart


def _axis_format(lines: list[Line]) -> str:
    biggest = max((float(np.nanmax(np.abs(x.figures))) for x in lines if np.isfinite(x.figures).any()), default=0)
    return '£#,##0.0,,"m"' if biggest >= 1e6 else "£#,##0"
