"""What drives the spread of a Monte Carlo metric, and the trials themselves as a table.

Each varied input's **Spearman rank correlation** with the metric over the trials: the Pearson
correlation of their ranks, tied values taking the mean of the ranks they span (a flag's yes and
no, draws clipped onto a bound, a year that never comes). Trials where the metric has no value
(a ratio with nothing to divide by) are left out. A year metric is read by its index, and
"never" (-1) ranks after every year.

The **contribution** of an input is ρ² / Σρ² over the inputs varied: with independent inputs
and a metric that moves monotonically with each, ρ² approximates the share of the metric's rank
variance that input explains, so the contributions read as shares of the spread. Correlated
inputs share credit, and an input whose effect turns back on itself (a U shape) shows little
rank correlation however much it matters: the words beside the chart say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.analysis.montecarlo import MonteCarloResult
from planner.errors import PlannerError

METHOD = (
    "Spearman rank correlation of each input with the metric over the trials; contribution = ρ² / Σρ² "
    "(a share of the spread when the inputs are independent and each moves the metric one way)"
)


@dataclass(frozen=True)
class Driver:
    path: str
    label: str
    rho: float  # Spearman rank correlation with the metric, -1 … 1 (NaN when either never varies)
    contribution: float  # rho² / Σ rho² over the inputs, 0 … 1


@dataclass(frozen=True)
class Drivers:
    metric: str
    trials: int  # trials with a value of the metric
    rows: list[Driver]  # largest contribution first
    method: str = METHOD


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1 … n, tied values sharing the mean of their ranks.

    >>> average_ranks(np.array([10.0, 30.0, 20.0, 20.0])).tolist()
    [1.0, 4.0, 2.5, 2.5]
    """
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)  # the rank of each distinct value's last copy
    return (ends - (counts - 1) / 2.0)[inverse]


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's ρ of two samples (NaN when either is constant).

    >>> round(spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 4.0, 9.0, 16.0])), 6)
    1.0
    """
    rx, ry = average_ranks(x) - (x.size + 1) / 2.0, average_ranks(y) - (y.size + 1) / 2.0
    denominator = np.sqrt(np.dot(rx, rx) * np.dot(ry, ry))
    return float(np.dot(rx, ry) / denominator) if denominator > 0 else float("nan")


def metric_trials(result: MonteCarloResult, metric: str) -> np.ndarray:
    """A metric's value in every trial as numbers; a year's "never" after every year."""
    if metric not in result.values:
        raise PlannerError(f"{metric!r} is not a metric of this Monte Carlo; metrics are: " + ", ".join(result.values))
    values = np.asarray(result.values[metric], dtype=float).copy()
    if result.metrics[metric].kind == "year":
        values[values < 0] = len(result.years)
    return values


def drivers(result: MonteCarloResult, metric: str) -> Drivers:
    """Each varied input's rank correlation with `metric` and its contribution to the spread."""
    y = metric_trials(result, metric)
    keep = np.isfinite(y)
    y = y[keep]
    rhos = {p: spearman(np.asarray(x, dtype=float)[keep], y) for p, x in result.samples.items()}
    total = sum(r * r for r in rhos.values() if np.isfinite(r))
    rows = [
        Driver(p, result.labels.get(p, p), r, (r * r / total) if total > 0 and np.isfinite(r) else 0.0)
        for p, r in rhos.items()
    ]
    rows.sort(key=lambda d: -d.contribution)
    return Drivers(metric, int(y.size), rows)


def trials_table(result: MonteCarloResult) -> tuple[list[str], np.ndarray]:
    """Every trial as a row: the trial number, each varied input's draw, then each metric (a year
    metric as its financial year's start, blank when it never comes); headings name the inputs
    and metrics as a reader does."""
    headers = ["Trial"] + [result.labels.get(p, p) for p in result.samples] + [m.label for m in result.metrics.values()]
    columns = [np.arange(1, result.trials + 1, dtype=float)] + [np.asarray(v, float) for v in result.samples.values()]
    for name, m in result.metrics.items():
        values = np.asarray(result.values[name], dtype=float)
        if m.kind == "year":
            starts = np.array([float(y[:4]) for y in result.years])
            values = np.where(values >= 0, starts[np.clip(values, 0, None).astype(int)], np.nan)
        columns.append(values)
    return headers, np.column_stack(columns)


def trials_csv(result: MonteCarloResult) -> str:
    """`trials_table` as CSV text (full precision; an empty cell where a value is missing)."""
    import csv
    import io

    headers, table = trials_table(result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in table:
        writer.writerow(["" if not np.isfinite(v) else _text(float(v)) for v in row])
    return out.getvalue()


def _text(value: float) -> str:
    """A number in full: a whole one without ".0" (trial 5, year 2029), others to the last digit."""
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
