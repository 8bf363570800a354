"""The board pack's look: named styles, number formats by unit, and the printed page.

The input workbook's styles (planner.excel.styles: Arial 10, grey headers, inputs on pale
yellow, money with separators and negatives in red brackets) are reused; the pack adds a few
of its own for figures, totals, the workbook's helper rows and check results. Every style is a
named style with an explicit font, so a reader's default font never changes the pack.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from planner.excel import styles as st

if TYPE_CHECKING:
    from openpyxl.styles import NamedStyle
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FONT = st.FONT_NAME
GBP, PCT, PENCE, INTEGER, YEAR, RATIO = st.GBP, st.PCT, st.PENCE, st.INTEGER, st.YEAR, st.RATIO
COUNT = "#,##0.0;[Red](#,##0.0)"
WHOLE = "#,##0;[Red](#,##0)"  # a count whose every figure is a whole number (homes, sales)
FACTOR = "0.000000"
TITLE, SUBTITLE, HEADER, KEY, INPUT, BODY, WRAP, GROUP = (
    st.TITLE,
    st.SUBTITLE,
    st.HEADER,
    st.KEY,
    st.INPUT,
    st.BODY,
    st.WRAP,
    st.GROUP,
)
FIGURE, TOTAL, HELPER, STATUS, LABEL, NOTE, HEADER_RIGHT = (
    "FFG Figure",
    "FFG Total",
    "FFG Helper",
    "FFG Status",
    "FFG Label",
    "FFG Note",
    "FFG Header Right",
)

_RULE = "FFA6A6A6"
WRAPPING = frozenset((HEADER, HEADER_RIGHT, WRAP, TOTAL, HELPER, LABEL, INPUT))  # styles whose text wraps in its column
BOLD = frozenset((HEADER, HEADER_RIGHT, TOTAL))
DIFFERENCE: dict[str | None, str] = {
    GBP: '£#,##0;[Red](£#,##0);"–"',
    COUNT: '#,##0.0;[Red](#,##0.0);"–"',
    WHOLE: '#,##0;[Red](#,##0);"–"',
    PCT: '0.0%;[Red]-0.0%;"–"',
    RATIO: '0.00;[Red]-0.00;"–"',
}  # a difference of nothing shows as a dash


def _pack_styles() -> list[NamedStyle]:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin", color=_RULE)
    return [
        NamedStyle(FIGURE, font=Font(FONT, st.FONT_SIZE), alignment=Alignment(horizontal="right", vertical="top")),
        NamedStyle(
            TOTAL,
            font=Font(FONT, st.FONT_SIZE, bold=True),
            border=Border(top=thin),
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        NamedStyle(
            HELPER,
            font=Font(FONT, st.FONT_SIZE - 1, italic=True, color="FF595959"),
            alignment=Alignment(vertical="top", wrap_text=True),
        ),
        NamedStyle(
            STATUS, font=Font(FONT, st.FONT_SIZE, bold=True), alignment=Alignment(horizontal="center", vertical="top")
        ),
        NamedStyle(LABEL, font=Font(FONT, st.FONT_SIZE), alignment=Alignment(vertical="top", wrap_text=True)),
        NamedStyle(
            NOTE,
            font=Font(FONT, st.FONT_SIZE - 1, italic=True, color="FF595959"),
            alignment=Alignment(vertical="top", wrap_text=False),
        ),
    ]


def _header_right(workbook: Workbook) -> NamedStyle:
    """The input workbook's header, aligned right: the heading of a column of figures."""
    from copy import copy

    from openpyxl.styles import Alignment, NamedStyle

    header = workbook._named_styles[HEADER]  # type: ignore[attr-defined]  # openpyxl's own list, not in types-openpyxl
    return NamedStyle(
        HEADER_RIGHT,
        font=copy(header.font),
        fill=copy(header.fill),
        border=copy(header.border),
        alignment=Alignment(horizontal="right", vertical="top", wrap_text=True),
    )


def add_styles(workbook: Workbook) -> None:
    """The input workbook's named styles and the pack's own (safe to call twice)."""
    st.add_styles(workbook)
    have = set(workbook.named_styles)
    for style in _pack_styles() + [_header_right(workbook)]:
        if style.name not in have:
            workbook.add_named_style(style)


def unit_format(unit: str) -> str:
    """The number format of an annual line or input by its unit."""
    if unit.startswith("£"):
        return GBP
    if unit.startswith("%"):
        return PCT
    if unit.startswith("p per"):
        return PENCE
    if unit in ("×", "ratio"):
        return RATIO
    if unit in ("year", "years"):
        return INTEGER
    return COUNT


def field_format(fmt: str, unit: str) -> str:
    """The number format of a declared input (Field.fmt), as the pack shows it."""
    return {
        "gbp": GBP,
        "pct": st.PCT_INPUT,
        "pence": PENCE,
        "int": INTEGER,
        "year": YEAR,
        "number": RATIO if unit == "×" else st.NUMBER,
    }.get(fmt, BODY)


def kind_format(kind: str, value: object = None) -> str | None:
    """The number format of a summary metric by its kind (years and flags are text); a count that
    is a whole number (homes, hereditaments) shows none of the decimal an expected value needs."""
    if kind == "count" and isinstance(value, (int, float)) and float(value).is_integer():
        return INTEGER
    return {"money": GBP, "count": COUNT, "rate": PCT, "ratio": RATIO}.get(kind)


# ---- sheet names and references ----------------------------------------------------------

_UNSAFE = re.compile(r"[^\w .,&()£%-]+")


def sheet_title(prefix: str, name: str) -> str:
    """'2.1 WMCA BRS 2p over £50,000 RV': a numbered prefix (unique) and as much of the name as fits.

    Only letters, digits, spaces and . , & ( ) £ % - are kept, so no user text reaches a formula
    through a sheet reference and every name is legal in Excel and LibreOffice.

    >>> sheet_title("1.2", "=cmd|' /C calc'!A0")
    '1.2 cmd C calc A0'
    """
    clean = re.sub(r"\s+", " ", _UNSAFE.sub(" ", str(name))).strip(" .,&-")
    return f"{prefix} {clean}"[:31].rstrip()


def ref(sheet: str, cell: str) -> str:
    """A reference to a cell of another sheet, quoted as Excel requires.

    >>> ref("1.1 Pilot", "C5")
    "'1.1 Pilot'!C5"
    """
    return "'" + sheet.replace("'", "''") + "'!" + cell


# ---- the printed page -----------------------------------------------------------------------


def footer_text(text: str, limit: int = 80) -> str:
    """User text for a header or footer: '&' doubled so it is never read as a code (&P, &N ...)."""
    return re.sub(r"[\x00-\x1f]", " ", str(text)).strip()[:limit].replace("&", "&&")


def print_setup(ws: Worksheet, title_rows: str | None, scenario: str, date: str, area: str | None = None) -> None:
    """A4 landscape, one page wide (as many pages down as needed), repeated title rows, and a
    footer naming the scenario and the date with "Page n of m"."""
    st.print_setup(ws, landscape=True)
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    if area:
        ws.print_area = area
    for footer in (ws.oddFooter, ws.evenFooter):
        # types-openpyxl makes each part optional; openpyxl makes all three with every sheet
        footer.left.text = footer_text(scenario)  # type: ignore[union-attr]
        footer.center.text = footer_text(date)  # type: ignore[union-attr]
        footer.right.text = "Page &P of &N"  # type: ignore[union-attr]
        for part in (footer.left, footer.center, footer.right):  # type: ignore[union-attr]
            part.size, part.font = 8, f"{FONT},Regular"


def across_pages(ws: Worksheet, wide: int, title_cols: str) -> None:
    """A sheet with every year across one row prints `wide` pages across and one down, the line
    labels repeated on each page: fitted to a single page its 30 years could not be read."""
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = wide, 1
    ws.print_title_cols = title_cols


def reference_only(ws: Worksheet) -> None:
    """Kept in the workbook, out of print: hidden (neither Excel nor LibreOffice prints a hidden
    sheet) and with no print range (LibreOffice prints a hidden sheet's print range all the same)."""
    ws.sheet_state = "hidden"
    ws.print_area = None


def name_the_project(ws: Worksheet, title: str) -> None:
    """The printed footer reads "project — scenario", so a page found loose says where it is from."""
    if not title:
        return
    for footer in (ws.oddFooter, ws.evenFooter):
        if footer is not None and footer.left.text and not footer.left.text.startswith(footer_text(title)):
            footer.left.text = f"{footer_text(title)} — {footer.left.text}"


class Pages:
    """Where to break the printed pages so a table block is not split from its header.

    The page holds about `rows` rows at the scale that fits the sheet's width to A4 landscape
    (a rough count: wrapped rows are taller), less the repeated title rows.
    """

    PRINTABLE_CM = (27.0, 17.0)  # A4 landscape inside the margins, header and footer
    ROW_CM, UNIT_CM = 0.45, 0.19  # a 12.75pt row; a column width unit

    def __init__(self, ws: Worksheet, width_units: float, title_rows: int = 3) -> None:
        self.scale = min(1.0, self.PRINTABLE_CM[0] / (width_units * self.UNIT_CM))
        self.ws, self.rows = ws, int(self.PRINTABLE_CM[1] / (self.ROW_CM * self.scale)) - title_rows
        self.top = 1

    def rows_for(self, printed_cm: float) -> int:
        """How many sheet rows print `printed_cm` tall at this sheet's scale."""
        return round(printed_cm / (self.ROW_CM * self.scale))

    def keep(self, first: int, count: int) -> None:
        """Rows first … first+count-1 go on one page: start a new page before them if they would not fit."""
        if first > self.top and first + count - self.top > self.rows:
            self.new_page(first)

    def new_page(self, first: int) -> None:
        from openpyxl.worksheet.pagebreak import Break

        self.ws.row_breaks.append(Break(id=first - 1))
        self.top = first
