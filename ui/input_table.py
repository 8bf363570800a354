"""An editable table input: rows typed or pasted from Excel, rows added and removed.

Every change (a cell, a paste, a row added or removed) is emitted as the whole table in one
`edited` signal, so it becomes one undo step; text that is not a value is refused here with a
message naming the row and column, and the project never sees it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from models.core.declare import TableSpec
from ui.paste import new_row, paste_block, read_block
from ui.rows_model import ChoiceDelegate, RowsModel
from ui.table_view import CopyableTable
from ui.values import ValueTextError, same

MAX_VISIBLE_ROWS = 12  # taller tables scroll inside the form


class _View(CopyableTable):
    """Copies like the results table (Ctrl+C), and asks for Ctrl+V to paste a block from Excel."""

    paste_requested = Signal()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
        else:
            super().keyPressEvent(event)


class InputTable(QWidget):
    edited = Signal(list)
    reset_requested = Signal()

    def __init__(self, table: TableSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.first_year: int | None = None
        self.model = RowsModel(table, self)
        self.model.rows_edited.connect(self.edited.emit)
        self.model.cell_refused.connect(self.show_error)
        self.view = _View(self)
        self.view.setObjectName(f"table_{table.name}")
        self.view.setAccessibleName(table.label)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setMinimumSectionSize(90)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.paste_requested.connect(self.paste_clipboard)
        self.message = QLabel(self, objectName="fieldError", wordWrap=True)
        self.message.hide()
        self.warning = QLabel(self, objectName="fieldWarning", wordWrap=True)  # cells outside their usual range
        self.warning.hide()
        self.reset_button = self._button(
            "Reset to baseline", self.reset_requested.emit, f"Give {table.label} the baseline's rows again"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._buttons())
        layout.addWidget(self.view)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(f"{text} ({self.table.label})")
        button.clicked.connect(slot)
        return button

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self._button("Add row", self.add_row, f"Add a row to {self.table.label}"))
        row.addWidget(self._button("Remove rows", self.remove_rows, "Remove the selected rows"))
        row.addWidget(
            self._button(
                "Paste from Excel",
                self.paste_clipboard,
                "Paste cells copied from Excel, starting at the selected cell (Ctrl+V)",
            )
        )
        row.addStretch(1)
        row.addWidget(self.reset_button)
        return row

    def set_rows(self, rows: list[dict], baseline: list[dict] | None = None, first_year: int | None = None) -> None:
        """Show the project's rows (and mark how they differ from the baseline's)."""
        if (
            first_year == self.first_year
            and same(rows, self.model.rows)
            and self.model.invalid is None
            and (baseline is None) == (self.model.baseline is None)
            and (baseline is None or same(baseline, self.model.baseline))
        ):
            self.clear_error()
            return  # an edit elsewhere: nothing here to redraw
        self.first_year = first_year
        self.model.set_rows(rows, baseline)
        changed = (
            baseline is not None and any(self.model.changed(r, c) for r in range(len(rows)) for c in self.table.columns)
        ) or (baseline is not None and len(baseline) != len(rows))
        self.reset_button.setVisible(changed)
        self.setProperty("changed", changed)
        self.warning.setText("\n".join(self.model.unusual_cells()))
        self.warning.setVisible(bool(self.warning.text()))
        self.clear_error()
        self.view.resizeColumnsToContents()
        shown = min(max(len(rows), 1), MAX_VISIBLE_ROWS)
        header = self.view.horizontalHeader().sizeHint().height()
        self.view.setFixedHeight(header + shown * self.view.verticalHeader().defaultSectionSize() + 4)

    def show_error(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        _set_flag(self.view, "invalid", True)

    def clear_error(self) -> None:
        self.message.hide()
        _set_flag(self.view, "invalid", False)

    def add_row(self) -> None:
        rows = self.model.rows
        self.edited.emit(rows + [new_row(self.table, rows, self.first_year)])

    def remove_rows(self) -> None:
        chosen = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not chosen:
            self.show_error("Select a cell in each row to remove first.")
            return
        self.edited.emit([row for i, row in enumerate(self.model.rows) if i not in chosen])

    def paste_clipboard(self) -> None:
        self.paste(QGuiApplication.clipboard().text())

    def paste(self, text: str) -> None:
        """Write a tab-separated block from the selected cell (the first cell if none)."""
        current = self.view.currentIndex()
        row, column = (current.row(), current.column()) if current.isValid() else (0, 0)
        try:
            rows = paste_block(self.table, self.model.rows, read_block(text), row, column, self.first_year)
        except ValueTextError as exc:
            self.show_error(f"{self.table.label}: {exc}")
            return
        self.edited.emit(rows)


def _set_flag(widget: QWidget, name: str, value: bool) -> None:
    """A style-sheet property; the widget is re-polished so the new style shows at once."""
    if bool(widget.property(name)) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
