"""The Inputs tab: one generated form per run, built the first time the run is shown and kept
(with its scroll position) while the project keeps that run."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget

from planner.registry import get_spec
from ui.input_form import InputForm


class FormScroll(QScrollArea):
    """A form's scroll area: tells the form its width, so its groups go one above another when
    they would not fit side by side."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        form = self.widget()
        if isinstance(form, InputForm):
            form.fit_width(self.viewport().width())


class InputsTab(QStackedWidget):
    edited = Signal(str, object)  # input path, value (of the shown run)
    reset_requested = Signal(str)  # input path
    data_requested = Signal(str, str)  # a data input ("rating_list") and what to do: "import" or "drop"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms: dict[tuple[str, str], InputForm] = {}  # (run name, model key) -> form
        self.form: InputForm | None = None

    def show_run(self, run: str, model: str) -> InputForm:
        key = (run, model)
        if key not in self.forms:
            form = InputForm(get_spec(model))
            form.setObjectName(f"form_{model}")
            form.edited.connect(self.edited.emit)
            form.reset_requested.connect(self.reset_requested.emit)
            form.data_requested.connect(self.data_requested.emit)
            scroll = FormScroll(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(form)
            self.addWidget(scroll)
            self.forms[key] = form
        self.form = self.forms[key]
        self.setCurrentWidget(self.form.parentWidget().parentWidget())  # the form's scroll area
        return self.form

    def forget_others(self, keep: set[tuple[str, str]]) -> None:
        """Drop the forms of runs the project no longer has (a different file was opened)."""
        for key in [k for k in self.forms if k not in keep]:
            form = self.forms.pop(key)
            scroll = form.parentWidget().parentWidget()
            self.removeWidget(scroll)
            scroll.deleteLater()
            if form is self.form:
                self.form = None
