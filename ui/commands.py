"""Undo steps. A Project is immutable, so every edit is a swap of two snapshots: redo puts the
new one in place, undo the old one. Nothing is recomputed or re-validated to undo."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from planner.project.document import Project


class SwapProject(QUndoCommand):
    """One user action (an input, a table edit, a paste, a scenario operation) as one undo step.

    `focus` / `focus_undo` name the scenario the window should show after redo / undo (a new
    scenario after it is created, the old name after a rename is undone); None keeps the view.
    """

    def __init__(
        self,
        document,
        before: Project,
        after: Project,
        text: str,
        focus: str | None = None,
        focus_undo: str | None = None,
    ) -> None:
        super().__init__(text)
        self._document = document
        self._before, self._after = before, after
        self._focus, self._focus_undo = focus, focus_undo

    def redo(self) -> None:
        self._document.show_project(self._after, self._focus)

    def undo(self) -> None:
        self._document.show_project(self._before, self._focus_undo)
