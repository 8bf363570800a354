"""Native Excel charts of a run: the charts the app shows (planner.charts), with the same titles,
series and limits (a debt cap, an interest-cover threshold, a minimum balance as dashed lines).

A series that draws one of the annual table's lines refers to that line's cells, so the chart
follows the table. A long horizon is laid out in blocks of years, so such a series is a union of
the line's ranges in every block — "(r1,r2,r3)", which Excel and LibreOffice both read. Anything
else a chart draws (a limit, a sum of the smaller sources) is written as chart data in columns
beside the printed area, with the years as the charts' categories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from openpyxl.utils import get_column_letter

from planner.charts.definitions import ChartDef, Series
from planner.excel.board_pack.drawing import alt_text, place_between
from planner.excel.board_pack.grid import FIGURE_WIDTH, FIRST_COL, LABEL_WIDTH, MIN_LAST_COL, UNIT_WIDTH, Grid
from planner.excel.board_pack.styles import GBP, HEADER, NOTE, RATIO, Pages, ref

if TYPE_CHECKING:
    from openpyxl.chart import BarChart, LineChart
    from openpyxl.chart.series import Series as XlSeries
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells

CHART_CM = 6.0  # a chart's printed height: two rows of charts and a table's tail share a page
PER_ROW = 2  # charts side by side: each half the printed width, so two rows of them share a page
GAP = 3  # empty columns between the printed area and the chart data
DASHES = {"solid": None, "dash": "dash", "dot": "sysDot"}
LINE_DASHES = ("solid", "sysDash", "sysDot", "lgDashDot")  # lines told apart in black and white too


class ChartData:
    """The columns beside the printed area that hold the years and any series not in the table."""

    def __init__(self, cells: Cells, ws: Worksheet, grid: Grid) -> None:
        self.cells, self.ws, self.grid = cells, ws, grid
        self.col = grid.last_col + GAP + 1
        self.years = self._column("Years (chart axis)", list(grid.years))

    def _column(self, title: str, values: list, unit: str = "") -> str:
        top, col = self.grid.first_row, self.col
        self.cells.text(self.ws, top, col, title, HEADER)
        for t, value in enumerate(values):
            if unit == "":
                self.cells.text(self.ws, top + 1 + t, col, value)
            else:
                figure = float(value) if np.isfinite(value) else None
                self.cells.number(self.ws, top + 1 + t, col, figure, GBP if unit == "£" else RATIO)
        letter = get_column_letter(col)
        self.ws.column_dimensions[letter].width = 14
        self.col += 1
        return ref(self.ws.title, f"${letter}${top + 1}:${letter}${top + len(values)}")

    def values(self, series: Series, unit: str) -> str:
        """Where the series' figures are: its line's cells in the table, else a new data column."""
        if series.key is not None and series.key in self.grid.index:
            parts = [ref(self.ws.title, r) for r in self.grid.ranges(series.key, absolute=True)]
            return parts[0] if len(parts) == 1 else "(" + ",".join(parts) + ")"
        return self._column(series.name, list(np.asarray(series.values, dtype=float)), unit)


def add_charts(cells: Cells, ws: Worksheet, grid: Grid, row: int, pages: Pages, charts: list[ChartDef]) -> int:
    """The run's charts from `row`, two side by side, each pair kept on one printed page with the
    notes above it; returns the row after them."""
    charts = [c for c in charts if c.series]
    if not charts:
        return row
    data = ChartData(cells, ws, grid)
    split, end = _halves(grid)
    tall = pages.rows_for(CHART_CM)
    for first in range(0, len(charts), PER_ROW):
        pair = charts[first : first + PER_ROW]
        notes = [f"{c.title}: {n}" for c in pair if (n := _note(c))]
        pages.keep(row, len(notes) + tall)
        for note in notes:
            cells.text(ws, row, 1, note, NOTE)
            row += 1
        for i, chart in enumerate(pair):
            left, right = (1, split) if i == 0 else (split, end)
            place_between(ws, _chart(chart, data), (row, left), (row + tall, right), *_alt(chart))
        row += tall + 1
    return row


def _halves(grid: Grid) -> tuple[int, int]:
    """The column where the right-hand chart starts (the boundary nearest half the printed width)
    and the column after the printed area."""
    widths = [LABEL_WIDTH, UNIT_WIDTH] + [FIGURE_WIDTH] * (max(grid.last_col, MIN_LAST_COL) - FIRST_COL + 1)
    half, edge, best = sum(widths) / 2, 0.0, (float("inf"), 2)
    for col, width in enumerate(widths, start=1):
        best = min(best, (abs(edge - half), col))
        edge += width
    return max(2, best[1]), len(widths) + 1


def _alt(chart: ChartDef) -> tuple[str, str]:
    bars = any(s.kind == "bar" for s in chart.series)
    lines = any(s.kind != "bar" for s in chart.series)
    kind = "Bar and line" if bars and lines else ("Bar" if bars else "Line")
    unit = {"£": "£ cash", "×": "times"}.get(chart.unit, chart.unit)
    where = "The figures are in the annual table on this sheet."
    return chart.title, alt_text(chart.title, kind, [s.name for s in chart.series], chart.years, unit, where)


def _note(chart: ChartDef) -> str:
    marks = "; ".join(f"{label}: {chart.years[t]}" for t, label in chart.events if 0 <= t < len(chart.years))
    return " ".join(x for x in (chart.note, f"Marked on the app's chart: {marks}." if marks else "") if x)


def _chart(chart: ChartDef, data: ChartData) -> BarChart | LineChart:
    from openpyxl.chart import BarChart, LineChart

    bars = [s for s in chart.series if s.kind == "bar"]
    lines = [s for s in chart.series if s.kind != "bar"]
    main: BarChart | LineChart | None = None
    if bars:
        main = BarChart()
        stacked = any(s.stacked for s in bars)
        main.type, main.grouping, main.overlap = "col", "stacked" if stacked else "clustered", 100 if stacked else 0
        main.gapWidth = 60
        for s in bars:
            main.series.append(_series(s, data, chart.unit, bar=True))
    if lines:
        line_chart = LineChart()
        for i, s in enumerate(lines):
            line_chart.series.append(_series(s, data, chart.unit, bar=False, dash=i))
        if main is None:
            main = line_chart
        else:
            main += line_chart
    assert main is not None  # add_charts draws only a chart with series
    main.title = chart.title
    main.y_axis.number_format = _axis_format(chart)
    main.y_axis.title = {"£": None}.get(chart.unit, chart.unit)
    main.x_axis.tickLblPos = "low"  # years below the plot, even when it dips below zero
    main.x_axis.delete = main.y_axis.delete = False  # openpyxl 3.1 otherwise leaves the axes hidden in Excel
    main.legend.position = "b"  # type: ignore[union-attr]  # a new chart always has a Legend; the stub allows None
    return main


def _series(s: Series, data: ChartData, unit: str, bar: bool, dash: int = 0) -> XlSeries:
    from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
    from openpyxl.chart.series import Series as XlSeries
    from openpyxl.chart.series import SeriesLabel

    series = XlSeries(
        val=NumDataSource(numRef=NumRef(f=data.values(s, unit))),
        tx=SeriesLabel(v=s.name),
        cat=AxDataSource(strRef=StrRef(f=data.years)),
    )
    colour = s.colour.lstrip("#").upper()
    props = series.graphicalProperties
    if bar:
        props.solidFill = colour
        props.line.solidFill = colour
        series.invertIfNegative = False
    else:
        series.smooth = False
        props.line.solidFill = colour
        props.line.width = 28575 if s.kind == "level" else 22225  # 2.25pt and 1.75pt, in EMU
        style = DASHES.get(s.dash) if s.kind == "level" or s.dash != "solid" else LINE_DASHES[dash % len(LINE_DASHES)]
        if style and style != "solid":
            props.line.prstDash = style
        series.marker.symbol = "none"  # type: ignore[union-attr]  # Series() always builds a Marker; the stub allows None
    return series


def _axis_format(chart: ChartDef) -> str:
    if chart.unit == "£":
        sizes = [np.nanmax(np.abs(s.values)) for s in chart.series if np.isfinite(s.values).any()]
        return '£#,##0.0,,"m"' if max(sizes, default=0) >= 1e6 else "£#,##0"
    if chart.unit == "×":
        return '0.0"×"'
    return "#,##0"
