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
