"""File > New: a title and the funding mechanisms to model, each a run at its declared defaults."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.registry import get_spec, model_keys


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.title = QLineEdit("Untitled project", self)
        self.title.setAccessibleName("Project title")
        self.models = QListWidget(self)
        self.models.setAccessibleName("Funding mechanisms to model")
        for key in model_keys():
            spec = get_spec(key)
            item = QListWidgetItem(spec.label, self.models)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(spec.description)
            item.setCheckState(Qt.CheckState.Checked if key != "programme" else Qt.CheckState.Unchecked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Title", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Each mechanism ticked becomes a run at its default inputs:", self))
        layout.addWidget(self.models)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        items = [self.models.item(i) for i in range(self.models.count())]
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]


def ask_new_project(parent: QWidget) -> tuple[str, list[str]] | None:
    dialog = NewProjectDialog(parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if dialog.chosen():
            return dialog.title.text().strip() or "Untitled project", dialog.chosen()
        dialog.setWindowTitle("New project: tick at least one mechanism")
    return None
