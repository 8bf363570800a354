"""A programme that routes a Business Rate Supplement's yield beyond its project is unlawful (BRSA 2009 s. 3)."""

from __future__ import annotations

import pytest

from planner.project.runner import evaluate
from planner.project.scenario_file import RunDef

BRS = RunDef(
    "BRS",
    "brs",
    {
        "start_year": 2020,
        "horizon": 10,
        "levy_years": 5,
        "bands": [],
        "liable_rv": 100_000_000.0,
        "liable_hereditaments": 500,
        "relief_rate": 0.0,
        "collection_rate": 1.0,
        "setup_cost": 0.0,
        "annual_admin_cost": 0.0,
        "rv_growth": 0.0,
    },
)  # £2m a year for 5 years: £10m


def programme(**inputs) -> RunDef:
    base = {
        "start_year": 2020,
        "horizon": 10,
        "streams": [],
        "profile": [],
        "borrowing_rate": 0.0,
        "links": [{"name": "BRS yield", "run": "BRS", "line": "net", "share": 1.0}],
        "investment": [
            {"year": 2020, "amount": 8_000_000.0, "description": "Transport: the BRS's prospectus project"},
            {"year": 2021, "amount": 20_000_000.0, "description": "Housing"},
        ],
    }
    return RunDef("Programme", "programme", dict(base, **inputs))


def fence(**inputs):
    out = evaluate([BRS, programme(**inputs)])["Programme"].trial(0)
    return next(c for c in out.checks if c.name == "BRS ring-fence")


def test_brs_yield_pooled_with_housing_and_no_project_is_unlawful():
    c = fence()
    assert not c.ok and c.severity == "unlawful" and c.rule == "brs.ring_fence"
    assert c.amount == pytest.approx(10_000_000.0) and c.year == "2020-21"


def test_brs_yield_within_its_project_is_lawful_and_beyond_it_is_not():
    assert fence(
        brs_project_cost=10_000_000.0,
        investment=[
            {"year": 2020, "amount": 10_000_000.0, "description": "Transport"},
            {"year": 2021, "amount": 20_000_000.0, "description": "Housing"},
        ],
    ).ok
    c = fence(brs_project_cost=8_000_000.0)  # £10m of BRS money against an £8m project: £2m goes to housing
    assert not c.ok and c.amount == pytest.approx(2_000_000.0)


def test_a_programme_without_a_brs_link_passes_and_a_project_larger_than_the_plan_is_refused():
    assert fence(links=[]).ok
    with pytest.raises(Exception, match="brs_project_cost"):
        fence(brs_project_cost=50_000_000.0)


def test_a_scenario_may_lift_the_ring_fence_to_explore_a_change_in_the_law():
    assert fence(rules={"brs.ring_fence": 0.0}).ok
