"""Scenario > New: a name, the scenario it builds on, and what it is about."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from planner.project.document import Project
from planner.project.scenarios import BASELINE


class NewScenarioDialog(QDialog):
    def __init__(self, project: Project, based_on: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New scenario")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Threshold £70,000")
        self.name.setAccessibleName("Scenario name")
        self.based_on = QComboBox(self)
        self.based_on.setAccessibleName("Builds on")
        self.based_on.addItems([BASELINE] + project.scenario_names)
        self.based_on.setCurrentText(based_on)
        self.description = QPlainTextEdit(self)
        self.description.setAccessibleName("Description")
        self.description.setPlaceholderText("What this what-if changes, and why")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Builds on", self.based_on)
        form.addRow("&Description", self.description)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())


def ask_new_scenario(parent: QWidget, project: Project, based_on: str) -> tuple[str, str, str] | None:
    dialog = NewScenarioDialog(project, based_on, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name.text(), dialog.based_on.currentText(), dialog.description.toPlainText().strip()
