"""A small workbook of one analysis's results (a tornado, a Monte Carlo, a goal seek, a
comparison, a two-way table), to take into a paper or a model of one's own.

Each sheet opens with a title naming the project, run, scenario and date, then a table: headings
on a grey band, then rows of plain values (numbers stay numbers, formatted by the column's kind:
money in £ with red brackets, rates as percentages, counts whole) and notes under it saying
how the figures were made. No formulas: these are results, not a model.

    Sheet(name, headers, rows, kinds, notes)      one table
    write_analysis(path, title, sheets)           the workbook, written atomically
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import PlannerError
from planner.excel import styles

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMATS = {
    "money": styles.GBP,
    "£": styles.GBP,
    "rate": styles.PCT,
    "%": styles.PCT,
    "count": styles.INTEGER,
    "ratio": styles.RATIO,
    "number": styles.NUMBER,
    "year": styles.YEAR,
    "flag": styles.INTEGER,
}
MAX_SHEET_NAME = 31  # Excel's limit


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: list[str]
    rows: list[list]  # values: float, int, str or None (an empty cell)
    kinds: list[str] = field(default_factory=list)  # per column: a FORMATS key, "" or "text" for none
    notes: list[str] = field(default_factory=list)


def analysis_workbook(title: str, sheets: list[Sheet]) -> Workbook:
    """The openpyxl workbook (not saved)."""
    from openpyxl import Workbook

    if not sheets:
        raise PlannerError("there is nothing to export: run the analysis first")
    wb = Workbook()
    styles.add_styles(wb)
    wb.remove(wb.worksheets[0])  # the sheet a new workbook starts with
    for sheet in sheets:
        _fill(wb.create_sheet(_sheet_name(sheet.name, wb.sheetnames)), title, sheet)
    return wb


def write_analysis(path: str | os.PathLike, title: str, sheets: list[Sheet]) -> None:
    """Write the workbook to `path` atomically; PlannerError naming the file if it cannot be."""
    from planner.project.atomic import write_atomic

    buffer = io.BytesIO()
    analysis_workbook(title, sheets).save(buffer)
    try:
        write_atomic(Path(path), buffer.getvalue())
    except OSError as exc:
        raise PlannerError(f"{path}: the workbook cannot be written ({exc.strerror or exc})") from None


def _fill(ws: Worksheet, title: str, sheet: Sheet) -> None:
    styles.put(ws, 1, 1, title, styles.TITLE)
    styles.put(ws, 2, 1, sheet.name, styles.SUBTITLE)
    widths: dict[int, int] = {}
    for c, heading in enumerate(sheet.headers, start=1):
        styles.put(ws, 4, c, heading, styles.HEADER)
        widths[c] = styles.text_width(heading)
    for r, values in enumerate(sheet.rows, start=5):
        for c, value in enumerate(values, start=1):
            kind = sheet.kinds[c - 1] if c - 1 < len(sheet.kinds) else ""
            plain = _plain(value)
            styles.put(ws, r, c, plain, styles.BODY, FORMATS.get(kind) if isinstance(plain, (int, float)) else None)
            widths[c] = max(widths.get(c, 0), styles.text_width(plain))
    below = 6 + len(sheet.rows)
    for i, note in enumerate(sheet.notes):
        styles.put(ws, below + i, 1, note, styles.BODY)
    styles.fit_columns(ws, widths)
    ws.freeze_panes = "B5"
    styles.print_setup(ws)


def _plain(value: Any) -> Any:
    """A cell's value: NaN and None as an empty cell, numpy numbers as Python ones."""
    if value is None:
        return ""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


def _sheet_name(name: str, taken: list[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\ characters, at most 31 long, not already used."""
    clean = "".join("-" if c in "[]:*?/\\" else c for c in name).strip("'") or "Sheet"
    clean = clean[:MAX_SHEET_NAME]
    out, n = clean, 2
    while out.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        out, n = clean[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    return out
