"""Two-way data table and spider chart (planner.analysis.two_way), each one vectorised call.

The data table puts one input down the side and another across the top and shows a metric at
every pair; the base case (both inputs at their values in the scenario) is outlined and bold,
and each cell is shaded from red (the worst value in the table) through white to green (the
best): better means higher, except for metrics where less is better (debt, cost, years to
repay: LOWER_IS_BETTER). The spider chart moves each chosen input by the same percentages on
its own and draws the metric against the percentage, one line per input.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.analysis.tornado_inputs import default_inputs
from planner.analysis.two_way import Spider, TwoWayTable, spider, two_way
from planner.errors import PlannerError
from planner.excel.analysis_export import Sheet
from planner.project.document import Project
from ui.analysis.base import AnalysisDialog, fill_combo
from ui.analysis.common import input_choices, metric_choices, problem_text, show_input, show_metric
from ui.analysis.plots import ValueAxis, key_html, paper, pen, plot_widget
from ui.analysis.takeaway import Take
from ui.workers import Worker

LOWER_IS_BETTER = ("debt", "cost", "year", "gap", "breach", "shortfall")
WORST, MIDDLE, BEST = QColor("#f4b6b0"), QColor("#ffffff"), QColor("#b9e3c6")


def shade(values: np.ndarray, higher_is_better: bool) -> list[list[QColor]]:
    """Each cell's colour: from WORST at the table's worst value to BEST at its best."""
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    out = []
    for row in values:
        colours = []
        for v in row:
            t = 0.5 if not np.isfinite(v) or hi == lo else (v - lo) / (hi - lo)
            t = t if higher_is_better else 1.0 - t
            a, b, u = (WORST, MIDDLE, t * 2) if t < 0.5 else (MIDDLE, BEST, t * 2 - 1)
            colours.append(
                QColor(*(round(x + (y - x) * u) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)))
            )
        out.append(colours)
    return out


def higher_is_better(metric: str, label: str) -> bool:
    text = f"{metric} {label}".lower()
    return not any(word in text for word in LOWER_IS_BETTER)


class DataTableDialog(AnalysisDialog):
    def __init__(self, project: Project, scenario: str, run: str, parent: QWidget | None = None) -> None:
        super().__init__(project, scenario, run, "Data table and spider chart", parent)
        self.table_result: TwoWayTable | None = None
        self.spider_result: Spider | None = None
        self.row_box, self.column_box, self.metric_box = QComboBox(), QComboBox(), QComboBox()
        self.steps = QSpinBox(minimum=1, maximum=10, value=5)
        self.steps.setToolTip("Values either side of the input's own value")
        self.spread = QDoubleSpinBox(decimals=1, minimum=1.0, maximum=200.0, value=20.0, suffix=" %", singleStep=5.0)
        self.run_button = QPushButton("Run")
        self.run_button.setDefault(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.spider_inputs = QListWidget()
        self.spider_axis = ValueAxis("left")
        self.spider_plot = plot_widget(left=self.spider_axis, bottom=ValueAxis("bottom", "rate"))
        self.spider_key = QLabel()
        self.spider_key.setWordWrap(True)
        self.spider_chart = QWidget()
        self.tabs = QTabWidget()
        choices = input_choices(self.run_def)
        for box in (self.row_box, self.column_box):
            fill_combo(box, choices)
            box.setMinimumContentsLength(24)
        if len(choices) > 1:
            self.column_box.setCurrentIndex(1)
        try:  # the first six uncertain estimates ticked for the spider, as a tornado chooses them
            ticked = set(default_inputs(self.runs, self.run_name)[0][:6])
        except PlannerError:
            ticked = set()
        for c in choices:
            item = QListWidgetItem(c.label)
            item.setData(Qt.ItemDataRole.UserRole, c.key)
            item.setCheckState(Qt.CheckState.Checked if c.key in ticked else Qt.CheckState.Unchecked)
            self.spider_inputs.addItem(item)
        self._layout()
        self._fill_metrics()
        self.run_button.clicked.connect(self.run)
        self.tabs.currentChanged.connect(lambda _i: self.takeaway.refresh())
        self.result_run_box.currentIndexChanged.connect(self._fill_metrics)

    def _layout(self) -> None:
        form = QFormLayout()
        if self.result_run_box.count() > 1:
            form.addRow("Results of", self.result_run_box)
        form.addRow("Metric", self.metric_box)
        form.addRow("Down the side", self.row_box)
        form.addRow("Across the top", self.column_box)
        spread = QHBoxLayout()
        for widget in (QLabel("steps each side"), self.steps, QLabel("over ±"), self.spread):
            spread.addWidget(widget)
        spread.addStretch(1)
        spread.addWidget(self.run_button)
        form.addRow("Values", spread)
        paper(self.spider_chart)
        chart = QVBoxLayout(self.spider_chart)
        chart.setContentsMargins(0, 0, 0, 0)
        chart.addWidget(self.spider_key)
        chart.addWidget(self.spider_plot, 1)
        spider_page = QWidget()
        row = QHBoxLayout(spider_page)
        row.addWidget(self.spider_inputs, 1)
        row.addWidget(self.spider_chart, 3)
        self.tabs.addTab(self.grid, "Two-way table")
        self.tabs.addTab(spider_page, "Spider chart")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.takeaway)
        layout.addWidget(self.status)
        self.resize(1280, 720)

    def _fill_metrics(self) -> None:
        try:
            fill_combo(self.metric_box, metric_choices(self.base_outcome()))
        except PlannerError as exc:
            self.metric_box.clear()
            self.show_problem(problem_text(exc))
        self.run_button.setEnabled(self.metric_box.count() > 0)

    def spider_keys(self) -> list[str]:
        items = (self.spider_inputs.item(i) for i in range(self.spider_inputs.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def _both(self):
        """The table and the spider together, on the worker (two vectorised calls)."""
        metric, pct = self.metric_box.currentData(), self.spread.value() / 100.0
        found = two_way(
            self.runs,
            self.run_name,
            self.row_box.currentData(),
            self.column_box.currentData(),
            metric,
            steps=self.steps.value(),
            pct=pct,
            result_run=self.result_run,
        )
        pcts = np.linspace(-pct, pct, 2 * self.steps.value() + 1)
        keys = self.spider_keys()
        legs = spider(self.runs, self.run_name, metric, keys, pcts, self.result_run) if keys else None
        return found, legs

    def run(self) -> Worker:
        self.show_note("Running…")
        return self.start_job(Worker(self._both), self.show_result)

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and self.metric_box.count() > 0)

    def show_result(self, both) -> None:
        self.table_result, self.spider_result = both
        self._show_table(self.table_result)
        if self.spider_result is not None:
            self._show_spider(self.spider_result)
        t = self.table_result
        self.show_note(
            f"{t.values.size:,} pairs in one call; the base case (outlined) is "
            f"{show_metric(t.base, t.kind, t.years)}. Shading runs from the worst value (red) to the best (green)."
        )
        self.takeaway.refresh()

    def _shown_input(self, key: str, value: float) -> str:
        from planner.analysis.sensitivity import split_key

        owner, path = split_key(self.runs, self.run_name, key)
        return show_input(self.runs, owner.name, path, value)

    def _show_table(self, t: TwoWayTable) -> None:
        self.grid.clear()
        self.grid.setRowCount(t.values.shape[0])
        self.grid.setColumnCount(t.values.shape[1])
        self.grid.setHorizontalHeaderLabels([self._shown_input(t.column, v) for v in t.column_values])
        self.grid.setVerticalHeaderLabels([self._shown_input(t.row, v) for v in t.row_values])
        colours = shade(t.values, higher_is_better(t.metric, t.metric_label))
        base = t.base_cell
        bold = QFont()
        bold.setBold(True)
        for i in range(t.values.shape[0]):
            for j in range(t.values.shape[1]):
                item = QTableWidgetItem(show_metric(float(t.values[i, j]), t.kind, t.years))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setBackground(QBrush(colours[i][j]))
                if (i, j) == base:
                    item.setFont(bold)
                    item.setToolTip("The base case: both inputs at their values in the scenario")
                self.grid.setItem(i, j, item)
        self.grid.setStyleSheet("QTableWidget::item:focus { border: 2px solid #222222; }")
        if base is not None:
            self.grid.setCurrentCell(*base)  # the base case outlined by the focus frame
        self.grid.resizeColumnsToContents()
        self.grid.setToolTip(f"{t.metric_label}: {t.row_label} down the side, {t.column_label} across the top")

    def _show_spider(self, s: Spider) -> None:
        item = self.spider_plot.getPlotItem()
        item.clear()
        self.spider_axis.set_kind("count" if s.kind == "flag" else s.kind, s.years)
        item.setTitle(f"{s.metric_label} as each input moves on its own", color="#222222", size="11pt")
        for i, row in enumerate(s.values):
            item.plot(np.array(s.pcts), row, pen=pen(i), symbol="o", symbolSize=5)
        self.spider_key.setText(key_html([(pen(i).color().name(), label, "line") for i, label in enumerate(s.labels)]))
        item.enableAutoRange()

    # --- taking results away ----------------------------------------------------------------
    def take(self) -> Take | None:
        t = getattr(self, "table_result", None)
        if t is None:
            return None
        corner = f"{t.row_label} \\ {t.column_label}"
        kinds = ["text"] + [t.kind] * t.values.shape[1]
        grid = Sheet(
            "Two-way table",
            [corner] + [self._shown_input(t.column, v) for v in t.column_values],
            [[self._shown_input(t.row, r)] + list(t.values[i]) for i, r in enumerate(t.row_values)],
            kinds,
            [f"{t.metric_label} of {t.run}; base case {show_metric(t.base, t.kind, t.years)}."],
        )
        sheets = [grid]
        s = self.spider_result
        if s is not None:
            sheets.append(
                Sheet(
                    "Spider",
                    ["Input"] + [f"{p:+.0%}" for p in s.pcts],
                    [[label] + list(row) for label, row in zip(s.labels, s.values)],
                    ["text"] + [s.kind] * len(s.pcts),
                )
            )
        if self.tabs.currentIndex() == 0:
            return Take(f"{t.metric_label}: {t.row_label} against {t.column_label}", self.grid, self.grid, sheets)
        return Take(f"Spider chart of {t.metric_label}", self.spider_chart, None, sheets)
