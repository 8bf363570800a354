"""Numbers as a finance officer reads them: £ with separators, negatives in brackets."""

from __future__ import annotations

import math


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


def metric(value, kind: str) -> str:
    """A summary metric by its declared kind."""
    if value is None:
        return "none"
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
    return number(value)


def cell(value: float, unit: str) -> str:
    """An annual-table cell by its line's unit."""
    if unit.startswith("£"):
        return money(value)
    if unit in ("%", "% a year"):
        return "–" if math.isnan(value) else f"{value * 100:.1f}%"  # blank, as money is: not applicable
    if unit in ("ratio", "×"):
        return f"{value:.2f}"
    return number(value)
