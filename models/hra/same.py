"""Inputs held once when every trial has the same value, shared by the HRA's modules."""

from __future__ import annotations

import numpy as np


def one(value):
    """An input as given (contiguous, for numpy's fast loops: drawn trials may be a strided view),
    or its first value alone, (1,), when every trial has exactly that value (bit for bit): it
    broadcasts to the same numbers, worked out once."""
    if isinstance(value, np.ndarray) and value.size > 1:
        value = np.ascontiguousarray(value)
        bits = value.view(np.int64)
        if (bits == bits[0]).all():
            return value[:1]
    return value


def rows(x, table: str) -> list[dict]:
    """A table's rows with each value held once where every trial agrees."""
    return [{c: one(v) for c, v in r.items()} for r in x.rows(table)]
