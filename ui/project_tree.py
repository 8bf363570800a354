"""The project tree: the programme, its runs, and under each run the Baseline with the scenarios
built on it (a scenario built on another sits under that one). Choosing an item chooses the run
and scenario the tabs show."""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from planner.project.document import Project
from planner.project.scenarios import BASELINE
from planner.registry import get_spec

ROLE = Qt.ItemDataRole.UserRole  # (run, scenario) of an item; scenario None for a run or the programme


def tree_width(window: int) -> int:
    """The project tree's share of a window `window` wide (in the window's units): a sixth, from
    140 (the runs' names elide, in full in their tooltips) to 280.

    >>> tree_width(1920), tree_width(1400), tree_width(911)
    (280, 233, 151)
    """
    return max(140, min(280, window // 6))


class ProjectTree(QTreeWidget):
    selected = Signal(str, str)  # run, scenario
    requested = Signal(str, str)  # "new" | "rename" | "delete", scenario

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectTree")
        self.setAccessibleName("Project: runs and scenarios")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.currentItemChanged.connect(self._current_changed)
        self._current: tuple[str, str] = ("", BASELINE)
        self._shown: tuple | None = None  # what the items were built from

    def show_project(self, project: Project, run: str, scenario: str) -> None:
        """Rebuild from the project (only when what the tree shows changed, so an edit keeps the
        user's open and closed branches) and select (run, scenario) without announcing it."""
        shown = (
            project.title,
            project.description,
            tuple((r.name, r.model, r.description) for r in project.runs),
            # each run's number of changes, which is what the tree shows (an edit may reorder the changes)
            tuple(
                (s.name, s.based_on, s.description, sorted(Counter(c.run for c in s.changes).items()))
                for s in project.scenarios
            ),
        )
        if shown == self._shown:
            self.select(run, scenario)
            return
        self._shown = shown
        self.blockSignals(True)
        self.clear()
        root = QTreeWidgetItem(self, [project.title or "Untitled project"])
        root.setData(0, ROLE, (project.runs[0].name if project.runs else "", None))
        root.setToolTip(0, html.escape(project.description or project.title))
        bold = QFont()
        bold.setBold(True)
        root.setFont(0, bold)
        for r in project.runs:
            self._run_item(root, project, r)
        self.expandAll()
        self.blockSignals(False)
        self.select(run, scenario)

    def _run_item(self, root: QTreeWidgetItem, project: Project, run) -> None:
        spec = get_spec(run.model)
        item = QTreeWidgetItem(root, [run.name])
        item.setData(0, ROLE, (run.name, None))
        item.setToolTip(0, f"<b>{html.escape(spec.label)}</b><br>{html.escape(run.description)}")
        base = QTreeWidgetItem(item, [BASELINE])
        base.setData(0, ROLE, (run.name, BASELINE))
        base.setToolTip(0, "The inputs as the source documents give them; every scenario is a set of changes to them.")
        self._children(base, project, run.name, None)

    def _children(self, parent: QTreeWidgetItem, project: Project, run: str, based_on: str | None) -> None:
        for s in project.scenarios:
            if s.based_on != based_on:
                continue
            own = sum(c.run == run for c in s.changes)
            item = QTreeWidgetItem(parent, [s.name + (f"  ({own} change{'s' if own != 1 else ''})" if own else "")])
            item.setData(0, ROLE, (run, s.name))
            builds = f"Builds on {html.escape(s.based_on or BASELINE)}."
            item.setToolTip(0, f"<b>{html.escape(s.name)}</b><br>{html.escape(s.description)}<br>{builds}")
            if own:
                font = QFont()
                font.setBold(True)
                item.setFont(0, font)
            else:  # the scenario leaves this run as its baseline (or what it builds on) has it
                item.setForeground(0, QBrush(QColor("#6b7580")))
            self._children(item, project, run, s.name)

    def select(self, run: str, scenario: str) -> None:
        self._current = (run, scenario)
        found = self.item_for(run, scenario) or self.item_for(run, BASELINE)
        if found is not None:
            self.blockSignals(True)
            self.setCurrentItem(found)
            self.blockSignals(False)

    def item_for(self, run: str, scenario: str) -> QTreeWidgetItem | None:
        """The item showing `scenario` under `run`, if any."""
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item.data(0, ROLE) == (run, scenario):
                return item
            stack += [item.child(i) for i in range(item.childCount())]
        return None

    def _current_changed(self, item: QTreeWidgetItem | None, _previous) -> None:
        if item is None:
            return
        run, scenario = item.data(0, ROLE)
        self._current = (run or self._current[0], scenario or self._current[1])
        self.selected.emit(*self._current)

    def _menu(self, pos) -> None:
        item = self.itemAt(pos)
        scenario = item.data(0, ROLE)[1] if item is not None else None
        menu = QMenu(self)
        menu.addAction("New scenario from here…", lambda: self.requested.emit("new", scenario or BASELINE))
        if scenario not in (None, BASELINE):
            menu.addAction("Rename scenario…", lambda: self.requested.emit("rename", scenario))
            menu.addAction("Delete scenario", lambda: self.requested.emit("delete", scenario))
        menu.exec(self.viewport().mapToGlobal(pos))
