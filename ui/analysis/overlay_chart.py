"""One annual line of one run, every chosen scenario overlaid: one pen per scenario, a legend,
a read-out of every scenario's value in the year under the mouse, and export to PNG.

The values are the scenarios' results as planner.analysis.compare.annual_frame lays them out
(scenario, run, line, year, value); this widget only draws them.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner import formatting
from ui.analysis.plots import DASHED, PALETTE, ValueAxis, key_html, paper, pen, plot_widget, save_png


class OverlayChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values_axis, self.years_axis = ValueAxis("left"), ValueAxis("bottom", "year")
        self.plot = plot_widget(left=self.values_axis, bottom=self.years_axis)
        self.key, self.readout = QLabel(), QLabel(" ")
        self.key.setTextFormat(Qt.TextFormat.RichText)
        self.key.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888888", width=1, style=DASHED))
        self.years: list[str] = []
        self.series: dict[str, np.ndarray] = {}  # scenario: values by year (NaN where it has none)
        self.unit = "£"
        paper(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self._proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)

    def show_line(self, title: str, unit: str, years: list[str], series: dict[str, np.ndarray]) -> None:
        """Draw `series` ({scenario: values over `years`}), the first scenario (the baseline) first."""
        self.years, self.series, self.unit = list(years), dict(series), unit
        item = self.plot.getPlotItem()
        item.clear()
        self.values_axis.set_kind(unit)
        self.years_axis.set_kind("year", self.years)
        item.setTitle(escape(title), color="#222222", size="11pt")
        x = np.arange(len(self.years), dtype=float)
        entries = []
        for i, (scenario, values) in enumerate(self.series.items()):
            p = pen(i, width=3.0 if i == 0 else 2.0)
            curve = pg.PlotDataItem(
                x, values, pen=p, symbol="o", symbolSize=4, symbolPen=p, symbolBrush=p.color(), connect="finite"
            )
            curve.setZValue(len(self.series) - i)  # the baseline on top, where scenarios match it
            item.addItem(curve)
            entries.append((p.color().name(), escape(scenario), "line"))
        self.key.setText(key_html(entries))
        item.addItem(self.cursor, ignoreBounds=True)
        self.cursor.setVisible(False)
        item.enableAutoRange()
        self.show_year(len(self.years) - 1)

    def show_year(self, index: int) -> None:
        """Write every scenario's value in one year under the chart (and mark the year)."""
        if not 0 <= index < len(self.years):
            return
        self.cursor.setPos(index)
        self.cursor.setVisible(True)
        parts = [
            f'<span style="color:{PALETTE[i % len(PALETTE)]}">■</span> {escape(s)}: '
            f"<b>{escape(formatting.cell(v[index], self.unit)) if np.isfinite(v[index]) else '–'}</b>"
            for i, (s, v) in enumerate(self.series.items())
        ]
        self.readout.setText(f"<b>{escape(self.years[index])}</b> &nbsp; " + " &nbsp; ".join(parts))

    def _mouse_moved(self, event) -> None:
        position = event[0]
        box = self.plot.getPlotItem().vb
        if not self.years or not box.sceneBoundingRect().contains(position):
            return
        self.show_year(int(round(box.mapSceneToView(position).x())))

    def export_png(self, path: str) -> None:
        """The chart, with its legend and read-out, as a PNG; OSError naming the file on failure."""
        save_png(self, path)
