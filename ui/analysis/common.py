"""What the analysis dialogs read from the declarations and the planner, in words a reader uses.

Labels, units and kinds always come from the model's declaration (`ModelSpec.metric_info`,
`line_info`, `Field.show`) or from planner helpers (`planner.analysis.sensitivity.input_label`), never
re-typed here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.core.result import Outcome
from planner import formatting
from planner.analysis.sensitivity import feeding_runs, find_run, input_key, input_label, variable_field
from planner.errors import PlannerError
from planner.project import paths
from planner.project.scenario_file import RunDef
from planner.registry import get_spec


@dataclass(frozen=True)
class Choice:
    """One entry of a combo box: the key the planner uses and the label a reader sees."""

    key: str
    label: str
    kind: str = ""  # a metric's kind, or a line's unit


def input_choices(run: RunDef) -> list[Choice]:
    """Every input of a run that an analysis may vary, labelled from its declaration."""
    spec = get_spec(run.model)
    out = []
    for path in paths.numeric_paths(spec, run.inputs):
        field = paths.declaration(spec, path)
        out.append(Choice(path, input_label(run, path), field.fmt))
    return out


def varied_input_choices(runs: list[RunDef], run: str) -> list[Choice]:
    """Every input a Monte Carlo of `run` may vary: its own, then those of each run it takes lines
    from (a programme's linked BRS and land value runs), keyed "Run name::path" and labelled
    "Run name › Label" (planner.analysis.sensitivity.input_key)."""
    home = find_run(runs, run)
    out = list(input_choices(home))
    for other in feeding_runs(runs, run):
        if other.name != run:
            out += [
                Choice(input_key(other.name, c.key, run), f"{other.name} › {c.label}", c.kind)
                for c in input_choices(other)
            ]
    return out


def metric_choices(outcome: Outcome) -> list[Choice]:
    """The summary metrics of a result, in the model's order."""
    info = [outcome.spec.metric_info(k) for k in outcome.summary]
    return [Choice(m.name, m.label, formatting.display_kind(m.kind, m.label)) for m in info]


def line_choices(outcome: Outcome) -> list[Choice]:
    """The annual lines of a result, per-row lines ("cost:Dudley") included."""
    return [Choice(k, outcome.spec.line_info(k).label, outcome.spec.line_info(k).unit) for k in outcome.lines]


def result_runs(runs: list[RunDef], run: str) -> list[str]:
    """`run` itself, then every run whose results it moves (a programme that links to it)."""
    out = [run]
    for other in runs:
        if other.name != run and run in {r.name for r in feeding_runs(runs, other.name)}:
            out.append(other.name)
    return out


def show_metric(value: float | None, kind: str, years: list[str] | None = None) -> str:
    """A metric as the planner shows it; a year metric's index as its label ("never" for -1)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "year":
        if not years:
            return f"{value:g}"
        return years[int(value)] if 0 <= value < len(years) else "never"
    return formatting.metric(float(value), kind)


def show_swing(value: float, kind: str) -> str:
    """A difference between two values of a metric: a year metric's is a number of years."""
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if kind == "year":
        return f"{value:g} year{'s' if value != 1 else ''}"
    return show_metric(value, "count" if kind == "flag" else kind)


def show_input(runs: list[RunDef], run: str, path: str, value: float) -> str:
    """An input's value to its own precision (£3,780, 72.5%, 6,096 homes a year, 1.234p)."""
    field = variable_field(find_run(runs, run), path)
    return formatting.input_value(field.fmt, field.unit, value)


def plain_value(runs: list[RunDef], run: str, path: str, value: float) -> float | int:
    """The value to write back into a scenario: a whole number for a whole-number input."""
    field = variable_field(find_run(runs, run), path)
    if field.integer:
        return int(round(value))
    return formatting.to_step(float(value), formatting.step(field.fmt, field.unit))


def sentence(text: str) -> str:
    """Text ending with a full stop, unless it already ends a sentence.

    >>> sentence("Debt is over the cap in 2029-30."), sentence("a note")
    ('Debt is over the cap in 2029-30.', 'a note.')
    """
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def problem_text(exc: BaseException) -> str:
    """One line per problem for a message box or a status line."""
    if isinstance(exc, PlannerError):
        return "\n".join(exc.problems)
    return str(exc)
