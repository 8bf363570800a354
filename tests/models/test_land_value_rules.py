"""Land value capture under the rules: CIL's neighbourhood portion and administration (SI 2010/948
regs. 59A and 61), and retained rates as collected bills above a baseline."""

from __future__ import annotations

import pytest

from models.land_value.model import SPEC


def run(**changes):
    raw = dict(
        SPEC.defaults(),
        start_year=2020,
        horizon=3,
        sites=[],
        floorspace=[],
        tariff_floorspace=[{"year": 2020, "m2": 1_000.0}, {"year": 2021, "m2": 1_000.0}],
        tariff_per_m2=100.0,
        relief_share=0.0,
        tariff_indexation=0.0,
    )
    raw.update(changes)
    return SPEC.run(raw).trial(0)


def tariff(**changes) -> list[float]:
    return run(**changes).annual["tariff_receipts"].tolist()


def test_a_strategic_infrastructure_tariff_keeps_what_it_collects():
    assert tariff() == [100_000.0, 100_000.0, 0.0]


def test_cil_without_a_neighbourhood_plan_passes_15_percent_capped_and_keeps_5_percent_for_administration():
    assert tariff(tariff_kind="CIL, no neighbourhood plan") == pytest.approx([80_000.0, 80_000.0, 0.0])
    # the 15% portion (£15,000) capped at £100 a dwelling: 100 dwellings, £10,000
    capped = tariff(tariff_kind="CIL, no neighbourhood plan", parish_dwellings=100)
    assert capped == pytest.approx([85_000.0, 85_000.0, 0.0])
    assert tariff(tariff_kind="CIL, no neighbourhood plan", cil_admin_share=0.02) == pytest.approx(
        [83_000.0, 83_000.0, 0.0]
    )


def test_cil_with_a_neighbourhood_plan_passes_25_percent_uncapped():
    plan = tariff(tariff_kind="CIL, neighbourhood plan in place", parish_dwellings=10)
    assert plan == pytest.approx([70_000.0, 70_000.0, 0.0])


def test_an_administration_share_above_the_regulations_cap_is_a_statutory_breach():
    result = run(tariff_kind="CIL, no neighbourhood plan", cil_admin_share=0.06)
    c = next(c for c in result.checks if c.name == "cil_admin_share")
    assert not c.ok and c.severity == "statutory" and c.amount == pytest.approx(0.01)
    assert next(c for c in run(cil_admin_share=0.06).checks if c.name == "cil_admin_share").ok  # not a CIL


def rates(**changes) -> list[float]:
    base = dict(
        floorspace=[{"year": 2020, "m2": 1_000.0}],
        rv_per_m2=100.0,
        occupancy=1.0,
        rates_multiplier=0.5,
        retention_share=1.0,
        rv_growth=0.0,
        tariff_floorspace=[],
    )
    return run(**dict(base, **changes)).annual["retained_rates"].tolist()


def test_retained_rates_are_collected_bills_above_the_baseline():
    assert rates() == [50_000.0, 50_000.0, 50_000.0]  # 1,000 m² × £100 RV × 0.5
    net = rates(rates_relief_share=0.1, rates_collection_rate=0.98, appeals_provision=0.05, baseline_rates=10_000.0)
    assert net == pytest.approx([50_000.0 * 0.9 * 0.98 * 0.95 - 10_000.0] * 3)
    assert rates(baseline_rates=60_000.0) == [0.0, 0.0, 0.0]  # no growth over the baseline: nothing kept


def test_retained_rates_move_with_the_multiplier_and_revaluations():
    moved = rates(
        multiplier_path=[{"year": 2021, "multiplier": 0.512}],
        rates_revaluations=[{"year": 2022, "rv_factor": 1.2}],
    )
    assert moved == pytest.approx([50_000.0, 51_200.0, 61_440.0])
