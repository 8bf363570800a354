"""The named questions a finance director asks of a run, as buttons (planner.analysis.solvers).

Which questions a model offers, and which input each answer sets when it is applied to the
scenario, are listed here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QWidget


@dataclass(frozen=True)
class Question:
    key: str  # planner.analysis.solvers.SOLVERS key
    button: str  # the button's words
    path: str  # the input the answer sets
    help: str


QUESTIONS = {
    "hra": (
        Question(
            "max_homes",
            "Most homes within the cap",
            "extra_units_per_year",
            "The most extra homes a year the plan can build within its debt cap, minimum balance and interest cover",
        ),
        Question(
            "cap_needed", "Cap needed", "debt_cap", "The smallest debt cap the plan as it stands meets: its peak debt"
        ),
    ),
    "brs": (
        Question(
            "brs_multiplier",
            "Multiplier needed",
            "multiplier_pence",
            "The multiplier (pence per £ of rateable value) that finances the project cost with optimism bias",
        ),
        Question(
            "brs_threshold",
            "Threshold needed",
            "threshold",
            "The highest rateable-value threshold that still finances the project cost with optimism bias",
        ),
    ),
}


class SolverButtons(QGroupBox):
    """One button per question the run's model answers; hidden for a model with none."""

    asked = Signal(object)  # the Question

    def __init__(self, model: str, parent: QWidget | None = None) -> None:
        super().__init__("Questions", parent)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        for q in QUESTIONS.get(model, ()):
            button = QPushButton(q.button)
            button.setToolTip(q.help)
            button.clicked.connect(lambda _=False, q=q: self.asked.emit(q))
            self.buttons[q.key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.setHidden(not self.buttons)

    def setEnabled(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)
