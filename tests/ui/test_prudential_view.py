"""The Prudential tab on the example's programme: every figure is the model's own (its annual lines
and the limits as entered), the debt cap agreed with HM Treasury is drawn and its breach marked,
and an edit to the limits reaches the table, the ratio and the chart."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.ui.helpers import BRS, PROGRAMME, choose

PRUDENTIAL = 4  # the tab
CAP = {"2018-19": 487_500_000, "2019-20": 662_900_000, "2020-21": 867_300_000}  # WMCA Board, 12 January 2018


def _open(window):
    choose(window, PROGRAMME)
    window.tabs.setCurrentIndex(PRUDENTIAL)
    return window.prudential


def _row(view, label: str) -> list:
    model = view.model
    r = next(i for i, row in enumerate(model.rows) if row.label == label and not row.heading)
    return [model.raw(r, c) for c in range(model.columnCount())]


def _annual(window, scenario: str = "Baseline"):
    return window.project.evaluate(scenario)[PROGRAMME].trial(0).annual


def test_the_table_shows_the_models_indicators(window):
    view = _open(window)
    annual = _annual(window)
    assert view.model.years == list(annual.index)
    assert _row(view, "Capital financing requirement") == pytest.approx(annual["cfr"].tolist())
    assert _row(view, "External debt (closing)") == pytest.approx(annual["closing_debt"].tolist())
    assert _row(view, "Capital expenditure") == pytest.approx(annual["capital_investment"].tolist())
    assert _row(view, "Financed by borrowing") == pytest.approx(annual["borrowing_drawn"].tolist())
    costs = (annual["interest"] + annual["repayment"]).tolist()
    assert _row(view, "Financing costs (interest and MRP)") == pytest.approx(costs)
    benchmark = _row(view, "Liability benchmark")
    assert benchmark == pytest.approx((annual["cfr"] - annual["reserve"]).tolist())  # no other resources entered
    assert benchmark == pytest.approx(annual["liability_benchmark"].tolist())
    assert annual["closing_debt"]["2020-21"] == pytest.approx(1_016_238_919, abs=1)
    # the debt cap, entered for three years only, and the headroom under it
    cap = dict(zip(view.model.years, _row(view, "Debt cap agreed with HM Treasury"), strict=True))
    assert {y: v for y, v in cap.items() if not math.isnan(v)} == CAP
    under = _row(view, "Headroom under the debt cap agreed with HM Treasury")
    headroom = dict(zip(view.model.years, under, strict=True))
    assert headroom["2019-20"] == pytest.approx(CAP["2019-20"] - annual["closing_debt"]["2019-20"])
    assert headroom["2020-21"] == pytest.approx(-148_938_918.61, abs=0.01)  # the check's "by up to £148,938,919"


def test_the_breached_years_and_the_failing_check_are_marked(window):
    view = _open(window)
    model = view.model
    r = next(i for i, row in enumerate(model.rows) if row.label == "Debt cap agreed with HM Treasury")
    breached = [model.years[c] for c in range(model.columnCount()) if model.breached(r, c)]
    assert breached == ["2019-20", "2020-21"]  # 2018-19's £219m is within its £487.5m
    assert model.rows[r].check.name == "Within the debt cap" and not model.rows[r].check.ok
    assert model.headerData(r, 2) == "✗ Debt cap agreed with HM Treasury"  # 2 = vertical
    assert "by up to £148,938,919" in view.failing.text() and not view.failing.isHidden()
    assert model.text(r, 0) == "not set"  # 2017-18: no cap that year
    assert model.text(r, model.years.index("2019-20")) == "662,900"  # £000
    # the operational boundary and the authorised limit are not entered: shown, unset, and not failing
    boundary = next(row for row in model.rows if row.label == "Operational boundary")
    assert np.isnan(boundary.values).all() and boundary.check.ok and not boundary.failing.any()
    sources = view.sources.text()
    assert "The Prudential Code for Capital Finance in Local Authorities (2021 edition)" in sources
    assert "SI 2018/565" in sources  # the debt cap's own source, from its declaration


def test_the_chart_draws_debt_against_the_cap(window):
    view = _open(window)
    annual = _annual(window)
    chart = view.chart.chart
    series = {s.name: s for s in chart.series}
    assert series["External debt"].values.tolist() == pytest.approx(annual["closing_debt"].tolist())
    assert series["Capital financing requirement"].kind == "bar"
    cap = series["Debt cap agreed with HM Treasury"]
    assert cap.kind == "line" and cap.dash == "dash"
    assert [v for v in cap.values if not math.isnan(v)] == list(CAP.values())
    assert "Operational boundary" not in series  # nothing entered: no line
    assert chart.note == "No operational boundary or authorised limit entered"


def test_an_edit_to_the_limits_reaches_the_ratio_and_the_breaches(window):
    view = _open(window)
    rows = [*window.project.run(PROGRAMME).inputs["limits"]]
    rows.append({"year": 2021, "net_revenue_stream": 800_000_000, "operational_boundary": 1_300_000_000})
    assert window.edit("limits", rows)
    annual = _annual(window)
    t = view.model.years.index("2021-22")
    ratio = _row(view, "Ratio of financing costs to net revenue stream (General Fund)")
    expected = (annual["interest"].iloc[t] + annual["repayment"].iloc[t]) / 800_000_000
    assert ratio[t] == pytest.approx(expected) and ratio[t] == pytest.approx(annual["ratio:General Fund"].iloc[t])
    assert math.isnan(ratio[t - 1])  # no stream entered for 2020-21
    r = next(i for i, row in enumerate(view.model.rows) if row.label == "Operational boundary")
    assert annual["closing_debt"].iloc[t] > 1_300_000_000  # £1,390m against a boundary of £1,300m
    assert [c for c in range(view.model.columnCount()) if view.model.breached(r, c)] == [t]
    assert "Within the operational boundary" in view.failing.text()
    boundary = next(s for s in view.chart.chart.series if s.name == "Operational boundary")
    assert boundary.values[t] == 1_300_000_000


def test_an_edit_out_of_sight_is_drawn_when_the_tab_is_opened(window):
    view = _open(window)
    window.tabs.setCurrentIndex(1)
    window.edit("borrowing_rate", 0.06)
    window.tabs.setCurrentIndex(PRUDENTIAL)
    assert _row(view, "Capital financing requirement") == pytest.approx(_annual(window)["cfr"].tolist())
    assert _row(view, "Financing costs (interest and MRP)")[3] == pytest.approx(_annual(window)["revenue_cost"].iloc[3])


def test_a_run_without_indicators_says_so(window):
    view = _open(window)
    choose(window, BRS)
    assert not view.none.isHidden() and view.split.isHidden()
    assert view.model.rowCount() == 0


def test_a_scenario_that_cannot_be_calculated_says_why(window):
    view = _open(window)
    window.edit("links", [{"name": "BRS net yield", "run": BRS, "line": "no such line"}])
    assert not view.none.isHidden() and view.split.isHidden()
    assert view.none.text().startswith("This scenario cannot be calculated:")
    assert "'no such line' is not a line of run" in view.none.text()
