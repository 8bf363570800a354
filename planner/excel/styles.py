"""Named cell styles and number formats shared by the input workbook and the board pack.

One look for every workbook the planner writes: Arial 10, bold headers on a grey band, input
cells on a pale yellow fill (the usual finance-model convention for "type here"), money with
thousands separators and negatives in red brackets.

    add_styles(workbook)            register the named styles (safe to call twice)
    put(ws, row, col, value, style, number_format=None)
    number_format(fmt, value)       the format for a declared input format (gbp, pct, ...)
    fit_columns(ws, widths)         column widths that fit their text, within limits
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.styles import NamedStyle
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Arial"
FONT_SIZE = 10

GBP = "£#,##0;[Red](£#,##0)"
GBP_PENCE = "£#,##0.00;[Red](£#,##0.00)"
PCT = "0.0%"
PCT_INPUT = "0.0##%"  # an input of 2.75% must not show as 2.8%
PENCE = '0.0##"p"'
INTEGER = "#,##0"
NUMBER = "#,##0.0##"
YEAR = "0"  # 2018, never 2,018
RATIO = "0.00"
TEXT = "@"

TITLE, SUBTITLE, HEADER, KEY, INPUT, BODY, WRAP, GROUP = (
    "FFG Title",
    "FFG Subtitle",
    "FFG Header",
    "FFG Key",
    "FFG Input",
    "FFG Body",
    "FFG Wrap",
    "FFG Group",
)

_GREY, _YELLOW, _RULE = "FFD9D9D9", "FFFFF2CC", "FFA6A6A6"


def _styles() -> list[NamedStyle]:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color=_RULE)
    top = Alignment(vertical="top")
    return [
        NamedStyle(TITLE, font=Font(FONT_NAME, 14, bold=True)),
        NamedStyle(SUBTITLE, font=Font(FONT_NAME, FONT_SIZE, italic=True, color="FF595959")),
        NamedStyle(
            HEADER,
            font=Font(FONT_NAME, FONT_SIZE, bold=True),
            fill=PatternFill("solid", fgColor=_GREY),
            border=Border(bottom=thin),
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        NamedStyle(KEY, font=Font(FONT_NAME, FONT_SIZE - 1, color="FF595959"), alignment=top),
        NamedStyle(
            INPUT,
            font=Font(FONT_NAME, FONT_SIZE, color="FF1F3864"),
            fill=PatternFill("solid", fgColor=_YELLOW),
            border=Border(thin, thin, thin, thin),
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        NamedStyle(BODY, font=Font(FONT_NAME, FONT_SIZE), alignment=top),
        NamedStyle(WRAP, font=Font(FONT_NAME, FONT_SIZE), alignment=Alignment(vertical="top", wrap_text=True)),
        NamedStyle(GROUP, font=Font(FONT_NAME, FONT_SIZE, bold=True)),
    ]


def add_styles(workbook: Workbook) -> None:
    """Register the planner's named styles in a workbook (once; a second call does nothing)."""
    have = set(workbook.named_styles)
    for style in _styles():
        if style.name not in have:
            workbook.add_named_style(style)


def put(
    ws: Worksheet, row: int, col: int, value: Any, style: str = BODY, number_format: str | None = None
) -> Cell | MergedCell:
    """Write one styled cell and return it.

    Text starting with "=" stays text, never a formula; empty text leaves the cell empty; a number
    keeps all its digits (openpyxl writes "%.16g", one digit short of what a double needs, so such
    a number is written as its exact decimal text in a numeric cell, as Excel itself writes it).
    """
    cell = ws.cell(row=row, column=col, value=None if value == "" else value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    elif isinstance(value, float) and math.isfinite(value) and float(f"{value:.16g}") != value:
        cell.value = repr(value)
        cell.data_type = "n"
    cell.style = style
    if number_format:
        cell.number_format = number_format
    return cell


def number_format(fmt: str, value: Any = None) -> str | None:
    """The number format for a declared input format; pence shown only where a value has them."""
    whole = value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or float(value).is_integer()
    if fmt == "gbp":
        return GBP if whole else GBP_PENCE
    if fmt == "number":
        return INTEGER if whole else NUMBER
    return {"pct": PCT_INPUT, "pence": PENCE, "int": INTEGER, "year": YEAR, "text": TEXT}.get(fmt)


def fit_columns(ws: Worksheet, widths: dict[int, int], low: int = 8, high: int = 60) -> None:
    """Set each column to its longest text (characters), between `low` and `high`."""
    from openpyxl.utils import get_column_letter

    for col, chars in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(low, min(high, chars + 2))


def wrap_rows(ws: Worksheet, widths: dict[int, int], first_row: int = 1) -> None:
    """Row heights for wrapped text (LibreOffice does not grow rows on opening, Excel not always)."""
    import math

    from openpyxl.utils import get_column_letter

    chars = {c: (ws.column_dimensions[get_column_letter(c)].width or 10) - 1 for c in widths}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.column in chars and isinstance(cell.value, str) and cell.alignment.wrap_text:
                lines = max(
                    lines,
                    sum(math.ceil(max(len(part), 1) / chars[cell.column]) for part in cell.value.splitlines() or [""]),
                )
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 13 * lines  # type: ignore[index]  # a cell read from a sheet has its row


def print_setup(ws: Worksheet, landscape: bool = True) -> None:
    """A4, fitted to the page width, so a printout or PDF shows whole rows."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]  # types-openpyxl: optional, but openpyxl makes one with every sheet
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def text_width(value: Any) -> int:
    """How many characters a value shows as (the longest line of a text)."""
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:,.3f}".rstrip("0").rstrip(".")) + 1
    if isinstance(value, int) and not isinstance(value, bool):
        return len(f"{value:,}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)
