"""The Charts tab: each model's charts (from `ui/chart_kinds.py`) drawn with pyqtgraph.

A chart receives a ChartDef and draws it; it never reaches into the window. Money axes read
"£200m", the year axis "2021-22"; moving the mouse over a chart reads out every series in that
year; "Save as PNG" exports the chart with its title and legend (pyqtgraph's ImageExporter).
pyqtgraph is imported here only, and the window imports this module when charts are first shown.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.core.result import Result
from planner.charts.definitions import ChartDef, Series, charts_for, short_money
from ui.deferred import WhenShown

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
BAR_WIDTH = 0.8
CHART_WIDTH = 480  # the least width of a chart side by side with another: its title and legend fit
EXPORT_WIDTH = 2400  # print resolution: 8 inches at 300 dpi
NO_INTEREST = "no interest"
DASHES = {"dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine}  # as the pack draws them, apart in black and white
COVER_REACH = 3.0  # a × chart shows up to this many times its threshold: a year of almost no
# interest (cover of 40×) would otherwise flatten the years that matter, near the threshold


def value_text(value: float, unit: str) -> str:
    if not math.isfinite(value):
        return NO_INTEREST if unit == "×" else "–"  # interest cover, the one × chart, is blank with no interest
    if unit == "£":
        return short_money(value)
    if unit == "×":
        return f"{value:.2f}×"
    if abs(value) >= 10 or value == int(value):
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}"


def _short(name: str, most: int = 30) -> str:
    """A legend entry short enough that two fit across a chart."""
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


class ValueAxis(pg.AxisItem):
    def __init__(self, unit: str) -> None:
        super().__init__("left")
        self.unit = unit
        self.setWidth(64)

    def tickStrings(self, values, scale, spacing):
        if self.unit == "£":
            return [short_money(v * scale) for v in values]
        return [f"{v * scale:,.{0 if spacing >= 1 else 2}f}" for v in values]


class YearAxis(pg.AxisItem):
    """Financial-year labels at whole-number positions, thinned to fit the width."""

    def __init__(self, years: list[str]) -> None:
        super().__init__("bottom")
        self.years = years
        self.setStyle(hideOverlappingLabels=40)  # pixels a label may overhang: keeps the first year shown

    def tickValues(self, minVal, maxVal, size):
        first, last = max(0, math.ceil(minVal)), min(len(self.years) - 1, math.floor(maxVal))
        if last < first:
            return []
        step = max(1, math.ceil((last - first + 1) * 64 / max(size, 1)))
        return [(step, list(range(first, last + 1, step)))]

    def tickStrings(self, values, scale, spacing):
        return [self.years[int(v)] if 0 <= int(v) < len(self.years) else "" for v in values]


class ChartView(QWidget):
    """One chart: the plot with its legend, a hover read-out and a Save as PNG button."""

    def __init__(self, chart: ChartDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"left": ValueAxis(chart.unit), "bottom": YearAxis(chart.years)})
        self.plot.setAccessibleName(f"Chart: {chart.title}")
        self.plot.setMinimumHeight(300)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.item = self.plot.getPlotItem()
        self.item.showGrid(y=True, alpha=0.15)
        for side in (
            "left",
            "bottom",
        ):  # the axes are kept as pixmaps: an edit that leaves them alone does not redraw their text
            self.item.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.legend = pg.LegendItem(colCount=2, labelTextSize="9pt")
        self.item.layout.addItem(self.legend, 4, 1)  # below the plot: it never hides a bar
        self.readout = QLabel(" ", self, objectName="readout")
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # long read-outs clip
        save = QPushButton("Save as PNG…", self)
        save.setAccessibleName(f"Save {chart.title} as PNG")
        save.clicked.connect(self._save_dialog)
        top = QHBoxLayout()
        top.addWidget(self.readout, 1)
        top.addWidget(save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#999999", style=Qt.PenStyle.DotLine))
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self.items: list = []  # one plot item per series, in order
        self.markers: list = []
        self.chart: ChartDef | None = None
        self.caption = ""  # "run — scenario", for the title of a saved PNG
        self.draw(chart)

    def draw(self, chart: ChartDef) -> None:
        """Draw a chart; the same chart with new numbers (after an edit) updates in place."""
        same = _shape(chart) == _shape(self.chart) and self.items and len(chart.events) == len(self.markers)
        self.chart = chart
        shapes = _geometry(chart)
        if not same:
            self._rebuild(chart, shapes)
            return
        for item, (series, geometry) in zip(self.items, shapes):
            item.setOpts(**geometry) if series.kind == "bar" else item.setData(*geometry)
        for marker, (t, label) in zip(self.markers, chart.events):
            marker.setPos(t)
            marker.label.setFormat(label)
        self._fit_y(shapes, keep=True)

    def _rebuild(self, chart: ChartDef, shapes) -> None:
        self.item.clear()
        self.legend.clear()
        self.markers = []
        self.item.getAxis("bottom").years = chart.years
        note = chart.note
        self.title_html = chart.title + (f"  <span style='color:#777'>({note})</span>" if note else "")
        self.item.setTitle(self.title_html, size="11pt")
        top = _clip_top(chart, _bounds(shapes)[1])  # said on the axis: a longer title would widen the chart
        unit = f"× (above {top:g}× off the scale)" if top is not None else chart.unit
        self.item.setLabel("left", "" if chart.unit == "£" else unit)
        self.items = []
        for series, geometry in shapes:
            if series.kind == "bar":
                item = pg.BarGraphItem(**geometry, brush=series.colour, pen=pg.mkPen(None))
                self.item.addItem(item)
            elif series.kind == "level":  # a limit: a dashed line across the whole plan
                pen = pg.mkPen(series.colour, width=2, style=Qt.PenStyle.DashLine)
                item = self.item.plot(*geometry, pen=pen)
            else:
                item = self.item.plot(
                    *geometry,
                    connect="finite",  # a year with no value (no interest to cover) is a gap, not a drop to 0
                    pen=pg.mkPen(series.colour, width=2.5, style=DASHES.get(series.dash, Qt.PenStyle.SolidLine)),
                    symbol="o",
                    symbolSize=5,
                    symbolBrush=series.colour,
                    symbolPen=None,
                )
            self.legend.addItem(item, _short(series.name))
            self.items.append(item)
        self.markers = [self._marker(i, t, label) for i, (t, label) in enumerate(chart.events)]
        self.item.addItem(self.cursor, ignoreBounds=True)
        self.cursor.hide()
        self.item.setXRange(-0.6, max(len(chart.years) - 0.4, 0.6), padding=0)
        self._fit_y(shapes, keep=False)

    def _fit_y(self, shapes, keep: bool) -> None:
        """Fit the value axis to the data; after a small edit (`keep`) leave it alone while the
        data still fill most of it: a steady axis reads better and is not redrawn."""
        lo, hi = _bounds(shapes)
        top = _clip_top(self.chart, hi)
        if top is not None:
            lo, hi = min(lo, 0.0), top
        low, high = self.item.vb.viewRange()[1]
        if keep and low <= lo and hi <= high and (hi - lo) >= 0.6 * (high - low):
            return
        pad = 0.06 * (hi - lo)  # a little room below zero too, so the axis can label it
        self.item.setYRange(lo - (pad if lo < 0 else pad / 3), hi + pad if hi > 0 else hi + pad / 3, padding=0)

    def _marker(self, i: int, t: int, label: str):
        """A dated marker (a tranche, the year a loan is repaid), its label right of the line, staggered."""
        marker = pg.InfiniteLine(
            pos=t,
            angle=90,
            pen=pg.mkPen("#555555", style=Qt.PenStyle.DashLine),
            label=label,
            labelOpts={
                "position": 0.95 - 0.07 * (i % 3),
                "color": "#333333",
                "fill": (255, 255, 255, 150),
                "anchors": [(0, 0.5), (0, 0.5)],
            },
        )
        marker.setZValue(-10)  # under the series: its label never hides a line (a cumulative line at its top)
        self.item.addItem(marker)
        return marker

    def _moved(self, pos) -> None:
        if not self.item.sceneBoundingRect().contains(pos):
            return
        t = int(round(self.item.vb.mapSceneToView(pos).x()))
        self.read_out(t)

    def read_out(self, t: int) -> str:
        """The year under the mouse and every series' value in it."""
        if not 0 <= t < len(self.chart.years):
            self.cursor.hide()
            self.readout.setText(" ")
            return ""
        self.cursor.setPos(t)
        self.cursor.show()
        parts = [f"<b>{self.chart.years[t]}</b>"] + [
            f"<span style='color:{s.colour}'>■</span> {s.name}: {value_text(float(s.values[t]), self.chart.unit)}"
            for s in self.chart.series
        ]
        text = " &nbsp; ".join(parts)
        self.readout.setText(text)
        return text

    def export_png(self, path: str) -> None:
        """The chart at print width under a title naming it, the run, the scenario and the date;
        pyqtgraph scales the fonts with the picture, so they keep their balance with the plot."""
        import datetime as dt

        day = dt.date.today()
        title = " — ".join(p for p in (self.chart.title, self.caption, f"{day.day} {day:%B %Y}") if p)
        self.item.setTitle(title, size="11pt")
        try:
            exporter = pg.exporters.ImageExporter(self.item)
            exporter.parameters()["width"] = EXPORT_WIDTH
            exporter.export(str(path))
        finally:
            self.item.setTitle(self.title_html, size="11pt")

    def _save_dialog(self) -> None:
        name = "".join(c if c.isalnum() else "-" for c in self.chart.title).strip("-").lower()
        path, _ = QFileDialog.getSaveFileName(self, "Save chart as PNG", f"{name}.png", "PNG images (*.png)")
        if path:
            self.export_png(path if path.lower().endswith(".png") else path + ".png")


def _shape(chart: ChartDef | None):
    """What fixes a chart's items: redrawn in place while this stays the same."""
    if chart is None:
        return None
    return chart.title, chart.unit, tuple(chart.years), tuple((s.name, s.kind, s.stacked) for s in chart.series)


def _bounds(shapes) -> tuple[float, float]:
    """The lowest and highest values drawn, zero included (bars stand on it)."""
    values = [np.zeros(1)]
    for series, geometry in shapes:
        if series.kind == "bar":
            values += [geometry["y0"], geometry["y0"] + geometry["height"]]
        else:
            values.append(np.asarray(geometry[1], dtype=float))
    every = np.concatenate([np.ravel(v) for v in values])
    every = every[np.isfinite(every)]
    lo, hi = float(every.min()), float(every.max())
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def _clip_top(chart: ChartDef | None, hi: float) -> float | None:
    """The top of a × chart's axis when its line runs far above its threshold, else None."""
    if chart is None or chart.unit != "×":
        return None
    levels = [float(s.values[0]) for s in chart.series if s.kind == "level" and len(s.values)]
    threshold = max(levels, default=0.0)
    top = COVER_REACH * threshold
    return top if threshold > 0 and hi > top else None


def _geometry(chart: ChartDef) -> list[tuple[Series, object]]:
    """Each series' drawing: bar options (stacked bars on the ones before them; other bars side by
    side in each year) or a line's (x, y); in the chart's series order."""
    x = np.arange(len(chart.years), dtype=float)
    grouped = [s for s in chart.series if s.kind == "bar" and not s.stacked]
    width = BAR_WIDTH / max(len(grouped), 1)
    above, below = np.zeros_like(x), np.zeros_like(x)
    out = []
    for s in chart.series:
        v = np.nan_to_num(np.asarray(s.values, dtype=float))
        if s.kind == "bar":
            brushes = [pg.mkBrush(s.negative_colour if s.negative_colour and h < 0 else s.colour) for h in v]
            if s.stacked:
                geometry = dict(x=x, height=v, y0=np.where(v >= 0, above, below), width=BAR_WIDTH, brushes=brushes)
                above, below = above + np.clip(v, 0, None), below + np.clip(v, None, 0)
            else:
                k = grouped.index(s)
                geometry = dict(
                    x=x - BAR_WIDTH / 2 + width * (k + 0.5),
                    height=v,
                    y0=np.zeros_like(x),
                    width=width * 0.92,
                    brushes=brushes,
                )
        elif s.kind == "level":
            geometry = ([x[0] - 0.5, x[-1] + 0.5], [float(v[0])] * 2) if len(x) else ([], [])
        else:
            geometry = (x, np.asarray(s.values, dtype=float))  # NaN kept: the line breaks there
        out.append((s, geometry))
    return out


class ChartPanel(QWidget):
    """Every chart of the selected run, two to a row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views: list[ChartView] = []
        self.grid = QGridLayout(self)
        self.empty = QLabel("No charts for this run.", self, alignment=Qt.AlignmentFlag.AlignCenter)
        self.grid.addWidget(self.empty, 0, 0)
        self._columns = 0  # charts to a row, as placed
        self.later = WhenShown(self, self._show)
        self._drawn: tuple | None = None  # the (result, caption) drawn

    @property
    def charts(self) -> list[ChartDef]:
        self.later.flush()
        return [v.chart for v in self.views]

    def show_result(self, result: Result | None, inputs: dict, caption: str = "") -> None:
        """Draw the run's charts (when the tab is on screen); `caption` ("run — scenario") titles a saved PNG."""
        self.later.request(result, inputs, caption)

    def showEvent(self, event) -> None:
        self.later.flush()
        super().showEvent(event)

    def _show(self, result: Result | None, inputs: dict, caption: str) -> None:
        if self._drawn is not None and self._drawn[0] is result and self._drawn[1] == caption and result is not None:
            return  # the same result (another run was edited): nothing to redraw
        self._drawn = (result, caption)
        self.caption = caption
        charts = charts_for(result, inputs) if result is not None else []
        if [c.title for c in charts] == [v.chart.title for v in self.views]:
            for view, chart in zip(self.views, charts):  # same charts, new numbers: redraw in place
                view.draw(chart)
                view.caption = caption
            return
        for view in self.views:
            self.grid.removeWidget(view)
            view.hide()  # at once: deleteLater waits for the event loop
            view.setParent(None)
            view.deleteLater()
        self.views = [ChartView(c, self) for c in charts]
        for view in self.views:
            view.caption = caption
        self._columns = 0
        self._place()
        self.empty.setVisible(not self.views)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        """Two charts to a row, or one when two would be narrower than CHART_WIDTH (their titles cut short)."""
        columns = 2 if self.width() >= 2 * CHART_WIDTH else 1
        if columns == self._columns:
            return
        self._columns = columns
        for view in self.views:
            self.grid.removeWidget(view)
        for i, view in enumerate(self.views):
            self.grid.addWidget(view, i // columns, i % columns)
