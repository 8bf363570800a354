"""The dated rules store: each legal or policy value a model uses, declared once with its history.

In the spirit of OpenFisca's parameters: a `Rule` is a named value (a threshold, a cap, a share,
a spend window, a rent limit) whose `steps` say what it was from each effective date, each step
naming the instrument and section it comes from, a public URL and the date the source was last
checked. Models never hold these figures as constants: they ask a `Rulebook` for the value in
force in each financial year they model.

Choices the law leaves to the planner:
- A financial year takes the value in force on its first day, 1 April. A change part-way
  through a year (the HRA cap revoked on 29 October 2018, the Right to Buy discount caps of
  21 November 2024) therefore first applies to the next financial year. An annual model cannot
  split a year, and the start of the year is when budgets and rents are set.
- A step whose value is None means no such rule is in force from that date (the HRA borrowing
  cap after its revocation): `value` gives NaN for it.
- Years are financial years named by the calendar year they start in (2026 for 2026-27) or by
  their label ("2026-27").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

KINDS = ("statute", "regulations", "direction", "policy", "council")
_FY = re.compile(r"^(\d{4})-(\d{2})$")


def fy_of(year: int | str | np.integer) -> int:
    """The calendar year a financial year starts in, from 2026 or "2026-27"."""
    if isinstance(year, (int, np.integer)) and not isinstance(year, bool):
        return int(year)
    if str(year).strip().isdigit() and len(str(year).strip()) == 4:
        return int(str(year).strip())
    match = _FY.match(str(year).strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{year!r} is not a financial year like '2026-27' or 2026")
    return int(match.group(1))


def fy_name(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class Source:
    """Where a value comes from. `status` is "verified", "partly verified" or "unverified"
    (the last means the figure is encoded from a secondary source or memory: the note says which)."""

    instrument: str
    section: str
    url: str
    checked: str  # ISO date the source was last read, "2026-12-03"
    status: str = "verified"
    note: str = ""

    def citation(self) -> str:
        text = f"{self.instrument}, {self.section}" if self.section else self.instrument
        return text if self.status == "verified" else f"{text} ({self.status})"


@dataclass(frozen=True)
class Step:
    """The value in force from `since` (an ISO date) until the next step."""

    since: str
    value: float | None
    source: Source
    note: str = ""
    year: int | None = None  # the first financial year it applies to, where the source says (e.g. "for 2024-25")

    @property
    def since_date(self) -> dt.date:
        return dt.date.fromisoformat(self.since)

    @property
    def first_year(self) -> int:
        """The first financial year that starts with this value in force (1 April on or after
        `since`), unless the source names the years it applies to (`year`)."""
        if self.year is not None:
            return self.year
        d = self.since_date
        return d.year if d <= dt.date(d.year, 4, 1) else d.year + 1


@dataclass(frozen=True)
class Rule:
    """One legal or policy value and its history.

    `kind` says what sets it: statute or regulations (the law), a direction (the Secretary of
    State's direction to the Regulator), government policy, or the council itself. `breach`
    is the severity a plan that breaks it carries ("unlawful" or "statutory" or "policy").
    """

    id: str
    label: str
    unit: str
    kind: str
    breach: str
    steps: tuple[Step, ...]
    help: str = ""
    jurisdiction: str = "England"
    # the lookup by financial year, worked out once by __post_init__ (not inputs, not compared)
    _firsts: np.ndarray = field(init=False, repr=False, compare=False)
    _values: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        dates = [s.since_date for s in self.steps]
        if not self.steps or dates != sorted(dates):
            raise ValueError(f"rule {self.id}: steps must be given, oldest first")
        # the lookup by financial year, worked out once: each step's first year and value (NaN: none)
        firsts = np.array([s.first_year for s in self.steps])
        values = np.array([np.nan if s.value is None else s.value for s in self.steps], dtype=float)
        object.__setattr__(self, "_firsts", firsts)
        object.__setattr__(self, "_values", values)

    def values(self, starts: np.ndarray) -> np.ndarray:
        """The value in force in each financial year (by the calendar year it starts), NaN for none."""
        index = np.searchsorted(self._firsts, starts, side="right") - 1
        return np.where(index >= 0, self._values[np.maximum(index, 0)], np.nan)

    def step(self, year: int | str) -> Step | None:
        """The step in force on 1 April of the financial year, None before the rule existed."""
        start = fy_of(year)
        found = None
        for s in self.steps:
            if s.first_year <= start:
                found = s
        return found

    def on(self, day: dt.date | str) -> Step | None:
        """The step in force on a given day."""
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day
        found = None
        for s in self.steps:
            if s.since_date <= day:
                found = s
        return found


@dataclass(frozen=True)
class Override:
    """A scenario's change to a rule: `value` from the financial year `start` on (every year
    when `start` is None). The rule's own history still applies before `start`."""

    value: float | None
    start: int | None = None

    def as_json(self) -> Any:
        return self.value if self.start is None else {"from": fy_name(self.start), "value": self.value}


@dataclass(frozen=True)
class Rulebook:
    """The rules in force, with any overrides a scenario makes."""

    rules: Mapping[str, Rule]
    overrides: Mapping[str, Override] = field(default_factory=dict)
    # each (rule, years) looked up, worked out once for this book: a book is never changed (a
    # scenario's overrides make a new one), so what it holds cannot go stale; read-only arrays
    _looked_up: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def rule(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KeyError(f"{rule_id!r} is not a rule; rules are: {', '.join(sorted(self.rules))}") from None

    def value(self, rule_id: str, years: Iterable[int | str] | int | str) -> np.ndarray:
        """The value in force in each financial year, as floats (NaN where none is in force).

        >>> from models.rules import RULES
        >>> RULES.value("brs.min_rv_threshold", [2009, 2010, 2026]).tolist()
        [nan, 50000.0, 50000.0]
        """
        key = (rule_id, _years_key(years))
        out = self._looked_up.get(key)
        if out is None:
            starts = _starts(years)
            rule, over = self.rule(rule_id), self.overrides.get(rule_id)
            out = rule.values(starts)
            if over is not None:
                mine = np.nan if over.value is None else over.value
                out = np.where(starts >= (over.start if over.start is not None else -(10**9)), mine, out)
            out.flags.writeable = False
            self._looked_up[key] = out
        return out

    def derived(self, key: tuple, make: Callable[[], Any]) -> Any:
        """`make()`, worked out from this book's rules alone (and what `key` names: the years),
        kept with the book like its lookups (what is kept is not to be changed)."""
        key = ("derived",) + key
        out = self._looked_up.get(key)
        if out is None:
            out = self._looked_up[key] = make()
        return out

    def overridden(self, rule_id: str) -> bool:
        return rule_id in self.overrides

    def in_force(self, year: int | str) -> list[tuple[Rule, Step | None, float | None]]:
        """Every rule with the step in force in a year and the value used (an override's, if any)."""
        out = []
        for rule_id in sorted(self.rules):
            rule = self.rules[rule_id]
            value = self.value(rule_id, year)[0]
            out.append((rule, rule.step(year), None if np.isnan(value) else float(value)))
        return out

    def with_overrides(self, raw: Mapping[str, Any] | None) -> Rulebook:
        """A new book with a scenario's overrides: {rule id: value, or {"from": "2027-28", "value": v}}.

        Raises ValueError naming the rule and what is allowed."""
        if not raw:
            return self
        if not isinstance(raw, Mapping):
            raise ValueError("rules: enter the overrides as {rule id: value}")
        overrides = dict(self.overrides)
        for rule_id, given in raw.items():
            self.rule(str(rule_id))
            overrides[str(rule_id)] = _override(str(rule_id), given)
        return replace(self, overrides=overrides)


def _years_key(years: int | str | np.integer | range | np.ndarray | Iterable[int | str]) -> tuple:
    """`years` as a dictionary key: the same key, the same years."""
    if isinstance(years, range):
        return ("range", years.start, years.stop, years.step)
    if isinstance(years, np.ndarray):
        return ("array", str(years.dtype), years.shape, years.tobytes())
    if isinstance(years, (int, str, np.integer)):
        return ("one", type(years).__name__, years)
    return ("list",) + tuple((type(y).__name__, y) for y in years)


def _starts(years: int | str | np.integer | range | np.ndarray | Iterable[int | str]) -> np.ndarray:
    """Financial years as the calendar years they start in, (T,): from a year, a label, a range,
    an array of years or a list of either."""
    if isinstance(years, range):
        return np.arange(years.start, years.stop, years.step)
    if isinstance(years, np.ndarray) and years.dtype.kind in "iu":
        return years.reshape(-1)
    if isinstance(years, (int, str, np.integer)):
        return np.array([fy_of(years)])
    return np.array([fy_of(y) for y in years], dtype=int)


def _override(rule_id: str, given: Any) -> Override:
    allowed = f"rules.{rule_id}: enter a number, empty for none, or {{'from': '2027-28', 'value': a number}}"
    start = None
    if isinstance(given, Mapping):
        if set(given) - {"from", "value"} or "value" not in given:
            raise ValueError(allowed)
        try:
            start = None if given.get("from") is None else fy_of(given["from"])
        except ValueError:
            raise ValueError(allowed) from None
        given = given["value"]
    if given is None:
        return Override(None, start)
    if isinstance(given, bool) or not isinstance(given, (int, float)) or not np.isfinite(given):
        raise ValueError(allowed)
    return Override(float(given), start)
