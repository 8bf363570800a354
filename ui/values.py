"""How an input is shown in a form or table cell, and how typed text becomes a value again.

Driven only by the declaration (`Field.fmt`, `Field.optional`, `Field.allowed()`), so the form,
the tables and a block pasted from Excel all read "£1,250,000", "3.5%", "2018-19" alike.
Range checks are left to the planner, whose messages name the field and what is allowed; this
module only refuses text that is not a value of the right kind at all.
"""

from __future__ import annotations

import math
import re
from typing import Any

from models.core.declare import Field
from models.core.timeline import fy_label, fy_start

_SCALE = {"k": 1e3, "m": 1e6, "bn": 1e9}
_NUMBER = re.compile(r"^(?P<neg>-)?(?P<num>\d+(?:\.\d*)?|\.\d+)(?P<scale>k|m|bn)?$")
TRUE_WORDS = {"yes", "true", "y", "1"}
FALSE_WORDS = {"no", "false", "n", "0"}


class ValueTextError(ValueError):
    """Text that cannot be read as a value of the field; the message says what is allowed."""


def display(field: Field, value: Any) -> str:
    """A raw input value as the user reads and edits it ("" for an optional input left empty)."""
    if value is None:
        return ""
    fmt = field.fmt
    if fmt == "year":
        try:
            return fy_label(fy_start(value))
        except (TypeError, ValueError):
            return str(value)
    if fmt == "bool":
        return "Yes" if value else "No"
    if fmt in ("choice", "text") or isinstance(value, (str, bool)):
        return str(value)
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return str(value)
    if fmt == "gbp":
        return _grouped(value, "£", places=0 if float(value).is_integer() else 2)
    if fmt == "pct":
        return f"{_trim(value * 100, 6)}%"
    if fmt == "pence":
        return f"{_trim(value, 4)}p"
    if fmt == "int":
        return f"{int(value):,}" if float(value).is_integer() else str(value)
    return _grouped(value, "", places=None)


def parse(field: Field, text: str) -> Any:
    """The value typed text stands for; ValueTextError with what is allowed when it is not one."""
    text = str(text).strip()
    if not text:
        if field.optional:
            return None
        raise ValueTextError(f"this input is required; {field.allowed()}")
    fmt = field.fmt
    if fmt == "text":
        return text
    if fmt == "choice":
        for choice in field.choices:
            if choice.casefold() == text.casefold():
                return choice
        raise ValueTextError(f"{text!r} is not allowed; {field.allowed()}")
    if fmt == "bool":
        word = text.casefold()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise ValueTextError(f"{text!r} is not allowed; enter Yes or No")
    if fmt == "year":
        try:
            return fy_start(int(text) if text.isdigit() else text)
        except ValueError:
            raise ValueTextError(f"{text!r} is not a year; enter a financial year like 2018-19") from None
    return _parse_number(field, text)


def _parse_number(field: Field, text: str) -> float | int:
    cleaned = text.replace(",", "").replace(" ", "").replace("£", "").casefold()
    negative = cleaned.startswith("(") and cleaned.endswith(")")  # accounting brackets, as Excel copies them
    if negative:
        cleaned = cleaned[1:-1]
    suffix = {"pct": "%", "pence": "p"}.get(field.fmt)
    if suffix and cleaned.endswith(suffix):
        cleaned = cleaned[:-1]
    match = _NUMBER.match(cleaned)
    if not match or (match["scale"] and field.fmt != "gbp"):
        raise ValueTextError(f"{text!r} is not a number; {field.allowed()}")
    value = float(match["num"]) * _SCALE.get(match["scale"] or "", 1.0)
    if negative != bool(match["neg"]):
        value = -value
    if field.fmt == "pct":
        value = round(value / 100, 12)  # 14.3% is 0.143, not 0.14300000000000002
    if field.integer:
        if not value.is_integer():
            raise ValueTextError(f"{text!r} is not a whole number; {field.allowed()}")
        return int(value)
    return int(value) if value.is_integer() and field.fmt == "gbp" else value


def same(a: Any, b: Any) -> bool:
    """Whether two raw values mean the same ("2018-19" and 2018 for a year; 70000 and 70000.0)."""
    if isinstance(a, list) or isinstance(b, list):
        return (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and all(same_row(x, y) for x, y in zip(a, b))
        )
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b
    if isinstance(a, str) or isinstance(b, str):
        try:
            return fy_start(a) == fy_start(b)
        except (TypeError, ValueError):
            return a == b
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    except (TypeError, ValueError):
        return a == b


def same_row(a: Any, b: Any) -> bool:
    if not isinstance(a, dict) or not isinstance(b, dict):
        return a == b
    return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)


def _trim(value: float, places: int) -> str:
    text = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _grouped(value: float, prefix: str, places: int | None) -> str:
    if places is None:
        body = _trim(abs(value), 6)
    else:
        body = f"{abs(value):,.{places}f}"
    return f"-{prefix}{body}" if value < 0 else f"{prefix}{body}"
