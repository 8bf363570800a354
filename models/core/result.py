"""What a model returns: every trial at once (`Outcome`), or one trial as tables (`Result`)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    severity: str = "check"  # "tie-out" for parts summing to totals, "limit" for policy limits


@dataclass
class Check:
    """One check of one trial, as shown to a user."""

    name: str
    ok: bool
    message: str
    year: str | None = None
    amount: float | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, "message": self.message, "year": self.year, "amount": self.amount}


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

    def trial(self, i: int = 0) -> Result:
        block = np.array([v[i] for v in self.lines.values()], dtype=float).T  # one block: fast to build
        annual = pd.DataFrame(block, columns=list(self.lines), index=pd.Index(self.years, name="year"))
        summary = {k: self._metric(k, v[i]) for k, v in self.summary.items()}
        checks = [self._check(c, i) for c in self.checks]
        return Result(self.spec.key, annual, summary, checks)

    def _metric(self, name: str, value: float) -> str | bool | float | None:
        kind = self.spec.metric_info(name).kind
        if kind == "year":
            return self.years[int(value)] if value >= 0 else None
        if kind == "flag":
            return bool(value)
        value = float(value)
        return None if np.isnan(value) else value

    def _check(self, c: CheckOutcome, i: int) -> Check:
        ok = bool(c.ok[i])
        year = None
        if c.year is not None and c.year[i] >= 0:
            year = self.years[int(c.year[i])] if c.year[i] < len(self.years) else None
        amount = None if c.amount is None or ok else float(c.amount[i])
        if ok:
            return Check(c.name, True, c.passed, None, None)
        message = c.failed.format(year=year or "", amount=format_amount(amount, c.unit))
        return Check(c.name, False, message, year, amount)


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
    return np.where(mask.any(axis=-1), mask.argmax(axis=-1), -1)


def amount_at(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """values[i, index[i]] for each trial, 0 where index is -1."""
    rows = np.arange(values.shape[0])
    safe = np.clip(index, 0, values.shape[1] - 1)
    return np.where(index >= 0, values[rows, safe], 0.0)
