"""Inputs held once when every trial has the same value, shared by the HRA's modules; the new-build
programme's spending by year."""

from __future__ import annotations

from typing import Any

import numpy as np

from models.core.validation import Inputs


def one(value: Any) -> Any:
    """An input as given (contiguous, for numpy's fast loops: drawn trials may be a strided view),
    or its first value alone, (1,), when every trial has exactly that value (bit for bit): it
    broadcasts to the same numbers, worked out once."""
    if isinstance(value, np.ndarray) and value.size > 1:
        value = np.ascontiguousarray(value)
        bits = value.view(np.int64)
        if (bits == bits[0]).all():
            return value[:1]
    return value


def rows(x: Inputs, table: str) -> list[dict]:
    """A table's rows with each value held once where every trial agrees (worked out once a run:
    kept on the validated inputs, which are not changed after validation)."""
    cache = x.__dict__.setdefault("_held_once", {})
    if table not in cache:
        cache[table] = [{c: one(v) for c, v in r.items()} for r in x.rows(table)]
    return cache[table]


def spending(x: Inputs, rows: list) -> list:
    """Each row's spend by year: a new build's cost spread evenly over its build years, up to and
    including the year it completes (what falls before the plan is already spent and left out);
    an acquisition's in the year it is bought."""
    out = []
    for r in rows:
        years = 1 if r["kind"] == "acquisition" else r["build_years"]
        out += [r | {"year": r["year"] - k, "years": years} for k in range(years) if r["year"] - k >= x.start_year]
    return out
