"""Housing First: hand-worked cases, the real West Midlands award to the penny, errors, properties."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.core.errors import InputErrors
from models.housing_first.model import SPEC

REFERENCE = Path(__file__).resolve().parents[2] / "resources" / "reference"


def run(**changes):
    raw = SPEC.defaults()
    raw.update(changes)
    return SPEC.run(raw).trial(0)


def small(**changes):
    """One council, one tranche, ten people housed in the first year: easy to work by hand."""
    raw = dict(
        start_year=2020,
        horizon=3,
        award=100_000.0,
        annual_target=10.0,
        tranches=[{"year": 2020, "amount": 100_000.0}],
        councils=[{"name": "Anytown", "units_per_year": 10.0, "hf_support": 60_000.0, "other_support": 40_000.0}],
        intake=[{"year": 2020, "share": 1.0}],
        other_costs=[{"year": 2020, "amount": 10_000.0}],
        support_cost_per_person_year=5_000.0,
        entry_year_fraction=0.5,
        support_years=3,
        retention_rate=0.8,
        cost_inflation=0.0,
    )
    raw.update(changes)
    return SPEC.run(raw).trial(0)


def test_hand_worked_single_cohort():
    r = small()
    # 10 housed in 2020-21; 8 still supported in 2021-22; 6.4 in 2022-23.
    assert r.annual["caseload"].tolist() == pytest.approx([10, 10 * 0.8, 10 * 0.8**2])
    # first year costs half a year: 10 * 0.5 * 5,000 = 25,000; then 8 * 5,000; then 6.4 * 5,000
    assert r.annual["support_cost"].tolist() == pytest.approx([25_000, 40_000, 32_000])
    assert r.summary["total_cost"] == pytest.approx(25_000 + 40_000 + 32_000 + 10_000)
    # balance: 100,000 - 35,000 = 65,000; 65,000 - 40,000 = 25,000; 25,000 - 32,000 = -7,000
    assert r.annual["funding_balance"].tolist() == pytest.approx([65_000, 25_000, -7_000])
    assert r.summary["first_shortfall_year"] == "2022-23"
    assert r.summary["largest_shortfall"] == pytest.approx(7_000)
    # liability after the last tranche (2020-21) for people housed by then: 40,000 + 32,000
    assert r.summary["liability_beyond_grant"] == pytest.approx(72_000)
    assert r.summary["cost_per_person"] == pytest.approx(107_000 / 10)


def test_hand_worked_support_ends_and_inflation():
    r = small(support_years=2, cost_inflation=0.1)
    # support stops after two years; costs indexed by 1.1 ** t
    assert r.annual["caseload"].tolist() == pytest.approx([10, 8, 0])
    assert r.annual["support_cost"].tolist() == pytest.approx([25_000, 8 * 5_000 * 1.1, 0])
    assert r.annual["other_cost"].tolist() == pytest.approx([10_000, 0, 0])


def test_hand_worked_two_cohorts_and_council_split():
    r = small(
        horizon=2,
        intake=[{"year": 2020, "share": 0.5}, {"year": 2021, "share": 1.0}],
        councils=[
            {"name": "A", "units_per_year": 7.5, "hf_support": 60_000.0, "other_support": 0.0},
            {"name": "B", "units_per_year": 2.5, "hf_support": 40_000.0, "other_support": 0.0},
        ],
        retention_rate=1.0,
    )
    # 5 housed in year 1 (half a year each), then those 5 for a full year and 10 new for half
    assert r.annual["person_years"].tolist() == pytest.approx([2.5, 5 + 5])
    assert r.annual["caseload"].tolist() == pytest.approx([5, 15])
    # council A has 7.5 of 10 units: three quarters of every cost
    assert r.annual["cost:A"].tolist() == pytest.approx((r.annual["total_cost"] * 0.75).tolist())
    assert r.summary["peak_caseload"] == 15 and r.summary["peak_caseload_year"] == "2021-22"


def test_west_midlands_award_reconciles_to_the_penny():
    rows = list(csv.DictReader(open(REFERENCE / "housing_first_allocations_2018.csv")))
    tranches = list(csv.DictReader(open(REFERENCE / "housing_first_tranches_2018.csv")))
    r = run(
        councils=[
            {
                "name": x["authority"],
                "units_per_year": float(x["units_per_year"]),
                "hf_support": float(x["hf_support_gbp"]),
                "other_support": float(x["other_support_gbp"]),
            }
            for x in rows
        ],
        tranches=[{"year": t["financial_year"], "amount": float(t["grant_gbp"])} for t in tranches],
    )
    assert r.summary["grant_total"] == 9_600_000.00
    assert r.summary["council_allocation_total"] == 6_381_250 + 3_218_750 == 9_600_000
    assert r.summary["council_units_total"] == 225
    assert r.annual["grant"].tolist()[:3] == [1_440_000, 3_000_000, 5_160_000]
    assert r.summary["people_housed"] == pytest.approx(675)
    ties = {c.name: c for c in r.checks}
    for name in (
        "Tranches sum to the award",
        "Council allocations sum to the award",
        "Council units sum to the annual target",
    ):
        assert ties[name].ok, ties[name].message


def test_tie_out_fails_by_a_penny_at_a_penny_tolerance_and_passes_at_the_default_pound():
    outcome = SPEC.run(dict(SPEC.defaults(), award=9_600_000.01))
    failed = {c.name: c for c in outcome.trial(0, tolerance=0.0).checks if not c.ok}
    assert failed["Tranches sum to the award"].amount == pytest.approx(-0.01)
    assert "(£0.01)" in failed["Tranches sum to the award"].message
    assert failed["Tranches sum to the award"].severity == "tie-out"
    at_default = {c.name: c for c in outcome.trial(0).checks}  # materiality £1 by default
    assert at_default["Tranches sum to the award"].ok
    over = {c.name: c for c in SPEC.run(dict(SPEC.defaults(), award=9_600_001.5)).trial(0).checks}
    assert not over["Tranches sum to the award"].ok  # £1.50 is material at £1


@pytest.mark.parametrize(
    "change, field, allowed",
    [
        ({"tranches": [{"year": 2030, "amount": 1.0}]}, "tranches[1].year", "from 2018-19 to 2022-23"),
        ({"intake": [{"year": 2017, "share": 1.0}]}, "intake[1].year", "from 2018-19 to 2022-23"),
        ({"retention_rate": 1.2}, "retention_rate", "from 0% to 100%"),
        ({"annual_target": -5}, "annual_target", "from 0 to 1,000,000"),
        ({"support_years": 0}, "support_years", "a whole number from 1 to 125"),
        ({"support_years": 2.5}, "support_years", "a whole number from 1 to 125"),
        ({"horizon": 0}, "horizon", "from 1 to 125"),
        ({"support_cost_per_person_year": "lots"}, "support_cost_per_person_year", "from £0 to £10,000,000,000"),
        (
            {"councils": [{"name": "A", "units_per_year": 1.0}, {"name": "A", "units_per_year": 1.0}]},
            "councils[2].name",
            "used once",
        ),
        (
            {"tranches": [{"year": 2018, "amount": 1.0}, {"year": 2018, "amount": 2.0}]},
            "tranches[2].year",
            "each year once",
        ),
        ({"colour": "red"}, "colour", "not an input"),
    ],
)
def test_errors_name_the_field_and_what_is_allowed(change, field, allowed):
    with pytest.raises(InputErrors) as info:
        run(**change)
    message = str(info.value)
    assert message.startswith(field) and allowed in message


def test_every_problem_is_reported_at_once():
    with pytest.raises(InputErrors) as info:
        run(retention_rate=2.0, entry_year_fraction=-1.0)
    assert {e.field for e in info.value.errors} == {"retention_rate", "entry_year_fraction"}


@settings(max_examples=40, deadline=None)
@given(
    cost=st.floats(0, 50_000),
    retention=st.floats(0, 1),
    entry=st.floats(0, 1),
    years=st.integers(1, 8),
    inflation=st.floats(-0.05, 0.1),
)
def test_balances_tie_and_stay_finite(cost, retention, entry, years, inflation):
    r = run(
        support_cost_per_person_year=cost,
        retention_rate=retention,
        entry_year_fraction=entry,
        support_years=years,
        cost_inflation=inflation,
    )
    a = r.annual
    assert np.isfinite(a.to_numpy()).all()
    opening = np.concatenate([[0.0], a["funding_balance"].to_numpy()[:-1]])
    assert a["funding_balance"].to_numpy() == pytest.approx(opening + a["grant"] - a["total_cost"], abs=0.01)
    assert a["total_cost"].to_numpy() == pytest.approx(a["support_cost"] + a["other_cost"], abs=0.01)
    council_cost = sum(a[f"cost:{c['name']}"] for c in SPEC.defaults()["councils"])
    assert council_cost.to_numpy() == pytest.approx(a["total_cost"].to_numpy(), abs=0.01)


@settings(max_examples=30, deadline=None)
@given(retention=st.floats(0.1, 1.0))
def test_higher_sustainment_never_lowers_cost(retention):
    lower = run(retention_rate=retention * 0.9).summary["total_cost"]
    assert run(retention_rate=retention).summary["total_cost"] >= lower - 1e-6
