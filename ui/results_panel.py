"""The Results tab: summary metrics above the annual table, with the money units to show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.core.declare import ModelSpec
from models.core.result import Result
from ui.appraisal_view import AppraisalView
from ui.deferred import WhenShown
from ui.results_table import SCALES, AnnualModel, SummaryModel
from ui.table_view import CopyableTable, FigureDelegate, fit_columns, fit_to_contents

# Widths that show at least eight years beside the line names on a 1366 × 768 laptop at 150%
# (911 × 512 in the window's units) with the project tree shown: each year column is as wide as
# its widest figure and heading (never narrower than YEAR_WIDTH); the line names take a sixth
# of the table's width, between LABEL_WIDTHS, and elide beyond it (the tooltip has them).
YEAR_WIDTH = 48
LABEL_WIDTHS = (110, 240)
SUMMARY_SHARE = 0.4  # of the height, at most, for the summary metrics (they scroll): the annual table has the rest
ANNUAL_ROWS = 5  # the annual table never shrinks below this many lines


class ResultsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary_model = SummaryModel(self)
        self.annual_model = AnnualModel(self)
        self.summary = _table(self.summary_model, "Summary metrics", self)
        for column in range(2 * SummaryModel.PAIRS):  # labels share the width; values fit their figures (_lay_out)
            mode = QHeaderView.ResizeMode.Fixed if column % 2 else QHeaderView.ResizeMode.Stretch
            self.summary.horizontalHeader().setSectionResizeMode(column, mode)
        self.summary.verticalHeader().hide()
        self.annual = _table(self.annual_model, "Annual table", self)
        for table in (self.summary, self.annual):  # their cells drawn without the style sheet's work for each
            table.setItemDelegate(FigureDelegate(table))
        self.annual.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.annual.horizontalHeader().setDefaultSectionSize(YEAR_WIDTH)
        self.annual.setMinimumHeight(self.annual.horizontalHeader().sizeHint().height() + 24 * ANNUAL_ROWS)
        self.scale = QComboBox(self)
        self.scale.addItems(list(SCALES))
        self.scale.setCurrentText("£000")
        self.scale.setAccessibleName("Show money in")
        self.scale.currentTextChanged.connect(self._rescale)
        self.annual_model.scale = "£000"
        self.title = QLabel(self, objectName="panelTitle", wordWrap=True)  # a long run name wraps, never cut off
        self.scale_note = QLabel(self, objectName="unit", wordWrap=True)
        self.problem = QLabel(self, objectName="problem", wordWrap=True)
        self.problem.hide()
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.scale_note, 1)
        top.addWidget(QLabel("Show money in", self, buddy=self.scale))
        top.addWidget(self.scale)
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.appraisal = AppraisalView(self)
        self.layout_later = WhenShown(self, self._lay_out)
        splitter.addWidget(self.summary)
        splitter.addWidget(self.appraisal)
        splitter.addWidget(self.annual)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)  # the years need the width more than a margin does
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)

    def show_result(
        self, result: Result | None, spec: ModelSpec | None, title: str = "", inputs: dict | None = None
    ) -> None:
        """The tables' figures at once (they are read, copied and tested); their layout and the
        appraisal when the tab is on screen."""
        self.title.setText(title)
        self.problem.hide()
        self.summary_model.set_result(result, spec, inputs)
        self.annual_model.set_result(result, spec, inputs)
        self.layout_later.request(result, spec)
        self.scale_note.setText(f"Money in {self.scale.currentText()}; negatives in brackets")

    def show_problem(self, message: str) -> None:
        """A scenario that cannot be calculated: say why instead of showing stale numbers."""
        self.summary_model.set_result(None, None)
        self.annual_model.set_result(None, None)
        self.layout_later.request(None, None)
        self.problem.setText(message)
        self.problem.show()

    def showEvent(self, event) -> None:
        self.layout_later.flush()
        super().showEvent(event)

    def _lay_out(self, result: Result | None, spec: ModelSpec | None) -> None:
        self._fit_years()
        fit_to_contents(self.summary, range(1, 2 * SummaryModel.PAIRS, 2))
        self.appraisal.show_result(result, spec)
        rows = self.summary_model.rowCount()
        wanted = self.summary.horizontalHeader().sizeHint().height() + 24 * rows + 4
        if wanted != self.summary.maximumHeight():  # the splitter is left where the user put it after an edit
            self.summary.setMaximumHeight(wanted)
            self._share_height()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        low, high = LABEL_WIDTHS
        self.annual.verticalHeader().setMaximumWidth(max(low, min(high, self.width() // 6)))
        self._share_height()

    def _share_height(self) -> None:
        """The summary as tall as its rows, up to SUMMARY_SHARE of the height; the tables below get the rest."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        top = min(self.summary.maximumHeight(), int(total * SUMMARY_SHARE))
        middle = sizes[1] if not self.appraisal.isHidden() else 0
        self.splitter.setSizes([top, middle, max(total - top - middle, 0)])

    def _fit_years(self) -> None:
        """Each year column as wide as its widest figure (the Total in bold), never narrower than YEAR_WIDTH."""
        model = self.annual_model
        fit_columns(self.annual, model.display, YEAR_WIDTH)

    def _rescale(self, scale: str) -> None:
        self.annual_model.set_scale(scale)
        self._fit_years()
        self.scale_note.setText(f"Money in {scale}; negatives in brackets")


def _table(model, name: str, parent: QWidget) -> CopyableTable:
    view = CopyableTable(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setObjectName(name.lower().replace(" ", "_"))
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setWordWrap(False)
    return view
