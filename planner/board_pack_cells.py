"""Writing the pack's cells: text that can never become a formula, numbers, and formulas that
carry the planner's own figure alongside.

Every text cell — titles, names, notes, labels, sources — goes through `Cells.text`, which
stores it as a string (never a formula, an error or a number) and marks text starting with
= + - @ tab or CR with a quote prefix, so even editing the cell in Excel keeps it text.
Every formula goes through `Cells.formula`, which records the value the planner computed for
that cell in `expected`, so a test (or an auditor) can recalculate the workbook and compare.
"""
from __future__ import annotations

import math
from copy import copy
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from planner.board_pack_styles import BODY, FIGURE, WRAPPING

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32_767  # Excel's limit for one cell


@dataclass(frozen=True)
class Expected:
    """What a formula cell should show after recalculation: a number (within `tolerance`),
    a text such as "OK", or "" for a cell left empty."""

    value: float | str
    tolerance: float = 0.0

    def agrees(self, found) -> bool:
        if isinstance(self.value, str):
            return (found if found is not None else "") == self.value
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            return False
        return abs(float(found) - self.value) <= self.tolerance


def tolerance_for(value: float, money: bool) -> float:
    """£1 for money (the board reads whole pounds); a millionth part for anything else."""
    return 1.0 if money else max(1e-9, 1e-6 * abs(value))


def clean_text(value) -> str:
    """User text as a cell may hold it: control characters Excel refuses become spaces."""
    text = "" if value is None else str(value)
    return ILLEGAL_CHARACTERS_RE.sub(" ", text)[:MAX_TEXT]


def number_or_none(value) -> float | None:
    """A finite float, or None for a value that has none (NaN, infinity, None)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _cell(ws, row: int, col: int):
    """The cell at (row, col), made without openpyxl's per-call checks (this runs ~40,000 times a pack)."""
    cell = ws._cells.get((row, col))
    if cell is None:
        cell = ws._cells[(row, col)] = Cell(ws, row=row, column=col)
    return cell


class Cells:
    """Writes cells of one workbook with cached styles, and collects the expected values."""

    def __init__(self, workbook) -> None:
        self.wb = workbook
        self.expected: dict[tuple[str, str], Expected] = {}
        self._styles: dict[tuple, object] = {}
        self._wrapped: dict[str, dict[tuple[int, int], str]] = {}  # sheet: {(row, col): text} of wrapping cells

    def _style(self, cell, style: str, fmt: str | None, quote: bool = False) -> None:
        key = (style, fmt, quote)
        cached = self._styles.get(key)
        if cached is None:  # style one cell the slow way, then copy its style ids: far faster
            cell.style = style
            if fmt:
                cell.number_format = fmt
            if quote:
                cell.quotePrefix = True
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(cached)

    def text(self, ws, row: int, col: int, value, style: str = BODY):
        """A text cell, whatever the text: never a formula, a number or an error."""
        text = clean_text(value)
        cell = _cell(ws, row, col)
        cell._value, cell.data_type = text, "s"  # set directly: the value setter would parse "=…" as a formula
        self._style(cell, style, None, text.startswith(RISKY_START))
        if style in WRAPPING and text:
            self._wrapped.setdefault(ws.title, {})[(row, col)] = text
        return cell

    def fit_rows(self, ws, line_height: float = 12.75) -> None:
        """Rows tall enough for their wrapped text: LibreOffice does not grow rows when it opens
        a workbook, so a long label would otherwise print over the row below."""
        from openpyxl.utils import get_column_letter

        widths = {}
        lines: dict[int, int] = {}
        for (row, col), text in self._wrapped.get(ws.title, {}).items():
            if col not in widths:
                widths[col] = max(4.0, (ws.column_dimensions[get_column_letter(col)].width or 8.43) * 1.2 - 1.5)  # Arial 10 fits ~1.2 characters a width unit
            count = sum(math.ceil(max(len(part), 1) / widths[col]) for part in text.splitlines() or [""])
            lines[row] = max(lines.get(row, 1), count)
        for row, count in lines.items():
            if count > 1:
                ws.row_dimensions[row].height = line_height * count + 1.5

    def number(self, ws, row: int, col: int, value, fmt: str | None, style: str = FIGURE):
        """A number; a value that has none (NaN) leaves the cell empty."""
        cell = _cell(ws, row, col)
        x = number_or_none(value)
        if x is not None:
            cell.value = int(x) if fmt in ("0", "#,##0") and x.is_integer() else x
        self._style(cell, style, fmt)
        return cell

    def formula(self, ws, row: int, col: int, formula: str, expected, fmt: str | None, style: str = FIGURE,
                money: bool | None = None):
        """A live formula built by the planner, with the planner's own figure recorded beside it.

        `expected` is a number, a text, or None/NaN for a formula that shows nothing ("").
        """
        if not formula.startswith("="):
            raise ValueError(f"not a formula: {formula!r}")
        cell = _cell(ws, row, col)
        cell._value, cell.data_type = formula, "f"
        self._style(cell, style, fmt)
        self.expected[(ws.title, cell.coordinate)] = self._expected(expected, fmt, money)
        return cell

    @staticmethod
    def _expected(value, fmt: str | None, money: bool | None) -> Expected:
        if isinstance(value, str):
            return Expected(value)
        x = number_or_none(value)
        if x is None:
            return Expected("")
        is_money = (fmt or "").startswith("£") if money is None else money
        return Expected(x, tolerance_for(x, is_money))
