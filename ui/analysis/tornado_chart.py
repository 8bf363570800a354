"""The tornado itself: one horizontal bar pair per input, largest swing on top.

Each input has a bar from the base result to the result with the input at its low value (blue)
and one to the result at its high value (orange); the longer of the two is drawn first so a
shorter bar on the same side stays visible. A dashed line marks the base. The figures are the
planner's (`planner.analysis.sensitivity.Tornado`); this module only draws them.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner.analysis.sensitivity import Tornado
from ui.analysis.common import show_metric
from ui.analysis.plots import DASHED, HIGH_COLOUR, LOW_COLOUR, ValueAxis, brush, compact, key_html, paper, plot_widget

BAR_HEIGHT = 0.7
LONGEST_LABEL = 48  # characters; the table below the chart has the full label


class TornadoChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []  # the inputs shown, top bar first
        self.axis = ValueAxis("bottom")
        self.plot = plot_widget(bottom=self.axis)
        self.key = QLabel()  # a legend outside the plot, where it can never hide a bar
        self.key.setTextFormat(Qt.TextFormat.RichText)
        paper(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addWidget(self.plot)

    def show_tornado(self, t: Tornado, limit: int = 12) -> None:
        """Draw the `limit` inputs with the largest swing (inputs whose swing is undefined last)."""
        rows = t.rows[:limit]
        self.labels = [r.label for r in rows]
        self.axis.set_kind("count" if t.kind == "flag" else t.kind, t.years + ["never"])
        item = self.plot.getPlotItem()
        item.clear()
        item.invertY(True)
        item.setTitle(f"{t.metric_label}: swing as each input goes low and high", color="#222222", size="11pt")
        self.key.setText(
            key_html(
                [
                    (LOW_COLOUR, "input at its low value", "box"),
                    (HIGH_COLOUR, "input at its high value", "box"),
                    ("#222222", f"base {show_metric(t.base, t.kind, t.years)} (every input at its value)", "dash"),
                ]
            )
        )
        base = _x(t.base, t)
        far, near = _bars(rows, t, base)
        for bars in (far, near):
            if bars["x1"]:
                item.addItem(
                    pg.BarGraphItem(
                        x0=[base] * len(bars["x1"]),
                        x1=bars["x1"],
                        y=bars["y"],
                        height=BAR_HEIGHT,
                        brushes=bars["brushes"],
                        pen=pg.mkPen("#ffffff"),
                    )
                )
        self._annotate(item, rows, t, base)
        self._left_axis(item, rows)
        ends = [base] + far["x1"] + near["x1"]
        span = (max(ends) - min(ends)) or max(abs(base), 1.0)
        item.setXRange(min(ends) - 0.16 * span, max(ends) + 0.16 * span, padding=0)  # room for the end labels
        item.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0.02)

    def _annotate(self, item, rows, t: Tornado, base: float) -> None:
        """The base line and each bar end's value (the legend above the plot names the base)."""
        item.addItem(pg.InfiniteLine(pos=base, angle=90, pen=pg.mkPen("#222222", width=1.5, style=DASHED)))
        font = QFont()
        font.setPointSizeF(7.5)
        for y, r in enumerate(rows):
            for value in (r.metric_low, r.metric_high):
                if math.isnan(value) or _x(value, t) == base:
                    continue
                right = _x(value, t) > base
                text = pg.TextItem(_short(value, t), color="#333333", anchor=(0 if right else 1, 0.5))
                text.setFont(font)
                text.setPos(_x(value, t), y)
                item.addItem(text)

    def _left_axis(self, item, rows) -> None:
        axis = item.getAxis("left")
        names = [_cut(r.label) for r in rows]
        axis.setTicks([[(y, name) for y, name in enumerate(names)], []])
        width = max(
            [QFontMetrics(axis.font() if hasattr(axis, "font") else QFont()).horizontalAdvance(n) for n in names] + [40]
        )
        axis.setWidth(width + 16)


def _x(value: float, t: Tornado) -> float:
    """Where a metric value sits on the axis: a year metric's "never" (-1) after the last year."""
    if t.kind == "year" and value < 0:
        return float(len(t.years))
    return float(value)


def _bars(rows, t: Tornado, base: float) -> tuple[dict, dict]:
    """Each row's two bars split into the longer ("far", drawn first) and the shorter ("near")."""
    far = {"x1": [], "y": [], "brushes": []}
    near = {"x1": [], "y": [], "brushes": []}
    for y, r in enumerate(rows):
        ends = [(v, c) for v, c in ((r.metric_low, LOW_COLOUR), (r.metric_high, HIGH_COLOUR)) if not math.isnan(v)]
        ends.sort(key=lambda e: -abs(_x(e[0], t) - base))
        for bars, (value, colour) in zip((far, near), ends):
            bars["x1"].append(_x(value, t))
            bars["y"].append(y)
            bars["brushes"].append(brush(colour, 235))
    return far, near


def _short(value: float, t: Tornado) -> str:
    if t.kind == "year":
        return show_metric(value, "year", t.years)
    return compact(value, "count" if t.kind == "flag" else t.kind)


def _cut(label: str) -> str:
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1] + "…"
