"""Optional rank correlations between the inputs a Monte Carlo varies: pairs and a coefficient.

The planner checks the set (planner.analysis.correlation: each coefficient from -1 to 1, the set able to
hold together) and names the pair at fault; this table only collects the pairs.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from ui.analysis.common import Choice

A, B, R = range(3)


class CorrelationBox(QGroupBox):
    """A checkable group: unticked, the inputs are drawn independently."""

    def __init__(self, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__("Correlate inputs (rank correlation)", parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.choices = choices
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Input", "with input", "Correlation"])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in (
            (A, QHeaderView.ResizeMode.Stretch),
            (B, QHeaderView.ResizeMode.Stretch),
            (R, QHeaderView.ResizeMode.ResizeToContents),
        ):
            header.setSectionResizeMode(column, mode)
        self.table.setMaximumHeight(120)
        add, remove = QPushButton("Add pair"), QPushButton("Remove pair")
        add.clicked.connect(lambda: self.add_pair())
        remove.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_pair(self, a: str | None = None, b: str | None = None, r: float = 0.5) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, key in ((A, a), (B, b)):
            box = QComboBox()
            for c in self.choices:
                box.addItem(c.label, c.key)
            if key is not None:
                box.setCurrentIndex(max(box.findData(key), 0))
            self.table.setCellWidget(row, column, box)
        spin = QDoubleSpinBox(minimum=-1.0, maximum=1.0, singleStep=0.1, decimals=2, value=r)
        self.table.setCellWidget(row, R, spin)

    def _remove_current(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)

    def pairs(self, varied: list[str], label) -> dict[tuple[str, str], float] | None:
        """{(path, path): r}, or None when not ticked or empty; PlannerError for a pair whose input
        is not varied (`label(path)` names it as the table does)."""
        if not self.isChecked() or self.table.rowCount() == 0:
            return None
        out, problems = {}, []
        for row in range(self.table.rowCount()):
            a, b = (self.table.cellWidget(row, c).currentData() for c in (A, B))
            missing = [label(p) for p in dict.fromkeys((a, b)) if p not in varied]
            if missing:
                problems.append(
                    f"correlation row {row + 1}: tick {' and '.join(missing)} in the inputs table "
                    "to vary it, or remove the pair"
                )
            out[(a, b)] = self.table.cellWidget(row, R).value()
        if problems:
            raise PlannerError(problems)
        return out
