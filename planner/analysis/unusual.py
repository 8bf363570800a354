"""Inputs outside their usual range (Field.plausible): single inputs and table cells.

A value outside the range its declaration gives is allowed but worth a second look; the app marks
it amber where it is typed and the board pack lists it with the range and where the range comes
from. This module finds them, for one run's inputs or for every run of some scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planner.analysis.sensitivity import input_label
from planner.project.scenarios import spec_of

if TYPE_CHECKING:
    from models.core.declare import Field, ModelSpec
    from planner.project.document import Project


@dataclass(frozen=True)
class Unusual:
    """One input outside its usual range: where it is (a path, planner.project.paths), its value."""

    path: str
    field: Field
    value: float

    def text(self) -> str:
        """ "£8,000: usually £50 to £250 (source)", as Field.show writes each number."""
        f = self.field
        assert f.plausible is not None  # only a field with a usual range is ever unusual
        low, high = f.plausible
        return f"{f.show(self.value)}: usually {f.show(low)} to {f.show(high)} ({f.plausible_source})"


def unusual_values(spec: ModelSpec, inputs: dict) -> list[Unusual]:
    """Every single input and table cell of a run outside its usual range, in declaration order."""
    out = [Unusual(f.name, f, v) for f in spec.fields if f.unusual(v := inputs.get(f.name, f.default))]
    for t in spec.tables:
        for i, row in enumerate(inputs.get(t.name, t.default), start=1):
            named = t.key and t.column(t.key).fmt == "text" and row.get(t.key)
            where = f"{t.name}[{row[t.key] if named else i}]"
            out += [Unusual(f"{where}.{c.name}", c, v) for c in t.columns if c.unusual(v := row.get(c.name, c.default))]
    return out


def unusual_inputs(project: Project, scenarios: list[str]) -> list[tuple[str, str, str, str]]:
    """(scenario, run, input label, "value: the usual range (its source)") for every input outside its
    usual range in the scenarios' runs; each listed once, in the first scenario where it appears."""
    out: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str, Any]] = set()
    for scenario in scenarios:
        for run in project.resolve(scenario):
            for found in unusual_values(spec_of(run.model), run.inputs):
                if (run.name, found.path, found.value) not in seen:
                    seen.add((run.name, found.path, found.value))
                    out.append((scenario, run.name, input_label(run, found.path), found.text()))
    return out
