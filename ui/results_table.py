"""The Results tab: the annual table (line items down, years across, a Total column) and the
summary metrics, as thin Qt models over a Result.

Line labels sit in the table's vertical header, so they stay in view while the years scroll.
Money is shown in £, £000 or £m, negatives in brackets and red; Ctrl+C copies the selected
cells as numbers (tab-separated) for Excel, Ctrl+Shift+C with the headings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QTableView

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
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        RAW,
    }
)  # the roles the annual table answers


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

    A new result of the same shape (an edit) changes the cells in place (dataChanged), so the
    view keeps its selection, scroll position and column widths; each cell's text is formatted
    once per result, when it is first drawn."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.spec: ModelSpec | None = None
        self.years: list[str] = []
        self.keys: list[str] = []
        self.values: list[list[float]] = []  # [line][year]
        self.missing: set[str] = set()  # lines shown "not entered"
        self.scale = "£"
        self._lines: list = []  # each row's LineItem
        self._texts: dict[tuple[int, int], str] = {}  # (row, column) -> its text, as drawn

    def set_result(self, result: Result | None, spec: ModelSpec | None, inputs: dict | None = None) -> None:
        years, keys, values = [], [], []
        if result is not None and spec is not None:
            annual = result.annual
            years, keys = [str(y) for y in annual.index], [str(c) for c in annual.columns]
            values = annual.to_numpy(dtype=float).T.tolist()
        same = spec is self.spec and keys == self.keys and years == self.years
        if not same:
            self.beginResetModel()
            self.spec, self.years, self.keys = spec, years, keys
            self._lines = [spec.line_info(k) for k in keys] if spec is not None else []
        self.values, self._texts = values, {}
        self.missing = not_entered(spec, inputs, spec.lines if spec is not None else ())
        if not same:
            self.endResetModel()
        else:
            self._changed()

    def set_scale(self, scale: str) -> None:
        self.scale, self._texts = scale, {}
        self._changed()

    def _changed(self) -> None:
        """Every cell and line label may read differently; the shape is the same."""
        if self.keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, len(self.years)))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.keys) - 1)

    def display(self, row: int, column: int) -> str:
        """A cell's text as drawn (formatted once per result and scale)."""
        text = self._texts.get((row, column))
        if text is None:
            if self.keys[row] in self.missing:
                text = NOT_ENTERED
            else:
                value = self.raw(row, column)
                text = "" if value is None else self.text(value, self._lines[row].unit)
            self._texts[row, column] = text
        return text

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
        if unit == "×" and math.isnan(value):
            return NO_INTEREST  # the only × line is interest cover, which the model leaves blank when there is none
        if unit.startswith("£"):
            return money_text(value, self.scale if not per_unit(unit) else "£")
        return "–" if value == 0 else fmt.cell(value, unit)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # asked for every role of every visible cell at each paint: the role decides before any work
        if not index.isValid() or role not in ROLES:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole:
            return bold() if column == len(self.years) else None
        value = self.raw(row, column)
        if role == RAW:
            return value
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.keys[row] in self.missing:
                return MUTED
            return NEGATIVE if value is not None and value < 0 and self.display(row, column) != "–" else None
        if value is None:
            return None
        line = self.line(row)  # the tooltip
        year = self.years[column] if column < len(self.years) else "Total"
        exact = fmt.money(value, pence=True) if line.unit.startswith("£") else f"{value:,.4g} {line.unit}"
        return f"{line.label}, {year}: {exact}"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.years[section] if section < len(self.years) else "Total"
            if role == Qt.ItemDataRole.FontRole and section == len(self.years):
                return bold()
            return None
        line = self.line(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if line.unit in ("£", "£ RV"):
                return line.label
            return fmt.expected_label(line.label, line.unit, self.values[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = "a flow, totalled over the years" if line.total else "a balance at the year end: not totalled"
            return f"{line.label} ({line.unit}): {kind}. {line.help}".strip()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
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
        if [i[0] for i in items] == [i[0] for i in self.items]:
            self.items = items
            if items:
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def _per_column(self) -> int:
        return math.ceil(len(self.items) / self.PAIRS) if self.items else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._per_column()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2 * self.PAIRS

    def item(self, index: Index) -> tuple[str, str, str] | None:
        k = index.column() // 2 * self._per_column() + index.row()
        return self.items[k] if k < len(self.items) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index) if index.isValid() else None
        if item is None:
            return None
        is_value = index.column() % 2 == 1
        if role == Qt.ItemDataRole.DisplayRole:
            return item[1] if is_value else item[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return item[2] or item[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and is_value:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and is_value and item[1].startswith("("):
            return NEGATIVE
        if role == Qt.ItemDataRole.FontRole and is_value:
            return bold()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return "Value" if section % 2 else "Summary"
        return None


HEADING_PAD = 16  # a heading's padding (resources/style.qss: 6px either side), its border and rounding


def fit_columns(view: QTableView, text: Callable[[int, int], str], minimum: int) -> None:
    """Each column as wide as its widest cell (`text(row, column)`, as drawn) and its heading,
    never narrower than `minimum`.

    The heading is measured without the room the header keeps for a sort arrow (these tables are
    not sorted). Only the longest text of each column is measured, by the view's own delegate: figures share
    one width per digit, so the longest is the widest (asking the view to size to contents
    formats and measures every cell, many times over the cost, after every edit)."""
    model, header = view.model(), view.horizontalHeader()
    rows = range(model.rowCount())
    for column in range(model.columnCount()):
        longest = max(rows, key=lambda r: len(text(r, column)), default=None)
        cell = 0 if longest is None else view.sizeHintForIndex(model.index(longest, column)).width()
        heading = header.fontMetrics().horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal)))
        width = max(minimum, cell + 2, heading + HEADING_PAD)  # 2: the grid line and a pixel's rounding
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)


class CopyableTable(QTableView):
    """Ctrl+C copies the selection for Excel (numbers); Ctrl+Shift+C adds the headings."""

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection(headings=False)
        elif event.keyCombination().toCombined() == QKeySequence("Ctrl+Shift+C")[0].toCombined():
            self.copy_selection(headings=True)
        else:
            super().keyPressEvent(event)

    def copy_selection(self, headings: bool = False) -> str:
        indexes = self.selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        model = self.model()
        if isinstance(model, AnnualModel):
            text = model.block_text(rows, columns, headings)
        else:
            text = "\n".join("\t".join(model.index(r, c).data() or "" for c in columns) for r in rows) + "\n"
        QGuiApplication.clipboard().setText(text)
        return text
