"""The Executive summary: what a board reads first, on at most two pages.

For each run, its headline figures in every scenario (references to the run sheets, so they are
the pack's own figures); every failing check, with its year and amount; and what each scenario
changes from the Baseline, with the runs it leaves exactly as they are ("as Baseline").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.core.declare import Field, TableSpec
from models.core.result import SEVERITIES, SEVERITY_LABELS
from models.rules import RULES
from planner.analysis.rule_changes import baseline_text, override_text
from planner.analysis.sensitivity import input_label
from planner.analysis.unusual import unusual_inputs
from planner.excel.board_pack.blocks import KIND_UNITS, RunSheet, show
from planner.excel.board_pack.sheets import CHECKS, MASTER, CheckRow, status_colours
from planner.excel.board_pack.styles import (
    GROUP,
    HEADER,
    HEADER_RIGHT,
    KEY,
    LABEL,
    NOTE,
    SUBTITLE,
    TITLE,
    WRAP,
    kind_format,
    print_setup,
    ref,
)
from planner.project import paths
from planner.project.document import Project, scenario_changes
from planner.project.scenarios import BASELINE, ChangedInput, spec_of

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.declare import DataInput, ModelSpec
    from models.core.result import Result
    from planner.excel.board_pack.cells import Cells

TITLE_TEXT = "Executive summary"
HEADLINES = {  # the figures a board asks for first, by mechanism
    "brs": ("total_net_yield", "loan", "repaid_year"),
    "land_value": ("total_receipts", "supportable_borrowing", "repayment_year"),
    "housing_first": ("grant_total", "people_housed", "closing_balance"),
    "hra": ("peak_debt", "min_headroom", "homes_built"),
    "programme": ("total_investment", "peak_cumulative_gap", "borrowing_required"),
}
MOST_CHANGES = 4  # changes listed per scenario; more are counted


def headlines(spec: ModelSpec) -> tuple[str, ...]:
    """A mechanism's headline metrics: declared above, else its first three money figures."""
    known = {m.name for m in spec.metrics}
    chosen = tuple(m for m in HEADLINES.get(spec.key, ()) if m in known)
    return chosen or tuple(m.name for m in spec.metrics if m.kind == "money")[:3]


def write_executive(
    cells: Cells,
    ws: Worksheet,
    project: Project,
    scenarios: list[str],
    runs: list[str],
    results: dict[str, dict[str, Result]],
    sheets: dict[tuple[str, str], RunSheet],
    checks: list[CheckRow],
    as_baseline: dict[str, list[str]],
    date: str,
) -> None:
    cells.text(ws, 1, 1, TITLE_TEXT, TITLE)
    cells.text(ws, 2, 1, f"{project.title}. Prepared {date}.", SUBTITLE)
    cells.text(ws, 3, 1, "Master check", KEY)
    cells.formula(ws, 3, 2, "=" + ref(CHECKS, MASTER), _master(checks), None, GROUP)
    status_colours(ws, "B3")
    row = _headline_table(cells, ws, 5, project, scenarios, runs, results, sheets)
    row = _failing(cells, ws, row + 1, checks)
    row = _changes(cells, ws, row + 1, project, scenarios, as_baseline)
    row = _unusual(cells, ws, row + 1, project, scenarios)
    for col, width in zip("ABCDEFGHI", (44, 8, 17, 17, 17, 17, 17, 17, 17)):
        ws.column_dimensions[col].width = width
    print_setup(ws, "1:2", "All scenarios", date)
    ws.page_setup.fitToHeight = 2
    ws.freeze_panes = "A4"


def _master(checks: list[CheckRow]) -> str:
    failing = sum(not c.ok for c in checks)
    return "ALL CHECKS PASS" if not failing else f"{failing} OF {len(checks)} CHECKS FAIL"


def _headline_table(
    cells: Cells,
    ws: Worksheet,
    row: int,
    project: Project,
    scenarios: list[str],
    runs: list[str],
    results: dict[str, dict[str, Result]],
    sheets: dict[tuple[str, str], RunSheet],
) -> int:
    cells.text(ws, row, 1, "Headline figures", GROUP)
    row += 1
    for col, name in enumerate(["Run and figure", "Unit", *scenarios], start=1):
        cells.text(ws, row, col, name, HEADER if col < 3 else HEADER_RIGHT)
    row += 1
    for run in runs:
        spec = spec_of(project.run(run).model)
        cells.text(ws, row, 1, run, LABEL)
        row += 1
        for metric in headlines(spec):
            info = spec.metric_info(metric)
            cells.text(ws, row, 1, f"   {info.label}", WRAP)
            cells.text(ws, row, 2, KIND_UNITS.get(info.kind, ""), KEY)
            for i, scenario in enumerate(scenarios):
                sheet = sheets.get((scenario, run))
                where = sheet.figures.get(metric) if sheet else None
                value = show(results[scenario][run].summary.get(metric), info.kind)
                if sheet is None or where is None:
                    cells.text(ws, row, 3 + i, "" if value == "–" else value)
                else:
                    expected = "" if value == "–" else value
                    fmt = kind_format(info.kind, results[scenario][run].summary.get(metric))
                    cells.formula(ws, row, 3 + i, "=" + ref(sheet.title, where), expected, fmt)
            row += 1
    return row


def _failing(cells: Cells, ws: Worksheet, row: int, checks: list[CheckRow]) -> int:
    """Every failing check, the most serious first: unlawful, statutory limit, local policy, tie-out."""
    failing = sorted((c for c in checks if not c.ok), key=lambda c: _rank(c.severity))
    cells.text(ws, row, 1, f"Checks that fail ({len(failing)})", GROUP)
    row += 1
    if not failing:
        cells.text(ws, row, 1, "Every check passes in every scenario.", NOTE)
        return row + 1
    for col, name in enumerate(("Scenario and run", "Year", "Severity", "Check", "", "", "", "Amount"), start=1):
        cells.text(ws, row, col, name, HEADER)
    row += 1
    for c in failing:
        cells.text(ws, row, 1, f"{c.scenario}: {c.run}", WRAP)
        cells.text(ws, row, 2, c.year or "", LABEL)
        cells.text(ws, row, 3, SEVERITY_LABELS.get(c.severity, c.severity), LABEL)
        cells.text(ws, row, 4, c.message or c.name, WRAP)
        ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=7)
        if c.amount is not None:
            money = c.unit.startswith("£")
            cells.number(ws, row, 8, c.amount, "£#,##0;[Red](£#,##0)" if money else "#,##0.00")
        row += 1
    return row


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _changes(
    cells: Cells, ws: Worksheet, row: int, project: Project, scenarios: list[str], as_baseline: dict[str, list[str]]
) -> int:
    cells.text(ws, row, 1, "What each scenario changes from the Baseline", GROUP)
    row += 1
    for scenario in scenarios:
        if scenario == BASELINE:
            continue
        changes = scenario_changes(project, scenario)
        listed = "; ".join(_change_text(project, c) for c in changes[:MOST_CHANGES])
        more = len(changes) - MOST_CHANGES
        if more > 0:
            listed += f"; and {more} more (see the Assumptions sheet)"
        same = as_baseline.get(scenario, [])
        tail = f" As Baseline: {', '.join(same)}." if same else ""
        cells.text(ws, row, 1, scenario, LABEL)
        cells.text(ws, row, 2, (listed or "No input changed.") + "." * bool(listed) + tail, WRAP)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=9)
        row += 1
    return row


def _unusual(cells: Cells, ws: Worksheet, row: int, project: Project, scenarios: list[str]) -> int:
    found = unusual_inputs(project, scenarios)
    if not found:
        return row
    cells.text(ws, row, 1, f"Inputs outside their usual range ({len(found)})", GROUP)
    row += 1
    for scenario, run, label, text in found:
        cells.text(ws, row, 1, f"{scenario}: {run}", WRAP)
        cells.text(ws, row, 2, f"{label}: {text}", WRAP)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=9)
        row += 1
    return row


def _change_text(project: Project, change: ChangedInput) -> str:
    if change.path.startswith("rules."):
        rule_id = change.path.removeprefix("rules.")
        label = RULES.rules[rule_id].label if rule_id in RULES.rules else rule_id
        after = override_text(change.value)
        return f"{change.run} › rule overridden, {label}: {baseline_text(change.baseline)} → {after}"
    spec = spec_of(project.run(change.run).model)
    declared = paths.declaration(spec, change.path)
    if isinstance(declared, TableSpec):
        return f"{change.run} › {declared.label}: {_rows(change.baseline)} → {_rows(change.value)}"
    label = input_label(project.run(change.run), change.path)
    return f"{change.run} › {label}: {_value(declared, change.baseline)} → {_value(declared, change.value)}"


def _rows(value: Any) -> str:
    count = len(value) if isinstance(value, list) else 0
    return "no rows" if not count else f"{count} row{'s' * (count != 1)}"


def _value(field: Field | DataInput, value: Any) -> str:
    """An input's value as its declaration shows it (Field.show): money in £, shares as percentages."""
    # a data input (a rating list) holds data, never a number: it reads as its text
    if value is None or isinstance(value, (bool, str)) or not isinstance(value, (int, float)):
        return "not set" if value is None else str(value)
    return field.show(value) if isinstance(field, Field) else str(value)
