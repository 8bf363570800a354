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
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles.cell_style import StyleArray

from planner.excel.board_pack.styles import BODY, BOLD, FIGURE, WRAPPING

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_TEXT = 32_767  # Excel's limit for one cell


@dataclass(frozen=True)
class Expected:
    """What a formula cell should show after recalculation: a number (within `tolerance`),
    a text such as "OK", or "" for a cell left empty."""

    value: float | str
    tolerance: float = 0.0

    def agrees(self, found: Any) -> bool:
        if isinstance(self.value, str):
            return (found if found is not None else "") == self.value
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            return False
        return abs(float(found) - self.value) <= self.tolerance


def tolerance_for(value: float, money: bool) -> float:
    """£1 for money (the board reads whole pounds); a millionth part for anything else."""
    return 1.0 if money else max(1e-9, 1e-6 * abs(value))


def clean_text(value: Any) -> str:
    """User text as a cell may hold it: control characters Excel refuses become spaces, line ends \\n."""
    text = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")  # as XML reads it back
    return ILLEGAL_CHARACTERS_RE.sub(" ", text)[:MAX_TEXT]


def number_or_none(value: Any) -> float | None:
    """A finite float, or None for a value that has none (NaN, infinity, None)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a text takes wrapped at word breaks in a column `width` characters wide.

    >>> wrapped_lines("Slower intake, weaker sustainment: difference", 18)
    4
    """
    count = 0
    for paragraph in text.splitlines() or [""]:
        used, count = 0.0, count + 1
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > width:
                count, used = count + 1, 0.0
            used += (1 if used else 0) + len(word)
            while used > width:  # a word longer than the column breaks inside itself
                count, used = count + 1, used - width
    return count


class Cells:
    """Writes cells of one workbook with cached styles, and collects the expected values."""

    def __init__(self, workbook: Workbook) -> None:
        self.wb = workbook
        self.expected: dict[tuple[str, str], Expected] = {}
        self._styles: dict[tuple, StyleArray] = {}
        # sheet: {(row, col): (text, bold)} of wrapping cells
        self._wrapped: dict[str, dict[tuple[int, int], tuple[str, bool]]] = {}

    def _cell(self, ws: Worksheet, row: int, col: int, style: str, fmt: str | None, quote: bool = False) -> Cell:
        """The cell at (row, col) in a named style (and number format).

        Made directly rather than through ws.cell(), with a copy of a cached style: this runs
        some 40,000 times a pack, and openpyxl's checks and style lookups would double its time.
        """
        key = (style, fmt, quote)
        cached = self._styles.get(key)
        cell = ws._cells.get((row, col))
        if cell is None:
            cell = ws._cells[(row, col)] = Cell(ws, row=row, column=col, style_array=cached)
            # as Worksheet._add_cell keeps it: iter_rows() relies on it (private: not in types-openpyxl)
            if row > ws._current_row:  # type: ignore[attr-defined]
                ws._current_row = row  # type: ignore[attr-defined]
        elif cached is not None:
            cell._style = copy(cached)  # type: ignore[union-attr]  # StyleArray: private, not in types-openpyxl
        if cached is None:  # the first cell in this style is styled the slow way, and remembered
            cell.style = style
            if fmt:
                cell.number_format = fmt
            if quote:
                cell.quotePrefix = True
            self._styles[key] = copy(cell._style)  # type: ignore[union-attr]  # as above
        return cell  # type: ignore[return-value]  # never a merged cell: the pack merges none it writes to

    def text(self, ws: Worksheet, row: int, col: int, value: Any, style: str = BODY) -> Cell:
        """A text cell, whatever the text: never a formula, a number or an error."""
        text = clean_text(value)
        cell = self._cell(ws, row, col, style, None, text.startswith(RISKY_START))
        cell._value, cell.data_type = text, "s"  # type: ignore[attr-defined]  # set directly: the value setter would parse "=…" as a formula
        if style in WRAPPING and text:
            self._wrapped.setdefault(ws.title, {})[(row, col)] = (text, style in BOLD)
        return cell

    def fit_rows(self, ws: Worksheet, line_height: float = 12.75) -> None:
        """Rows tall enough for their wrapped text: LibreOffice does not grow rows when it opens
        a workbook, so a long label would otherwise print over the row below."""
        from openpyxl.utils import get_column_letter

        widths: dict[tuple[int, int, bool], float] = {}
        lines: dict[int, int] = {}
        spans = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}  # text across merged columns
        for (row, col), (text, bold) in self._wrapped.get(ws.title, {}).items():
            last = spans.get((row, col), col)
            if (col, last, bold) not in widths:  # Arial 10 fits about 1.2 characters a width unit, bold fewer
                width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(col, last + 1))
                widths[(col, last, bold)] = max(4.0, width * (1.05 if bold else 1.2) - 1.5)
            lines[row] = max(lines.get(row, 1), wrapped_lines(text, widths[(col, last, bold)]))
        for row, count in lines.items():
            if count > 1:
                ws.row_dimensions[row].height = line_height * count + 1.5

    def number(self, ws: Worksheet, row: int, col: int, value: Any, fmt: str | None, style: str = FIGURE) -> Cell:
        """A number; a value that has none (NaN) leaves the cell empty."""
        cell = self._cell(ws, row, col, style, fmt)
        x = number_or_none(value)
        if x is not None:
            cell._value, cell.data_type = (int(x) if fmt in ("0", "#,##0") and x.is_integer() else x), "n"  # type: ignore[attr-defined]  # set directly, as above
        return cell

    def formula(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        formula: str,
        expected: Any,
        fmt: str | None,
        style: str = FIGURE,
        money: bool | None = None,
    ) -> Cell:
        """A live formula built by the planner, with the planner's own figure recorded beside it.

        `expected` is a number, a text, or None/NaN for a formula that shows nothing ("").
        """
        if not formula.startswith("="):
            raise ValueError(f"not a formula: {formula!r}")
        cell = self._cell(ws, row, col, style, fmt)
        cell._value, cell.data_type = formula, "f"  # type: ignore[attr-defined]  # set directly, as above
        self.expected[(ws.title, cell.coordinate)] = self._expected(expected, fmt, money)
        return cell

    @staticmethod
    def _expected(value: Any, fmt: str | None, money: bool | None) -> Expected:
        if isinstance(value, str):
            return Expected(value)
        x = number_or_none(value)
        if x is None:
            return Expected("")
        is_money = (fmt or "").startswith("£") if money is None else money
        return Expected(x, tolerance_for(x, is_money))
