"""The drivers of a Monte Carlo metric's spread, as a tornado of each varied input's contribution
(planner.analysis.drivers: Spearman rank correlation; contribution ρ² / Σρ²), with the method
stated under it and the figures in a table.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.analysis.drivers import Drivers, drivers
from planner.analysis.montecarlo import MonteCarloResult
from planner.excel.analysis_export import Sheet
from ui.analysis.base import fill_table, table
from ui.analysis.plots import HIGH_COLOUR, LOW_COLOUR, ValueAxis, brush, key_html, paper, plot_widget

HEADERS = ["Input", "Rank correlation (ρ)", "Contribution to the spread"]


class DriversView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found: Drivers | None = None
        self.metric_box = QComboBox()
        self.axis = ValueAxis("bottom", "rate")
        self.plot = plot_widget(bottom=self.axis)
        self.key = QLabel(
            key_html([(HIGH_COLOUR, "rises with the input (ρ > 0)", "box"), (LOW_COLOUR, "falls as it rises", "box")])
        )
        self.method = QLabel()
        self.method.setWordWrap(True)
        self.table = table(HEADERS)
        self.chart = QWidget()  # the key, the plot and the method: what Save as PNG draws
        paper(self.chart)
        column = QVBoxLayout(self.chart)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.key)
        column.addWidget(self.plot, 1)
        column.addWidget(self.method)
        row = QHBoxLayout()
        row.addWidget(QLabel("Metric"))
        row.addWidget(self.metric_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.table, 1)

    def show_drivers(self, result: MonteCarloResult, metric: str) -> Drivers:
        found = self.found = drivers(result, metric)
        rows = found.rows[::-1]  # the largest at the top
        item = self.plot.getPlotItem()
        item.clear()
        y = np.arange(len(rows), dtype=float)
        widths = np.array([d.contribution for d in rows])
        colours = [brush(HIGH_COLOUR if d.rho > 0 else LOW_COLOUR) for d in rows]
        item.addItem(pg.BarGraphItem(x0=np.zeros_like(y), y=y, width=widths, height=0.7, brushes=colours))
        item.getAxis("left").setTicks([[(float(i), d.label) for i, d in enumerate(rows)]])
        label = result.metrics[metric].label
        item.setTitle(f"What drives the spread of {label}", color="#222222", size="11pt")
        item.setXRange(0, max(1e-9, float(widths.max(initial=0.0))) * 1.1, padding=0)
        item.setYRange(-0.6, len(rows) - 0.4, padding=0)
        self.method.setText(f"{found.trials:,} trials. Method: {found.method}.")
        fill_table(
            self.table,
            [[d.label, f"{d.rho:+.2f}" if np.isfinite(d.rho) else "–", f"{d.contribution:.0%}"] for d in found.rows],
        )
        return found

    def sheet(self) -> Sheet | None:
        if self.found is None:
            return None
        rows = [[d.label, d.rho, d.contribution] for d in self.found.rows]
        return Sheet("Drivers", HEADERS, rows, ["text", "ratio", "rate"], [f"Method: {self.found.method}."])
