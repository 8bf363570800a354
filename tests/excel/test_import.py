"""Import: a template read back is the same project; inputs found by key; the command line."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import warnings

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from planner.cli.main import main
from planner.errors import PlannerError
from planner.excel.template import build_template, cell_value, table_rows, template_project, write_input_sheets
from planner.excel.workbook_import import WorkbookWarning, import_workbook, read_workbook
from planner.project.document import add_scenario, set_assumption, set_baseline_input, set_change
from planner.project.project_file import dumps_project, load_project
from planner.project.scenarios import BASELINE, Change
from planner.registry import get_spec, model_keys
from tests.excel.corpus import EXAMPLE, FILE, Formula, Xlsx, index, template


def canonical(project, created: bool = True) -> dict:
    """Everything a project means: details, runs, scenarios, each scenario's resolved inputs, the log."""

    def inputs(run):
        spec = get_spec(run.model)
        return {
            **{f.name: cell_value(f, run.inputs.get(f.name, f.default)) for f in spec.fields},
            **{t.name: table_rows(t, run.inputs) for t in spec.tables},
        }

    meta = project.metadata
    return {
        "details": (
            project.title,
            project.description,
            meta.author,
            meta.organisation,
            meta.created if created else "",
        ),
        "runs": [(r.name, r.model, r.description) for r in project.runs],
        "scenarios": [(s.name, s.description, s.based_on) for s in project.scenarios],
        "resolved": {n: [inputs(r) for r in project.resolve(n)] for n in [BASELINE] + project.scenario_names},
        "assumptions": project.assumptions,
    }


def workbook_bytes(project) -> bytes:
    out = io.BytesIO()
    build_template(project).save(out)
    return out.getvalue()


def edited(base: str, edit) -> bytes:
    """A template changed the way a user would, in openpyxl (for the few tests that move rows)."""
    wb = openpyxl.load_workbook(io.BytesIO(template(base)))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_example_project_comes_back_the_same(example, save, open_project):
    imported = import_workbook(save(template("project")))
    assert canonical(imported) == canonical(example)

    def rows(model, table, scenario, i):
        return table_rows(get_spec(model).table(table), example.resolve(scenario)[i].inputs)

    assert [s.changes for s in imported.scenarios] == [
        (Change("Housing First award 2018", "intake", rows("housing_first", "intake", "Slower intake", 4)),),
        (Change("Housing First award 2018", "retention_rate", 0.7),),
        (Change("WMCA BRS: 2p over £50,000 RV", "threshold", 70000),),
        (Change("Statutory cap", "rent_path", rows("hra", "rent_path", "Rent cap returns", 3)),),
        (Change("Land value capture and Enterprise Zone rates", "sites", []),),
    ]
    assert imported.metadata.modified >= example.metadata.modified
    for n in (BASELINE, "Threshold £70,000"):  # NaN (e.g. a BCR without costs) equals NaN here
        got, want = imported.evaluate(n), example.evaluate(n)
        assert got.keys() == want.keys()
        for r, o in got.items():
            assert o.summary.keys() == want[r].summary.keys()
            for k, v in o.summary.items():
                assert np.array_equal(v, want[r].summary[k], equal_nan=True), (n, r, k)


def test_a_cell_change_in_a_scenario_comes_back_as_a_cell_change(example, save):
    run = "Housing First award 2018"
    project = set_change(example, "Slower intake", run, "councils[Dudley].units_per_year", 9)
    project = set_change(project, "Rent cap returns", run, "tranches[2].amount", 3_100_000)
    imported = import_workbook(save(workbook_bytes(project)))
    assert canonical(imported) == canonical(project)
    assert imported.scenario("Slower intake").changes[0] == Change(run, "councils[Dudley].units_per_year", 9)
    assert imported.scenario("Rent cap returns").changes[1] == Change(run, "tranches[2].amount", 3_100_000)


@pytest.mark.parametrize("models", [None] + [[k] for k in model_keys()])
def test_a_template_of_defaults_imports_as_those_defaults(models, save):
    base = "defaults" if models is None else models[0]
    imported = import_workbook(save(template(base)))
    assert canonical(imported, created=False) == canonical(template_project(models), created=False)
    assert imported.metadata.created == imported.metadata.modified  # a template has no history: made now


def test_inputs_are_found_by_key_so_rows_and_columns_may_move(save):
    def shuffle(wb):
        ws = wb["Business Rate Supplement"]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=ws.max_row)]
        for r, values in enumerate(reversed(rows), start=5):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c).value = value
        ws.insert_rows(3, 2)  # the header moves down
        bands = wb[index("brs").sheet("table", "Business Rate Supplement", "bands")]
        for row in bands.iter_rows(min_row=3, max_row=bands.max_row):
            row[0].value, row[3].value = row[3].value, row[0].value  # swap two columns, keys and all
        bands.insert_rows(7)  # a blank row in the middle is skipped
        bands.delete_rows(4)  # no label row

    assert canonical(import_workbook(save(edited("brs", shuffle))), False) == canonical(
        template_project(["brs"]), False
    )


def test_edited_values_become_the_baseline_and_a_scenario_column_becomes_changes(save):
    ix = index("project")
    sheet = "WMCA BRS 2p over £50,000 RV"
    x = Xlsx(template("project"))
    data = x.cells(
        sheet,
        {
            ix.ref(sheet, "threshold", "Baseline"): 60000,
            ix.ref(sheet, "threshold", "Slower intake"): 60000,
            ix.ref(sheet, "threshold", "Slower intake, weaker sustainment"): 60000,
            ix.ref(sheet, "threshold", "Rent cap returns"): 60000,
            ix.ref(sheet, "threshold", "No site value uplift"): 60000,
            ix.ref(sheet, "multiplier_pence", "Threshold £70,000"): 3,
        },
    )
    project = import_workbook(save(data))
    assert project.runs[0].inputs["threshold"] == 60000
    assert project.scenario("Threshold £70,000").changes == (
        Change(project.runs[0].name, "threshold", 70000),
        Change(project.runs[0].name, "multiplier_pence", 3),
    )
    assert all(c.path != "threshold" for s in project.scenarios if s.name != "Threshold £70,000" for c in s.changes)


def test_a_scenario_added_in_the_workbook(save):
    def add(wb):  # a row on the Project sheet, and a column copied from the Baseline's with one value changed
        wb["Project"]["A17"], wb["Project"]["C17"] = "Higher", "A 3p levy"  # under the scenarios' header
        ws = wb["Business Rate Supplement"]
        ws.insert_cols(4)
        ws["D4"] = "Higher"
        for r in range(5, ws.max_row + 1):
            ws.cell(r, 4).value = 3 if ws.cell(r, 1).value == "multiplier_pence" else ws.cell(r, 3).value

    project = import_workbook(save(edited("brs", add)))
    assert [(s.name, s.description, s.based_on) for s in project.scenarios] == [("Higher", "A 3p levy", None)]
    assert project.scenario("Higher").changes == (Change("Business Rate Supplement", "multiplier_pence", 3),)


def test_what_excel_saves_is_read_as_meant(save):
    ix = index("hra")
    sheet = ix.sheet("run", "Housing Revenue Account business plan")
    data = Xlsx(template("hra")).cells(
        sheet,
        {
            ix.ref(sheet, "weekly_rent"): Formula("80+5.5", 85.5),  # a formula Excel calculated: its saved result
            ix.ref(sheet, "start_year"): "2019-20",  # a financial year as text
            ix.ref(sheet, "surplus_repays_debt"): "Yes",
            ix.ref(sheet, "debt_cap"): None,  # optional: no cap
            ix.ref(sheet, "rent_weeks"): 52.0,
        },
    )
    data = Xlsx(data).cells(
        ix.sheet("table", "Housing Revenue Account business plan", "new_build"),
        {"A5": "2020", "B5": Formula("SUM(1,2)", 3)},
    )  # a year typed as text
    inputs = import_workbook(save(data)).runs[0].inputs
    assert (
        inputs["weekly_rent"],
        inputs["start_year"],
        inputs["surplus_repays_debt"],
        inputs["debt_cap"],
        inputs["rent_weeks"],
    ) == (85.5, "2019-20", True, None, 52)
    assert (inputs["new_build"][0]["year"], inputs["new_build"][0]["units"]) == (2020, 3)


def test_dates_excel_made_of_typed_text_are_read_as_dates(save):
    def dates(wb):
        wb["Project"]["C9"] = dt.datetime(2024, 5, 1, 9, 30)  # "created", turned into a date by Excel
        ws = wb["Business Rate Supplement"]
        ws.cell(index("brs").rows[ws.title]["threshold"], 9).value = dt.date(2018, 9, 6)  # the date column

    project = import_workbook(save(edited("brs", dates)))
    assert project.metadata.created == "2024-05-01T09:30:00Z"
    assert project.assumptions["Business Rate Supplement"]["threshold"].date == "2018-09-06"


def test_text_cells_keep_text_and_numbers_become_text(save):
    ix = index("land_value")
    sheet = ix.sheet("table", "Land value capture", "sites")
    data = Xlsx(template("land_value")).cells(sheet, {"A5": 2020, "A6": "  Longbridge  "})
    sites = import_workbook(save(data)).runs[0].inputs["sites"]
    assert [s["name"] for s in sites] == ["2020", "Longbridge"]


def test_every_problem_is_reported_at_once(save, open_project):
    ix = index("project")
    x = Xlsx(template("project"))
    data = Xlsx(x.cells("WMCA BRS 2p over £50,000 RV", {"C9": "fifty thousand", "C12": 7})).cells(
        "Statutory cap", {ix.ref("Statutory cap", "rent_weeks", "Baseline"): 60}
    )
    with pytest.raises(PlannerError) as refused:
        import_workbook(save(data))
    assert refused.value.problems == [
        f"{FILE}, sheet 'WMCA BRS 2p over £50,000 RV', cell C9 (threshold): 'fifty thousand' is text; enter a number "
        f"from £0 to £1,000,000,000,000",
        f"{FILE}, sheet 'WMCA BRS 2p over £50,000 RV', cell C12 (rv_growth): 7 is not allowed; enter a number from "
        f"-50% to 50%",
        f"{FILE}, sheet 'Statutory cap', cell C{ix.rows['Statutory cap']['rent_weeks']} (rent_weeks): 60 is not "
        f"allowed; enter a whole number from 48 to 53",
    ]


def test_a_board_pack_with_input_sheets_imports_as_its_project(example, save):
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.create_sheet("Summary")["A1"] = "=1+1"
    write_input_sheets(wb, example)
    out = io.BytesIO()
    wb.save(out)
    assert canonical(import_workbook(save(out.getvalue()))) == canonical(example)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_template_saved_again_by_a_spreadsheet_program_imports_the_same(tmp_path, example):
    """LibreOffice rewrites everything (shared strings, its own styles, calculated formulas)."""
    source = tmp_path / "source" / FILE
    source.parent.mkdir()
    ix = index("brs")
    sheet = "Business Rate Supplement"
    source.write_bytes(Xlsx(template("brs")).cells(sheet, {ix.ref(sheet, "threshold"): Formula("25000*2")}))
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0 and (tmp_path / FILE).exists(), done.stderr
    assert canonical(import_workbook(tmp_path / FILE), False) == canonical(template_project(["brs"]), False)


# ---- generated projects: what goes out comes back -------------------------------------------


def _value(f):
    if f.fmt == "choice":
        return hs.sampled_from(f.choices)
    if f.fmt == "bool":
        return hs.booleans()
    if f.fmt == "text":
        return (
            hs.text(
                hs.characters(min_codepoint=32, max_codepoint=0x24F, blacklist_categories=("Cs",)),
                min_size=1,
                max_size=12,
            )
            .map(str.strip)
            .filter(bool)
        )
    low = f.low if f.low is not None else 0
    high = f.high if f.high is not None else low + 1e7
    if f.integer:
        values = hs.integers(int(low), int(min(high, low + 200)))
    else:
        values = hs.one_of(
            hs.floats(low, high, allow_nan=False, allow_subnormal=False),
            hs.integers(int(low), int(min(high, 1e9))).map(float),
        )
    return hs.one_of(hs.none(), values) if f.optional else values


TEXT = get_spec("land_value").table("sites").column("name")


@hs.composite
def projects(draw):
    """One or two models' defaults, up to three scenarios (some built on others), then edits of inputs,
    table cells, whole tables and the assumptions log in the baseline or a scenario."""
    keys = draw(hs.lists(hs.sampled_from(model_keys()), min_size=1, max_size=2, unique=True))
    project = template_project(keys)
    for name in draw(hs.lists(hs.sampled_from(["A", "B what-if", "=C", "Ünïcode £"]), unique=True, max_size=3)):
        project = add_scenario(project, name, "about " + name, draw(hs.sampled_from([None] + project.scenario_names)))
    for _ in range(draw(hs.integers(1, 8))):
        run = draw(hs.sampled_from(project.runs))
        what = draw(hs.sampled_from(["input", "input", "cell", "table", "assumption"]))
        try:
            project = _edit(draw, project, run, get_spec(run.model), what)
        except PlannerError:
            pass  # an edit the model refuses (a year outside the horizon...): the project stays as it was
    return project


def _edit(draw, project, run, spec, what):
    target = draw(hs.sampled_from([BASELINE] + project.scenario_names))
    inputs = project.resolve(target)[project.runs.index(run)].inputs
    tables = [t for t in spec.tables if table_rows(t, inputs)]
    if what == "assumption":
        path = draw(hs.sampled_from([f.name for f in spec.fields] + [t.name for t in spec.tables]))
        return set_assumption(
            project,
            run.name,
            path,
            owner=draw(hs.sampled_from(["", "JS", "=A1"])),
            date=draw(hs.sampled_from(["", "2018-09-06"])),
            source=draw(_value(TEXT)),
        )
    if what in ("cell", "table") and tables:
        t = draw(hs.sampled_from(tables))
        rows = table_rows(t, inputs)
        if what == "table":
            path, value = t.name, rows[: draw(hs.integers(0, len(rows)))]
        else:
            c = draw(hs.sampled_from([c for c in t.columns if c.fmt != "year"]))
            path, value = f"{t.name}[{draw(hs.integers(1, len(rows)))}].{c.name}", draw(_value(c))
    else:
        field = draw(hs.sampled_from([f for f in spec.fields if not f.structural]))
        path, value = field.name, draw(_value(field))
    if target == BASELINE:
        return set_baseline_input(project, run.name, path, value)
    return set_change(project, target, run.name, path, value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(project=projects())
def test_generated_projects_come_back_the_same(project, tmp_path_factory):
    path = tmp_path_factory.mktemp("round") / FILE
    path.write_bytes(workbook_bytes(project))
    assert canonical(import_workbook(path), False) == canonical(project, False)


# ---- the command line -----------------------------------------------------------------------


def test_template_and_import_commands(tmp_path, capsys):
    book, project = tmp_path / "inputs.xlsx", tmp_path / "out.ffg"
    assert main(["template", str(book), "--project", str(EXAMPLE)]) == 0
    assert main(["import", str(book), str(project)]) == 0
    out = capsys.readouterr().out
    assert out == f"wrote {book}: the inputs of {EXAMPLE}\nwrote {project}: 5 runs, 5 scenarios\n"
    assert canonical(load_project(project)) == canonical(load_project(EXAMPLE))
    assert main(["template", str(tmp_path / "hf.xlsx"), "--model", "housing_first", "--model", "hra"]) == 0
    assert openpyxl.load_workbook(tmp_path / "hf.xlsx").sheetnames[2] == "Housing First grant profile"
    assert "the defaults of housing_first, hra" in capsys.readouterr().out


def test_a_failed_import_writes_nothing_and_says_why(tmp_path, capsys, save):
    ix = index("brs")
    book = save(
        Xlsx(template("brs")).cells(
            "Business Rate Supplement", {ix.ref("Business Rate Supplement", "threshold"): "lots"}
        )
    )
    target = tmp_path / "out.ffg"
    assert main(["import", str(book), str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {FILE}, sheet 'Business Rate Supplement', cell C") and "'lots' is text" in err
    assert not target.exists()
    target.write_text("kept")
    good = save(template("brs"), "good.xlsx")
    assert main(["import", str(good), str(target)]) == 2
    assert "already exists; choose another name or add --force" in capsys.readouterr().err
    assert target.read_text() == "kept"
    assert main(["import", str(book), str(target), "--force"]) == 2 and target.read_text() == "kept"
    assert main(["import", str(good), str(target), "--force"]) == 0
    assert load_project(target).runs[0].model == "brs"
    assert main(["import", str(book), str(tmp_path / "out.json")]) == 2
    assert main(["template", str(tmp_path / "t.xls")]) == 2
    assert "the file's name must end in .xlsx" in capsys.readouterr().err
    assert main(["template", str(tmp_path / "t.xlsx"), "--project", str(EXAMPLE), "--model", "brs"]) == 2


def test_the_import_command_prints_warnings(tmp_path, capsys, save):
    x = Xlsx(template("brs"))
    book = save(x.build({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}))
    assert main(["import", str(book), str(tmp_path / "out.ffg")]) == 0
    assert (
        capsys.readouterr().err == f"warning: {FILE}: links to other workbooks (xl/externalLinks/"
        f"externalLink1.xml); the links were ignored and cells read as Excel last saved them\n"
    )
    assert read_workbook(book).warnings and isinstance(read_workbook(book).project.runs, tuple)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WorkbookWarning)
        with pytest.raises(WorkbookWarning):
            import_workbook(book)
    assert dumps_project(load_project(tmp_path / "out.ffg"))
