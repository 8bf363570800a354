"""The planner operations behind an edit in the window: which one to call for the baseline or a
scenario, and what "reset to baseline" means for a scenario that builds on another.

Each function returns a new Project or raises PlannerError with the model's own message; the
window pushes the result as one undo step, so a refused edit changes nothing.
"""

from __future__ import annotations

from typing import Any

from planner.project import document as ops
from planner.project.document import Project
from planner.project.scenarios import BASELINE, value_at
from ui.values import same


def edit_input(project: Project, scenario: str, run: str, path: str, value: Any) -> Project:
    """Set one input (a scalar, a table cell or a whole table) in the baseline or a scenario.

    Typing back in a scenario the value it would inherit removes the scenario's own change, so
    the file records only what a what-if really changes.
    """
    if scenario == BASELINE:
        return ops.set_baseline_input(project, run, path, value)
    own = _own_change(project, scenario, run, path)
    if own and same(value, _inherited(project, scenario, run, path)):
        return ops.remove_change(project, scenario, run, path)
    return ops.set_change(project, scenario, run, path, value)


def reset_input(project: Project, scenario: str, run: str, path: str) -> Project:
    """Give a scenario's input the baseline's value again (one step, even through a parent's change)."""
    out = project
    if _own_change(project, scenario, run, path):
        out = ops.remove_change(out, scenario, run, path)
    base = value_at(project.run(run), path)
    if not same(_current(out, scenario, run, path), base):
        out = ops.set_change(out, scenario, run, path, base)
    return out


def _own_change(project: Project, scenario: str, run: str, path: str) -> bool:
    return any((c.run, c.path) == (run, path) for c in project.scenario(scenario).changes)


def _inherited(project: Project, scenario: str, run: str, path: str) -> Any:
    parent = project.scenario(scenario).based_on or BASELINE
    return _current(project, parent, run, path)


def _current(project: Project, scenario: str, run: str, path: str) -> Any:
    resolved = {r.name: r for r in project.resolve(scenario)}
    return value_at(resolved[run], path)
