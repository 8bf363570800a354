"""Addresses of single inputs inside a run's raw inputs.

    threshold                       a scalar input
    bands[2].rateable_value         a cell of a table, by row number (1-based)
    councils[Dudley].units_per_year a cell of a table, by the row's key (TableSpec.key)
    rent_path                       a whole table or dated series
    rules.brs.min_rv_threshold      an override of a rule of the rulebook (models.rules), for the run

A rule override is a scenario change like any other: it is kept in the run's inputs under
"rules" ({rule id: value}), so the baseline stays the law as declared and a scenario that
explores a proposed change says so in its list of changes, in the app and in the board pack.

Paths are what scenarios change, what sensitivity and Monte Carlo vary, and what error
messages name.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from models.core.declare import DataInput, Field, ModelSpec, TableSpec
from models.core.validation import RULES_KEY
from models.rules import RULES, Rule

RULE_PREFIX = RULES_KEY + "."

_PATH = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<row>[^\]]+)\]\.(?P<col>[A-Za-z_][A-Za-z0-9_]*))?$")


@dataclass(frozen=True)
class InputPath:
    name: str
    row: str | None = None  # a 1-based row number or a row key
    column: str | None = None
    rule: str | None = None  # for "rules.<rule id>": the rule overridden

    def __str__(self) -> str:
        if self.rule is not None:
            return RULE_PREFIX + self.rule
        return self.name if self.row is None else f"{self.name}[{self.row}].{self.column}"


def is_rule(path: str) -> bool:
    return str(path).strip().startswith(RULE_PREFIX)


def parse(path: str) -> InputPath:
    if is_rule(path):
        rule_id = str(path).strip()[len(RULE_PREFIX) :]
        RULES.rule(rule_id)  # KeyError naming the rules there are
        return InputPath(RULES_KEY, rule=rule_id)
    match = _PATH.match(str(path).strip())
    if not match:
        raise KeyError(
            f"{path!r} is not an input path like 'threshold', 'bands[2].rateable_value' or "
            f"'councils[Dudley].units_per_year'"
        )
    return InputPath(match["name"], match["row"], match["col"])


UNIT_FORMATS = {"p per £ RV": "pence", "%": "pct", "% a year": "pct", "share of cost": "pct", "years": "int"}


def rule_field(rule: Rule) -> Field:
    """A rule as an optional input of a run, so forms, scenarios and the board pack can show an
    override like any other change (empty: no such rule in force)."""
    fmt = "gbp" if rule.unit.startswith("£") else UNIT_FORMATS.get(rule.unit, "number")
    step = rule.steps[-1]
    return Field(
        RULE_PREFIX + rule.id,
        rule.label,
        rule.unit,
        None,
        fmt=fmt,
        group="Rules",
        optional=True,
        rule=rule.id,
        help=rule.help,
        source=step.source.citation(),
    )


def declaration(spec: ModelSpec, path: str) -> Field | TableSpec | DataInput:
    """The Field a path points at (a TableSpec for a whole table, a DataInput for data); KeyError if none."""
    p = parse(path)
    if p.rule is not None:
        return rule_field(RULES.rule(p.rule))
    if p.row is None:
        try:
            return spec.field(p.name)
        except KeyError:
            pass
        try:
            return spec.table(p.name)
        except KeyError:
            return spec.data_input(p.name)
    assert p.column is not None  # a cell path names its row and its column together (parse)
    return spec.table(p.name).column(p.column)


def _row_index(spec: ModelSpec, raw: dict, p: InputPath) -> int:
    rows = raw.get(p.name)
    if rows is None:
        rows = list(spec.table(p.name).default)
    assert p.row is not None  # called for a cell path only
    if p.row.isdigit():
        i = int(p.row) - 1
        if not 0 <= i < len(rows):
            raise KeyError(f"{p}: table {p.name} has {len(rows)} rows")
        return i
    key = spec.table(p.name).key
    for i, row in enumerate(rows):
        if key and str(row.get(key)) == p.row:
            return i
    raise KeyError(f"{p}: no row of {p.name} has {key or 'a key'} {p.row!r}")


def get_value(spec: ModelSpec, raw: dict, path: str) -> Any:
    """The value at a path, taking the declared default where the raw inputs leave it out."""
    p = parse(path)
    declaration(spec, path)
    if p.rule is not None:  # an override, or None: the rule as declared
        return (raw.get(RULES_KEY) or {}).get(p.rule)
    if p.row is None:
        if p.name in raw:
            return raw[p.name]
        try:
            return spec.field(p.name).default
        except KeyError:
            pass
        try:
            return [dict(r) for r in spec.table(p.name).default]
        except KeyError:
            return None  # a data input not given
    rows = raw.get(p.name, spec.table(p.name).default)
    row = rows[_row_index(spec, raw, p)]
    assert p.column is not None  # a cell path has a row and a column
    return row.get(p.column, spec.table(p.name).column(p.column).default)


def with_value(spec: ModelSpec, raw: dict, path: str, value: Any) -> dict:
    """A copy of the raw inputs with one value set; the original is never changed.

    Only what the path passes through is copied (the top level, and a table's rows): a Monte
    Carlo sets a few paths of a plan with long tables once per chunk, and copying every row of
    every table each time cost more than the model's own validation."""
    p = parse(path)
    declaration(spec, path)
    out = dict(raw)
    if p.rule is not None:
        out[RULES_KEY] = dict(out.get(RULES_KEY) or {}, **{p.rule: copy.deepcopy(value)})
        return out
    if p.row is None:
        out[p.name] = copy.deepcopy(value)
        return out
    rows = out[p.name] if p.name in out else spec.table(p.name).default
    out[p.name] = [dict(r) for r in rows]
    out[p.name][_row_index(spec, out, p)][p.column] = value
    return out


def numeric_paths(spec: ModelSpec, raw: dict) -> list[str]:
    """Every numeric input that may vary by trial: scalar fields and table cells."""
    paths = [
        f.name
        for f in spec.fields
        if f.numeric and not f.structural and f.fmt != "year" and get_value(spec, raw, f.name) is not None
    ]
    for t in spec.tables:
        rows = raw.get(t.name, t.default)
        for i, row in enumerate(rows, start=1):
            label = str(row.get(t.key)) if t.key and t.column(t.key).fmt == "text" and row.get(t.key) else str(i)
            paths += [
                f"{t.name}[{label}].{c.name}"
                for c in t.columns
                if c.numeric and c.fmt != "year" and not c.structural and row.get(c.name, c.default) is not None
            ]
    return paths
