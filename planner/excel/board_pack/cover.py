"""The Cover (what the pack is, for whom, from which inputs) and the Assumptions log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from models.core.declare import Field
from planner.analysis.rule_changes import baseline_text, override_text
from planner.excel.board_pack.blocks import show
from planner.excel.board_pack.sheets import CHECKS, MASTER, status_colours
from planner.excel.board_pack.styles import (
    GROUP,
    HEADER,
    KEY,
    LABEL,
    NOTE,
    SUBTITLE,
    TITLE,
    WRAP,
    field_format,
    print_setup,
    ref,
)
from planner.project import paths
from planner.project.document import Project, scenario_changes
from planner.project.scenarios import BASELINE, spec_of

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.declare import DataInput, ModelSpec, TableSpec
    from planner.excel.board_pack.cells import Cells


def write_cover(
    cells: Cells,
    ws: Worksheet,
    project: Project,
    scenarios: list[str],
    contents: list[tuple[str, ...]],
    fingerprint: str,
    date: str,
    master: str,
) -> None:
    cells.text(ws, 1, 1, project.title or "Funding for Growth", TITLE)
    cells.text(ws, 2, 1, "Board pack: scenarios, annual tables, checks and the assumptions behind them", SUBTITLE)
    meta = project.metadata
    details = (
        ("Project", project.title),
        ("Description", project.description),
        ("Author", meta.author),
        ("Organisation", meta.organisation),
        ("Prepared", date),
        ("Input fingerprint", fingerprint),
    )
    row = 4
    for label, value in details:
        cells.text(ws, row, 1, label, KEY)
        cells.text(ws, row, 2, value, WRAP)
        row += 1
    cells.text(ws, row, 1, "Master check", KEY)
    cells.formula(ws, row, 2, "=" + ref(CHECKS, MASTER), master, None, GROUP)
    status_colours(ws, f"B{row}")
    cells.text(
        ws,
        row + 1,
        2,
        "The input fingerprint is the first 16 hex digits of the SHA-256 of the project file "
        "as the planner saves it: the same inputs give the same fingerprint.",
        NOTE,
    )
    row += 3
    row = _table(
        cells,
        ws,
        row,
        "Scenarios",
        ("No.", "Scenario", "Builds on", "Description"),
        [(str(i), s, _based_on(project, s), _description(project, s)) for i, s in enumerate(scenarios, 1)],
    )
    row = _table(cells, ws, row, "Contents", ("Sheet", "What it shows", "In print"), contents)
    _link_contents(ws, row - 1 - len(contents), contents)
    cells.text(
        ws,
        row - 1,
        1,
        "A reference sheet is in the workbook but hidden, so it is not printed: right-click a sheet tab and "
        "choose Unhide to read it. Its figures still feed the Summary, Checks and Movement.",
        NOTE,
    )
    for col, width in zip("ABCD", (34, 50, 26, 70)):
        ws.column_dimensions[col].width = width
    print_setup(ws, None, "All scenarios", date)
    ws.page_setup.fitToHeight = 1  # the cover is one page


def _link_contents(ws: Worksheet, first: int, contents: list[tuple[str, ...]]) -> None:
    """Each printed sheet named in the contents is a link to it (Excel cannot follow a link to a hidden sheet)."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    assert ws.parent is not None  # a sheet of the pack's workbook
    wb = ws.parent
    for i, (title, *_rest) in enumerate(contents):
        if title in wb.sheetnames and wb[title].sheet_state == "visible":
            cell = ws.cell(first + i, 1)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=ref(title, "A1"), display=title)


def _based_on(project: Project, name: str) -> str:
    return "" if name == BASELINE else (project.scenario(name).based_on or BASELINE)


def _description(project: Project, name: str) -> str:
    if name == BASELINE:
        return "The inputs as entered, before any scenario's changes."
    return project.scenario(name).description


def _table(cells: Cells, ws: Worksheet, row: int, title: str, header: Iterable[str], rows: Iterable) -> int:
    cells.text(ws, row, 1, title, GROUP)
    for col, name in enumerate(header, start=1):
        cells.text(ws, row + 1, col, name, HEADER)
    row += 2
    for values in rows:
        for col, value in enumerate(values, start=1):
            cells.text(ws, row, col, value, WRAP if col > 1 else LABEL)
        row += 1
    return row + 1


# ---- the assumptions log --------------------------------------------------------------------

LOG = "Assumptions log"
LOG_HEADER = ("Run", "Input", "Label", "Value (Baseline)", "Unit", "Source", "Owner", "Date", "Note")


def write_assumptions(cells: Cells, ws: Worksheet, project: Project, scenarios: list[str], date: str) -> None:
    """What each scenario changes, from what to what (the log of every input's source is its own sheet)."""
    cells.text(ws, 1, 1, "Assumptions", TITLE)
    cells.text(
        ws,
        2,
        1,
        f"What each scenario changes (with the scenarios it builds on). Where every input comes from and who "
        f"answers for it is the '{LOG}' sheet (reference only: in the workbook, not printed).",
        SUBTITLE,
    )
    row = _changes(cells, ws, 3, project, scenarios)
    if len(scenarios) == 1:
        cells.text(ws, row, 1, "The pack shows the Baseline only: there are no scenarios.", NOTE)
    for letter, width in zip("ABCDEF", (26, 30, 34, 44, 26, 30)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    print_setup(ws, "1:4", "All scenarios", date)


def write_log(cells: Cells, ws: Worksheet, project: Project, date: str) -> None:
    """The project's assumptions log: each input's Baseline value, source, owner and date."""
    cells.text(ws, 1, 1, LOG, TITLE)
    cells.text(
        ws, 2, 1, "Where each input comes from and who answers for it (the project's assumptions log).", SUBTITLE
    )
    for col, name in enumerate(LOG_HEADER, start=1):
        cells.text(ws, 4, col, name, HEADER)
    row = 5
    for run in project.runs:
        spec = spec_of(run.model)
        for path, entry in project.assumptions.get(run.name, {}).items():
            decl = _declaration(spec, path)
            cells.text(ws, row, 1, run.name, WRAP)
            cells.text(ws, row, 2, path, WRAP)
            cells.text(ws, row, 3, label_of(spec, path), WRAP)
            _value(cells, ws, row, 4, decl, _get(spec, run.inputs, path))
            cells.text(ws, row, 5, getattr(decl, "unit", ""), LABEL)
            for col, text in enumerate((entry.source, entry.owner, entry.date, entry.note), start=6):
                cells.text(ws, row, col, text, WRAP)
            row += 1
    for letter, width in zip("ABCDEFGHI", (22, 22, 30, 16, 12, 48, 14, 11, 30)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    print_setup(ws, "1:4", "All scenarios", date)


def _changes(cells: Cells, ws: Worksheet, row: int, project: Project, scenarios: list[str]) -> int:
    header = ("Scenario", "Run", "Input", "Label", "Baseline value", "Scenario value")
    for col, name in enumerate(header, start=1):
        cells.text(ws, row + 1, col, name, HEADER)
    row += 2
    for name in scenarios[1:]:
        for change in scenario_changes(project, name):
            spec = spec_of(project.run(change.run).model)
            decl = _declaration(spec, change.path)
            for col, text in ((1, name), (2, change.run), (3, change.path), (4, label_of(spec, change.path))):
                cells.text(ws, row, col, text, WRAP)
            if paths.is_rule(change.path):  # a change to the law or policy itself: say so in words
                cells.text(ws, row, 5, baseline_text(change.baseline), LABEL)
                cells.text(ws, row, 6, f"overridden: {override_text(change.value)}", LABEL)
            else:
                _value(cells, ws, row, 5, decl, change.baseline)
                _value(cells, ws, row, 6, decl, change.value)
            row += 1
    return row


def _declaration(spec: ModelSpec, path: str) -> Field | TableSpec | DataInput | None:
    try:
        return paths.declaration(spec, path)
    except KeyError:
        return None


def _get(spec: ModelSpec, raw: dict, path: str) -> Any:
    try:
        return paths.get_value(spec, raw, path)
    except KeyError:
        return None


def label_of(spec: ModelSpec, path: str) -> str:
    """A reader's name for an input path: its label, with the table and row for a table cell."""
    try:
        p = paths.parse(path)
        decl = paths.declaration(spec, path)
    except KeyError:
        return path
    if p.row is None:
        return decl.label
    table = spec.table(p.name)
    row = f"row {p.row}" if p.row.isdigit() else p.row
    return f"{table.label}, {row}: {decl.label}"


def _value(
    cells: Cells, ws: Worksheet, row: int, col: int, decl: Field | TableSpec | DataInput | None, value: Any
) -> None:
    """An input's value as the log shows it: a number in its format, or text."""
    if isinstance(value, list):
        cells.text(ws, row, col, f"table of {len(value)} row{'s' if len(value) != 1 else ''}", LABEL)
    elif isinstance(value, bool):
        cells.text(ws, row, col, show(value, "flag"), LABEL)
    elif isinstance(value, (int, float)) and isinstance(decl, Field):
        cells.number(ws, row, col, value, field_format(decl.fmt, decl.unit))
    else:
        cells.text(ws, row, col, "none" if value is None else value, LABEL)
