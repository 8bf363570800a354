"""Two-way data tables and spider charts: a metric over a grid of input values, in one call.

**Two-way table** (Excel's data table with a row and a column input): every pair of a row
value and a column value is one trial of ONE vectorised evaluation (planner.analysis.sensitivity
builds trials the same way), and one last trial holds both inputs at their values in the run,
so the base case comes from the same call. By default each input runs over `steps` values either
side of its base, base × (1 ± pct) evenly spaced: the base is the middle row and column. A
whole-number input (fmt int, or counted in homes, people; planner.formatting.step) moves in
whole numbers, repeats dropped; every value is clipped to the declared bounds.

**Spider chart**: each input moved by the same percentages (-20% … +20%) on its own, the
others at base; the metric against the percentage, one line per input, again one call.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from models.core.declare import Field
from planner import formatting
from planner.analysis.goal_seek import fit_to
from planner.analysis.sensitivity import base_value, evaluate_with, find_run, key_label, metric_values, split_key
from planner.analysis.sensitivity import variable_field as _field
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef

STEPS = 5  # values either side of the base
PCT = 0.2
SPIDER_PCTS = (-0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.2)


@dataclass(frozen=True)
class TwoWayTable:
    run: str
    metric: str
    metric_label: str
    kind: str
    row: str  # input key (a path, or "Run::path")
    row_label: str
    row_values: np.ndarray  # (m,)
    column: str
    column_label: str
    column_values: np.ndarray  # (k,)
    values: np.ndarray  # (m, k): the metric at each pair
    base: float  # the metric with both inputs at their values in the run
    base_row: float
    base_column: float
    years: list[str]

    @property
    def base_cell(self) -> tuple[int, int] | None:
        """(row, column) of the base case within the grid, if it is on it."""
        rows = np.flatnonzero(self.row_values == self.base_row)
        cols = np.flatnonzero(self.column_values == self.base_column)
        return (int(rows[0]), int(cols[0])) if rows.size and cols.size else None


def variable_field(runs: list[RunDef], run: str, key: str) -> Field:
    return _field(*split_key(runs, run, key))


def grid_around(field: Field, base: float, steps: int = STEPS, pct: float = PCT) -> np.ndarray:
    """2·steps + 1 values from base × (1 - pct) to base × (1 + pct), the base among them; whole
    numbers for a whole-number input; within the declared bounds; repeats dropped."""
    if not 0 < pct < 10 or steps < 1:
        raise PlannerError(f"a table needs at least one step each side and a spread above 0% (got {pct * 100:g}%)")
    span = abs(base) * pct if base else 1.0
    if formatting.step(field.fmt, field.unit, field.integer) == 1.0:
        # whole steps, as even as whole numbers allow, out to the spread rounded outwards
        size = max(1.0, round(span / steps))
        k = np.arange(-steps, steps + 1)
        values = base + size * k[np.abs(size * k) <= math.ceil(span - 1e-9)]
    else:
        values = np.append(np.linspace(base - span, base + span, 2 * steps + 1), base)
    return np.unique(fit_to(field, values))


def two_way(
    runs: list[RunDef],
    run: str,
    row: str,
    column: str,
    metric: str,
    row_values: ArrayLike | None = None,
    column_values: ArrayLike | None = None,
    steps: int = STEPS,
    pct: float = PCT,
    result_run: str | None = None,
) -> TwoWayTable:
    """`metric` of `result_run` (default `run`) at every pair of `row` and `column` values."""
    if row == column:
        raise PlannerError(f"the row and column inputs are both {row}; choose two different inputs")
    fields = {k: variable_field(runs, run, k) for k in (row, column)}
    bases = {k: base_value(*split_key(runs, run, k)) for k in (row, column)}
    given = {row: row_values, column: column_values}
    axes = {}
    for key in (row, column):
        if given[key] is None:
            axes[key] = grid_around(fields[key], bases[key], steps, pct)
        else:
            axes[key] = np.asarray(fit_to(fields[key], np.asarray(given[key], dtype=float)))
            if axes[key].size == 0:
                raise PlannerError(f"{key}: give at least one value for the table")
    rr, cc = np.meshgrid(axes[row], axes[column], indexing="ij")
    trials = {row: np.append(rr.ravel(), bases[row]), column: np.append(cc.ravel(), bases[column])}
    outcome = evaluate_with(runs, run, trials, result_run)
    found = metric_values(outcome, metric)
    info = outcome.spec.metric_info(metric)
    return TwoWayTable(
        result_run or run,
        metric,
        info.label,
        formatting.display_kind(info.kind, info.label),
        row,
        key_label(runs, run, row),
        axes[row],
        column,
        key_label(runs, run, column),
        axes[column],
        np.asarray(found[:-1], dtype=float).reshape(rr.shape),
        float(found[-1]),
        bases[row],
        bases[column],
        outcome.years,
    )


@dataclass(frozen=True)
class Spider:
    run: str
    metric: str
    metric_label: str
    kind: str
    pcts: tuple[float, ...]
    inputs: list[str]
    labels: list[str]
    values: np.ndarray  # (inputs, pcts): the metric with that input moved by that percentage
    base: float
    years: list[str]


def spider(
    runs: list[RunDef],
    run: str,
    metric: str,
    inputs: list[str],
    pcts: Iterable[float] = SPIDER_PCTS,
    result_run: str | None = None,
) -> Spider:
    """`metric` as each input moves by each of `pcts` on its own (one call; the last trial is the base)."""
    if not inputs:
        raise PlannerError("choose at least one input for the spider chart")
    find_run(runs, run)
    pcts = tuple(float(p) for p in pcts)
    n = len(inputs) * len(pcts) + 1
    columns = {}
    for i, key in enumerate(inputs):
        base = base_value(*split_key(runs, run, key))
        column = np.full(n, base)
        moved = np.asarray(fit_to(variable_field(runs, run, key), base * (1.0 + np.array(pcts))))
        column[i * len(pcts) : (i + 1) * len(pcts)] = moved
        columns[key] = column
    outcome = evaluate_with(runs, run, columns, result_run)
    found = metric_values(outcome, metric)
    info = outcome.spec.metric_info(metric)
    return Spider(
        result_run or run,
        metric,
        info.label,
        formatting.display_kind(info.kind, info.label),
        pcts,
        list(inputs),
        [key_label(runs, run, k) for k in inputs],
        np.asarray(found[:-1], dtype=float).reshape(len(inputs), len(pcts)),
        float(found[-1]),
        outcome.years,
    )
