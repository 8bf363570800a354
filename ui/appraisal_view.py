"""The Appraisal view: a run's headline social-value figures and its additionality waterfall.

Shown under the results for a run that reports an appraisal (land value capture): NPSV, BCR,
public costs and transfers as the model labels them ("PV (real, Green Book)", "PV (cash at the
borrowing rate)"), and the Additionality Guide's chain from gross uplift to net additional
uplift as a waterfall (planner.analysis.appraisal). pyqtgraph loads with the first appraisal
shown, not at start-up (as for the Charts tab).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from models.core.declare import ModelSpec
from models.core.result import Result
from planner.analysis.appraisal import Bar, has_appraisal, headlines, waterfall
from planner.charts.definitions import short_money

RISE, FALL, TOTAL = "#2e7d32", "#c62828", "#1f4e79"


class AppraisalView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Appraisal")
        self.figures = QLabel(self, objectName="appraisalFigures", wordWrap=True)
        self.plot = None  # made on first use
        self.bars: list[Bar] = []
        row = QHBoxLayout()
        row.addWidget(self.figures, 1)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addLayout(row)
        self.hide()

    def show_result(self, result: Result | None, spec: ModelSpec | None) -> None:
        """Draw the run's appraisal, or hide when the run reports none."""
        if not has_appraisal(result) or spec is None:
            self.bars = []
            self.hide()
            return
        self.bars = waterfall(result)
        parts = []
        for key, value in headlines(result):
            info = spec.metric_info(key)
            shown = "–" if value is None else (f"{value:,.2f}" if info.kind == "ratio" else short_money(value))
            parts.append(f"{info.label}: <b>{shown}</b>")
        self.figures.setText(" &nbsp;·&nbsp; ".join(parts))
        self._draw()
        self.show()

    def _draw(self) -> None:
        import pyqtgraph as pg  # loaded when first needed, to keep start-up fast

        if self.plot is None:
            self.plot = pg.PlotWidget(self, title="Additionality: gross to net additional land value uplift (PV, real)")
            self.plot.setMinimumHeight(180)
            self.plot.getAxis("left").tickStrings = lambda values, scale, spacing: [short_money(v) for v in values]
            self.box.addWidget(self.plot, 1)
        self.plot.clear()
        for i, bar in enumerate(self.bars):
            low, high = sorted((bar.start, bar.end))
            colour = TOTAL if bar.total else (RISE if bar.end >= bar.start else FALL)
            self.plot.addItem(pg.BarGraphItem(x=[i], y0=[low], height=[high - low], width=0.7, brush=colour))
        axis = self.plot.getAxis("bottom")
        axis.setTicks([[(i, bar.label) for i, bar in enumerate(self.bars)]])
