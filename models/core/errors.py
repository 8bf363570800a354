"""Typed input errors: every message names the field, the value and what is allowed."""

from __future__ import annotations


class InputError(ValueError):
    """One input that cannot be meant."""

    def __init__(self, field: str, value: object, allowed: str, label: str = "") -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.label = label
        named = f"{field} ({label})" if label else field
        super().__init__(f"{named}: {_show(value)} is not allowed; {allowed}")


class InputErrors(ValueError):
    """Every problem found in one set of inputs, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    try:
        import numpy as np

        arr = np.asarray(value)
        if arr.ndim == 1 and arr.size > 3:
            return f"[{arr.min():g} … {arr.max():g}] ({arr.size} trials)"
        if arr.ndim == 0 and arr.dtype.kind == "f":
            return f"{float(arr):,.10g}"
    except Exception:  # pragma: no cover - display only
        pass
    return str(value)
