"""The shown scenario's results, kept from one edit to the next so that an edit recomputes only
the run it touches and the runs linked to it (a programme that draws on the edited run).

`planner.project.runner.evaluate` keeps the Outcome of every run defined exactly as before; a
kept Outcome also keeps its Result (one trial as tables, with the tie-outs judged at the
tolerance), so the views can tell an unchanged run by identity and leave it alone.
"""

from __future__ import annotations

from models.core.result import Outcome, Result
from planner.errors import PlannerError
from planner.project.document import Project
from planner.project.scenario_file import RunDef


class Calculation:
    def __init__(self) -> None:
        self.resolved: dict[str, RunDef] = {}  # run name -> the shown scenario's RunDef
        self.results: dict[str, Result] = {}
        self.check_units: dict[str, dict[str, str]] = {}  # run -> check -> the unit of its amount
        self.problem: str | None = None  # why the scenario cannot be calculated
        self._kept: dict[str, tuple[RunDef, Outcome]] = {}
        self._trials: dict[str, tuple[Outcome, float, Result]] = {}

    def update(self, project: Project, scenario: str, tolerance: float) -> None:
        """Resolve the scenario and evaluate it, reusing what the last call computed where it can."""
        from planner.project.runner import evaluate  # pandas loads with the first calculation

        self.problem, outcomes = None, {}
        try:
            self.resolved = {r.name: r for r in project.resolve(scenario)}
            outcomes = evaluate(list(self.resolved.values()), self._kept)
        except PlannerError as exc:
            self.problem = "\n".join(exc.problems)
        self._kept = {name: (self.resolved[name], o) for name, o in outcomes.items()}
        self.results = {name: self._trial(name, o, tolerance) for name, o in outcomes.items()}
        self.check_units = {name: {c.name: c.unit for c in o.checks} for name, o in outcomes.items()}
        self._trials = {name: self._trials[name] for name in self.results}

    def _trial(self, name: str, outcome: Outcome, tolerance: float) -> Result:
        kept = self._trials.get(name)
        if kept is not None and kept[0] is outcome and kept[1] == tolerance:
            return kept[2]
        result = outcome.trial(0, tolerance=tolerance)
        self._trials[name] = (outcome, tolerance, result)
        return result
