"""The HRA run sheet is a live model: an auditor's edit of its inputs, recalculated by LibreOffice,
gives the planner's own answer for the edited plan in every formula cell of the sheet.

Each case edits input cells of the first run's sheet in an exported pack, and the same inputs of
the project; the project's pack then says what every formula cell should show (the layout is
the same: an edit of a value moves no row). Two variants of the examples take the sheet down its
other branches. Every example's pack, unedited, is compared with the planner by
tests/excel/test_recalc.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.excel.board_pack.export import export_board_pack
from planner.project.project_file import load_project
from tests.conftest import EXAMPLES
from tests.excel.libreoffice import recalculate, shared

TODAY = dt.date(2024, 5, 6)
CAP, PLAN = EXAMPLES / "hra-borrowing-cap.json", EXAMPLES / "hra-business-plan-2026.json"


@dataclass(frozen=True)
class Edit:
    """Scale an input: a scalar (`table` None; `label` in column A) or a column of a table's rows
    (`rows` of them, the first by default; `label` its heading)."""

    label: str
    factor: float
    table: str | None = None
    column: str = ""
    rows: tuple[int, ...] = (0,)


CASES = {
    "cap-rent": (CAP, (Edit("Average weekly rent", 2.0),)),
    "plan-rent": (PLAN, (Edit("Average actual rent", 2.0, "Stock by archetype", "weekly_rent", (0, 1, 2, 3)),)),
    "plan-loan-component": (
        PLAN,
        (
            Edit("Rate", 2.0, "Loan book", "rate", (0, 1)),
            Edit("Cost per home", 3.0, "Component programme", "unit_cost", (0,)),
        ),
    ),
    "cap-limits": (
        CAP,
        (Edit("Minimum HRA balance", 20.0), Edit("Receipts' maximum share of a home's cost", 2.0)),
    ),
}
FIELDS = {
    "Average weekly rent": "weekly_rent",
    "Minimum HRA balance": "minimum_balance",
    "Receipts' maximum share of a home's cost": "rtb_max_share_of_cost",
}
AGREES = ("=IF(AND(ISNUMBER(C", "=IF(COUNTIF(")  # planner.excel.board_pack.blocks: a figure agrees, all do


def _row(ws, label: str, start: int = 1) -> int:
    return next(r for r in range(start, ws.max_row + 1) if ws.cell(r, 1).value == label)


def _input(ws, label: str):
    """A scalar input's cell: its label is in column A (the first pair) or E (the second)."""
    for r in range(1, ws.max_row + 1):
        for col in (1, 5):
            if ws.cell(r, col).value == label:
                return ws.cell(r, col + 2 if col == 1 else col + 4)
    raise KeyError(label)


def _edit_sheet(ws, edits: tuple[Edit, ...]) -> None:
    for e in edits:
        if e.table is None:
            cell = _input(ws, e.label)
            cell.value = cell.value * e.factor
            continue
        head = _row(ws, f"{e.table} (inputs)") + 1
        col = next(c for c in range(1, 20) if ws.cell(head, c).value == e.label)
        for i in e.rows:
            cell = ws.cell(head + 1 + i, col)
            cell.value = cell.value * e.factor


def _edit_project(project, edits: tuple[Edit, ...]) -> None:
    inputs = project.runs[0].inputs
    for e in edits:
        if e.table is None:
            inputs[FIELDS[e.label]] = inputs[FIELDS[e.label]] * e.factor
            continue
        key = {"Stock by archetype": "archetypes", "Loan book": "loans", "Component programme": "components"}[e.table]
        for i in e.rows:
            inputs[key][i][e.column] = inputs[key][i][e.column] * e.factor


def _no_cap(inputs: dict) -> None:
    """No cap, surpluses kept, no deadline for receipts, extra homes every year."""
    inputs.update(debt_cap=None, surplus_repays_debt=False, rtb_spend_years=None, extra_units_per_year=3)
    del inputs["extra_first_year"], inputs["extra_years"]


def _every_branch(inputs: dict) -> None:
    """Affordable Rent under its caps, shared ownership, an archetype sold out, rents on the rent
    path, a component of every home replaced over more years than its life, works due after the
    plan, a loan maturing, variable rates moved, a new build that is not a replacement."""
    arch = inputs["archetypes"]
    arch[1].update(tenure="Affordable Rent", market_rent=120.0, lha=110.0, service_charge=6.0, weekly_rent=95.0)
    arch[2].update(rtb_sales=400.0)
    arch[3].update(tenure="Shared ownership")
    inputs["components"][0].update(archetype="", spread=30, life=12)
    inputs["works"][0].update(target_year=2070)
    inputs["loans"][7].update(maturity=2030)
    inputs["new_build"][4].update(replacement=False)
    inputs.update(rents_follow="rent path", rent_path=[{"year": 2030, "rate": 0.05}], variable_rate_shift=0.01)
    inputs.update(gilt_yield=None, balance_interest_rate=0.0)


def _lent(inputs: dict) -> None:
    """Balances lent to capital (internal borrowing), a cap the CFR breaks while the statutory cap stood."""
    inputs.update(internal_borrowing=True, debt_cap=95_800_000.0)


VARIANTS = {"cap-none": (CAP, _no_cap), "plan-branches": (PLAN, _every_branch), "cap-lent": (CAP, _lent)}


def _job(folder: Path) -> None:
    made = {}
    for name, (example, change) in VARIANTS.items():
        project = load_project(example)
        change(project.runs[0].inputs)
        pack = export_board_pack(project, folder / f"{name}.xlsx", today=TODAY)
        sheet = next(t for t in pack.sheets if t.startswith("1.1 "))
        made[name] = (sheet, {k: v for k, v in pack.expected.items() if k[0] == sheet}, {})
    for name, (example, edits) in CASES.items():
        pack = export_board_pack(load_project(example), folder / f"{name}-before.xlsx", today=TODAY)
        sheet = next(t for t in pack.sheets if t.startswith("1.1 "))
        wb = load_workbook(pack.path)
        _edit_sheet(wb[sheet], edits)
        wb.save(folder / f"{name}.xlsx")
        project = load_project(example)
        _edit_project(project, edits)
        after = export_board_pack(copy.deepcopy(project), folder / f"{name}-planner.xlsx", today=TODAY)
        made[name] = (sheet, {k: v for k, v in after.expected.items() if k[0] == sheet}, pack.expected)
    recalculate([folder / f"{name}.xlsx" for name in (*CASES, *VARIANTS)], folder)
    (folder / "cases.pickle").write_bytes(pickle.dumps(made))


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    folder = shared(tmp_path_factory, "hra-live", {"edits": _job}) / "edits"
    return folder, pickle.loads((folder / "cases.pickle").read_bytes())


@pytest.mark.parametrize("case", list(CASES))
def test_an_edited_input_gives_the_planners_answer_in_every_formula_cell(edited, case):
    folder, made = edited
    sheet, expected, before = made[case]
    values = load_workbook(folder / "recalculated" / f"{case}.xlsx", data_only=True)[sheet]
    formulas = load_workbook(folder / f"{case}.xlsx")[sheet]
    # a key figure's "Agrees" compares the workbook with the planner's figure as written: the
    # edit makes them differ, and the cell says so
    agrees = {c for (_, c) in expected if str(formulas[c].value).startswith(AGREES)}
    assert agrees and any(values[c].value == "FAIL" for c in agrees)
    wrong = [
        f"{cell}: LibreOffice {values[cell].value!r}, planner {e.value!r}"
        for (_, cell), e in expected.items()
        if cell not in agrees and not e.agrees(values[cell].value)
    ]
    assert not wrong, f"{len(wrong)} of {len(expected)} cells disagree:\n" + "\n".join(wrong[:30])
    changed = [k for k, e in expected.items() if not before[k].agrees(e.value)]
    assert len(changed) > 100  # the edit moved the plan: most of the sheet's figures are new


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_branch_of_the_sheet_agrees_with_the_planner(edited, variant):
    folder, made = edited
    sheet, expected, _ = made[variant]
    values = load_workbook(folder / "recalculated" / f"{variant}.xlsx", data_only=True)[sheet]
    wrong = [
        f"{c}: {values[c].value!r}, planner {e.value!r}"
        for (_, c), e in expected.items()
        if not e.agrees(values[c].value)
    ]
    assert not wrong, f"{len(wrong)} of {len(expected)} cells disagree:\n" + "\n".join(wrong[:30])
    assert len(expected) > 1500


def test_the_workbooks_checks_fail_where_the_planners_do(edited):
    """A minimum balance twenty times as high and receipts meeting 60% of a home's cost (the law
    allowed 30% in 2016-17): the workbook's own checks say FAIL, as the planner's do."""
    folder, made = edited
    sheet = made["cap-limits"][0]
    values = load_workbook(folder / "recalculated" / "cap-limits.xlsx", data_only=True)[sheet]
    checks = {values.cell(r, 1).value: values.cell(r, 3).value for r in range(1, values.max_row + 1)}
    assert checks["Minimum balance"] == "FAIL"
    assert checks["Right to Buy receipts' share"] == "FAIL"
    assert checks["Debt tie-out"] == checks["Right to Buy spend window"] == "OK"


def test_doubling_the_rent_doubles_the_rent_debit_of_the_existing_homes(edited):
    """The borrowing-cap plan's homes are all let at the one rent: the gross rent debit of the homes
    held at the start doubles; the new homes' rents are their own inputs, so the total less than doubles."""
    folder, made = edited
    sheet = made["cap-rent"][0]
    before = load_workbook(folder / "recalculated" / "cap-rent.xlsx", data_only=True)[sheet]
    row = _row(before, "Gross rent debit")
    first = before.cell(row, 3).value
    planner = made["cap-rent"][2][(sheet, f"C{row}")].value
    assert first == pytest.approx(2 * planner, rel=1e-12)  # the first year has no new homes let yet
