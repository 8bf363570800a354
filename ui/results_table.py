"""The Results tab: the annual table (line items down, years across, a Total column) and the
summary metrics, as thin Qt models over a Result.

Line labels sit in the table's vertical header, so they stay in view while the years scroll.
Money is shown in £, £000 or £m, negatives in brackets and red; `block_text` gives selected
cells as numbers (tab-separated) for Excel, which ui.table_view's Ctrl+C copies.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.core.declare import ModelSpec
from models.core.result import Result
from planner import formatting as fmt
from planner.project.paths import get_value

NEGATIVE = QBrush(QColor("#b3261e"))
SCALES = {"£": (1.0, 0), "£000": (1e3, 0), "£m": (1e6, 1)}  # divisor and decimal places
Index = QModelIndex | QPersistentModelIndex
RAW = Qt.ItemDataRole.UserRole
NO_INTEREST = "no interest"
NOT_ENTERED = "not entered"  # a line or metric whose declared input is empty or nil
MUTED = QBrush(QColor("#777777"))
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# the roles as plain ints: a view asks for seven roles of every visible cell at each paint, and
# comparing ints is what lets the table's own answers cost less than Qt's painting of them
DISPLAY, FONT, ALIGN, FOREGROUND, TOOLTIP = (
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
    )
)
HORIZONTAL = Qt.Orientation.Horizontal


@cache
def bold() -> QFont:
    """The bold font of the Total column (made once, after the application)."""
    font = QFont()
    font.setBold(True)
    return font


def money_text(value: float, scale: str) -> str:
    """A money cell: "–" for nothing, brackets for negatives; £000 and £m carry no £ sign
    because the table's heading says which.

    >>> money_text(-1234567, "£000"), money_text(0.0, "£m"), money_text(2500000, "£")
    ('(1,235)', '–', '£2,500,000')
    """
    divisor, places = SCALES[scale]
    if math.isnan(value):
        return "–"
    if abs(value) < 0.5 * divisor / 10**places:
        return "–"
    if scale == "£":
        return fmt.money(value)
    text = f"{abs(value) / divisor:,.{places}f}"
    return f"({text})" if value < 0 else text


def per_unit(unit: str) -> bool:
    """Money per something ("£ a home", "£ per person-year", "£/m²"): shown in pounds whatever
    the table's scale, since £4 (thousand) a home would mislead.

    >>> per_unit("£ a home"), per_unit("£ RV"), per_unit("£")
    (True, False, False)
    """
    return unit.startswith("£") and any(word in unit for word in (" a ", " per ", "/"))


def not_entered(spec: ModelSpec | None, inputs: dict | None, items) -> set[str]:
    """The lines or metrics whose declared input (`needs`) is empty or nil in these inputs: a figure
    from a cost nobody entered is not a result, so it shows as "not entered"."""
    if spec is None or inputs is None:
        return set()
    out = set()
    for item in items:
        if item.needs:
            value = get_value(spec, inputs, item.needs)
            if value is None or (isinstance(value, (int, float)) and value == 0):
                out.add(item.name)
    return out


class AnnualModel(QAbstractTableModel):
    """Rows: the annual lines as declared; columns: the years, then the total of each flow.

    A new result of the same shape (an edit) changes in place only the lines whose figures
    changed (dataChanged), so the view keeps its selection, scroll position and column widths
    and repaints no more than it must. Each cell's text and colour are worked out once per
    result and scale, for the whole table, when first read (drawn or fitted)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.spec: ModelSpec | None = None
        self.years: list[str] = []
        self.keys: list[str] = []
        self.values: list[list[float]] = []  # [line][year]
        self.missing: set[str] = set()  # lines shown "not entered"
        self.scale = "£"
        self._lines: list = []  # each row's LineItem
        self._labels: list[str] = []  # each row's heading
        self._cells: list[list[str]] | None = None  # [row][column] text as drawn; None until first read
        self._colours: list[list[QBrush | None]] = []  # [row][column] the text's colour, made with _cells

    def set_result(self, result: Result | None, spec: ModelSpec | None, inputs: dict | None = None) -> None:
        years, keys, values = [], [], []
        if result is not None and spec is not None:
            annual = result.annual
            years, keys = [str(y) for y in annual.index], [str(c) for c in annual.columns]
            values = annual.to_numpy(dtype=float).T.tolist()
        same = spec is self.spec and keys == self.keys and years == self.years
        before, missing_before, labels_before = self.values, self.missing, self._labels
        if not same:
            self.beginResetModel()
            self.spec, self.years, self.keys = spec, years, keys
            self._lines = [spec.line_info(k) for k in keys] if spec is not None else []
        self.values, self._cells = values, None
        self.missing = not_entered(spec, inputs, spec.lines if spec is not None else ())
        self._labels = [self._label(row) for row in range(len(keys))]
        if not same:
            self.endResetModel()
            return
        for first, last in _runs(
            r
            for r, key in enumerate(keys)
            if before[r] != values[r] or (key in missing_before) != (key in self.missing)
        ):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(years)))
        for first, last in _runs(r for r in range(len(keys)) if labels_before[r] != self._labels[r]):
            self.headerDataChanged.emit(Qt.Orientation.Vertical, first, last)

    def set_scale(self, scale: str) -> None:
        """Every money cell may read differently; the shape and the line headings are the same."""
        self.scale, self._cells = scale, None
        if self.keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, len(self.years)))

    def display(self, row: int, column: int) -> str:
        """A cell's text as drawn (formatted once per result and scale)."""
        cells = self._cells if self._cells is not None else self._format()
        return cells[row][column]

    def _format(self) -> list[list[str]]:
        """Every cell's text and colour: "not entered" (muted) for a line from an empty input,
        negatives red unless they round to nothing."""
        cells, colours = [], []
        for row, key in enumerate(self.keys):
            shown = [self.raw(row, c) for c in range(len(self.years) + 1)]
            if key in self.missing:
                cells.append([NOT_ENTERED] * len(shown))
                colours.append([MUTED] * len(shown))
                continue
            text = self.formatter(self._lines[row].unit)
            texts = ["" if v is None else text(v) for v in shown]
            cells.append(texts)
            colours.append([NEGATIVE if v is not None and v < 0 and t != "–" else None for v, t in zip(shown, texts)])
        self._cells, self._colours = cells, colours
        return cells

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.keys else len(self.years) + 1

    def line(self, row: int):
        return self._lines[row]

    def raw(self, row: int, column: int) -> float | None:
        """A cell's number; the total of a flow; None for the total of a balance."""
        if column < len(self.years):
            return self.values[row][column]
        return math.fsum(self.values[row]) if self.line(row).total else None

    def text(self, value: float, unit: str) -> str:
        return self.formatter(unit)(value)

    def formatter(self, unit: str) -> Callable[[float], str]:
        """How a line in this unit shows each of its figures (chosen once for the line, not per cell)."""
        if unit.startswith("£"):
            scale = self.scale if not per_unit(unit) else "£"
            return lambda value: money_text(value, scale)
        if unit == "×":  # the only × line is interest cover, which the model leaves blank when there is none
            return lambda value: NO_INTEREST if math.isnan(value) else "–" if value == 0 else fmt.cell(value, unit)
        return lambda value: "–" if value == 0 else fmt.cell(value, unit)

    def look(self, row: int, column: int) -> tuple[str, QBrush | None, bool, bool]:
        """A cell as ui.table_view.FigureDelegate draws it: its text, colour (None: the view's),
        whether it is bold (the Total column) and right-aligned (all are), as `data` gives them."""
        cells = self._cells if self._cells is not None else self._format()
        return cells[row][column], self._colours[row][column], column == len(self.years), True

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # asked for seven roles of every visible cell at each paint: the drawn roles come first,
        # straight from the lists made once per result
        row = index.row()
        if row < 0:
            return None
        if role == DISPLAY:
            return self.display(row, index.column())
        if role == ALIGN:
            return RIGHT
        if role == FOREGROUND:
            if self._cells is None:
                self._format()
            return self._colours[row][index.column()]
        if role == FONT:
            return bold() if index.column() == len(self.years) else None
        if role == RAW:
            return self.raw(row, index.column())
        return self._tooltip(row, index.column()) if role == TOOLTIP else None

    def _tooltip(self, row: int, column: int) -> str | None:
        value = self.raw(row, column)
        if value is None:
            return None
        line = self.line(row)
        year = self.years[column] if column < len(self.years) else "Total"
        exact = fmt.money(value, pence=True) if line.unit.startswith("£") else f"{value:,.4g} {line.unit}"
        return f"{line.label}, {year}: {exact}"

    def _label(self, row: int) -> str:
        """A line's heading: a count says when its figures are expected values."""
        line = self.line(row)
        if line.unit in ("£", "£ RV"):
            return line.label
        return fmt.expected_label(line.label, line.unit, self.values[row])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == HORIZONTAL:
            if role == DISPLAY:
                return self.years[section] if section < len(self.years) else "Total"
            if role == FONT and section == len(self.years):
                return bold()
            return None
        if role == DISPLAY:
            return self._labels[section]
        if role == TOOLTIP:
            line = self.line(section)
            kind = "a flow, totalled over the years" if line.total else "a balance at the year end: not totalled"
            return f"{line.label} ({line.unit}): {kind}. {line.help}".strip()
        if role == ALIGN:
            return LEFT
        return None

    def block_text(self, rows: list[int], columns: list[int], headings: bool) -> str:
        """Cells as tab-separated numbers (full precision to the penny) for Excel."""
        lines = []
        if headings:
            lines.append("\t".join([""] + [self.headerData(c, Qt.Orientation.Horizontal) for c in columns]))
        for r in rows:
            cells = ["" if (v := self.raw(r, c)) is None else f"{v:.2f}".rstrip("0").rstrip(".") for c in columns]
            lines.append("\t".join(([self.headerData(r, Qt.Orientation.Vertical)] if headings else []) + cells))
        return "\n".join(lines) + "\n"


class SummaryModel(QAbstractTableModel):
    """The summary metrics as label / value pairs, in two pairs of columns to save height."""

    PAIRS = 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, str, str]] = []  # label, shown value, help

    def set_result(self, result: Result | None, spec: ModelSpec | None, inputs: dict | None = None) -> None:
        """New figures; the same metrics as shown (after an edit) change in place."""
        items = []
        if result is not None and spec is not None:
            missing = not_entered(spec, inputs, spec.metrics)
            for key, value in result.summary.items():
                metric = spec.metric_info(key)
                shown = fmt.metric(value, fmt.display_kind(metric.kind, metric.label))
                shown = NOT_ENTERED if key in missing else shown
                items.append((metric.label, shown, metric.help))
        if [i[0] for i in items] != [i[0] for i in self.items]:
            self.beginResetModel()
            self.items = items
            self.endResetModel()
            return
        before, self.items, rows = self.items, items, self._per_column()
        for k, (old, new) in enumerate(zip(before, items)):
            if old != new:  # only the figures that changed are repainted
                value = self.index(k % rows, k // rows * 2 + 1)
                self.dataChanged.emit(value, value)

    def _per_column(self) -> int:
        return math.ceil(len(self.items) / self.PAIRS) if self.items else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._per_column()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2 * self.PAIRS

    def item(self, index: Index) -> tuple[str, str, str] | None:
        k = index.column() // 2 * self._per_column() + index.row()
        return self.items[k] if 0 <= k < len(self.items) else None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # as for the annual table: every role of every visible cell at each paint, ints compared
        item = self.item(index) if index.row() >= 0 else None
        if item is None:
            return None
        is_value = index.column() % 2 == 1
        if role == DISPLAY:
            return item[1] if is_value else item[0]
        if not is_value:
            return item[2] or item[0] if role == TOOLTIP else None
        if role == ALIGN:
            return RIGHT
        if role == FONT:
            return bold()
        if role == FOREGROUND:
            return NEGATIVE if item[1].startswith("(") else None
        return item[2] or item[0] if role == TOOLTIP else None

    def look(self, row: int, column: int) -> tuple[str, QBrush | None, bool, bool]:
        """A cell as ui.table_view.FigureDelegate draws it (see `data`): a label plain and to the
        left, a figure bold and to the right, red when negative."""
        k = column // 2 * self._per_column() + row
        if not 0 <= k < len(self.items):
            return "", None, False, False
        label, shown, _ = self.items[k]
        if column % 2 == 0:
            return label, None, False, False
        return shown, NEGATIVE if shown.startswith("(") else None, True, True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == HORIZONTAL:
            return "Value" if section % 2 else "Summary"
        return None


def _runs(rows) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows.

    >>> _runs([0, 1, 2, 5, 7, 8])
    [(0, 2), (5, 5), (7, 8)]
    """
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out
