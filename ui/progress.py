"""A progress dialog for work done on the window's thread (the board-pack export), fed by the
planner's `progress(done, total)` callback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


class Progress:
    def __init__(self, parent: QWidget, text: str) -> None:
        self.dialog = QProgressDialog(text, "", 0, 0, parent)
        self.dialog.setWindowTitle("Funding for Growth Planner")
        self.dialog.setCancelButton(None)  # an export half-written is worse than one that takes a moment
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)

    def __enter__(self) -> Progress:
        self.dialog.setValue(0)
        return self

    def __exit__(self, *exc) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()

    def update(self, done: float, total: float | None = None, *rest) -> None:
        """Accepts progress(done, total) or progress(done, total, "what is being written")."""
        if total:
            self.dialog.setMaximum(int(total))
            self.dialog.setValue(min(int(done), int(total)))
        if rest and isinstance(rest[0], str):
            self.dialog.setLabelText(rest[0])
        QApplication.processEvents()
