"""`planner sensitivity`, `montecarlo` and `solve`: text, the documented --json shapes, exit 2 errors."""

from __future__ import annotations

import argparse
import json

import pytest

from planner.cli.analysis import register_analysis_commands
from planner.errors import PlannerError
from tests.conftest import EXAMPLES
from tests.planner.test_sensitivity import GRANT, OTHER, PERSON_YEARS

HF = str(EXAMPLES / "west-midlands-housing-first-2018.json")
RUN = "Housing First award 2018"
VARY = [
    "--vary",
    "retention_rate=triangular(0.7, 0.8, 0.9)",
    "--vary",
    "support_cost_per_person_year=normal(4.2k, 300)",
]


def planner(*argv: str) -> int:
    """The analysis commands on a parser of their own, as planner.cli.main wires them, errors as it prints them."""
    parser = argparse.ArgumentParser(prog="planner")
    register_analysis_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    try:
        return args.handler(args)
    except PlannerError as exc:
        for problem in exc.problems:
            print(f"error: {problem}")
        return 2


def as_json(capsys, *argv: str) -> dict:
    assert planner(*argv, "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_sensitivity_text_and_json(capsys):
    assert planner("sensitivity", HF, "--run", RUN, "--metric", "closing_balance", "--pct", "10") == 0
    text = capsys.readouterr().out
    assert "Tornado: Funding balance at the end (closing_balance)" in text and "Base: (£1,658)" in text
    assert "Support cost per person a year" in text and "£3,780" in text and "█" in text
    out = as_json(
        capsys,
        "sensitivity",
        HF,
        "--run",
        RUN,
        "--metric",
        "closing_balance",
        "--input",
        "support_cost_per_person_year",
        "--input",
        "support_years",
    )
    assert set(out) == {
        "file",
        "run",
        "metric",
        "metric_label",
        "kind",
        "base",
        "mode",
        "pct",
        "rows",
        "skipped",
        "years",
    }
    row = out["rows"][0]
    assert set(row) == {"path", "label", "base_input", "low_input", "high_input", "metric_low", "metric_high", "swing"}
    assert row["path"] == "support_cost_per_person_year" and row["swing"] == pytest.approx(840 * PERSON_YEARS)
    assert out["mode"] == "percent" and out["pct"] == 0.1 and out["skipped"] == []


def test_montecarlo_json_shape_and_reproducible(capsys):
    argv = (
        "montecarlo",
        HF,
        "--run",
        RUN,
        *VARY,
        "--trials",
        "2000",
        "--seed",
        "9",
        "--correlate",
        "retention_rate,support_cost_per_person_year=-0.5",
        "--lines",
        "funding_balance",
    )
    out = as_json(capsys, *argv)
    assert set(out) == {
        "file",
        "run",
        "model",
        "trials",
        "seed",
        "inputs",
        "input_labels",
        "target_correlation",
        "achieved_correlation",
        "years",
        "percentiles",
        "metrics",
        "lines",
        "checks",
    }
    assert out["input_labels"]["retention_rate"] == "Tenancy sustainment a year"
    assert out["percentiles"] == [5, 10, 50, 90, 95] and out["trials"] == 2000
    closing = out["metrics"]["closing_balance"]
    assert set(closing) == {"label", "kind", "p5", "p10", "p50", "p90", "p95", "mean", "never"}
    assert closing["p5"] <= closing["p50"] <= closing["p95"]
    year = out["metrics"]["first_shortfall_year"]
    assert year["p50"] == "2022-23" and year["mean"] is None and 0 < year["never"] < 1
    assert list(out["lines"]) == ["funding_balance"] and len(out["lines"]["funding_balance"]["p50"]) == 5
    assert out["achieved_correlation"][0][1] == pytest.approx(-0.5, abs=0.06)
    assert set(out["checks"][0]) == {"name", "p_fail", "median_year", "message"}
    assert as_json(capsys, *argv) == out


def test_montecarlo_text(capsys):
    assert planner("montecarlo", HF, "--run", RUN, *VARY, "--trials", "1000", "--seed", "1") == 0
    text = capsys.readouterr().out
    assert text.startswith("Monte Carlo: 1,000 trials of run 'Housing First award 2018' (seed 1)")
    assert "Grant covers costs in every year fails in" in text and "first in 2022-23 at the median" in text


def test_montecarlo_of_a_programme_varies_the_runs_it_takes_lines_from(capsys):
    programme = str(EXAMPLES / "funding-for-growth-programme.json")
    brs = "WMCA BRS: 2p over £50,000 RV"  # a comma in the run's name: the inputs varied say where to split
    out = as_json(
        capsys,
        "montecarlo",
        programme,
        "--run",
        "WMCA Funding for Growth programme",
        "--vary",
        f"{brs}::collection_rate=triangular(0.9, 0.97, 0.99)",
        "--vary",
        "borrowing_rate=normal(4.5%, 0.5%)",
        "--trials",
        "800",
        "--seed",
        "2",
        "--correlate",
        f"{brs}::collection_rate,borrowing_rate=0.4",
        "--lines",
        "none",
    )
    assert out["input_labels"] == {
        f"{brs}::collection_rate": f"{brs} › Collection rate",
        "borrowing_rate": "Borrowing rate",
    }
    funding = out["metrics"]["total_funding"]
    assert funding["p5"] < funding["p50"] < funding["p95"]  # the BRS's collection moves the programme
    assert out["achieved_correlation"][0][1] == pytest.approx(0.4, abs=0.08)
    assert (
        planner(
            "montecarlo",
            programme,
            "--run",
            brs,
            "--vary",
            "WMCA Funding for Growth programme::borrowing_rate=normal(4.5%, 0.5%)",
            "--trials",
            "10",
        )
        == 2
    )
    assert "does not feed run 'WMCA BRS: 2p over £50,000 RV'" in capsys.readouterr().out


def test_solve_goal(capsys):
    out = as_json(capsys, "solve", HF, "--run", RUN, "--goal", "support_cost_per_person_year:closing_balance=0")
    assert set(out) == {"file", "question", "run", "value", "shown", "message", "details"}
    assert out["value"] == pytest.approx((GRANT - OTHER) / PERSON_YEARS) and out["shown"] == "£4,198.91"
    assert out["details"]["exact"] is True and out["details"]["achieved"] == pytest.approx(0, abs=0.005)
    assert planner("solve", HF, "--run", RUN, "--goal", "retention_rate:first_shortfall_year=2022-23") == 0
    assert "= 80% gives first_shortfall_year" in capsys.readouterr().out


def test_solve_named_questions(capsys):
    pytest.importorskip("models.hra.model")
    pytest.importorskip("models.brs.model")
    hra = str(EXAMPLES / "hra-borrowing-cap.json")
    out = as_json(capsys, "solve", hra, "--run", "Raised cap", "--max-homes")
    assert out["question"] == "max_homes" and out["value"] == int(out["value"]) > 0
    assert planner("solve", hra, "--run", "Raised cap", "--cap-needed") == 0
    assert "The plan needs a debt cap of at least £" in capsys.readouterr().out
    brs = str(EXAMPLES / "wmca-business-rate-supplement.json")
    out = as_json(capsys, "solve", brs, "--run", "2p over £50k", "--brs-multiplier")
    assert out["details"]["supportable_borrowing"] == pytest.approx(out["details"]["project_cost_with_bias"], abs=1)


def test_a_project_scenario(capsys):
    project = str(EXAMPLES / "funding-for-growth-programme.ffg")
    out = as_json(
        capsys,
        "sensitivity",
        project,
        "--scenario",
        "Threshold £70,000",
        "--run",
        "WMCA BRS: 2p over £50,000 RV",
        "--metric",
        "supportable_borrowing",
        "--input",
        "threshold",
    )
    assert out["scenario"] == "Threshold £70,000" and out["rows"][0]["base_input"] == 70_000


@pytest.mark.parametrize(
    "argv, messages",
    [
        (
            ["montecarlo", HF, "--run", RUN, "--vary", "nope=normal(1,1)", "--vary", "retention_rate=normal(1,-1)"],
            ["'nope' is not an input of Housing First grant profile", "the standard deviation cannot be negative"],
        ),
        (
            ["montecarlo", HF, "--run", RUN, "--vary", "retention_rate", "--correlate", "a=1"],
            ["--vary 'retention_rate': write an input path and a distribution"],
        ),
        (
            ["solve", HF, "--run", RUN, "--goal", "support_cost_per_person_year=0"],
            ["--goal 'support_cost_per_person_year=0': write input:metric=target"],
        ),
        (
            ["solve", HF, "--run", RUN, "--goal", "support_years:closing_balance=lots"],
            ["the target 'lots' is not a number (4200, 1.5m, 3.5%) or a year of the run (2018-19 to 2022-23)"],
        ),
        (["sensitivity", HF, "--run", "Nobody", "--metric", "closing_balance"], ["'Nobody' is not a run"]),
        (
            ["sensitivity", str(EXAMPLES / "missing.json"), "--run", RUN, "--metric", "x"],
            ["missing.json: no such file"],
        ),
    ],
)
def test_errors_exit_2_with_one_line_per_problem(capsys, argv, messages):
    assert planner(*argv) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(messages) and all(line.startswith("error: ") for line in lines)
    for line, message in zip(lines, messages):
        assert message in line


def test_planner_command_has_the_analysis_commands(capsys):
    from planner.cli.main import main

    assert main(["solve", HF, "--run", RUN, "--goal", "support_cost_per_person_year:closing_balance=20m"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no support_cost_per_person_year") and "Traceback" not in err


def test_json_has_null_for_nan_and_year_labels(capsys, tmp_path):
    pytest.importorskip("models.hra.model")
    no_cap = tmp_path / "no-cap.json"
    no_cap.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "title": "No cap",
                "runs": [{"name": "plan", "model": "hra", "inputs": {"debt_cap": None}}],
            }
        ),
        encoding="utf-8",
    )
    out = as_json(
        capsys,
        "montecarlo",
        str(no_cap),
        "--run",
        "plan",
        "--vary",
        "weekly_rent=uniform(80, 90)",
        "--trials",
        "200",
        "--seed",
        "1",
        "--lines",
        "headroom",
    )
    headroom = out["metrics"]["min_headroom"]
    assert headroom["p50"] is None and headroom["mean"] is None  # no cap: headroom is not applicable
    assert out["lines"]["headroom"]["p50"] == [None] * 30
    assert out["metrics"]["first_cap_breach_year"] == {
        "label": "First year over the cap",
        "kind": "year",
        "p5": None,
        "p10": None,
        "p50": None,
        "p90": None,
        "p95": None,
        "mean": None,
        "never": 1.0,
    }
