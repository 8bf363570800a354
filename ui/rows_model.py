"""A table input's rows as a Qt model: cells shown and typed by their column's declaration.

The model never changes its own rows. An accepted cell edit emits `rows_edited` with a new
list; the window applies it to the project, and the project's change comes back through
`set_rows`. A refused cell is marked and its message emitted, and the project is untouched.
"""

from __future__ import annotations

import copy
import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from models.core.declare import Field, TableSpec
from models.core.timeline import fy_label
from ui.field_editors import NONE_TEXT, tooltip, unusual, year_choices
from ui.values import ValueTextError, display, parse, same

CHANGED_BRUSH = QBrush(QColor("#fff1c9"))
INVALID_BRUSH = QBrush(QColor("#f9d6d5"))
UNUSUAL_BRUSH = QBrush(QColor("#ffd27a"))  # amber: outside the usual range (stronger than a change's yellow)
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    rows_edited = Signal(list)  # the whole table after one accepted cell edit
    cell_refused = Signal(str)  # what was wrong with the text typed in a cell

    def __init__(self, table: TableSpec, parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.rows: list[dict] = []
        self.baseline: list[dict] | None = None  # the baseline's rows while a scenario is shown
        self.invalid: tuple[int, int] | None = None

    def set_rows(self, rows: list[dict], baseline: list[dict] | None = None) -> None:
        self.beginResetModel()
        self.rows = copy.deepcopy(rows)
        self.baseline = baseline
        self.invalid = None
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.columns)

    def column(self, index: Index) -> Field:
        return self.table.columns[index.column()]

    def value(self, row: int, column: Field) -> Any:
        return self.rows[row].get(column.name, column.default)

    def changed(self, row: int, column: Field) -> bool:
        if self.baseline is None:
            return False
        if row >= len(self.baseline):
            return True
        return not same(self.value(row, column), self.baseline[row].get(column.name, column.default))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column, r = self.column(index), index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return display(column, self.value(r, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            side = Qt.AlignmentFlag.AlignHCenter if column.fmt == "year" else Qt.AlignmentFlag.AlignRight
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.invalid == (r, index.column()):
                return INVALID_BRUSH
            if column.unusual(self.value(r, column)):
                return UNUSUAL_BRUSH
            return CHANGED_BRUSH if self.changed(r, column) else None
        if role == Qt.ItemDataRole.FontRole and self.changed(r, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, column)
        return None

    def _tooltip(self, r: int, column: Field) -> str:
        warning = unusual(column, self.value(r, column))
        first = f"<p><b>{html.escape(warning)}</b></p>" if warning else ""
        if not self.changed(r, column):
            return first + tooltip(column)
        if r >= len(self.baseline or []):
            return first + tooltip(column, "(no such row)")
        return first + tooltip(column, display(column, self.baseline[r].get(column.name, column.default)))

    def unusual_cells(self) -> list[str]:
        """One line per column with cells outside its usual range: the rows, the range and its source."""
        lines = []
        for column in self.table.columns:
            rows = [r for r in range(len(self.rows)) if column.unusual(self.value(r, column))]
            if rows:
                numbers = [str(r + 1) for r in rows]
                which = f"row {numbers[0]}" if len(rows) == 1 else f"rows {', '.join(numbers[:-1])} and {numbers[-1]}"
                lines.append(f"{column.label}, {which}: {unusual(column, self.value(rows[0], column))}")
        return lines

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            column = self.table.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                unit = f"\n({column.unit})" if column.unit and column.fmt not in ("year", "text") else ""
                return column.label + unit
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(column)
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.column(index)
        try:
            parsed = parse(column, str(value))
        except ValueTextError as exc:
            self.invalid = (index.row(), index.column())
            self.dataChanged.emit(index, index)
            self.cell_refused.emit(f"Row {index.row() + 1}, {column.label}: {exc}")
            return False
        if same(parsed, self.value(index.row(), column)):
            return False
        rows = copy.deepcopy(self.rows)
        rows[index.row()][column.name] = parsed
        self.rows_edited.emit(rows)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down for year and choice columns; other columns are typed."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        column: Field = index.model().column(index)
        if column.fmt not in ("year", "choice"):
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        if column.optional:
            combo.addItem(NONE_TEXT, "")
        items = [fy_label(y) for y in year_choices(column)] if column.fmt == "year" else list(column.choices)
        for item in items:
            combo.addItem(item, item)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = index.data(Qt.ItemDataRole.EditRole)
            found = editor.findData(text)
            if found < 0:
                editor.addItem(text, text)
                found = editor.count() - 1
            editor.setCurrentIndex(found)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            super().setModelData(editor, model, index)
