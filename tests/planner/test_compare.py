"""Compare: metrics against the baseline, annual lines for overlays, checks that change status."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.analysis.compare import ANNUAL_COLUMNS, compare, comparison_text
from planner.errors import PlannerError
from planner.project.project_file import load_project
from planner.project.scenarios import BASELINE

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "project"
DEARER, CHAINED = "Dearer support", "Dearer support, Dudley slower"


@pytest.fixture(scope="module")
def comparison():
    return compare(load_project(FIXTURES / "v2.ffg"))


def row(comparison, metric):
    return next(m for m in comparison.metrics if m.metric == metric)


def test_baseline_first_then_every_scenario(comparison):
    assert comparison.scenarios == [BASELINE, DEARER, CHAINED]


def test_money_metric_with_difference_and_percent(comparison):
    """Total cost (hand-worked in test_project): 486,000; 583,200 (x1.2); 453,600."""
    total = row(comparison, "total_cost")
    assert total.values == pytest.approx({BASELINE: 486_000, DEARER: 583_200, CHAINED: 453_600})
    assert total.difference == pytest.approx({DEARER: 97_200, CHAINED: -32_400})
    assert total.pct == pytest.approx({DEARER: 0.2, CHAINED: -32_400 / 486_000})
    assert (total.label, total.kind) == ("Total cost", "money")


def test_no_difference_where_not_a_number_or_no_percent_where_the_baseline_is_zero(comparison):
    year = row(comparison, "peak_caseload_year")
    assert year.kind == "year" and year.values[BASELINE] == "2019-20"
    assert year.difference == {DEARER: None, CHAINED: None} and year.pct == {DEARER: None, CHAINED: None}
    avoided = row(comparison, "cost_avoided_total")
    assert avoided.values[BASELINE] == 0 and avoided.difference == {DEARER: 0.0, CHAINED: 0.0}
    assert avoided.pct == {DEARER: None, CHAINED: None}


def test_annual_lines_are_tidy_for_overlay_charts(comparison):
    annual = comparison.annual
    assert list(annual.columns) == ANNUAL_COLUMNS
    lines = load_project(FIXTURES / "v2.ffg").evaluate()["Pilot"].lines
    assert len(annual) == 3 * len(lines) * 3  # scenarios x lines x years
    support = annual[(annual.line == "support_cost") & (annual.run == "Pilot")]
    by_scenario = {s: g.sort_values("year").value.tolist() for s, g in support.groupby("scenario")}
    assert by_scenario[BASELINE] == pytest.approx([75_000, 195_000, 216_000])
    assert by_scenario[CHAINED] == pytest.approx([45_000, 162_000, 246_600])
    assert support[support.scenario == DEARER].year.tolist() == ["2018-19", "2019-20", "2020-21"]


def test_only_checks_whose_status_differs(comparison):
    """Dudley at 5 a year leaves the councils' units at 25 against a target of 30."""
    assert [(c.scenario, c.name, c.baseline_ok, c.ok) for c in comparison.checks] == [
        (CHAINED, "Council units sum to the annual target", True, False)
    ]
    assert comparison.checks[0].amount == pytest.approx(-5)
    assert "differ by -5.00 units" in comparison.checks[0].message


def test_a_chosen_subset_and_an_unknown_name():
    project = load_project(FIXTURES / "v2.ffg")
    picked = compare(project, [CHAINED, BASELINE])
    assert picked.scenarios == [BASELINE, CHAINED]
    assert set(row(picked, "total_cost").difference) == {CHAINED}
    with pytest.raises(PlannerError, match="scenario 'Nope' is not in this project"):
        compare(project, ["Nope"])


def test_json_and_frame_and_text(comparison):
    data = comparison.as_json()
    assert set(data) == {"scenarios", "metrics", "checks", "rules", "annual"}
    assert data["rules"] == []  # no scenario of this project overrides a rule
    assert data["annual"]["columns"] == ANNUAL_COLUMNS and len(data["annual"]["data"]) == len(comparison.annual)
    frame = comparison.metrics_frame()
    assert list(frame.columns[:7]) == ["run", "metric", "label", "kind", BASELINE, DEARER, CHAINED]
    assert frame.set_index("metric").loc["total_cost", f"{DEARER} %"] == pytest.approx(0.2)
    text = comparison_text(comparison)
    assert "£583,200" in text and "£97,200 (+20.0%)" in text and "(£32,400) (-6.7%)" in text
    assert "Council units sum to the annual target (Tie-out): ok → FAIL" in text


def test_the_example_project_threshold_scenario_reaches_the_programme():
    pytest.importorskip("models.brs.model")
    pytest.importorskip("models.programme.model")
    project = load_project(ROOT / "examples" / "funding-for-growth-programme.ffg")
    result = compare(project, ["Threshold £70,000"])
    brs = next(r for r in project.runs if r.model == "brs").name
    programme = next(r for r in project.runs if r.model == "programme").name
    net = next(m for m in result.metrics if m.run == brs and m.metric == "total_net_yield")
    sources = next(m for m in result.metrics if m.run == programme and m.metric == "total_funding")
    assert net.difference["Threshold £70,000"] < 0
    assert sources.difference["Threshold £70,000"] == pytest.approx(net.difference["Threshold £70,000"])
