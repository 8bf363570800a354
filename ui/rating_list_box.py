"""The BRS's rating list on its inputs form, and "Import rating list…": the VOA's file read in the
background (ui.workers.Worker) with a progress dialog and Cancel. "Use bands instead" takes the
list out, leaving it counted into the bands table.

The list is read by planner.rating_list and put into the baseline run by
planner.rating_list.apply.use_rating_list as one undo step; a read that fails or is cancelled
changes nothing. A scenario cannot hold its own list (a what-if changes inputs, not the list
they are measured on), so an import from a scenario's view goes to the baseline and says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.rating_list.layout import WMCA
from ui.workers import Worker

FILES = "VOA list entries (*.zip *.csv);;All files (*)"


class RatingListBox(QGroupBox):
    """What list the run reads (or that it reads bands), with the button that imports one."""

    import_requested = Signal()
    drop_requested = Signal()

    def __init__(self, label: str, help: str, parent: QWidget | None = None) -> None:
        super().__init__(label, parent)
        self.setToolTip(help)
        self.status = QLabel(self, wordWrap=True, objectName="ratingListStatus")
        self.button = QPushButton("Import rating list…", self, objectName="importRatingList")
        self.button.setToolTip(help)
        self.button.clicked.connect(self.import_requested.emit)
        self.drop = QPushButton("Use bands instead", self, objectName="dropRatingList")
        self.drop.setToolTip("Put the list, counted into bands, in the bands table, and read the bands again")
        self.drop.clicked.connect(self.drop_requested.emit)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.drop, 0, Qt.AlignmentFlag.AlignTop)
        QVBoxLayout(self).addLayout(row)

    def set_value(self, value) -> None:
        self.drop.setEnabled(isinstance(value, dict))
        if not isinstance(value, dict):
            self.status.setText(
                "No rating list: the liable RV comes from the bands below (split evenly inside the band at "
                "the threshold). Import the VOA's list for an exact figure."
            )
            return
        p = value.get("provenance", {})
        year = f"{p['list_year']} list, epoch {p.get('epoch')}" if p.get("list_year") else "list year unknown"
        self.status.setText(
            f"{value.get('hereditaments', 0):,} hereditaments from {p.get('file', 'a rating list')} ({year}), "
            f"billing authorities {', '.join(value.get('authorities', []))}; read {p.get('read_on', '')}. "
            "Liable RV is exact at any threshold."
        )


def rating_list_action(window, action: str) -> None:
    if action == "import":
        import_rating_list(window)
    else:
        use_bands(window)


def use_bands(window) -> None:
    """Take the list out of the shown run's baseline, leaving the bands it counts to (one undo step)."""
    from planner.errors import PlannerError
    from planner.rating_list.apply import drop_rating_list

    try:
        after = drop_rating_list(window.project, window.run)
    except PlannerError as exc:
        _refused(window, "\n".join(exc.problems), "Rating list kept")
        return
    window.document.apply("Use bands instead of the rating list", after)


def import_rating_list(window, path: str | None = None, codes: str | None = None) -> Worker | None:
    """Ask for the file and the billing authorities (unless given), then read in the background."""
    run = window.run
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Import rating list", "", FILES)
        if not path:
            return None
    if codes is None:
        codes, ok = QInputDialog.getText(
            window,
            "Import rating list",
            "Billing authority codes (the VOA's, e.g. 4605 Birmingham):",
            text=",".join(WMCA),
        )
        if not ok:
            return None
    from planner.rating_list import Cancelled, read_rating_list

    worker = Worker(
        read_rating_list, path, codes.split(","), progress=True, cancel=True, cancel_errors=(Cancelled,), parent=window
    )
    dialog = QProgressDialog("Reading the rating list…", "Cancel", 0, 0, window)
    dialog.setWindowTitle("Import rating list")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(worker.cancel)
    worker.progress.connect(lambda done, total: (dialog.setMaximum(max(total, 1)), dialog.setValue(min(done, total))))
    worker.finished.connect(lambda value: _use(window, run, value))
    worker.failed.connect(lambda text: _refused(window, text))
    worker.cancelled.connect(lambda text: window.statusBar().showMessage(f"Rating list not imported: {text}", 8000))
    worker.done.connect(dialog.reset)
    worker.done.connect(dialog.deleteLater)
    window.rating_list_worker = worker  # kept while it runs; a test waits on it
    worker.start()
    return worker


def _use(window, run: str, value: dict) -> None:
    from planner.errors import PlannerError
    from planner.rating_list.apply import use_rating_list

    try:
        after = use_rating_list(window.project, run, value)
    except PlannerError as exc:
        _refused(window, "\n".join(exc.problems))
        return
    window.document.apply("Import rating list", after)
    where = "" if window.scenario == "Baseline" else " (into the baseline: scenarios share its list)"
    window.statusBar().showMessage(f"Rating list imported: {value['hereditaments']:,} hereditaments{where}", 8000)


def _refused(window, text: str, title: str = "Rating list not imported") -> None:
    from ui import messages

    messages.problems(window, title, "The project is unchanged:", text.splitlines())
