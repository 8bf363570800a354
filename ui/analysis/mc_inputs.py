"""The Monte Carlo inputs table: which inputs vary, and each one's distribution and parameters.

One row per numeric input of the run, then of each run it takes lines from (a programme's linked
runs, keyed "Run name::path"; ui.analysis.common.varied_input_choices). A row is ticked to vary
it; its distribution is one of planner.analysis.distributions.KINDS and its parameters
are written as the planner reads them ("3780, 4200, 4620", "72%, 80%, 88%"). Defaults come
from the input's value in the scenario and ±10% of it, clipped to the declared bounds and
rounded outwards for a whole number (planner.analysis.sensitivity.low_high, as a tornado uses):

    triangular(low, value, high)    uniform(low, high)
    normal(value, (high - low) / 4) lognormal(value, (high - low) / 4)

so about 95% of a normal's draws fall within ±10%.

Inputs are grouped under bold headings, by run and then by table (or the form's group for a
single input): "Statutory cap › Rents and stock", "WMCA BRS › Rating list bands", and each keeps
its full name (a long one wraps onto the tooltip rather than being cut).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem, QWidget

from planner import formatting
from planner.analysis.distributions import KINDS
from planner.analysis.sensitivity import base_value, low_high, split_key, variable_field
from planner.errors import PlannerError
from planner.project import paths as input_paths
from planner.project.scenario_file import RunDef
from planner.registry import get_spec
from ui.analysis.common import varied_input_choices

DEFAULT_SPREAD = 0.10
INPUT, BASE, KIND, PARAMS = range(4)
HEADERS = ["Input", "Value", "Distribution", "Parameters"]
HEADING = ""  # the key of a group's heading row in `paths`: never an input


def default_parameters(field, base: float, kind: str) -> tuple[float, ...]:
    """The parameters a distribution starts with for an input of value `base` (see the module)."""
    low, high = low_high(field, base, DEFAULT_SPREAD, "percent")
    if kind == "triangular":
        return (low, base, high)
    if kind == "uniform":
        return (low, high)
    return (base, (high - low) / 4.0)


def parameter_text(field, params: tuple[float, ...]) -> str:
    """Parameters as the planner's parser reads them: a percentage input's as percentages, millions
    and billions with m and bn (no thousands separators: the commas separate the parameters).

    >>> from models.core.declare import Field
    >>> parameter_text(Field("a", "A", "£", 0, fmt="gbp"), (8_640_000.0, 9_600_000.0, 2.5e9))
    '8.64m, 9.6m, 2.5bn'
    >>> parameter_text(Field("r", "R", "%", 0, fmt="pct"), (0.72, 0.8))
    '72%, 80%'
    """
    if field.fmt == "pct":
        return ", ".join(f"{p * 100:.10g}%" for p in params)
    return ", ".join(_number(p) for p in params)


def _number(value: float) -> str:
    for scale, suffix in ((1e9, "bn"), (1e6, "m")):
        if abs(value) >= scale:
            return f"{value / scale:.10g}{suffix}"
    return f"{value:.10g}"


class DistributionTable(QTableWidget):
    changed = Signal()  # a row was ticked or unticked

    def __init__(self, runs: list[RunDef], run: str, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.runs, self.run_name = runs, run
        self.setHorizontalHeaderLabels(HEADERS)
        self.horizontalHeaderItem(PARAMS).setToolTip("; ".join(f"{k}: {', '.join(v)}" for k, v in KINDS.items()))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setAlternatingRowColors(True)
        self.paths: list[str] = []
        group = None
        for choice in varied_input_choices(runs, run):
            heading = self._group(choice.key)
            if heading != group and self._has_value(choice.key):
                self._add_heading(heading)
                group = heading
            self._add_row(choice)
        self.resizeColumnsToContents()
        self.setColumnWidth(INPUT, min(self.columnWidth(INPUT), 320))
        self.horizontalHeader().setStretchLastSection(True)
        self.itemChanged.connect(lambda item: item.column() == INPUT and self.changed.emit())

    def _input(self, key: str) -> tuple[RunDef, str]:
        """The run an input belongs to, and its path there."""
        return split_key(self.runs, self.run_name, key)

    def _group(self, key: str) -> str:
        """ "Run › Table" for a table cell, "Run › Group" for a single input."""
        owner, path = self._input(key)
        spec = get_spec(owner.model)
        parsed = input_paths.parse(path)
        part = spec.table(parsed.name).label if parsed.row is not None else spec.field(parsed.name).group
        return f"{owner.name} › {part}"

    def _has_value(self, key: str) -> bool:
        try:
            base_value(*self._input(key))
        except PlannerError:
            return False
        return True

    def _add_heading(self, text: str) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.paths.append(HEADING)
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        self.setItem(row, INPUT, item)
        self.setSpan(row, INPUT, 1, len(HEADERS))

    def _add_row(self, choice) -> None:
        try:
            base = base_value(*self._input(choice.key))
        except PlannerError:
            return  # an empty optional input has no value to spread around
        row = self.rowCount()
        self.insertRow(row)
        self.paths.append(choice.key)
        field = variable_field(*self._input(choice.key))
        name = QTableWidgetItem(choice.label)
        name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        name.setCheckState(Qt.CheckState.Unchecked)
        name.setToolTip(f"{choice.label} ({choice.key}): {field.help or field.label}")
        name.setData(Qt.ItemDataRole.UserRole, choice.key)
        self.setItem(row, INPUT, name)
        value = QTableWidgetItem(formatting.input_value(field.fmt, field.unit, base))
        value.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setItem(row, BASE, value)
        kinds = QComboBox()
        kinds.addItems(list(KINDS))
        kinds.currentTextChanged.connect(lambda kind, path=choice.key: self._reset_parameters(path, kind))
        self.setCellWidget(row, KIND, kinds)
        self.setItem(row, PARAMS, QTableWidgetItem())
        self._reset_parameters(choice.key, kinds.currentText())

    def _row(self, path: str) -> int:
        if path not in self.paths or path == HEADING:
            raise KeyError(f"{path!r} is not an input offered here; inputs are: {', '.join(self.paths)}")
        return self.paths.index(path)

    def _reset_parameters(self, path: str, kind: str) -> None:
        field = variable_field(*self._input(path))
        params = default_parameters(field, base_value(*self._input(path)), kind)
        item = self.item(self._row(path), PARAMS)
        item.setText(parameter_text(field, params))
        item.setToolTip(f"{kind}({', '.join(KINDS[kind])})")

    # --- what the dialog and tests use -------------------------------------------------------
    def set_varied(self, path: str, on: bool = True, kind: str | None = None, parameters: str | None = None) -> None:
        """Tick (or untick) an input, optionally with its distribution and parameters."""
        row = self._row(path)
        self.item(row, INPUT).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if kind is not None:
            self.cellWidget(row, KIND).setCurrentText(kind)
        if parameters is not None:
            self.item(row, PARAMS).setText(parameters)

    def varied(self) -> dict[str, str]:
        """{path: "triangular(3780, 4200, 4620)"} for every ticked input, in table order."""
        out = {}
        for row, path in enumerate(self.paths):
            if path != HEADING and self.item(row, INPUT).checkState() == Qt.CheckState.Checked:
                kind = self.cellWidget(row, KIND).currentText()
                out[path] = f"{kind}({self.item(row, PARAMS).text()})"
        return out

    def label(self, path: str) -> str:
        return self.item(self._row(path), INPUT).text()

    def filter(self, text: str) -> None:
        """Show only the inputs whose label or path contains `text` (ticked ones always)."""
        words = text.casefold().split()
        for row, path in enumerate(self.paths):
            if path == HEADING:
                self.setRowHidden(row, bool(words))  # headings only on the full list
                continue
            name = self.item(row, INPUT)
            hay = f"{name.text()} {path}".casefold()
            ticked = name.checkState() == Qt.CheckState.Checked
            self.setRowHidden(row, not ticked and not all(w in hay for w in words))
