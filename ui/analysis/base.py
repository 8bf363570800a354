"""What every analysis dialog shares: the runs of one scenario, the run whose inputs vary, the
run whose results are read, a status line, and background jobs that stop when the dialog closes.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QTableWidget, QTableWidgetItem, QWidget

from planner.analysis.sensitivity import evaluate_with, find_run
from planner.project.document import Project
from ui.analysis.common import Choice, result_runs
from ui.analysis.takeaway import Take, TakeAwayBar, heading
from ui.workers import Worker

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #333333;"


class AnalysisDialog(QDialog):
    """Base of the tornado, Monte Carlo and goal-seek dialogs (not shown on its own)."""

    def __init__(self, project: Project, scenario: str, run: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.scenario, self.run_name = project, scenario, run
        self.runs = project.resolve(scenario)  # PlannerError names the scenarios if it is not one
        self.run_def = find_run(self.runs, run)  # ... and the runs if this is not one
        self._outcomes: dict = {}
        self.worker: Worker | None = None
        self.setWindowTitle(f"{title} — {run}")
        self.header = QLabel(f"<b>{escape(run)}</b> &nbsp;·&nbsp; {escape(scenario)}")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_run_box = QComboBox()
        for name in result_runs(self.runs, run):
            self.result_run_box.addItem(name, name)
        self.result_run_box.setToolTip("Read the results of this run, or of a programme that takes its lines")
        self.result_run_box.setHidden(self.result_run_box.count() < 2)  # placed by a subclass when there is a choice
        self.takeaway = TakeAwayBar(self.take, self.take_title, self._report)  # placed by the subclass

    # --- taking results away ----------------------------------------------------------------
    def take(self) -> Take | None:
        """What Save as PNG, Copy and Export to Excel take now; None before there is a result."""
        return None

    def take_title(self) -> str:
        return heading(self.project.title or "Untitled project", self.result_run, self.scenario)

    def _report(self, text: str, problem: bool) -> None:
        (self.show_problem if problem else self.show_note)(text)

    @property
    def result_run(self) -> str:
        return self.result_run_box.currentData() or self.run_name

    def base_outcome(self, result_run: str | None = None):
        """The Outcome of the result run with every input at its value in the scenario (cached)."""
        name = result_run or self.result_run
        if name not in self._outcomes:
            self._outcomes[name] = evaluate_with(self.runs, self.run_name, {}, name)
        return self._outcomes[name]

    # --- background jobs -------------------------------------------------------------------
    def start_job(self, worker: Worker, on_finished) -> Worker:
        """Run a job; its result goes to `on_finished`, a problem or a cancel to the status line."""
        self.stop_job()
        self.worker = worker
        worker.setParent(self)  # goes with the dialog, and with it any signal still queued

        def current(slot):  # a job that was stopped for a newer one reports nothing
            return lambda *args: slot(*args) if self.worker is worker else None

        worker.finished.connect(current(on_finished))
        worker.failed.connect(current(self.show_problem))
        worker.cancelled.connect(current(self.show_note))
        worker.done.connect(current(lambda: self.set_busy(False)))
        self.set_busy(True)
        worker.start()
        return worker

    def stop_job(self) -> None:
        """Cancel the running job and wait for it: its result, if any, is dropped."""
        worker, self.worker = self.worker, None
        if worker is not None and worker.running:
            worker.stop()
            self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """Subclasses disable their Run buttons while a job runs."""

    def show_problem(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)

    def show_note(self, text: str) -> None:
        self.status.setStyleSheet(NOTE_STYLE)
        self.status.setText(text)

    def done(self, result: int) -> None:  # accept, reject, Esc and the close button all come here
        self.stop_job()
        super().done(result)

    def closeEvent(self, event) -> None:
        self.stop_job()
        super().closeEvent(event)


def fill_combo(box: QComboBox, choices: list[Choice], keep: str | None = None) -> None:
    """Replace a combo's entries (label shown, key as data), keeping the chosen key if still there."""
    keep = keep if keep is not None else box.currentData()
    box.blockSignals(True)
    box.clear()
    for c in choices:
        box.addItem(c.label, c.key)
        box.setItemData(box.count() - 1, c.key, Qt.ItemDataRole.ToolTipRole)
    index = box.findData(keep) if keep is not None else -1
    box.setCurrentIndex(index if index >= 0 else 0)
    box.blockSignals(False)


def select(box: QComboBox, key: str) -> None:
    """Choose the entry whose key is `key`; KeyError if there is none (a test or caller's mistake)."""
    index = box.findData(key)
    if index < 0:
        raise KeyError(
            f"{key!r} is not offered here; choices are: " + ", ".join(str(box.itemData(i)) for i in range(box.count()))
        )
    box.setCurrentIndex(index)


def table(headers: list[str]) -> QTableWidget:
    """A read-only table with the given column headers."""
    out = QTableWidget(0, len(headers))
    out.setHorizontalHeaderLabels(headers)
    out.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    out.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    out.verticalHeader().setVisible(False)
    out.verticalHeader().setDefaultSectionSize(24)
    out.setAlternatingRowColors(True)
    out.setWordWrap(False)
    return out


def fill_table(widget: QTableWidget, rows: list[list[str]], numbers: range | set | None = None) -> None:
    """Put text rows in a table; the `numbers` columns (default: all but the first) align right."""
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if (c > 0) if numbers is None else (c in numbers):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(text)
            widget.setItem(r, c, item)
    widget.resizeColumnsToContents()
    widget.horizontalHeader().setStretchLastSection(True)
