"""Adding a funding mechanism is one package and one registration line: a toy mechanism kept in
the test folder, once registered, has a form, runs from the command line, gets a template sheet
that imports back, and a board-pack sheet with its charts, with no other edit anywhere."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from planner import registry
from planner.cli.main import main
from planner.excel.board_pack.export import export_board_pack
from planner.excel.template import write_template
from planner.excel.workbook_import import import_workbook
from planner.project.document import new_project
from planner.project.scenario_file import RunDef
from ui.input_form import InputForm

RUN = "Toy levy run"


@pytest.fixture
def toy():
    registry.register("toy", "tests.fixtures.toy_mechanism")
    yield registry.get_spec("toy")
    registry.unregister("toy")


@pytest.fixture
def project(toy):
    return new_project("A sixth mechanism", [RunDef(RUN, "toy", {"levy": 800_000.0})])


def test_the_form_is_generated_from_its_declaration(qtbot, toy):
    form = InputForm(toy)
    qtbot.addWidget(form)
    form.set_inputs(toy.defaults())
    assert {f.name for f in toy.fields} <= set(form.editors)


def test_planner_run_computes_it(toy, tmp_path, capsys):
    scenario = tmp_path / "toy.json"
    scenario.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "title": "Toy",
                "runs": [{"name": RUN, "model": "toy", "inputs": {"levy": 800_000, "horizon": 5}}],
            }
        )
    )
    assert main(["run", str(scenario), "--json"]) == 0
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["name"] == RUN and run["model"] == "toy"
    summary = run["summary"]
    assert summary["total_levy"] == 4_000_000
    assert summary["loan_left"] == 0


def test_the_template_has_its_sheet_and_imports_back(project, tmp_path):
    path = tmp_path / "toy.xlsx"
    write_template(path, project)
    cells = [c.value for ws in load_workbook(path) for row in ws.iter_rows() for c in row]
    assert "Levy a year" in cells
    back = import_workbook(path)
    assert back.run(RUN).model == "toy" and back.run(RUN).inputs["levy"] == 800_000


def test_the_board_pack_has_its_sheet_and_charts(project, tmp_path):
    pack = export_board_pack(project, tmp_path / "pack.xlsx")
    sheet = next(t for t in pack.sheets if t.endswith(RUN))
    ws = pack.workbook[sheet]
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in (p.r or [])) for c in ws._charts]
    assert titles == ["Main annual flows", "Balances at the year end"]
    figures = [c.value for row in ws.iter_rows() for c in row]
    assert "Levy raised in total" in figures
