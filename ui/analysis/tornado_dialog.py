"""Tornado: how far one summary metric swings as each input of a run goes low and high.

The inputs to vary are ticked in a list: by default the estimates with real uncertainty, not the
settings (whole-number inputs such as rent weeks) nor the figures a tie-out fixes (grant
tranches that must sum to the award); planner.analysis.tornado_inputs says why each is left out,
shown as its tooltip. Ticking one varies it anyway.

The user picks a metric and either ±N% of each input's value or its declared range; the planner
(`planner.analysis.sensitivity.tornado`) evaluates every input's low and high in one vectorised call on
the background worker. The chart shows the inputs with the largest swings; the table lists all
of them with the exact figures, and the status line names any input the model refused.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.analysis.sensitivity import Tornado, input_label, tornado
from planner.analysis.tornado_inputs import default_inputs
from planner.errors import PlannerError
from planner.excel.analysis_export import Sheet
from planner.project.document import Project
from ui.analysis.base import AnalysisDialog, fill_combo, fill_table, table
from ui.analysis.common import input_choices, metric_choices, problem_text, show_input, show_metric, show_swing
from ui.analysis.takeaway import Take
from ui.analysis.tornado_chart import TornadoChart
from ui.workers import Worker

HEADERS = ["Input", "Low", "Result at low", "High", "Result at high", "Swing"]


class TornadoDialog(AnalysisDialog):
    def __init__(self, project: Project, scenario: str, run: str, parent: QWidget | None = None) -> None:
        super().__init__(project, scenario, run, "Sensitivity (tornado)", parent)
        self.result: Tornado | None = None
        self.metric_box = QComboBox()
        self.metric_box.setMinimumContentsLength(28)
        self.percent = QRadioButton("Each input ±")
        self.range = QRadioButton("Each input across its declared range")
        self.range.setToolTip(
            "The declared lowest and highest values; the ±% beside it where an input has "
            "none, or a huge one (£0 to £10bn says nothing about a support cost)"
        )
        self.pct = QDoubleSpinBox(decimals=1, minimum=0.1, maximum=500.0, value=10.0, suffix=" %", singleStep=5.0)
        self.limit = QSpinBox(minimum=3, maximum=200, value=12)
        self.limit.setToolTip("How many inputs the chart shows; the table lists them all")
        self.run_button = QPushButton("Run")
        self.run_button.setDefault(True)
        self.chart = TornadoChart()
        self.table = table(HEADERS)
        self.input_list = QListWidget()
        self.input_list.setToolTip("Tick the inputs to vary; an unticked one says why it is left out")
        self._fill_inputs()
        self._layout()
        self._connect()
        self._fill_metrics()

    def _layout(self) -> None:
        group = QButtonGroup(self)
        for button in (self.percent, self.range):
            group.addButton(button)
        self.percent.setChecked(True)
        top = QHBoxLayout()
        if self.result_run_box.count() > 1:
            top.addWidget(QLabel("Results of"))
            top.addWidget(self.result_run_box)
        top.addWidget(QLabel("Metric"))
        top.addWidget(self.metric_box, 1)
        top.addWidget(self.run_button)
        ends = QHBoxLayout()
        for widget in (self.percent, self.pct, self.range):
            ends.addWidget(widget)
        ends.addStretch(1)
        ends.addWidget(QLabel("Bars shown"))
        ends.addWidget(self.limit)
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(self.chart)
        results.addWidget(self.table)
        results.setStretchFactor(0, 3)
        results.setStretchFactor(1, 2)
        inputs = QWidget()
        column = QVBoxLayout(inputs)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Inputs varied"))
        column.addWidget(self.input_list, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(inputs)
        split.addWidget(results)
        split.setSizes([260, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addLayout(ends)
        layout.addWidget(split, 1)
        layout.addWidget(self.takeaway)
        layout.addWidget(self.status)
        self.resize(1280, 720)

    def _connect(self) -> None:
        self.run_button.clicked.connect(self.run)
        self.result_run_box.currentIndexChanged.connect(self._fill_metrics)
        self.limit.valueChanged.connect(self._redraw)

    def _fill_inputs(self) -> None:
        try:
            chosen, left_out = default_inputs(self.runs, self.run_name)
        except PlannerError:
            chosen, left_out = [], {}
        for c in input_choices(self.run_def):
            item = QListWidgetItem(c.label)
            item.setData(Qt.ItemDataRole.UserRole, c.key)
            item.setCheckState(Qt.CheckState.Checked if c.key in chosen else Qt.CheckState.Unchecked)
            item.setToolTip(f"Left out by default: {left_out[c.key]}" if c.key in left_out else c.key)
            self.input_list.addItem(item)

    def chosen_inputs(self) -> list[str]:
        items = (self.input_list.item(i) for i in range(self.input_list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_varied(self, path: str, on: bool) -> None:
        for i in range(self.input_list.count()):
            item = self.input_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == path:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(path)

    def _fill_metrics(self) -> None:
        try:
            fill_combo(self.metric_box, metric_choices(self.base_outcome()))
        except PlannerError as exc:  # a run the model refuses: say so, offer nothing to run
            self.metric_box.clear()
            self.show_problem(problem_text(exc))
        self.run_button.setEnabled(self.metric_box.count() > 0)

    @property
    def mode(self) -> str:
        return "range" if self.range.isChecked() else "percent"

    def run(self) -> Worker | None:
        """Start the tornado on the worker; the chart and table fill when it finishes."""
        if not self.chosen_inputs():
            self.show_problem("Tick at least one input to vary.")
            return None
        self.show_note("Running…")
        worker = Worker(
            tornado,
            self.runs,
            self.run_name,
            self.metric_box.currentData(),
            self.chosen_inputs(),
            self.pct.value() / 100.0,
            self.mode,
            self.result_run,
        )
        return self.start_job(worker, self.show_result)

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and self.metric_box.count() > 0)

    def show_result(self, result: Tornado) -> None:
        self.result = result
        self._redraw()
        show = lambda path, value: show_input(self.runs, self.run_name, path, value)  # noqa: E731
        metric = lambda value: show_metric(value, result.kind, result.years)  # noqa: E731
        fill_table(
            self.table,
            [
                [
                    r.label,
                    show(r.path, r.low_input),
                    metric(r.metric_low),
                    show(r.path, r.high_input),
                    metric(r.metric_high),
                    show_swing(r.swing, result.kind),
                ]
                for r in result.rows
            ],
        )
        how = f"±{result.pct * 100:g}%" if result.mode == "percent" else "declared ranges"
        note = f"{len(result.rows)} inputs ({how}); base {metric(result.base)}."
        if result.skipped:
            names = [input_label(self.run_def, path) for path, _ in result.skipped]
            note += (
                f" {len(names)} left out, the model refuses their low or high value (point here for why): "
                + "; ".join(names[:4])
                + ("; …" if len(names) > 4 else ".")
            )
        self.show_note(note)
        self.status.setToolTip("\n".join(why for _, why in result.skipped))
        self.takeaway.refresh()

    def take(self) -> Take | None:
        t = self.result
        if t is None:
            return None
        kind = "count" if t.kind == "flag" else t.kind
        rows = [
            [r.label, r.base_input, r.low_input, r.metric_low, r.high_input, r.metric_high, r.swing] for r in t.rows
        ]
        how = f"each input ±{t.pct * 100:g}%" if t.mode == "percent" else "each input across its declared range"
        sheet = Sheet(
            "Tornado",
            ["Input", "Value", "Low", "Result at low", "High", "Result at high", "Swing"],
            rows,
            ["text", "", "", kind, "", kind, kind],
            [f"{t.metric_label} of {t.run} as {how}; base {show_metric(t.base, t.kind, t.years)}."],
        )
        return Take(f"Tornado of {t.metric_label}", self.chart, self.table, [sheet])

    def _redraw(self) -> None:
        if self.result is not None:
            self.chart.show_tornado(self.result, self.limit.value())
