"""The HRA's charts of the deeper plan: each draws the annual lines it names, keyed to them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from models.hra.model import SPEC
from planner.charts.definitions import charts_for

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hra-business-plan-2026.json"


def _charts(inputs: dict) -> dict:
    result = SPEC.run(inputs).trial(0)
    return result, {c.title: c for c in charts_for(result, inputs)}


def test_the_2026_plan_charts_rent_investment_and_maturities_from_its_lines():
    inputs = json.loads(EXAMPLE.read_text(encoding="utf-8"))["runs"][0]["inputs"]
    result, charts = _charts(inputs)
    rent = charts["Rent against formula rent and the limit"]
    assert [s.key for s in rent.series] == ["average_rent", "formula_rent", "limit_rent"] and rent.unit == "£ a week"
    investment = charts["Investment in existing homes against the Major Repairs Reserve"]
    assert [s.key for s in investment.series] == ["investment", "mrr_used", "mrr_credit", "closing_mrr"]
    maturities = charts["Loans maturing (refinanced at the new-borrowing rate)"].series[0]
    assert maturities.kind == "bar" and maturities.values.sum() == 280_000_000
    for chart in (rent, investment):
        for series in chart.series:
            assert np.array_equal(series.values, result.annual[series.key].to_numpy(), equal_nan=True)


def test_a_simple_plan_has_no_investment_or_maturity_chart_and_no_formula_line():
    _, charts = _charts(SPEC.defaults())
    assert "Investment in existing homes against the Major Repairs Reserve" not in charts
    assert "Loans maturing (refinanced at the new-borrowing rate)" not in charts
    keys = [s.key for s in charts["Rent against formula rent and the limit"].series]
    assert keys == ["average_rent", "limit_rent"]
