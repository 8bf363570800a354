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
    (resolved,) = project.resolve(scenario, only=[run])  # the one run: the others are not copied
    return value_at(resolved, path)


def dated_tables(project: Project, scenario: str, run: str) -> dict[str, tuple[str, list]]:
    """{table: (its year column, its rows)} for each table of the run with dated rows in this scenario."""
    from planner.registry import get_spec

    spec = get_spec(project.run(run).model)
    out = {}
    for table in spec.tables:
        years = [c.name for c in table.columns if c.fmt == "year"]
        rows = _current(project, scenario, run, table.name) if years else None
        if rows:
            out[table.name] = (years[0], rows)
    return out


def move_first_year(project: Project, scenario: str, run: str, year: Any, carry: bool) -> Project:
    """Set the plan's first year; with `carry`, every dated row (and every other year input, such
    as the first year of extra homes) moves by the same number of years, so a tranche in the
    plan's second year stays in its second year. One new Project.

    Each step is checked as it is made, so the plan is lengthened by the shift while the years
    move (a later start first moves the rows, an earlier one the start) and then given its own
    length back: no step leaves a row outside the plan."""
    from models.core.timeline import fy_start
    from planner.registry import get_spec

    before = fy_start(_current(project, scenario, run, "start_year"))
    shift = fy_start(year) - before
    if not carry or shift == 0:
        return edit_input(project, scenario, run, "start_year", year)
    spec = get_spec(project.run(run).model)
    horizon = _current(project, scenario, run, "horizon")
    singles = {
        f.name: fy_start(v) + shift
        for f in spec.fields
        if f.fmt == "year" and f.name != "start_year" and (v := _current(project, scenario, run, f.name)) is not None
    }
    tables = {
        name: [{**row, column: fy_start(row[column]) + shift} if row.get(column) is not None else row for row in rows]
        for name, (column, rows) in dated_tables(project, scenario, run).items()
    }
    out = edit_input(project, scenario, run, "horizon", int(horizon) + abs(shift))
    steps = [(scenario, "start_year", year)] + [(scenario, p, v) for p, v in {**singles, **tables}.items()]
    if scenario == BASELINE:  # scenarios' own dated changes move with the baseline's
        steps += _scenario_moves(project, run, spec, shift)
    if shift > 0:
        steps = steps[1:] + steps[:1]
    for where, path, value in steps:
        out = edit_input(out, where, run, path, value)
    return edit_input(out, scenario, run, "horizon", horizon)


def _scenario_moves(project: Project, run: str, spec, shift: int) -> list[tuple[str, str, Any]]:
    """(scenario, path, value) for each scenario's own change of a year: a year input, a dated
    table's rows, or one year cell of it, moved by `shift`."""
    from models.core.timeline import fy_start
    from planner.project.paths import parse

    years = {t.name: c.name for t in spec.tables for c in t.columns if c.fmt == "year"}
    singles = {f.name for f in spec.fields if f.fmt == "year" and f.name != "start_year"}
    out = []
    for name in project.scenario_names:
        for change in project.scenario(name).changes:
            if change.run != run or change.value is None:
                continue
            p = parse(change.path)
            if p.row is None and p.name in singles:
                out.append((name, change.path, fy_start(change.value) + shift))
            elif p.row is None and p.name in years and isinstance(change.value, list):
                column = years[p.name]
                rows = [
                    {**r, column: fy_start(r[column]) + shift} if r.get(column) is not None else r for r in change.value
                ]
                out.append((name, change.path, rows))
            elif p.row is not None and years.get(p.name) == p.column:
                out.append((name, change.path, fy_start(change.value) + shift))
    return out
