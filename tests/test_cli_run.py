"""`planner run`: the report, the JSON shape, and clear errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from planner.cli.main import main
from tests.conftest import EXAMPLES, ROOT

HF = EXAMPLES / "west-midlands-housing-first-2018.json"


def test_json_shape_is_exactly_as_documented(capsys):
    assert main(["run", str(HF), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"file", "runs"}
    run = out["runs"][0]
    assert set(run) == {"name", "model", "summary", "checks", "annual"}
    assert run["model"] == "housing_first"
    assert set(run["annual"]) == {"index", "columns", "data"}
    assert run["annual"]["index"][:3] == ["2018-19", "2019-20", "2020-21"]
    grant = run["annual"]["columns"].index("grant")
    assert [row[grant] for row in run["annual"]["data"]] == [1440000.0, 3000000.0, 5160000.0, 0.0, 0.0]
    for check in run["checks"]:
        assert set(check) == {"name", "ok", "severity", "message", "year", "amount", "rule", "years_failed"}
    for metric in (
        "grant_total",
        "people_housed",
        "peak_caseload",
        "total_cost",
        "liability_beyond_grant",
        "first_shortfall_year",
        "largest_shortfall",
    ):
        assert metric in run["summary"]
    assert run["summary"]["grant_total"] == 9600000.0


def test_readable_report(capsys):
    assert main(["run", str(HF)]) == 0
    text = capsys.readouterr().out
    assert "£9,600,000" in text and "2018-19" in text and "Checks:" in text


def _write(tmp_path, data) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "not valid JSON at line 1"),
        ({"schema_version": 7, "runs": []}, "schema_version is 7"),
        ({"schema_version": 1, "runs": [{"name": "x", "model": "magic"}]}, "runs[1].model: 'magic' is not a model"),
        (
            {"schema_version": 1, "runs": [{"name": "x", "model": "housing_first", "inputs": {"retention_rate": 3}}]},
            "run 'x': retention_rate (Tenancy sustainment a year): 3 is not allowed; enter a number from 0% to 100%",
        ),
        ({"schema_version": 1, "runs": [{"name": "x", "model": "housing_first"}], "colour": 1}, "unknown key 'colour'"),
    ],
)
def test_bad_files_exit_2_with_one_message_per_problem(tmp_path, capsys, content, expected):
    assert main(["run", _write(tmp_path, content)]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_missing_file(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nowhere.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_every_problem_listed(tmp_path, capsys):
    data = {
        "schema_version": 1,
        "runs": [{"name": "x", "model": "housing_first", "inputs": {"retention_rate": 3, "horizon": 0}}],
    }
    assert main(["run", _write(tmp_path, data)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: run 'x'") for line in lines)


def test_installed_command_runs_as_a_process():
    proc = subprocess.run(
        [sys.executable, "-m", "planner", "run", str(HF), "--strict"], capture_output=True, text=True, cwd=ROOT
    )
    # the illustrative costs run £1,658 past the grant in 2022-23: a failed check with --strict
    assert proc.returncode == 1, proc.stderr
    assert "Costs run ahead of the grant from 2022-23; shortfall then £1,658" in proc.stdout
