"""The movement explained: the one-at-a-time bridge sums to the total movement, the Shapley split
sums to it too and does not depend on the order of the changes, and a product of two changes
splits as worked by hand."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.analysis.bridge import _shapley, explain
from planner.cli.main import main
from planner.errors import PlannerError
from planner.project.document import add_scenario
from planner.project.project_file import load_project, save_project
from tests.conftest import EXAMPLES

BRS = "WMCA BRS: 2p over £50,000 RV"
LVC = "Land value capture and Enterprise Zone rates"
PROGRAMME = "WMCA Funding for Growth programme"
HF = "Housing First award 2018"
CHANGES = [
    (BRS, "threshold", 70_000.0),
    (BRS, "multiplier_pence", 1.5),
    (BRS, "collection_rate", 0.9),
    (PROGRAMME, "borrowing_rate", 0.045),
    (HF, "retention_rate", 0.7),  # Housing First does not feed the programme
]


@pytest.fixture(scope="module")
def example():
    return load_project(EXAMPLES / "funding-for-growth-programme.ffg")


def with_changes(project, changes, name="Four changes"):
    return add_scenario(project, name, "", None, changes)


def test_a_product_of_two_changes_splits_as_worked_by_hand():
    """Yield = x·y moving from (2, 10) to (1, 8): the Shapley shares are Δx·(y0+y1)/2 = -9 and
    Δy·(x0+x1)/2 = -3, summing to 8 - 20 = -12; each alone moves -10 and -4, so the interaction
    (+2 in all) is split between them."""
    values = {0b00: 20.0, 0b01: 10.0, 0b10: 16.0, 0b11: 8.0}
    assert _shapley(values, 2) == [-9.0, -3.0]


@given(st.lists(st.floats(-1e9, 1e9), min_size=8, max_size=8))
def test_shapley_shares_sum_to_the_whole_movement(figures):
    values = dict(enumerate(figures))
    assert sum(_shapley(values, 3)) == pytest.approx(figures[7] - figures[0], abs=1e-6 * (1 + max(map(abs, figures))))


def test_the_steps_sum_exactly_to_the_movement(example):
    project = with_changes(example, CHANGES)
    bridge = explain(project, "Baseline", "Four changes", "revenue_funding", PROGRAMME)
    baseline = float(example.evaluate()[PROGRAMME].summary["revenue_funding"][0])
    changed = float(project.evaluate("Four changes")[PROGRAMME].summary["revenue_funding"][0])
    assert bridge.start == baseline and bridge.end == changed
    assert [s.change.path for s in bridge.steps] == [
        "threshold",
        "multiplier_pence",
        "collection_rate",
        "borrowing_rate",
    ]
    assert [d.path for d in bridge.left_out] == ["retention_rate"]
    assert sum(s.step for s in bridge.steps) == pytest.approx(bridge.total, rel=1e-12)
    assert sum(s.shapley for s in bridge.steps) == pytest.approx(bridge.total, rel=1e-12)
    moved = {s.change.path: s.step for s in bridge.steps}
    assert bridge.total != 0 and all(moved[p] != 0 for p in ("threshold", "multiplier_pence", "collection_rate"))
    assert moved["borrowing_rate"] == 0  # revenue sources do not depend on how the capital gap is financed
    # the multiplier and the collection rate multiply each other: they interact
    interactions = {s.change.path: s.interaction for s in bridge.steps}
    assert abs(interactions["multiplier_pence"]) > 1


def test_the_shapley_split_is_the_same_in_any_order(example):
    splits, sequential = [], set()
    for order in itertools.permutations(CHANGES[:4]):
        project = with_changes(example, list(order))
        bridge = explain(project, "Baseline", "Four changes", "revenue_funding", PROGRAMME)
        splits.append({s.change.path: s.shapley for s in bridge.steps})
        sequential.add(tuple(round(s.step) for s in sorted(bridge.steps, key=lambda s: s.change.path)))
    for split in splits[1:]:
        for path, share in split.items():
            assert share == pytest.approx(splits[0][path], rel=1e-9, abs=1e-6)
    assert len(sequential) > 1  # while one at a time depends on the order


def test_between_two_scenarios_not_the_baseline(example):
    project = with_changes(with_changes(example, CHANGES[:1], "A"), CHANGES[1:3], "B")
    bridge = explain(project, "A", "B", "total_net_yield", BRS)
    assert {s.change.path for s in bridge.steps} == {"threshold", "multiplier_pence", "collection_rate"}
    threshold = next(s for s in bridge.steps if s.change.path == "threshold")
    assert (threshold.change.before, threshold.change.after) == (70_000.0, 50_000.0)
    assert sum(s.shapley for s in bridge.steps) == pytest.approx(bridge.total, rel=1e-12)


def test_a_whole_table_change_is_bridged_too(example):
    bridge = explain(example, "Baseline", "No site value uplift", "revenue_funding", PROGRAMME)
    (step,) = bridge.steps
    assert step.change.path == "sites" and "whole table" in step.change.label
    assert step.step == pytest.approx(bridge.total) and step.shapley == pytest.approx(bridge.total)


def test_an_unknown_metric_is_named(example):
    with pytest.raises(PlannerError, match="no run of this project has a metric 'nonsense'"):
        explain(example, "Baseline", "Threshold £70,000", "nonsense")


def test_planner_explain(example, tmp_path, capsys):
    path = tmp_path / "p.ffg"
    save_project(with_changes(example, CHANGES), path)
    assert (
        main(
            [
                "explain",
                str(path),
                "--from",
                "Baseline",
                "--to",
                "Four changes",
                "--metric",
                "revenue_funding",
                "--json",
            ]
        )
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert len(shown["steps"]) == 4 and shown["run"] == PROGRAMME
    assert sum(s["shapley"] for s in shown["steps"]) == pytest.approx(shown["total"], rel=1e-12)
    assert (
        main(["explain", str(path), "--from", "Baseline", "--to", "Four changes", "--metric", "revenue_funding"]) == 0
    )
    text = capsys.readouterr().out
    assert "Shapley" in text and "RV threshold" in text and "Housing First" in text  # the one left out is named
    assert np.isfinite(shown["start"])
