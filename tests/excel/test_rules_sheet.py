"""The board pack's "Rules applied" sheet, a rule override in it, and the checks' severities."""

from __future__ import annotations

import datetime as dt

from planner.excel.board_pack.export import build_board_pack
from tests.planner.test_rules_cli import project_with_override


def _rows(ws, first=5):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first) if row[0].value]


def test_rules_applied_lists_each_rule_by_year_with_its_source_and_marks_the_override():
    pack = build_board_pack(project_with_override(), today=dt.date(2026, 12, 3))
    assert "Rules applied" in pack.sheets
    rows = _rows(pack.workbook["Rules applied"])
    header = [c.value for c in pack.workbook["Rules applied"][4]]
    assert header[:6] == ["Scenario", "Run", "Rule", "What it is", "Years", "Value"]
    by = {(r[0], r[2]): r for r in rows}
    base = by[("Baseline", "brs.min_rv_threshold")]
    assert base[4] == "2026-27 to 2030-31" and base[5] == 50_000 and base[7] in ("", None)
    assert "SI 2009/2542" in base[8] and base[10] == "https://www.legislation.gov.uk/uksi/2009/2542/made"
    assert base[11] == "2026-12-03" and base[12] == "verified"
    lower = by[("Lower minimum", "brs.min_rv_threshold")]
    assert lower[5] == 40_000 and lower[7] == "Overridden"
    # a scenario's rows are listed only where they differ from the Baseline's
    baseline = {(r[1], r[2], r[4], r[5], r[7]) for r in rows if r[0] == "Baseline"}
    others = [r for r in rows if r[0] != "Baseline"]
    assert others and all((r[1], r[2], r[4], r[5], r[7]) not in baseline for r in others)
    assert {r[2] for r in rows if r[0] == "Baseline"} == {
        "brs.min_rv_threshold",
        "brs.max_multiplier",
        "brs.ballot_trigger",
        "brs.ballot_trigger.wales",
    }


def test_the_override_is_listed_with_the_scenario_changes_and_checks_carry_their_severity():
    pack = build_board_pack(project_with_override(), today=dt.date(2026, 12, 3))
    values = [c.value for row in pack.workbook["Assumptions"].iter_rows() for c in row if c.value is not None]
    assert "rules.brs.min_rv_threshold" in values and "as declared" in values and "overridden: 40000" in values
    checks = pack.workbook["Checks"]
    assert checks["I4"].value == "Severity" and checks["I3"].value == "Unlawful"
    rows = {(r[0], r[2]): r for r in _rows(checks)}
    assert rows[("Baseline", next(k[1] for k in rows if "threshold" in k[1].lower()))][8] == "Unlawful"


def test_rule_overrides_survive_the_input_workbook_and_a_bad_one_is_refused_by_its_cell(tmp_path):
    import openpyxl
    import pytest

    from planner.errors import PlannerError
    from planner.excel.board_pack.export import export_board_pack
    from planner.excel.workbook_import import import_workbook
    from planner.project.document import set_change

    project = set_change(
        project_with_override(), "Lower minimum", "Levy", "rules.brs.max_multiplier", {"from": "2028-29", "value": 3.0}
    )
    path = tmp_path / "pack.xlsx"
    export_board_pack(project, path)
    back = import_workbook(path)
    assert back.scenario("Lower minimum").changes == project.scenario("Lower minimum").changes
    assert "rules" not in back.runs[0].inputs  # the baseline keeps the law as declared
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if any(c.value == "rules.brs.min_rv_threshold" for c in w["A"]))
    row = next(c.row for c in ws["A"] if c.value == "rules.brs.min_rv_threshold")
    ws.cell(row, 4).value = "forty thousand"
    wb.save(path)
    with pytest.raises(PlannerError) as err:
        import_workbook(path)
    assert any(f"cell D{row}" in p and "'none'" in p for p in err.value.problems)
