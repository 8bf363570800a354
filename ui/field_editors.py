"""One editor per input format, all with the same small interface:

    editor.field            the declaration it edits
    editor.set_value(v)     show a raw value (never emits `committed`)
    editor.read()           the value the user entered; ValueTextError if the text is not one
    editor.committed        emitted when the user finishes an entry (Enter, leaving the field,
                            choosing an item, ticking the box)

`make_editor(field)` picks the editor from `Field.fmt`; nothing here knows about any model.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMenu, QWidget

from models.core.declare import Field
from models.core.timeline import fy_label, fy_start
from planner.analysis.rule_changes import NOT_OVERRIDDEN, rule_lines
from ui.values import display, parse

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the picker's range where a year input declares no bounds
NONE_TEXT = "none"
EDITOR_WIDTH = 190  # wide enough for £1,000,000,000,000; the unit stays beside the number


def year_choices(field: Field) -> list[int]:
    low = int(field.low) if field.low is not None else FIRST_YEAR
    high = int(field.high) if field.high is not None else LAST_YEAR
    return list(range(low, high + 1))


def tooltip(field: Field, baseline: str | None = None, override=NOT_OVERRIDDEN) -> str:
    """Help, unit, what is allowed and the source, from the declaration (rich text); for a field a
    rule governs, the rule with each value's citation, and the scenario's override of it if any."""
    parts = [f"<b>{html.escape(field.label)}</b>" + (f" ({html.escape(field.unit)})" if field.unit else "")]
    if field.help:
        parts.append(html.escape(field.help))
    parts.append(f"Allowed: {html.escape(field.allowed()[0].upper() + field.allowed()[1:])}")
    if field.source:
        parts.append(f"<i>Source: {html.escape(field.source)}</i>")
    if field.rule:
        lines = rule_lines(field.rule, override)
        parts.append("<b>" + html.escape(lines[0]) + "</b>")
        parts += [html.escape(line) for line in lines[1:-1]]
        last = html.escape(lines[-1]) if len(lines) > 1 else ""
        parts.append(f"<b>{last}</b>" if override is not NOT_OVERRIDDEN else last)
    if field.plausible is not None:
        low, high = (display(field, v) for v in field.plausible)
        usual = f"Usually {low} to {high}" + (f" ({field.plausible_source})" if field.plausible_source else "")
        parts.append(html.escape(usual))
    if baseline is not None:
        parts.append(f"<b>Changed in this scenario.</b> Baseline: {html.escape(baseline or NONE_TEXT)}")
    return "<p style='white-space:normal'>" + "<br>".join(parts) + "</p>"


def unusual(field: Field, value: Any) -> str:
    """ "Outside the usual range, 0.5% to 5% (source): ..." for a number outside `field.plausible`, else ""."""
    if not field.unusual(value):
        return ""
    low, high = (display(field, v) for v in field.plausible or ())
    source = f" ({field.plausible_source})" if field.plausible_source else ""
    return f"Outside the usual range, {low} to {high}{source}: worth a second look."


# The editing keys a line edit keeps: copy, cut, paste, select all, undo, redo, and moving by words.
_EDITING = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.MoveToNextWord,
    QKeySequence.StandardKey.MoveToPreviousWord,
    QKeySequence.StandardKey.SelectNextWord,
    QKeySequence.StandardKey.SelectPreviousWord,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.MoveToStartOfLine,
    QKeySequence.StandardKey.MoveToEndOfLine,
)


def _menu_shortcut(event) -> bool:
    """A Ctrl (or Ctrl+Shift) + key that is not one of the line edit's own editing keys."""
    ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    if not ctrl or event.key() in (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt):
        return False
    return not any(event.matches(k) for k in _EDITING)


class _ResetMenu:
    """Adds "Reset to baseline" to an editor's context menu while its input is changed."""

    reset_requested: Signal

    def _add_reset(self, menu: QMenu) -> None:
        menu.addSeparator()
        action = menu.addAction("Reset to baseline")
        action.setEnabled(bool(self.property("changed")))
        action.triggered.connect(self.reset_requested.emit)

    def _menu(self, pos) -> None:
        """The context menu of an editor with no menu of its own (a drop-down, a check box)."""
        menu = QMenu(self)
        self._add_reset(menu)
        menu.exec(self.mapToGlobal(pos))


class LineEdit(QLineEdit, _ResetMenu):
    """Money, rates, pence, quantities and text, typed as a finance officer writes them."""

    committed = Signal()
    reset_requested = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._shown = ""
        if field.numeric:
            self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(NONE_TEXT if field.optional else "")
        self.editingFinished.connect(self._finished)

    def set_value(self, value: Any) -> None:
        self._shown = display(self.field, value)
        self.setText(self._shown)

    def read(self) -> Any:
        return parse(self.field, self.text())

    def _finished(self) -> None:
        if self.text().strip() != self._shown:
            self.committed.emit()

    def focusOutEvent(self, event) -> None:
        """Leaving a field whose entry was refused puts its last good value back (the entry was
        never applied), while the message beside it stays until the next good entry."""
        super().focusOutEvent(event)  # emits editingFinished: a new entry is tried first
        if self.property("invalid") and self.text().strip() != self._shown:
            self.setText(self._shown)

    def event(self, event) -> bool:
        """Ctrl+Z / Ctrl+Y undo the user's typing while there is some; otherwise they go to the
        window's undo, so an applied edit is undone from where the cursor still is. A menu
        shortcut the line edit has no use for (Ctrl+E, Ctrl+R, Ctrl+B, Ctrl+T…: QLineEdit claims
        every Ctrl+letter for itself) goes to the window's menus; the entry is applied first, as
        when the field is left, so Ctrl+E exports the figure just typed."""
        if event.type() == QEvent.Type.ShortcutOverride:
            if (event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not self.isRedoAvailable()
            ):
                event.ignore()
                return False
            if _menu_shortcut(event):
                self._finished()
                event.ignore()
                return False
        return super().event(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        self._add_reset(menu)
        menu.exec(event.globalPos())


class ComboEdit(QComboBox, _ResetMenu):
    """A choice, or a financial-year picker showing "2018-19" (with "none" when optional)."""

    committed = Signal()
    reset_requested = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        if field.optional:
            self.addItem(NONE_TEXT, None)
        if field.fmt == "year":
            for year in year_choices(field):
                self.addItem(fy_label(year), year)
        else:
            for choice in field.choices:
                self.addItem(choice, choice)
        self.setMaxVisibleItems(15)
        self.activated.connect(lambda _i: self.committed.emit())
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def set_value(self, value: Any) -> None:
        if self.field.fmt == "year" and value is not None:
            try:
                value = fy_start(value)
            except (TypeError, ValueError):
                pass
        index = self.findData(value)
        if index < 0 and value is not None:  # a value outside the picker's range: show it anyway
            self.addItem(display(self.field, value), value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def read(self) -> Any:
        return self.currentData()


class BoolEdit(QCheckBox, _ResetMenu):
    committed = Signal()
    reset_requested = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.clicked.connect(lambda _checked: self.committed.emit())
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))

    def read(self) -> bool:
        return self.isChecked()


def make_editor(field: Field, parent: QWidget | None = None) -> QWidget:
    if field.fmt in ("year", "choice"):
        editor: QWidget = ComboEdit(field, parent)
    elif field.fmt == "bool":
        editor = BoolEdit(field, parent)
    else:
        editor = LineEdit(field, parent)
    editor.setObjectName(f"input_{field.name}")
    editor.setMaximumWidth(max(EDITOR_WIDTH, editor.minimumSizeHint().width()))  # a long choice is never cut short
    editor.setAccessibleName(field.label)
    editor.setAccessibleDescription(f"{field.unit}. {field.help}".strip(". "))
    editor.setToolTip(tooltip(field))
    return editor
