"""One sheet of the input workbook being written: a title, a subtitle, styled cells, and columns
sized to what was written in them (openpyxl cannot measure text itself)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from planner.excel import styles as st
from planner.excel.layout import HEADER_ROW

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


class SheetWriter:
    """Writes styled cells and remembers how wide each column needs to be."""

    def __init__(self, ws: Worksheet, title: str, subtitle: str) -> None:
        self.widths: dict[int, int] = {}
        self.wrap: dict[int, int] = {}
        self.ws = ws
        st.put(ws, 1, 1, title, st.TITLE)
        st.put(ws, 2, 1, subtitle, st.SUBTITLE)

    def put(self, row: int, col: int, value: Any, style: str = st.BODY, fmt: str | None = None) -> None:
        st.put(self.ws, row, col, value, style, fmt)
        self.widths[col] = max(self.widths.get(col, 0), st.text_width(value) + (2 if fmt else 0))

    def headers(self, row: int, headings: Iterable[str], wrap: dict | None = None) -> None:
        for col, text in enumerate(headings, start=1):
            st.put(self.ws, row, col, text, st.HEADER)
            self.widths[col] = max(self.widths.get(col, 0), min(len(text), 24))
            if wrap and text in wrap:
                self.wrap[col] = wrap[text]

    def finish(self, freeze: str | None, high: int = 60) -> None:
        st.fit_columns(self.ws, {c: min(w, self.wrap.get(c, w)) for c, w in self.widths.items()}, high=high)
        st.wrap_rows(self.ws, self.widths, HEADER_ROW)
        st.print_setup(self.ws)
        if freeze:
            self.ws.freeze_panes = freeze
