"""The movement explained: a bridge over 10 changes of the example programme, with the Shapley
split (2^10 = 1,024 combinations, one vectorised call)."""

from __future__ import annotations

from pathlib import Path

from planner.analysis.bridge import explain
from planner.project.document import add_scenario
from planner.project.project_file import load_project

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "funding-for-growth-programme.ffg"
BRS = "WMCA BRS: 2p over £50,000 RV"
PROGRAMME = "WMCA Funding for Growth programme"
TEN = [
    (BRS, "threshold", 70_000.0),
    (BRS, "multiplier_pence", 1.5),
    (BRS, "collection_rate", 0.9),
    (BRS, "relief_rate", 0.08),
    (BRS, "rv_growth", 0.02),
    (BRS, "annual_admin_cost", 400_000.0),
    (BRS, "cost_inflation", 0.03),
    (BRS, "setup_cost", 900_000.0),
    (PROGRAMME, "optimism_bias", 0.2),
    (PROGRAMME, "borrowing_rate", 0.045),
]


def cases() -> list[tuple[str, object, float | None]]:
    project = add_scenario(load_project(EXAMPLE), "Ten changes", "", None, TEN)

    def bridge():
        b = explain(project, "Baseline", "Ten changes", "revenue_funding", PROGRAMME)
        assert b.has_shapley and len(b.steps) == 10

    return [("bridge, 10 changes with the Shapley split", bridge, 0.200)]
