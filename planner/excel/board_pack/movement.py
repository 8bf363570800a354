"""The Movement sheet: for each scenario, what moved its headline figure from the Baseline,
change by change (planner.analysis.bridge), with a waterfall chart of the Shapley split.

The end figure is a formula (the start plus the steps) that must agree with the scenario's own
figure; the waterfall's floating bars are formulas over the steps, so the chart follows the
table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from planner.analysis.bridge import Bridge, explain
from planner.excel.board_pack.drawing import place_at
from planner.excel.board_pack.executive import headlines
from planner.excel.board_pack.styles import (
    GROUP,
    HEADER,
    HEADER_RIGHT,
    LABEL,
    NOTE,
    STATUS,
    SUBTITLE,
    TITLE,
    WRAP,
    Pages,
    kind_format,
    print_setup,
)
from planner.project.document import Project, runs_changed
from planner.project.scenarios import BASELINE, spec_of

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells

TITLE_TEXT = "Movement"
HEADER_ROW = ("", "One at a time", "Alone", "Shapley", "Interaction")
CHART_ROWS = 12  # the waterfall sits beside its table and takes this many rows: three bridges a page
HELPER_COL = 16  # the waterfall's floating bars, beyond the printed area
WIDTHS = (40, 14, 14, 14, 14, 6)
CHART_UNITS = 60  # columns G onwards, where the chart sits


def bridges(project: Project, scenarios: list[str], runs: list[str], results: dict) -> list[Bridge]:
    """One bridge a scenario: of the last run it changes (a programme comes after the runs it
    takes lines from), the first headline figure that moves, else the first money figure that does."""
    out = []
    for scenario in scenarios:
        if scenario == BASELINE:
            continue
        changed = [r for r in runs_changed(project, scenario) if r in runs]
        for run in reversed(changed):
            metric = _moved(project, run, results[BASELINE][run].summary, results[scenario][run].summary)
            if metric is not None:
                out.append(explain(project, BASELINE, scenario, metric, run))
                break
    return out


def _moved(project: Project, run: str, before: dict, after: dict) -> str | None:
    spec = spec_of(project.run(run).model)
    money = [m.name for m in spec.metrics if m.kind == "money"]
    for metric in (*headlines(spec), *money):
        a, b = before.get(metric), after.get(metric)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) > 0.5:
            return metric
    return None


def write_movement(cells: Cells, ws: Worksheet, project: Project, found: list[Bridge], date: str) -> None:
    cells.text(ws, 1, 1, TITLE_TEXT, TITLE)
    cells.text(ws, 2, 1, f"{project.title}: what moved each scenario's headline figure from the Baseline", SUBTITLE)
    cells.text(
        ws,
        3,
        1,
        "One at a time: each change on top of those above it, in the scenario's order. Shapley: each change's "
        "step averaged over every order the changes could be made in (the chart). Interaction: the Shapley "
        "share less what the change moves alone. Both columns sum to the movement.",
        WRAP,
    )
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=6)
    row = 5
    pages = Pages(ws, sum(WIDTHS) + CHART_UNITS)
    for bridge in found:
        pages.keep(row, max(len(bridge.steps) + 4 + len(bridge.left_out), CHART_ROWS))
        row = _bridge(cells, ws, row, bridge)
    for col, width in zip("ABCDEF", WIDTHS):
        ws.column_dimensions[col].width = width
    print_setup(ws, "1:3", "All scenarios", date, f"A1:{get_column_letter(HELPER_COL - 2)}{row}")
    ws.freeze_panes = "A4"


def _bridge(cells: Cells, ws: Worksheet, row: int, b: Bridge) -> int:
    fmt = kind_format(b.kind)
    money = b.kind == "money"
    cells.text(ws, row, 1, f"{b.end_scenario}: {b.metric_label} ({b.run})", GROUP)
    row += 1
    for col, name in enumerate(HEADER_ROW, start=1):
        cells.text(ws, row, col, name, HEADER if col == 1 else HEADER_RIGHT)
    first = row + 1
    cells.text(ws, first, 1, b.start_scenario, LABEL)
    cells.number(ws, first, 4, b.start, fmt)
    row = first + 1
    for i, s in enumerate(b.steps, start=1):
        label = b.label(s)
        cells.text(ws, row, 1, f"{i}. {label}", WRAP)
        for col, value in ((2, s.step), (3, s.alone), (4, s.shapley), (5, s.interaction)):
            if value is not None:
                cells.number(ws, row, col, value, fmt)
        row += 1
    last = row - 1
    cells.text(ws, row, 1, b.end_scenario, LABEL)
    column = "D" if b.has_shapley else "B"
    cells.formula(ws, row, 4, f"=D{first}+SUM({column}{first + 1}:{column}{last})", b.end, fmt, money=money)
    cells.formula(
        ws,
        row,
        6,
        f'=IF(ABS(D{row}-{b.end!r})<=1,"OK","FAIL")' if money else f'=IF(ABS(D{row}-{b.end!r})<=1E-6,"OK","FAIL")',
        "OK",
        None,
        STATUS,
    )
    _waterfall(cells, ws, first, row, column, b)
    for d in b.left_out:
        row += 1
        cells.text(ws, row, 1, f"Not affecting this figure: {d.label} ({d.run})", NOTE)
    return max(row + 2, first - 2 + CHART_ROWS + 1)


def _waterfall(cells: Cells, ws: Worksheet, first: int, end: int, column: str, b: Bridge) -> None:
    """A stacked bar chart whose first series is invisible: each step floats from the running total."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.shapes import GraphicalProperties

    h = HELPER_COL
    for i, name in enumerate(("Base", "Increase", "Decrease", "Total", "Bar")):
        cells.text(ws, first - 1, h + i, name, HEADER)
    for r in range(first, end + 1):  # short names on the axis: the table numbers the changes
        cells.text(ws, r, h + 4, "Start" if r == first else "End" if r == end else str(r - first))

    def through(r: int) -> str:  # the running total once the steps down to row r are made
        return f"D${first}" if r <= first else f"(D${first}+SUM({column}${first + 1}:{column}{r}))"

    fmt, money = kind_format(b.kind), b.kind == "money"
    running = b.start
    for r in range(first, end + 1):
        if r in (first, end):
            formulas = ("=0", "=0", "=0", f"=D{r}")
            expected = (0.0, 0.0, 0.0, b.start if r == first else b.end)
        else:
            step = b.steps[r - first - 1]
            moved = step.shapley if b.has_shapley and step.shapley is not None else step.step  # has_shapley: all set
            before, running = running, running + moved
            prev, cum = through(r - 1), through(r)
            formulas = (f"=MIN({prev},{cum})", f"=MAX({cum}-{prev},0)", f"=MAX({prev}-{cum},0)", "=0")
            expected = (min(before, running), max(running - before, 0.0), max(before - running, 0.0), 0.0)
        for i, (formula, value) in enumerate(zip(formulas, expected)):
            cells.formula(ws, r, h + i, formula, value, fmt, money=money)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "col", "stacked", 100, 50
    data = Reference(ws, min_col=h, max_col=h + 3, min_row=first - 1, max_row=end)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=h + 4, min_row=first, max_row=end))
    chart.series[0].graphicalProperties = GraphicalProperties(noFill=True)
    chart.series[0].graphicalProperties.line.noFill = True
    for series, colour in zip(chart.series[1:], ("009E73", "D55E00", "0072B2")):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.title = None  # the table above names it
    chart.legend = None
    chart.y_axis.number_format = '£#,##0.0,,"m"' if b.kind == "money" else "#,##0"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.tickLblPos = "low"
    chart.width, chart.height = 11.5, 5.0  # type: ignore[assignment]  # cm, any number; the stub says int
    title = f"{b.end_scenario}: {b.metric_label}"
    steps = "; ".join(f"{i}. {b.label(s)}" for i, s in enumerate(b.steps, start=1))
    text = (
        f"Waterfall chart of what moved {b.metric_label} ({b.run}) from the {b.start_scenario} to "
        f"{b.end_scenario}: the start, each change ({steps}) and the end. The figures are in the table beside it."
    )
    place_at(ws, chart, f"G{first - 2}", title, text)
