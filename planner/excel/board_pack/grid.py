"""An annual table: line labels down, financial years across, in blocks of years.

A 30-year plan with every year across one row cannot be read on an A4 page fitted to its
width, so a long horizon is laid out as blocks of ten years stacked down the sheet, each with
its own header of years; a horizon of up to twelve years is one block. The totals (and present
values, where the run is discounted) sit to the right of the first block and are formulas over
the year cells of every block. Lines are addressed by key and year index, so a formula never
needs to know where a block starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from openpyxl.utils import get_column_letter

from planner.excel.board_pack.styles import FIGURE, HEADER, HEADER_RIGHT, HELPER, LABEL, TOTAL, WHOLE, unit_format
from planner.formatting import counts, whole

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from planner.excel.board_pack.cells import Cells
    from planner.excel.board_pack.styles import Pages

BLOCK = 10
SINGLE = 12  # a horizon up to this long prints as one block
FIRST_COL = 3  # A: the line, B: its unit
LABEL_WIDTH, UNIT_WIDTH, FIGURE_WIDTH = 46, 13, 15
# A run's sheet prints at least this many columns wide (to J), so a short horizon prints at about
# the scale of a long one: more rows to a page, and the same size of type across the run sheets.
MIN_LAST_COL = 10


@dataclass
class Line:
    """One row of the table: the planner's figures as values, or a formula for each year.

    `expected` holds the planner's own figure for each formula cell; `kind` is "line" (a line
    of the model), "helper" (a step of the workbook's own calculation) or "subtotal".
    """

    key: str
    label: str
    unit: str
    values: np.ndarray | None = None
    formula: Callable[[Grid, int], str | None] | None = None
    expected: np.ndarray | None = None
    total: bool = False
    pv: bool = False
    kind: str = "line"
    fmt: str | None = None

    @property
    def figures(self) -> np.ndarray:
        return np.asarray(self.expected if self.formula is not None else self.values, dtype=float)

    @property
    def number_format(self) -> str:
        """The declared format, else the unit's; a count is whole where every figure is (homes
        built, sales) and to one place where the model's figure is an expected value."""
        if self.fmt:
            return self.fmt
        if counts(self.unit) and (self.values is not None or self.expected is not None):
            figures = self.figures[np.isfinite(self.figures)]
            if all(whole(v) for v in figures):
                return WHOLE
        return unit_format(self.unit)


class Grid:
    def __init__(self, years: list[str], lines: list[Line], first_row: int, discount: str | None = None) -> None:
        self.years, self.lines, self.first_row = years, lines, first_row
        self.size = len(years) if len(years) <= SINGLE else BLOCK
        self.starts = list(range(0, len(years), self.size))
        self.index = {line.key: i for i, line in enumerate(lines)}
        self.by_key = {line.key: line for line in lines}
        self.height = len(lines) + 2  # the header, the lines, a blank row
        self.discount = discount if discount in self.index else None
        self.total_col = FIRST_COL + self.size
        self.pv_col = self.total_col + 1 if self.discount and any(x.pv for x in lines) else None
        # addresses are asked for tens of thousands of times: work out each letter and row once
        self._letters = [get_column_letter(FIRST_COL + t % self.size) for t in range(len(years))]
        self._rows = {
            key: [first_row + b * self.height + 1 + i for b in range(len(self.starts))] for key, i in self.index.items()
        }

    # ---- addresses -----------------------------------------------------------------------
    @property
    def last_row(self) -> int:
        return self.first_row + len(self.starts) * self.height - 2

    @property
    def last_col(self) -> int:
        return self.pv_col or self.total_col

    @property
    def width_units(self) -> float:
        """The printed width in column-width units (label, unit, years and totals)."""
        return LABEL_WIDTH + UNIT_WIDTH + FIGURE_WIDTH * (self.last_col - FIRST_COL + 1)

    def row(self, key: str, t: int) -> int:
        return self._rows[key][t // self.size]

    def col(self, t: int) -> int:
        return FIRST_COL + t % self.size

    def cell(self, key: str, t: int, absolute: bool = False) -> str:
        letter, row = self._letters[t], self._rows[key][t // self.size]
        return f"${letter}${row}" if absolute else f"{letter}{row}"

    def ranges(self, key: str, absolute: bool = False) -> list[str]:
        """One range per block, over the line's year cells."""
        out = []
        for start in self.starts:
            end = min(start + self.size, len(self.years)) - 1
            out.append(f"{self.cell(key, start, absolute)}:{self.cell(key, end, absolute)}")
        return out

    def sum(self, key: str) -> str:
        return f"SUM({','.join(self.ranges(key))})"

    def extreme(self, how: str, key: str) -> str:
        return f"{how}({','.join(self.ranges(key))})"

    def sumproduct(self, *keys: str) -> str:
        """Σ over the years of the product of lines, block by block (SUMPRODUCT takes one range each)."""
        parts = zip(*(self.ranges(k) for k in keys))
        return "+".join(f"SUMPRODUCT({','.join(p)})" for p in parts)

    def down(self, first: str, last: str, t: int) -> str:
        """The cells of year t from line `first` to line `last` (adjacent rows)."""
        return f"{self.cell(first, t)}:{self.cell(last, t)}"

    def total_cell(self, key: str) -> str:
        return f"{get_column_letter(self.total_col)}{self.row(key, 0)}"

    def pv_cell(self, key: str) -> str:
        assert self.pv_col is not None  # asked for only of a grid with present values
        return f"{get_column_letter(self.pv_col)}{self.row(key, 0)}"

    def has_total(self, key: str) -> bool:
        return self.by_key[key].total

    # ---- writing ---------------------------------------------------------------------------
    def write(self, cells: Cells, ws: Worksheet, pages: Pages | None = None) -> None:
        for b, start in enumerate(self.starts):
            top = self.first_row + b * self.height
            if pages is not None:  # a block prints whole, with its header (the first with its section title)
                pages.keep(top - (b == 0), self.height - 1 + (b == 0))
            self._header(cells, ws, top, start, first=b == 0)
        for line in self.lines:
            self._line(cells, ws, line)

    def _header(self, cells: Cells, ws: Worksheet, row: int, start: int, first: bool) -> None:
        cells.text(ws, row, 1, "Line", HEADER)
        cells.text(ws, row, 2, "Unit", HEADER)
        for t in range(start, min(start + self.size, len(self.years))):
            cells.text(ws, row, self.col(t), self.years[t], HEADER_RIGHT)
        if first:
            whole = f"{self.years[0]} to {self.years[-1]}" if len(self.years) > 1 else self.years[0]
            cells.text(ws, row, self.total_col, f"Total {whole}", HEADER_RIGHT)
            if self.pv_col:
                cells.text(ws, row, self.pv_col, "Present value (Green Book)", HEADER_RIGHT)

    def _line(self, cells: Cells, ws: Worksheet, line: Line) -> None:
        label_style = {"helper": HELPER, "subtotal": TOTAL}.get(line.kind, LABEL)
        style = {"helper": HELPER, "subtotal": TOTAL}.get(line.kind, FIGURE)
        fmt = line.number_format
        for start in self.starts:
            row = self.row(line.key, start)
            cells.text(ws, row, 1, line.label, label_style)
            cells.text(ws, row, 2, line.unit, label_style)
        figures = line.figures
        for t in range(len(self.years)):
            row, col = self.row(line.key, t), self.col(t)
            formula = line.formula(self, t) if line.formula is not None else None
            if formula is not None:
                cells.formula(ws, row, col, formula, figures[t], fmt, style)
            elif line.formula is None:
                cells.number(ws, row, col, figures[t], fmt, style)
        row = self.row(line.key, 0)
        if line.total:
            cells.formula(ws, row, self.total_col, "=" + self.sum(line.key), np.nansum(figures), fmt, TOTAL)
        if line.pv and self.pv_col:
            assert self.discount is not None  # a present value column only with a discount line
            factors = self.by_key[self.discount].figures
            cells.formula(
                ws,
                row,
                self.pv_col,
                "=" + self.sumproduct(line.key, self.discount),
                np.nansum(figures * factors),
                fmt,
                TOTAL,
            )
