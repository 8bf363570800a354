"""The open document: the current Project, the file it came from, its undo stack and whether it
has unsaved changes. Views never change the project; they ask the document to `apply` a new one.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from planner.project import appdata, lock
from planner.project.document import Project
from ui.commands import SwapProject


class Document(QObject):
    project_changed = Signal(object)  # the scenario to show (str) or None to keep the view
    state_changed = Signal()  # the file name or the unsaved flag changed: retitle the window

    def __init__(
        self,
        project: Project,
        path: str | os.PathLike | None = None,
        parent: QObject | None = None,
        unsaved: bool = False,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self.path: str | None = None if path is None else str(path)
        self._unsaved = unsaved  # a recovered, imported or template project: unsaved with nothing to undo
        self.read_only = False  # another person holds the file's lock: Save goes to Save As
        self.locked: str | None = None  # the file whose lock this document holds
        self.opened = lock.stamp(self.path) if self.path else None  # the file as read, to spot a later change
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, _clean: bool) -> None:
        self.state_changed.emit()

    @property
    def project(self) -> Project:
        return self._project

    @property
    def dirty(self) -> bool:
        return self._unsaved or not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return Path(self.path).name if self.path else (self._project.title or "Untitled project")

    def apply(self, text: str, after: Project, focus: str | None = None, focus_undo: str | None = None) -> None:
        """Make `after` the project as one undo step called `text` ("Change RV threshold")."""
        if after is self._project:
            return
        self.undo_stack.push(SwapProject(self, self._project, after, text, focus, focus_undo))

    def show_project(self, project: Project, focus: str | None = None) -> None:
        """Called by undo commands only: put a snapshot in place and tell the views."""
        self._project = project
        self.project_changed.emit(focus)

    def replace(
        self,
        project: Project,
        path: str | os.PathLike | None,
        unsaved: bool = False,
        read_only: bool = False,
        locked: bool = False,
    ) -> None:
        """A different project (opened, imported, recovered, new): the undo history starts again.
        `locked`: the caller has taken the file's lock for this document."""
        self.release_lock()
        self._project = project
        self.path = None if path is None else str(path)
        self._unsaved = unsaved
        self.read_only = read_only
        self.locked = self.path if locked else None
        self.opened = lock.stamp(self.path) if self.path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.project_changed.emit(None)
        self.state_changed.emit()

    def save(self, path: str | os.PathLike | None = None) -> None:
        """Save atomically to `path` (or the current file); PlannerError if it cannot be written."""
        from planner.project.project_file import save_project

        target = str(path or self.path)
        save_project(self._project, target)
        previous, self.path = self.path, target
        self.opened = lock.stamp(target)
        if self.locked != target:  # saved under another name: the lock moves with the document
            self.release_lock()
            self.locked = target if lock.acquire(target) is None else None
        self.read_only = False
        self._unsaved = False
        self.undo_stack.setClean()
        for name in {previous, target}:  # the saved file supersedes any snapshot of it
            appdata.discard_recovery(name)
        self.state_changed.emit()

    def autosave(self) -> Path | None:
        """Snapshot unsaved changes to the recovery folder; None when there is nothing to keep."""
        if not self.dirty:
            return None
        return appdata.write_recovery(self._project, self.path)

    def set_clean(self) -> None:
        """Treat the project as saved (its changes were discarded, or written elsewhere)."""
        self._unsaved = False
        self.undo_stack.setClean()
        self.state_changed.emit()

    def discard_recovery(self) -> None:
        appdata.discard_recovery(self.path)

    def release_lock(self) -> None:
        """Give up the file's lock (closing it, or opening another)."""
        if self.locked is not None:
            lock.release(self.locked)
            self.locked = None

    def changed_on_disk(self) -> bool:
        """The file has been written by someone else since this document read or saved it."""
        return self.path is not None and lock.changed_since(self.path, self.opened)
