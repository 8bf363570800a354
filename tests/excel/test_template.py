"""The input template: generated from the declarations, one value column per scenario, valid names."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from planner import __version__
from planner.excel import styles as st
from planner.excel.template import (
    META,
    build_template,
    cell_value,
    column_heading,
    template_project,
    write_input_sheets,
    write_template,
)
from planner.project.document import add_scenario, new_project, set_assumption, set_change
from planner.project.scenario_file import RunDef
from planner.project.scenarios import BASELINE
from planner.registry import get_spec, model_keys
from tests.excel.corpus import template


def book(base: str = "defaults"):
    return openpyxl.load_workbook(io.BytesIO(template(base)))


def layout(wb) -> list[dict]:
    rows = [[c.value for c in row] for row in wb[META].iter_rows(min_row=5)]
    return [dict(zip(("sheet", "kind", "run", "model", "table", "scenario", "schema_version"), r)) for r in rows]


def rows_by_key(ws) -> dict:
    return {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}


def headers(ws, row: int = 4) -> dict:
    return {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value}


def test_sheets_of_the_template_of_every_model():
    wb = book()
    expected = ["Read me", "Project"]
    for key in model_keys():
        spec = get_spec(key)
        expected.append(spec.label[:31])
        expected += [e["sheet"] for e in layout(wb) if e["kind"] == "table" and e["model"] == key]
    assert wb.sheetnames == expected + ["Assumptions", META]
    assert [e["kind"] for e in layout(wb)].count("run") == len(model_keys())
    tables = [(e["model"], e["table"]) for e in layout(wb) if e["kind"] == "table"]
    assert tables == [(k, t.name) for k in model_keys() for t in get_spec(k).tables]
    assert wb[META].sheet_state == "hidden" and wb[META]["B2"].value == 1
    for name in wb.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)


@pytest.mark.parametrize("key", model_keys())
def test_every_scalar_input_has_a_row_from_its_declaration(key):
    spec = get_spec(key)
    ws = book()[spec.label[:31]]
    cols, rows = headers(ws), rows_by_key(ws)
    assert list(cols)[:3] == ["key", "label", "value"]
    assert list(cols)[3:] == ["unit", "allowed range", "help", "source", "owner", "date", "note"]
    # then one row per rule the model uses, empty: the law as declared (planner.excel.rule_cells)
    assert list(rows) == [f.name for f in spec.fields] + [f"rules.{r}" for r in spec.rule_ids()]
    assert all(ws.cell(rows[f"rules.{r}"], cols["value"]).value is None for r in spec.rule_ids())
    for f in spec.fields:
        values = [
            ws.cell(rows[f.name], cols[h]).value for h in ("label", "value", "unit", "allowed range", "help", "source")
        ]
        assert values == [
            f.label,
            cell_value(f, f.default),
            f.unit or None,
            f.allowed(),
            f.help or None,
            f.source or None,
        ]
        assert ws.cell(rows[f.name], cols["value"]).style == st.INPUT
    assert ws.freeze_panes == "C5"
    assert ws.column_dimensions["B"].width >= min(max(len(f.label) for f in spec.fields) + 2, 60)


def _rule(ws, ref: str):
    found = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert len(found) == 1, ref
    return found[0]


def test_data_validation_comes_from_the_bounds_and_choices():
    wb = book()
    brs, hra, lv = (wb[get_spec(k).label[:31]] for k in ("brs", "hra", "land_value"))
    threshold = _rule(brs, f"C{rows_by_key(brs)['threshold']}")
    assert (threshold.type, threshold.operator, threshold.formula1, threshold.formula2) == (
        "decimal",
        "between",
        "0",
        "1000000000000",
    )
    assert threshold.error == get_spec("brs").field("threshold").allowed()
    levy = _rule(brs, f"C{rows_by_key(brs)['levy_years']}")
    assert (levy.type, levy.formula1, levy.formula2) == ("whole", "1", "125")
    growth = _rule(brs, f"C{rows_by_key(brs)['rv_growth']}")
    assert (growth.formula1, growth.formula2) == ("-0.5", "0.5")
    assert _rule(brs, f"C{rows_by_key(brs)['jurisdiction']}").formula1 == '"England,Wales"'
    assert _rule(hra, f"C{rows_by_key(hra)['surplus_repays_debt']}").formula1 == '"TRUE,FALSE"'
    rv = _rule(lv, f"C{rows_by_key(lv)['rv_per_m2']}")
    assert (rv.operator, rv.formula1) == ("greaterThanOrEqual", "0")


def test_number_formats_follow_the_declared_format():
    wb = book()
    brs, hra = wb[get_spec("brs").label[:31]], wb[get_spec("hra").label[:31]]
    fmt = {k: brs.cell(r, 3).number_format for k, r in rows_by_key(brs).items()}
    assert fmt["threshold"] == st.GBP == "£#,##0;[Red](£#,##0)"
    assert (fmt["rv_growth"], fmt["multiplier_pence"], fmt["start_year"], fmt["horizon"]) == (
        st.PCT_INPUT,
        st.PENCE,
        st.YEAR,
        st.INTEGER,
    )
    assert hra.cell(rows_by_key(hra)["weekly_rent"], 3).number_format == st.GBP
    assert st.number_format("gbp", 85.5) == st.GBP_PENCE and st.number_format("number", 1.25) == st.NUMBER
    font = brs.cell(rows_by_key(brs)["threshold"], 3).font
    assert (font.name, font.sz) == ("Arial", 10)


@pytest.mark.parametrize("key", model_keys())
def test_each_table_has_a_sheet_with_a_column_per_declared_column(key):
    wb = book()
    for t in get_spec(key).tables:
        sheet = next(e["sheet"] for e in layout(wb) if e["model"] == key and e["table"] == t.name)
        ws = wb[sheet]
        assert [ws.cell(3, c).value for c in range(1, len(t.columns) + 1)] == [c.name for c in t.columns]
        assert [ws.cell(4, c).value for c in range(1, len(t.columns) + 1)] == [column_heading(c) for c in t.columns]
        data = [[ws.cell(r, c).value for c in range(1, len(t.columns) + 1)] for r in range(5, 5 + len(t.default))]
        assert data == [[cell_value(c, row.get(c.name, c.default)) for c in t.columns] for row in t.default]
        assert ws.max_row == 4 + len(t.default) and ws.freeze_panes == "A5"
        numeric = [
            i for i, c in enumerate(t.columns, start=1) if c.numeric and (c.low is not None or c.high is not None)
        ]
        for i in numeric:  # validation reaches the rows a user may add, up to the table's limit
            letter = openpyxl.utils.get_column_letter(i)
            assert _rule(ws, f"{letter}5").sqref == openpyxl.worksheet.cell_range.MultiCellRange(
                f"{letter}5:{letter}{4 + t.max_rows}"
            )


def test_a_project_gets_a_value_column_per_scenario_filled_from_its_resolved_inputs(example):
    wb = book("project")
    names = [BASELINE] + example.scenario_names
    for e in (e for e in layout(wb) if e["kind"] == "run"):
        ws, spec = wb[e["sheet"]], get_spec(e["model"])
        cols, rows = headers(ws), rows_by_key(ws)
        assert list(cols)[2 : 2 + len(names)] == names
        for name in names:
            run = next(r for r in example.resolve(name) if r.name == e["run"])
            got = [ws.cell(rows[f.name], cols[name]).value for f in spec.fields]
            assert got == [cell_value(f, run.inputs.get(f.name, f.default)) for f in spec.fields]
    brs = wb["WMCA BRS 2p over £50,000 RV"]
    threshold = rows_by_key(brs)["threshold"]
    assert [brs.cell(threshold, c).value for c in range(3, 9)] == [50000, 50000, 50000, 70000, 50000, 50000]
    assert brs.conditional_formatting  # a scenario's changed values are shaded


def test_a_scenario_gets_a_table_sheet_only_where_it_changes_that_table():
    wb = book("project")
    own = [
        (e["run"], e["table"], e["scenario"]) for e in layout(wb) if e["kind"] == "table" and e["scenario"] != BASELINE
    ]
    assert own == [
        ("Land value capture and Enterprise Zone rates", "sites", "No site value uplift"),
        ("Statutory cap", "rent_path", "Rent cap returns"),
        ("Housing First award 2018", "intake", "Slower intake"),
    ]
    sites = wb[next(e["sheet"] for e in layout(wb) if e["scenario"] == "No site value uplift")]
    assert (
        sites.max_row == 4
        and sites["A1"].value == "Sites — Land value capture and Enterprise Zone rates — scenario No site value uplift"
    )
    intake = wb[next(e["sheet"] for e in layout(wb) if e["scenario"] == "Slower intake")]
    assert [[intake.cell(r, c).value for c in (1, 2)] for r in range(5, 9)] == [
        [2018, 0.25],
        [2019, 1],
        [2020, 1],
        [2021, 0.75],
    ]


def test_project_details_runs_and_scenarios(example):
    ws = book("project")["Project"]
    assert [ws.cell(r, 3).value for r in range(5, 10)] == [
        example.title,
        example.description,
        None,
        None,
        example.metadata.created,
    ]
    assert [ws.cell(r, 1).value for r in range(13, 18)] == [r.name for r in example.runs]
    assert [[ws.cell(r, c).value for c in (1, 2)] for r in range(21, 26)] == [
        [s.name, s.based_on] for s in example.scenarios
    ]


def test_assumptions_log_goes_to_the_run_sheets_and_the_assumptions_sheet():
    project = new_project("P", [RunDef("Pilot", "housing_first", {})], now="2024-05-01T09:30:00Z")
    project = set_assumption(
        project, "Pilot", "award", source="MHCLG letter", owner="J. Smith", date="2018-09-06", note="as paid"
    )
    project = set_assumption(project, "Pilot", "councils[2].units_per_year", source="Council return", owner="Dudley")
    wb = build_template(project)
    ws = wb["Pilot"]
    cols, row = headers(ws), rows_by_key(ws)["award"]
    assert [ws.cell(row, cols[h]).value for h in ("source", "owner", "date", "note")] == [
        "MHCLG letter",
        "J. Smith",
        "2018-09-06",
        "as paid",
    ]
    log = wb["Assumptions"]
    entries = {log.cell(r, 2).value: [log.cell(r, c).value for c in range(3, 7)] for r in range(5, log.max_row + 1)}
    assert entries["councils[2].units_per_year"] == ["Council return", "Dudley", None, None]
    assert set(entries) == {"councils", "councils[2].units_per_year", "intake", "other_costs", "tranches"}


def test_read_me_says_what_the_workbook_is_and_the_version():
    text = "\n".join(str(c.value) for row in book("brs")["Read me"].iter_rows() for c in row if c.value)
    assert f"Funding for Growth Planner {__version__}" in text
    assert "found by their key" in text and "rows may be reordered" in text
    assert "planner import THIS.xlsx PROJECT.ffg" in text
    assert "Business Rate Supplement:  the single inputs of run 'Business Rate Supplement'" in text


def test_awkward_run_names_give_valid_unique_sheet_names():
    names = ["A/B: [north]*?", "=SUM(A1)", "x" * 40 + " one", "x" * 40 + " two", "X" * 40 + " TWO", "History", "'q'"]
    project = new_project("Names", [RunDef(n, "brs", {}) for n in names])
    wb = build_template(project)
    runs = [e["sheet"] for e in layout(wb) if e["kind"] == "run"]
    assert runs == ["A B north", "=SUM(A1)", "x" * 31, "x" * 27 + " (2)", "X" * 27 + " (3)", "History (2)", "q"]
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) and not n.startswith("'") for n in wb.sheetnames)
    assert "history" not in {n.casefold() for n in wb.sheetnames}
    assert wb["Project"]["A13"].data_type == "s" and wb["Project"]["A14"].value == "=SUM(A1)"
    assert wb["Project"]["A14"].data_type == "s"  # text that looks like a formula is written as text


def test_input_sheets_go_into_another_workbook_beside_its_own_sheets(example):
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.create_sheet("Project")
    written = write_input_sheets(wb, example)
    assert wb.sheetnames[:2] == ["Cover", "Project"] and written[0][:2] == ("Project (2)", "project")
    assert wb.sheetnames[-1] == META and [e[0] for e in written] == wb.sheetnames[2:-1]
    write_input_sheets(openpyxl.Workbook(), example)  # the styles can be added to a workbook twice over


def test_write_template_writes_the_file_and_replaces_an_old_one(tmp_path):
    path = tmp_path / "inputs.xlsx"
    path.write_bytes(b"old")
    write_template(path, models=["housing_first"])
    assert openpyxl.load_workbook(path).sheetnames[:3] == ["Read me", "Project", "Housing First grant profile"]
    assert [p.name for p in tmp_path.iterdir()] == ["inputs.xlsx"]


def test_a_scenario_of_a_scenario_shows_its_own_full_values():
    project = template_project(["brs"])
    run = project.runs[0].name
    project = add_scenario(project, "High", changes=[(run, "threshold", 70000)])
    project = add_scenario(project, "Higher", based_on="High", changes=[(run, "multiplier_pence", 3)])
    project = set_change(project, "High", run, "bands[2].hereditaments", 21000)
    ws = build_template(project)[run]
    rows = rows_by_key(ws)
    assert [ws.cell(rows["threshold"], c).value for c in (3, 4, 5)] == [50000, 70000, 70000]
    assert [ws.cell(rows["multiplier_pence"], c).value for c in (3, 4, 5)] == [2, 2, 3]
