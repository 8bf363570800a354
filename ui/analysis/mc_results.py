"""The results of a Monte Carlo run: fan chart, histogram, the chance each check fails, every
metric's percentiles and what drives a metric's spread, all from
planner.analysis.montecarlo.MonteCarloResult.

The fan chart opens on the line that matters most to a finance director (the programme's
cumulative gap, the HRA's debt, the funding balance: FIRST_LINES), not on the first line declared.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from planner.analysis.montecarlo import PERCENTILES, MonteCarloResult, share_text
from ui.analysis.base import fill_combo, fill_table, table
from ui.analysis.common import Choice, show_metric
from ui.analysis.mc_charts import FanChart, Histogram
from ui.analysis.mc_drivers import DriversView

# The lines a fan chart opens on, the first a run has: what a board asks about the risk.
FIRST_LINES = ("cumulative_gap", "closing_debt", "closing_balance", "cumulative_receipts", "net_yield")


class MonteCarloResults(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: MonteCarloResult | None = None
        self.base_lines: dict = {}  # line: (T,) values with every input at its value
        self.line_box, self.metric_box = QComboBox(), QComboBox()
        self.line_note = QLabel()
        self.fan, self.histogram = FanChart(), Histogram()
        self.checks = table(["Check", "Chance of failing", "First failure (median year)", "In words"])
        self.metrics = table(["Metric"] + [f"P{p}" for p in PERCENTILES] + ["Mean"])
        self.addTab(self._with_picker("Line", self.line_box, self.fan, self.line_note), "Fan chart")
        self.addTab(self._with_picker("Metric", self.metric_box, self.histogram), "Histogram")
        self.addTab(self.checks, "Check risk")
        self.addTab(self.metrics, "Metrics")
        self.drivers = DriversView()
        self.addTab(self.drivers, "Drivers")
        self.line_box.currentIndexChanged.connect(self._draw_line)
        self.metric_box.currentIndexChanged.connect(self._draw_metric)
        self.drivers.metric_box.currentIndexChanged.connect(self._draw_drivers)

    @staticmethod
    def _with_picker(name: str, box: QComboBox, chart: QWidget, note: QLabel | None = None) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        row.addWidget(QLabel(name))
        row.addWidget(box, 1)
        if note is not None:
            row.addWidget(note)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(chart, 1)
        return page

    def offer_lines(self, choices: list[Choice], base_lines: dict) -> None:
        """The lines of the run, offered before a run so the one to chart can be kept."""
        self.base_lines = base_lines
        keys = [c.key for c in choices]
        first = next((k for k in FIRST_LINES if k in keys), None)
        fill_combo(self.line_box, choices, keep=first)

    def offer_metrics(self, choices: list[Choice]) -> None:
        fill_combo(self.metric_box, choices)
        fill_combo(self.drivers.metric_box, choices)

    def show_result(self, result: MonteCarloResult) -> None:
        self.result = result
        fill_table(
            self.checks,
            [[c.name, share_text(c.p_fail), c.median_year or "–", c.message] for c in result.checks],
            numbers={1, 2},
        )
        fill_table(
            self.metrics,
            [
                [m.label] + [show_metric(m.percentiles[p], m.kind, result.years) for p in PERCENTILES] + [self._mean(m)]
                for m in result.metrics.values()
            ],
        )
        self._draw_line()
        self._draw_metric()
        self._draw_drivers()

    @staticmethod
    def _mean(m) -> str:
        if m.kind == "year":
            return f"never in {share_text(m.never)}" if m.never else "–"
        if m.kind == "flag":  # the mean of a yes/no is the share of trials that say yes
            return f"yes in {share_text(m.mean)}"
        return show_metric(m.mean, m.kind)

    def _draw_line(self) -> None:
        key = self.line_box.currentData()
        if self.result is None or key is None:
            return
        stats = self.result.lines.get(key)
        if stats is None:
            self.line_note.setText("Not kept in this run: run again to chart this line")
            self.fan.plot.getPlotItem().clear()
            return
        self.line_note.setText("")
        self.fan.show_line(stats, self.result.years, self.base_lines.get(key))

    def _draw_metric(self) -> None:
        key = self.metric_box.currentData()
        if self.result is None or key not in (self.result.metrics if self.result else {}):
            return
        self.histogram.show_metric(self.result.metrics[key], self.result.values[key], self.result.years)

    def _draw_drivers(self) -> None:
        key = self.drivers.metric_box.currentData()
        if self.result is not None and key in self.result.values:
            self.drivers.show_drivers(self.result, key)
