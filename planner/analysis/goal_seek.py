"""Goal seek: the value of one numeric input that makes a summary metric hit a target.

The search never loops over single runs. The first call evaluates a grid of candidates across
the allowed range (evenly spaced, plus points packed geometrically towards both ends so a
range of £0 to £10bn still finds a crossing near £4,200) as trials of ONE vectorised call.
Where the metric crosses the target between two neighbours (the crossing nearest the input's
base value, if there are several), the next call evaluates a finer grid inside that bracket,
plus the straight-line estimate between its ends; each call narrows the bracket about 60-fold
and a straight-line metric is hit on the second call. It stops when the metric is within the
tolerance of the target (money: half a penny, or a billionth of the target if larger).

- The allowed range is the input's declared bounds, or `low` / `high` given inside them. An
  input with no bound on a side is searched up to 1,000 times its base value (at least 1,000)
  that way: pass `high=` to look further.
- A whole-number input (fmt int, or a unit that counts things: homes, people, sites; see
  planner.formatting.counts) is searched over whole numbers; when none hits the target exactly
  the answer is the one nearer to it, with `exact=False` and a note saying what the two
  neighbours give. A metric that jumps past the target (a year, a flag) is treated alike.
- `side` settles the answer on the input's own precision (planner.formatting.step: a whole
  home, a penny, a hundredth of a percent): the two values of that precision either side of the
  crossing are evaluated in one more call, and the answer is the one whose metric is "at_least"
  the target, "at_most" it, or the "nearest" to it. So a goal seek of homes for a gap of at least
  £0 answers a whole number of homes whose gap is £0 or more. Without `side` the answer is the
  crossing itself, to the tolerance.
- When no candidate reaches the target, PlannerError says how near the range comes: "no
  threshold (RV threshold) from £0 to £500,000 gives supportable_borrowing of £900,000,000: the most it
  reaches is £712,000,000 at £0". A target reached only between two grid points where the
  metric turns back is missed.
- Candidates the model refuses (a threshold inside the open top rating band) are tried one
  by one to set them aside, and the search goes on over the rest.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from models.core.declare import Field
from planner import formatting
from planner.analysis.distributions import fit_to as fit_declared
from planner.analysis.sensitivity import base_value, evaluate_with, find_run, metric_values, variable_field
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef

GRID = 64
MAX_CALLS = 12
UNBOUNDED = 1000.0
SIDES = ("nearest", "at_least", "at_most")


def whole_units(field: Field) -> bool:
    """A whole-number input: declared so, or counted in whole things (homes, people)."""
    return formatting.step(field.fmt, field.unit, field.integer) == 1.0


def fit_to(field: Field, values: ArrayLike) -> np.ndarray:
    """Values the model accepts (planner.analysis.distributions.fit_to), whole for a count."""
    array = np.asarray(values, dtype=float)
    return fit_declared(field, np.round(array) if whole_units(field) else array)


@dataclass(frozen=True)
class GoalResult:
    run: str
    path: str
    label: str
    metric: str
    metric_label: str
    kind: str
    target: float
    value: float  # the input's answer
    achieved: float  # the metric at that value
    base_value: float | None
    low: float  # the range searched
    high: float
    exact: bool  # within the tolerance of the target
    tolerance: float
    calls: int  # vectorised calls over candidates (one more evaluates the base run first)
    note: str = ""
    years: list[str] = dataclasses.field(default_factory=list)  # the run's years, to name a year metric's index


def goal_seek(
    runs: list[RunDef],
    run: str,
    path: str,
    metric: str,
    target: float,
    low: float | None = None,
    high: float | None = None,
    tol: float | None = None,
    result_run: str | None = None,
    grid: int = GRID,
    side: str | None = None,
) -> GoalResult:
    """The value of input `path` of `run` at which `metric` of `result_run` (default `run`) is `target`
    (or, with `side`, the value of the input's precision that is at least, at most or nearest it)."""
    if side is not None and side not in SIDES:
        raise PlannerError(f"goal seek side {side!r} is not known; choose one of {', '.join(SIDES)}")
    field = variable_field(find_run(runs, run), path)
    try:
        base = base_value(find_run(runs, run), path)
    except PlannerError:
        base = None  # an empty optional input (no cap) still has a range to search
    lo, hi = search_range(field, base, low, high)
    search = _Search(runs, run, path, metric, target, result_run)
    xs = _first_grid(field, lo, hi, base, grid)
    ys = search.values(xs)
    tol = tol if tol is not None else _tolerance(search.kind, target)
    bracket = _pick(xs, ys, target, tol, base)
    if bracket is None:
        raise PlannerError(search.unreachable(field, xs, ys, lo, hi))
    while bracket[0] != bracket[1] and search.calls < MAX_CALLS:
        (a, b), (fa, fb) = bracket, (search.known[bracket[0]], search.known[bracket[1]])
        inner = _inner_grid(field, a, b, fa, fb, target, grid)
        if inner.size == 0:
            break  # neighbours: a whole-number input, or the metric jumps between two floats
        xs = np.concatenate([[a], inner, [b]])
        ys = np.concatenate([[fa], search.values(inner), [fb]])
        bracket = _pick(xs, ys, target, tol, base)
        assert bracket is not None  # a and b, kept at the ends, still bracket the crossing
    if side is not None:
        bracket = search.settle(field, bracket, side, tol)
    return search.result(field, bracket, base, lo, hi, tol)


def search_range(field: Field, base: float | None, low: float | None, high: float | None) -> tuple[float, float]:
    """The range searched: the declared bounds (or `low`/`high` inside them), 1,000× base if open."""
    reach = UNBOUNDED * max(abs(base or 0.0), 1.0)
    lo = low if low is not None else field.low if field.low is not None else (base or 0.0) - reach
    hi = high if high is not None else field.high if field.high is not None else (base or 0.0) + reach
    problems = [
        f"{field.name}: the search {end} {v:g} is outside what is allowed ({field.allowed()})"
        for end, v in (("low", low), ("high", high))
        if v is not None and float(fit_to(field, v)) != v
    ]
    if not problems and not lo < hi:
        problems.append(
            f"{field.name}: the search range {field.show(lo)} to {field.show(hi)} is empty; give a low below the high"
        )
    if problems:
        raise PlannerError(problems)
    return float(lo), float(hi)


def _first_grid(field: Field, lo: float, hi: float, base: float | None, n: int) -> np.ndarray:
    span = hi - lo
    packed = np.geomspace(span * 1e-7, span, n // 4)
    xs = np.concatenate(
        [np.linspace(lo, hi, n - 2 * (n // 4)), lo + packed, hi - packed, [] if base is None else [base]]
    )
    return np.unique(fit_to(field, np.clip(xs, lo, hi)))


def _inner_grid(field: Field, a: float, b: float, fa: float, fb: float, target: float, n: int) -> np.ndarray:
    """Candidates strictly between a and b: an even grid and the straight-line estimate."""
    secant = a + (target - fa) * (b - a) / (fb - fa) if fb != fa else (a + b) / 2
    xs = np.append(np.linspace(a, b, n + 1)[1:-1], secant)
    xs = np.unique(fit_to(field, xs))
    return xs[(xs > a) & (xs < b)]


def _tolerance(kind: str, target: float) -> float:
    return max(1e-9 * abs(target), 0.005 if kind == "money" else 1e-9)


def _pick(xs: np.ndarray, ys: np.ndarray, target: float, tol: float, base: float | None) -> tuple[float, float] | None:
    """(x, x) for a hit within tol, (a, b) for a bracket of the crossing, None if neither;
    the one nearest the base value where there are several."""
    near = 0.0 if base is None else base
    ok = np.isfinite(ys)
    hits = xs[ok & (np.abs(ys - target) <= tol)]
    if hits.size:
        x = hits[np.argmin(np.abs(hits - near))]
        return (x, x)
    x, d = xs[ok], ys[ok] - target
    cross = np.flatnonzero(np.sign(d[:-1]) != np.sign(d[1:]))
    if cross.size == 0:
        return None
    i = cross[np.argmin(np.minimum(np.abs(x[cross] - near), np.abs(x[cross + 1] - near)))]
    return (x[i], x[i + 1])


class _Search:
    """The metric at candidate values, each batch one vectorised call, remembered by value."""

    def __init__(
        self, runs: list[RunDef], run: str, path: str, metric: str, target: float, result_run: str | None
    ) -> None:
        self.runs, self.run, self.path, self.metric, self.target = runs, run, path, metric, target
        self.result_run, self.calls, self.refused = result_run, 0, ""
        self.known: dict[float, float] = {}
        self.neighbours: tuple = ()  # the two values of the input's precision either side, once settled
        outcome = evaluate_with(runs, run, {}, result_run)
        metric_values(outcome, metric)  # a metric the model does not have fails before the search
        info = outcome.spec.metric_info(metric)
        self.kind, self.metric_label, self.years = info.kind, info.label, outcome.years

    def values(self, xs: np.ndarray) -> np.ndarray:
        self.calls += 1
        try:
            ys = metric_values(evaluate_with(self.runs, self.run, {self.path: xs}, self.result_run), self.metric)
        except PlannerError:
            ys = np.array([self._one(x) for x in xs])
        ys = np.broadcast_to(ys, xs.shape).astype(float)
        if self.kind == "year":  # never (-1) comes after every year, so it sorts above them all
            ys[ys < 0] = len(self.years)
        self.known.update(zip(xs.tolist(), ys.tolist()))
        return ys

    def _one(self, x: float) -> float:
        try:
            return float(
                metric_values(evaluate_with(self.runs, self.run, {self.path: x}, self.result_run), self.metric)[0]
            )
        except PlannerError as exc:
            self.refused = self.refused or exc.problems[0]
            return math.nan

    def settle(self, field: Field, bracket: tuple[float, float], side: str, tol: float) -> tuple[float, float]:
        """(x, x): the value of the input's precision on the asked side of the target.

        The step values either side of the crossing are evaluated together (one call, if any
        is new); when neither is on the asked side the nearer is kept, and is not exact."""
        size = formatting.step(field.fmt, field.unit, field.integer)
        a, b = min(bracket), max(bracket)
        down = formatting.to_step(math.floor(a / size + 1e-9) * size, size)
        up = formatting.to_step(math.ceil(b / size - 1e-9) * size, size)
        candidates = sorted(set(fit_to(field, [down, up]).tolist()))
        new = np.array([c for c in candidates if c not in self.known])
        if new.size:
            self.values(new)
        ys = {c: self.known[c] for c in candidates if np.isfinite(self.known[c])}
        if not ys:
            return bracket  # the model refuses both: the crossing itself is the best there is
        meets = {
            "nearest": list(ys),
            "at_least": [c for c in ys if ys[c] >= self.target - tol],
            "at_most": [c for c in ys if ys[c] <= self.target + tol],
        }[side]
        x = min(meets or ys, key=lambda c: abs(ys[c] - self.target))
        self.neighbours = (candidates[0], candidates[-1]) if len(candidates) == 2 else ()
        return (x, x)

    def show(self, value: float) -> str:
        if self.kind == "year":
            return self.years[int(value)] if 0 <= value < len(self.years) else "never"
        return formatting.metric(value, self.kind)

    def unreachable(self, field: Field, xs: np.ndarray, ys: np.ndarray, lo: float, hi: float) -> str:
        head = (
            f"no {self.path} ({field.label}) from {field.show(lo)} to {field.show(hi)} gives "
            f"{self.metric} of {self.show(self.target)}"
        )
        ok = np.isfinite(ys)
        if not ok.any():
            return f"{head}: the model gives no value anywhere in the range" + (
                f" ({self.refused})" if self.refused else ""
            )
        x, y = xs[ok], ys[ok]
        i = int(np.argmax(y)) if self.target > y.max() else int(np.argmin(y))
        most = "most" if self.target > y.max() else "least"
        refused = f" (the model refuses some values in the range: {self.refused})" if self.refused else ""
        return f"{head}: the {most} it reaches is {self.show(y[i])} at {field.show(x[i])}{refused}"

    def result(
        self, field: Field, bracket: tuple[float, float], base: float | None, lo: float, hi: float, tol: float
    ) -> GoalResult:
        a, b = bracket
        x = a if abs(self.known[a] - self.target) <= abs(self.known[b] - self.target) else b
        y = self.known[x]
        exact = abs(y - self.target) <= tol
        if a == b and self.neighbours:
            a, b = self.neighbours
        shown = lambda v: formatting.input_value(field.fmt, field.unit, v)  # noqa: E731
        note = (
            ""
            if exact or a == b
            else (
                f"no value gives exactly {self.show(self.target)}: {shown(a)} gives {self.show(self.known[a])} "
                f"and {shown(b)} gives {self.show(self.known[b])}"
            )
        )
        return GoalResult(
            self.result_run or self.run,
            self.path,
            field.label,
            self.metric,
            self.metric_label,
            self.kind,
            self.target,
            float(x),
            float(y),
            base,
            lo,
            hi,
            exact,
            tol,
            self.calls,
            note,
            self.years,
        )
