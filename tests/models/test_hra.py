"""The HRA business plan model and its borrowing-cap solvers (MODELS.md section 4)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.errors import InputErrors
from models.hra.model import SPEC
from models.hra.solvers import cap_needed, max_extra_units
from tests.models.scaling import money_scaled

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hra-borrowing-cap.json"


def plain(**over) -> dict:
    """A plan with nothing in it but what a test sets: every rate, cost and flow zero."""
    raw = {
        "start_year": 2020,
        "horizon": 3,
        "opening_stock": 1000.0,
        "weekly_rent": 100.0,
        "rent_weeks": 52,
        "rent_change": 0.0,
        "rent_path": [],
        "void_rate": 0.0,
        "bad_debt_rate": 0.0,
        "other_income_per_unit": 0.0,
        "rtb_sales": 0.0,
        "rtb_receipt": 0.0,
        "rtb_retained_share": 0.0,
        "rtb_max_share_of_cost": 0.3,
        "rtb_spend_years": None,
        "new_build": [],
        "extra_units_per_year": 0.0,
        "extra_cost_per_unit": 0.0,
        "extra_grant_share": 0.0,
        "extra_weekly_rent": 0.0,
        "extra_first_year": None,
        "extra_years": None,
        "management_per_unit": 0.0,
        "repairs_per_unit": 0.0,
        "major_repairs_per_unit": 0.0,
        "cost_inflation": 0.0,
        "opening_debt": 0.0,
        "existing_debt_rate": 0.0,
        "new_debt_rate": 0.0,
        "debt_cap": None,
        "opening_balance": 0.0,
        "minimum_balance": 0.0,
        "icr_threshold": 1.25,
        "surplus_repays_debt": False,
    }
    raw.update(over)
    return raw


def one(raw: dict):
    return SPEC.run(raw).trial(0)


def check(result, name: str):
    return next(c for c in result.checks if c.name == name)


# ---------------------------------------------------------------- hand-worked cases


def test_rents_costs_interest_and_cover_by_hand():
    r = one(
        plain(
            horizon=2,
            rent_change=0.03,
            void_rate=0.02,
            bad_debt_rate=0.01,
            other_income_per_unit=50.0,
            management_per_unit=500.0,
            repairs_per_unit=600.0,
            major_repairs_per_unit=400.0,
            cost_inflation=0.02,
            opening_debt=10_000_000.0,
            existing_debt_rate=0.04,
        )
    )
    a = r.annual
    gross0 = 1000 * 100.0 * 52  # average stock × weekly rent × rent weeks
    net0 = gross0 * (1 - 0.02) * (1 - 0.01)
    noi0 = net0 + 50.0 * 1000 - (500.0 + 600.0 + 400.0) * 1000
    assert a["gross_rent"].iloc[0] == pytest.approx(5_200_000.0)
    assert a["net_rent"].iloc[0] == pytest.approx(net0)
    assert a["noi"].iloc[0] == pytest.approx(noi0)
    assert a["interest"].iloc[0] == pytest.approx(10_000_000.0 * 0.04)
    assert a["interest_cover"].iloc[0] == pytest.approx(noi0 / 400_000.0)
    assert a["rent_per_unit"].iloc[0] == pytest.approx(100.0 * 52)
    gross1 = gross0 * 1.03
    noi1 = gross1 * 0.98 * 0.99 + 50.0 * 1000 * 1.02 - 1500.0 * 1000 * 1.02
    assert a["gross_rent"].iloc[1] == pytest.approx(gross1)
    assert a["management"].iloc[1] == pytest.approx(500.0 * 1000 * 1.02)
    assert a["noi"].iloc[1] == pytest.approx(noi1)
    assert a["surplus"].iloc[1] == pytest.approx(noi1 - 400_000.0)
    assert a["closing_balance"].iloc[1] == pytest.approx(noi0 - 400_000.0 + noi1 - 400_000.0)


def test_stock_right_to_buy_and_the_funding_waterfall_by_hand():
    r = one(
        plain(
            horizon=2,
            opening_stock=100.0,
            rtb_sales=10.0,
            rtb_receipt=50_000.0,
            rtb_retained_share=0.5,
            rent_change=0.1,
            cost_inflation=0.02,
            opening_balance=1_000_000.0,
            minimum_balance=800_000.0,
            new_build=[
                {"year": "2021-22", "units": 20, "cost_per_unit": 150_000.0, "grant_share": 0.1, "weekly_rent": 120.0}
            ],
        )
    )
    a = r.annual
    assert a["opening_stock"].tolist() == [100.0, 90.0]
    assert a["homes_sold"].tolist() == [10.0, 10.0]
    assert a["homes_built"].tolist() == [0.0, 20.0]
    assert a["closing_stock"].tolist() == [90.0, 100.0]
    assert a["gross_rent"].iloc[0] == pytest.approx(52 * 100.0 * (100 + 90) / 2)
    # year 1: old homes average (90 + 80) / 2; the 20 new homes count for half the year
    gross1 = 52 * 1.1 * (100.0 * (90 + 80) / 2 + 120.0 * 20 * 0.5)
    assert a["gross_rent"].iloc[1] == pytest.approx(gross1)
    assert a["rent_per_unit"].iloc[1] == pytest.approx(gross1 / ((90 + 100) / 2))
    cost = 20 * 150_000.0 * 1.02
    assert a["new_build_cost"].iloc[1] == pytest.approx(cost)
    assert a["grant"].iloc[1] == pytest.approx(cost * 0.1)
    assert a["receipts_retained"].tolist() == [10 * 50_000.0 * 0.5] * 2
    assert a["receipts_used"].iloc[1] == pytest.approx(500_000.0)  # the whole pot: under 30% of the cost
    balance = 1_000_000.0 + 52 * 100.0 * 95 + gross1  # both years' surpluses added
    assert a["balance_used"].iloc[1] == pytest.approx(balance - 800_000.0)
    borrowed = cost - cost * 0.1 - 500_000.0 - (balance - 800_000.0)
    assert a["new_borrowing"].iloc[1] == pytest.approx(borrowed)
    assert a["closing_balance"].iloc[1] == pytest.approx(800_000.0)
    assert a["closing_debt"].iloc[1] == pytest.approx(borrowed)


def test_surpluses_repay_new_borrowing_first_then_existing_debt():
    r = one(
        plain(
            opening_stock=100.0,
            opening_debt=1_000_000.0,
            existing_debt_rate=0.05,
            new_debt_rate=0.10,
            surplus_repays_debt=True,
            new_build=[{"year": 2020, "units": 5, "cost_per_unit": 100_000.0, "grant_share": 0.0, "weekly_rent": 0.0}],
        )
    )
    a = r.annual
    rent = 52 * 100.0 * 100
    assert a["balance_used"].iloc[0] == pytest.approx(rent - 50_000.0)
    assert a["new_borrowing"].iloc[0] == pytest.approx(500_000.0 - (rent - 50_000.0))  # 30,000
    assert a["interest_new"].iloc[1] == pytest.approx(30_000.0 * 0.10)
    repaid1 = rent - 1_000_000.0 * 0.05 - 30_000.0 * 0.10
    assert a["debt_repaid"].iloc[1] == pytest.approx(repaid1)
    assert a["closing_debt"].iloc[1] == pytest.approx(1_030_000.0 - repaid1)
    # the 30,000 of new borrowing went first, so year 2 pays no new-rate interest
    assert a["interest_new"].iloc[2] == pytest.approx(0.0)
    assert a["interest_existing"].iloc[2] == pytest.approx((1_000_000.0 - (repaid1 - 30_000.0)) * 0.05)
    assert a["closing_balance"].tolist() == pytest.approx([0.0, 0.0, 0.0])


def test_receipts_are_spent_oldest_first_and_paid_over_after_the_deadline():
    r = one(
        plain(
            horizon=4,
            rtb_sales=1.0,
            opening_stock=10.0,
            rtb_receipt=100_000.0,
            rtb_retained_share=1.0,
            rtb_spend_years=2,
            rtb_max_share_of_cost=0.05,
            new_build=[
                {"year": 2022, "units": 1, "cost_per_unit": 1_000_000.0, "grant_share": 0.0, "weekly_rent": 0.0}
            ],
        )
    )
    a = r.annual
    assert a["receipts_retained"].tolist() == [100_000.0] * 4
    # 2022-23: 50,000 (5% of the cost) spent from 2020-21's receipts; the rest of them is due back
    assert a["receipts_used"].tolist() == pytest.approx([0.0, 0.0, 50_000.0, 0.0])
    assert a["receipts_returned"].tolist() == pytest.approx([0.0, 0.0, 100_000.0 - 50_000.0, 100_000.0])
    assert a["receipts_unspent"].tolist() == pytest.approx([100_000.0, 200_000.0, 200_000.0, 200_000.0])
    assert r.summary["receipts_returned"] == pytest.approx(150_000.0)


def test_receipts_never_pay_more_than_their_share_of_a_home():
    r = one(
        plain(
            horizon=1,
            rtb_sales=10.0,
            rtb_receipt=100_000.0,
            rtb_retained_share=1.0,
            new_build=[{"year": 2020, "units": 4, "cost_per_unit": 200_000.0, "grant_share": 0.0, "weekly_rent": 0.0}],
        )
    )
    assert r.annual["receipts_used"].iloc[0] == pytest.approx(0.30 * 4 * 200_000.0)
    assert r.annual["receipts_unspent"].iloc[0] == pytest.approx(1_000_000.0 - 240_000.0)


def test_rent_path_overrides_the_annual_change_for_its_years():
    r = one(plain(rent_change=0.05, rent_path=[{"year": "2021-22", "rate": -0.01}]))
    rent = r.annual["gross_rent"].tolist()
    assert rent == pytest.approx([5_200_000.0, 5_200_000.0 * 0.99, 5_200_000.0 * 0.99 * 1.05])


def test_extra_homes_are_costed_granted_and_let_from_their_first_year():
    r = one(
        plain(
            extra_units_per_year=10.0,
            extra_cost_per_unit=100_000.0,
            extra_grant_share=0.25,
            extra_weekly_rent=50.0,
            extra_first_year=2021,
            extra_years=1,
            cost_inflation=0.1,
        )
    )
    a = r.annual
    assert a["homes_built"].tolist() == [0.0, 10.0, 0.0]
    assert a["new_build_cost"].tolist() == pytest.approx([0.0, 10 * 100_000.0 * 1.1, 0.0])
    assert a["grant"].tolist() == pytest.approx([0.0, 10 * 100_000.0 * 1.1 * 0.25, 0.0])
    assert a["gross_rent"].tolist() == pytest.approx(
        [5_200_000.0, 52 * (100.0 * 1000 + 50.0 * 10 * 0.5), 52 * (100.0 * 1000 + 50.0 * 10)]
    )
    assert r.summary["homes_built"] == 10.0


def test_right_to_buy_stops_when_the_old_homes_run_out():
    r = one(plain(opening_stock=25.0, rtb_sales=10.0))
    assert r.annual["homes_sold"].tolist() == [10.0, 10.0, 5.0]
    assert r.annual["closing_stock"].tolist() == [15.0, 5.0, 0.0]


# ---------------------------------------------------------------- limits and boundaries


def test_debt_exactly_at_the_cap_is_not_a_breach_and_one_pound_over_is():
    at = one(plain(opening_debt=5_000_000.0, debt_cap=5_000_000.0))
    assert check(at, "Debt cap").ok and at.summary["first_cap_breach_year"] is None
    assert at.summary["min_headroom"] == 0.0
    over = one(plain(opening_debt=5_000_000.0, debt_cap=4_999_999.0))
    c = check(over, "Debt cap")
    assert not c.ok and c.year == "2020-21" and c.amount == pytest.approx(1.0)
    assert over.summary["first_cap_breach_year"] == "2020-21"
    assert over.summary["min_headroom"] == pytest.approx(-1.0)


def test_no_cap_means_no_headroom_and_no_breach():
    r = one(plain(opening_debt=5_000_000.0))
    assert np.isnan(r.annual["headroom"]).all()
    assert r.summary["min_headroom"] is None and r.summary["min_headroom_year"] is None
    assert check(r, "Debt cap").ok and check(r, "Debt cap").message == "No debt cap is set."


def test_balance_below_the_minimum_names_year_and_shortfall():
    r = one(plain(opening_balance=1_000_000.0, minimum_balance=800_000.0, management_per_unit=150.0, weekly_rent=0.0))
    # 150,000 a year of costs and no rent: 850,000 then 700,000
    c = check(r, "Minimum balance")
    assert not c.ok and c.year == "2021-22" and c.amount == pytest.approx(800_000.0 - 700_000.0)
    assert r.summary["first_balance_breach_year"] == "2021-22"


def test_interest_cover_below_threshold_reports_the_shortfall_in_cover():
    # NOI 5,200,000 against interest 4,400,000: cover 1.1818, 0.0682 under 1.25
    r = one(plain(opening_debt=110_000_000.0, existing_debt_rate=0.04))
    c = check(r, "Interest cover")
    assert not c.ok and c.year == "2020-21"
    assert c.amount == pytest.approx(1.25 - 5_200_000.0 / 4_400_000.0)
    assert r.summary["first_icr_breach_year"] == "2020-21"
    assert (
        one(plain(opening_debt=110_000_000.0, existing_debt_rate=0.04, icr_threshold=1.18)).summary[
            "first_icr_breach_year"
        ]
        is None
    )


def test_a_year_without_interest_cannot_breach_cover():
    r = one(plain(weekly_rent=0.0, management_per_unit=10.0))
    assert np.isnan(r.annual["interest_cover"]).all() and check(r, "Interest cover").ok
    assert r.summary["min_interest_cover"] is None


def test_tie_outs_pass_on_the_defaults():
    r = one(SPEC.defaults())
    assert [c.name for c in r.checks] == [
        "HRA in debit",
        "Debt cap",
        "Rent limit",
        "Right to Buy receipts' share",
        "Right to Buy spend window",
        "Minimum balance",
        "Interest cover",
        "Rent Standard",
        "Debt tie-out",
        "Balance tie-out",
        "Stock tie-out",
        "Funding tie-out",
        "Reserve tie-out",
        "Receipts tie-out",
    ]
    assert all(c.ok for c in r.checks)


@pytest.mark.parametrize("block_years", [4, 30])  # blocks of 4 years: the pot's carry crosses their edges
def test_a_tie_out_that_breaks_is_found_in_its_year_with_its_gap(monkeypatch, block_years):
    """The block-by-block check finds a break anywhere, and the whole-array path then says where."""
    import models.hra.ties as ties
    from models.hra.model import _tie_outs

    monkeypatch.setattr(ties, "BLOCK_BYTES", 8 * 3 * block_years)

    three = SPEC.run(dict(SPEC.defaults(), new_debt_rate=np.array([0.02, 0.03, 0.06]), extra_units_per_year=5.0))
    lines = {k: np.ascontiguousarray(v.T).T for k, v in three.lines.items()}  # each its own memory: none carried
    assert np.count_nonzero(lines["receipts_unspent"]) > 60  # receipts wait in the pot across blocks of years
    assert all(c.ok.all() for c in _tie_outs(lines))
    year = 29  # the last year, in the last block
    lines["closing_debt"][1, year] += 5.0
    lines["receipts_unspent"][2, 10] += 0.02  # breaks the pot in year 10, and the carry into year 11
    lines["opening_stock"][0, 4] += 0.5  # breaks the stock flow in year 4 and its carry from year 3
    found = {c.name: c for c in _tie_outs(lines)}
    debt, pot, stock = found["Debt tie-out"], found["Receipts tie-out"], found["Stock tie-out"]
    assert debt.ok.tolist() == [True, False, True] and debt.year[1] == year and debt.amount[1] == pytest.approx(-5.0)
    assert pot.ok.tolist() == [True, True, False] and pot.year[2] == 10 and pot.amount[2] == pytest.approx(-0.02)
    assert stock.ok.tolist() == [False, True, True] and stock.year[0] == 3 and stock.amount[0] == pytest.approx(-0.5)
    assert found["Balance tie-out"].ok.all() and found["Funding tie-out"].ok.all()


# ---------------------------------------------------------------- errors


def _message(**over) -> str:
    with pytest.raises(InputErrors) as err:
        SPEC.run(plain(**over))
    return str(err.value)


def test_rent_weeks_outside_48_to_53_is_refused():
    msg = _message(rent_weeks=47)
    assert "rent_weeks" in msg and "47" in msg and "from 48 to 53" in msg


def test_a_void_rate_above_100_percent_is_refused():
    msg = _message(void_rate=1.2)
    assert "void_rate" in msg and "from 0% to 100%" in msg


def test_a_negative_stock_is_refused():
    msg = _message(opening_stock=-5.0)
    assert "opening_stock" in msg and "-5" in msg and "at least 0" in msg


def test_a_new_build_year_outside_the_plan_is_refused():
    msg = _message(new_build=[{"year": 2030, "units": 1, "cost_per_unit": 1.0, "grant_share": 0.0, "weekly_rent": 0.0}])
    assert "new_build[1].year" in msg and "2030" in msg
    assert "from 2020 (2020-21) to 2022 (2022-23)" in msg


def test_a_rent_path_year_in_the_first_year_is_refused():
    msg = _message(rent_path=[{"year": 2020, "rate": 0.01}])
    assert "rent_path[1].year" in msg and "2020" in msg and "from 2021 (2021-22) to 2022 (2022-23)" in msg


def test_a_rent_path_year_given_twice_is_refused():
    msg = _message(rent_path=[{"year": 2021, "rate": 0.01}, {"year": "2021-22", "rate": 0.02}])
    assert "rent_path[2].year" in msg and "2021" in msg and "each year of the rent path once" in msg


def test_extra_homes_starting_outside_the_plan_are_refused():
    msg = _message(extra_first_year=2024)
    assert "extra_first_year" in msg and "2024" in msg and "from 2020 (2020-21) to 2022 (2022-23)" in msg


# ---------------------------------------------------------------- solvers


def test_max_extra_units_by_hand():
    # one year of extra homes at £100,000, no income and no balance: all borrowed, so the cap allows
    # floor(1,050,000 / 100,000)
    raw = plain(weekly_rent=0.0, extra_cost_per_unit=100_000.0, extra_years=1, debt_cap=1_050_000.0)
    assert max_extra_units(raw) == 1_050_000 // 100_000
    assert one(dict(raw, extra_units_per_year=10)).summary["within_limits"]
    assert not one(dict(raw, extra_units_per_year=11)).summary["within_limits"]


def test_max_extra_units_edges():
    never = plain(weekly_rent=0.0, opening_balance=0.0, minimum_balance=1.0)  # below the minimum already
    assert max_extra_units(never) == -1
    free = plain(extra_cost_per_unit=0.0, extra_weekly_rent=10.0)  # each home pays for itself
    assert max_extra_units(free) == math.inf
    assert max_extra_units(free, ceiling=40) == 40


def test_cap_needed_is_the_peak_debt_and_meets_the_cap_exactly():
    raw = plain(
        weekly_rent=0.0,
        opening_debt=5_000_000.0,
        extra_units_per_year=10.0,
        extra_cost_per_unit=100_000.0,
        extra_years=1,
    )
    need = cap_needed(raw)
    assert need == pytest.approx(5_000_000.0 + 10 * 100_000.0)
    assert check(one(dict(raw, debt_cap=need)), "Debt cap").ok
    assert not check(one(dict(raw, debt_cap=need - 1.0)), "Debt cap").ok


def test_solvers_take_trials_and_answer_each():
    raw = dict(SPEC.defaults(), new_debt_rate=np.array([0.02, 0.03, 0.06]))
    together = max_extra_units(raw)
    apart = [max_extra_units(dict(raw, new_debt_rate=r)) for r in (0.02, 0.03, 0.06)]
    assert together.tolist() == apart and apart[0] >= apart[1] >= apart[2]
    needs = cap_needed(dict(raw, extra_units_per_year=20.0))
    assert needs.tolist() == [
        cap_needed(dict(raw, new_debt_rate=r, extra_units_per_year=20.0)) for r in (0.02, 0.03, 0.06)
    ]


def test_the_example_runs_at_the_solver_answers():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    runs = {run["name"]: run["inputs"] for run in data["runs"]}
    assert set(runs) == {"Statutory cap", "Raised cap"}
    built = {}
    for name, inputs in runs.items():
        k = inputs["extra_units_per_year"]
        assert max_extra_units(inputs) == k
        r = one(inputs)
        assert r.summary["within_limits"] and all(c.ok for c in r.checks)
        assert not one(dict(inputs, extra_units_per_year=k + 1)).summary["within_limits"]
        assert cap_needed(inputs) <= inputs["debt_cap"]
        built[name] = r.summary["homes_built"]
    assert built["Raised cap"] > built["Statutory cap"]


# ---------------------------------------------------------------- properties

FL = dict(allow_nan=False, allow_infinity=False, allow_subnormal=False)  # 5e-324 homes mean nothing


@st.composite
def plans(draw) -> dict:
    horizon = draw(st.integers(1, 12))
    year = st.integers(2020, 2020 + horizon - 1)
    row = st.fixed_dictionaries(
        {
            "year": year,
            "units": st.floats(0, 60, **FL),
            "cost_per_unit": st.floats(0, 250_000, **FL),
            "grant_share": st.floats(0, 1, **FL),
            "weekly_rent": st.floats(0, 200, **FL),
        }
    )
    money = lambda hi: st.floats(0, hi, **FL)  # noqa: E731
    return plain(
        horizon=horizon,
        opening_stock=draw(money(8000)),
        weekly_rent=draw(money(200)),
        rent_weeks=draw(st.integers(48, 53)),
        rent_change=draw(st.floats(-0.05, 0.1, **FL)),
        void_rate=draw(st.floats(0, 0.2, **FL)),
        bad_debt_rate=draw(st.floats(0, 0.2, **FL)),
        other_income_per_unit=draw(money(500)),
        rtb_sales=draw(money(80)),
        rtb_receipt=draw(money(150_000)),
        rtb_retained_share=draw(st.floats(0, 1, **FL)),
        rtb_max_share_of_cost=draw(st.floats(0, 1, **FL)),
        rtb_spend_years=draw(st.one_of(st.none(), st.integers(1, 5))),
        new_build=draw(st.lists(row, max_size=3)),
        extra_units_per_year=draw(money(40)),
        extra_cost_per_unit=draw(money(250_000)),
        extra_grant_share=draw(st.floats(0, 1, **FL)),
        extra_weekly_rent=draw(money(200)),
        extra_first_year=draw(st.one_of(st.none(), year)),
        extra_years=draw(st.one_of(st.none(), st.integers(1, 5))),
        management_per_unit=draw(money(2000)),
        repairs_per_unit=draw(money(2000)),
        major_repairs_per_unit=draw(money(2000)),
        cost_inflation=draw(st.floats(-0.02, 0.08, **FL)),
        opening_debt=draw(money(2e8)),
        existing_debt_rate=draw(st.floats(0, 0.1, **FL)),
        new_debt_rate=draw(st.floats(0, 0.1, **FL)),
        debt_cap=draw(st.one_of(st.none(), money(3e8))),
        opening_balance=draw(money(2e7)),
        minimum_balance=draw(money(1e7)),
        icr_threshold=draw(st.floats(0, 3, **FL)),
        surplus_repays_debt=draw(st.booleans()),
    )


def _ties(a, opening: str, closing: str, flows) -> None:
    move = sum(sign * a[name].to_numpy() for sign, name in flows)
    np.testing.assert_allclose(a[opening].to_numpy() + move, a[closing].to_numpy(), rtol=0, atol=0.01)
    np.testing.assert_allclose(a[closing].to_numpy()[:-1], a[opening].to_numpy()[1:], rtol=0, atol=0.01)


@settings(max_examples=40, deadline=None)
@given(raw=plans())
def test_outputs_are_finite_and_every_balance_ties(raw):
    r = one(raw)
    a = r.annual
    for name in a.columns:
        values = a[name].to_numpy()
        if name == "headroom" and raw["debt_cap"] is None:
            assert np.isnan(values).all()
        elif name == "interest_cover":  # blank exactly where there is no interest (or a sliver of it)
            assert not np.isinf(values).any()
            assert np.isnan(values[a["interest"].to_numpy() == 0]).all()
        elif name in ("consolidated_rate", "debt_per_home"):  # blank without debt or homes
            assert not np.isinf(values).any()
        else:
            assert np.isfinite(values).all(), name
    _ties(a, "opening_debt", "closing_debt", [(1, "new_borrowing"), (-1, "debt_repaid")])
    _ties(a, "opening_balance", "closing_balance", [(1, "surplus"), (-1, "balance_used"), (-1, "debt_repaid")])
    _ties(a, "opening_stock", "closing_stock", [(-1, "homes_sold"), (1, "homes_built")])
    np.testing.assert_allclose(
        a["grant"] + a["receipts_used"] + a["balance_used"] + a["new_borrowing"], a["new_build_cost"], rtol=0, atol=0.01
    )
    pot = np.cumsum(a["receipts_retained"] - a["receipts_used"] - a["receipts_returned"])
    np.testing.assert_allclose(pot, a["receipts_unspent"], rtol=0, atol=0.01)
    assert (a["closing_debt"] >= -0.01).all() and (a["receipts_unspent"] >= -0.01).all()
    assert all(c.ok for c in r.checks if "tie-out" in c.name)


@settings(max_examples=40, deadline=None)
@given(raw=plans(), which=st.sampled_from(["existing_debt_rate", "new_debt_rate"]), more=st.floats(0.0001, 0.1, **FL))
def test_a_higher_interest_rate_never_lowers_total_interest(raw, which, more):
    low = one(raw).summary["total_interest"]
    high = one(dict(raw, **{which: raw[which] + more})).summary["total_interest"]
    assert high >= low - 1e-9 * max(1.0, abs(low))


@settings(max_examples=40, deadline=None)
@given(raw=plans(), k=st.sampled_from([0.5, 3.0, 1000.0]))
def test_k_times_every_money_input_gives_k_times_every_money_output(raw, k):
    base, big = one(raw), one(money_scaled(SPEC, raw, k))
    money = [line.name for line in SPEC.lines if line.unit.startswith("£")]
    scale = max(np.nanmax(np.abs(base.annual[money].to_numpy())), 1.0)  # rounding is relative to this
    for line in SPEC.lines:
        got, want = big.annual[line.name].to_numpy(), base.annual[line.name].to_numpy()
        if line.name in money:
            np.testing.assert_allclose(got, want * k, rtol=1e-9, atol=1e-9 * k * scale, err_msg=line.name)
        elif line.name == "interest_cover":  # a ratio: compare where there is interest worth a penny
            real = base.annual["interest"].to_numpy() >= 0.01
            np.testing.assert_allclose(got[real], want[real], rtol=1e-6, err_msg=line.name)
        else:
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, err_msg=line.name)
    for m in SPEC.metrics:
        if m.kind == "money" and base.summary[m.name] is not None:
            assert big.summary[m.name] == pytest.approx(base.summary[m.name] * k, rel=1e-9, abs=1e-9 * k * 1e9), m.name


@settings(max_examples=40, deadline=None)
@given(raw=plans(), data=st.data())
def test_an_array_of_trials_equals_scalar_runs(raw, data):
    varied = {
        "weekly_rent": st.floats(0, 200, **FL),
        "new_debt_rate": st.floats(0, 0.1, **FL),
        "rtb_sales": st.floats(0, 80, **FL),
        "extra_units_per_year": st.floats(0, 40, **FL),
        "minimum_balance": st.floats(0, 1e7, **FL),
    }
    values = {name: np.array(data.draw(st.lists(s, min_size=3, max_size=3))) for name, s in varied.items()}
    together = SPEC.run(dict(raw, **values))
    for i in range(3):
        single = one(dict(raw, **{name: float(v[i]) for name, v in values.items()}))
        got = together.trial(i)
        np.testing.assert_allclose(got.annual.to_numpy(), single.annual.to_numpy(), rtol=1e-12, atol=1e-9)
        for name, value in single.summary.items():
            same = pytest.approx(value, rel=1e-12) if isinstance(value, float) else value
            assert got.summary[name] == same, name
        assert [(c.ok, c.year) for c in got.checks] == [(c.ok, c.year) for c in single.checks]


@st.composite
def near_defaults(draw) -> dict:
    """The default plan with its money, rates and cap moved: plans where the answer is a number."""
    raw = SPEC.defaults()
    raw.update(
        weekly_rent=draw(st.floats(70, 110, **FL)),
        new_debt_rate=draw(st.floats(0.01, 0.06, **FL)),
        debt_cap=draw(st.floats(8e7, 2e8, **FL)),
        extra_cost_per_unit=draw(st.floats(80_000, 250_000, **FL)),
        extra_years=draw(st.one_of(st.none(), st.integers(1, 10))),
        surplus_repays_debt=draw(st.booleans()),
    )
    return raw


@settings(max_examples=30, deadline=None)
@given(raw=st.one_of(plans(), near_defaults()))
def test_max_extra_units_keeps_every_limit_and_one_more_home_breaks_one(raw):
    k = max_extra_units(raw)
    if k == -1:
        assert not one(dict(raw, extra_units_per_year=0.0)).summary["within_limits"]
    elif math.isfinite(k):
        assert one(dict(raw, extra_units_per_year=float(k))).summary["within_limits"]
        assert not one(dict(raw, extra_units_per_year=float(k + 1))).summary["within_limits"]
    else:
        ceiling = math.floor(max(10.0 * raw["opening_stock"], 1000.0))  # the default ceiling passes
        assert one(dict(raw, extra_units_per_year=float(ceiling))).summary["within_limits"]
