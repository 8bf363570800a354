"""Validate raw inputs against a model's declaration, reporting every problem at once."""

from __future__ import annotations

import math
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from models.core.errors import InputError, InputErrors
from models.core.timeline import fy_start
from models.rules import RULES, Rulebook

if TYPE_CHECKING:  # declare calls validate at run time; validate needs its types for annotations only
    from models.core.declare import DataInput, Field, ModelSpec, TableSpec


NUMBERS = frozenset(("gbp", "pct", "pence", "number", "int", "year"))  # declare.NUMERIC_FORMATS, for a set lookup
PLAIN, INTS = frozenset((int, float)), frozenset((int,))  # the types of a plain number; of a whole one
RULES_KEY = "rules"  # raw inputs may carry a scenario's overrides of the rulebook: {"rules": {rule id: value}}


class Inputs:
    """Validated inputs. Numeric non-structural values are float arrays of shape (n,): a value
    given once for every trial is a read-only view of it, the same in each trial (no copies).

    `rules` is the rulebook in force for the run: the declared rules with the run's overrides.
    `single` names the tables whose every value is the same in every trial (each number (1,)).
    `derived(table)` is a store for what a model works out from a single table alone."""

    def __init__(
        self,
        spec: ModelSpec,
        values: dict,
        tables: dict,
        n: int,
        rules: Rulebook = RULES,
        single: frozenset[str] = frozenset(),
        stores: dict[str, dict] | None = None,
    ) -> None:
        self.spec = spec
        self.values = values
        self.tables = tables
        self.n = n
        self.rules = rules
        self.single = single
        self._stores = {} if stores is None else stores
        # each value an attribute of its own (found without a call); one named like a method or
        # an attribute above stays reachable in `values` only, as it always was
        self.__dict__.update((k, v) for k, v in values.items() if k not in self.__dict__ and k not in _CLASS_NAMES)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def rows(self, table: str) -> list[dict]:
        return self.tables[table]

    def derived(self, table: str) -> dict:
        """Where a model keeps what it works out from a table in `single` alone (and the keys it
        names: a horizon, a first year): the same store for every run with that table as it is,
        rows and types alike, so it is worked out once across the runs of an edit or a solver.
        For any other table, a store of this run's own. What is kept there is read-only."""
        store = self._stores.get(table)
        if store is None:
            store = self._stores[table] = {}
        return store

    def col(self, table: str, column: str) -> np.ndarray:
        """A numeric table column as an (n, rows) array."""
        rows = self.tables[table]
        if not rows:
            return np.zeros((self.n, 0))
        return np.stack([np.broadcast_to(r[column], (self.n,)) for r in rows], axis=1).astype(float)


_CLASS_NAMES = frozenset(dir(Inputs))  # what `hasattr(Inputs, name)` finds: an input so named stays in `values`
_KNOWN: dict[int, tuple] = {}  # id(spec) -> (spec, its inputs' names); the spec kept, so its id stays its own


def _known(spec: ModelSpec) -> frozenset[str]:
    """The names of a model's inputs: fields, tables and data (worked out once a model)."""
    kept = _KNOWN.get(id(spec))
    if kept is None or kept[0] is not spec:
        names = frozenset(f.name for f in spec.fields) | {t.name for t in spec.tables} | {d.name for d in spec.data}
        kept = _KNOWN[id(spec)] = (spec, names)
    return kept[1]


def validate(spec: ModelSpec, raw: dict) -> Inputs:
    """Check raw inputs against `spec`; raise InputErrors naming every bad field."""
    errors: list[InputError] = []
    known = _known(spec)
    rules = _rulebook(raw.get(RULES_KEY), errors)
    for key in raw:
        if key == RULES_KEY:
            continue
        if key not in known:
            errors.append(
                InputError(
                    key, raw[key], f"it is not an input of {spec.label}; inputs are: " + ", ".join(sorted(known))
                )
            )
    values: dict[str, Any] = {}
    plain: dict[str, float] = {}  # plain numbers within bounds: made (1,) arrays below, all of one array
    for f in spec.fields:
        v = raw.get(f.name, f.default)
        if type(v) in (int, float) and f.fmt in NUMBERS and not (f.structural or f.fmt == "year") and _fits(f, v):
            values[f.name] = plain[f.name] = v  # (its place in `values` kept, in the fields' order)
        else:
            values[f.name] = _value(f, v, f.name, errors)
    values.update(zip(plain, np.array(list(plain.values()), dtype=float).reshape(-1, 1)))
    tables: dict[str, list[dict]] = {}
    single: set[str] = set()
    stores: dict[str, dict] = {}
    for t in spec.tables:
        rows = raw.get(t.name, list(t.default))
        quick = _checked_table(t, rows)
        if quick is None:
            tables[t.name] = _table(t, rows, errors)
            continue
        tables[t.name] = quick[0]
        if quick[1]:
            single.add(t.name)  # every number one value: nothing in it to count trials by
            stores[t.name] = quick[2]
    for d in spec.data:
        values[d.name] = _data(d, raw.get(d.name), errors)
    n = _trial_count(values, {k: v for k, v in tables.items() if k not in single}, errors)
    if errors:
        raise InputErrors(errors)
    if n > 1:
        _spread(values, tables, n)
    inputs = Inputs(spec, values, tables, n, rules, frozenset(single), stores)
    if spec.cross_validate is not None:
        problems = spec.cross_validate(inputs)
        if problems:
            raise InputErrors(problems)
    return inputs


def _spread(values: dict, tables: dict, n: int) -> None:
    """A value given once holds in every trial: a read-only (n,) view of it, not a copy per trial;
    the views of every one value, (1,), made by one broadcast of them all."""
    places = [(values, k) for k, v in values.items() if isinstance(v, np.ndarray) and v.shape != (n,)]
    for table in tables.values():
        places += [(row, c) for row in table for c, v in row.items() if isinstance(v, np.ndarray) and v.shape != (n,)]
    ones = [(place, key) for place, key in places if place[key].shape == (1,) and place[key].dtype == np.float64]
    for place, key in places:
        if not (place[key].shape == (1,) and place[key].dtype == np.float64):
            place[key] = np.broadcast_to(place[key], (n,))
    if ones:
        each = np.array([place[key][0] for place, key in ones]).reshape(-1, 1)
        for (place, key), view in zip(ones, np.broadcast_to(each, (len(ones), n))):
            place[key] = view


def _rulebook(overrides: Any, errors: list[InputError]) -> Rulebook:
    """The rulebook with a run's overrides; a bad override is an error naming `rules.<rule id>`."""
    if not overrides:
        return RULES
    if not isinstance(overrides, dict):
        errors.append(InputError(RULES_KEY, overrides, "enter the rule overrides as {rule id: value}"))
        return RULES
    book = RULES
    for rule_id, value in overrides.items():
        try:
            book = book.with_overrides({rule_id: value})
        except KeyError as exc:
            errors.append(InputError(f"{RULES_KEY}.{rule_id}", value, exc.args[0]))
        except ValueError as exc:
            errors.append(InputError(f"{RULES_KEY}.{rule_id}", value, str(exc).split(": ", 1)[-1]))
    return book


def _value(f: Field, v: Any, where: str, errors: list[InputError]) -> Any:
    if type(v) in (int, float) and f.fmt in NUMBERS:  # the common case first: a plain number
        return _plain_number(f, v, where, errors)
    if v is None:
        if f.optional:
            return None
        errors.append(InputError(where, v, f.allowed() + " (this input is required)", f.label))
        return None
    if f.fmt == "choice":
        if v not in f.choices:
            errors.append(InputError(where, v, f.allowed(), f.label))
        return v
    if f.fmt == "bool":
        if not isinstance(v, (bool, np.bool_)):
            errors.append(InputError(where, v, f.allowed(), f.label))
        return bool(v) if isinstance(v, (bool, np.bool_)) else v
    if f.fmt == "text":
        if not isinstance(v, str):
            errors.append(InputError(where, v, f.allowed(), f.label))
        return v
    return _number(f, v, where, errors)


def _number(f: Field, v: Any, where: str, errors: list[InputError]) -> Any:
    if f.fmt == "year" and isinstance(v, str):
        try:
            v = fy_start(v)
        except ValueError:
            errors.append(InputError(where, v, "enter a year like 2018 or a financial year like '2018-19'", f.label))
            return None
        return _plain_number(f, v, where, errors)  # the year it starts: a whole number, checked as one
    if isinstance(v, (bool, np.bool_, str)) or v is None:
        errors.append(InputError(where, v, f.allowed(), f.label))
        return None
    try:
        arr = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        errors.append(InputError(where, v, f.allowed(), f.label))
        return None
    structural = f.structural or f.fmt == "year"  # a year places flows, so it cannot vary by trial
    if arr.ndim > 1 or (structural and arr.ndim != 0):
        allowed = (
            "enter one value (this input fixes the shape of the run and cannot vary by trial)"
            if structural
            else "enter a number or a one-dimensional array of trials"
        )
        errors.append(InputError(where, v, allowed, f.label))
        return None
    bad = ~np.isfinite(arr)
    if f.low is not None:
        bad |= arr < f.low
    if f.high is not None:
        bad |= arr > f.high
    if f.integer:
        bad |= np.isfinite(arr) & (arr != np.round(arr))
    if np.any(bad):
        shown = arr if arr.ndim == 0 else arr[bad][0]
        errors.append(InputError(where, float(shown) if arr.ndim == 0 else shown, f.allowed(), f.label))
        return None
    if structural:
        return int(arr) if f.integer else float(arr)
    return arr.reshape(1) if arr.ndim == 0 else arr  # one value: (1,), as a plain number gives


def _fits(f: Field, v: float) -> bool:
    """A plain number within the field's bounds (and whole, for a whole-number field)."""
    ok = math.isfinite(v) and (f.low is None or v >= f.low) and (f.high is None or v <= f.high)
    return ok and (v == int(v) if f.integer else True)


def _plain_number(f: Field, v: float, where: str, errors: list[InputError]) -> Any:
    if not _fits(f, v):
        errors.append(InputError(where, float(v), f.allowed(), f.label))
        return None
    if f.structural or f.fmt == "year":
        return int(v) if f.integer else float(v)
    return np.array([float(v)])


def _data(d: DataInput, v: Any, errors: list[InputError]) -> Any:
    if v is None:
        return None
    try:
        return d.parse(v)
    except ValueError as exc:
        errors.append(InputError(d.name, "(data)", str(exc), d.label))
        return None


def _table(t: TableSpec, rows: Any, errors: list[InputError]) -> list[dict]:
    """A table's validated rows, every problem in it reported in the order of the rows."""
    plain = _plain_table(t, rows)
    if plain is not None:
        return plain[0]
    if not isinstance(rows, (list, tuple)):
        errors.append(InputError(t.name, rows, "enter a list of rows", t.label))
        return []
    if not t.min_rows <= len(rows) <= t.max_rows:
        errors.append(InputError(t.name, f"{len(rows)} rows", f"enter from {t.min_rows} to {t.max_rows} rows", t.label))
    names = {c.name for c in t.columns}
    out = []
    for i, row in enumerate(rows, start=1):
        where = f"{t.name}[{i}]"
        if not isinstance(row, dict):
            errors.append(InputError(where, row, "enter a row of named values", t.label))
            continue
        for key in row:
            if key not in names:
                errors.append(
                    InputError(
                        f"{where}.{key}",
                        row[key],
                        "it is not a column of this table; columns are: " + ", ".join(c.name for c in t.columns),
                        t.label,
                    )
                )
        out.append({c.name: _value(c, row.get(c.name, c.default), f"{where}.{c.name}", errors) for c in t.columns})
    return out


# the hash of (id(table spec), the rows' contents) -> (that key, the spec, `_plain_table`'s answer, the
# table's store): held by the hash, worked out once a run (a tuple's hash is not kept, and a table's
# contents are hundreds of values), the key itself compared only when the hashes match
_CHECKED: dict[int, tuple] = {}
CHECKED_MOST = 256  # tables remembered; the oldest forgotten first beyond that


def _checked_table(t: TableSpec, rows: Any) -> tuple[list[dict], bool, dict] | None:
    """`_plain_table`, remembered for tables of plain values seen before: a run edits a field or
    two and leaves its tables as they were (an edit in the app, a solver's next try), so their
    rows are checked once, not on every run; with them, the store of what models work out from
    the table (`Inputs.derived`). Each answer's row dicts are new (a run's spread of its trials
    replaces cells in them); the cells are read-only arrays, shared. The contents are compared
    value and type alike (1, 1.0 and True are equal in Python, and not alike here); a table
    holding anything unhashable (a list or an array of trials) is checked every time."""
    if not isinstance(rows, (list, tuple)):
        return _once(_plain_table(t, rows))
    try:
        cells = tuple(map(tuple, map(dict.items, rows)))
        key = (id(t), cells, tuple(map(type, chain.from_iterable(map(dict.values, rows)))))
        code = hash(key)
    except (TypeError, AttributeError):  # not a list of dicts of hashable values
        return _once(_plain_table(t, rows))
    kept = _CHECKED.get(code)
    if kept is None or kept[1] is not t or kept[0] != key:
        answer = _plain_table(t, rows)
        if answer is None:
            return None
        if len(_CHECKED) >= CHECKED_MOST:
            try:  # (another thread may be at the same: the oldest is gone either way)
                _CHECKED.pop(next(iter(_CHECKED)), None)
            except (RuntimeError, StopIteration):
                pass
        kept = _CHECKED[code] = (key, t, answer, {})
    (checked, single), store = kept[2], kept[3]
    return [dict(row) for row in checked], single, store


def _once(answer: tuple[list[dict], bool] | None) -> tuple[list[dict], bool, dict] | None:
    """A table's answer not remembered, with a store of its run's own."""
    return None if answer is None else (*answer, {})


def _plain_table(t: TableSpec, rows: Any) -> tuple[list[dict], bool] | None:
    """The validated rows of a table with nothing wrong in it, checked a column at a time (a
    column of plain numbers in one pass and one array, each row's cell a view of it), and whether
    every cell was plain (each number then one value for every trial); None when anything is
    wrong, for `_table` to report every problem in the order of the rows."""
    if not isinstance(rows, (list, tuple)) or not t.min_rows <= len(rows) <= t.max_rows:
        return None
    names = [c.name for c in t.columns]
    known = set(names)
    if not all(isinstance(row, dict) and row.keys() <= known for row in rows):
        return None
    columns, single = [], True
    for c in t.columns:
        cells = [row.get(c.name, c.default) for row in rows]
        column = _plain_numbers(c, cells) if c.fmt in NUMBERS else _plain_words(c, cells)
        if column is None:
            errors: list[InputError] = []
            column = [_value(c, v, c.name, errors) for v in cells]
            if errors:
                return None
            single = single and c.fmt not in NUMBERS
        columns.append(column)
    return [dict(zip(names, cells)) for cells in zip(*columns)], single


def _plain_numbers(f: Field, cells: list) -> list | None:
    """A numeric column, every cell a plain number within its bounds (or, if optional, blank): for
    an input that may vary by trial, one (1,) array view per number, all of one array; for one
    fixing the shape of the run (a year, a life), the numbers, whole where they must be. None for
    any other cell."""
    numbers = [v for v in cells if v is not None] if f.optional else cells  # an optional cell left blank: None
    whole, kinds = f.integer, set(map(type, numbers))
    if numbers and not _fit(f, numbers, whole, kinds):
        return None
    if f.structural or f.fmt == "year":
        if whole and kinds == INTS and len(numbers) == len(cells):  # whole numbers as given
            return list(cells)
        return [v if v is None else int(v) if whole else float(v) for v in cells]
    column = np.array(numbers, dtype=float).reshape(-1, 1)
    column.flags.writeable = False  # the cells are views of it; a table's cells are never changed in place
    views = list(column)
    if len(numbers) == len(cells):
        return views
    given = iter(views)
    return [None if v is None else next(given) for v in cells]


def _fit(f: Field, numbers: list, whole: bool, kinds: set) -> bool:
    """Every one a plain number (int or float, not a bool; `kinds`, the numbers' types), finite,
    within the field's bounds and whole where it must be: worked by Python's builtins over the
    list (a non-finite number makes the sum so; so may an overflow, when each is then looked at
    alone)."""
    if not kinds <= PLAIN:
        return False
    if not math.isfinite(sum(numbers)):
        return all(_fits(f, v) for v in numbers)
    if (f.low is not None and min(numbers) < f.low) or (f.high is not None and max(numbers) > f.high):
        return False
    return not whole or kinds == INTS or all(v == int(v) for v in numbers)


def _plain_words(f: Field, cells: list) -> list | None:
    """A column of text, choices or yes/no, every cell allowed, as validated one by one; None for
    any other column or cell."""
    if f.fmt == "text" and all(isinstance(v, str) for v in cells):
        return cells
    if f.fmt == "choice" and all(v is not None and v in f.choices for v in cells):
        return cells
    if f.fmt == "bool" and all(isinstance(v, (bool, np.bool_)) for v in cells):
        return [bool(v) for v in cells]
    return None


def _trial_count(values: dict, tables: dict, errors: list[InputError]) -> int:
    """The number of trials: the length of every array input that is not one value (they must agree)."""
    sizes: dict[int, str] = {}
    for where, v in values.items():
        if isinstance(v, np.ndarray) and v.ndim == 1 and v.size != 1:
            sizes.setdefault(v.size, where)
    for name, rows in tables.items():
        for i, row in enumerate(rows, start=1):
            for c, v in row.items():
                if isinstance(v, np.ndarray) and v.ndim == 1 and v.size != 1 and v.size not in sizes:
                    sizes[v.size] = f"{name}[{i}].{c}"
    if len(sizes) > 1:
        (n1, w1), (n2, w2) = list(sizes.items())[:2]
        errors.append(
            InputError(w2, f"{n2} trials", f"every array input needs the same number of trials ({w1} has {n1})")
        )
    return next(iter(sizes), 1) if sizes else 1


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
