"""The Inputs tab: forms generated from every model's declaration, values shown and read as a
finance officer writes them, and table inputs edited cell by cell or pasted from Excel."""

from __future__ import annotations

import pytest

from models.core.declare import Field
from planner.registry import get_spec, model_keys
from tests.ui.helpers import BRS, HF, HRA, PROGRAMME, choose, type_into
from ui.values import ValueTextError, display, parse

GBP = Field("x", "X", "£", 0.0, 0, None, fmt="gbp")
PCT = Field("x", "X", "% a year", 0.0, -0.5, 0.5, fmt="pct")
PENCE = Field("x", "X", "p per £ RV", 2.0, 0, 10, fmt="pence")
YEAR = Field("x", "X", "year", 2020, 1990, 2100, fmt="year")
WHOLE = Field("x", "X", "years", 25, 1, 125, fmt="int")
OPTIONAL = Field("x", "X", "£", None, 0, None, fmt="gbp", optional=True)


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        (GBP, 9_600_000, "£9,600,000"),
        (GBP, 85.5, "£85.50"),
        (GBP, -1500, "-£1,500"),
        (PCT, 0.035, "3.5%"),
        (PCT, 0.027, "2.7%"),
        (PENCE, 2.0, "2p"),
        (YEAR, 2018, "2018-19"),
        (YEAR, "2020-21", "2020-21"),
        (WHOLE, 25, "25"),
        (OPTIONAL, None, ""),
    ],
)
def test_values_are_shown_as_a_finance_officer_reads_them(field, value, shown):
    assert display(field, value) == shown


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        (GBP, "£1,250,000", 1_250_000),
        (GBP, "1.2m", 1_200_000),
        (GBP, "£2.5bn", 2_500_000_000),
        (GBP, "350k", 350_000),
        (GBP, "(1,500)", -1500),
        (PCT, "3.5", 0.035),
        (PCT, "14.3%", 0.143),
        (PENCE, "2.5p", 2.5),
        (YEAR, "2018-19", 2018),
        (YEAR, "2021", 2021),
        (WHOLE, "30", 30),
        (OPTIONAL, "", None),
    ],
)
def test_typed_text_becomes_the_value_it_means(field, text, value):
    assert parse(field, text) == value


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (GBP, "lots", "'lots' is not a number; enter a number of at least £0"),
        (WHOLE, "2.5", "'2.5' is not a whole number; enter a whole number from 1 to 125"),
        (YEAR, "2018/19", "'2018/19' is not a year; enter a financial year like 2018-19"),
        (GBP, "", "this input is required; enter a number of at least £0"),
        (PCT, "5m", "'5m' is not a number; enter a number from -50% to 50%"),
    ],
)
def test_text_that_is_not_a_value_is_refused_saying_what_is_allowed(field, text, message):
    with pytest.raises(ValueTextError) as refused:
        parse(field, text)
    assert str(refused.value) == message


@pytest.mark.parametrize("key", model_keys())
def test_every_models_form_is_generated_from_its_declaration(qtbot, key):
    from PySide6.QtWidgets import QGroupBox

    from ui.input_form import InputForm

    spec = get_spec(key)
    form = InputForm(spec)
    qtbot.addWidget(form)
    assert list(form.editors) == [f.name for f in spec.fields]
    assert list(form.tables) == [t.name for t in spec.tables]
    groups = {box.title() for box in form.findChildren(QGroupBox)}
    assert groups == {f.group for f in spec.fields} | {t.label for t in spec.tables} | {d.label for d in spec.data}
    for f in spec.fields:
        editor = form.editors[f.name]
        assert editor.accessibleName() == f.label
        assert f.help[:30].replace("'", "&#x27;").replace("&", "&amp;")[:10] in editor.toolTip()
        assert form.labels[f.name].text() == f.label and form.labels[f.name].buddy() is editor
    for t in spec.tables:
        model = form.tables[t.name].model
        headers = [
            model.headerData(i, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
            for i in range(model.columnCount())
        ]
        assert [h.split("\n")[0] for h in headers] == [c.label for c in t.columns]
    form.set_inputs(spec.defaults())  # every default can be shown


def test_form_shows_the_runs_values_with_units_and_pickers(window):
    choose(window, BRS)
    form = window.inputs.form
    assert form.editor("threshold").text() == "£50,000"
    assert form.editor("rv_growth").text() == "1%"
    assert form.editor("multiplier_pence").text() == "2p"
    assert form.editor("start_year").currentText() == "2021-22"
    assert form.editor("jurisdiction").currentText() == "England"
    assert form.editor("loan_amount").text() == "" and form.editor("loan_amount").placeholderText() == "none"
    assert "Source:" in form.editor("multiplier_pence").toolTip()


def test_pickers_check_boxes_and_optional_inputs_edit_the_project(window, qtbot, dialogs):
    from tests.ui.conftest import Button

    dialogs.answer(Button.No, Button.No)  # a new first year: keep the dated rows where they are
    choose(window, HRA)
    form = window.inputs.form
    form.editor("surplus_repays_debt").click()  # the example repays debt from surpluses: untick it
    assert window.project.run(HRA).inputs["surplus_repays_debt"] is False
    picker = form.editor("start_year")
    picker.setCurrentIndex(picker.findText("2018-19"))  # after the first new homes (2017-18): refused
    picker.activated.emit(picker.currentIndex())
    assert window.project.run(HRA).inputs["start_year"] == "2016-17"
    assert "new_build[1].year (Year): 2017 is not allowed" in form.errors["start_year"].text()
    picker.setCurrentIndex(picker.findText("2015-16"))
    picker.activated.emit(picker.currentIndex())
    assert window.project.run(HRA).inputs["start_year"] == 2015
    type_into(qtbot, form.editor("debt_cap"), "")  # an optional input left empty: no cap
    assert window.project.run(HRA).inputs["debt_cap"] is None
    assert window.document.undo_stack.count() == 3
    choose(window, PROGRAMME)
    policy = window.inputs.form.editor("repayment_policy")
    policy.setCurrentIndex(policy.findText("straight-line MRP"))
    policy.activated.emit(policy.currentIndex())
    assert window.project.run(PROGRAMME).inputs["repayment_policy"] == "straight-line MRP"


def _grant(window) -> list[float]:
    model = window.results_panel.annual_model
    return [model.raw(model.keys.index("grant"), t) for t in range(3)]


def test_a_block_pasted_from_excel_is_one_undo_step(window):
    choose(window, HF)
    table = window.inputs.form.tables["tranches"]
    table.paste("Financial year\tAmount\n2018-19\t2,000,000\n2019-20\t£3,000,000\n2020-21\t4,600,000\n")

    assert window.project.run(HF).inputs["tranches"] == [
        {"year": 2018, "amount": 2_000_000},
        {"year": 2019, "amount": 3_000_000},
        {"year": 2020, "amount": 4_600_000},
    ]
    assert _grant(window) == [2_000_000, 3_000_000, 4_600_000]
    assert window.document.undo_stack.count() == 1
    assert window.document.undo_stack.text(0) == "Change Grant tranches"
    window.document.undo_stack.undo()
    assert _grant(window) == [1_440_000, 3_000_000, 5_160_000]


def test_a_paste_with_a_bad_cell_changes_nothing_and_names_the_cell(window):
    choose(window, HF)
    table = window.inputs.form.tables["tranches"]
    before = window.project
    table.paste("2018-19\t2,000,000\n2019-20\tabc\n2020/21\t1\n")
    assert window.project is before
    assert table.message.isVisibleTo(window)
    assert table.message.text() == (
        "Grant tranches: nothing was pasted:\n"
        "row 2, Amount: 'abc' is not a number; enter a number from £0 to £10,000,000,000\n"
        "row 3, Financial year: '2020/21' is not a year; enter a financial year like 2018-19"
    )


def test_a_paste_past_the_last_row_adds_rows(window):
    choose(window, HF)
    table = window.inputs.form.tables["other_costs"]
    rows = window.project.run(HF).inputs.get("other_costs", [])
    table.view.setCurrentIndex(table.model.index(len(rows) - 1, 1))
    table.paste("10,000\n20,000\n")
    after = window.project.run(HF).inputs["other_costs"]
    assert len(after) == len(rows) + 1 and [r["amount"] for r in after[-2:]] == [10_000, 20_000]


def test_cells_rows_added_and_removed_are_each_one_edit(window):
    choose(window, HF)
    councils = window.inputs.form.tables["councils"]
    model = councils.model
    assert model.setData(model.index(2, 1), "6")  # Dudley: 6 units a year instead of 5
    assert window.project.run(HF).inputs["councils"][2]["units_per_year"] == 6
    councils.add_row()
    added = window.project.run(HF).inputs["councils"][-1]
    assert added == {"name": "Council 8", "units_per_year": 0.0, "hf_support": 0.0, "other_support": 0.0}
    councils.view.selectRow(7)
    councils.remove_rows()
    assert len(window.project.run(HF).inputs["councils"]) == 7
    assert window.document.undo_stack.count() == 3
    assert not model.setData(model.index(0, 1), "lots")  # refused in the cell, with its message
    assert model.invalid == (0, 1) and councils.message.text().startswith("Row 1, Units a year: 'lots'")


def test_a_scenarios_table_change_is_marked_cell_by_cell(window):
    choose(window, HF, "Slower intake")
    intake = window.inputs.form.tables["intake"]
    model = intake.model
    assert not model.changed(0, intake.table.column("share"))  # 25% in 2018-19, as in the baseline
    assert model.changed(1, intake.table.column("share"))  # 100% in 2019-20 instead of 137.5%
    assert model.changed(3, intake.table.column("year"))  # a fourth year the baseline does not have
    assert intake.reset_button.isVisibleTo(window)
    intake.reset_requested.emit()
    assert window.project.scenario("Slower intake").changes == ()
    assert not intake.reset_button.isVisibleTo(window)


def test_tab_moves_through_the_form_in_the_declared_order(qtbot):
    from ui.input_form import InputForm

    spec = get_spec("brs")
    form = InputForm(spec)
    qtbot.addWidget(form)
    editors = {id(e): name for name, e in form.editors.items()}
    order, widget = [], form.editors[spec.fields[0].name]
    for _ in range(200):
        if id(widget) in editors and editors[id(widget)] not in order:
            order.append(editors[id(widget)])
        widget = widget.nextInFocusChain()
    assert order == [f.name for f in spec.fields]


def test_a_value_outside_its_plausible_range_is_marked_amber_with_the_range_and_source(qtbot):
    import dataclasses

    from ui.input_form import InputForm

    spec = get_spec("hra")
    void = dataclasses.replace(
        spec.field("void_rate"), plausible=(0.005, 0.05), plausible_source="HRA business plans, 2024"
    )
    spec = dataclasses.replace(spec, fields=tuple(void if f.name == "void_rate" else f for f in spec.fields))
    form = InputForm(spec)
    qtbot.addWidget(form)
    inputs = {f.name: f.default for f in spec.fields}
    form.set_inputs({**inputs, "void_rate": 0.25})
    warning = form.warnings["void_rate"]
    assert not warning.isHidden() and form.editor("void_rate").property("unusual")
    assert warning.text() == "Outside the usual range, 0.5% to 5% (HRA business plans, 2024): worth a second look."
    assert "Usually 0.5% to 5% (HRA business plans, 2024)" in form.editor("void_rate").toolTip()
    form.set_inputs({**inputs, "void_rate": 0.02})
    assert warning.isHidden() and not form.editor("void_rate").property("unusual")
    assert form.warnings["weekly_rent"].isHidden()  # no usual range declared: never marked


def test_a_table_cell_outside_its_usual_range_is_amber_with_the_range_and_source(qtbot):
    from PySide6.QtCore import Qt

    from ui.input_table import InputTable
    from ui.rows_model import CHANGED_BRUSH, UNUSUAL_BRUSH

    archetypes = get_spec("hra").table("archetypes")
    table = InputTable(archetypes)
    qtbot.addWidget(table)
    row = {c.name: c.default for c in archetypes.columns}
    baseline = [dict(row, name="Houses"), dict(row, name="Flats")]
    rows = [dict(baseline[0]), dict(baseline[1], weekly_rent=8_000.0)]  # £8,000 a week, the second row only
    table.set_rows(rows)
    rent = [c.name for c in archetypes.columns].index("weekly_rent")
    odd, usual = table.model.index(1, rent), table.model.index(0, rent)
    assert odd.data(Qt.ItemDataRole.BackgroundRole) == UNUSUAL_BRUSH
    assert usual.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "Outside the usual range, £50 to £250 (about half to twice the England average" in odd.data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "Outside the usual range" not in usual.data(Qt.ItemDataRole.ToolTipRole)
    assert not table.warning.isHidden()
    assert table.warning.text().startswith(
        "Average actual rent, row 2: Outside the usual range, £50 to £250 (about half to twice the England "
        "average general-needs social rent, £113.69 a week at 31 March 2025"
    )
    assert "checked 2026-12-03" in table.warning.text()
    # a changed cell that is also unusual stays amber; once back in range it reads as changed (yellow)
    table.set_rows(rows, baseline)
    assert table.model.index(1, rent).data(Qt.ItemDataRole.BackgroundRole) == UNUSUAL_BRUSH
    rows[1]["weekly_rent"] = 120.0
    table.set_rows(rows, baseline)
    odd = table.model.index(1, rent)
    assert odd.data(Qt.ItemDataRole.BackgroundRole) == CHANGED_BRUSH
    assert table.warning.isHidden()


def test_the_real_declarations_mark_a_weekly_rent_of_8000_amber(qtbot):
    from ui.input_form import InputForm

    spec = get_spec("hra")
    form = InputForm(spec)
    qtbot.addWidget(form)
    inputs = {f.name: f.default for f in spec.fields}
    form.set_inputs({**inputs, "weekly_rent": 8_000.0, "new_debt_rate": 0.25})
    for name in ("weekly_rent", "new_debt_rate"):
        assert form.editor(name).property("unusual") and not form.warnings[name].isHidden()
    assert form.warnings["weekly_rent"].text().startswith("Outside the usual range, £50 to £250 (about half")
    assert "PWLB" in form.warnings["new_debt_rate"].text() and "1% to 6%" in form.warnings["new_debt_rate"].text()
    assert form.warnings["void_rate"].isHidden()  # the default 1.5% is usual
