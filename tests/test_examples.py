"""Every bundled example runs, and its checks say what the example claims."""

from __future__ import annotations

import pytest

from planner.project.runner import evaluate
from planner.project.scenario_file import load_scenario_file
from tests.conftest import EXAMPLES

FILES = sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_runs_and_documents_its_figures(path):
    scenario = load_scenario_file(path)
    assert scenario.title and scenario.description
    results = evaluate(scenario.runs)
    assert set(results) == {r.name for r in scenario.runs}
    for run in scenario.runs:
        undocumented = set(run.inputs) - set(run.sources)
        assert not undocumented, f"{path.name}: {run.name}: inputs without a source: {sorted(undocumented)}"
        for text in run.sources.values():
            assert text.strip()


def test_west_midlands_housing_first_reconciles_to_the_penny():
    scenario = load_scenario_file(EXAMPLES / "west-midlands-housing-first-2018.json")
    result = evaluate(scenario.runs)["Housing First award 2018"].trial(0)
    assert round(result.summary["grant_total"], 2) == 9_600_000.00
    assert round(result.summary["council_allocation_total"], 2) == 9_600_000.00
    assert result.annual["grant"].tolist()[:3] == [1_440_000.00, 3_000_000.00, 5_160_000.00]
    assert round(result.annual["other_cost"].sum(), 2) == 3_218_750.00
    ties = [c for c in result.checks if "sum to" in c.name]
    assert len(ties) == 3 and all(c.ok for c in ties)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_example_keeps_the_law_in_force_in_its_years(path):
    """No bundled example is unlawful or over a statutory limit (a council's own limit may fail)."""
    scenario = load_scenario_file(path)
    for name, outcome in evaluate(scenario.runs).items():
        broken = [c.name for c in outcome.trial(0).checks if not c.ok and c.severity in ("unlawful", "statutory")]
        assert not broken, f"{path.name}: {name}: {broken}"


def test_a_current_example_starts_in_2026_27_and_historical_ones_say_so():
    current = load_scenario_file(EXAMPLES / "hra-self-financing-2026-27.json")
    run = current.runs[0]
    assert run.inputs["start_year"] == "2026-27"
    result = evaluate(current.runs)[run.name].trial(0)
    assert all(c.ok for c in result.checks)
    assert "Statutory debt cap" not in [c.name for c in result.checks]  # none since 29 October 2018
    for name in (
        "hra-borrowing-cap.json",
        "west-midlands-housing-first-2018.json",
        "worcestershire-enterprise-zone.json",
    ):
        assert "Historical" in load_scenario_file(EXAMPLES / name).description
