"""Sensitivity: a tornado of one summary metric over the numeric inputs of a run.

Every input's low and high values are evaluated together as trials of ONE vectorised call:
trial 2i sets input i to its low value, trial 2i+1 to its high value, every other input stays
at its base; one last trial holds every input at base, so the base metric comes from the same
call. The helpers at the top (a run's variable inputs, a set of runs with some inputs replaced
by arrays of trials, a metric as numbers) serve Monte Carlo and goal seek as well.

Two ways to pick low and high (`mode`):
- "percent": base × (1 ∓ pct), clipped to the declared bounds;
- "range": the declared bounds (Field.low / Field.high), except that a missing bound or one
  more than HUGE times the base's size away from the base (for a base of 0: one beyond ±1e6)
  falls back to base × (1 ∓ pct), since £0 to £10bn says nothing about a support cost.
Whole-number inputs, and inputs counted in whole things (homes, people: planner.formatting.counts),
round outwards (5 years ± 10% is 4 to 6), then clip to the bounds.
Metrics are read as numbers: a year metric by its index (-1: never), a flag as 0 or 1.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from models.core.declare import DataInput, Field, TableSpec
from models.core.errors import InputErrors
from models.core.result import Outcome
from models.core.validation import validate
from planner.analysis.distributions import fit_to
from planner.errors import PlannerError
from planner.formatting import counts
from planner.project import paths
from planner.project.runner import evaluate, links_of
from planner.project.scenario_file import RunDef
from planner.registry import get_spec

HUGE = 10.0
MODES = ("percent", "range")
RUN_SEPARATOR = "::"  # "Run name::path" names an input of another run than the one analysed


def find_run(runs: list[RunDef], name: str) -> RunDef:
    for run in runs:
        if run.name == name:
            return run
    raise PlannerError(f"{name!r} is not a run of this scenario; runs are: {', '.join(r.name for r in runs)}")


def variable_field(run: RunDef, path: str) -> Field:
    """The declaration of an input that may vary by trial; PlannerError naming the path if not."""
    spec = get_spec(run.model)
    try:
        decl = paths.declaration(spec, path)
        paths.get_value(spec, run.inputs, path)
    except KeyError as exc:
        plain = not any(c in str(path) for c in "[].")  # a plain name: neither a field nor a table
        why = f"{path!r} is not an input of {spec.label}" if plain else exc.args[0]
        raise PlannerError(
            f"run {run.name!r}: {why}; numeric inputs are: " + ", ".join(paths.numeric_paths(spec, run.inputs))
        ) from None
    if isinstance(decl, TableSpec):
        raise PlannerError(f"run {run.name!r}: {path} is a whole table; name one cell, like {path}[1].<column>")
    if isinstance(decl, DataInput):
        raise PlannerError(f"run {run.name!r}: {path} is a data input (a file), not a number that can vary by trial")
    if not decl.numeric or decl.structural or decl.fmt == "year":
        why = "it is not a number" if not decl.numeric else "it fixes the shape of the run (years, horizon)"
        raise PlannerError(f"run {run.name!r}: {path} ({decl.label}) cannot vary by trial: {why}")
    return decl


def base_value(run: RunDef, path: str) -> float:
    """The input's value in the run as a plain number; PlannerError if it is empty or an array."""
    field = variable_field(run, path)
    value = paths.get_value(get_spec(run.model), run.inputs, path)
    if value is None or isinstance(value, (str, bool, list, dict)) or np.ndim(value) != 0:
        raise PlannerError(
            f"run {run.name!r}: {path} ({field.label}) has no single base value "
            f"({value!r}); enter a number for it first"
        )
    return float(value)


def input_label(run: RunDef, path: str) -> str:
    """A reader's name for an input: its label, with the table and row for a table cell."""
    spec = get_spec(run.model)
    p = paths.parse(path)
    if p.row is None:
        return spec.field(p.name).label
    table = spec.table(p.name)
    row = f"row {p.row}" if p.row.isdigit() else p.row
    assert p.column is not None  # a cell path has a row and a column
    return f"{table.label}, {row}: {table.column(p.column).label}"


def feeding_runs(runs: list[RunDef], result_run: str) -> list[RunDef]:
    """`result_run` and every run it takes lines from (through a programme's links), recursively."""
    by_name = {r.name: r for r in runs}
    needed, todo = set(), [find_run(runs, result_run).name]
    while todo:
        name = todo.pop()
        if name in needed or name not in by_name:
            continue  # an unknown link is reported by evaluate
        needed.add(name)
        todo += [str(link.get("run")) for link in links_of(by_name[name])]
    return [r for r in runs if r.name in needed]


def input_key(run_name: str, path: str, home: str) -> str:
    """How an analysis of run `home` names an input: its path when the input is `home`'s own,
    "Run name::path" when it belongs to another run (one whose lines a programme takes).

    >>> input_key("BRS", "multiplier", "Programme"), input_key("BRS", "multiplier", "BRS")
    ('BRS::multiplier', 'multiplier')
    """
    return path if run_name == home else f"{run_name}{RUN_SEPARATOR}{path}"


def split_key(runs: list[RunDef], run: str, key: str) -> tuple[RunDef, str]:
    """The run and the path an analysis input names (see `input_key`): "Run name::path" for an
    input of another of these runs, else a path of `run`."""
    at = key.find(RUN_SEPARATOR)
    while at >= 0:  # a run's name might itself hold the separator: try each place it stands
        for other in runs:
            if other.name == key[:at]:
                return other, key[at + len(RUN_SEPARATOR) :]
        at = key.find(RUN_SEPARATOR, at + 1)
    return find_run(runs, run), key


def key_label(runs: list[RunDef], run: str, key: str) -> str:
    """A reader's name for an analysis input: `input_label`, after its run's name when the
    input is another run's ("WMCA BRS › Multiplier")."""
    target, path = split_key(runs, run, key)
    label = input_label(target, path)
    return label if target.name == run else f"{target.name} › {label}"


def evaluate_with(runs: list[RunDef], run: str, values: dict[str, Any], result_run: str | None = None) -> Outcome:
    """The Outcome of `result_run` (default `run`) with inputs replaced by `values`.

    Values are keyed by path for inputs of `run`, by "Run name::path" for those of another run
    (`input_key`), and may be arrays of n trials; only the runs `result_run` needs are evaluated,
    so a programme linked to the runs varied sees their (n, T) lines.
    """
    find_run(runs, run)
    result_run = result_run or run
    feeders = feeding_runs(runs, result_run)
    needed = {r.name for r in feeders}
    by_run: dict[str, dict[str, Any]] = {run: {}}
    for key, value in values.items():
        target, path = split_key(runs, run, key)
        by_run.setdefault(target.name, {})[path] = value
    for name in by_run:
        if name not in needed:
            raise PlannerError(
                f"run {name!r} does not feed run {result_run!r}: a run's inputs can move only "
                "its own results and those of a programme that links to it"
            )
    changed = []
    for r in feeders:
        raw = r.inputs
        for path, value in by_run.get(r.name, {}).items():
            raw = paths.with_value(get_spec(r.model), raw, path, value)
        changed.append(r if raw is r.inputs else dataclasses.replace(r, inputs=raw))
    return evaluate(changed)[result_run]


def metric_values(outcome: Outcome, metric: str) -> np.ndarray:
    """A summary metric of every trial as floats (a year as its index, a flag as 0 or 1)."""
    if metric not in outcome.summary:
        raise PlannerError(
            f"{metric!r} is not a summary metric of {outcome.spec.label}; metrics are: " + ", ".join(outcome.summary)
        )
    return np.asarray(outcome.summary[metric], dtype=float)


def _huge(bound: float | None, base: float) -> bool:
    if bound is None or not math.isfinite(bound):
        return True
    return abs(bound - base) > HUGE * abs(base) if base else abs(bound) > 1e6


def low_high(field: Field, base: float, pct: float, mode: str = "percent") -> tuple[float, float]:
    """The low and high values of an input for a tornado (see the module docstring).

    >>> f = Field("years", "Years", "years", 5, 1, 125, fmt="int")
    >>> low_high(f, 5.0, 0.1)
    (4.0, 6.0)
    >>> low_high(Field("r", "Rate", "%", 0.8, 0.0, 1.0, fmt="pct"), 0.8, 0.5, "range")
    (0.0, 1.0)
    """
    if mode not in MODES:
        raise PlannerError(f"sensitivity mode {mode!r} is not known; choose one of {', '.join(MODES)}")
    lo, hi = sorted((base * (1.0 - pct), base * (1.0 + pct)))
    if mode == "range":
        # _huge is True for a bound of None
        lo = lo if _huge(field.low, base) else float(cast(float, field.low))
        hi = hi if _huge(field.high, base) else float(cast(float, field.high))
    if field.integer or counts(field.unit):  # whole homes, people, weeks: whole steps
        lo, hi = math.floor(lo + 1e-9), math.ceil(hi - 1e-9)
    return float(fit_to(field, lo)), float(fit_to(field, hi))


@dataclass(frozen=True)
class TornadoRow:
    path: str
    label: str
    base_input: float
    low_input: float
    high_input: float
    metric_low: float
    metric_high: float
    swing: float  # |metric_high - metric_low|; NaN when the metric is undefined at either end


@dataclass(frozen=True)
class Tornado:
    run: str
    metric: str
    metric_label: str
    kind: str  # the metric's kind: money, count, rate, ratio, year (an index), flag (0/1)
    base: float  # the metric with every input at base
    mode: str
    pct: float
    rows: list[TornadoRow]  # largest swing first
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (path, why) refused
    years: list[str] = dataclasses.field(default_factory=list)  # the run's years, to name a year metric


def tornado(
    runs: list[RunDef],
    run: str,
    metric: str,
    inputs: list[str] | None = None,
    pct: float = 0.1,
    mode: str = "percent",
    result_run: str | None = None,
) -> Tornado:
    """Swing of `metric` (of `result_run`, default `run`) as each input of `run` goes low and high.

    `inputs` defaults to every numeric input (planner.project.paths.numeric_paths); all 2k + 1 trials
    run in one vectorised evaluation.
    """
    if not 0 < pct < 10:
        raise PlannerError(f"the sensitivity percentage is {pct * 100:g}%; enter one above 0% and below 1000%")
    target = find_run(runs, run)
    chosen = list(inputs) if inputs is not None else paths.numeric_paths(get_spec(target.model), target.inputs)
    if not chosen:
        raise PlannerError(f"run {run!r} has no numeric input to vary")
    bases = {p: base_value(target, p) for p in chosen}
    ends = {p: low_high(variable_field(target, p), bases[p], pct, mode) for p in chosen}
    try:
        outcome = evaluate_with(runs, run, _trial_columns(chosen, bases, ends), result_run)
        skipped: list[tuple[str, str]] = []
    except PlannerError as exc:
        skipped = _refused(target, chosen, ends, exc)
        chosen = [p for p in chosen if p not in dict(skipped)]
        outcome = evaluate_with(runs, run, _trial_columns(chosen, bases, ends), result_run)
    found = metric_values(outcome, metric)
    rows = [
        TornadoRow(
            p,
            input_label(target, p),
            bases[p],
            *ends[p],
            found[2 * i],
            found[2 * i + 1],
            abs(found[2 * i + 1] - found[2 * i]),
        )
        for i, p in enumerate(chosen)
    ]
    rows.sort(key=lambda r: (math.isnan(r.swing), -r.swing if not math.isnan(r.swing) else 0.0))
    info = outcome.spec.metric_info(metric)
    return Tornado(
        result_run or run, metric, info.label, info.kind, float(found[-1]), mode, pct, rows, skipped, outcome.years
    )


def _trial_columns(chosen: list[str], bases: dict, ends: dict) -> dict[str, np.ndarray]:
    """Trial 2i sets input i low, 2i+1 high; the last trial keeps every input at base."""
    k = len(chosen)
    values = {}
    for i, path in enumerate(chosen):
        column = np.full(2 * k + 1, bases[path])
        column[2 * i], column[2 * i + 1] = ends[path]
        values[path] = column
    return values


def _refused(target: RunDef, chosen: list[str], ends: dict, failure: PlannerError) -> list[tuple[str, str]]:
    """The inputs whose low or high value the model refuses (a band boundary moved past its
    neighbour), each with the first problem. Only reached when the single call fails: then each
    input's two values are validated on their own (no computing) to name the culprits, and the
    tornado goes on without them. If none is refused alone, the original failure stands."""
    spec = get_spec(target.model)
    refused = []
    for path in chosen:
        try:
            validate(spec, paths.with_value(spec, target.inputs, path, np.array(ends[path])))
        except InputErrors as exc:
            refused.append((path, f"run {target.name!r}: {exc.errors[0]}"))
    if not refused:
        raise failure
    return refused
