"""The movement explained: a bridge (waterfall) from one scenario's figure to another's,
attributing the change to each input that differs.

Two attributions, both summing exactly to the total movement:
- **one at a time**, in the scenario's order: each change is applied on top of the ones before
  it, and its step is what it moved the metric then. The order matters when changes interact.
- **Shapley**: each change's average step over every order the changes could be applied in,
  from the value of every subset of the changes (2^k evaluations). It does not depend on the
  order; a change's *interaction* is its Shapley share less what it moves alone.

Every subset is a trial of one vectorised call of the models (`evaluate_with`): numeric inputs
take the "from" or the "to" value trial by trial. Inputs that cannot vary across trials (a whole
table, a start year, a choice) split the subsets into groups, one call a group.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.core.declare import TableSpec
from planner.analysis.sensitivity import evaluate_with, feeding_runs, find_run, input_key, input_label, metric_values
from planner.errors import PlannerError
from planner.project import paths
from planner.project.document import Project
from planner.project.scenario_file import RunDef
from planner.project.scenarios import BASELINE, chain, spec_of, value_at

SHAPLEY_MOST = 14  # 2^14 subsets; beyond that, one at a time only (and say so)


@dataclass(frozen=True)
class Difference:
    """One input that differs between the two scenarios."""

    run: str
    path: str
    label: str
    before: Any
    after: Any


@dataclass
class BridgeStep:
    change: Difference
    step: float  # one at a time, in order
    alone: float  # applied on its own to the "from" scenario
    shapley: float | None  # None where there were too many changes to take every subset

    @property
    def interaction(self) -> float | None:
        return None if self.shapley is None else self.shapley - self.alone


@dataclass
class Bridge:
    start_scenario: str
    end_scenario: str
    run: str
    metric: str
    metric_label: str
    kind: str  # the metric's kind: money, count, rate, ratio, year, flag
    start: float
    end: float
    steps: list[BridgeStep]
    left_out: list[Difference]  # differences in runs the metric does not depend on

    @property
    def total(self) -> float:
        return self.end - self.start

    def label(self, step: BridgeStep) -> str:
        """A change as a reader names it: its input, with its run when that is not the bridged run."""
        change = step.change
        return change.label if change.run == self.run else f"{change.label} ({change.run})"

    @property
    def has_shapley(self) -> bool:
        return all(s.shapley is not None for s in self.steps)

    def as_json(self) -> dict:
        return {
            "from": self.start_scenario,
            "to": self.end_scenario,
            "run": self.run,
            "metric": self.metric,
            "label": self.metric_label,
            "start": self.start,
            "end": self.end,
            "total": self.total,
            "steps": [
                {
                    "run": s.change.run,
                    "input": s.change.path,
                    "label": s.change.label,
                    "from": s.change.before,
                    "to": s.change.after,
                    "one_at_a_time": s.step,
                    "alone": s.alone,
                    "shapley": s.shapley,
                    "interaction": s.interaction,
                }
                for s in self.steps
            ],
            "not_affecting": [{"run": d.run, "input": d.path} for d in self.left_out],
        }


def differences(project: Project, start: str, end: str) -> list[Difference]:
    """The inputs whose values differ between two scenarios, in the order the "to" scenario
    changes them (then any the "from" scenario changed that the "to" scenario leaves at baseline)."""
    before = {r.name: r for r in project.resolve(start)}
    after = {r.name: r for r in project.resolve(end)}
    order: list[tuple[str, str]] = []
    for name in (end, start):
        for scenario in [] if name == BASELINE else chain(project.scenarios, name):
            for change in scenario.changes:
                if (change.run, change.path) not in order:
                    order.append((change.run, change.path))
    out = []
    for run, path in order:
        a, b = value_at(before[run], path), value_at(after[run], path)
        if a != b:
            out.append(Difference(run, path, _label(before[run], path), a, b))
    return out


def explain(project: Project, start: str, end: str, metric: str, run: str | None = None) -> Bridge:
    """The bridge of `metric` (of `run`) from scenario `start` to scenario `end`."""
    runs = project.resolve(start)
    run = run or _run_with_metric(project, metric)
    target = find_run(runs, run)
    feeders = {r.name for r in feeding_runs(runs, target.name)}
    found = differences(project, start, end)
    moving = [d for d in found if d.run in feeders]
    values = _subset_values(runs, target.name, moving, metric) if moving else None
    k = len(moving)
    if values is None:
        base = float(metric_values(evaluate_with(runs, target.name, {}), metric)[0])
        values = {0: base}
    start_value = values[0]
    end_value = float(metric_values(project.evaluate(end)[target.name], metric)[0])
    steps = _steps(moving, values, k)
    full = (1 << k) - 1
    reached = values.get(full, start_value + sum(s.step for s in steps))
    if not math.isclose(reached, end_value, rel_tol=1e-9, abs_tol=1e-6):
        raise PlannerError(
            f"the changes between {start!r} and {end!r} do not reproduce {end!r}'s {metric} "
            f"({reached} against {end_value}): a scenario sets a whole table and a cell of it"
        )
    spec = spec_of(target.model)
    info = spec.metric_info(metric)
    return Bridge(
        start,
        end,
        target.name,
        metric,
        info.label,
        info.kind,
        start_value,
        end_value,
        steps,
        [d for d in found if d.run not in feeders],
    )


def _label(run: RunDef, path: str) -> str:
    declared = paths.declaration(spec_of(run.model), path)
    return f"{declared.label} (the whole table)" if isinstance(declared, TableSpec) else input_label(run, path)


def _run_with_metric(project: Project, metric: str) -> str:
    having = [r.name for r in project.runs if metric in {m.name for m in spec_of(r.model).metrics}]
    if len(having) == 1:
        return having[0]
    if not having:
        raise PlannerError(f"no run of this project has a metric {metric!r}")
    raise PlannerError(f"runs {', '.join(repr(h) for h in having)} all have {metric!r}: name one with --run")


def _subset_values(runs: list[RunDef], home: str, moving: list[Difference], metric: str) -> dict[int, float]:
    """The metric for every subset of the changes (a bit mask), or for the prefixes and singles
    alone when there are too many changes for every subset."""
    k = len(moving)
    masks = np.arange(2**k) if k <= SHAPLEY_MOST else np.array(sorted(_prefixes_and_singles(k)))
    vector = [i for i, d in enumerate(moving) if _varies(runs, d)]
    fixed = [i for i in range(k) if i not in vector]
    out: dict[int, float] = {}
    fixed_bits = sum(1 << i for i in fixed)
    for pattern in sorted({int(m) & fixed_bits for m in masks}):
        group = masks[(masks & fixed_bits) == pattern]
        values: dict[str, Any] = {}
        for i in fixed:
            d = moving[i]
            values[input_key(d.run, d.path, home)] = d.after if pattern >> i & 1 else d.before
        for i in vector:
            d = moving[i]
            on = (group >> i & 1).astype(bool)
            values[input_key(d.run, d.path, home)] = np.where(on, float(d.after), float(d.before))
        result = metric_values(evaluate_with(runs, home, values), metric)
        result = np.broadcast_to(result, group.shape)
        out.update({int(m): float(v) for m, v in zip(group, result)})
    return out


def _varies(runs: list[RunDef], d: Difference) -> bool:
    """Whether the input may take a different value in each trial: a plain number, not structural."""
    run = find_run(runs, d.run)
    try:
        field = paths.declaration(spec_of(run.model), d.path)
    except KeyError:
        return False
    numeric = getattr(field, "numeric", False) and not getattr(field, "structural", False)
    return bool(numeric) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (d.before, d.after))


def _prefixes_and_singles(k: int) -> set[int]:
    masks = {0}
    acc = 0
    for i in range(k):
        acc |= 1 << i
        masks |= {acc, 1 << i}
    return masks


def _steps(moving: list[Difference], values: dict[int, float], k: int) -> list[BridgeStep]:
    shapley = _shapley(values, k) if len(values) == 2**k else [None] * k
    steps, before = [], 0
    for i, d in enumerate(moving):
        after = before | 1 << i
        steps.append(BridgeStep(d, values[after] - values[before], values[1 << i] - values[0], shapley[i]))
        before = after
    return steps


def _shapley(values: dict[int, float], k: int) -> list[float]:
    """Each change's Shapley share: its step averaged over every order, weighted by subset size."""
    v = np.array([values[m] for m in range(2**k)])
    masks = np.arange(2**k)
    size = np.array([bin(m).count("1") for m in masks])
    weight = np.array(
        [math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) if s < k else 0.0 for s in range(k + 1)]
    )
    out = []
    for i in range(k):
        without = masks[(masks >> i & 1) == 0]
        out.append(float(np.sum(weight[size[without]] * (v[without | 1 << i] - v[without]))))
    return out
