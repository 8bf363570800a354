"""`planner rules`, a rule overridden in a scenario, and how `planner compare` shows it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models.rules import ALL
from planner.cli.main import main
from planner.cli.rules import current_year
from planner.errors import PlannerError
from planner.project.document import add_scenario, new_project, scenario_changes
from planner.project.project_file import save_project
from planner.project.scenario_file import RunDef

BRS = RunDef(
    "Levy",
    "brs",
    {
        "start_year": 2026,
        "horizon": 5,
        "levy_years": 5,
        "threshold": 45_000.0,
        "bands": [],
        "liable_rv": 100_000_000.0,
        "liable_hereditaments": 800,
    },
)


def project_with_override():
    p = new_project("Rules", [BRS], now="2026-12-03T00:00:00Z")
    return add_scenario(
        p, "Lower minimum", "A proposed £40,000 minimum", changes=[("Levy", "rules.brs.min_rv_threshold", 40_000.0)]
    )


def test_rules_for_a_year_list_every_rule_with_its_source(capsys):
    assert main(["rules", "--year", "2027-28", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == "2027-28" and [r["rule"] for r in out["rules"]] == sorted(r.id for r in ALL)
    rows = {r["rule"]: r for r in out["rules"]}
    assert rows["rent.convergence"]["value"] == 1.0 and rows["hra.statutory_cap"]["value"] is None
    assert rows["brs.min_rv_threshold"]["url"] == "https://www.legislation.gov.uk/uksi/2009/2542/made"
    assert all(r["instrument"] and r["url"].startswith("http") and r["checked"] for r in out["rules"])
    assert main(["rules", "--year", "2018-19"]) == 0
    text = capsys.readouterr().out
    assert "Rules in force in 2018-19" in text and "hra.statutory_cap" in text and "applies since 2012-04-01" in text


def test_a_bad_year_is_refused_and_the_default_is_the_year_running_today(capsys):
    assert main(["rules", "--year", "2027-29"]) == 2
    assert "--year" in capsys.readouterr().err
    assert current_year(dt.date(2026, 3, 31)) == 2025 and current_year(dt.date(2026, 4, 1)) == 2026


def test_a_rule_override_is_a_scenario_change_and_changes_the_verdict():
    p = project_with_override()
    (change,) = scenario_changes(p, "Lower minimum")
    assert (change.path, change.baseline, change.value) == ("rules.brs.min_rv_threshold", None, 40_000.0)
    base = p.evaluate("Baseline")["Levy"].trial(0)
    lower = p.evaluate("Lower minimum")["Levy"].trial(0)
    check = next(c for c in base.checks if c.name == "rv_threshold_minimum")
    assert not check.ok and check.years_failed == ("2026-27", "2027-28", "2028-29", "2029-30", "2030-31")
    assert next(c for c in lower.checks if c.name == "rv_threshold_minimum").ok


def test_an_unknown_rule_cannot_be_overridden():
    p = new_project("Rules", [BRS], now="2026-12-03T00:00:00Z")
    with pytest.raises(PlannerError, match="is not a rule"):
        add_scenario(p, "Bad", changes=[("Levy", "rules.brs.nothing", 1.0)])


def test_compare_shows_the_rule_override(tmp_path, capsys):
    path = tmp_path / "rules.ffg"
    save_project(project_with_override(), path)
    assert main(["compare", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Rules overridden" in text
    assert (
        "[Lower minimum] Levy: BRS rateable value condition (minimum threshold) (brs.min_rv_threshold): "
        "as declared → 40000" in text
    )
    assert "rv_threshold_minimum (Unlawful): FAIL → ok" in text
    assert main(["compare", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (rule,) = out["rules"]
    assert rule["rule"] == "brs.min_rv_threshold" and rule["baseline"] is None and rule["value"] == 40_000.0
    assert "SI 2009/2542" in rule["citation"]


def test_run_reports_the_severity_and_the_tolerance_is_a_setting(tmp_path, capsys):
    path = tmp_path / "rules.ffg"
    save_project(project_with_override(), path)
    assert main(["run", str(path), "--strict"]) == 1
    text = capsys.readouterr().out
    assert "the most serious failure: unlawful" in text and "[FAIL: Unlawful] rv_threshold_minimum" in text
    assert main(["run", str(path), "--tolerance", "-1"]) == 2
