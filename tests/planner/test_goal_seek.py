"""Goal seek (hand-checked on Housing First) and the named solvers (HRA homes and cap, BRS)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.result import LIMITS
from planner.analysis import sensitivity
from planner.analysis.goal_seek import goal_seek
from planner.analysis.sensitivity import evaluate_with
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef, load_scenario_file
from tests.conftest import EXAMPLES
from tests.planner.test_sensitivity import GRANT, OTHER, PERSON_YEARS

HF = load_scenario_file(EXAMPLES / "west-midlands-housing-first-2018.json").runs
NAME = HF[0].name


def test_support_cost_that_closes_the_balance_by_hand(monkeypatch):
    calls = []
    real = sensitivity.evaluate
    monkeypatch.setattr(sensitivity, "evaluate", lambda runs: calls.append(1) or real(runs))
    g = goal_seek(HF, NAME, "support_cost_per_person_year", "closing_balance", 0.0)
    # closing balance = grant - other costs - person-years x support cost = 0
    assert g.value == pytest.approx((GRANT - OTHER) / PERSON_YEARS, abs=1e-6)  # £4,198.91
    assert abs(g.achieved) <= g.tolerance == 0.005 and g.exact and g.note == ""
    assert (g.low, g.high, g.base_value) == (0.0, 1e10, 4200.0)
    assert g.calls == 2 and len(calls) == 3  # the base run, the first grid, one refinement


@settings(max_examples=30, deadline=None)
@given(target=st.floats(-2_000_000.0, 6_000_000.0))
def test_any_reachable_target_is_hit(target):
    g = goal_seek(HF, NAME, "support_cost_per_person_year", "closing_balance", target)
    assert g.achieved == pytest.approx(target, abs=g.tolerance)
    assert g.value == pytest.approx((GRANT - OTHER - target) / PERSON_YEARS, abs=1e-5)
    check = evaluate_with(HF, NAME, {"support_cost_per_person_year": g.value}).summary["closing_balance"][0]
    assert check == pytest.approx(target, abs=g.tolerance)


def test_unreachable_target_says_how_near_the_range_comes():
    with pytest.raises(PlannerError) as err:
        goal_seek(HF, NAME, "support_cost_per_person_year", "closing_balance", 20_000_000.0)
    assert err.value.problems == [
        "no support_cost_per_person_year (Support cost per person a year) from £0 to £10,000,000,000 gives "
        "closing_balance of £20,000,000: the most it reaches is £6,381,250 at £0"
    ]
    with pytest.raises(
        PlannerError,
        match="from £0 to £5,000 gives closing_balance of .*the least it reaches is "
        r"\(£1,217,450\) at £5,000",
    ):
        goal_seek(HF, NAME, "support_cost_per_person_year", "closing_balance", -2e6, high=5000.0)


def test_whole_number_input_gives_the_nearest_with_a_note():
    g = goal_seek(HF, NAME, "support_years", "closing_balance", 0.0)
    assert g.value == 5.0 and not g.exact
    assert g.note == "no value gives exactly £0: 4 years gives £95,110 and 5 years gives (£1,658)"


def test_year_target_and_search_range_errors():
    g = goal_seek(HF, NAME, "retention_rate", "first_shortfall_year", 4.0)  # 2022-23
    assert g.exact and g.value == 0.8 and g.calls == 1 and g.years[4] == "2022-23"
    with pytest.raises(PlannerError, match="the least it reaches is 2022-23"):
        goal_seek(HF, NAME, "retention_rate", "first_shortfall_year", 3.0)
    with pytest.raises(PlannerError, match="the search high 2 is outside what is allowed"):
        goal_seek(HF, NAME, "retention_rate", "closing_balance", 0.0, high=2.0)
    with pytest.raises(PlannerError, match="the search range 90% to 50% is empty"):
        goal_seek(HF, NAME, "retention_rate", "closing_balance", 0.0, low=0.9, high=0.5)
    with pytest.raises(PlannerError, match="'x' is not a summary metric"):
        goal_seek(HF, NAME, "retention_rate", "x", 0.0)


def _hra(**inputs):
    pytest.importorskip("models.hra.model")
    return [RunDef("plan", "hra", inputs)]


def test_most_homes_keeps_every_limit_and_one_more_breaks_one():
    from models.hra.solvers import max_extra_units
    from planner.analysis.solvers import most_homes

    runs = _hra()
    answer = most_homes(runs, "plan")
    homes = answer.value
    assert homes == max_extra_units({}) and homes == int(homes) and homes > 0
    out = evaluate_with(runs, "plan", {"extra_units_per_year": np.array([homes, homes + 1])})
    limits = [c for c in out.checks if c.severity in LIMITS]
    assert all(c.ok[0] for c in limits) and out.summary["within_limits"][0]
    assert any(not c.ok[1] for c in limits)
    assert answer.message.startswith(f"At most {homes:,.0f} extra homes a year keep the plan within its debt cap")
    assert answer.details["one_more_breaks"] and "Debt cap" in answer.details["one_more_breaks"][0]


def test_most_homes_when_nothing_fits():
    from planner.analysis.solvers import most_homes

    with pytest.raises(PlannerError, match="no extra homes fit"):
        most_homes(_hra(debt_cap=50_000_000.0), "plan")


def test_cap_needed_is_the_peak_debt_and_the_cap_then_holds():
    from models.hra.solvers import cap_needed as model_cap
    from planner.analysis.solvers import cap_needed

    runs = _hra(extra_units_per_year=60.0)
    answer = cap_needed(runs, "plan")
    assert answer.value == pytest.approx(model_cap({"extra_units_per_year": 60.0}))
    assert "must rise by" in answer.message
    out = evaluate_with(runs, "plan", {"debt_cap": np.array([answer.value, answer.value - 1.0])})
    cap_check = next(c for c in out.checks if c.name == "Debt cap")
    assert cap_check.ok.tolist() == [True, False]


def _brs(**inputs):
    pytest.importorskip("models.brs.model")
    return [RunDef("levy", "brs", inputs)]


def test_brs_multiplier_finances_the_project_with_optimism_bias():
    from planner.analysis.solvers import brs_multiplier_needed

    runs = _brs(project_cost=300_000_000.0, optimism_bias=0.2)
    answer = brs_multiplier_needed(runs, "levy")
    out = evaluate_with(runs, "levy", {"multiplier_pence": answer.value})
    assert out.summary["supportable_borrowing"][0] == pytest.approx(360_000_000.0, abs=0.5)
    assert answer.details["project_cost_with_bias"] == 360_000_000.0


def test_brs_threshold_is_the_highest_that_still_finances_it():
    from planner.analysis.solvers import brs_threshold_needed, most_homes

    runs = _brs(project_cost=300_000_000.0)
    answer = brs_threshold_needed(runs, "levy")
    out = evaluate_with(runs, "levy", {"threshold": np.array([answer.value, answer.value + 1000.0])})
    borrowing = out.summary["supportable_borrowing"]
    assert borrowing[0] == pytest.approx(300_000_000.0, abs=0.5) and borrowing[1] < 300_000_000.0
    assert answer.details["searched"][1] == 1_000_000.0  # the open top band's lower bound
    everything = brs_threshold_needed(_brs(project_cost=1_000_000.0), "levy")
    assert everything.value == 1_000_000.0 and everything.message.startswith("Every threshold up to £1,000,000")
    with pytest.raises(PlannerError, match="is a brs run; the most-homes solver needs a run of the Housing"):
        most_homes(runs, "levy")


# ---- answers to the input's own precision ------------------------------------------------------


def test_a_count_input_is_searched_in_whole_homes_and_the_answer_meets_the_target():
    """Extra homes a year (unit "homes a year", fmt number) for a peak debt of at most £120m:
    a whole number of homes whose peak debt is within £120m, where one home more is not."""
    runs = _hra()
    g = goal_seek(runs, "plan", "extra_units_per_year", "peak_debt", 120_000_000.0, side="at_most")
    assert g.value == int(g.value) and g.value > 0
    out = evaluate_with(runs, "plan", {"extra_units_per_year": np.array([g.value, g.value + 1.0])})
    debt = out.summary["peak_debt"]
    assert g.achieved == debt[0] <= 120_000_000.0 < debt[1]
    assert "homes a year gives" in g.note and not g.exact


def test_at_least_takes_the_other_whole_number():
    runs = _hra()
    most = goal_seek(runs, "plan", "extra_units_per_year", "peak_debt", 120_000_000.0, side="at_most")
    least = goal_seek(runs, "plan", "extra_units_per_year", "peak_debt", 120_000_000.0, side="at_least")
    assert least.value == most.value + 1 and least.achieved >= 120_000_000.0


def test_a_money_answer_is_settled_to_the_penny():
    g = goal_seek(HF, NAME, "support_cost_per_person_year", "closing_balance", 0.0, side="at_least")
    assert g.value == round(g.value, 2) == pytest.approx((GRANT - OTHER) / PERSON_YEARS, abs=0.01)
    assert g.achieved >= 0.0  # a penny less a person-year leaves the balance at or above nothing


def test_an_unknown_side_is_refused():
    with pytest.raises(PlannerError, match="at_least"):
        goal_seek(HF, NAME, "support_cost_per_person_year", "closing_balance", 0.0, side="above")
