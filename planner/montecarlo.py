"""Monte Carlo: inputs drawn from distributions, every trial of a chunk in one vectorised call.

All draws are made first, from one seeded numpy Generator, input by input in the order given,
then re-ordered by Iman–Conover when a rank correlation is asked for (planner.correlation).
Only then are the trials evaluated, `chunk` at a time, so the same seed gives the same trials
and the same percentiles whatever the chunk size. Between chunks the `progress(done, total)`
callback is called and `cancel` (a threading.Event, or a callable returning True) is checked;
a cancelled run raises `Cancelled`.

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

import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from planner.correlation import check_matrix, iman_conover, matrix_from_pairs, rank_correlation
from planner.distributions import Distribution, draws_for, parse_distribution
from planner.errors import PlannerError
from planner.scenario_file import RunDef
from planner.sensitivity import evaluate_with, find_run, variable_field

PERCENTILES = (5, 10, 50, 90, 95)
MAX_TRIALS = 1_000_000


class Cancelled(Exception):
    """The user cancelled a Monte Carlo run; nothing is returned."""


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


def monte_carlo(runs: list[RunDef], run: str, vary: dict[str, Distribution | str], trials: int = 10_000,
                seed: int | None = None, correlation=None, chunk: int = 2_000,
                progress: Callable[[int, int], None] | None = None, cancel=None,
                result_run: str | None = None, lines: list[str] | None = None) -> MonteCarloResult:
    """Vary inputs of `run` and summarise the results of `result_run` (default `run`).

    `vary` maps input paths to distributions (or their text, "triangular(1, 2, 3)");
    `correlation` is a (k, k) matrix in the order of `vary`, or {(path, path): r}.
    """
    if not isinstance(trials, int) or not 1 <= trials <= MAX_TRIALS:
        raise PlannerError(f"trials is {trials!r}; enter a whole number from 1 to {MAX_TRIALS:,}")
    if not isinstance(chunk, int) or chunk < 1:
        raise PlannerError(f"chunk is {chunk!r}; enter a whole number of trials of at least 1")
    if not vary:
        raise PlannerError("name at least one input to vary, with its distribution")
    draws, dists, target = draw(runs, run, vary, trials, seed, correlation)
    outcome, values, kept, checks = _evaluate_chunks(runs, run, draws, trials, chunk, progress, cancel,
                                                     result_run, lines)
    spec = outcome.spec
    achieved = None if target is None else rank_correlation(np.column_stack(list(draws.values())))
    return MonteCarloResult(
        result_run or run, spec.key, trials, seed, outcome.years, {p: str(d) for p, d in dists.items()},
        {k: metric_stats(k, spec.metric_info(k).label, spec.metric_info(k).kind, v) for k, v in values.items()},
        line_stats(*kept, spec),
        [check_risk(name, ok, year, outcome.years) for name, (ok, year) in checks.items()],
        draws, values, achieved, target)


def draw(runs: list[RunDef], run: str, vary: dict, trials: int, seed: int | None,
         correlation=None) -> tuple[dict[str, np.ndarray], dict[str, Distribution], np.ndarray | None]:
    """The trials' input values {path: (n,)}, correlated if asked; the distributions; the
    checked target correlation matrix (None when not asked)."""
    target = find_run(runs, run)
    dists, fields, problems = {}, {}, []
    for path, dist in vary.items():  # every bad input and distribution reported at once
        try:
            fields[path] = variable_field(target, path)
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
        matrix = check_matrix(matrix_from_pairs(names, correlation) if isinstance(correlation, dict)
                              else correlation, names)
        columns = iman_conover(columns, matrix, rng)
    return {p: columns[:, j] for j, p in enumerate(dists)}, dists, matrix


def _cancelled(cancel) -> bool:
    if cancel is None:
        return False
    return bool(cancel.is_set() if hasattr(cancel, "is_set") else cancel())


def _evaluate_chunks(runs, run, draws, trials, chunk, progress, cancel, result_run, lines):
    """Evaluate the trials chunk by chunk into whole-run arrays: each metric (n,), each check's
    ok and first-failure year (n,), and the kept lines as one (lines × years, n) block."""
    values, checks, outcome, block, rows = {}, {}, None, None, {}
    for start in range(0, trials, chunk):
        if _cancelled(cancel):
            raise Cancelled(f"cancelled after {start:,} of {trials:,} trials")
        stop = min(start + chunk, trials)
        outcome = None  # the last chunk's memory is free for this one
        outcome = evaluate_with(runs, run, {p: v[start:stop] for p, v in draws.items()}, result_run)
        m, horizon = stop - start, len(outcome.years)
        if block is None:
            wanted = list(outcome.lines) if lines is None else _known_lines(outcome, lines)
            rows = {k: slice(i * horizon, (i + 1) * horizon) for i, k in enumerate(wanted)}  # in order
            block = np.empty((len(wanted) * horizon, trials))
            values = {k: np.empty(trials) for k in outcome.summary}
            checks = {c.name: (np.empty(trials, bool), np.full(trials, -1)) for c in outcome.checks}
        for k, v in outcome.summary.items():
            values[k][start:stop] = _trials_of(v, (m,), float)
        for k, where in rows.items():
            block[where, start:stop] = _trials_of(outcome.lines[k], (m, horizon)).T
        for c in outcome.checks:
            ok, year = checks[c.name]
            ok[start:stop] = _trials_of(c.ok, (m,))
            if c.year is not None:
                year[start:stop] = _trials_of(c.year, (m,))
        if progress is not None:
            progress(stop, trials)
    return outcome, values, (block, rows), checks


def _trials_of(value, shape: tuple, dtype=None) -> np.ndarray:
    """`value` as an array of `shape` (a value the same in every trial broadcast), as it is
    when it already has that shape (the usual case, at no cost)."""
    if isinstance(value, np.ndarray) and value.shape == shape:
        return value
    return np.broadcast_to(np.asarray(value, dtype=dtype), shape)


def _known_lines(outcome, lines: list[str]) -> list[str]:
    unknown = [k for k in lines if k not in outcome.lines]
    if unknown:
        raise PlannerError(f"{', '.join(map(repr, unknown))} is not a line of {outcome.spec.label}; lines are: "
                           + ", ".join(outcome.lines))
    return list(lines)


def percentiles_of_rows(block: np.ndarray, lower: bool = False) -> np.ndarray:
    """PERCENTILES of each row of `block` (rows, n), sorting it IN PLACE; returns (5, rows).

    Linear interpolation between order statistics, as numpy's default method (`lower` takes
    the lower one, so a year stays a real year). NaN is left out: a sort puts it last, so each
    row's percentiles come from its first m values. One SIMD sort of the whole block is several
    times faster than np.percentile's selection, which is what keeps 10,000 trials quick.

    >>> percentiles_of_rows(np.array([[4.0, 1.0, 3.0, 2.0, 5.0], [1.0, np.nan, 3.0, np.nan, 2.0]])).tolist()
    [[1.2, 1.1], [1.4, 1.2], [3.0, 2.0], [4.6, 2.8], [4.8, 2.9]]

    (np.partition with the ten order statistics needed is no alternative: numpy selects several
    kth at once with a scalar introselect, four times slower here than the vector sort.)
    """
    _sort_rows(block)
    return _percentiles_of_sorted(block, lower)


def _sort_rows(block: np.ndarray, means: np.ndarray | None = None) -> None:
    """Sort each row of `block` in place, about a megabyte of rows at a time; first, when
    `means` (rows,) is given, put each row's mean (`_row_means`) in it: read while the rows are
    in the cache for their sort, not in a pass of its own over the whole block."""
    step = max(1, (1 << 20) // max(1, 8 * block.shape[1]))
    for start in range(0, len(block), step):
        part = block[start:start + step]
        if means is not None:
            means[start:start + step] = _row_means(part)
        part.sort(axis=1)


def _percentiles_of_sorted(block: np.ndarray, lower: bool = False) -> np.ndarray:
    """`percentiles_of_rows` of a block whose rows are sorted."""
    rows, n = block.shape
    counts = np.full(rows, n)
    has_nan = np.isnan(block[:, -1]) if n else np.zeros(rows, bool)
    counts[has_nan] = (~np.isnan(block[has_nan])).sum(axis=1)
    position = np.asarray(PERCENTILES, dtype=float)[None, :] / 100.0 * np.maximum(counts - 1, 0)[:, None]
    below = np.floor(position).astype(int)
    above = below if lower else np.minimum(below + 1, np.maximum(counts - 1, 0)[:, None])
    a = np.take_along_axis(block, below, axis=1) if n else np.full(position.shape, np.nan)
    b = np.take_along_axis(block, above, axis=1) if n else a
    out = a + (b - a) * (position - below)
    return np.where(counts[:, None] > 0, out, np.nan).T


def _row_means(block: np.ndarray) -> np.ndarray:
    """Mean of each row, leaving NaN out (NaN for a row with no number)."""
    means = block.mean(axis=1)
    has_nan = np.isnan(means)
    if has_nan.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN row's mean is NaN, as it should be
            means[has_nan] = np.nanmean(block[has_nan], axis=1)
    return means


def metric_stats(name: str, label: str, kind: str, values: np.ndarray) -> MetricStats:
    """Percentiles and mean of one metric over the trials (see the module docstring)."""
    if kind == "year":
        happens = values[values >= 0]
        found = percentiles_of_rows(happens[None, :].copy(), lower=True)[:, 0]
        mean = float(happens.mean()) if happens.size else np.nan
        return MetricStats(name, label, kind, dict(zip(PERCENTILES, found.tolist())), mean,
                           1.0 - happens.size / values.size)
    found = percentiles_of_rows(values[None, :].copy())[:, 0]
    return MetricStats(name, label, kind, dict(zip(PERCENTILES, found.tolist())), float(_row_means(values[None, :])[0]))


def line_stats(block: np.ndarray, rows: dict[str, slice], spec) -> dict[str, LineStats]:
    """Fan-chart percentiles (5, T) and means (T,) of every kept line, from one (L·T, n) block."""
    means = np.empty(len(block))
    _sort_rows(block, means)  # in place: the block is not needed afterwards
    found = _percentiles_of_sorted(block)
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
