"""The questions finance directors ask, answered on a run of a scenario.

- `most_homes`: the most extra homes a year an HRA plan can build within its debt cap, minimum
  balance and interest-cover threshold (models.hra.solvers.max_extra_units, which searches with
  the vectorised model); the answer is checked by one more call that runs the plan at the
  answer and at one home more, and names the limit that one more home breaks.
- `cap_needed`: the smallest debt cap an HRA plan meets, its peak closing debt (the cap is a
  check, not a brake, so the debt path does not depend on it: models.hra.solvers.cap_needed
  gives the same figure), with the raise over the present cap.
- `brs_multiplier_needed`: the BRS multiplier (pence per £ RV) whose supportable borrowing
  equals the project cost with optimism bias (goal seek on `multiplier_pence`).
- `brs_threshold_needed`: the highest RV threshold at which the supportable borrowing still
  equals that cost (goal seek on `threshold`, searched from £0 up to the lower bound of the
  open top rating band, the highest threshold the model can split the list at).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from models.core.result import LIMITS, Outcome
from planner import formatting
from planner.analysis.goal_seek import GoalResult, goal_seek
from planner.analysis.sensitivity import evaluate_with, find_run
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef

if TYPE_CHECKING:
    pass

QUESTIONS = ("max_homes", "cap_needed", "brs_multiplier", "brs_threshold")


@dataclass(frozen=True)
class Answer:
    question: str  # one of QUESTIONS
    run: str
    value: float  # extra homes a year, £ of cap, pence per £ RV, or £ RV threshold
    shown: str  # the value as a finance officer reads it
    message: str  # one or two sentences answering the question
    details: dict = field(default_factory=dict)  # figures behind the answer, JSON-ready


def _run_of(runs: list[RunDef], run: str, model: str, what: str) -> RunDef:
    found = find_run(runs, run)
    if found.model != model:
        from planner.registry import get_spec

        raise PlannerError(
            f"run {run!r} is a {found.model} run; {what} needs a run of the {get_spec(model).label} model ({model})"
        )
    return found


def _limit_messages(outcome: Outcome, trial: int, skip: tuple[str, ...] = ()) -> list[str]:
    """Messages of the limit checks (unlawful, statutory, local policy) that fail in one trial."""
    result = outcome.trial(trial)
    limits = {c.name for c in outcome.checks if c.severity in LIMITS and c.name not in skip}
    return [f"{c.name}: {c.message}" for c in result.checks if c.name in limits and not c.ok]


def most_homes(runs: list[RunDef], run: str) -> Answer:
    """The most extra homes a year the HRA plan can build within every limit."""
    from models.hra.solvers import max_extra_units

    plan = _run_of(runs, run, "hra", "the most-homes solver")
    homes = max_extra_units(plan.inputs)
    if homes < 0:
        breaks = _limit_messages(evaluate_with(runs, run, {"extra_units_per_year": 0.0}), 0)
        raise PlannerError([f"run {run!r}: no extra homes fit: the plan breaks a limit even with none"] + breaks)
    if np.isinf(homes):
        raise PlannerError(
            f"run {run!r}: no limit binds: the plan keeps within every limit however many extra "
            "homes it builds (each pays for itself); set a debt cap or check the costs"
        )
    outcome = evaluate_with(runs, run, {"extra_units_per_year": np.array([homes, homes + 1.0])})
    at = {
        k: _plain(v[0])
        for k, v in outcome.summary.items()
        if k in ("peak_debt", "min_headroom", "lowest_balance", "min_interest_cover", "homes_built")
    }
    breaks = _limit_messages(outcome, 1)
    limits = "minimum balance and interest cover"
    limits = (
        limits if plan.inputs.get("debt_cap", outcome.spec.field("debt_cap").default) is None else "debt cap, " + limits
    )
    message = (
        f"At most {homes:,} extra homes a year keep the plan within its {limits}; one more breaks "
        f"{'; '.join(breaks) or 'a limit'}"
    )
    return Answer(
        "max_homes",
        run,
        float(homes),
        f"{homes:,} homes a year",
        message,
        {"extra_units_per_year": homes, "at_answer": at, "one_more_breaks": breaks},
    )


def cap_needed(runs: list[RunDef], run: str) -> Answer:
    """The smallest debt cap the HRA plan as given meets: its peak closing debt."""
    plan = _run_of(runs, run, "hra", "the cap-needed solver")
    outcome = evaluate_with(runs, run, {})
    peak = float(outcome.summary["peak_debt"][0])
    year = outcome.years[int(outcome.summary["peak_debt_year"][0])]
    cap = plan.inputs.get("debt_cap", outcome.spec.field("debt_cap").default)
    message = f"The plan needs a debt cap of at least {formatting.money(peak)}, its peak debt in {year}"
    if cap is None:
        message += "; no cap is set now"
    elif cap < peak:
        message += f"; the cap of {formatting.money(cap)} must rise by {formatting.money(peak - cap)}"
    else:
        message += f"; the cap of {formatting.money(cap)} leaves {formatting.money(cap - peak)} to spare"
    others = _limit_messages(outcome, 0, skip=("Debt cap", "Statutory debt cap"))
    if others:
        message += ". No cap mends the other limits it breaks: " + "; ".join(others)
    return Answer(
        "cap_needed",
        run,
        peak,
        formatting.money(peak),
        message,
        {"peak_debt": peak, "peak_debt_year": year, "debt_cap": cap, "other_limits_broken": others},
    )


def _project_cost(runs: list[RunDef], run: str) -> float:
    _run_of(runs, run, "brs", "this solver")
    return float(evaluate_with(runs, run, {}).summary["project_cost_with_bias"][0])


def _goal_details(goal: GoalResult, cost: float) -> dict:
    return {
        "project_cost_with_bias": cost,
        "supportable_borrowing": goal.achieved,
        "base_value": goal.base_value,
        "searched": [goal.low, goal.high],
        "exact": goal.exact,
        "note": goal.note,
        "calls": goal.calls,
    }


def brs_multiplier_needed(runs: list[RunDef], run: str) -> Answer:
    """The multiplier whose supportable borrowing finances the project cost with optimism bias."""
    cost = _project_cost(runs, run)
    goal = goal_seek(runs, run, "multiplier_pence", "supportable_borrowing", cost)
    pence = goal.value
    message = (
        f"A multiplier of {pence:.3f}p per £ of RV supports borrowing of {formatting.money(goal.achieved)}, "
        f"the project cost with optimism bias"
    )
    if pence > 2.0 + 1e-9:
        message += "; that is above the Act's 2p cap, so the levy alone cannot finance the project"
    return Answer("brs_multiplier", run, pence, f"{pence:.3f}p", message, _goal_details(goal, cost))


def brs_threshold_needed(runs: list[RunDef], run: str) -> Answer:
    """The highest RV threshold whose supportable borrowing still finances the project cost."""
    cost = _project_cost(runs, run)
    bands = find_run(runs, run).inputs.get("bands")
    if bands is None:
        from planner.registry import get_spec

        bands = list(get_spec("brs").table("bands").default)
    if not bands:
        raise PlannerError(
            f"run {run!r}: the rating list is entered as totals, so the threshold changes nothing; "
            "enter the list as bands to solve for a threshold"
        )
    open_top = [float(b.get("lower", 0.0)) for b in bands if b.get("upper") is None]
    high = min(open_top) if open_top else None
    if high is not None:
        at_top = evaluate_with(runs, run, {"threshold": high})
        if at_top.summary["supportable_borrowing"][0] >= cost:
            return Answer(
                "brs_threshold",
                run,
                high,
                formatting.money(high),
                f"Every threshold up to {formatting.money(high)} (where the open top band starts) "
                f"finances the project cost of {formatting.money(cost)}",
                {
                    "project_cost_with_bias": cost,
                    "supportable_borrowing": float(at_top.summary["supportable_borrowing"][0]),
                    "searched": [0.0, high],
                },
            )
    goal = goal_seek(runs, run, "threshold", "supportable_borrowing", cost, low=0.0, high=high)
    message = (
        f"A threshold of up to {formatting.money(goal.value)} RV keeps supportable borrowing at the project "
        f"cost with optimism bias, {formatting.money(cost)}; a higher threshold leaves it short"
    )
    return Answer("brs_threshold", run, goal.value, formatting.money(goal.value), message, _goal_details(goal, cost))


SOLVERS = {
    "max_homes": most_homes,
    "cap_needed": cap_needed,
    "brs_multiplier": brs_multiplier_needed,
    "brs_threshold": brs_threshold_needed,
}


def _plain(value: Any) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value
