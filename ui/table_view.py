"""The tables of the app's views: a QTableView whose selection copies for Excel (Ctrl+C as
numbers, Ctrl+Shift+C with the headings), column fitting from remembered measurements, so
that an edit does not make Qt measure every cell of a column again, and a delegate that draws
the plain cells of a table of figures without the style sheet's work for each cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication, QKeySequence, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

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
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            delegate = self.itemDelegate()
            if isinstance(delegate, FigureDelegate):
                delegate.forget()
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


class FigureDelegate(QStyledItemDelegate):
    """Draws a plain cell of a table of figures whose model says how each looks in one call,
    `look(row, column) -> (text, brush or None, bold, right-aligned)`, as the styled delegate
    draws it: the text against the right (else the left) margin, vertically centred and elided
    within the style's margins, in the cell's colour (else the palette's text colour) and the
    view's font, bold where asked. A selected or focused cell is left to the
    styled delegate, whose highlight and focus frame it keeps. The styled delegate asks for seven
    roles of every cell and styles each through the style sheet's rules: about 50 µs a cell, most
    of the Results tab's redraw after an edit. What every cell shares (fonts, margin, colours) is
    found once, again after a change of font, style or palette (`forget`), and each text is laid
    out once (QStaticText)."""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(parent)
        self._shared: tuple | None = None  # (margin, {bold: (font, line height)}, {colour group: text colour})
        self._texts: dict[tuple[str, bool], tuple[float, QStaticText]] = {}  # each text's width and glyphs

    def forget(self) -> None:
        self._shared = None
        self._texts.clear()

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        state = option.state.value  # type: ignore[attr-defined]  # QStyleOption's fields are not in the stubs
        if state & SELECTED_OR_FOCUS:
            super().paint(painter, option, index)
            return
        text, brush, strong, right = index.model().look(index.row(), index.column())  # type: ignore[attr-defined]
        if not text:
            return
        margin, fonts, colours = self._shared or self._share(option)
        font, height = fonts[strong]
        group = (ACTIVE if state & ACTIVE_STATE else INACTIVE) if state & ENABLED_STATE else DISABLED
        rect = option.rect  # type: ignore[attr-defined]
        width = rect.width() - 2 * margin
        laid = self._texts.get((text, strong))
        if laid is None:
            if len(self._texts) >= WIDTHS_KEPT:
                self._texts.clear()
            laid = self._texts[text, strong] = (QFontMetricsF(font).horizontalAdvance(text), QStaticText(text))
            laid[1].prepare(font=font)
        advance, glyphs = laid
        painter.save()
        painter.setFont(font)
        painter.setPen(colours[group] if brush is None else brush.color())
        # placed as the style places a line of text: its height (ascent and descent, rounded up to
        # whole pixels) centred in the cell, the text against the right (or left) margin
        top = rect.y() + (rect.height() - height) // 2
        if advance > width:  # too wide: elided, as the styled delegate elides
            shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(rect.x() + margin, top, width, height), TOP_RIGHT if right else TOP_LEFT, shown)
        else:  # the text laid out once, drawn from its left edge
            painter.drawStaticText(QPointF(rect.x() + margin + (width - advance if right else 0), top), glyphs)
        painter.restore()

    def _share(self, option: QStyleOptionViewItem) -> tuple:
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        fonts = {}
        for strong in (False, True):
            font = QFont(option.font)  # type: ignore[attr-defined]
            font.setBold(strong or font.bold())
            metrics = QFontMetricsF(font)
            fonts[strong] = (font, math.ceil(metrics.ascent() + metrics.descent()))
        palette = option.palette  # type: ignore[attr-defined]
        colours = {group: palette.color(group, QPalette.ColorRole.Text) for group in (ACTIVE, INACTIVE, DISABLED)}
        self._shared = (margin, fonts, colours)
        return self._shared


SELECTED_OR_FOCUS = (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus).value
ENABLED_STATE, ACTIVE_STATE = QStyle.StateFlag.State_Enabled.value, QStyle.StateFlag.State_Active.value
ACTIVE, INACTIVE, DISABLED = QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled
TOP_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
