"""Funding for Growth programme: hand-worked cases, the WMCA £4.7bn to the pound, errors, properties."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.errors import InputError, InputErrors
from models.programme.model import SPEC

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "resources" / "reference" / "wmca_funding_leveraged_2017_2021.csv"
EXAMPLE = ROOT / "examples" / "funding-for-growth-programme.json"


def raw(**changes) -> dict:
    """A three-year programme from 2020-21 with no sources and no investment, to build on."""
    base = dict(
        start_year=2020,
        horizon=3,
        optimism_bias=0.0,
        borrowing_rate=0.05,
        repayment_policy="straight-line MRP",
        asset_life=2,
        appraisal_rate=0.035,
        streams=[],
        profile=[],
        links=[],
        investment=[],
    )
    base.update(changes)
    return base


def run(profiles=None, **changes):
    return SPEC.run(raw(**changes), {"profiles": profiles} if profiles is not None else None).trial(0)


def stream(name="Grant", first_year=2020, annual_amount=100.0, years=3, indexation=0.0):
    return dict(name=name, first_year=first_year, annual_amount=annual_amount, years=years, indexation=indexation)


def check(result, name):
    return next(c for c in result.checks if c.name == name)


# --- hand-worked cases -------------------------------------------------------------------------


def test_hand_worked_surplus_repays_debt_then_builds_the_reserve():
    r = run(
        streams=[stream(indexation=0.1)],
        optimism_bias=0.1,
        investment=[{"year": 2020, "amount": 300.0, "description": "Scheme"}],
    )
    # sources 100, 100 * 1.1, 100 * 1.1 ** 2; investment 300 * (1 + 10%) in the first year
    assert r.annual["total_sources"].tolist() == pytest.approx([100, 110, 121])
    assert r.annual["investment"].tolist() == pytest.approx([330, 0, 0])
    assert r.annual["gap"].tolist() == pytest.approx([230, -110, -121])
    assert r.annual["cumulative_gap"].tolist() == pytest.approx([230, 120, -1])
    # 230 borrowed at the end of 2020-21; straight-line MRP over 2 years: 115 a year from 2021-22
    # 2021-22: interest 230 * 5% = 11.5; scheduled 115 leaves 115; the surplus 110 repays 110 -> 5
    # 2022-23: interest 5 * 5% = 0.25; what is left of the drawdown (5) is repaid; surplus 121 to reserve
    assert r.annual["borrowing_drawn"].tolist() == pytest.approx([230, 0, 0])
    assert r.annual["interest"].tolist() == pytest.approx([0, 230 * 0.05, 5 * 0.05])
    assert r.annual["repayment"].tolist() == pytest.approx([0, 230 / 2, 230 * (5 / 115) / 2])
    assert r.annual["surplus_repayment"].tolist() == pytest.approx([0, 110, 0])
    assert r.annual["closing_debt"].tolist() == pytest.approx([230, 230 - 115 - 110, 0], abs=1e-9)
    assert r.annual["reserve"].tolist() == pytest.approx([0, 0, 121])
    assert r.annual["revenue_cost"].tolist() == pytest.approx([0, 11.5 + 115, 0.25 + 5])
    assert r.summary["borrowing_required"] == pytest.approx(230)
    assert r.summary["peak_cumulative_gap"] == pytest.approx(230)
    assert r.summary["peak_cumulative_gap_year"] == "2020-21"
    assert r.summary["peak_debt"] == pytest.approx(230)
    assert r.summary["total_funding"] == pytest.approx(100 + 110 + 121)
    assert r.summary["share:Grant"] == pytest.approx(331 / 330)
    assert r.annual["source:Grant"].tolist() == pytest.approx([100, 110, 121])


def test_hand_worked_annuity():
    r = run(horizon=4, repayment_policy="annuity", asset_life=10, investment=[{"year": 2020, "amount": 1_000_000.0}])
    payment = 1_000_000 * 0.05 / (1 - 1.05**-10)  # £129,504.57 a year
    first_principal = payment - 1_000_000 * 0.05
    assert payment == pytest.approx(129_504.57, abs=0.01)
    assert r.annual["interest"].tolist() == pytest.approx(
        [0, 50_000, (1_000_000 - first_principal) * 0.05, (1_000_000 - first_principal - first_principal * 1.05) * 0.05]
    )
    assert r.annual["repayment"].tolist() == pytest.approx(
        [0, first_principal, first_principal * 1.05, first_principal * 1.05**2]
    )
    assert r.annual["revenue_cost"].tolist() == pytest.approx([0, payment, payment, payment])
    assert r.summary["debt_at_end"] == pytest.approx(1_000_000 - first_principal * (1 + 1.05 + 1.05**2))


def test_hand_worked_reserve_meets_a_later_gap_before_borrowing():
    r = run(
        profile=[{"name": "Receipt", "year": 2020, "amount": 100.0}],
        investment=[{"year": 2020, "amount": 60.0}, {"year": 2021, "amount": 70.0}],
    )
    # 2020-21: surplus 40 to the reserve; 2021-22: gap 70 = 40 from the reserve + 30 borrowed
    assert r.annual["reserve"].tolist() == pytest.approx([40, 0, 0])
    assert r.annual["borrowing_drawn"].tolist() == pytest.approx([0, 30, 0])
    assert r.annual["repayment"].tolist() == pytest.approx([0, 0, 30 / 2])
    assert r.summary["borrowing_required"] == pytest.approx(70 - 40)
    assert r.summary["first_borrowing_year"] == "2021-22"
    assert r.summary["peak_cumulative_gap"] == pytest.approx(-100 + 60 + 70)
    assert r.summary["peak_cumulative_gap_year"] == "2021-22"


def test_hand_worked_profiles_links_and_present_values():
    r = run(
        {"BRS": np.array([[10.0, 20.0, 30.0]])},
        profile=[{"name": "Private", "year": 2021, "amount": 7.0}, {"name": "Private", "year": 2021, "amount": 3.0}],
        links=[{"name": "BRS", "run": "WMCA BRS", "line": "net", "share": 0.5}],
        investment=[{"year": 2020, "amount": 25.0}],
    )
    assert r.annual["source:BRS"].tolist() == pytest.approx([10 * 0.5, 20 * 0.5, 30 * 0.5])
    assert r.annual["source:Private"].tolist() == pytest.approx([0, 7 + 3, 0])
    assert r.annual["total_sources"].tolist() == pytest.approx([5, 20, 15])
    # cash at the borrowing rate (5%), year 0 undiscounted; real at 2% deflator growth and Green Book 3.5%
    assert r.summary["pv_sources_cash"] == pytest.approx(5 + 20 / 1.05 + 15 / 1.05**2)
    assert r.summary["pv_investment_cash"] == pytest.approx(25.0)
    assert r.summary["pv_sources_real"] == pytest.approx(5 + 20 / 1.02 / 1.035 + 15 / 1.02**2 / 1.035**2)
    assert r.summary["pv_investment_real"] == pytest.approx(25.0)
    assert r.summary["share:BRS"] == pytest.approx((5 + 10 + 15) / 25)
    assert r.summary["share:Private"] == pytest.approx(10 / 25)
    assert r.summary["funding_ratio"] == pytest.approx(40 / 25)


def test_source_running_past_the_horizon_is_named_with_the_amount_left_out():
    r = run(streams=[stream("Farebox", 2021, 100.0, 5, 0.1), stream("Grant", 2020, 50.0, 3)])
    # the farebox pays 2021-22 .. 2025-26; the horizon ends 2022-23: years 3, 4, 5 of it fall outside
    outside = 100 * 1.1**2 + 100 * 1.1**3 + 100 * 1.1**4
    c = check(r, "Sources end within the horizon")
    assert not c.ok and c.amount == pytest.approx(outside)
    assert c.message.startswith("Farebox run past the horizon: £401 falls after 2022-23")
    assert "Grant" not in c.message
    assert r.annual["source:Farebox"].tolist() == pytest.approx([0, 100, 110])
    assert check(r, "Sources sum to the total").ok


def test_stream_ending_in_the_last_year_passes_and_one_year_more_fails():
    assert check(run(streams=[stream(years=3)]), "Sources end within the horizon").ok
    longer = check(run(streams=[stream(years=4)]), "Sources end within the horizon")
    assert not longer.ok and longer.amount == pytest.approx(100)


def test_dated_amount_after_the_horizon_is_left_out_and_reported():
    r = run(profile=[{"name": "Receipt", "year": 2023, "amount": 42.0}])
    assert r.annual["source:Receipt"].tolist() == [0, 0, 0]
    assert check(r, "Sources end within the horizon").amount == pytest.approx(42)


def test_gap_never_closed_is_flagged_with_the_borrowing_left():
    # borrow 40 in 2020-21; 2021-22: MRP 40/5 = 8, surplus 10 -> 22 left; 2022-23: MRP 40 * 22/32 / 5 = 5.5,
    # surplus 10 -> 6.50 still owed at the end
    r = run(streams=[stream(annual_amount=10.0)], investment=[{"year": 2020, "amount": 50.0}], asset_life=5)
    c = check(r, "Gap closed within the horizon")
    assert not c.ok and c.year == "2022-23" and c.amount == pytest.approx(6.5)
    assert "£6.50" in c.message


def test_gap_closed_exactly_at_the_end_passes():
    r = run(streams=[stream(annual_amount=10.0)], investment=[{"year": 2020, "amount": 30.0}])
    assert r.annual["cumulative_gap"].iloc[-1] == pytest.approx(0, abs=1e-9)
    assert check(r, "Gap closed within the horizon").ok


def test_no_shortfall_gives_zero_peak_and_no_year():
    r = run(streams=[stream()], investment=[{"year": 2020, "amount": 50.0}])
    assert r.summary["peak_cumulative_gap"] == 0.0
    assert r.summary["peak_cumulative_gap_year"] is None
    assert r.summary["borrowing_required"] == 0.0
    assert r.summary["first_borrowing_year"] is None


def test_tie_out_fails_when_a_source_is_lost(monkeypatch):
    import models.programme.sources as ps

    real = ps._dated

    def lose_half(rows, start, horizon, n):
        line, outside, entered = real(rows, start, horizon, n)
        return line * 0.5, outside, entered

    monkeypatch.setattr(ps, "_dated", lose_half)
    c = check(run(profile=[{"name": "Receipt", "year": 2020, "amount": 80.0}]), "Sources sum to the total")
    assert not c.ok and c.amount == pytest.approx(40)


# --- boundaries --------------------------------------------------------------------------------


def test_one_year_horizon_borrows_and_repays_nothing_yet():
    r = run(horizon=1, investment=[{"year": 2020, "amount": 10.0}])
    assert r.annual["borrowing_drawn"].tolist() == [10.0]
    assert r.annual["repayment"].tolist() == [0.0]
    assert r.summary["debt_at_end"] == 10.0


def test_asset_life_of_one_year_repays_in_full_the_next_year():
    r = run(asset_life=1, investment=[{"year": 2020, "amount": 10.0}])
    assert r.annual["repayment"].tolist() == pytest.approx([0, 10, 0])
    assert r.annual["interest"].tolist() == pytest.approx([0, 10 * 0.05, 0])


def test_zero_rate_annuity_is_straight_line():
    changes = dict(borrowing_rate=0.0, asset_life=2, investment=[{"year": 2020, "amount": 10.0}])
    annuity, mrp = run(repayment_policy="annuity", **changes), run(**changes)
    assert annuity.annual["repayment"].tolist() == pytest.approx(mrp.annual["repayment"].tolist())
    assert mrp.annual["repayment"].tolist() == pytest.approx([0, 5, 5])


def test_first_and_last_years_of_the_horizon_are_allowed():
    r = run(streams=[stream(first_year="2020-21")], investment=[{"year": "2022-23", "amount": 1.0}])
    assert r.annual["investment"].tolist() == [0, 0, 1]


# --- the WMCA example -----------------------------------------------------------------------------


def csv_total_pounds() -> int:
    with REFERENCE.open(newline="", encoding="utf-8") as f:
        return sum(int(row["gbp_millions"]) for row in csv.DictReader(f)) * 1_000_000


def programme_run() -> dict:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return next(r for r in data["runs"] if r["model"] == "programme")


def test_wmca_streams_tie_to_the_reference_total_to_the_pound():
    assert csv_total_pounds() == 4_733_000_000
    streams = programme_run()["inputs"]["streams"]
    assert len(streams) == 20
    assert sum(s["annual_amount"] * s["years"] for s in streams) == 4_733_000_000
    with REFERENCE.open(newline="", encoding="utf-8") as f:
        by_name = {row["stream"]: int(row["gbp_millions"]) * 1_000_000 for row in csv.DictReader(f)}
    assert {s["name"]: s["annual_amount"] * s["years"] for s in streams} == by_name


def test_wmca_example_runs_with_hand_made_linked_profiles():
    inputs = programme_run()["inputs"]
    horizon = inputs["horizon"]
    profiles = {link["name"]: np.full((1, horizon), 20_000_000.0) for link in inputs["links"]}
    r = SPEC.run(inputs, {"profiles": profiles}).trial(0)
    streams_total = r.annual[[c for c in r.annual.columns if c.startswith("source:")]].sum().sum()
    assert streams_total == pytest.approx(4_733_000_000 + 20_000_000.0 * horizon * len(profiles))
    assert abs(r.summary["total_funding"] - streams_total) < 1.0
    assert check(r, "Sources sum to the total").ok
    assert r.summary["borrowing_required"] > 0


def test_wmca_example_runs_through_the_planner():
    pytest.importorskip("models.brs.model")
    pytest.importorskip("models.land_value.model")
    from planner.project.runner import align, evaluate
    from planner.project.scenario_file import load_scenario_file

    outcomes = evaluate(load_scenario_file(EXAMPLE).runs)
    run_def = programme_run()
    inputs = run_def["inputs"]
    r = outcomes[run_def["name"]].trial(0)
    # with capital and revenue kept apart, the example's revenue streams no longer repay capital borrowing:
    # the borrowing outlasts the horizon, its revenue cost outruns the revenue sources, and the illustrative
    # plan borrows above the WMCA's 2019-20 cap agreed with HM Treasury
    failing = {"Gap closed within the horizon", "Revenue costs met from revenue", "Within the debt cap"}
    assert {c.name for c in r.checks if not c.ok} == failing
    assert check(r, "Within the debt cap").year == "2019-20"
    linked = [
        link.get("share", 1.0)
        * align(outcomes[link["run"]], link["line"], int(inputs["start_year"][:4]), inputs["horizon"]).sum()
        for link in inputs["links"]
    ]
    assert all(total > 0 for total in linked)
    assert r.summary["total_funding"] == pytest.approx(4_733_000_000 + sum(linked), rel=1e-12)


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field, allowed",
    [
        (dict(streams=[stream(first_year=2019)]), "streams[1].first_year", "from 2020-21 (the programme's first year)"),
        (dict(profile=[{"name": "P", "year": 2019, "amount": 1.0}]), "profile[1].year", "from 2020-21"),
        (dict(investment=[{"year": 2023, "amount": 1.0}]), "investment[1].year", "from 2020-21 to 2022-23"),
        (dict(streams=[stream("A"), stream("A")]), "streams[2].name", "a name not used by another source"),
        (
            dict(streams=[stream("A")], links=[{"name": "A", "run": "r", "line": "net"}]),
            "links[1].name",
            "a name not used by another source",
        ),
        (dict(streams=[stream(" ")]), "streams[1].name", "a name not used by another source"),
        (dict(links=[{"name": "L", "run": "", "line": "net"}]), "links[1].run", "another run in this scenario file"),
        (dict(links=[{"name": "L", "run": "r", "line": " "}]), "links[1].line", "a line of that run"),
        (dict(borrowing_rate=0.3), "borrowing_rate", "from 0% to 25%"),
        (dict(asset_life=0), "asset_life", "a whole number from 1 to 125"),
        (dict(repayment_policy="bullet"), "repayment_policy", "'annuity', 'straight-line MRP'"),
        (dict(optimism_bias=-0.1), "optimism_bias", "from 0% to 200%"),
        (dict(links=[{"name": "L", "run": "r", "line": "net", "share": 1.5}]), "links[1].share", "from 0% to 100%"),
        (dict(streams=[stream(years=0)]), "streams[1].years", "from 1 to 125"),
        (dict(streams=[stream(annual_amount=-1.0)]), "streams[1].annual_amount", "from £0 to £1,000,000,000,000"),
    ],
)
def test_errors_name_the_field_and_what_is_allowed(changes, field, allowed):
    with pytest.raises(InputErrors) as info:
        SPEC.run(raw(**changes))
    error = info.value.errors[0]
    assert error.field == field
    assert allowed in str(error) and str(error).startswith(field)


def test_a_profile_row_may_share_its_name_with_other_profile_rows_only():
    rows = [{"name": "P", "year": 2020, "amount": 1.0}, {"name": "P", "year": 2021, "amount": 2.0}]
    assert run(profile=rows).annual["source:P"].tolist() == [1.0, 2.0, 0.0]
    with pytest.raises(InputErrors) as info:
        SPEC.run(raw(profile=rows, streams=[stream("P")]))
    assert info.value.errors[0].field == "profile[1].name"


LINK = [{"name": "BRS", "run": "WMCA BRS", "line": "net", "share": 1.0}]


def test_missing_linked_profile_names_the_link():
    with pytest.raises(InputErrors) as info:
        SPEC.run(raw(links=LINK), {"profiles": {}})
    error = info.value.errors[0]
    assert isinstance(error, InputError) and error.field == "links[1].run"
    assert "line 'net' of run 'WMCA BRS' as the profile 'BRS'" in str(error)


def test_linked_profile_of_the_wrong_length_is_refused():
    with pytest.raises(InputErrors) as info:
        SPEC.run(raw(links=LINK), {"profiles": {"BRS": np.zeros((1, 5))}})
    assert info.value.errors[0].field == "links[1].run"
    assert "finite amounts for the 3 years of this programme" in str(info.value)


def test_linked_profile_with_other_trial_count_is_refused():
    raw_n = raw(links=LINK, borrowing_rate=np.array([0.01, 0.02]))
    with pytest.raises(InputErrors) as info:
        SPEC.run(raw_n, {"profiles": {"BRS": np.zeros((3, 3))}})
    assert "pass 1 or 2 trials" in str(info.value) and info.value.errors[0].field == "links[1].run"


def test_linked_profile_with_many_trials_runs_that_many():
    profile = np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])
    outcome = SPEC.run(raw(links=LINK, investment=[{"year": 2020, "amount": 3.0}]), {"profiles": {"BRS": profile}})
    assert outcome.summary["total_funding"].tolist() == [3.0, 6.0]
    assert outcome.summary["peak_cumulative_gap"].tolist() == [2.0, 1.0]


# --- properties -----------------------------------------------------------------------------------

START = 2020


@st.composite
def programmes(draw):
    horizon = draw(st.integers(1, 12))
    amount = st.one_of(st.just(0.0), st.floats(0.01, 1e8))  # money: nothing, or at least a penny
    streams = [
        stream(
            f"S{i}",
            draw(st.integers(START, START + horizon + 1)),
            draw(amount),
            draw(st.integers(1, 8)),
            draw(st.floats(-0.05, 0.1)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    profile = [
        {
            "name": f"P{draw(st.integers(0, 1))}",
            "year": draw(st.integers(START, START + horizon)),
            "amount": draw(amount),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    investment = [
        {
            "year": draw(st.integers(START, START + horizon - 1)),
            "amount": draw(st.one_of(st.just(0.0), st.floats(0.01, 3e8))),
        }
        for _ in range(draw(st.integers(1, 4)))
    ]
    linked = draw(st.booleans())
    links = [{"name": "L", "run": "r", "line": "net", "share": draw(st.floats(0, 1))}] if linked else []
    profiles = {"L": np.array([draw(st.lists(amount, min_size=horizon, max_size=horizon))])} if linked else {}
    inputs = raw(
        start_year=START,
        horizon=horizon,
        streams=streams,
        profile=profile,
        links=links,
        investment=investment,
        optimism_bias=draw(st.floats(0, 0.5)),
        borrowing_rate=draw(st.floats(0, 0.12)),
        asset_life=draw(st.integers(1, 30)),
        repayment_policy=draw(st.sampled_from(["annuity", "straight-line MRP"])),
    )
    return inputs, profiles


def scaled(inputs: dict, profiles: dict, k: float):
    """k times every money input (fields and table columns whose unit starts with £) and profile."""
    out = dict(inputs)
    for f in SPEC.fields:
        if f.money and f.name in out:
            out[f.name] = out[f.name] * k
    for t in SPEC.tables:
        money = [c.name for c in t.columns if c.money]
        rows = inputs.get(t.name, [])
        out[t.name] = [{c: (v * k if c in money and v is not None else v) for c, v in row.items()} for row in rows]
    return out, {name: p * k for name, p in profiles.items()}


@settings(max_examples=40, deadline=None)
@given(programmes())
def test_outputs_finite_and_balances_tie(case):
    inputs, profiles = case
    outcome = SPEC.run(inputs, {"profiles": profiles})
    for name, line in outcome.lines.items():
        assert np.all(np.isfinite(line)), name
    lines = outcome.lines
    closing = lines["closing_debt"]
    opening = np.concatenate([np.zeros((1, 1)), closing[:, :-1]], axis=1)
    repaid = lines["repayment"] + lines["surplus_repayment"]
    np.testing.assert_allclose(opening + lines["borrowing_drawn"] - repaid, closing, atol=0.01)
    np.testing.assert_allclose(np.cumsum(lines["gap"], axis=1), lines["cumulative_gap"], atol=0.01)
    assert np.all(closing > -0.01) and np.all(lines["reserve"] > -0.01)
    # money never sits in the reserve while debt is owed
    assert np.all(np.minimum(closing, lines["reserve"]) < 0.01)
    # the capital account: sources + borrowing = investment + repaid from surplus + reserve
    capital = np.cumsum(
        lines["total_sources"] + lines["borrowing_drawn"] - lines["investment"] - lines["surplus_repayment"], axis=1
    )
    np.testing.assert_allclose(capital, lines["reserve"], atol=0.01)
    np.testing.assert_allclose(lines["revenue_cost"], lines["interest"] + lines["repayment"], atol=0.01)
    parts = sum(v for k, v in lines.items() if k.startswith("source:"))
    np.testing.assert_allclose(parts, lines["total_sources"], atol=0.01)
    assert all(bool(c.ok[0]) for c in outcome.checks if c.name == "Sources sum to the total")


@settings(max_examples=40, deadline=None)
@given(programmes(), st.sampled_from([0.001, 0.5, 3.0, 1000.0]))
def test_k_times_every_money_input_gives_k_times_every_money_output(case, k):
    inputs, profiles = case
    base = SPEC.run(inputs, {"profiles": profiles})
    more_inputs, more_profiles = scaled(inputs, profiles, k)
    more = SPEC.run(more_inputs, {"profiles": more_profiles})
    for name, line in base.lines.items():
        np.testing.assert_allclose(more.lines[name], k * line, rtol=1e-9, atol=1e-6 * k, err_msg=name)
    for name, value in base.summary.items():
        kind = SPEC.metric_info(name).kind
        if kind == "year":  # dated by penny thresholds (a shortfall of at least half a penny)
            continue
        expected = k * value if kind == "money" else value
        np.testing.assert_allclose(more.summary[name], expected, rtol=1e-9, atol=1e-6 * k, err_msg=name)


@settings(max_examples=40, deadline=None)
@given(programmes(), st.integers(0, 13), st.floats(0.01, 1e8), st.integers(1, 8), st.floats(-0.05, 0.1))
def test_adding_a_source_never_raises_borrowing_required(case, first, amount, years, indexation):
    inputs, profiles = case
    before = SPEC.run(inputs, {"profiles": profiles}).summary["borrowing_required"][0]
    more = dict(inputs, streams=inputs["streams"] + [stream("Extra", START + first, amount, years, indexation)])
    after = SPEC.run(more, {"profiles": profiles}).summary["borrowing_required"][0]
    assert after <= before + 1e-6 * max(1.0, before)


@settings(max_examples=20, deadline=None)
@given(programmes(), st.lists(st.floats(0, 0.12), min_size=3, max_size=3))
def test_trials_at_once_equal_trials_one_by_one(case, rates):
    inputs, profiles = case
    together = SPEC.run(dict(inputs, borrowing_rate=np.array(rates)), {"profiles": profiles})
    for i, rate in enumerate(rates):
        alone = SPEC.run(dict(inputs, borrowing_rate=rate), {"profiles": profiles})
        for name, line in alone.lines.items():
            np.testing.assert_allclose(together.lines[name][i], line[0], rtol=1e-12, atol=1e-6, err_msg=name)


@settings(max_examples=15, deadline=None)
@given(programmes(), st.integers(0, 2**32 - 1))
def test_many_trials_held_years_first_equal_the_same_trials_run_in_parts_to_the_bit(case, seed):
    """A run of more trials than models.core.years.FEW_TRIALS works its running totals year by year
    on years-first lines; the same trials run in parts of fewer take numpy's own cumsum. Every
    number agrees to the last bit, and every line that differs by trial is held years-first (so a
    Monte Carlo sorts it where it lies) while a line the same in every trial is one row spread."""
    inputs, profiles = case
    rng = np.random.default_rng(seed)
    n = 2 * 50
    varied = dict(optimism_bias=rng.uniform(0, 0.5, n), borrowing_rate=rng.uniform(0, 0.12, n))
    whole = SPEC.run(dict(inputs, **varied), {"profiles": profiles})
    parts = [
        SPEC.run(dict(inputs, **{k: v[i : i + 50] for k, v in varied.items()}), {"profiles": profiles}) for i in (0, 50)
    ]
    for name, line in whole.lines.items():
        joined = np.concatenate([np.broadcast_to(p.lines[name], (50, line.shape[1])) for p in parts])
        assert np.ascontiguousarray(line).tobytes() == np.ascontiguousarray(joined).tobytes(), name
        assert line.strides[0] == 0 or (line.T.flags.c_contiguous and line.flags.writeable), name
    for name, value in whole.summary.items():
        joined = np.concatenate([p.summary[name] for p in parts])
        assert np.asarray(value).tobytes() == joined.tobytes(), name
    for check in whole.checks:
        joined = [c for p in parts for c in p.checks if c.name == check.name]
        assert np.array_equal(check.ok, np.concatenate([c.ok for c in joined])), check.name
        if check.year is not None:
            assert np.array_equal(check.year, np.concatenate([np.broadcast_to(c.year, (50,)) for c in joined]))


# --- capital and revenue, MRP timing, prudential limits --------------------------------------------


def test_revenue_source_does_not_finance_capital_but_a_declared_contribution_does():
    plan = [{"year": 2020, "amount": 100.0, "kind": "capital"}]
    revenue = run(streams=[dict(stream(annual_amount=30.0, years=1), kind="revenue")], investment=plan)
    assert revenue.summary["borrowing_required"] == pytest.approx(100.0)
    assert revenue.annual["revenue_balance"].tolist()[0] == pytest.approx(30.0)
    declared = run(
        streams=[dict(stream(annual_amount=30.0, years=1), kind="revenue contribution to capital")], investment=plan
    )
    assert declared.summary["borrowing_required"] == pytest.approx(70.0)


def test_revenue_spending_is_not_borrowed_for_and_a_shortfall_is_a_check():
    # capital grant 50, revenue spending 20 in 2020-21: a capital grant cannot meet revenue costs
    r = run(
        streams=[stream(annual_amount=50.0, years=1)], investment=[{"year": 2020, "amount": 20.0, "kind": "revenue"}]
    )
    assert r.summary["borrowing_required"] == 0.0
    c = check(r, "Revenue costs met from revenue")
    assert not c.ok and c.year == "2020-21" and c.amount == pytest.approx(20.0)
    assert check(r, "Borrowing for capital only").ok


def test_interest_and_mrp_land_on_the_revenue_side():
    # borrow 100 at 5% in 2020-21, straight line over 2 years: 2021-22 interest 5 + MRP 50; 2022-23 2.5 + 50
    r = run(streams=[dict(stream(annual_amount=60.0), kind="revenue")], investment=[{"year": 2020, "amount": 100.0}])
    assert r.annual["revenue_cost"].tolist() == pytest.approx([0.0, 55.0, 52.5])
    assert r.annual["revenue_balance"].tolist() == pytest.approx([60.0, 5.0, 7.5])
    assert check(r, "Revenue costs met from revenue").ok


def test_mrp_starts_the_year_after_the_asset_comes_into_use():
    r = run(investment=[{"year": 2020, "amount": 100.0}], years_to_use=1, borrowing_rate=0.0)
    assert r.annual["repayment"].tolist() == pytest.approx([0.0, 0.0, 50.0])


def test_debt_cap_operational_boundary_and_financing_cost_ratio():
    limits = [
        {"year": 2020, "debt_cap": 90.0, "operational_boundary": 120.0, "net_revenue_stream": 1000.0},
        {"year": 2021, "net_revenue_stream": 500.0, "authorised_limit": 40.0},
    ]
    r = run(investment=[{"year": 2020, "amount": 100.0}], limits=limits)
    cap = check(r, "Within the debt cap")
    assert not cap.ok and cap.year == "2020-21" and cap.amount == pytest.approx(10.0)
    assert check(r, "Within the operational boundary").ok
    # 2021-22: debt 100 - MRP 50 = 50 against the authorised limit of 40
    limit_check = check(r, "Within the authorised limit")
    assert not limit_check.ok and limit_check.year == "2021-22" and limit_check.amount == pytest.approx(10.0)
    ratio = r.annual["ratio:General Fund"].tolist()
    assert ratio[0] == 0.0 and ratio[1] == pytest.approx((5.0 + 50.0) / 500.0) and np.isnan(ratio[2])
    assert r.annual["cfr"].tolist() == pytest.approx(r.annual["closing_debt"].tolist())
    assert "ratio:General Fund" not in run(investment=[{"year": 2020, "amount": 100.0}]).annual


@settings(max_examples=40, deadline=None)
@given(programmes(), st.integers(0, 13), st.floats(0.01, 1e8), st.integers(1, 8))
def test_a_revenue_stream_never_reduces_borrowing_for_capital(case, first, amount, years):
    inputs, profiles = case
    before = SPEC.run(inputs, {"profiles": profiles}).summary["borrowing_required"][0]
    extra = dict(stream("Revenue", START + first, amount, years), kind="revenue")
    after = SPEC.run(dict(inputs, streams=inputs["streams"] + [extra]), {"profiles": profiles})
    assert after.summary["borrowing_required"][0] == before
