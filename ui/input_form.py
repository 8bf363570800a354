"""The Inputs tab: a form generated from a model's declaration.

Scalar inputs are laid out by `Field.group` (label, editor, unit, and a message line under the
editor that shows only when a value is refused); every TableSpec gets an editable table. The
form emits what the user asks for (`edited(path, value)`, `reset_requested(path)`); the window
decides, and tells the form the outcome with `set_inputs` or `show_error`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from models.core.declare import Field, ModelSpec
from models.core.timeline import fy_start
from models.core.validation import RULES_KEY
from planner.analysis.rule_changes import NOT_OVERRIDDEN
from planner.project.paths import get_value
from ui.field_editors import make_editor, tooltip, unusual
from ui.input_table import InputTable, _set_flag
from ui.rating_list_box import RatingListBox
from ui.values import ValueTextError, display, same

COLUMNS = 2  # columns of groups; tables span the width below them


class InputForm(QWidget):
    edited = Signal(str, object)  # input path, new value (a table's path with its whole rows)
    reset_requested = Signal(str)  # input path
    data_requested = Signal(str, str)  # a data input ("rating_list") and what to do: "import" or "drop"

    def __init__(self, spec: ModelSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.warnings: dict[str, QLabel] = {}  # outside the usual range: allowed, but worth a second look
        self.tables: dict[str, InputTable] = {}
        self._shown: dict[str, tuple] = {}  # each field's (value, scenario's base, rule override) as drawn
        layout = QVBoxLayout(self)
        intro = QLabel(spec.description, self, wordWrap=True, objectName="formIntro")
        layout.addWidget(intro)
        layout.addLayout(self._groups())
        self.data_boxes = {}
        for d in spec.data:  # a data input is read from its file, never typed: a status line and a button
            box = RatingListBox(d.label, d.help, self)
            box.import_requested.connect(lambda name=d.name: self.data_requested.emit(name, "import"))
            box.drop_requested.connect(lambda name=d.name: self.data_requested.emit(name, "drop"))
            layout.addWidget(box)
            self.data_boxes[d.name] = box
        for table in spec.tables:
            layout.addWidget(self._table_box(table))
        layout.addStretch(1)

    # ---- building -------------------------------------------------------------------------

    def _groups(self) -> QHBoxLayout:
        """The groups in COLUMNS columns, each group joining the shorter column in the declared
        order; in one column (the declared order) when the form is too narrow for them side by
        side (`fit_width`), so no label or editor is squeezed or cut off."""
        groups: dict[str, list[Field]] = {}
        for f in self.spec.fields:
            groups.setdefault(f.group, []).append(f)
        self._placed: list[tuple[QGroupBox, int]] = []  # (box, its column when side by side)
        heights = [0] * COLUMNS
        for name, fields in groups.items():
            k = heights.index(min(heights))
            self._placed.append((self._group_box(name, fields), k))
            heights[k] += len(fields) + 2
        self._columns = [QVBoxLayout() for _ in range(COLUMNS)]
        self._row = row = QHBoxLayout()
        for column in self._columns:
            row.addLayout(column, 1)
        self._side_by_side: bool | None = None
        self._arrange(True)
        return row

    def fit_width(self, width: int) -> None:
        """Lay the groups side by side if they fit in `width` (the scroll area's), else one above another."""
        spacing = self.layout().spacing() + sum(self.layout().getContentsMargins()[::2])
        need = sum(
            max((box.minimumSizeHint().width() for box, k in self._placed if k == c), default=0) for c in range(COLUMNS)
        )
        self._arrange(width >= need + spacing * COLUMNS)

    def _arrange(self, side_by_side: bool) -> None:
        if side_by_side == self._side_by_side:
            return
        self._side_by_side = side_by_side
        for column in self._columns:
            while column.count():
                column.takeAt(0)  # the boxes stay; only their places change
        for box, k in self._placed:
            self._columns[k if side_by_side else 0].addWidget(box)
        for i, column in enumerate(self._columns):
            column.addStretch(1)
            self._row.setStretch(i, 1 if side_by_side or i == 0 else 0)

    def _group_box(self, name: str, fields: list[Field]) -> QGroupBox:
        box = QGroupBox(name, self)
        grid = QGridLayout(box)
        grid.setColumnStretch(3, 1)
        grid.setVerticalSpacing(2)
        for i, f in enumerate(fields):
            label = QLabel(f.label, box)
            label.setToolTip(tooltip(f))
            editor = make_editor(f, box)
            editor.committed.connect(lambda path=f.name: self._commit(path))
            editor.reset_requested.connect(lambda path=f.name: self.reset_requested.emit(path))
            label.setBuddy(editor)
            unit = QLabel(f.unit if f.fmt not in ("year", "choice", "bool") else "", box, objectName="unit")
            error = QLabel(box, objectName="fieldError", wordWrap=True)
            error.hide()
            warning = QLabel(box, objectName="fieldWarning", wordWrap=True)
            warning.hide()
            notes = QVBoxLayout()
            notes.setContentsMargins(0, 0, 0, 0)
            notes.addWidget(error)
            notes.addWidget(warning)
            grid.addWidget(label, 2 * i, 0)
            grid.addWidget(editor, 2 * i, 1)
            grid.addWidget(unit, 2 * i, 2)
            grid.addLayout(notes, 2 * i + 1, 1, 1, 2)
            self.editors[f.name], self.labels[f.name], self.errors[f.name] = editor, label, error
            self.warnings[f.name] = warning
        return box

    def _table_box(self, table) -> QGroupBox:
        box = QGroupBox(table.label, self)
        box.setToolTip(table.help or table.label)
        widget = InputTable(table, box)
        widget.edited.connect(lambda rows, name=table.name: self.edited.emit(name, rows))
        widget.reset_requested.connect(lambda name=table.name: self.reset_requested.emit(name))
        layout = QVBoxLayout(box)
        if table.help:
            layout.addWidget(QLabel(table.help, box, wordWrap=True, objectName="tableHelp"))
        layout.addWidget(widget)
        self.tables[table.name] = widget
        return box

    # ---- showing the project --------------------------------------------------------------

    def set_inputs(self, inputs: dict, baseline: dict | None = None) -> None:
        """Show a run's resolved inputs; with `baseline`, mark what the scenario changed. A field
        whose rule the run overrides (inputs["rules"]) is marked and its tooltip says so."""
        overrides = inputs.get(RULES_KEY) or {}
        for name, editor in self.editors.items():
            value = get_value(self.spec, inputs, name)
            base = None if baseline is None else get_value(self.spec, baseline, name)
            field = editor.field
            overridden = bool(field.rule) and field.rule in overrides
            override = overrides[field.rule] if overridden else NOT_OVERRIDDEN
            editor.set_value(value)  # always: the text typed is shown as the value it was read as
            state = (value, baseline is None, base, override)
            if self.errors[name].isHidden() and self._shown.get(name) == state:
                continue  # marked as it is (an edit of another input): re-marking is most of an edit's cost
            self._shown[name] = state
            changed = baseline is not None and not same(value, base)
            editor.setToolTip(tooltip(field, display(field, base) if changed else None, override))
            for widget in (editor, self.labels[name]):
                _set_flag(widget, "changed", changed)
                _set_flag(widget, "rule_overridden", overridden)
            self._clear_error(name)
            self._mark_unusual(name, value)
        for name, box in self.data_boxes.items():
            box.set_value(inputs.get(name))
        first_year = _start_year(self.spec, inputs)
        for name, table in self.tables.items():
            rows = get_value(self.spec, inputs, name)
            table.set_rows(rows, None if baseline is None else get_value(self.spec, baseline, name), first_year)

    def show_error(self, path: str, message: str) -> None:
        """Mark the input a refused value was meant for, with the model's message beside it."""
        name = path.split("[")[0]
        if name in self.tables:
            self.tables[name].show_error(message)
            return
        if name not in self.editors:
            return
        self.errors[name].setText(message)
        self.errors[name].show()
        _set_flag(self.editors[name], "invalid", True)

    def editor(self, path: str) -> QWidget:
        return self.editors[path]

    def focused_path(self) -> str | None:
        """The input whose editor (or table) has the keyboard focus, for Edit > Reset to Baseline."""
        for name, editor in self.editors.items():
            if editor.hasFocus():
                return name
        for name, table in self.tables.items():
            if table.isAncestorOf(self.focusWidget() or self) or table.view.hasFocus():
                return name
        return None

    def _commit(self, path: str) -> None:
        editor = self.editors[path]
        try:
            value = editor.read()
        except ValueTextError as exc:
            self.show_error(path, str(exc))
            return
        self.edited.emit(path, value)

    def _mark_unusual(self, name: str, value) -> None:
        """Amber, with the usual range and its source, for a value outside the declared plausible range."""
        text = unusual(self.editors[name].field, value)
        self.warnings[name].setText(text)
        self.warnings[name].setVisible(bool(text))
        _set_flag(self.editors[name], "unusual", bool(text))

    def _clear_error(self, name: str) -> None:
        self.errors[name].hide()
        _set_flag(self.editors[name], "invalid", False)


def _start_year(spec: ModelSpec, inputs: dict) -> int | None:
    try:
        return fy_start(get_value(spec, inputs, "start_year"))
    except (KeyError, TypeError, ValueError):
        return None


def field_message(path: str, label: str, message: str) -> str:
    """A planner message shown at its field, without the run, scenario and field it repeats."""
    for prefix in ("scenario ", "run "):
        if message.startswith(prefix) and "': " in message:
            message = message.split("': ", 1)[1]
    for named in (f"{path} ({label}): ", f"{path}: "):
        if message.startswith(named):
            message = message[len(named) :]
    return message
