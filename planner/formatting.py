"""Numbers as a finance officer reads them: £ with separators, negatives in brackets.

Counts (homes, people, sites, votes) are whole numbers. A count that comes out fractional is an
expected value (a turnout times a number of voters, a retention rate times a caseload): it is
shown to one decimal place and called "expected". A ratio declared as a share (its label says
"share") is shown as a percentage. An input is shown to its own precision (`step`): a count to
the whole unit, money to the penny, a rate to a hundredth of a percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

# The first word of a unit that counts things: a value in it is a whole number.
COUNT_WORDS = frozenset(
    {"homes", "home", "people", "units", "sales", "sale", "hereditaments", "sites", "votes", "households"}
    | {"places", "weeks", "years", "days", "dwellings"}
)
EXPECTED = "expected"


def counts(unit: str) -> bool:
    """True for a unit that counts whole things ("homes a year", "people").

    >>> counts("homes a year"), counts("£ a home"), counts("ha")
    (True, False, False)
    """
    words = unit.split()
    return bool(words) and words[0].lower() in COUNT_WORDS


def whole(value: float) -> bool:
    return abs(value - round(value)) < 1e-6


def count(value: float | None, say_expected: bool = True) -> str:
    """A count: whole, or to one place (and "expected", unless the row's label says it) when it
    is an expected value.

    >>> count(6096.0), count(12.26), count(12.26, say_expected=False), count(-3.0)
    ('6,096', '12.3 expected', '12.3', '(3)')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if whole(value):
        text = f"{abs(round(value)):,}"
        return f"({text})" if value < -0.5 else text
    return f"{number(value, 1)} {EXPECTED}" if say_expected else number(value, 1)


def step(fmt: str, unit: str, integer: bool = False) -> float:
    """The precision of an input: what its answers are rounded to.

    >>> step("number", "homes a year"), step("gbp", "£"), step("pct", "%"), step("pence", "p")
    (1.0, 0.01, 0.0001, 0.001)
    """
    if integer or fmt in ("int", "year") or counts(unit):
        return 1.0
    return {"gbp": 0.01, "pct": 0.0001, "pence": 0.001}.get(fmt, 0.01)


def to_step(value: float, size: float) -> float:
    """`value` rounded to a multiple of `size`, without binary-fraction noise (0.0351, not 0.035100000000000006)."""
    places = max(0, -math.floor(math.log10(size))) if size < 1 else 0
    return round(round(value / size) * size, places)


def input_value(fmt: str, unit: str, value: float | None) -> str:
    """An input's value to its own precision: "6,096 homes a year", "£160,000.50", "3.25%", "1.234p"."""
    if value is None:
        return "none"
    size = step(fmt, unit)
    value = to_step(value, size)
    if fmt == "gbp":
        return money(value, pence=not whole(value))
    if fmt == "pct":
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if fmt == "pence":
        return f"{value:.3f}".rstrip("0").rstrip(".") + "p"
    if size == 1.0:
        return f"{value:,.0f}" + (f" {unit}" if counts(unit) else "")
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def display_kind(kind: str, label: str) -> str:
    """The kind a metric is shown as: a ratio declared as a share is a percentage.

    >>> display_kind("ratio", "Share of investment funded"), display_kind("ratio", "Sources over investment")
    ('rate', 'ratio')
    """
    return "rate" if kind == "ratio" and "share" in label.lower() else kind


def money(value: float | None, pence: bool = False) -> str:
    """£ with thousands separators; negatives in brackets.

    >>> money(-1234.6)
    '(£1,235)'
    >>> money(9600000)
    '£9,600,000'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"£{abs(value):,.2f}" if pence else f"£{abs(value):,.0f}"
    return f"({text})" if value < -0.005 else text


def number(value: float | None, places: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value - round(value)) < 1e-9:
        text = f"{abs(value):,.0f}"
    else:
        text = f"{abs(value):,.{places}f}"
    return f"({text})" if value < 0 else text


def metric(value: Any, kind: str) -> str:
    """A summary metric by its declared kind."""
    if value is None:
        return "none"
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if kind == "flag":
        return "yes" if value else "no"
    if kind == "year":
        return str(value)
    if kind == "money":
        return money(value)
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "count":
        return count(value)
    return number(value)


def cell(value: float, unit: str) -> str:
    """An annual-table cell by its line's unit."""
    if unit.startswith("£"):
        return money(value)
    if unit in ("%", "% a year"):
        return "–" if math.isnan(value) else f"{value * 100:.1f}%"  # blank, as money is: not applicable
    if unit in ("ratio", "×"):
        return f"{value:.2f}"
    if counts(unit):
        return count(value, say_expected=False)  # the table labels the row "expected" (expected_label)
    return number(value)


def expected_label(label: str, unit: str, values: Iterable[float]) -> str:
    """A count line's heading with its unit, "expected" when any of its values is fractional.

    >>> expected_label("People housed", "people", [13.75, 55.0]), expected_label("Homes", "homes", [5.0])
    ('People housed (people, expected)', 'Homes (homes)')
    """
    if counts(unit) and any(not whole(float(v)) for v in values if v == v):
        return f"{label} ({unit}, {EXPECTED})"
    return f"{label} ({unit})"
