"""Which inputs a tornado varies unless the reader asks for others.

A tornado is read as "which uncertain estimates matter most", so by default it leaves out:
- **settings**: inputs declared as whole numbers (fmt int: rent weeks in a year, years to spend
  receipts, years of support) fix how the plan is built, not an estimate with a spread;
- **tie-out figures**: an input that a tie-out check pins to another figure (a grant tranche that
  must sum to the award): moving it alone breaks the tie-out, so its bar would show an
  inconsistent plan, not a risk. It is found by trying it: every candidate's low and high value
  is run in ONE vectorised call, and an input is left out when a tie-out that holds in the base
  case fails at its low or high value.
Each left-out input comes with the reason, for the dialog to show; ticking it varies it anyway.
"""

from __future__ import annotations

import numpy as np

from planner.analysis.sensitivity import (
    _trial_columns,
    base_value,
    evaluate_with,
    find_run,
    input_label,
    low_high,
    variable_field,
)
from planner.errors import PlannerError
from planner.project import paths
from planner.project.scenario_file import RunDef
from planner.registry import get_spec


def default_inputs(runs: list[RunDef], run: str, pct: float = 0.1) -> tuple[list[str], dict[str, str]]:
    """(the inputs a tornado varies by default, {input left out: why}), in declaration order."""
    target = find_run(runs, run)
    every = paths.numeric_paths(get_spec(target.model), target.inputs)
    left_out: dict[str, str] = {}
    candidates = []
    for path in every:
        field = variable_field(target, path)
        if field.integer:
            left_out[path] = f"a setting ({field.label}, a whole number of {field.unit}), not an estimate"
            continue
        try:
            base_value(target, path)
        except PlannerError:
            left_out[path] = "empty in this run"
            continue
        candidates.append(path)
    left_out.update(tie_out_fixed(runs, run, candidates, pct))
    return [p for p in candidates if p not in left_out], left_out


def tie_out_fixed(runs: list[RunDef], run: str, candidates: list[str], pct: float = 0.1) -> dict[str, str]:
    """{input: why} for each input whose low or high value breaks a tie-out that holds at base."""
    if not candidates:
        return {}
    target = find_run(runs, run)
    bases = {p: base_value(target, p) for p in candidates}
    ends = {p: low_high(variable_field(target, p), bases[p], pct) for p in candidates}
    try:
        outcome = evaluate_with(runs, run, _trial_columns(candidates, bases, ends))
    except PlannerError:
        return {}  # an input the model refuses at an end: the tornado itself reports it
    fixed: dict[str, str] = {}
    for check in outcome.checks:
        if check.severity != "tie-out":
            continue
        ok = np.broadcast_to(np.asarray(check.ok, dtype=bool), (2 * len(candidates) + 1,))
        if not ok[-1]:
            continue  # already out at base: moving an input is not what breaks it
        for i, path in enumerate(candidates):
            if path not in fixed and not (ok[2 * i] and ok[2 * i + 1]):
                fixed[path] = f"fixed by a tie-out ({check.name}): {input_label(target, path)} moved alone breaks it"
    return fixed
