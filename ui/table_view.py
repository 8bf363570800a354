"""The tables of the app's views: a QTableView whose selection copies for Excel (Ctrl+C as
numbers, Ctrl+Shift+C with the headings), and column fitting from remembered measurements, so
that an edit does not make Qt measure every cell of a column again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QTableView

HEADING_PAD = 16  # a heading's padding (resources/style.qss: 6px either side), its border and rounding


def fit_columns(view: CopyableTable, text: Callable[[int, int], str], minimum: int) -> None:
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
        cell = 0 if longest is None else view.cell_width(model.index(longest, column))
        heading = header.fontMetrics().horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal)))
        width = max(minimum, cell + 2, heading + HEADING_PAD)  # 2: the grid line and a pixel's rounding
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)


def fit_to_contents(view: CopyableTable, columns: range) -> None:
    """What the header's ResizeToContents does for these columns (the widest cell and a pixel for
    the grid, never narrower than the heading), from remembered measurements: the header itself
    measures every cell of the column again at each change of any one of them."""
    model, header = view.model(), view.horizontalHeader()
    grid = 1 if view.showGrid() else 0
    for column in columns:
        cells = max((view.cell_width(model.index(r, column)) for r in range(model.rowCount())), default=-1)
        width = max(cells + grid, header.sectionSizeHint(column))
        width = min(max(width, header.minimumSectionSize()), header.maximumSectionSize())
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)


WIDTHS_KEPT = 4096  # measured texts a table remembers: an edit measures at most one per column


class CopyableTable(QTableView):
    """Ctrl+C copies the selection for Excel (numbers); Ctrl+Shift+C adds the headings."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._widths: dict[tuple[str, str], int] = {}  # (text, font) -> the delegate's width for it

    def cell_width(self, index: QModelIndex) -> int:
        """The width the view's delegate asks for a cell (sizeHintForIndex), remembered by its text
        and font, which are all it depends on in these tables: after an edit most columns' widest
        figure is one measured before (forgotten when the view's font or style changes)."""
        text, font = index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.FontRole)
        key = ("" if text is None else str(text), font.key() if font is not None else "")
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= WIDTHS_KEPT:  # a long session's old figures are let go
                self._widths.clear()
            width = self._widths[key] = self.sizeHintForIndex(index).width()
        return width

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths.clear()
        super().changeEvent(event)

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
        block_text = getattr(model, "block_text", None)  # a model that copies as numbers (the annual table)
        if block_text is not None:
            text = block_text(rows, columns, headings)
        else:
            text = "\n".join("\t".join(model.index(r, c).data() or "" for c in columns) for r in rows) + "\n"
        QGuiApplication.clipboard().setText(text)
        return text
