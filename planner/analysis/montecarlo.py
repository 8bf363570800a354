"""Monte Carlo: inputs drawn from distributions, every trial of a chunk in one vectorised call.

All draws are made first, from one seeded numpy Generator, input by input in the order given,
then re-ordered by Iman–Conover when a rank correlation is asked for (planner.analysis.correlation).
Only then are the trials evaluated, `chunk` at a time on worker threads (planner.analysis.trial_chunks;
by default an equal share of the trials for each core, at most 5,000), so the same seed gives
the same trials and the same percentiles whatever the chunk size. As each chunk ends the
`progress(done, total)` callback is called, and `cancel` (a threading.Event, or a callable
returning True) is checked before the next; a cancelled run raises `Cancelled`.

Results: P5, P10, P50, P90, P95 and the mean of every summary metric (a year metric over the
trials in which the year happens, as a real year: the lower of two middle values; `never` is
the share of trials in which it never happens) and of every annual line item, as (5, T) arrays
for fan charts; for each check the probability that it fails and the median year of the first
failure among the trials that fail. NaN values (a ratio with nothing to divide by) are left
out of a percentile.

Memory: the draws (n × inputs), each metric (n) and each check (2n) are kept whole; every kept
annual line is n × T floats (10,000 trials × 40 years = 3.2 MB a line; the 30 lines of a
30-year HRA plan take 72 MB). Pass `lines=[...]` to keep only the lines you chart, or
`lines=[]` for none. A chunk's own working memory is bounded by `chunk` trials.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from models.core import buffers
from planner.analysis.correlation import check_matrix, iman_conover, matrix_from_pairs, rank_correlation
from planner.analysis.distributions import Distribution, draws_for, parse_distribution
from planner.analysis.sensitivity import evaluate_with, find_run, key_label, split_key, variable_field
from planner.analysis.trial_chunks import Cancelled, auto_chunk, evaluate_chunks
from planner.analysis.trial_stats import PERCENTILES, percentiles_of_rows, percentiles_of_sorted, row_means, sort_rows
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef

if TYPE_CHECKING:
    from models.core.declare import ModelSpec

__all__ = [
    "MAX_TRIALS",
    "PERCENTILES",
    "Cancelled",
    "CheckRisk",
    "LineStats",
    "MetricStats",
    "MonteCarloResult",
    "check_risk",
    "draw",
    "line_stats",
    "metric_stats",
    "monte_carlo",
    "percentiles_of_rows",
    "release_memory",
    "share_text",
]

MAX_TRIALS = 1_000_000


@dataclass(frozen=True)
class MetricStats:
    name: str
    label: str
    kind: str
    percentiles: dict[int, float]  # {5: …, 10: …, 50: …, 90: …, 95: …}; a year metric as an index
    mean: float
    never: float | None = None  # year metrics: share of trials in which the year never comes


@dataclass(frozen=True)
class LineStats:
    name: str
    label: str
    unit: str
    percentiles: np.ndarray  # (5, T), rows in PERCENTILES order
    mean: np.ndarray  # (T,)


@dataclass(frozen=True)
class CheckRisk:
    name: str
    p_fail: float
    median_year: str | None  # median first year of failure among failing trials
    message: str


@dataclass
class MonteCarloResult:
    run: str
    model: str
    trials: int
    seed: int | None
    years: list[str]
    inputs: dict[str, str]  # path: the distribution as written
    metrics: dict[str, MetricStats]
    lines: dict[str, LineStats]
    checks: list[CheckRisk]
    samples: dict[str, np.ndarray] = field(repr=False)  # path: (n,) draws, as evaluated
    values: dict[str, np.ndarray] = field(repr=False)  # metric: (n,) results, for histograms
    achieved_correlation: np.ndarray | None = None  # Spearman correlation of the draws (when asked)
    target_correlation: np.ndarray | None = None  # the matrix asked for, inputs order
    labels: dict[str, str] = field(default_factory=dict)  # path: a reader's name ("WMCA BRS › Multiplier")


def monte_carlo(
    runs: list[RunDef],
    run: str,
    vary: dict[str, Distribution | str],
    trials: int = 10_000,
    seed: int | None = None,
    correlation: np.ndarray | dict[tuple[str, str], float] | None = None,
    chunk: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | Callable[[], bool] | None = None,
    result_run: str | None = None,
    lines: list[str] | None = None,
) -> MonteCarloResult:
    """Vary inputs of `run` (and of the runs it takes lines from) and summarise the results of
    `result_run` (default `run`).

    `vary` maps input paths to distributions (or their text, "triangular(1, 2, 3)"): a path of
    `run`, or "Run name::path" for an input of a run that feeds the result run (a programme's
    linked BRS, say); `correlation` is a (k, k) matrix in the order of `vary`, or {(path, path): r}.
    """
    if not isinstance(trials, int) or not 1 <= trials <= MAX_TRIALS:
        raise PlannerError(f"trials is {trials!r}; enter a whole number from 1 to {MAX_TRIALS:,}")
    chunk = auto_chunk(trials) if chunk is None else chunk
    if not isinstance(chunk, int) or chunk < 1:
        raise PlannerError(f"chunk is {chunk!r}; enter a whole number of trials of at least 1")
    if not vary:
        raise PlannerError("name at least one input to vary, with its distribution")
    draws, dists, target = draw(runs, run, vary, trials, seed, correlation)
    got = evaluate_chunks(
        lambda start, stop: evaluate_with(runs, run, {p: v[start:stop] for p, v in draws.items()}, result_run),
        trials,
        chunk,
        lines,
        progress,
        cancel,
        intact=tuple(draws.values()),
    )
    spec = got.spec  # the metrics and checks here, while the worker threads may still sort the lines
    assert spec is not None  # the first chunk lays out the arrays
    metrics = all_metric_stats(got.values, spec)
    checks = [check_risk(name, ok, year, got.years) for name, (ok, year) in got.checks.items()]
    achieved = None if target is None else rank_correlation(np.column_stack(list(draws.values())))
    return MonteCarloResult(
        result_run or run,
        spec.key,
        trials,
        seed,
        got.years,
        {p: str(d) for p, d in dists.items()},
        metrics,
        line_stats(*got.line_stats(), got.rows, spec),
        checks,
        draws,
        got.values,
        achieved,
        target,
        {p: key_label(runs, run, p) for p in dists},
    )


def release_memory() -> None:
    """Let go of the model work buffers kept for the next run of the same size
    (models.core.buffers: about 100 MB after a 10,000-trial HRA Monte Carlo), as when the Monte Carlo
    window closes."""
    buffers.release()


def draw(
    runs: list[RunDef],
    run: str,
    vary: dict,
    trials: int,
    seed: int | None,
    correlation: np.ndarray | dict[tuple[str, str], float] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, Distribution], np.ndarray | None]:
    """The trials' input values {path: (n,)}, correlated if asked; the distributions; the
    checked target correlation matrix (None when not asked)."""
    find_run(runs, run)
    dists, fields, problems = {}, {}, []
    for path, dist in vary.items():  # every bad input and distribution reported at once
        try:
            fields[path] = variable_field(*split_key(runs, run, path))
            dists[path] = parse_distribution(dist) if isinstance(dist, str) else dist
        except PlannerError as exc:
            problems += [f"{path}: {p}" if not p.startswith("run ") else p for p in exc.problems]
    if problems:
        raise PlannerError(problems)
    rng = np.random.default_rng(seed)
    columns = np.column_stack([draws_for(fields[p], d, rng, trials) for p, d in dists.items()])
    matrix = None
    if correlation is not None:
        names = list(dists)
        matrix = check_matrix(
            matrix_from_pairs(names, correlation) if isinstance(correlation, dict) else correlation, names
        )
        columns = iman_conover(columns, matrix, rng)
    return {p: columns[:, j] for j, p in enumerate(dists)}, dists, matrix


def all_metric_stats(values: dict[str, np.ndarray], spec: ModelSpec) -> dict[str, MetricStats]:
    """`metric_stats` of every metric; the amounts, flags and counts sorted together as one block."""
    plain = [k for k in values if spec.metric_info(k).kind != "year"]
    block = np.array([values[k] for k in plain], dtype=float).reshape(len(plain), -1)
    means = np.empty(len(plain))
    sort_rows(block, means, workers=1)  # here, while the worker threads sort the lines
    found = percentiles_of_sorted(block)
    row = {k: i for i, k in enumerate(plain)}
    out = {}
    for k in values:
        info = spec.metric_info(k)
        if k in row:
            out[k] = MetricStats(
                k, info.label, info.kind, dict(zip(PERCENTILES, found[:, row[k]].tolist())), float(means[row[k]])
            )
        else:
            out[k] = metric_stats(k, info.label, info.kind, values[k])
    return out


def metric_stats(name: str, label: str, kind: str, values: np.ndarray) -> MetricStats:
    """Percentiles and mean of one metric over the trials (see the module docstring)."""
    if kind == "year":
        happens = values[values >= 0]
        found = percentiles_of_rows(happens[None, :].copy(), lower=True)[:, 0]
        mean = float(happens.mean()) if happens.size else np.nan
        return MetricStats(
            name, label, kind, dict(zip(PERCENTILES, found.tolist())), mean, 1.0 - happens.size / values.size
        )
    found = percentiles_of_rows(values[None, :].copy())[:, 0]
    return MetricStats(name, label, kind, dict(zip(PERCENTILES, found.tolist())), float(row_means(values[None, :])[0]))


def line_stats(found: np.ndarray, means: np.ndarray, rows: dict[str, slice], spec: ModelSpec) -> dict[str, LineStats]:
    """Fan-chart percentiles (5, T) and means (T,) of every kept line, from its rows of
    `found` (5, R) and `means` (R,)."""
    out = {}
    for name, where in rows.items():
        info = spec.line_info(name)
        out[name] = LineStats(name, info.label, info.unit, found[:, where], means[where])
    return out


def check_risk(name: str, ok: np.ndarray, year: np.ndarray, years: list[str]) -> CheckRisk:
    """How often a check fails and, at the median, in which year it first does.

    >>> check_risk("Debt cap", np.array([True, False, False, True]), np.array([-1, 3, 5, -1]),
    ...            ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]).message
    'Debt cap fails in 50% of trials, first in 2022-23 at the median'
    """
    failed = ~ok
    p_fail = float(failed.mean())
    dated = year[failed & (year >= 0)]
    median = years[int(np.percentile(dated, 50, method="lower"))] if dated.size else None
    if not failed.any():
        return CheckRisk(name, 0.0, None, f"{name} passes in every trial")
    share = share_text(p_fail)
    when = f", first in {median} at the median" if median else ""
    return CheckRisk(name, p_fail, median, f"{name} fails in {share} of trials{when}")


def share_text(p: float) -> str:
    """A share of trials as a percentage that never rounds a rare event to 0% or 100%.

    >>> [share_text(p) for p in (0.23, 0.0003, 0.004, 0.9997, 1.0)]
    ['23%', '0.03%', '0.4%', '99.97%', '100%']
    """
    if 0 < p < 0.01:
        return f"{p * 100:.2g}%"
    if 0.99 < p < 1:
        return f"{p * 100:.4g}%"
    return f"{p:.0%}"
