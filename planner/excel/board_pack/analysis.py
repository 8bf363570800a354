"""Sensitivity and Monte Carlo sheets, from planner.analysis.sensitivity.Tornado and
planner.analysis.montecarlo.MonteCarloResult.

Sensitivity: for each tornado, every input's low and high values with the figure at each; the
swing and the moves from the base figure are formulas. Monte Carlo: the percentiles and mean of
every figure, how often each check fails, and fan charts of the largest money lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.errors import PlannerError
from planner.excel.board_pack.blocks import KIND_UNITS, headers, section
from planner.excel.board_pack.drawing import alt_text, place_at
from planner.excel.board_pack.styles import (
    BODY,
    FIGURE,
    GBP,
    KEY,
    LABEL,
    NOTE,
    PCT,
    SUBTITLE,
    TITLE,
    Pages,
    kind_format,
    print_setup,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.analysis.montecarlo import LineStats, MonteCarloResult
    from planner.analysis.sensitivity import Tornado
    from planner.excel.board_pack.cells import Cells

CHART_ROWS_SHOWN = 12  # inputs on a tornado chart
FAN_LINES = 2
FAN_ROWS = 18  # rows a fan chart takes below its table
TORNADO_WIDTHS = (40, 16, 16, 16, 16, 16, 16, 16, 16)
MC_WIDTHS = (40, 16, 16, 16, 16, 16, 16, 16)


def analysis_sheets(cells: Cells, wb: Workbook, analyses: list, date: str) -> Iterator[tuple[str, str]]:
    """Write a Sensitivity and a Monte Carlo sheet for the results given; yields (sheet, what it shows)."""
    from planner.analysis.montecarlo import MonteCarloResult
    from planner.analysis.sensitivity import Tornado

    unknown = [a for a in analyses if not isinstance(a, (Tornado, MonteCarloResult))]
    if unknown:
        raise PlannerError(
            f"a board pack takes sensitivity (Tornado) and Monte Carlo results, not {type(unknown[0]).__name__}"
        )
    tornados = [a for a in analyses if isinstance(a, Tornado)]
    runs = [a for a in analyses if isinstance(a, MonteCarloResult)]
    if tornados:
        ws = wb.create_sheet("Sensitivity")
        _sheet_top(cells, ws, "Sensitivity", "How far each figure moves as each input goes to its low and high value")
        row, pages = 5, Pages(ws, sum(TORNADO_WIDTHS), title_rows=2)
        for t in tornados:
            row = _tornado(cells, ws, row, t, pages)
        _finish(ws, TORNADO_WIDTHS, date)
        yield ws.title, "Tornado tables and charts"
    if runs:
        ws = wb.create_sheet("Monte Carlo")
        _sheet_top(
            cells, ws, "Monte Carlo", "Percentiles of every figure over the trials, and how often each check fails"
        )
        row = 5
        pages = Pages(ws, sum(MC_WIDTHS), title_rows=2)
        for r in runs:
            row = _monte_carlo(cells, ws, row, r, pages)
        _finish(ws, MC_WIDTHS, date)
        yield ws.title, "Percentiles, check risks and fan charts"


def _sheet_top(cells: Cells, ws: Worksheet, title: str, subtitle: str) -> None:
    cells.text(ws, 1, 1, title, TITLE)
    cells.text(ws, 2, 1, subtitle, SUBTITLE)


def _finish(ws: Worksheet, widths: Iterable[float], date: str) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    print_setup(ws, "1:2", "Analysis", date)


def _tornado(cells: Cells, ws: Worksheet, row: int, t: Tornado, pages: Pages) -> int:
    fmt = kind_format(t.kind)
    row = section(cells, ws, row, f"{t.metric_label}: {t.run}")
    how = f"each input ±{t.pct * 100:g}%" if t.mode == "percent" else "each input across its allowed range"
    cells.text(ws, row, 1, f"Inputs moved one at a time ({how}); the rest stay at their base values.", NOTE)
    cells.text(ws, row + 1, 1, "Figure with every input at base", KEY)
    year = t.kind == "year"
    _figure(cells, ws, row + 1, 3, t.base, t, fmt)
    base = f"$C${row + 1}"
    row = headers(
        cells,
        ws,
        row + 2,
        (
            "Input",
            "Low input",
            "Base input",
            "High input",
            "Figure at low",
            "Figure at high",
            "Swing",
            "Low − base",
            "High − base",
        ),
        right_from=2,
    )
    first = row
    for r in t.rows:
        cells.text(ws, row, 1, r.label, LABEL)
        for col, value in ((2, r.low_input), (3, r.base_input), (4, r.high_input)):
            cells.number(ws, row, col, value, "#,##0.####")
        _figure(cells, ws, row, 5, r.metric_low, t, fmt)
        _figure(cells, ws, row, 6, r.metric_high, t, fmt)
        if year:
            cells.number(ws, row, 7, r.swing, "0")
        else:
            swing = r.swing if np.isfinite(r.swing) else None
            cells.formula(ws, row, 7, f'=IFERROR(ABS(F{row}-E{row}),"")', swing, fmt)
            cells.formula(ws, row, 8, f'=IFERROR(E{row}-{base},"")', _less(r.metric_low, t.base), fmt)
            cells.formula(ws, row, 9, f'=IFERROR(F{row}-{base},"")', _less(r.metric_high, t.base), fmt)
        row += 1
    for path, why in t.skipped:
        cells.text(ws, row, 1, f"Left out: {path}: {why}", NOTE)
        row += 1
    if t.rows and not year:
        height = _chart_rows(len(t.rows))
        pages.keep(row + 1, height)
        row = _tornado_chart(ws, t, first, row, height)
    return row + 1


def _figure(cells: Cells, ws: Worksheet, row: int, col: int, value: Any, t: Tornado, fmt: str | None) -> None:
    if t.kind == "year":
        index = int(value) if np.isfinite(value) else -1
        cells.text(ws, row, col, t.years[index] if 0 <= index < len(t.years) else "never", LABEL)
    else:
        cells.number(ws, row, col, value, fmt)


def _less(a: float, b: float) -> float | None:
    return a - b if np.isfinite(a) and np.isfinite(b) else None


def _chart_rows(count: int) -> int:
    """Rows a tornado chart of `count` inputs takes: 0.6 cm an input shown, and a frame."""
    return int(2 * max(6.0, 0.6 * min(count, CHART_ROWS_SHOWN) + 3)) + 1


def _tornado_chart(ws: Worksheet, t: Tornado, first: int, row: int, height: int) -> int:
    from openpyxl.chart import BarChart, Reference

    shown = min(len(t.rows), CHART_ROWS_SHOWN)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "clustered", 100, 40
    for col in (8, 9):
        chart.add_data(Reference(ws, min_col=col, min_row=first - 1, max_row=first + shown - 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=first + shown - 1))
    chart.title = f"Tornado: {t.metric_label}"
    chart.y_axis.scaling.orientation = "minMax"
    chart.x_axis.scaling.orientation = "maxMin"  # largest swing at the top
    chart.x_axis.tickLblPos = "low"  # input names at the left edge, clear of the bars
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width, chart.height = 24, (height - 1) / 2
    text = (
        f"Bar chart of the {shown} inputs that move {t.metric_label} most, largest swing at the top: the figure "
        "with each input at its low and at its high value. The figures are in the table above."
    )
    place_at(ws, chart, f"A{row + 1}", f"Tornado: {t.metric_label}", text)
    return row + 1 + height


def _monte_carlo(cells: Cells, ws: Worksheet, row: int, r: MonteCarloResult, pages: Pages) -> int:
    seed = "none (unrepeatable)" if r.seed is None else str(r.seed)
    row = section(cells, ws, row, f"{r.run}: {r.trials:,} trials, seed {seed}")
    row = headers(cells, ws, row, ("Input varied", "Distribution"))
    for path, dist in r.inputs.items():
        cells.text(ws, row, 1, r.labels.get(path, path), LABEL)
        cells.text(ws, row, 2, dist, BODY)  # overflows into the empty cells beside it
        row += 1
    row = headers(cells, ws, row + 1, ("Figure", "Unit", "P5", "P10", "P50", "P90", "P95", "Mean"), right_from=3)
    for m in r.metrics.values():
        cells.text(ws, row, 1, m.label, LABEL)
        cells.text(ws, row, 2, KIND_UNITS.get(m.kind, ""), KEY)
        for col, p in enumerate(sorted(m.percentiles), start=3):
            _stat(cells, ws, row, col, m.percentiles[p], m.kind, r.years)
        if m.kind != "year":  # the mean of a year is no year
            _stat(cells, ws, row, 8, m.mean, m.kind, r.years)
        if m.never:
            cells.text(ws, row, 9, f"never in {m.never:.0%} of trials", NOTE)
        row += 1
    row = headers(
        cells, ws, row + 1, ("Check", "Probability it fails", "Median first year", "In words"), right_from=2, text=(4,)
    )
    for c in r.checks:
        cells.text(ws, row, 1, c.name, LABEL)
        cells.number(ws, row, 2, c.p_fail, PCT)
        cells.text(ws, row, 3, c.median_year or "", FIGURE)
        cells.text(ws, row, 4, c.message, BODY)  # overflows into the empty cells beside it
        row += 1
    for line in _fan_lines(r):
        row = _fan(cells, ws, row + 1, r, line, pages)
    return row + 1


def _stat(cells: Cells, ws: Worksheet, row: int, col: int, value: Any, kind: str, years: list[str]) -> None:
    if kind == "year":
        index = int(value) if np.isfinite(value) else -1
        cells.text(ws, row, col, years[index] if 0 <= index < len(years) else "", FIGURE)
    elif kind == "flag":
        cells.number(ws, row, col, value, PCT)
    else:
        cells.number(ws, row, col, value, kind_format(kind))


def _fan_lines(r: MonteCarloResult) -> list:
    """The money lines the trials spread most (P95 less P5, summed over the years)."""
    money = [x for x in r.lines.values() if x.unit == "£" and ":" not in x.name]
    spread = {x.name: float(np.nansum(x.percentiles[4] - x.percentiles[0])) for x in money}
    return sorted((x for x in money if spread[x.name] > 0), key=lambda x: -spread[x.name])[:FAN_LINES]


def _fan(cells: Cells, ws: Worksheet, row: int, r: MonteCarloResult, line: LineStats, pages: Pages) -> int:
    from openpyxl.chart import LineChart, Reference

    pages.keep(row, len(r.years) + 3 + FAN_ROWS)  # the table and its chart on one page
    cells.text(ws, row, 1, f"Fan: {line.label}", KEY)
    top = headers(cells, ws, row + 1, ("Year", "P5", "P10", "P50", "P90", "P95"), right_from=2) - 1
    for t, year in enumerate(r.years):
        cells.text(ws, top + 1 + t, 1, year, LABEL)
        for k in range(5):
            cells.number(ws, top + 1 + t, 2 + k, line.percentiles[k, t], GBP)
    chart = LineChart()
    for col in range(2, 7):
        chart.add_data(Reference(ws, min_col=col, min_row=top, max_row=top + len(r.years)), titles_from_data=True)
    for series in chart.series:
        series.smooth = False
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(r.years)))
    chart.title = f"{line.label}: percentiles by year"
    chart.y_axis.number_format = '£#,##0.0,,"m"'
    chart.x_axis.tickLblPos = "low"  # years below the plot, even when it dips below zero
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.width, chart.height = 24, 8
    below = top + len(r.years) + 2
    text = alt_text(
        f"{line.label}: percentiles by year",
        "Line",
        ["P5", "P10", "P50", "P90", "P95"],
        list(r.years),
        "£ cash",
        f"The spread of {line.label} over the Monte Carlo trials. The figures are in the table above.",
    )
    place_at(ws, chart, f"A{below}", f"{line.label}: percentiles by year", text)
    return below + FAN_ROWS
