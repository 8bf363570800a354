"""Declare each model input, output line and metric once.

Forms, validation, the Excel template, the board pack and the documentation are all derived
from these declarations, so adding a field touches one place.

Formats (`fmt`) say how a value is shown and entered:
    gbp     pounds                     pct     a rate held as a fraction (0.035 = 3.5%)
    pence   pence per pound of RV      number  a plain quantity (units, m², people)
    int     a whole number             year    a calendar year that starts a financial year
    choice  one of `choices`           bool    yes / no
    text    free text (table columns only)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.core.result import Outcome

NUMERIC_FORMATS = ("gbp", "pct", "pence", "number", "int", "year")


@dataclass(frozen=True)
class Field:
    """One input: a scalar of a model or a column of one of its tables."""

    name: str
    label: str
    unit: str
    default: Any
    low: float | None = None
    high: float | None = None
    help: str = ""
    source: str = ""
    fmt: str = "number"
    group: str = "General"
    choices: tuple[str, ...] = ()
    structural: bool = False  # fixes the shape of a run (start year, horizon): never an array
    optional: bool = False  # None means "not used" (e.g. no debt cap)
    rule: str = ""  # the id of the rule (models.rules) that governs this input, shown with its citation
    # Soft bounds: the values usually seen (low, high), with where that comes from. A value outside
    # them is allowed but marked for a second look (a void rate of 25%); None: no usual range declared.
    plausible: tuple[float, float] | None = None
    plausible_source: str = ""

    @property
    def numeric(self) -> bool:
        return self.fmt in NUMERIC_FORMATS

    def unusual(self, value: Any) -> bool:
        """A number outside the declared plausible range: allowed, but worth a second look."""
        if self.plausible is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        low, high = self.plausible
        return not low <= value <= high

    @property
    def money(self) -> bool:
        """Scales with the currency: multiplying every money input by k multiplies outputs by k."""
        return self.unit.startswith("£")

    @property
    def integer(self) -> bool:
        return self.fmt in ("int", "year")

    def allowed(self) -> str:
        """What is allowed, in words, for error messages and the template."""
        if self.fmt == "choice":
            return "choose one of " + ", ".join(repr(c) for c in self.choices)
        if self.fmt == "bool":
            return "enter true or false"
        if self.fmt == "text":
            return "enter text"
        whole = "a whole number" if self.integer else "a number"
        lo, hi = self.show(self.low), self.show(self.high)
        if self.low is not None and self.high is not None:
            span = f"{whole} from {lo} to {hi}"
        elif self.low is not None:
            span = f"{whole} of at least {lo}"
        elif self.high is not None:
            span = f"{whole} of at most {hi}"
        else:
            span = whole
        if self.optional:
            span += ", or leave empty for none"
        return f"enter {span}"

    def show(self, value: Any) -> str:
        """A value as a finance officer reads it."""
        if value is None:
            return "none"
        if self.fmt == "gbp":
            return f"£{value:,.2f}".replace(".00", "") if value >= 0 else f"-£{-value:,.2f}".replace(".00", "")
        if self.fmt == "pct":
            return f"{value * 100:g}%"
        if self.fmt == "pence":
            return f"{value:g}p"
        if self.fmt in ("int", "year"):
            return f"{int(value)}"
        if self.fmt == "number":
            return f"{value:,.15g}"
        return str(value)


@dataclass(frozen=True)
class TableSpec:
    """A table input: rating bands, sites, councils, tranches, a dated series."""

    name: str
    label: str
    columns: tuple[Field, ...]
    default: tuple[dict, ...] = ()
    help: str = ""
    source: str = ""
    min_rows: int = 0
    max_rows: int = 500
    key: str = ""  # the column naming a row (a council, a site), for scenario changes

    def column(self, name: str) -> Field:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name} has no column {name!r}")


@dataclass(frozen=True)
class DataInput:
    """A structural input held as data rather than typed in: a rating list read from a file.

    Its value is plain JSON (so project files and scenarios keep it) that `parse` turns into
    what the model uses, raising ValueError with what is wrong and what is allowed. None means
    not given. Forms and the template do not show it: the app and the command line fill it
    from the file it comes from (the BRS's `rating_list`, from the VOA's list).
    """

    name: str
    label: str
    parse: Callable[[Any], Any]
    help: str = ""
    source: str = ""


@dataclass(frozen=True)
class LineItem:
    """One line of the annual table."""

    name: str
    label: str
    unit: str = "£"
    help: str = ""
    total: bool = True  # a flow that sums over the years (a balance does not)
    needs: str = ""  # an input without which the line means nothing: shown "not entered" while it is 0 or empty


@dataclass(frozen=True)
class Metric:
    """One summary metric. kind: money, count, rate, ratio, year (index; -1 = never), flag."""

    name: str
    label: str
    kind: str = "money"
    help: str = ""
    needs: str = ""  # an input without which the metric means nothing (see LineItem.needs)


@dataclass(frozen=True)
class ModelSpec:
    """Everything the planner needs to know about one model."""

    key: str
    label: str
    description: str
    fields: tuple[Field, ...]
    tables: tuple[TableSpec, ...]
    lines: tuple[LineItem, ...]
    metrics: tuple[Metric, ...]
    compute: Callable[..., Any]
    checks: tuple[tuple[str, str], ...] = ()  # (name, what it tests), for documentation
    cross_validate: Callable[..., list] | None = None
    source: str = ""
    dynamic_lines: tuple[LineItem, ...] = ()  # prefixes of per-row lines, e.g. "cost" for "cost:Dudley"
    dynamic_metrics: tuple[Metric, ...] = ()  # prefixes of per-row metrics, e.g. "share"
    extra: dict = field(default_factory=dict)
    data: tuple[DataInput, ...] = ()  # structural inputs held as data (DataInput)
    rules: tuple[str, ...] = ()  # rules the model reads besides those its fields name

    def rule_ids(self) -> list[str]:
        """Every rule the model uses: its own list, then those its inputs name, each once."""
        named = [f.rule for f in self.fields if f.rule]
        named += [c.rule for t in self.tables for c in t.columns if c.rule]
        return list(dict.fromkeys(list(self.rules) + named))

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"model {self.key} has no input {name!r}")

    def data_input(self, name: str) -> DataInput:
        for d in self.data:
            if d.name == name:
                return d
        raise KeyError(f"model {self.key} has no input {name!r}")

    def table(self, name: str) -> TableSpec:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(f"model {self.key} has no table {name!r}")

    def line(self, name: str) -> LineItem:
        for line in self.lines:
            if line.name == name:
                return line
        raise KeyError(f"model {self.key} has no line {name!r}")

    def line_info(self, key: str) -> LineItem:
        """The declaration of a line, including per-row lines named "prefix:row"."""
        prefix, _, row = key.partition(":")
        if row:
            for line in self.dynamic_lines:
                if line.name == prefix:
                    return LineItem(key, f"{line.label} — {row}", line.unit, line.help, line.total)
        try:
            return self.line(key)
        except KeyError:
            return LineItem(key, key)

    def metric(self, name: str) -> Metric:
        for m in self.metrics:
            if m.name == name:
                return m
        raise KeyError(f"model {self.key} has no metric {name!r}")

    def metric_info(self, key: str) -> Metric:
        """The declaration of a metric, including per-row metrics named "prefix:row"."""
        prefix, _, row = key.partition(":")
        if row:
            for m in self.dynamic_metrics:
                if m.name == prefix:
                    return Metric(key, f"{m.label} — {row}", m.kind, m.help)
        try:
            return self.metric(key)
        except KeyError:
            return Metric(key, key, "money")

    def defaults(self) -> dict:
        """A complete set of raw inputs at their declared defaults."""
        raw: dict = {f.name: f.default for f in self.fields}
        for t in self.tables:
            raw[t.name] = [dict(row) for row in t.default]
        return raw

    def run(self, raw: dict, context: dict | None = None) -> Outcome:
        """Validate raw inputs (scalars or arrays of trials) and compute every trial at once."""
        from models.core.validation import validate

        return self.compute(validate(self, raw), **(context or {}))
