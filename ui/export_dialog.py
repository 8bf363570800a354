"""File > Export board pack: which scenarios and runs go in, and which of the analyses run in
this session (tornado, Monte Carlo) are added as sheets, with their settings and seeds."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from planner.project.document import Project
from planner.project.scenarios import BASELINE


@dataclass
class PackChoice:
    scenarios: list[str]  # besides the Baseline, which always goes in
    runs: list[str]
    analyses: list  # Tornado / MonteCarloResult objects


def _list(parent: QWidget, name: str, entries: list[tuple[str, object, bool]]) -> QListWidget:
    widget = QListWidget(parent)
    widget.setAccessibleName(name)
    for text, data, checked in entries:
        item = QListWidgetItem(text, widget)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return widget


def _checked(widget: QListWidget) -> list:
    items = [widget.item(i) for i in range(widget.count())]
    return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]


def analysis_name(result) -> str:
    """How an analysis is listed: its kind, run and metric, and the seed of a Monte Carlo."""
    kind = type(result).__name__
    run = getattr(result, "run", "")
    if kind == "Tornado":
        return f"Sensitivity (tornado): {run}, {getattr(result, 'metric', '')}"
    seed = getattr(result, "seed", None)
    trials = getattr(result, "trials", None)
    details = ", ".join(
        x for x in (f"{trials:,} trials" if trials else "", f"seed {seed}" if seed is not None else "") if x
    )
    return f"Monte Carlo: {run}" + (f" ({details})" if details else "")


class ExportDialog(QDialog):
    def __init__(self, project: Project, analyses: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export board pack")
        self.scenarios = _list(self, "Scenarios", [(s, s, True) for s in project.scenario_names])
        self.runs = _list(self, "Runs", [(r.name, r.name, True) for r in project.runs])
        self.analyses = _list(self, "Analyses", [(analysis_name(a), i, True) for i, a in enumerate(analyses)])
        self._analyses = list(analyses)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        grid = QGridLayout(self)
        grid.addWidget(QLabel(f"Scenarios (the {BASELINE} always goes in):", self), 0, 0)
        grid.addWidget(QLabel("Runs:", self), 0, 1)
        grid.addWidget(self.scenarios, 1, 0)
        grid.addWidget(self.runs, 1, 1)
        note = "Analyses run in this session, added as sheets:" if analyses else "No analysis has been run yet."
        grid.addWidget(QLabel(note, self), 2, 0, 1, 2)
        grid.addWidget(self.analyses, 3, 0, 1, 2)
        self.analyses.setVisible(bool(analyses))
        grid.addWidget(buttons, 4, 0, 1, 2)

    def choice(self) -> PackChoice:
        return PackChoice(
            _checked(self.scenarios), _checked(self.runs), [self._analyses[i] for i in _checked(self.analyses)]
        )


def ask_pack_choice(parent: QWidget, project: Project, analyses: list) -> PackChoice | None:
    runs = {r.name for r in project.runs}
    dialog = ExportDialog(project, [a for a in analyses if getattr(a, "run", None) in runs], parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if dialog.choice().runs:
            return dialog.choice()
        dialog.setWindowTitle("Export board pack: tick at least one run")
    return None
