"""Scenarios: named, ordered changes to a baseline, applied to copies of it.

A scenario builds on the baseline or on another scenario (`based_on`); resolving one applies
the changes of its whole chain, oldest first, to deep copies of the baseline runs, so the
baseline is never touched (OpenFisca's reforms work the same way).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from planner.errors import PlannerError
from planner.project import paths
from planner.project.scenario_file import RunDef
from planner.registry import get_spec

if TYPE_CHECKING:
    from models.core.declare import ModelSpec

BASELINE = "Baseline"


@dataclass(frozen=True)
class Change:
    """One input of one run set to a new value: a scalar, a table cell or a whole table."""

    run: str
    path: str
    value: Any


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str = ""
    based_on: str | None = None  # None: the baseline
    changes: tuple[Change, ...] = ()


class ChangedInput(NamedTuple):
    """What a scenario changed: the run, the input path, the baseline's value and its own."""

    run: str
    path: str
    baseline: Any
    value: Any


def spec_of(model: str) -> ModelSpec:
    """A model's declaration; a model the planner cannot load is a problem to report, not a crash."""
    try:
        return get_spec(model)
    except KeyError as exc:
        raise PlannerError(exc.args[0]) from None
    except ImportError:
        raise PlannerError(f"model {model!r} is not available in this version of the planner") from None


def canonical_path(spec: ModelSpec, path: object) -> str:
    """The path written one way ("councils[Dudley].units_per_year"); PlannerError if the model has no such input.

    The message does not repeat the path: callers put it where the reader will look for it.
    """
    if not isinstance(path, str):
        raise PlannerError(f"an input path must be text like 'threshold' or 'bands[2].rateable_value', not {path!r}")
    try:
        parsed = paths.parse(path)
        names = [f.name for f in spec.fields] + [t.name for t in spec.tables] + [d.name for d in spec.data]
        if parsed.rule is None and parsed.name not in names:
            raise KeyError(f"model {spec.key} has no input {parsed.name!r}; inputs are: {', '.join(names)}")
        paths.declaration(spec, str(parsed))
    except KeyError as exc:
        raise PlannerError(exc.args[0]) from None
    return str(parsed)


def json_value(value: Any, where: str) -> Any:
    """A plain JSON copy of a value (numpy scalars become numbers, tuples lists).

    A scenario is saved in the project file, so it holds one value or one table, never an
    array of trials (those belong to sensitivity and Monte Carlo runs).
    """
    if hasattr(value, "ndim") and value.ndim == 0 and hasattr(value, "item"):
        value = value.item()
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise PlannerError(f"{where}: {value} is not a number a file can hold; enter a finite number")
        return value
    if isinstance(value, (list, tuple)):
        return [json_value(v, f"{where}[{i}]") for i, v in enumerate(value, start=1)]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise PlannerError(f"{where}: the columns of a row must be named by text")
        return {k: json_value(v, f"{where}.{k}") for k, v in value.items()}
    raise PlannerError(
        f"{where}: {type(value).__name__} values cannot be kept in a scenario; enter a number, "
        f"text, true/false, empty, or a table of rows"
    )


def chain(scenarios: Sequence[Scenario], name: str) -> list[Scenario]:
    """The scenario and those it builds on, the baseline's nearest first applied first."""
    by_name = {s.name: s for s in scenarios}
    out: list[Scenario] = []
    current: str | None = name
    while current is not None:
        if current not in by_name:
            raise PlannerError(unknown_scenario(current, scenarios))
        if any(s.name == current for s in out):
            loop = " → ".join([s.name for s in reversed(out)] + [current])
            raise PlannerError(f"scenario {name!r}: its chain of based_on forms a loop ({loop})")
        out.append(by_name[current])
        current = by_name[current].based_on
    return list(reversed(out))


def unknown_scenario(name: str, scenarios: Sequence[Scenario]) -> str:
    names = ", ".join(repr(n) for n in [BASELINE] + [s.name for s in scenarios])
    return f"scenario {name!r} is not in this project; scenarios are: {names}"


def descendants(scenarios: Sequence[Scenario], name: str) -> list[str]:
    """Every scenario that builds on `name`, directly or through others."""
    found: list[str] = []
    frontier = [name]
    while frontier:
        parent = frontier.pop()
        for s in scenarios:
            if s.based_on == parent and s.name not in found and s.name != name:
                found.append(s.name)
                frontier.append(s.name)
    return found


def apply_changes(
    runs: Sequence[RunDef], scenarios: Sequence[Scenario], only: Collection[str] | None = None
) -> list[RunDef]:
    """Deep copies of the runs (or of the runs named in `only`) with every change of `scenarios`
    applied in order. Copying only the runs asked for keeps a checked edit cheap."""
    names = [r.name for r in runs]
    out = [copy.deepcopy(r) for r in runs if only is None or r.name in only]
    by_name = {r.name: r for r in out}
    for scenario in scenarios:
        for i, change in enumerate(scenario.changes, start=1):
            where = f"scenario {scenario.name!r}: change {i} ({change.run} / {change.path})"
            if change.run not in names:
                raise PlannerError(
                    f"{where}: {change.run!r} is not a run of this project; runs are: {', '.join(names)}"
                )
            run = by_name.get(change.run)
            if run is not None:
                run.inputs = set_input(run, change.path, change.value, where)
    return out


def set_input(run: RunDef, path: str, value: Any, where: str) -> dict:
    """A copy of a run's raw inputs with one path set; PlannerError names what is wrong."""
    spec = spec_of(run.model)
    try:
        return paths.with_value(spec, run.inputs, path, copy.deepcopy(value))
    except KeyError as exc:
        raise PlannerError(f"{where}: {exc.args[0]}") from None


def value_at(run: RunDef, path: str, default: Any = None) -> Any:
    """The value of a path in a run, or `default` where the run has no such row."""
    try:
        return copy.deepcopy(paths.get_value(spec_of(run.model), run.inputs, path))
    except (KeyError, IndexError):
        return default


def changed_inputs(
    baseline: Sequence[RunDef], resolved: Sequence[RunDef], scenarios: Sequence[Scenario]
) -> list[ChangedInput]:
    """One entry per (run, path) the chain changed, in the order first changed."""
    base = {r.name: r for r in baseline}
    final = {r.name: r for r in resolved}
    seen: dict[tuple[str, str], Change] = {}
    for scenario in scenarios:
        for change in scenario.changes:
            seen[(change.run, change.path)] = change  # a later change of the same input wins
    order = _first_seen(scenarios)
    return [
        ChangedInput(run, path, value_at(base[run], path), value_at(final[run], path, seen[(run, path)].value))
        for run, path in order
    ]


def _first_seen(scenarios: Sequence[Scenario]) -> list[tuple[str, str]]:
    order: list[tuple[str, str]] = []
    for scenario in scenarios:
        for change in scenario.changes:
            if (change.run, change.path) not in order:
                order.append((change.run, change.path))
    return order


def check_name(name: object, taken: Sequence[str]) -> str:
    """A new scenario name: non-empty text, not 'Baseline', not already used."""
    if not isinstance(name, str) or not name.strip():
        raise PlannerError(f"a scenario needs a name (non-empty text), not {name!r}")
    name = name.strip()
    if name.casefold() == BASELINE.casefold():
        raise PlannerError(f"{name!r} is the name of the baseline; choose another name for the scenario")
    if name in taken:
        raise PlannerError(f"a scenario called {name!r} already exists; choose another name")
    return name
