"""The deeper HRA business plan: archetypes, the Rent Standard, investment and the Major Repairs
Reserve, the loan book, and new homes built over time (models.hra.book, rents, investment, loans)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.errors import InputErrors
from models.hra.model import LINES, SPEC
from models.hra.solvers import max_extra_units
from tests.models.test_hra import FL, check, one, plain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def archetype(**over) -> dict:
    row = {"name": "Houses", "tenure": "Social Rent", "homes": 1000.0, "weekly_rent": 100.0, "formula_rent": 0.0}
    row |= {"service_charge": 0.0, "void_rate": 0.0, "bad_debt_rate": 0.0, "rtb_sales": 0.0}
    return row | {"market_rent": 0.0, "lha": 0.0} | over


def as_archetype(raw: dict) -> dict:
    """The simple plan's stock and rent inputs as one archetype."""
    row = archetype(
        homes=raw["opening_stock"],
        weekly_rent=raw["weekly_rent"],
        void_rate=raw["void_rate"],
        bad_debt_rate=raw["bad_debt_rate"],
        rtb_sales=raw["rtb_sales"],
    )
    return dict(raw, archetypes=[row])


def assert_same_lines(a, b) -> None:
    for item in LINES:
        x, y = a.annual[item.name].to_numpy(), b.annual[item.name].to_numpy()
        np.testing.assert_allclose(x, y, rtol=0, atol=0.01, equal_nan=True, err_msg=item.name)


# ---------------------------------------------------------------- one archetype is today's model


def test_one_archetype_reproduces_the_simple_plan_to_the_penny():
    raw = SPEC.defaults()
    assert_same_lines(one(raw), one(as_archetype(raw)))
    data = json.loads((EXAMPLES / "hra-borrowing-cap.json").read_text(encoding="utf-8"))
    for run in data["runs"]:
        simple = dict(SPEC.defaults(), **run["inputs"])
        assert_same_lines(one(simple), one(as_archetype(simple)))


def test_empty_new_tables_change_nothing():
    raw = SPEC.defaults()
    empty = dict(raw, archetypes=[], loans=[], components=[], works=[])
    assert_same_lines(one(raw), one(empty))


# ---------------------------------------------------------------- rents under the Rent Standard


def test_social_rent_converges_on_formula_rent_and_stops_there():
    limit = [{"year": y, "cpi": 0.02, "over_cpi": 0.01, "convergence": 2.0} for y in (2028, 2029, 2030)]
    raw = plain(
        start_year=2027,
        horizon=4,
        rents_follow="rent limit",
        rent_limit=limit,
        archetypes=[archetype(homes=100.0, formula_rent=104.0)],
    )
    r = one(raw)
    # 2028: 100 × 1.03 = 103, + the £2 allowance (formula 107.12 is further off): 105
    # 2029: 105 × 1.03 = 108.15, + £2 (formula 110.3336): 110.15
    # 2030: 110.15 × 1.03 = 113.4545, formula 113.643608 is within £2: formula rent
    np.testing.assert_allclose(r.annual["average_rent"], [100, 105, 110.15, 113.643608], atol=1e-9)
    np.testing.assert_allclose(r.annual["formula_rent"], [104, 107.12, 110.3336, 113.643608], atol=1e-9)
    assert r.annual["gross_rent"].iloc[1] == pytest.approx(100 * 105 * 52)
    assert check(r, "Rent Standard").ok


def test_a_rent_path_above_the_limit_is_flagged_in_its_year():
    raw = plain(start_year=2024, horizon=3, rent_change=0.10, archetypes=[archetype()])
    r = one(raw)  # 2025-26's limit is September 2024's CPI 1.7% + 1%: 102.70, against 110
    c = check(r, "Rent Standard")
    assert not c.ok and c.year == "2025-26" and c.amount == pytest.approx(7.30)
    assert r.annual["limit_rent"].iloc[1] == pytest.approx(102.7)
    followed = one(dict(raw, rents_follow="rent limit"))
    assert check(followed, "Rent Standard").ok and followed.annual["average_rent"].iloc[1] == pytest.approx(102.7)


def test_the_2023_ceiling_binds():
    r = one(plain(start_year=2022, horizon=2, rents_follow="rent limit", archetypes=[archetype()]))
    assert r.annual["average_rent"].iloc[1] == pytest.approx(107.0)  # CPI 10.1% + 1%, capped at 7%


def test_affordable_rent_stays_within_80_percent_of_market_rent_with_service_charges():
    row = archetype(tenure="Affordable Rent", weekly_rent=105.0, service_charge=10.0, market_rent=150.0)
    r = one(plain(start_year=2030, horizon=2, rent_change=0.05, market_rent_growth=0.0, archetypes=[row]))
    assert r.annual["average_rent"].iloc[1] == pytest.approx(110.0)  # 80% × 150 − 10, below 105 × 1.05
    assert r.annual["other_income"].iloc[1] == pytest.approx(1000 * 10 * 52)  # service charges, outside the rent
    lha = one(
        plain(start_year=2030, horizon=2, rent_change=0.05, market_rent_growth=0.0, archetypes=[dict(row, lha=100.0)])
    )
    assert lha.annual["average_rent"].iloc[1] == pytest.approx(90.0)  # the LHA less the service charge


def test_archetypes_sell_and_let_on_their_own_terms():
    rows = [
        archetype(name="Houses", homes=100.0, rtb_sales=10.0, void_rate=0.1),
        archetype(name="Flats", homes=50.0, weekly_rent=80.0, rtb_sales=60.0),
    ]
    r = one(plain(horizon=2, archetypes=rows))
    assert r.annual["homes_sold"].tolist() == [60.0, 10.0]  # the flats are sold out in the first year
    # year 1: houses average 95 × 100 × 52 × 0.9, flats average 25 × 80 × 52
    assert r.annual["net_rent"].iloc[0] == pytest.approx(95 * 100 * 52 * 0.9 + 25 * 80 * 52)


# ---------------------------------------------------------------- investment and the reserve


def test_a_component_falls_due_in_its_life_year_in_the_homes_then_held():
    rows = [archetype(homes=100.0, rtb_sales=10.0)]
    kitchens = {"component": "Kitchens", "archetype": "Houses", "unit_cost": 8000.0, "life": 20, "last_replaced": 2002}
    r = one(plain(horizon=6, archetypes=rows, components=[kitchens], cost_inflation=0.05))
    need = r.annual["investment"].to_numpy()
    assert np.flatnonzero(need).tolist() == [2]  # 2002 + 20 = 2022, the plan's third year
    assert need[2] == pytest.approx(80 * 8000 * 1.05**2)  # 80 homes left at the start of 2022-23


def test_an_overdue_component_falls_in_the_first_year_then_every_life():
    roofs = {"component": "Roofs", "archetype": "", "unit_cost": 5000.0, "life": 3, "last_replaced": 1990}
    need = one(plain(horizon=7, components=[roofs])).annual["investment"].to_numpy()
    assert np.flatnonzero(need).tolist() == [0, 3, 6] and need[0] == pytest.approx(1000 * 5000)


def test_works_spread_evenly_to_their_target_year():
    epc = {"programme": "EPC C", "homes": 300.0, "cost_per_home": 10000.0, "target_year": 2022}
    need = one(plain(horizon=5, works=[epc])).annual["investment"].tolist()
    assert need == pytest.approx([1e6, 1e6, 1e6, 0, 0])


def test_depreciation_goes_into_the_reserve_and_out_to_the_investment():
    bathrooms = {"component": "Bathrooms", "archetype": "", "unit_cost": 3000.0, "life": 25, "last_replaced": 1997}
    r = one(plain(horizon=4, major_repairs_per_unit=900.0, components=[bathrooms], opening_balance=1e7))
    a = r.annual  # 900k a year in; 3m falls due in year 3 (1997 + 25 = 2022) against 2.7m in the reserve
    assert a["mrr_credit"].tolist() == pytest.approx([9e5] * 4)
    assert a["mrr_used"].tolist() == pytest.approx([0, 0, 2.7e6, 9e5 * 0])
    assert a["closing_mrr"].tolist() == pytest.approx([9e5, 1.8e6, 0, 9e5])
    assert a["balance_used"].iloc[2] == pytest.approx(3e5) and a["new_borrowing"].sum() == 0  # the HRA pays the rest
    assert all(c.ok for c in r.checks if c.name.endswith("tie-out"))


# ---------------------------------------------------------------- the loan book


def loans() -> list[dict]:
    return [
        {"lender": "PWLB 1", "principal": 1e7, "rate": 0.05, "kind": "fixed", "maturity": 2021},
        {"lender": "Bank", "principal": 1e7, "rate": 0.03, "kind": "variable", "maturity": 2040},
    ]


def test_a_loan_is_refinanced_at_the_new_rate_after_it_matures():
    raw = plain(horizon=4, loans=loans(), new_debt_rate=0.04, variable_rate_shift=0.01)
    a = one(raw).annual
    assert a["opening_debt"].iloc[0] == 2e7
    assert a["interest"].tolist() == pytest.approx([9e5, 9e5, 8e5, 8e5])  # 5% + 3% + 1%, then 4% + 4%
    assert a["debt_maturing"].tolist() == [0, 1e7, 0, 0]
    assert a["consolidated_rate"].tolist() == pytest.approx([0.045, 0.045, 0.04, 0.04])
    gilts = one(dict(raw, gilt_yield=0.045)).annual  # the PWLB HRA rate: gilts + 0.40%
    assert gilts["interest"].iloc[2] == pytest.approx(1e7 * 0.049 + 1e7 * 0.04)


def test_interest_on_balances_adds_to_the_surplus():
    a = one(plain(horizon=2, opening_balance=1e6, balance_interest_rate=0.05)).annual
    assert a["interest_earned"].iloc[0] == pytest.approx(5e4)
    assert a["surplus"].iloc[0] == pytest.approx(1000 * 100 * 52 + 5e4)


def test_debt_per_home():
    a = one(plain(horizon=2, opening_debt=5e7)).annual
    assert a["debt_per_home"].tolist() == pytest.approx([5e4, 5e4])


# ---------------------------------------------------------------- new homes


def test_a_new_build_is_paid_over_its_build_years_and_an_acquisition_when_bought():
    row = {"year": 2022, "units": 10.0, "cost_per_unit": 150000.0, "grant_share": 0.0, "weekly_rent": 100.0}
    built = dict(row, build_years=3)
    bought = dict(row, year=2023, build_years=3, kind="acquisition")
    a = one(plain(horizon=4, new_build=[built, bought])).annual
    assert a["new_build_cost"].tolist() == pytest.approx([5e5, 5e5, 5e5, 1.5e6])
    assert a["homes_built"].tolist() == [0, 0, 10, 10]


def test_rows_sharing_a_year_add_up_as_one_row_with_the_extra_homes_on_top():
    row = {"year": 2021, "units": 10.0, "cost_per_unit": 100000.0, "grant_share": 0.25, "weekly_rent": 90.0}
    extra = {"extra_units_per_year": 5.0, "extra_cost_per_unit": 1e5, "extra_first_year": 2021, "extra_years": 1}
    apart = one(plain(horizon=3, new_build=[row, dict(row, units=30.0)], **extra)).annual
    together = one(plain(horizon=3, new_build=[dict(row, units=40.0)], **extra)).annual
    for line in ("homes_built", "new_build_cost", "grant", "gross_rent"):
        assert apart[line].tolist() == pytest.approx(together[line].tolist(), rel=1e-12)
    assert apart["homes_built"].tolist() == [0.0, 45.0, 0.0]
    assert apart["new_build_cost"].tolist() == [0.0, 4.5e6, 0.0]  # (no cost inflation in `plain`)


def test_first_let_voids_lose_rent_in_the_completion_year():
    row = {"year": 2020, "units": 52.0, "cost_per_unit": 0.0, "grant_share": 0.0, "weekly_rent": 100.0}
    r = one(plain(horizon=2, opening_stock=0.0, new_build=[row], first_let_void_weeks=6.0))
    # half a year let, less 6 of 52 weeks: 52 homes × £100 × 52 × (0.5 − 6/52)
    assert r.annual["gross_rent"].tolist() == pytest.approx([52 * 100 * (26 - 6), 52 * 100 * 52])


def test_receipts_pay_only_towards_homes_that_count_as_replacements():
    row = {"year": 2020, "units": 10.0, "cost_per_unit": 100000.0, "grant_share": 0.0, "weekly_rent": 0.0}
    rows = [row, dict(row, replacement=False)]
    r = one(plain(horizon=1, rtb_sales=100.0, rtb_receipt=1e5, rtb_retained_share=1.0, new_build=rows))
    assert r.annual["receipts_used"].iloc[0] == pytest.approx(0.3 * 1e6)  # 30% of the counting homes' £1m
    assert r.summary["homes_replacing"] == 10


# ---------------------------------------------------------------- validation


def test_a_component_of_an_unknown_archetype_and_a_loan_repaid_before_the_plan_are_refused():
    kitchens = {"component": "Kitchens", "archetype": "Bungalows", "unit_cost": 1.0, "life": 5, "last_replaced": 2015}
    bad_loan = dict(loans()[0], maturity=2015)
    with pytest.raises(InputErrors) as caught:
        SPEC.run(plain(archetypes=[archetype()], components=[kitchens], loans=[bad_loan]))
    fields = {e.field for e in caught.value.errors}
    assert fields == {"components[1].archetype", "loans[1].maturity"}


# ---------------------------------------------------------------- properties over random deep plans


@st.composite
def deep_plans(draw) -> dict:
    horizon = draw(st.integers(2, 12))
    money = lambda hi: st.floats(0, hi, **FL)  # noqa: E731
    stock = st.builds(
        archetype,
        name=st.sampled_from(["A", "B", "C"]),
        tenure=st.sampled_from(["Social Rent", "Affordable Rent", "Shared ownership"]),
        homes=money(3000),
        weekly_rent=money(200),
        formula_rent=money(220),
        service_charge=money(20),
        void_rate=st.floats(0, 0.2, **FL),
        rtb_sales=money(60),
        market_rent=money(300),
    )
    rows = draw(st.lists(stock, min_size=1, max_size=3, unique_by=lambda r: r["name"]))
    component = st.fixed_dictionaries(
        {
            "component": st.just("C"),
            "archetype": st.sampled_from([""] + [r["name"] for r in rows]),
            "unit_cost": money(20000),
            "life": st.integers(1, 40),
            "last_replaced": st.integers(1980, 2030),
        }
    )
    loan = st.fixed_dictionaries(
        {
            "lender": st.just("L"),
            "principal": money(5e7),
            "rate": st.floats(0, 0.08, **FL),
            "kind": st.sampled_from(["fixed", "variable"]),
            "maturity": st.integers(2020, 2040),
        }
    )
    build = st.fixed_dictionaries(
        {
            "year": st.integers(2020, 2020 + horizon - 1),
            "units": money(50),
            "cost_per_unit": money(250000),
            "grant_share": st.floats(0, 1, **FL),
            "weekly_rent": money(200),
            "build_years": st.integers(1, 4),
            "kind": st.sampled_from(["new build", "acquisition"]),
            "replacement": st.booleans(),
        }
    )
    return plain(
        horizon=horizon,
        rents_follow=draw(st.sampled_from(["rent path", "rent limit"])),
        rent_change=draw(st.floats(-0.05, 0.1, **FL)),
        archetypes=rows,
        components=draw(st.lists(component, max_size=3)),
        loans=draw(st.lists(loan, max_size=4)),
        new_build=draw(st.lists(build, max_size=3)),
        new_debt_rate=draw(st.floats(0, 0.08, **FL)),
        major_repairs_per_unit=draw(money(1500)),
        management_per_unit=draw(money(1500)),
        rtb_receipt=draw(money(1e5)),
        rtb_retained_share=draw(st.floats(0, 1, **FL)),
        opening_balance=draw(money(2e7)),
        minimum_balance=draw(money(1e7)),
        balance_interest_rate=draw(st.floats(0, 0.05, **FL)),
        first_let_void_weeks=draw(st.floats(0, 26, **FL)),
        surplus_repays_debt=draw(st.booleans()),
    )


@settings(max_examples=40, deadline=None)
@given(raw=deep_plans())
def test_every_identity_ties_to_the_penny_in_every_year(raw):
    r = one(raw)
    assert all(c.ok for c in r.checks if c.name.endswith("tie-out")), [c.message for c in r.checks if not c.ok]
    a = r.annual
    held = a["opening_stock"] - a["homes_sold"] + a["homes_built"]
    np.testing.assert_allclose(held, a["closing_stock"], atol=1e-6)
    mrr = a["opening_mrr"] + a["mrr_credit"] - a["mrr_used"]
    np.testing.assert_allclose(mrr, a["closing_mrr"], atol=0.01)
    assert (a["closing_mrr"] >= -0.01).all()


@settings(max_examples=15, deadline=None)
@given(raw=deep_plans(), k=st.integers(2, 5))
def test_a_scalar_run_and_each_trial_of_an_array_run_agree_exactly(raw, k):
    rates = np.linspace(0.0, 0.06, k)
    array = SPEC.run(dict(raw, new_debt_rate=rates))
    for i, rate in enumerate(rates):
        alone = SPEC.run(dict(raw, new_debt_rate=float(rate)))
        for name, values in alone.lines.items():
            np.testing.assert_array_equal(values[0], array.lines[name][i], err_msg=name)


def test_the_solver_answer_keeps_every_limit_on_a_deep_plan_and_one_more_home_breaks_one():
    raw = plain(
        horizon=10,
        archetypes=[archetype(), archetype(name="Flats", homes=500.0, rtb_sales=5.0, formula_rent=110.0)],
        loans=loans(),
        components=[
            {"component": "Roofs", "archetype": "Flats", "unit_cost": 9000.0, "life": 30, "last_replaced": 1995}
        ],
        major_repairs_per_unit=600.0,
        management_per_unit=1500.0,
        extra_cost_per_unit=150000.0,
        extra_weekly_rent=100.0,
        new_debt_rate=0.045,
        debt_cap=6e7,
        minimum_balance=1e6,
        opening_balance=2e6,
    )
    k = max_extra_units(raw)
    assert k > 0
    assert one(dict(raw, extra_units_per_year=float(k))).summary["within_limits"]
    assert not one(dict(raw, extra_units_per_year=float(k + 1))).summary["within_limits"]


# ---------------------------------------------------------------- the 2026 business plan example


def test_the_2026_example_is_what_its_script_builds_and_keeps_every_limit():
    import tools.build_hra_example as build

    path = EXAMPLES / "hra-business-plan-2026.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(build.scenario()))  # regenerated, not edited by hand
    run = data["runs"][0]
    assert set(run["inputs"]) == set(run["sources"])
    r = one(run["inputs"])
    assert r.summary["within_limits"] and all(c.ok for c in r.checks)
    a = r.annual  # Social Rent converges on formula rent within the settlement
    assert a["average_rent"].iloc[0] < a["formula_rent"].iloc[0]
    assert a["average_rent"].loc["2031-32"] == pytest.approx(a["formula_rent"].loc["2031-32"])
    assert a["debt_maturing"].sum() == pytest.approx(280e6)  # every loan matures inside the plan and is refinanced
    most = data["runs"][1]["inputs"]
    k = most["extra_units_per_year"]
    assert k == max_extra_units(run["inputs"]) > 0 and one(most).summary["within_limits"]
    assert not one(dict(most, extra_units_per_year=k + 1)).summary["within_limits"]


def test_trials_varying_an_archetype_a_loan_and_a_component_are_each_their_own_scalar_run_exactly():
    """Archetypes, components and loans are worked all at once, (T, rows, m), and added up in the
    table's order: each line of a trial of an array run is the scalar run's, bit for bit."""
    import tools.build_hra_example as build

    raw = build.inputs()[0]
    homes, principal, cost = [1000.0, 2500.0, 4000.0], [4e6, 9e6, 2e7], [5000.0, 8000.0, 12000.0]
    inflation = [0.02, 0.025, 0.035]

    def varied(i=None):
        pick = (lambda v: np.array(v)) if i is None else (lambda v: v[i])
        out = dict(raw, cost_inflation=pick(inflation))
        out["archetypes"] = [dict(raw["archetypes"][0], homes=pick(homes))] + raw["archetypes"][1:]
        out["loans"] = [dict(raw["loans"][0], principal=pick(principal))] + raw["loans"][1:]
        out["components"] = raw["components"][:-1] + [dict(raw["components"][-1], unit_cost=pick(cost))]
        return out

    together = SPEC.run(varied())
    for i in range(3):
        alone = SPEC.run(varied(i))
        for k, v in alone.lines.items():
            np.testing.assert_array_equal(together.lines[k][i], v[0], err_msg=k)
        for k, v in alone.summary.items():  # a total over the years may be added up in another order
            np.testing.assert_allclose(together.summary[k][i], v[0], rtol=1e-15, err_msg=k)


def test_lines_the_same_in_every_trial_are_one_row_and_depreciation_is_the_major_repairs_line():
    import tools.build_hra_example as build

    raw = dict(build.inputs()[0], cost_inflation=np.array([0.02, 0.03]))
    out = SPEC.run(raw)
    for k in ("homes_built", "homes_sold", "opening_stock", "closing_stock", "debt_maturing", "average_rent"):
        assert out.lines[k].strides[0] == 0 and not out.lines[k].flags.writeable, k  # one row, spread
    assert out.lines["management"].strides[0] != 0  # indexed by each trial's inflation
    assert np.shares_memory(out.lines["mrr_credit"], out.lines["major_repairs"])
    one_trial = SPEC.run(dict(raw, cost_inflation=0.03))
    for k, v in one_trial.lines.items():
        np.testing.assert_array_equal(out.lines[k][1], v[0], err_msg=k)
