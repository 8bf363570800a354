"""pyqtgraph building blocks shared by the analysis charts: a white plot, axes that read as a
finance officer reads (£12.5m, 3.5%, 2024-25), a colour-blind-safe palette, legends as labels
beside the plot (they never hide data) and PNG export.

Axis ticks are shortened (£12.5m rather than £12,500,000) so they fit; every exact figure in a
table, a hover read-out or a tooltip comes from planner.formatting in full.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies and in grey.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
LOW_COLOUR, HIGH_COLOUR = "#0072B2", "#D55E00"  # an input at its low / high value
STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine)
DASHED = Qt.PenStyle.DashLine
BAND_OUTER, BAND_INNER, MEDIAN = "#9ecae1", "#4292c6", "#08306b"


def pen(i: int, width: float = 2.0) -> QPen:
    """The pen of the i-th series: a palette colour, dashed from the ninth series on."""
    style = STYLES[(i // len(PALETTE)) % len(STYLES)]
    return pg.mkPen(PALETTE[i % len(PALETTE)], width=width, style=style)


def compact(value: float, kind: str, spacing: float = 0.0) -> str:
    """A short label for an axis tick, by the metric kind or a line's unit.

    >>> [compact(v, "money") for v in (12_500_000, -250_000, 3_000_000_000, 40)]
    ['£12.5m', '(£250k)', '£3bn', '£40']
    >>> compact(0.035, "rate"), compact(12.0, "count")
    ('3.5%', '12')
    """
    if kind in ("rate", "%", "% a year"):
        return _fixed(value * 100, spacing * 100) + "%"
    if kind == "money" or kind.startswith("£"):
        return _money(value, spacing)
    return _fixed(value, spacing)


def _fixed(value: float, spacing: float) -> str:
    """Decimals to tell the ticks apart, or up to two (trailing zeros cut) for a lone value."""
    if spacing:
        return f"{value:,.{_places(spacing)}f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _money(value: float, spacing: float) -> str:
    size = abs(value)
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k"), (1.0, "")):  # noqa: B007 (suffix used after)
        if size >= scale or scale == 1.0:
            break
    if spacing:  # the same decimals on every tick of an axis
        number = f"{size / scale:,.{_places(spacing / scale)}f}"
    else:
        number = f"{size / scale:,.1f}".removesuffix(".0") if scale > 1 else f"{size:,.0f}"
    text = f"£{number}{suffix}"
    return f"({text})" if value < 0 else text


def _places(spacing: float) -> int:
    """Decimal places that tell ticks `spacing` apart (0 to 3)."""
    if not spacing or spacing >= 1 or not math.isfinite(spacing):
        return 0
    return min(3, max(0, -math.floor(math.log10(spacing))))


class ValueAxis(pg.AxisItem):
    """An axis labelled by a metric kind or a line unit ("money", "rate", "£", "%", "count"), or
    for kind "year" by year labels ("2024-25") on whole-number positions only."""

    def __init__(self, orientation: str, kind: str = "", years: list[str] | None = None, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.kind, self.years = kind, list(years or [])
        self.enableAutoSIPrefix(False)  # "(x0.001)" beside a label would rescale our own tick text

    def set_kind(self, kind: str, years: list[str] | None = None) -> None:
        self.kind, self.years = kind, list(years or [])
        self.picture = None  # pyqtgraph redraws the ticks from scratch
        self.update()

    def tickValues(self, minVal, maxVal, size):
        found = super().tickValues(minVal, maxVal, size)
        if self.kind != "year":
            return found
        return [(max(1.0, round(spacing)), [v for v in ticks if abs(v - round(v)) < 1e-9]) for spacing, ticks in found]

    def tickStrings(self, values, scale, spacing):
        if self.kind == "year":
            return [self.years[int(round(v))] if 0 <= round(v) < len(self.years) else "" for v in values]
        if not self.kind:
            return super().tickStrings(values, scale, spacing)
        return [compact(v * scale, self.kind, spacing * scale) for v in values]


def plot_widget(left: pg.AxisItem | None = None, bottom: pg.AxisItem | None = None) -> pg.PlotWidget:
    """A white plot with a light grid, ready for a finance chart."""
    axes = {k: v for k, v in (("left", left), ("bottom", bottom)) if v is not None}
    widget = pg.PlotWidget(background="w", axisItems=axes)
    item = widget.getPlotItem()
    item.showGrid(x=True, y=True, alpha=0.15)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen("#444444"))
        axis.setTextPen(pg.mkPen("#222222"))
    widget.setMenuEnabled(False)
    widget.setMinimumHeight(260)
    return widget


def key_html(entries: list[tuple[str, str, str]]) -> str:
    """A legend as rich text for a QLabel beside a chart, where it can never hide the data.

    Each entry is (colour, text, mark) with mark "box" (a band or bar), "line" or "dash".
    """
    marks = {"box": "■", "line": "━━", "dash": "╍╍"}
    return " &nbsp;&nbsp; ".join(
        f'<span style="color:{colour}; font-weight:bold">{marks[mark]}</span> {text}' for colour, text, mark in entries
    )


def brush(colour: str, alpha: int = 255) -> QBrush:
    c = QColor(colour)
    c.setAlpha(alpha)
    return pg.mkBrush(c)


def paper(widget) -> None:
    """A white background for a chart with its legend and labels, on screen and in a PNG."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def save_png(widget, path: str) -> None:
    """Save what the chart shows as a PNG; OSError naming the file if it cannot be written."""
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"{path}: the chart could not be saved as PNG (is the folder writable?)")
