"""Inputs held once when every trial has the same value, shared by the HRA's modules; the engine's
array helpers (values stacked by year, sums in order, a line kept, a block of room, running sums)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from models.core.validation import PLAIN, Inputs

ARRAYS, ONE_VALUE = {np.ndarray}, {(1,)}
_shape = operator.attrgetter("shape")


def one(value: Any) -> Any:
    """An input as given (contiguous, for numpy's fast loops: drawn trials may be a strided view),
    or its first value alone, (1,), when every trial has exactly that value (bit for bit): it
    broadcasts to the same numbers, worked out once. (A value validation spread over the trials
    is a view of one value, strides (0,): known to be the same without looking.)"""
    if isinstance(value, np.ndarray) and value.size > 1:
        if value.strides == (0,):
            return value[:1]
        value = np.ascontiguousarray(value)
        bits = value.view(np.int64)
        if (bits == bits[0]).all():
            return value[:1]
    return value


def rows(x: Inputs, table: str) -> list[dict]:
    """A table's rows with each value held once where every trial agrees (worked out once a run:
    kept on the validated inputs, which are not changed after validation). A single trial's
    table of plain numbers (validation's `single`) holds each value once already."""
    if x.n == 1 and table in x.single:
        return x.rows(table)
    cache = x.__dict__.setdefault("_held_once", {})
    if table not in cache:
        cache[table] = [{c: one(v) for c, v in r.items()} for r in x.rows(table)]
    return cache[table]


def derived(x: Inputs, table: str, key: tuple, make: Callable[[], Any]) -> Any:
    """`make()`, worked out from `table` alone (and what `key` names), kept in the table's store
    (`Inputs.derived`): once for the table as it is, not once a run. Arrays kept are made
    read-only; what is kept is never changed."""
    store = x.derived(table)
    value = store.get(key)
    if value is None:
        value = store[key] = make()
        for array in value if isinstance(value, tuple) else (value,):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
    return value


def stack(values: list) -> np.ndarray:
    """Values by year (floats, or arrays that broadcast together) as one array, years first: at
    least (T, 1), a float being a value the same in every trial.

    >>> stack([1.0, np.array([2.0, 3.0])]).tolist()
    [[1.0, 1.0], [2.0, 3.0]]
    """
    kinds = set(map(type, values))
    if kinds <= PLAIN:  # numbers alone: laid out by numpy in one call
        return np.array(values, dtype=float).reshape(-1, 1)
    arrays = kinds == ARRAYS
    shapes = _shapes(values) if arrays else None
    if shapes == ONE_VALUE:  # one values alone, (1,) each: joined end to end
        return np.concatenate(values, dtype=float).reshape(-1, 1)
    shape = (_broadcast(shapes) if shapes is not None else broadcast_shape(values)) or (1,)
    if shape == (1,):  # numbers and one values, (1,): laid out by numpy in one call
        if not arrays:  # one values (1,) among numbers: each its number
            values = [v[0] if getattr(v, "shape", ()) else v for v in values]
        return np.array(values, dtype=float).reshape(-1, 1)
    out = np.empty((len(values),) + shape)
    for t, v in enumerate(values):
        out[t] = v
    return out


def spread(value: np.ndarray, shape: tuple) -> np.ndarray:
    """`value` broadcast to `shape` (a read-only view), or itself when it has that shape already
    (np.broadcast_to's work, a few microseconds a call, is then not needed)."""
    return value if value.shape == shape else np.broadcast_to(value, shape)


def _shapes(arrays: list) -> set:
    """The distinct shapes of a list of arrays (every one an array: no attribute to look for)."""
    return set(map(_shape, arrays))


def broadcast_shape(values: list) -> tuple:
    """The shape floats and arrays broadcast to (np.broadcast_shapes' work done once a shape)."""
    return _broadcast({getattr(v, "shape", ()) for v in values})


def shape_of(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape these shapes broadcast to (np.broadcast_shapes, a Python function, only when they differ)."""
    return _broadcast(set(shapes))


def _broadcast(shapes: set) -> tuple:
    """The shape these broadcast to (np.broadcast_shapes, a Python function, only for two or more)."""
    return np.broadcast_shapes(*shapes) if len(shapes) > 1 else shapes.pop() if shapes else ()


def in_order(terms: np.ndarray) -> np.ndarray:
    """`terms` (T, k, m) summed over k as a loop adds them, 0 + the first + the second + …: in
    one call, ufunc.accumulate adding one at a time, in order (a sum's reduction may not).

    >>> in_order(np.array([[[1e16], [1.0], [-1e16]]])).tolist()  # (1e16 + 1) - 1e16, as a loop adds
    [[0.0]]
    """
    terms[:, 0] += 0.0  # 0 + the first, as a sum begun at nothing
    return np.add.accumulate(terms, axis=1)[:, -1]


def keep(held: dict, name: str, value: np.ndarray) -> None:
    """Line `name` of the engine's `held` is `value`, (T, m): written into its place, or, when
    it is the same in every trial of many, (T, 1), kept as that one row spread over the trials
    (a read-only view: a Monte Carlo's statistics neither copy nor sort it)."""
    full = held[name]
    if value is full:
        return
    if value.shape[-1] == 1 and full.shape[-1] > 1:
        held[name] = np.broadcast_to(value, full.shape)
    else:
        full[:] = value


def room(full: np.ndarray, *operands: ArrayLike) -> np.ndarray:
    """Where a result of `operands` goes: `full` (rows, n) if any differs by trial, else a new
    (rows, 1) array (those operands are all (1,) or (rows, 1))."""
    if full.shape[1] == 1 or any(np.shape(a)[-1:] > (1,) for a in operands):
        return full
    return np.empty((len(full), 1))


def running(x: np.ndarray, op: np.ufunc = np.add, out: np.ndarray | None = None) -> np.ndarray:
    """Running total (or, with np.multiply, product) down the years of a (T, n) array.

    The same sums, in the same order, as np.cumsum(x, axis=0); for many trials a row at a time
    is several times faster, for a few the loop's overhead is the larger cost. `out` may be `x`.

    >>> running(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).tolist()
    [[1.0, 2.0], [4.0, 6.0], [9.0, 12.0]]
    >>> running(np.full((3, 300), 2.0), np.multiply)[:, 299].tolist()
    [2.0, 4.0, 8.0]
    """
    if x.shape[1] < 256:
        return x.cumsum(axis=0, out=out) if op is np.add else x.cumprod(axis=0, out=out)  # no np.cumsum wrapper
    out = np.empty_like(x) if out is None else out
    out[0] = x[0]
    for t in range(1, len(x)):
        op(out[t - 1], x[t], out=out[t])
    return out
