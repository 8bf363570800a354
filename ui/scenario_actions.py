"""Scenario menu work: new (from the baseline or another scenario), rename, delete, and reset an
input to the baseline. Each is one undo step; a refusal shows the planner's own message."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from planner.errors import PlannerError
from planner.project import document as ops
from planner.project.scenarios import BASELINE
from ui import messages
from ui.edits import reset_input


class ScenarioActions:
    def __init__(self, window) -> None:
        self.window = window

    @property
    def document(self):
        return self.window.document

    def _refused(self, title: str, exc: PlannerError) -> None:
        messages.problems(self.window, title, f"{title}:", exc.problems)

    def new(self, name: str | None = None, based_on: str | None = None, description: str = "") -> bool:
        based_on = based_on or self.window.scenario
        if name is None:
            from ui.scenario_dialog import ask_new_scenario

            answer = ask_new_scenario(self.window, self.document.project, based_on)
            if answer is None:
                return False
            name, based_on, description = answer
        try:
            after = ops.add_scenario(self.document.project, name, description, based_on)
        except PlannerError as exc:
            self._refused("The scenario was not created", exc)
            return False
        name = after.scenarios[-1].name
        self.document.apply(f"New scenario {name}", after, focus=name, focus_undo=self.window.scenario)
        return True

    def rename(self, scenario: str | None = None, new: str | None = None) -> bool:
        scenario = scenario or self.window.scenario
        if scenario == BASELINE:
            messages.inform(self.window, "Rename scenario", "The baseline keeps its name; choose a scenario to rename.")
            return False
        if new is None:
            new, ok = QInputDialog.getText(self.window, "Rename scenario", f"New name for {scenario}:", text=scenario)
            if not ok:
                return False
        try:
            after = ops.rename_scenario(self.document.project, scenario, new)
        except PlannerError as exc:
            self._refused("The scenario was not renamed", exc)
            return False
        self.document.apply(f"Rename scenario {scenario}", after, focus=new.strip(), focus_undo=scenario)
        return True

    def delete(self, scenario: str | None = None, confirm: bool = True) -> bool:
        scenario = scenario or self.window.scenario
        if scenario == BASELINE:
            messages.inform(self.window, "Delete scenario", "The baseline cannot be deleted; choose a scenario.")
            return False
        try:  # a refusal is said before asking to confirm
            after = ops.delete_scenario(self.document.project, scenario)
        except PlannerError as exc:
            self._refused("The scenario was not deleted", exc)
            return False
        if confirm and not messages.confirm(
            self.window, "Delete scenario", f"Delete the scenario {scenario}? (Edit > Undo brings it back.)"
        ):
            return False
        parent = self.document.project.scenario(scenario).based_on or BASELINE
        self.document.apply(f"Delete scenario {scenario}", after, focus=parent, focus_undo=scenario)
        return True

    def reset(self, path: str | None = None) -> bool:
        """Give the focused (or named) input of the shown scenario its baseline value again."""
        window = self.window
        path = path or window.focused_input()
        if window.scenario == BASELINE or path is None:
            window.statusBar().showMessage("Choose an input a scenario changed, then reset it to the baseline.", 5000)
            return False
        try:
            after = reset_input(self.document.project, window.scenario, window.run, path)
        except PlannerError as exc:
            window.show_input_error(path, exc)
            return False
        if after is self.document.project:
            return False
        self.document.apply(f"Reset {window.input_label(path)} to baseline", after)
        return True
