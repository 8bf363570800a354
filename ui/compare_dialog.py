"""Compare scenarios: every summary metric side by side with its change from the baseline, the
checks whose status differs, and any annual line of any run overlaid on one chart.

The metrics table's columns can be dragged into another order, and hidden or shown again from
the menu on its headings (right-click), so six scenarios fit a 1366 × 768 screen; the metric
names stay in the first column. Save as PNG, Copy and Export to Excel take what the open tab
shows (ui.analysis.takeaway).

The comparison (planner.analysis.compare.compare) is computed once for every scenario, on the background
worker; ticking scenarios on and off only chooses which of its columns to show, since each
scenario's figures are against the baseline alone.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.excel.analysis_export import Sheet
from planner.project.document import Project
from planner.project.scenarios import BASELINE
from planner.registry import get_spec
from ui.analysis.base import ERROR_STYLE, NOTE_STYLE, fill_combo, table
from ui.analysis.common import Choice
from ui.analysis.compare_tables import differs, fill_checks, fill_metrics
from ui.analysis.movement_tab import MovementTab
from ui.analysis.overlay_chart import OverlayChart
from ui.analysis.takeaway import Take, TakeAwayBar, heading
from ui.workers import Worker

EVERY_RUN = ""


class CompareDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.comparison = None  # planner.analysis.compare.Comparison, every scenario, once the worker is done
        self.worker: Worker | None = None
        self.metric_layout: list = []  # what each metrics-table row shows (see fill_metrics)
        self.setWindowTitle(f"Compare scenarios — {project.title}")
        self.scenario_list = QListWidget()
        self.run_filter, self.chart_run, self.chart_line = QComboBox(), QComboBox(), QComboBox()
        self.only_differences = QCheckBox("Only metrics that differ")
        self.metrics, self.checks = table([]), table([])
        self.chart = OverlayChart()
        self.takeaway = TakeAwayBar(self.take, self.take_title, self._report)
        header = self.metrics.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.sectionMoved.connect(self._keep_names_first)
        self.status = QLabel("Comparing…")
        self.status.setWordWrap(True)
        self._fill_lists()
        self._layout()
        self._connect()
        self.start()

    def _fill_lists(self) -> None:
        base = QListWidgetItem(BASELINE)
        base.setFlags(Qt.ItemFlag.ItemIsEnabled)  # always compared: every difference is against it
        base.setCheckState(Qt.CheckState.Checked)
        self.scenario_list.addItem(base)
        for name in self.project.scenario_names:
            item = QListWidgetItem(name)
            item.setToolTip(self.project.scenario(name).description or name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked)
            self.scenario_list.addItem(item)
        runs = [Choice(r.name, r.name) for r in self.project.runs]
        fill_combo(self.run_filter, [Choice(EVERY_RUN, "Every run")] + runs)
        fill_combo(self.chart_run, runs)

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Scenarios"))
        column.addWidget(self.scenario_list, 1)
        metrics_page, filters = QWidget(), QHBoxLayout()
        for widget in (QLabel("Run"), self.run_filter, self.only_differences):
            filters.addWidget(widget)
        filters.addStretch(1)
        page = QVBoxLayout(metrics_page)
        page.addLayout(filters)
        page.addWidget(self.metrics, 1)
        chart_page, picks = QWidget(), QHBoxLayout()
        for widget, stretch in (
            (QLabel("Run"), 0),
            (self.chart_run, 1),
            (QLabel("Line"), 0),
            (self.chart_line, 1),
        ):
            picks.addWidget(widget, stretch)
        page = QVBoxLayout(chart_page)
        page.addLayout(picks)
        page.addWidget(self.chart, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(metrics_page, "Summary metrics")
        self.tabs.addTab(self.checks, "Checks that differ")
        self.tabs.addTab(chart_page, "Annual chart")
        self.movement = MovementTab(self.project)
        self.tabs.addTab(self.movement, "Movement")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setSizes([250, 1030])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.takeaway)
        layout.addWidget(self.status)
        self.resize(1280, 720)

    def _connect(self) -> None:
        self.scenario_list.itemChanged.connect(lambda _item: self.refresh())
        self.run_filter.currentIndexChanged.connect(self._show_metrics)
        self.only_differences.toggled.connect(self._show_metrics)
        self.chart_run.currentIndexChanged.connect(self._offer_lines)
        self.chart_line.currentIndexChanged.connect(self._show_chart)
        self.tabs.currentChanged.connect(lambda _i: self.takeaway.refresh())

    # --- computing --------------------------------------------------------------------------
    def start(self) -> Worker:
        from planner.analysis.compare import compare

        self.worker = Worker(compare, self.project, parent=self)
        self.worker.finished.connect(self._compared)
        self.worker.failed.connect(self._failed)
        self.worker.start()
        return self.worker

    def _compared(self, comparison) -> None:
        self.comparison = comparison
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText("" if self.project.scenarios else "This project has no scenarios yet: add one to compare.")
        self._offer_lines()
        self.refresh()
        self.takeaway.refresh()

    def _failed(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)

    # --- showing ----------------------------------------------------------------------------
    def chosen(self) -> list[str]:
        """The ticked scenarios, in the project's order (the baseline is always shown first)."""
        items = (self.scenario_list.item(i) for i in range(1, self.scenario_list.count()))
        return [it.text() for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: list[str]) -> None:
        """Tick exactly these scenarios, then redraw once."""
        self.scenario_list.blockSignals(True)
        for i in range(1, self.scenario_list.count()):
            item = self.scenario_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)
        self.scenario_list.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        if self.comparison is None:
            return
        self._show_metrics()
        chosen = set(self.chosen())
        differing = [c for c in self.comparison.checks if c.scenario in chosen]
        fill_checks(self.checks, differing)
        self.tabs.setTabText(1, f"Checks that differ ({len(differing)})")
        self._show_chart()

    def _show_metrics(self) -> None:
        if self.comparison is None:
            return
        chosen, run = self.chosen(), self.run_filter.currentData()
        rows = [
            m
            for m in self.comparison.metrics
            if run in (EVERY_RUN, m.run) and (not self.only_differences.isChecked() or differs(m, chosen))
        ]
        self.metric_layout = fill_metrics(self.metrics, rows, chosen)

    def metric_row(self, run: str, metric: str) -> list[str]:
        """The text of a metric's row as shown (for tests and copy); KeyError if it is not shown."""
        i = self.metric_layout.index((run, metric)) if (run, metric) in self.metric_layout else -1
        if i < 0:
            raise KeyError(f"{metric!r} of run {run!r} is not shown")
        return [self.metrics.item(i, c).text() for c in range(self.metrics.columnCount())]

    def _offer_lines(self) -> None:
        run = self.chart_run.currentData()
        if self.comparison is None or run is None:
            return
        spec = get_spec(self.project.run(run).model)
        annual = self.comparison.annual
        keys = annual.loc[annual["run"] == run, "line"].unique()
        fill_combo(self.chart_line, [Choice(k, spec.line_info(k).label, spec.line_info(k).unit) for k in keys])
        self._show_chart()

    def _show_chart(self) -> None:
        run, line = self.chart_run.currentData(), self.chart_line.currentData()
        if self.comparison is None or run is None or line is None:
            return
        annual = self.comparison.annual
        rows = annual[(annual["run"] == run) & (annual["line"] == line)]
        years = sorted(rows["year"].unique())  # labels "2018-19" sort as the years do
        series = {}
        for scenario in [BASELINE] + self.chosen():
            mine = rows[rows["scenario"] == scenario].set_index("year")["value"]
            series[scenario] = np.array([mine.get(y, np.nan) for y in years], dtype=float)
        info = get_spec(self.project.run(run).model).line_info(line)
        self.chart.show_line(f"{info.label} — {run}", info.unit, years, series)

    # --- columns ------------------------------------------------------------------------------
    def _column_menu(self, point) -> None:
        """Tick columns to show or hide; the metric names (column 0) always stay."""
        menu = QMenu(self)
        for c in range(1, self.metrics.columnCount()):
            item = self.metrics.horizontalHeaderItem(c)
            action = menu.addAction(item.text() if item else str(c))
            action.setCheckable(True)
            action.setChecked(not self.metrics.isColumnHidden(c))
            action.toggled.connect(lambda on, c=c: self.metrics.setColumnHidden(c, not on))
        menu.popup(self.metrics.horizontalHeader().mapToGlobal(point))

    def _keep_names_first(self, *_args) -> None:
        """The metric names stay pinned as the first column whatever is dragged."""
        header = self.metrics.horizontalHeader()
        if header.visualIndex(0) != 0:
            header.blockSignals(True)
            header.moveSection(header.visualIndex(0), 0)
            header.blockSignals(False)

    # --- taking results away ----------------------------------------------------------------
    def take_title(self) -> str:
        return heading(
            self.project.title or "Untitled project",
            "every run",
            "the baseline and " + ", ".join(self.chosen()) if self.chosen() else BASELINE,
        )

    def _report(self, text: str, problem: bool) -> None:
        self.status.setStyleSheet(ERROR_STYLE if problem else NOTE_STYLE)
        self.status.setText(text)

    def take(self) -> Take | None:
        if getattr(self, "comparison", None) is None:
            return None
        widget, table, what = [
            (self.metrics, self.metrics, "Scenario comparison: summary metrics"),
            (self.checks, self.checks, "Scenario comparison: checks that differ"),
            (
                self.chart,
                None,
                f"Scenario comparison: {self.chart_line.currentText()} — {self.chart_run.currentText()}",
            ),
            (self.movement.chart, self.movement.table, f"Movement: {self.movement.metric.currentText()}"),
        ][self.tabs.currentIndex()]
        return Take(what, widget, table, [self._metrics_sheet()])

    def _metrics_sheet(self) -> Sheet:
        chosen = self.chosen()
        headers = ["Run", "Metric", BASELINE] + [c for s in chosen for c in (s, f"{s}: change")]
        rows, kinds = [], ["text", "text", ""] + ["", ""] * len(chosen)
        for m in self.comparison.metrics:
            values = [m.values.get(BASELINE)] + [v for s in chosen for v in (m.values.get(s), m.difference.get(s))]
            rows.append([m.run, m.label] + [None if m.kind == "year" else v for v in values])
        note = "Year metrics are left out here (the window names their years); changes are against the baseline."
        return Sheet("Metrics", headers, rows, kinds, [note])

    def done(self, result: int) -> None:
        if self.worker is not None and self.worker.running:
            self.worker.stop()
        super().done(result)
