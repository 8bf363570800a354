"""What a model returns: every trial at once (`Outcome`), or one trial as tables (`Result`)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from models.core.declare import ModelSpec


@dataclass
class CheckOutcome:
    """One check over every trial.

    `ok` is a bool array (n,); `year` the index of the year it first fails (-1: none or not
    dated); `amount` the amount of the breach in `unit`. `failed` is a message template that may
    use {year} and {amount}; `passed` says what holds when it passes.
    """

    name: str
    ok: np.ndarray
    passed: str
    failed: str
    year: np.ndarray | None = None
    amount: np.ndarray | None = None
    unit: str = "£"
    severity: str = "check"  # one of SEVERITIES: "unlawful", "statutory", "policy", "tie-out", "check"
    rule: str = ""  # the rule (models.rules) the check applies, if any
    breaches: np.ndarray | None = None  # (n, T) bool: every year it fails, where that is known

    def material(self, tolerance: float | None) -> np.ndarray:
        """`ok` with a money tie-out judged against a materiality tolerance (£): a gap no larger
        than it passes. Other checks, and tie-outs in other units, keep their own verdict."""
        if tolerance is None or not self._money_tie_out() or self.amount is None:
            return self.ok
        return self.ok | (np.abs(np.nan_to_num(self.amount, nan=np.inf)) <= tolerance)

    def material_at(self, i: int, tolerance: float | None) -> bool:
        """`material(tolerance)` of trial i alone: its gap looked at only where the trial fails."""
        if self.ok[i] or tolerance is None or not self._money_tie_out() or self.amount is None:
            return bool(self.ok[i])
        return bool(np.abs(np.nan_to_num(self.amount[i], nan=np.inf)) <= tolerance)

    def _money_tie_out(self) -> bool:
        return self.severity == "tie-out" and self.unit.startswith("£")


SEVERITIES = ("unlawful", "statutory", "policy", "tie-out", "check")
LIMITS = ("unlawful", "statutory", "policy")  # the severities the planner's solvers hold a plan to
SEVERITY_LABELS = {
    "unlawful": "Unlawful",
    "statutory": "Statutory limit",
    "policy": "Local policy",
    "tie-out": "Tie-out",
    "check": "Check",
}
DEFAULT_TOLERANCE = 1.0  # £: a tie-out gap of a pound or less is not material


@dataclass
class Check:
    """One check of one trial, as shown to a user."""

    name: str
    ok: bool
    message: str
    year: str | None = None
    amount: float | None = None
    severity: str = "check"
    rule: str = ""
    years_failed: tuple[str, ...] = ()  # every year it fails, where the model says

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "ok": self.ok,
            "severity": self.severity,
            "message": self.message,
            "year": self.year,
            "amount": self.amount,
            "rule": self.rule,
            "years_failed": list(self.years_failed),
        }


class Judged(Protocol):
    """Anything with a verdict and a severity: a Result's check, a board pack's check row."""

    @property
    def ok(self) -> object: ...

    @property
    def severity(self) -> str: ...


def worst_failure(checks: Iterable[Judged]) -> str | None:
    """The most serious severity among the failed checks (unlawful first), None when all pass."""
    failed = {c.severity for c in checks if not c.ok}
    return next((s for s in SEVERITIES if s in failed), None)


@dataclass
class Outcome:
    """The results of n trials: annual lines (n, T), summary metrics (n,), checks."""

    spec: ModelSpec
    years: list[str]
    lines: dict[str, np.ndarray]
    summary: dict[str, np.ndarray]
    checks: list[CheckOutcome] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(next(iter(self.summary.values()))) if self.summary else 1

    def trial(self, i: int = 0, tolerance: float | None = DEFAULT_TOLERANCE) -> Result:
        """One trial as tables; money tie-outs are judged against `tolerance` (£, None: as built)."""
        block = np.array([v[i] for v in self.lines.values()], dtype=float).T  # one new block, the frame's own
        columns, index = _axis(tuple(self.lines), None), _axis(tuple(self.years), "year")
        annual = pd.DataFrame(block, columns=columns, index=index, copy=False)
        kinds = {m.name: m.kind for m in self.spec.metrics if ":" not in m.name}  # else: metric_info
        summary = {k: self._metric(k, v[i], kinds.get(k)) for k, v in self.summary.items()}
        checks = [self._check(c, i, tolerance) for c in self.checks]
        return Result(self.spec.key, annual, summary, checks)

    def _metric(self, name: str, value: float, kind: str | None = None) -> str | bool | float | None:
        kind = kind or self.spec.metric_info(name).kind
        if kind == "year":
            return self.years[int(value)] if value >= 0 else None
        if kind == "flag":
            return bool(value)
        value = float(value)
        return None if value != value else value  # NaN: none

    def _check(self, c: CheckOutcome, i: int, tolerance: float | None = None) -> Check:
        if c.material_at(i, tolerance):  # passed: no year, no amount
            return Check(c.name, True, c.passed, None, None, c.severity, c.rule)
        year = None
        if c.year is not None and c.year[i] >= 0:
            year = self.years[int(c.year[i])] if c.year[i] < len(self.years) else None
        amount = None if c.amount is None else float(c.amount[i])
        message = c.failed.format(year=year or "", amount=format_amount(amount, c.unit))
        years = () if c.breaches is None else tuple(y for y, bad in zip(self.years, c.breaches[i]) if bad)
        return Check(c.name, False, message, year, amount, c.severity, c.rule, years)


@functools.lru_cache(maxsize=64)
def _labels(labels: tuple[str, ...], name: str | None) -> pd.Index:
    return pd.Index(labels, name=name)


def _axis(labels: tuple[str, ...], name: str | None) -> pd.Index:
    """The years or the line names as a frame's axis: built once (pandas' inference of text is
    most of a small frame's cost), each frame given its own view of it (an Index's name can be set:
    a view's own name, as a copy's, and a fifth of a copy's cost)."""
    return _labels(labels, name).view()


@dataclass
class Result:
    """One trial: the annual table (years down, line items across), summary and checks."""

    model: str
    annual: pd.DataFrame
    summary: dict
    checks: list[Check]

    @property
    def all_ok(self) -> bool:
        return all(c.ok for c in self.checks)


def format_amount(amount: float | None, unit: str) -> str:
    if amount is None:
        return ""
    if unit.startswith("£"):
        text = f"£{abs(amount):,.0f}" if abs(amount) >= 100 else f"£{abs(amount):,.2f}"
        return f"({text})" if amount < 0 else text
    if unit == "p":
        return f"{amount:.2f}p"
    if unit == "%":
        return f"{amount * 100:.1f}%"
    return f"{amount:,.2f}{(' ' + unit) if unit else ''}"


def first_true(mask: np.ndarray) -> np.ndarray:
    """Index of the first True along the last axis, or -1 where there is none.

    >>> first_true(np.array([[False, True, True], [False, False, False]])).tolist()
    [1, -1]
    """
    mask = np.asarray(mask, dtype=bool)
    if not np.logical_or.reduce(mask, axis=None):  # the usual case for a check that holds: one pass in
        none = np.empty(mask.shape[:-1], dtype=int)  # the mask's own memory order (mask.any()'s, unwrapped)
        none.fill(-1)
        return none
    if mask.ndim == 2 and len(mask) > 1 and mask.T.flags.c_contiguous:  # a view of years-first memory
        return first_down(mask.T)
    return np.where(mask.any(axis=-1), mask.argmax(axis=-1), -1)


def first_down(mask: np.ndarray) -> np.ndarray:
    """`first_true` of a mask laid out years first, (T, n): the first year True in each trial, -1
    where there is none. Worked down the rows (argmax would copy the mask to put the years last):
    a True in year t scores T - t, so the most each trial scores is T less its first year.

    >>> first_down(np.array([[False, False, True], [True, False, True]])).tolist()
    [1, -1, 0]
    """
    years = len(mask)
    kind = np.uint8 if years < 256 else np.int64
    score = np.multiply(mask, np.arange(years, 0, -1, dtype=kind)[:, None], dtype=kind)
    top = score.max(axis=0) if years else np.zeros(mask.shape[1:], kind)
    return np.where(top > 0, years - top.astype(np.int64), -1)


def amount_at(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values[i, index[i]] for each trial, 0 where index is -1."""
    if np.shape(index) == (len(values),) and index.max(initial=-1) < 0:  # a check that holds: nothing to look up
        return np.zeros(len(values))
    rows = np.arange(values.shape[0])
    safe = np.minimum(np.maximum(index, 0), values.shape[1] - 1)  # np.clip's work, without its wrapper
    return np.where(index >= 0, values[rows, safe], 0.0)
