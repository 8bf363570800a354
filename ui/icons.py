"""Small icons painted at run time (a pass tick, a fail cross, the application's mark), so the
app needs no image files that could go missing from an install."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
PASS, FAIL = QColor("#1e8a4c"), QColor("#c62828")


@cache
def status_icon(ok: bool, size: int = 16) -> QIcon:
    """A green disc with a tick, or a red disc with a cross."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at twice the size: crisp on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PASS if ok else FAIL)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    pen = QPen(QColor("white"), size / 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = size / 16
    path = QPainterPath()
    if ok:
        path.moveTo(QPointF(4.5 * s, 8.5 * s))
        path.lineTo(QPointF(7 * s, 11 * s))
        path.lineTo(QPointF(11.5 * s, 5.5 * s))
    else:
        path.moveTo(QPointF(5 * s, 5 * s))
        path.lineTo(QPointF(11 * s, 11 * s))
        path.moveTo(QPointF(11 * s, 5 * s))
        path.lineTo(QPointF(5 * s, 11 * s))
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    """The window icon: resources/app-icon.svg where the install has it, else a painted mark."""
    svg = RESOURCES / "app-icon.svg"
    if svg.exists():
        icon = QIcon(str(svg))
        if not icon.pixmap(32, 32).isNull():  # null where Qt's SVG plug-in is missing
            return icon
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f4e79"))
    painter.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    painter.setBrush(QColor("#f0b429"))
    for i, h in enumerate((18, 30, 44)):
        painter.drawRect(QRectF(12 + i * 14, 54 - h, 10, h))
    painter.end()
    return QIcon(pixmap)
