"""Tornado sensitivity: hand-worked swings on Housing First, one vectorised call, bounds kept."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.declare import Field
from planner.analysis import sensitivity
from planner.analysis.sensitivity import evaluate_with, low_high, tornado
from planner.errors import PlannerError
from planner.project.scenario_file import RunDef, load_scenario_file
from tests.conftest import EXAMPLES

HF = load_scenario_file(EXAMPLES / "west-midlands-housing-first-2018.json").runs
NAME = HF[0].name
GRANT, OTHER = 9_600_000.0, 3_218_750.0
# Person-years of support over 2018-23 (horizon 5, support 5 years, 80% sustainment, half a year on
# entry): cohorts of 56.25, 309.375 and 309.375 people give 0.5 + 0.8 + 0.64 + 0.512 + 0.4096,
# 0.5 + 0.8 + 0.64 + 0.512 and 0.5 + 0.8 + 0.64 person-years each.
PERSON_YEARS = 56.25 * 2.8616 + 309.375 * 2.452 + 309.375 * 1.94  # 1,519.74


def closing(support_cost: float) -> float:
    """The funding balance at the end, by hand: grant less other costs less support."""
    return GRANT - OTHER - PERSON_YEARS * support_cost


def test_hand_worked_support_cost_row():
    t = tornado(HF, NAME, "closing_balance")
    assert t.base == pytest.approx(closing(4200.0)) == pytest.approx(-1658.0)
    row = next(r for r in t.rows if r.path == "support_cost_per_person_year")
    assert (row.low_input, row.high_input) == pytest.approx((3780.0, 4620.0))
    assert row.metric_low == pytest.approx(closing(3780.0))
    assert row.metric_high == pytest.approx(closing(4620.0))
    assert row.swing == pytest.approx(PERSON_YEARS * 840.0)
    assert row.label == "Support cost per person a year"


def test_rows_sorted_by_swing_and_grant_rows_swing_by_their_own_size():
    t = tornado(HF, NAME, "closing_balance")
    swings = [r.swing for r in t.rows]
    assert swings == sorted(swings, reverse=True)
    tranche3 = next(r for r in t.rows if r.path == "tranches[3].amount")
    assert tranche3.swing == pytest.approx(0.2 * 5_160_000.0)
    assert tranche3.label == "Grant tranches, row 3: Amount"
    assert t.rows[0].path == "retention_rate"


def test_every_input_in_one_vectorised_call(monkeypatch):
    calls = []
    real = sensitivity.evaluate

    def counting(runs):
        calls.append(len(runs))
        return real(runs)

    monkeypatch.setattr(sensitivity, "evaluate", counting)
    t = tornado(HF, NAME, "closing_balance")
    assert len(calls) == 1 and len(t.rows) == 38


def test_chosen_inputs_whole_numbers_round_outwards_and_flags_count_as_0_1():
    t = tornado(HF, NAME, "first_shortfall_year", ["support_years", "retention_rate"])
    years = next(r for r in t.rows if r.path == "support_years")
    assert (years.low_input, years.high_input) == (4.0, 6.0)
    assert t.kind == "year" and t.base == 4.0  # 2022-23 is year index 4
    rate = next(r for r in t.rows if r.path == "retention_rate")
    assert rate.metric_low == -1.0 and rate.metric_high == 4.0  # never, then 2022-23


def test_range_mode_uses_declared_bounds_but_not_huge_ones():
    t = tornado(HF, NAME, "closing_balance", ["retention_rate", "support_cost_per_person_year"], pct=0.2, mode="range")
    by_path = {r.path: r for r in t.rows}
    assert (by_path["retention_rate"].low_input, by_path["retention_rate"].high_input) == (0.0, 1.0)
    # £0 is a real bound; £10bn is more than ten times the base away, so +20% is used instead.
    assert (
        by_path["support_cost_per_person_year"].low_input,
        by_path["support_cost_per_person_year"].high_input,
    ) == pytest.approx((0.0, 5040.0))


def test_low_high_clips_and_falls_back():
    rate = Field("r", "Rate", "%", 0.95, 0.0, 1.0, fmt="pct")
    assert low_high(rate, 0.95, 0.1) == pytest.approx((0.855, 1.0))
    open_top = Field("n", "Homes", "homes", 100.0, 0.0, None)
    assert low_high(open_top, 100.0, 0.1, "range") == pytest.approx((0.0, 110.0))
    assert low_high(Field("z", "Zero", "£", 0.0, -1e10, 1e10, fmt="gbp"), 0.0, 0.1, "range") == (0.0, 0.0)
    with pytest.raises(PlannerError, match="sensitivity mode 'both' is not known"):
        low_high(rate, 0.95, 0.1, "both")


@settings(max_examples=30, deadline=None)
@given(pct=st.floats(0.01, 0.9), base=st.floats(-1e6, 1e6), integer=st.booleans())
def test_low_high_brackets_the_base_inside_the_bounds(pct, base, integer):
    field = Field("x", "X", "", 0.0, -5e5, 5e5, fmt="int" if integer else "number")
    base = float(np.clip(round(base) if integer else base, -5e5, 5e5))
    lo, hi = low_high(field, base, pct)
    assert -5e5 <= lo <= base <= hi <= 5e5
    if integer:
        assert lo == round(lo) and hi == round(hi)


def test_errors_name_the_input():
    with pytest.raises(PlannerError, match="'nonsense' is not an input of Housing First"):
        tornado(HF, NAME, "closing_balance", ["nonsense"])
    with pytest.raises(PlannerError, match="start_year .* cannot vary by trial"):
        tornado(HF, NAME, "closing_balance", ["start_year"])
    with pytest.raises(PlannerError, match="'peak' is not a summary metric.*closing_balance"):
        tornado(HF, NAME, "peak")
    with pytest.raises(PlannerError, match="'Nobody' is not a run of this scenario"):
        tornado(HF, "Nobody", "closing_balance")


def test_evaluate_with_never_changes_the_runs():
    before = repr(HF)
    out = evaluate_with(HF, NAME, {"support_cost_per_person_year": np.array([0.0, 4200.0])})
    assert out.summary["closing_balance"] == pytest.approx([GRANT - OTHER, closing(4200.0)])
    assert repr(HF) == before


def test_brs_band_boundaries_are_set_aside_with_the_reason():
    pytest.importorskip("models.brs.model")
    t = tornado([RunDef("b", "brs", {})], "b", "supportable_borrowing")
    skipped = dict(t.skipped)
    assert "bands[2].lower" in skipped and "do not overlap" in skipped["bands[2].lower"]
    assert all(r.path not in skipped for r in t.rows)
    assert t.rows[0].swing > 0 and not math.isnan(t.base)


def test_hra_tornado_and_a_programme_read_through_its_links():
    pytest.importorskip("models.hra.model")
    pytest.importorskip("models.programme.model")
    t = tornado([RunDef("h", "hra", {})], "h", "peak_debt")
    assert t.rows[0].path == "opening_debt" and t.rows[0].swing == pytest.approx(16_000_000.0)
    runs = load_scenario_file(EXAMPLES / "funding-for-growth-programme.json").runs
    brs = next(r.name for r in runs if r.model == "brs")
    programme = next(r.name for r in runs if r.model == "programme")
    t = tornado(runs, brs, "total_funding", ["multiplier_pence"], result_run=programme)
    row = t.rows[0]
    # The programme takes the BRS net yield in full: its funding moves with the levy's yield.
    assert row.metric_high > t.base > row.metric_low
    with pytest.raises(PlannerError, match="does not feed run"):
        tornado(runs, programme, "net", result_run=brs)


def test_default_tornado_inputs_leave_out_settings_and_what_a_tie_out_fixes():
    from planner.analysis.tornado_inputs import default_inputs

    chosen, left_out = default_inputs(HF, NAME)
    assert "retention_rate" in chosen and "support_cost_per_person_year" in chosen
    assert left_out["support_years"].startswith("a setting")  # whole years: how the plan is built
    assert left_out["tranches[1].amount"].startswith("fixed by a tie-out (Tranches sum to the award)")
    assert left_out["councils[Dudley].units_per_year"].startswith("fixed by a tie-out (Council units sum")
    assert not set(chosen) & set(left_out)
