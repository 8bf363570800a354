"""The Prudential view: a run's prudential indicators by year and its debt against the limits.

A tab of its own, after the Checks: the Appraisal view sits in the Results of a land value run,
but the indicators need the window's width for their years and its height for the chart. It
shows the selected run's indicators when the run computes them (a programme): capital
expenditure and its financing, the capital financing requirement, external debt against the
operational boundary, the authorised limit and the debt cap agreed with HM Treasury (where
entered), the ratio of financing costs to the net revenue stream for each fund, and the
liability benchmark, as a table (years across) above the chart of debt with each limit drawn as
a line (planner.charts.prudential). A breached limit's years are red and its failing check is
named above, with the Prudential Code (and any limit's own source) cited below. Drawn when the
tab is opened (pyqtgraph loads then) and, after an edit, only while it is open.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.core.declare import ModelSpec
from models.core.prudential import CODE
from models.core.result import Result
from planner import formatting as fmt
from planner.charts.kinds import years_of
from planner.charts.prudential import DEBT_LIMITS, TABLE, debt_chart, has_indicators, limits
from ui.deferred import WhenShown
from ui.prudential_rows import Row, indicator_rows
from ui.results_table import NEGATIVE, RAW, RIGHT, bold, money_text
from ui.table_view import CopyableTable, fit_columns

Index = QModelIndex | QPersistentModelIndex
BREACHED = QBrush(QColor("#fbe3e1"))
NOT_SET = "not set"
YEAR_WIDTH, LABEL_WIDTH = 48, 300
TABLE_ROWS, CHART_HEIGHT = 8, 200  # the least the tab shows of each before it scrolls
NONE = "The run shown computes no prudential indicators. Choose a programme run in the project tree."


class PrudentialModel(QAbstractTableModel):
    """Rows: the indicators (with headings); columns: the years."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.years: list[str] = []
        self.scale = "£000"

    def set_rows(self, rows: list[Row], years: list[str]) -> None:
        if [r.label for r in rows] == [r.label for r in self.rows] and years == self.years:
            self.rows = rows  # an edit: the same indicators with new figures
            self._changed()
            return
        self.beginResetModel()
        self.rows, self.years = rows, years
        self.endResetModel()

    def set_scale(self, scale: str) -> None:
        self.scale = scale
        self._changed()

    def _changed(self) -> None:
        if self.rows and self.years:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.years) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.rows) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.years)

    def raw(self, row: int, column: int) -> float | None:
        values = self.rows[row].values
        return None if values is None else float(values[column])

    def text(self, row: int, column: int) -> str:
        value, unit = self.raw(row, column), self.rows[row].unit
        if value is None:
            return ""
        if math.isnan(value):
            return NOT_SET
        return f"{value:.1%}" if unit == "%" else money_text(value, self.scale)

    def breached(self, row: int, column: int) -> bool:
        failing = self.rows[row].failing
        return failing is not None and bool(failing[column])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, c)
        if role == RAW:
            return self.raw(r, c)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and self.breached(r, c):
            return BREACHED
        if role == Qt.ItemDataRole.ForegroundRole and (self.breached(r, c) or (self.raw(r, c) or 0.0) < -0.5):
            return NEGATIVE
        if role == Qt.ItemDataRole.ToolTipRole and (value := self.raw(r, c)) is not None and not math.isnan(value):
            exact = f"{value:.2%}" if self.rows[r].unit == "%" else fmt.money(value, pence=True)
            check = self.rows[r].check
            breach = f"\n{check.message}" if check is not None and self.breached(r, c) else ""
            return f"{self.rows[r].label}, {self.years[c]}: {exact}{breach}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.years[section] if role == Qt.ItemDataRole.DisplayRole else None
        row = self.rows[section]
        failed = row.check is not None and not row.check.ok
        if role == Qt.ItemDataRole.DisplayRole:
            return ("✗ " if failed else "") + row.label
        if role == Qt.ItemDataRole.FontRole and row.heading:
            return bold()
        if role == Qt.ItemDataRole.ForegroundRole and failed:
            return NEGATIVE
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(t for t in (row.label, row.help, row.check.message if row.check else "") if t)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None


class PrudentialView(QWidget):
    """The Prudential tab: the shown run's indicators, drawn when the tab is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Prudential indicators")
        self.title = QLabel("Prudential indicators", self, objectName="panelTitle", wordWrap=True)
        self.note = QLabel(self, objectName="unit", wordWrap=True)
        self.failing = QLabel(self, objectName="problem", wordWrap=True)
        self.failing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = PrudentialModel(self)
        self.table = CopyableTable(self)
        self.table.setModel(self.model)
        self.table.setObjectName("prudential_table")
        self.table.setAccessibleName("Prudential indicators by year")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setMaximumWidth(LABEL_WIDTH)  # long labels elide; the tooltip has them
        self.sources = QLabel(self, objectName="unit", wordWrap=True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.none = QLabel(NONE, self, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.chart = None  # made on first use (pyqtgraph)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.table)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.note, 1)
        # on a small screen the tab scrolls rather than squeeze the table to a line or two
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 24 * TABLE_ROWS)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.none, 1)
        layout.addWidget(self.failing)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.sources)
        scroll = QScrollArea(self, widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.later = WhenShown(self, self._show)

    def show_result(
        self, result: Result | None, spec: ModelSpec | None, inputs: dict | None, title: str = "", problem: str = ""
    ) -> None:
        """Draw the run's indicators when the tab is on screen; or say why there are none: the run
        computes none, or (`problem`) the scenario cannot be calculated."""
        self.later.request(result, spec, inputs, title, problem)

    def set_scale(self, scale: str) -> None:
        self.model.set_scale(scale)
        self._fit()
        self._say_scale()

    def showEvent(self, event) -> None:
        self.later.flush()
        super().showEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.table.verticalHeader().setMaximumWidth(max(160, min(LABEL_WIDTH, self.width() // 3)))

    def _show(
        self, result: Result | None, spec: ModelSpec | None, inputs: dict | None, title: str, problem: str
    ) -> None:
        shown = not problem and spec is not None and inputs is not None and has_indicators(result)
        for widget in (self.failing, self.split, self.sources, self.note):
            widget.setVisible(shown)
        self.none.setVisible(not shown)
        self.none.setText(f"This scenario cannot be calculated:\n{problem}" if problem else NONE)
        self.title.setText(f"Prudential indicators — {title}" if shown and title else "Prudential indicators")
        if not shown:
            self.model.set_rows([], [])
            return
        assert result is not None and spec is not None and inputs is not None
        self.model.set_rows(indicator_rows(result, inputs), years_of(result))
        self._fit()
        self._say_scale()
        failed = [r.check for r in self.model.rows if r.check is not None and not r.check.ok]
        self.failing.setText("<br>".join(f"✗ <b>{html.escape(c.name)}</b>: {html.escape(c.message)}" for c in failed))
        self.failing.setVisible(bool(failed))
        self.sources.setText(_sources(spec, result, inputs))
        self._draw_chart(result, inputs)

    def _fit(self) -> None:
        fit_columns(self.table, self.model.text, YEAR_WIDTH)

    def _say_scale(self) -> None:
        self.note.setText(f"Money in {self.model.scale}; ratios as a percentage; limit breaches in red")

    def _draw_chart(self, result: Result, inputs: dict) -> None:
        from ui.charts import ChartView  # pyqtgraph loads here

        chart = debt_chart(result, inputs)
        if self.chart is None:
            self.chart = ChartView(chart, self)
            self.chart.plot.setMinimumHeight(CHART_HEIGHT)
            self.split.addWidget(self.chart)
            total = sum(self.split.sizes()) or self.split.height()
            self.split.setSizes([total * 11 // 20, total - total * 11 // 20])  # the table a little the taller
        else:
            self.chart.draw(chart)


def _sources(spec: ModelSpec, result: Result, inputs: dict) -> str:
    """The Code the indicators follow, and the source of each limit shown that has its own."""
    entered = limits(result, inputs)
    shown = [name for name, _check, _colour in DEBT_LIMITS if name != "debt_cap" or np.isfinite(entered[name]).any()]
    table = spec.table(TABLE)
    own = {table.column(n).source for n in shown} - {"", table.source, CODE}
    return "<br>".join(f"<span style='color:#555'>Source: {html.escape(s)}</span>" for s in (CODE, *sorted(own)))
