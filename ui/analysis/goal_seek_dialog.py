"""Goal seek: the value of one input that makes a summary metric hit a target
(planner.analysis.goal_seek), and the named questions of an HRA or BRS run (planner.analysis.solvers).

"Apply to scenario" emits `value_chosen(run, path, value)`; the main window makes it an
undoable edit of the scenario. When no value in the range reaches the target, the planner's
message says how near the range comes.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.analysis.distributions import parse_number
from planner.analysis.goal_seek import GoalResult, goal_seek
from planner.analysis.sensitivity import input_label, variable_field
from planner.analysis.solvers import SOLVERS, Answer
from planner.errors import PlannerError
from planner.excel.analysis_export import Sheet
from planner.project.document import Project
from ui.analysis.base import AnalysisDialog, fill_combo
from ui.analysis.common import (
    input_choices,
    metric_choices,
    plain_value,
    problem_text,
    sentence,
    show_input,
    show_metric,
)
from ui.analysis.solver_buttons import Question, SolverButtons
from ui.analysis.takeaway import Take
from ui.values import ValueTextError, parse
from ui.workers import Worker

SIDES = (("equals (nearest)", "nearest"), ("is at least", "at_least"), ("is at most", "at_most"))
PLACEHOLDERS = {
    "money": "e.g. 0, 250k or 1.5m",
    "rate": "e.g. 3.5%",
    "year": "a year of the run, e.g. 2024-25",
    "flag": "1 for yes, 0 for no",
}


class GoalSeekDialog(AnalysisDialog):
    value_chosen = Signal(str, str, object)  # run, input path, value: "Apply to scenario"

    def __init__(self, project: Project, scenario: str, run: str, parent: QWidget | None = None) -> None:
        super().__init__(project, scenario, run, "Goal seek", parent)
        self.answer: tuple[str, float] | None = None  # (path, value) that Apply would set
        self.answer_rows: list[list] = []  # the answer as label / value rows, for Excel
        self.input_box, self.metric_box, self.side_box = QComboBox(), QComboBox(), QComboBox()
        for text, side in SIDES:
            self.side_box.addItem(text, side)
        self.side_box.setToolTip(
            "The answer is a value of the input's own precision (a whole home, a penny): the one whose "
            "result is nearest the target, or at least or at most it"
        )
        self.target, self.low, self.high = QLineEdit(), QLineEdit(), QLineEdit()
        self.seek_button, self.apply_button = QPushButton("Seek"), QPushButton("Apply to scenario")
        self.solvers = SolverButtons(self.run_def.model)
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.answer_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer_label.setStyleSheet("font-size: 11pt;")
        fill_combo(self.input_box, input_choices(self.run_def))
        self._layout()
        self._connect()
        self._fill_metrics()
        self._input_changed()
        self.apply_button.setEnabled(False)

    def _layout(self) -> None:
        for box in (self.input_box, self.metric_box):
            box.setMinimumContentsLength(32)
            box.setMaxVisibleItems(24)
        form = QFormLayout()
        if self.result_run_box.count() > 1:
            form.addRow("Results of", self.result_run_box)
        form.addRow("Change", self.input_box)
        form.addRow("until", self.metric_box)
        form.addRow(self.side_box, self.target)
        bounds = QHBoxLayout()
        for text, edit in (("from", self.low), ("to", self.high)):
            bounds.addWidget(QLabel(text))
            bounds.addWidget(edit)
        form.addRow("searching", bounds)
        seek = QGroupBox("Goal seek")
        column = QVBoxLayout(seek)
        column.addLayout(form)
        column.addWidget(self.seek_button, 0, Qt.AlignmentFlag.AlignRight)
        result = self.result_box = QGroupBox("Answer")
        box = QVBoxLayout(result)
        box.addWidget(self.answer_label, 1)
        box.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(seek)
        layout.addWidget(self.solvers)
        layout.addWidget(result, 1)
        layout.addWidget(self.takeaway)
        layout.addWidget(self.status)
        self.resize(760, 520)

    def _connect(self) -> None:
        self.seek_button.clicked.connect(self.seek)
        self.apply_button.clicked.connect(self.apply)
        self.solvers.asked.connect(self.ask)
        self.input_box.currentIndexChanged.connect(self._input_changed)
        self.metric_box.currentIndexChanged.connect(self._metric_changed)
        self.result_run_box.currentIndexChanged.connect(self._fill_metrics)

    def _fill_metrics(self) -> None:
        try:
            fill_combo(self.metric_box, metric_choices(self.base_outcome()))
        except PlannerError as exc:
            self.metric_box.clear()
            self.show_problem(problem_text(exc))
        self._metric_changed()

    def _input_changed(self) -> None:
        """Show the input's value and declared range as hints for the search range."""
        path = self.input_box.currentData()
        if path is None:
            return
        field = variable_field(self.run_def, path)
        self.low.setPlaceholderText(field.show(field.low) if field.low is not None else "no lower bound")
        self.high.setPlaceholderText(field.show(field.high) if field.high is not None else "no upper bound")
        self.low.clear()
        self.high.clear()

    def _metric_changed(self) -> None:
        key = self.metric_box.currentData()
        kind = self.base_outcome().spec.metric_info(key).kind if key else ""
        self.target.setPlaceholderText(PLACEHOLDERS.get(kind, "a number"))
        self.seek_button.setEnabled(key is not None)

    # --- goal seek ------------------------------------------------------------------------
    def _target(self) -> float:
        """The target as the planner takes it: a number, or a year's index for a year metric."""
        text = self.target.text().strip()
        years = self.base_outcome().years
        if text in years:
            return float(years.index(text))
        try:
            return parse_number(text)
        except ValueError:
            raise PlannerError(
                f"the target {text!r} is not a number (0, 250k, 1.5m, 3.5%) or a year of the run "
                f"({years[0]} to {years[-1]})"
            ) from None

    def _bound(self, edit: QLineEdit, path: str) -> float | None:
        if not edit.text().strip():
            return None
        try:
            return float(parse(variable_field(self.run_def, path), edit.text()))
        except ValueTextError as exc:
            raise PlannerError(f"search {'from' if edit is self.low else 'to'}: {exc}") from None

    def seek(self) -> Worker | None:
        """Start the goal seek on the worker; None (the problem shown) if the entries are wrong."""
        path, metric = self.input_box.currentData(), self.metric_box.currentData()
        try:
            target, low, high = self._target(), self._bound(self.low, path), self._bound(self.high, path)
        except PlannerError as exc:
            self.show_problem(problem_text(exc))
            return None
        self._clear_answer("Seeking…")
        worker = Worker(
            goal_seek,
            self.runs,
            self.run_name,
            path,
            metric,
            target,
            low,
            high,
            result_run=self.result_run,
            side=self.side_box.currentData(),
        )
        return self.start_job(worker, self.show_goal)

    def show_goal(self, g: GoalResult) -> None:
        value = show_input(self.runs, self.run_name, g.path, g.value)
        text = (
            f"<b>{escape(input_label(self.run_def, g.path))} = {escape(value)}</b> gives "
            f"{escape(g.metric_label)} of {escape(show_metric(g.achieved, g.kind, g.years))}; the target: "
            f"{escape(self.side_box.currentText())} {escape(show_metric(g.target, g.kind, g.years))}."
        )
        if g.note:
            text += f"<br>Note: {escape(sentence(g.note))}"
        base = "none" if g.base_value is None else show_input(self.runs, self.run_name, g.path, g.base_value)
        self.answer_rows = [
            ["Input", input_label(self.run_def, g.path)],
            ["Answer", value],
            ["Value now", base],
            [g.metric_label, show_metric(g.achieved, g.kind, g.years)],
            ["Target", f"{self.side_box.currentText()} {show_metric(g.target, g.kind, g.years)}"],
        ] + ([["Note", sentence(g.note)]] if g.note else [])
        self._set_answer(text, g.path, g.value, f"Value now {base}.")

    # --- named questions --------------------------------------------------------------------
    def ask(self, question: Question) -> Worker:
        self._clear_answer("Working…")
        worker = Worker(SOLVERS[question.key], self.runs, self.run_name)
        return self.start_job(worker, lambda a, q=question: self.show_answer(a, q))

    def show_answer(self, answer: Answer, question: Question) -> None:
        html = f"<b>{escape(answer.shown)}</b><br>{escape(sentence(answer.message))}"
        self.answer_rows = [["Question", question.button], ["Answer", answer.shown], ["In words", answer.message]]
        self._set_answer(
            html,
            question.path,
            answer.value,
            sentence(f"{question.button}: {question.help[0].lower()}{question.help[1:]}"),
        )

    def take(self) -> Take | None:
        if not getattr(self, "answer_rows", None):
            return None
        sheet = Sheet("Goal seek", ["", "Answer"], self.answer_rows, ["text", "text"])
        return Take(f"Goal seek on {self.run_name}", self.result_box, None, [sheet])

    # --- applying ---------------------------------------------------------------------------
    def _clear_answer(self, note: str) -> None:
        self.answer = None
        self.answer_rows = []
        self.takeaway.refresh()
        self.answer_label.clear()
        self.apply_button.setEnabled(False)
        self.show_note(note)

    def _set_answer(self, html: str, path: str, value: float, note: str) -> None:
        self.answer = (path, value)
        self.answer_label.setText(html)
        self.apply_button.setEnabled(True)
        self.takeaway.refresh()
        self.apply_button.setToolTip(
            f"Set {path} to {show_input(self.runs, self.run_name, path, value)} in {self.scenario} (undoable)"
        )
        self.show_note(note)

    def apply(self) -> None:
        """Send the answer to the main window, which makes it an undoable edit of the scenario."""
        if self.answer is None:
            return
        path, value = self.answer
        self.value_chosen.emit(self.run_name, path, plain_value(self.runs, self.run_name, path, value))
        self.apply_button.setEnabled(False)
        self.show_note(
            f"Applied to {self.scenario}: {input_label(self.run_def, path)} = "
            f"{show_input(self.runs, self.run_name, path, value)} (Undo in the main window reverts it)."
        )

    def set_busy(self, busy: bool) -> None:
        self.seek_button.setEnabled(not busy and self.metric_box.count() > 0)
        self.solvers.setEnabled(not busy)
