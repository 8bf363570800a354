"""Monte Carlo charts: a fan chart of an annual line and a histogram of a summary metric.

(The fan chart's legend is a label above the plot: besides never hiding a band, a
FillBetweenItem inside a pyqtgraph 0.14 legend crashes its painter under PySide6 6.12.)

The percentiles are the planner's (planner.analysis.montecarlo.LineStats / MetricStats); the histogram
only counts the trials' values (MonteCarloResult.values) into bars for display.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner.analysis.montecarlo import PERCENTILES, LineStats, MetricStats
from ui.analysis.common import show_metric
from ui.analysis.plots import BAND_INNER, BAND_OUTER, DASHED, MEDIAN, ValueAxis, brush, key_html, paper, plot_widget

BINS = 40


def _row(stats: LineStats, p: int) -> np.ndarray:
    return np.asarray(stats.percentiles[PERCENTILES.index(p)], dtype=float)


class FanChart(QWidget):
    """P5–P95 and P10–P90 bands, the P50 line and the line with every input at its value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values_axis, self.years_axis = ValueAxis("left"), ValueAxis("bottom", "year")
        self.plot = plot_widget(left=self.values_axis, bottom=self.years_axis)
        self.key = QLabel(
            key_html(
                [
                    (BAND_OUTER, "P5 to P95", "box"),
                    (BAND_INNER, "P10 to P90", "box"),
                    (MEDIAN, "P50 (median)", "line"),
                    ("#222222", "every input at its value", "dash"),
                ]
            )
        )
        paper(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addWidget(self.plot)

    def show_line(self, stats: LineStats, years: list[str], base: np.ndarray | None = None) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.values_axis.set_kind(stats.unit)
        self.years_axis.set_kind("year", years)
        item.setTitle(f"{stats.label} ({stats.unit})", color="#222222", size="11pt")
        x = np.arange(len(years), dtype=float)
        for lo, hi, colour in ((5, 95, BAND_OUTER), (10, 90, BAND_INNER)):
            low = pg.PlotDataItem(x, _row(stats, lo), pen=pg.mkPen(colour, width=1))
            high = pg.PlotDataItem(x, _row(stats, hi), pen=pg.mkPen(colour, width=1))
            item.addItem(pg.FillBetweenItem(low, high, brush=brush(colour, 150)))
        item.addItem(pg.PlotDataItem(x, _row(stats, 50), pen=pg.mkPen(MEDIAN, width=2.5)))
        if base is not None:
            item.addItem(
                pg.PlotDataItem(x, np.asarray(base, dtype=float), pen=pg.mkPen("#222222", width=1.5, style=DASHED))
            )
        item.enableAutoRange()


class Histogram(QWidget):
    """The share of trials by value of one metric, with the P5, P50 and P95 marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values_axis = ValueAxis("bottom")
        self.plot = plot_widget(left=ValueAxis("left", "rate"), bottom=self.values_axis)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_metric(self, stats: MetricStats, values: np.ndarray, years: list[str]) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        kind = "count" if stats.kind == "flag" else stats.kind
        self.values_axis.set_kind(kind, years)
        shown = values[np.isfinite(values)]
        if stats.kind == "year":
            shown = shown[shown >= 0]  # "never" is given as a share in the title
        title = stats.label
        if stats.kind == "year" and stats.never:
            title += f" (never in {stats.never:.1%} of trials)"
        item.setTitle(title, color="#222222", size="11pt")
        item.getAxis("left").setLabel("share of trials")
        x0 = x1 = None
        if shown.size:
            x0, x1, share = _bars(shown, stats.kind, values.size)
            item.addItem(
                pg.BarGraphItem(
                    x0=x0, x1=x1, height=share, brush=brush(BAND_INNER, 220), pen=pg.mkPen("#ffffff", width=0.5)
                )
            )
        for p, style, height in ((5, DASHED, 0.95), (50, None, 0.85), (95, DASHED, 0.75)):  # labels staggered
            value = stats.percentiles[p]
            if not math.isnan(value):
                pen = pg.mkPen(MEDIAN, width=2) if style is None else pg.mkPen(MEDIAN, width=1.5, style=style)
                line = pg.InfiniteLine(pos=value, angle=90, pen=pen)
                pg.InfLineLabel(
                    line,
                    text=f"P{p} {show_metric(value, stats.kind, years)}",
                    position=height,
                    color="#222222",
                    fill=brush("#ffffff", 200),
                )
                item.addItem(line)
        item.enableAutoRange()
        if x0 is not None and len(x0) <= 3:  # a few bars (one year, yes or no): leave room around them
            width = x1[0] - x0[0]
            item.setXRange(x0[0] - 2 * width, x1[-1] + 2 * width, padding=0)


def _bars(values: np.ndarray, kind: str, trials: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bar edges and each bar's share of all trials: one bar per value for a year, a flag or a
    handful of distinct values; otherwise BINS even bins."""
    distinct = np.unique(values)
    if kind in ("year", "flag") or distinct.size <= 12:
        counts = np.array([(values == v).sum() for v in distinct])
        step = np.min(np.diff(distinct)) if distinct.size > 1 else 1.0
        return distinct - 0.4 * step, distinct + 0.4 * step, counts / trials
    counts, edges = np.histogram(values, bins=BINS)
    return edges[:-1], edges[1:], counts / trials
