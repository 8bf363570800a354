"""`planner run` on a project, `planner compare`, `planner convert`, and the analysis hook."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from planner.cli import main as cli
from planner.cli.main import main
from planner.project.project_file import load_project

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "project"
V2 = str(FIXTURES / "v2.ffg")
EXAMPLE = ROOT / "examples" / "funding-for-growth-programme.ffg"


def run_json(capsys, *args) -> dict:
    assert main(["run", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_run_a_project_baseline_and_a_scenario_in_the_documented_shape(capsys):
    out = run_json(capsys, V2)
    assert list(out) == ["file", "scenario", "runs"] and out["scenario"] == "Baseline"
    run = out["runs"][0]
    assert set(run) == {"name", "model", "summary", "checks", "annual"}
    assert run["summary"]["total_cost"] == pytest.approx(486_000)
    dearer = run_json(capsys, V2, "--scenario", "Dearer support")["runs"][0]
    col = dearer["annual"]["columns"].index("support_cost")
    assert [r[col] for r in dearer["annual"]["data"]] == pytest.approx([90_000, 234_000, 259_200])


def test_run_report_names_the_scenario(capsys):
    assert main(["run", V2, "--scenario", "Dearer support"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Housing First, two councils — Dearer support\n") and "£583,200" in out


def test_strict_fails_on_a_failed_check_in_the_scenario(capsys):
    assert main(["run", V2, "--strict"]) == 0
    assert main(["run", V2, "--strict", "--scenario", "Dearer support, Dudley slower"]) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["run", V2, "--scenario", "Nope"],
            "error: scenario 'Nope' is not in this project; scenarios are: 'Baseline', "
            "'Dearer support', 'Dearer support, Dudley slower'",
        ),
        (
            ["run", str(FIXTURES / "v1.json"), "--scenario", "X"],
            "error: scenario 'X' is not in this project; scenarios are: 'Baseline'\n",
        ),  # a scenario file: a baseline
        (["run", str(FIXTURES / "newer-schema.ffg")], "this file was saved by a newer planner (schema 3)"),
        (["compare", str(FIXTURES / "bad-unknown-key.ffg")], "scenarios[2].changes[1].colour: unknown key"),
        (["compare", V2, "--scenarios", "Nope"], "error: scenario 'Nope' is not in this project"),
    ],
)
def test_problems_exit_2_with_one_error_line_each(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.strip().splitlines())


def test_compare_text_and_json(capsys):
    assert main(["compare", V2]) == 0
    text = capsys.readouterr().out
    assert "Dearer support" in text and "£97,200 (+20.0%)" in text
    assert main(["compare", V2, "--scenarios", "Dearer support", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["file", "scenarios", "metrics", "checks", "rules", "annual"]
    assert data["scenarios"] == ["Baseline", "Dearer support"]
    total = next(m for m in data["metrics"] if m["metric"] == "total_cost")
    assert total["difference"] == {"Dearer support": pytest.approx(97_200)}
    assert total["pct"] == {"Dearer support": pytest.approx(0.2)} and data["checks"] == []


def test_convert_a_scenario_file_to_a_project(tmp_path, capsys):
    target = tmp_path / "pilot.ffg"
    assert main(["convert", str(FIXTURES / "v1.json"), str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target}: 1 run as the baseline, 0 scenarios\n"
    project = load_project(target)
    assert project.runs == load_project(FIXTURES / "v1.json").runs
    assert main(["convert", str(FIXTURES / "v1.json"), str(target)]) == 2
    assert "already exists; choose another name or add --force" in capsys.readouterr().err
    assert main(["convert", str(FIXTURES / "v1.json"), str(target), "--force"]) == 0
    assert main(["convert", str(FIXTURES / "v1.json"), str(tmp_path / "pilot.json")]) == 2
    assert "a project file's name must end in .ffg" in capsys.readouterr().err


def test_json_scenario_files_run_exactly_as_before(capsys, tmp_path):
    out = run_json(capsys, str(FIXTURES / "v1.json"))
    assert list(out) == ["file", "runs"]
    renamed = tmp_path / "pilot.ffg"  # a scenario file named .ffg is read as a project
    shutil.copy(FIXTURES / "v1.json", renamed)
    assert run_json(capsys, str(renamed))["runs"] == out["runs"]


def test_every_command_is_on_the_parser():
    commands = [
        "run",
        "compare",
        "convert",
        "sensitivity",
        "montecarlo",
        "solve",
        "template",
        "import",
        "export",
        "explain",
        "rating-list",
        "rules",
    ]
    choices = next(a for a in cli._parser()._actions if a.dest == "command").choices
    assert list(choices) == commands
    assert cli._parser().parse_args(["run", V2]).command == "run"


def test_the_example_project_runs_and_is_what_the_builder_makes(tmp_path, capsys):
    for model in ("models.brs.model", "models.programme.model", "models.hra.model", "models.land_value.model"):
        pytest.importorskip(model)
    project = load_project(EXAMPLE)
    assert len(project.scenarios) >= 3 and any(s.based_on for s in project.scenarios)
    for name in ["Baseline"] + project.scenario_names:
        assert main(["run", str(EXAMPLE), "--scenario", name, "--json"]) == 0
        capsys.readouterr()
    spec = importlib.util.spec_from_file_location("build_example_project", ROOT / "tools" / "build_example_project.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    copy = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, copy)
    assert builder.build(copy) == "unchanged", "run tools/build_example_project.py to refresh the example project"
