"""Blocks every run's sheet is built from: its heading, an inputs block, the key figures and
the checks the workbook works out for itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from planner.excel.board_pack.styles import (
    BODY,
    GROUP,
    HEADER,
    HEADER_RIGHT,
    INPUT,
    KEY,
    LABEL,
    NOTE,
    STATUS,
    SUBTITLE,
    TITLE,
    across_pages,
    field_format,
    kind_format,
    print_setup,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.declare import ModelSpec
    from models.core.result import Outcome
    from planner.excel.board_pack.cells import Cells
    from planner.project.scenario_file import RunDef

    RunBlock = Callable[[Cells, Worksheet, int, RunDef, Outcome], int]

ROW_TITLE, ROW_SUBTITLE, ROW_NOTE = 1, 2, 3
TITLE_ROWS = "1:3"


@dataclass
class Figure:
    """A key figure: a formula where the workbook works it out (the planner's figure beside it
    to agree with), else the planner's figure as a value."""

    key: str
    label: str
    kind: str
    planner: object
    formula: str | None = None


@dataclass
class LiveCheck:
    """A check the workbook works out itself: `formula` gives "OK" or "FAIL"."""

    name: str
    formula: str
    ok: bool
    label: str = ""


@dataclass
class RunSheet:
    """Where a run's sheet put what the Summary and Checks sheets refer to."""

    title: str
    figures: dict[str, str] = field(default_factory=dict)  # metric: cell
    checks: dict[str, str] = field(default_factory=dict)  # check name: cell of its live status
    agree: str | None = None  # cell: "OK" when every worked-out figure agrees with the planner


def check_label(spec: ModelSpec, name: str) -> str:
    """A check as a reader names it: its description where the model names it in snake_case."""
    return name if " " in name else dict(spec.checks).get(name, name)


def heading(cells: Cells, ws: Worksheet, title: str, subtitle: str, note: str) -> None:
    cells.text(ws, ROW_TITLE, 1, title, TITLE)
    cells.text(ws, ROW_SUBTITLE, 1, subtitle, SUBTITLE)
    cells.text(ws, ROW_NOTE, 1, note, NOTE)


def section(cells: Cells, ws: Worksheet, row: int, text: str) -> int:
    cells.text(ws, row, 1, text, GROUP)
    return row + 1


def headers(
    cells: Cells, ws: Worksheet, row: int, names: Iterable[str], right_from: int | None = None, text: tuple = ()
) -> int:
    """A row of column headings: those from column `right_from` on head figures, so align right,
    except the columns in `text`."""
    for col, name in enumerate(names, start=1):
        figures = right_from is not None and col >= right_from and col not in text
        cells.text(ws, row, col, name, HEADER_RIGHT if figures else HEADER)
    return row + 1


def inputs_block(cells: Cells, ws: Worksheet, row: int, items: list[tuple]) -> tuple[int, dict[str, str]]:
    """Inputs as the workbook's formulas use them: (name, label, value, unit, fmt, source).

    Returns the next free row and each input's absolute address ("$C$7")."""
    row = headers(cells, ws, row, ("Input", "Unit", "Value", "Source"), right_from=3, text=(4,))
    where = {}
    for name, label, value, unit, fmt, source in items:
        cells.text(ws, row, 1, label, LABEL)
        cells.text(ws, row, 2, unit, KEY)
        if value is None:
            cells.text(ws, row, 3, "", INPUT)
        else:
            cells.number(ws, row, 3, value, field_format(fmt, unit), INPUT)
        cells.text(ws, row, 4, source, NOTE)
        where[name] = f"$C${row}"
        row += 1
    return row + 1, where


KIND_UNITS = {"money": "£", "count": "number", "rate": "%", "ratio": "×", "year": "year", "flag": "yes / no"}


def show(value: Any, kind: str) -> Any:
    """A metric as the pack writes it: numbers stay numbers; a year, a flag or a missing number is text."""
    if kind == "flag":
        return "Yes" if value else "No"
    if kind == "year":
        return value if isinstance(value, str) else "never"
    return "–" if value is None else value


def agreement(mine: str, planner: str) -> str:
    """ "OK" when two cells agree: numbers to a penny (a billionth part of a large one), or both not numbers."""
    close = f'IF(ABS({mine}-{planner})<=MAX(0.01,1E-9*ABS({planner})),"OK","FAIL")'
    return (
        f'=IF(AND(ISNUMBER({mine}),ISNUMBER({planner})),{close},IF(ISNUMBER({mine})=ISNUMBER({planner}),"OK","FAIL"))'
    )


def figures_block(cells: Cells, ws: Worksheet, row: int, figures: list[Figure], out: RunSheet) -> int:
    """Key figures: Value (a formula where the workbook works it out), the planner's figure and
    whether they agree; `out` learns where each figure and the overall agreement are."""
    row = section(cells, ws, row, "Key figures")
    row = headers(cells, ws, row, ("Figure", "Unit", "Value", "Planner's figure", "Agrees"), right_from=3)
    statuses = []
    for f in figures:
        fmt, value = kind_format(f.kind), show(f.planner, f.kind)
        cells.text(ws, row, 1, f.label, LABEL)
        cells.text(ws, row, 2, KIND_UNITS.get(f.kind, ""), KEY)
        if f.formula is not None:
            cells.formula(ws, row, 3, f.formula, "" if value == "–" else value, fmt, BODY)
            _put(cells, ws, row, 4, value, fmt)
            cells.formula(ws, row, 5, agreement(f"C{row}", f"D{row}"), "OK", None, STATUS)
            statuses.append(f"E{row}")
        else:
            _put(cells, ws, row, 3, value, fmt)
        out.figures[f.key] = f"C{row}"
        row += 1
    if statuses:
        cells.text(ws, row, 1, "Every figure worked out here agrees with the planner", LABEL)
        cells.formula(
            ws,
            row,
            5,
            f'=IF(COUNTIF({statuses[0]}:{statuses[-1]},"OK")={len(statuses)},"OK","FAIL")',
            "OK",
            None,
            STATUS,
        )
        out.agree = f"E{row}"
        row += 1
    return row + 1


def _put(cells: Cells, ws: Worksheet, row: int, col: int, value: Any, fmt: str | None) -> None:
    if isinstance(value, str):
        cells.text(ws, row, col, value, BODY)
    else:
        cells.number(ws, row, col, value, fmt, BODY)


def checks_block(cells: Cells, ws: Worksheet, row: int, checks: list[LiveCheck], out: RunSheet) -> int:
    """The checks this sheet works out from its own cells, beside the planner's verdict."""
    if not checks:
        return row
    row = section(cells, ws, row, "Checks worked out in this workbook")
    row = headers(cells, ws, row, ("Check", "", "Workbook", "Planner"))
    for c in checks:
        cells.text(ws, row, 1, c.label or c.name, LABEL)
        cells.formula(ws, row, 3, c.formula, "OK" if c.ok else "FAIL", None, STATUS)
        cells.text(ws, row, 4, "OK" if c.ok else "FAIL", STATUS)
        out.checks[c.name] = f"C{row}"
        row += 1
    return row + 1


def widths(ws: Worksheet, label: int, unit: int, figures: int, first: int, last: int) -> None:
    ws.column_dimensions["A"].width = label
    ws.column_dimensions["B"].width = unit
    for col in range(first, last + 1):
        ws.column_dimensions[get_column_letter(col)].width = figures


@dataclass
class TableColumn:
    """A column of an inputs table on a run's sheet: inputs typed in (`values`), or worked out
    from the row's other cells (`formula` over {column key: "$D$12"}, with the planner's `values`)."""

    key: str
    head: str
    values: list
    fmt: str | None = None
    formula: Any = None  # Callable[[dict[str, str]], str] for a column worked out in the workbook


def input_table(
    cells: Cells, ws: Worksheet, row: int, title: str, columns: list[TableColumn]
) -> tuple[int, dict[str, str] | None]:
    """A table of inputs (blue on yellow) with any columns worked out from them (grey, italic);
    returns the next free row and each column's absolute range ("$C$10:$C$13"), or None if it has no rows."""
    from openpyxl.utils import get_column_letter

    from planner.excel.board_pack.styles import HELPER

    row = section(cells, ws, row, title)
    count = len(columns[0].values)
    if not count:
        cells.text(ws, row, 1, "None entered.", NOTE)
        return row + 2, None
    row = headers(cells, ws, row, [c.head for c in columns], right_from=2)
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    for r in range(count):
        at = {key: f"${letter}${row + r}" for key, letter in letters.items()}
        for i, c in enumerate(columns, start=1):
            value = c.values[r]
            if c.formula is not None:
                cells.formula(ws, row + r, i, c.formula(at), value, c.fmt, HELPER)
            elif isinstance(value, str):
                cells.text(ws, row + r, i, value, INPUT if i > 1 else LABEL)
            else:
                cells.number(ws, row + r, i, value, c.fmt, INPUT)
    ranges = {key: f"${letter}${row}:${letter}${row + count - 1}" for key, letter in letters.items()}
    return row + count + 1, ranges


def line_agreement(cells: Cells, ws: Worksheet, grid: Any) -> tuple[int, list[str]]:
    """Beside each worked-out line of an annual table (planner.excel.board_pack.grid.Grid): the
    planner's sum of its years and whether the workbook's sum agrees. Returns the last column used
    and the "Agrees" cells."""
    import numpy as np

    from planner.excel.board_pack.styles import HEADER_RIGHT, TOTAL

    planner_col, agree_col = grid.last_col + 1, grid.last_col + 2
    letter = get_column_letter(planner_col)
    cells.text(ws, grid.first_row, planner_col, "Planner's sum of the years", HEADER_RIGHT)
    cells.text(ws, grid.first_row, agree_col, "Agrees", HEADER_RIGHT)
    out = []
    for line in grid.lines:
        if line.formula is None:
            continue
        row = grid.row(line.key, 0)
        cells.number(ws, row, planner_col, float(np.nansum(line.figures)), line.number_format, TOTAL)
        formula = agreement(grid.sum(line.key), f"{letter}{row}")
        cells.formula(ws, row, agree_col, formula, "OK", None, STATUS)
        out.append(f"{get_column_letter(agree_col)}{row}")
    return agree_col, out


LIVE_NOTE = (
    "Every amount on this sheet is worked out here from the inputs above (blue on yellow), beside the "
    "planner's own figures; each line's sum and the key figures are compared with the planner's. Key figures "
    "with no Agrees cell are the planner's, copied: the real-terms appraisal is worked out on the Appraisal sheet."
)  # a sheet whose every line is worked out here and compared (land value, programme)


def every_line_agrees(statuses: list[str]) -> LiveCheck:
    """The check that every line's "Agrees" cell (`line_agreement`) says "OK"."""
    found = "+".join(f'COUNTIF({s},"OK")' for s in statuses) or "0"
    formula = f'=IF({found}={len(statuses)},"OK","FAIL")'
    return LiveCheck("lines_agree", formula, True, "Every annual line agrees with the planner")


def by_run_sheet(
    cells: Cells,
    ws: Worksheet,
    title: tuple[str, str],
    runs: list[tuple[RunDef, Outcome]],
    block: RunBlock,
    date: str,
    label_widths: tuple[float, ...],
) -> None:
    """A sheet of the Baseline's runs, one block each (`block` writes a run's block from a row and
    returns the row after it), every year across: printed pages across with the title rows and
    the label columns repeated, so the title must be short enough to stay whole in them."""
    cells.text(ws, 1, 1, title[0], TITLE)
    cells.text(ws, 2, 1, title[1], SUBTITLE)
    row = 3
    for run, outcome in runs:
        row = block(cells, ws, row, run, outcome) + 2
    for col, width in enumerate(label_widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"{get_column_letter(len(label_widths) + 1)}3"
    print_setup(ws, "1:2", "Baseline", date)
    across_pages(ws, 2, f"A:{get_column_letter(len(label_widths))}")
