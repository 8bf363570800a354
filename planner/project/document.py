"""A project: baseline runs, named scenarios as changes, the assumptions log and metadata.

A `Project` is immutable: every operation returns a new one (so the app's undo can keep the
old one) and checks its result, raising PlannerError with the model's own message when an
edit leaves an input the model refuses. The baseline is never changed by a scenario.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from planner import __version__
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef
from planner.project.scenarios import (
    BASELINE,
    Change,
    ChangedInput,
    Scenario,
    apply_changes,
    canonical_path,
    chain,
    changed_inputs,
    check_name,
    descendants,
    json_value,
    set_input,
    spec_of,
    unknown_scenario,
)


@dataclass(frozen=True)
class Assumption:
    """Where an input's value comes from and who answers for it."""

    source: str = ""
    owner: str = ""
    date: str = ""  # an ISO date, "2018-09-06", or "" when not recorded
    note: str = ""


@dataclass(frozen=True)
class Metadata:
    created: str = ""  # ISO 8601 UTC, "2024-05-01T09:30:00Z"
    modified: str = ""
    application_version: str = __version__
    author: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Project:
    title: str
    runs: tuple[RunDef, ...]
    scenarios: tuple[Scenario, ...] = ()
    description: str = ""
    assumptions: dict = field(default_factory=dict)  # {run name: {input path: Assumption}}
    metadata: Metadata = Metadata()

    @property
    def scenario_names(self) -> list[str]:
        return [s.name for s in self.scenarios]

    def run(self, name: str) -> RunDef:
        for run in self.runs:
            if run.name == name:
                return run
        raise PlannerError(
            f"run {name!r} is not in this project; runs are: {', '.join(repr(r.name) for r in self.runs)}"
        )

    def scenario(self, name: str) -> Scenario:
        for s in self.scenarios:
            if s.name == name:
                return s
        raise PlannerError(unknown_scenario(name, self.scenarios))

    def resolve(self, name: str | None = BASELINE, only: Iterable[str] | None = None) -> list[RunDef]:
        """Copies of the baseline runs (or those named in `only`) with the scenario's chain of
        changes applied, oldest first."""
        steps = [] if name in (None, BASELINE) else chain(self.scenarios, name)
        runs = apply_changes(self.runs, steps, None if only is None else set(only))
        for run in runs:
            run.sources = {k: a.source for k, a in self.assumptions.get(run.name, {}).items() if a.source}
        return runs

    def evaluate(self, name: str | None = BASELINE) -> dict:
        """{run name: Outcome} for the baseline or a scenario."""
        from planner.project.runner import evaluate  # pandas is loaded only when something is computed

        return evaluate(self.resolve(name))


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_project(
    title: str, runs: Sequence[RunDef], description: str = "", sources: dict | None = None, now: str | None = None
) -> Project:
    """A project over these baseline runs; `sources` ({run: {input: text}}) fill the assumptions log."""
    names = [r.name for r in runs]
    problems = [
        f"run name {n!r} is used more than once; names must be unique" for n in sorted(set(names)) if names.count(n) > 1
    ]
    problems += [f"run {r.name!r}: a run needs a name" for r in runs if not str(r.name).strip()]
    if problems:
        raise PlannerError(problems)
    runs = tuple(replace(copy.deepcopy(r), sources={}) for r in runs)
    project = Project(title, runs)
    log = {
        r.name: {_path(project, r.name, k): Assumption(str(v)) for k, v in (sources or {}).get(r.name, {}).items()}
        for r in runs
    }
    stamp = now or utc_now()
    return Project(title, runs, (), description, complete_log(runs, log), Metadata(stamp, stamp))


def complete_log(runs: Iterable[RunDef], log: dict) -> dict:
    """An entry for every input of every run; the declaration's source where none is recorded."""
    out = {}
    for run in runs:
        spec = spec_of(run.model)
        entries = dict(log.get(run.name, {}))
        for decl in list(spec.fields) + list(spec.tables):
            entries.setdefault(decl.name, Assumption(decl.source))
        out[run.name] = dict(sorted(entries.items()))
    return out


def scenario_changes(project: Project, name: str) -> list[ChangedInput]:
    """Which inputs a scenario (with those it builds on) changed: (run, path, baseline value, its value)."""
    if name == BASELINE:
        return []
    steps = chain(project.scenarios, name)
    return changed_inputs(project.runs, project.resolve(name), steps)


def runs_changed(project: Project, name: str) -> list[str]:
    """The runs a scenario changes, directly or through a run they take lines from, in the
    project's order; every other run of the scenario is exactly as in the Baseline."""
    from planner.project.runner import links_of

    if name == BASELINE:
        return [r.name for r in project.runs]
    base = {r.name: r.inputs for r in project.runs}
    resolved = project.resolve(name)
    changed = {r.name for r in resolved if r.inputs != base[r.name]}
    grew = True
    while grew:  # a programme linked to a changed run changes with it
        linked = {r.name for r in resolved if any(link.get("run") in changed for link in links_of(r))}
        grew = not linked <= changed
        changed |= linked
    return [r.name for r in project.runs if r.name in changed]


def add_scenario(
    project: Project,
    name: str,
    description: str = "",
    based_on: str | None = None,
    changes: Iterable[Change | tuple] = (),
) -> Project:
    """A new scenario (empty: the baseline's results) built on the baseline or another scenario."""
    name = check_name(name, project.scenario_names)
    parent = None if based_on in (None, BASELINE) else project.scenario(based_on).name
    out = _edited(project, scenarios=project.scenarios + (Scenario(name, str(description), parent),))
    for change in changes:
        run, path, value = (change.run, change.path, change.value) if isinstance(change, Change) else change
        out = set_change(out, name, run, path, value)
    return out


def rename_scenario(project: Project, old: str, new: str) -> Project:
    project.scenario(old)
    if new == old:
        return project
    new = check_name(new, [n for n in project.scenario_names if n != old])
    scenarios = tuple(
        replace(s, name=new if s.name == old else s.name, based_on=new if s.based_on == old else s.based_on)
        for s in project.scenarios
    )
    return _edited(project, scenarios=scenarios)


def describe_scenario(project: Project, name: str, description: str) -> Project:
    project.scenario(name)
    return _with_scenario(project, name, lambda s: replace(s, description=str(description)))


def delete_scenario(project: Project, name: str) -> Project:
    """Remove a scenario; refused while another scenario builds on it."""
    project.scenario(name)
    children = [repr(s.name) for s in project.scenarios if s.based_on == name]
    if len(children) == 1:
        raise PlannerError(
            f"scenario {name!r} cannot be deleted: {children[0]} builds on it; delete it or base "
            f"it on another scenario first"
        )
    if children:
        raise PlannerError(
            f"scenario {name!r} cannot be deleted: {', '.join(children)} build on it; delete them "
            f"or base them on another scenario first"
        )
    return _edited(project, scenarios=tuple(s for s in project.scenarios if s.name != name))


def rebase_scenario(project: Project, name: str, based_on: str | None) -> Project:
    """Build a scenario on the baseline (None) or on another scenario."""
    project.scenario(name)
    parent = None if based_on in (None, BASELINE) else project.scenario(based_on).name
    if parent is not None and (parent == name or parent in descendants(project.scenarios, name)):
        raise PlannerError(f"scenario {name!r} cannot build on {parent!r}: {parent!r} already builds on it")
    out = _with_scenario(project, name, lambda s: replace(s, based_on=parent))
    affected = [name] + descendants(project.scenarios, name)
    _check_edit(project, out, affected, [r.name for r in project.runs])
    return out


def set_change(project: Project, scenario: str, run: str, path: str, value: Any) -> Project:
    """Set one input in a scenario; setting it again moves it to the end (the latest edit wins)."""
    project.scenario(scenario)
    path = _path(project, run, path)
    value = json_value(value, f"run {run!r}: {path}")
    new = Change(run, path, value)
    out = _with_scenario(
        project,
        scenario,
        lambda s: replace(s, changes=tuple(c for c in s.changes if (c.run, c.path) != (run, path)) + (new,)),
    )
    _check_edit(project, out, [scenario] + descendants(project.scenarios, scenario), [run])
    return out


def remove_change(project: Project, scenario: str, run: str, path: str) -> Project:
    """Reset one input of a scenario to what it builds on."""
    path = _path(project, run, path)
    if not any((c.run, c.path) == (run, path) for c in project.scenario(scenario).changes):
        raise PlannerError(f"scenario {scenario!r} does not change {path} of run {run!r}")
    out = _with_scenario(
        project, scenario, lambda s: replace(s, changes=tuple(c for c in s.changes if (c.run, c.path) != (run, path)))
    )
    _check_edit(project, out, [scenario] + descendants(project.scenarios, scenario), [run])
    return out


def set_baseline_input(project: Project, run: str, path: str, value: Any) -> Project:
    """Set one input of a baseline run; every scenario then starts from the new value."""
    path = _path(project, run, path)
    value = json_value(value, f"run {run!r}: {path}")
    where = f"run {run!r}"
    runs = tuple(replace(r, inputs=set_input(r, path, value, where)) if r.name == run else r for r in project.runs)
    out = _edited(project, runs=runs)
    _check_edit(project, out, [BASELINE] + project.scenario_names, [run])
    return out


def set_assumption(project: Project, run: str, path: str, **values: str) -> Project:
    """Record source, owner, date (ISO, "2018-09-06") or note for an input (or a table cell)."""
    path = _path(project, run, path)
    unknown = set(values) - {"source", "owner", "date", "note"}
    if unknown:
        raise PlannerError(f"an assumption records source, owner, date and note, not {', '.join(sorted(unknown))}")
    if values.get("date"):
        check_date(values["date"], f"run {run!r}: {path}: date")
    log = {k: dict(v) for k, v in project.assumptions.items()}
    entries = log.setdefault(run, {})
    entries[path] = replace(entries.get(path, Assumption()), **{k: str(v) for k, v in values.items()})
    log[run] = dict(sorted(entries.items()))
    return _edited(project, assumptions=log)


def edit_details(project: Project, **values: str) -> Project:
    """Change the title, description, author or organisation."""
    meta = {k: str(values.pop(k)) for k in ("author", "organisation") if k in values}
    unknown = set(values) - {"title", "description"}
    if unknown:
        raise PlannerError(
            f"a project's details are title, description, author and organisation, not {', '.join(sorted(unknown))}"
        )
    out = _edited(project, **{k: str(v) for k, v in values.items()})
    return replace(out, metadata=replace(out.metadata, **meta))


def check_date(text: str, where: str) -> None:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise PlannerError(f"{where}: {text!r} is not a date; enter it as YYYY-MM-DD, e.g. 2018-09-06") from None


def _path(project: Project, run: str, path: str) -> str:
    try:
        return canonical_path(spec_of(project.run(run).model), path)
    except PlannerError as exc:
        named = [p if repr(path) in p else f"{path}: {p}" for p in exc.problems]
        raise PlannerError([f"run {run!r}: {p}" for p in named]) from None


def _edited(project: Project, **changes: Any) -> Project:
    return replace(project, metadata=replace(project.metadata, modified=utc_now()), **changes)


def _with_scenario(project: Project, name: str, edit: Callable[[Scenario], Scenario]) -> Project:
    return _edited(project, scenarios=tuple(edit(s) if s.name == name else s for s in project.scenarios))


def _check_edit(before: Project, after: Project, scenarios: list[str], runs: list[str]) -> None:
    """Refuse an edit that leaves a problem that was not there before it.

    The scenarios are checked in order (the edited one first) and the first with a new problem
    is reported, so a bad value is named once, not again for every scenario built on it.
    """
    for name in scenarios:
        found = problems(after, [name], runs)
        if not found:  # the usual case: the old project is only checked when there is something to blame
            continue
        new = [p for p in found if p not in problems(before, [name], runs)]
        if new:
            raise PlannerError(new)


def problems(project: Project, scenarios: Iterable[str], runs: Collection[str]) -> list[str]:
    """The model's messages for these runs in these scenarios (a scenario that no longer applies says why)."""
    from models.core.errors import InputErrors
    from models.core.validation import validate

    out: list[str] = []
    for name in scenarios:
        if name != BASELINE and name not in project.scenario_names:
            continue
        prefix = "" if name == BASELINE else f"scenario {name!r}: "
        try:
            resolved = {r.name: r for r in project.resolve(name, only=runs)}
        except PlannerError as exc:
            out += [p if p.startswith("scenario ") else prefix + p for p in exc.problems]
            continue
        for run in runs:
            if run not in resolved:
                continue
            try:
                validate(spec_of(resolved[run].model), resolved[run].inputs)
            except InputErrors as exc:
                out += [f"{prefix}run {run!r}: {e}" for e in exc.errors]
    return out
