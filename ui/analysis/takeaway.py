"""Take a result away: Save as PNG, Copy and Export to Excel, the same three buttons under every
analysis (tornado, Monte Carlo, goal seek, compare).

- **Save as PNG** draws what the result shows (a chart with its key, or a table) at print
  resolution, PRINT_WIDTH pixels across (8 inches at 300 dpi), under a title naming the
  project, the run, the scenario and the date. The widget is painted through a scaled painter,
  so text and lines are drawn at that resolution rather than enlarged, and the fonts keep their
  proportions to the chart.
- **Copy** puts the table as tab-separated text (pastes into Excel as cells) and the chart as an
  image on the clipboard at once; the application pasted into picks the form it takes.
- **Export to Excel** writes a small workbook (planner.excel.analysis_export) of the result's
  figures as numbers.

The dialog gives a `Take` describing what is shown now (or None when there is nothing yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMimeData, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QTableWidget, QWidget

from planner.errors import PlannerError
from planner.excel.analysis_export import Sheet, write_analysis

PRINT_WIDTH = 2400
TITLE_BAND = 52  # widget pixels above the chart for the two title lines


@dataclass
class Take:
    what: str  # "Tornado of Lowest headroom", for the title and the file name
    widget: QWidget  # the chart (with its key) or the table to draw
    table: QTableWidget | None = None  # copied as tab-separated text
    sheets: list[Sheet] = field(default_factory=list)  # exported to Excel


def heading(project_title: str, run: str, scenario: str, day: dt.date | None = None) -> str:
    """ "Project — run — scenario — 3 December 2026"."""
    day = day or dt.date.today()
    return f"{project_title} — {run} — {scenario} — {day.day} {day:%B %Y}"


def render(widget: QWidget, title: str, subtitle: str, width: int = PRINT_WIDTH) -> QImage:
    """The widget drawn `width` pixels across under a two-line title."""
    scale = width / max(widget.width(), 1)
    image = QImage(width, round((widget.height() + TITLE_BAND) * scale), QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(11811)  # 300 dpi, so a word processor places it at print size
    image.setDotsPerMeterY(11811)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    for text, size, top, bold in ((title, 11, 4, True), (subtitle, 9, 28, False)):
        font = QFont()
        font.setPixelSize(round(size * 1.4))
        font.setBold(bold)
        painter.setFont(font)
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(8, top, widget.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, text)
    painter.translate(0, TITLE_BAND)
    widget.render(painter, QPoint(), renderFlags=QWidget.RenderFlag.DrawChildren)
    painter.end()
    return image


def table_text(table: QTableWidget) -> str:
    """Every row of a table as tab-separated text, headings first."""
    columns = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
    header = table.horizontalHeader()
    columns.sort(key=header.visualIndex)  # in the order the reader has arranged them
    side = not table.verticalHeader().isHidden() and table.verticalHeaderItem(0) is not None  # a data table's rows
    heads = [table.horizontalHeaderItem(c).text() if table.horizontalHeaderItem(c) else "" for c in columns]
    lines = ["\t".join(([""] if side else []) + heads)]
    for r in range(table.rowCount()):
        cells = [table.item(r, c).text() if table.item(r, c) else "" for c in columns]
        lines.append("\t".join(([table.verticalHeaderItem(r).text()] if side else []) + cells))
    return "\n".join(lines) + "\n"


def file_stem(text: str) -> str:
    """ "Tornado of Lowest headroom" -> "tornado-of-lowest-headroom"."""
    return "-".join("".join(c.lower() if c.isalnum() else " " for c in text).split())[:80] or "result"


class TakeAwayBar(QWidget):
    """The three buttons; `source()` says what is shown now, `title()` the project, run, scenario and date."""

    def __init__(self, source: Callable[[], Take | None], title: Callable[[], str], report, parent=None) -> None:
        super().__init__(parent)
        self.source, self.title, self.report = source, title, report  # report(text, problem: bool)
        self.png_button = QPushButton("Save as PNG…")
        self.copy_button = QPushButton("Copy")
        self.excel_button = QPushButton("Export to Excel…")
        self.copy_button.setToolTip("The table as text for Excel and the chart as an image, on the clipboard")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        for button in (self.png_button, self.copy_button, self.excel_button):
            layout.addWidget(button)
        self.png_button.clicked.connect(lambda: self.save_png())
        self.copy_button.clicked.connect(self.copy)
        self.excel_button.clicked.connect(lambda: self.export_excel())
        for button in (self.png_button, self.copy_button, self.excel_button):
            button.setEnabled(False)  # until the dialog has a result and calls refresh

    def refresh(self) -> None:
        """Enable the buttons when there is a result to take away."""
        take = self.source()
        for button in (self.png_button, self.copy_button, self.excel_button):
            button.setEnabled(take is not None)
        self.excel_button.setEnabled(take is not None and bool(take.sheets))

    def image(self, take: Take) -> QImage:
        return render(take.widget, take.what, self.title())

    def save_png(self, path: str | None = None) -> str | None:
        take = self.source()
        if take is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save as PNG", f"{file_stem(take.what)}.png", "PNG (*.png)")
            if not path:
                return None
        path = path if path.lower().endswith(".png") else path + ".png"
        if not self.image(take).save(path, "PNG"):
            self.report(f"{path}: the image could not be saved (is the folder writable?)", True)
            return None
        self.report(f"Saved {path}", False)
        return path

    def copy(self) -> None:
        take = self.source()
        if take is None:
            return
        data = QMimeData()
        if take.table is not None:
            data.setText(table_text(take.table))
        data.setImageData(self.image(take))
        QGuiApplication.clipboard().setMimeData(data)
        self.report("Copied: " + ("the table as text and " if take.table is not None else "") + "the image", False)

    def export_excel(self, path: str | None = None) -> str | None:
        take = self.source()
        if take is None or not take.sheets:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export to Excel", f"{file_stem(take.what)}.xlsx", "Excel workbooks (*.xlsx)"
            )
            if not path:
                return None
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        try:
            write_analysis(path, f"{take.what} — {self.title()}", take.sheets)
        except PlannerError as exc:
            self.report("\n".join(exc.problems), True)
            return None
        self.report(f"Exported {path}", False)
        return path
