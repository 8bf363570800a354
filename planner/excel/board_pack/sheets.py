"""The pack's front sheets: Summary (every scenario side by side) and Checks (every check, with
a master check over them). Both refer to the run sheets' cells, so a reader can trace any
figure back to the annual table it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.core.result import SEVERITY_LABELS, worst_failure
from planner.analysis.compare import MetricRow
from planner.excel.board_pack.blocks import KIND_UNITS, RunSheet, check_label, show
from planner.excel.board_pack.styles import (
    DIFFERENCE,
    GROUP,
    HEADER,
    HEADER_RIGHT,
    KEY,
    LABEL,
    NOTE,
    STATUS,
    SUBTITLE,
    TITLE,
    WRAP,
    kind_format,
    print_setup,
    ref,
)
from planner.project.scenarios import BASELINE

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.annual import RunContext
    from planner.excel.board_pack.cells import Cells

CHECKS = "Checks"
MASTER = "C3"


@dataclass
class CheckRow:
    scenario: str
    run: str
    name: str
    ok: bool
    year: str | None
    amount: float | None
    unit: str
    message: str
    live: str | None  # the run sheet's cell that works the status out, if it does
    severity: str = "check"


def check_rows(ctx: RunContext, sheet: RunSheet) -> list[CheckRow]:
    """A run's checks (live where its sheet works them out) and, where the sheet works figures
    out for itself, the check that they agree with the planner's."""
    units = {c.name: c.unit for c in ctx.outcome.checks}
    rows = [
        CheckRow(
            ctx.scenario,
            ctx.run.name,
            check_label(ctx.spec, c.name),
            c.ok,
            c.year,
            c.amount,
            units.get(c.name, ""),
            c.message,
            ref(sheet.title, sheet.checks[c.name]) if c.name in sheet.checks else None,
            c.severity,
        )
        for c in ctx.result.checks
    ]
    if sheet.agree:
        rows.append(
            CheckRow(
                ctx.scenario,
                ctx.run.name,
                "The figures worked out in the workbook agree with the planner's",
                True,
                None,
                None,
                "",
                "Dual running: see the key figures on the run's sheet.",
                ref(sheet.title, sheet.agree),
                "tie-out",
            )
        )
    return rows


def master_text(failures: int, count: int) -> str:
    """What the master check shows.

    >>> master_text(0, 12), master_text(2, 12)
    ('ALL CHECKS PASS', '2 OF 12 CHECKS FAIL')
    """
    return "ALL CHECKS PASS" if failures == 0 else f"{failures} OF {count} CHECKS FAIL"


def write_checks(
    cells: Cells, ws: Worksheet, rows: list[CheckRow], project_title: str, date: str
) -> dict[tuple[str, str], tuple]:
    """Every check with its status; returns the first and last row of each (scenario, run)."""
    cells.text(ws, 1, 1, "Checks", TITLE)
    cells.text(
        ws,
        2,
        1,
        f"{project_title}. Status is worked out on the run's sheet where the workbook recomputes "
        "the model; otherwise it is the planner's verdict.",
        SUBTITLE,
    )
    header = ("Scenario", "Run", "Check", "Planner", "Status", "Year", "Amount", "Message", "Severity")
    for col, name in enumerate(header, start=1):
        cells.text(ws, 4, col, name, HEADER)
    first = 5
    spans: dict[tuple[str, str], tuple] = {}
    row = first
    for c in rows:
        for col, text in ((1, c.scenario), (2, c.run), (3, c.name), (8, c.message), (9, SEVERITY_LABELS[c.severity])):
            cells.text(ws, row, col, text, WRAP)
        cells.text(ws, row, 4, "OK" if c.ok else "FAIL", STATUS)
        formula = f"={c.live}" if c.live else f"=D{row}"
        cells.formula(ws, row, 5, formula, "OK" if c.ok else "FAIL", None, STATUS)
        cells.text(ws, row, 6, c.year or "", LABEL)
        if c.amount is not None:
            cells.number(ws, row, 7, c.amount, "£#,##0;[Red](£#,##0)" if c.unit.startswith("£") else "#,##0.00")
        key = (c.scenario, c.run)
        spans[key] = (spans.get(key, (row, row))[0], row)
        row += 1
    last = max(row - 1, first)
    status = f"E{first}:E{last}"
    failures = sum(not c.ok for c in rows)
    cells.text(ws, 3, 1, "Master check (counts the Status column)", GROUP)
    cells.formula(
        ws,
        3,
        3,
        f'=IF(COUNTIF({status},"FAIL")=0,"ALL CHECKS PASS",COUNTIF({status},"FAIL")&" OF "'
        f'&COUNTA({status})&" CHECKS FAIL")',
        master_text(failures, len(rows)),
        None,
        STATUS,
    )
    cells.text(ws, 3, 4, "Workbook ≠ planner:", KEY)
    cells.formula(ws, 3, 5, f"=SUMPRODUCT(--(D{first}:D{last}<>{status}))", 0, "0", STATUS)
    worst = worst_failure(rows)
    cells.text(ws, 3, 8, "Most serious failure (planner):", KEY)
    cells.text(ws, 3, 9, "none" if worst is None else SEVERITY_LABELS[worst], STATUS)
    status_colours(ws, status)
    status_colours(ws, MASTER)
    for letter, width in zip("ABCDEFGHI", (24, 32, 52, 9, 9, 9, 14, 80, 16)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    print_setup(ws, "1:4", "All scenarios", date)
    return spans


def status_colours(ws: Worksheet, cells: str) -> None:
    """OK in green, FAIL (and a master check that counts failures) in red."""
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.styles import Font, PatternFill

    red = dict(font=Font(color="FF9C0006", bold=True), fill=PatternFill("solid", bgColor="FFFFC7CE"))
    green = dict(font=Font(color="FF006100", bold=True), fill=PatternFill("solid", bgColor="FFC6EFCE"))
    first = cells.split(":")[0]
    ws.conditional_formatting.add(cells, FormulaRule(formula=[f'ISNUMBER(SEARCH("FAIL",{first}))'], **red))
    ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=['"OK"'], **green))
    ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=['"ALL CHECKS PASS"'], **green))


def write_summary(
    cells: Cells,
    ws: Worksheet,
    scenarios: list[str],
    runs: list[tuple[str, str]],
    metrics: list[MetricRow],
    sheets: dict[tuple[str, str], RunSheet],
    spans: dict,
    failures: dict,
    date: str,
    project_title: str,
) -> None:
    """Every run's key figures in every scenario, the difference from the Baseline, and the checks."""
    cells.text(ws, 1, 1, "Summary: the scenarios side by side", TITLE)
    cells.text(ws, 2, 1, project_title, SUBTITLE)
    cells.text(
        ws, 3, 1, "Each figure refers to its run's sheet; each difference is the scenario less the Baseline.", NOTE
    )
    header = ["Run and figure", "Unit", BASELINE]
    for s in scenarios[1:]:
        header += [s, f"{s}: difference"]
    for col, name in enumerate(header, start=1):
        cells.text(ws, 4, col, name, HEADER if col < 3 else HEADER_RIGHT)
    row = 5
    for run, model_label in runs:
        cells.text(ws, row, 1, f"{run} ({model_label})", GROUP)
        row += 1
        mine = [m for m in metrics if m.run == run]
        for m in sorted(mine, key=lambda m: ":" in m.metric):  # per-row figures last, grouped out of print
            _metric_row(cells, ws, row, scenarios, m, sheets)
            if ":" in m.metric:
                ws.row_dimensions[row].outline_level, ws.row_dimensions[row].hidden = 1, True
            row += 1
        parts = sum(":" in m.metric for m in mine)
        if parts:
            cells.text(
                ws, row, 1, f"{parts} figures by row (one a source, a site ...) are grouped above: + shows them", NOTE
            )
            row += 1
        _checks_row(cells, ws, row, scenarios, run, spans, failures)
        row += 2
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 8
    from openpyxl.utils import get_column_letter

    for col in range(3, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws.freeze_panes = "C5"
    status_colours(ws, f"C5:{get_column_letter(len(header))}{row}")
    print_setup(ws, "1:4", "All scenarios", date)


def _metric_row(cells: Cells, ws: Worksheet, row: int, scenarios: list[str], m: MetricRow, sheets: dict) -> None:
    from openpyxl.utils import get_column_letter

    fmt = kind_format(m.kind)
    cells.text(ws, row, 1, m.label, LABEL)
    cells.text(ws, row, 2, KIND_UNITS.get(m.kind, ""), KEY)
    base = f"C{row}"
    for i, s in enumerate(scenarios):
        col = 3 if i == 0 else 2 + 2 * i
        sheet = sheets.get((s, m.run))
        where = sheet.figures.get(m.metric) if sheet else None
        if where is None:
            cells.text(ws, row, col, "")
        else:
            assert sheet is not None  # where is None without a sheet
            value = show(m.values.get(s), m.kind)
            shown = kind_format(m.kind, m.values.get(s))
            cells.formula(ws, row, col, "=" + ref(sheet.title, where), value, shown)  # "–" as the figure shows it
        if i:
            mine = f"{get_column_letter(col)}{row}"
            diff = m.difference.get(s)
            cells.formula(
                ws,
                row,
                col + 1,
                f'=IF(AND(ISNUMBER({base}),ISNUMBER({mine})),{mine}-{base},"")',
                "" if diff is None else diff,
                DIFFERENCE.get(fmt, fmt),
                money=m.kind == "money",
            )


def _checks_row(
    cells: Cells, ws: Worksheet, row: int, scenarios: list[str], run: str, spans: dict, failures: dict
) -> None:
    cells.text(ws, row, 1, "Checks", LABEL)
    for i, s in enumerate(scenarios):
        col = 3 if i == 0 else 2 + 2 * i
        span = spans.get((s, run))
        if span is None:
            continue
        status = ref(CHECKS, f"E{span[0]}:E{span[1]}")
        count = failures[(s, run)]
        cells.formula(
            ws,
            row,
            col,
            f'=IF(COUNTIF({status},"FAIL")=0,"OK",COUNTIF({status},"FAIL")&" FAIL")',
            "OK" if count == 0 else f"{count} FAIL",
            None,
            STATUS,
        )
