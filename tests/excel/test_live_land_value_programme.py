"""The land value and programme run sheets are live models: an auditor's edit in the workbook gives
the planner's answer for that edit.

Each edit is made twice: in the workbook (a cell of the sheet's inputs changed with openpyxl, then
LibreOffice recalculates) and in the project (the same input changed, a new pack written). Every
number the edited sheet works out must then equal the planner's figure for the edited project, to
£1 for money. (Every formula cell of the unedited packs is compared in test_recalc.)
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.excel.board_pack.export import export_board_pack
from planner.project.project_file import load_project
from tests.conftest import EXAMPLES
from tests.excel.libreoffice import recalculate, shared

TODAY = dt.date(2024, 5, 6)
EZ, FFG = "worcestershire-enterprise-zone.json", "funding-for-growth-programme.json"
SITE = "Surplus council depot (illustrative)"
STREAM = "City Region Sustainable Transport Settlement"


def _edit_project(example: str, run: int, change) -> dict:
    data = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    change(data["runs"][run]["inputs"])
    return data


def _delay(inputs: dict) -> None:
    site = next(s for s in inputs["sites"] if s["name"] == SITE)
    site["first_year"] = "2021-22"  # from 2018-19: three years later


def _halve(inputs: dict) -> None:
    stream = next(s for s in inputs["streams"] if s["name"] == STREAM)
    stream["annual_amount"] = stream["annual_amount"] / 2


def _rate(inputs: dict) -> None:
    inputs["borrowing_rate"] = 0.055


def _row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def _sheet(wb, model_label: str):
    return next(ws for ws in wb.worksheets if str(ws["A2"].value or "").startswith(model_label))


# key: (example, run index, the model's sheet, project change, workbook change: (row label, column, new value))
EDITS = {
    "delay": (EZ, 0, "Land value", _delay, (SITE, 7, 2021)),
    "halve": (FFG, 2, "Funding for Growth programme", _halve, (STREAM, 3, 262_500_000 / 2)),
    "rate": (FFG, 2, "Funding for Growth programme", _rate, ("Borrowing rate", 3, 0.055)),
}


def _cil_and_tables(data: dict) -> None:
    """Every branch the examples leave out: a CIL capped by dwellings and one with a plan and too much
    kept for administration, a multiplier path out of order, a revaluation, reliefs, losses, appeals, a
    baseline, a site without uplift and one building out past a longer horizon."""
    i = data["runs"][0]["inputs"]
    i.update(
        tariff_kind="CIL, no neighbourhood plan",
        parish_dwellings=300,
        tariff_floorspace=[{"year": "2018-19", "m2": 9000}, {"year": "2020-21", "m2": 4000}],
        multiplier_path=[{"year": "2020-21", "multiplier": 0.5}, {"year": "2017-18", "multiplier": 0.48}],
        rates_revaluations=[{"year": "2023-24", "rv_factor": 1.1}],
        rates_relief_share=0.05,
        rates_collection_rate=0.98,
        appeals_provision=0.02,
        baseline_rates=50000,
        retention_start_year="2018-19",
        horizon=40,
    )
    i["sites"][1]["post_value_per_ha"] = 100_000
    i["sites"][2]["first_year"] = "2053-54"
    data["runs"][1]["inputs"].update(
        tariff_kind="CIL, neighbourhood plan in place",
        cil_admin_share=0.08,
        tariff_floorspace=[{"year": "2018-19", "m2": 9000}],
    )


def _profiles_and_limits(data: dict) -> None:
    """Dated sources (one after the horizon), straight-line MRP from two years after spending, an
    indexed stream and a late one, and every prudential limit (some broken)."""
    p = data["runs"][2]["inputs"]
    p.update(
        repayment_policy="straight-line MRP",
        years_to_use=2,
        profile=[
            {"name": "Private contribution", "year": "2019-20", "amount": 150_000_000, "kind": "capital"},
            {"name": "Private contribution", "year": "2024-25", "amount": 500_000_000, "kind": "capital"},
            {"name": "Late receipt", "year": "2050-51", "amount": 1_000_000, "kind": "revenue contribution to capital"},
        ],
        limits=[
            {
                "year": "2018-19",
                "net_revenue_stream": 900_000_000,
                "operational_boundary": 400_000_000,
                "authorised_limit": 500_000_000,
                "debt_cap": 487_500_000,
                "resources": 20_000_000,
            },
            {"year": "2019-20", "net_revenue_stream": 950_000_000, "debt_cap": 662_900_000},
        ],
    )
    p["streams"][0]["indexation"] = 0.03
    p["streams"][1].update(first_year="2045-46", years=5)


VARIANTS = {"cil": (EZ, _cil_and_tables), "profiles": (FFG, _profiles_and_limits)}


def _job(folder: Path) -> None:
    made = {}
    for key, (example, change) in VARIANTS.items():
        data = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
        change(data)
        (folder / f"variant-{key}.json").write_text(json.dumps(data), encoding="utf-8")
        pack = export_board_pack(
            load_project(folder / f"variant-{key}.json"), folder / f"variant-{key}.xlsx", today=TODAY
        )
        made[f"variant-{key}"] = pack.expected
    for key, (example, run, label, change, (row_label, col, value)) in EDITS.items():
        original = export_board_pack(load_project(EXAMPLES / example), folder / f"{key}.xlsx", today=TODAY)
        wb = load_workbook(original.path)
        ws = _sheet(wb, label)
        ws.cell(_row(ws, row_label), col).value = value
        wb.save(folder / f"edited-{key}.xlsx")
        project = folder / f"planner-{key}.json"
        project.write_text(json.dumps(_edit_project(example, run, change)), encoding="utf-8")
        planner = export_board_pack(load_project(project), folder / f"planner-{key}.xlsx", today=TODAY)
        made[key] = (ws.title, planner.expected, original.expected)
    variants = [folder / f"variant-{key}.xlsx" for key in VARIANTS]
    recalculate([folder / f"edited-{key}.xlsx" for key in EDITS] + variants, folder)
    (folder / "made.pickle").write_bytes(pickle.dumps(made))


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    folder = shared(tmp_path_factory, "live-lv-programme", {"edits": _job}) / "edits"
    return folder, pickle.loads((folder / "made.pickle").read_bytes())


@pytest.mark.parametrize("key", list(EDITS))
def test_an_edit_in_the_workbook_gives_the_planners_answer_for_it(edited, key):
    folder, made = edited
    title, planner, original = made[key]
    values = load_workbook(folder / "recalculated" / f"edited-{key}.xlsx", data_only=True)[title]
    numbers = {cell: e for (sheet, cell), e in planner.items() if sheet == title and not isinstance(e.value, str)}
    wrong = [
        f"{c}: workbook {values[c].value!r}, planner {e.value!r}"
        for c, e in numbers.items()
        if not e.agrees(values[c].value)
    ]
    assert not wrong, f"{len(wrong)} of {len(numbers)} cells differ:\n" + "\n".join(wrong[:20])
    moved = [c for c, e in numbers.items() if (title, c) in original and original[(title, c)].value != e.value]
    assert len(moved) > 20  # the edit changes many figures: the sheet did recompute


@pytest.mark.parametrize("key", list(VARIANTS))
def test_every_branch_of_the_sheets_agrees_with_the_planner(edited, key):
    folder, made = edited
    expected = made[f"variant-{key}"]
    values = load_workbook(folder / "recalculated" / f"variant-{key}.xlsx", data_only=True)
    wrong = [
        f"{s}!{c}: {values[s][c].value!r}, planner {e.value!r}"
        for (s, c), e in expected.items()
        if not e.agrees(values[s][c].value)
    ]
    assert not wrong, f"{len(wrong)} of {len(expected)} cells differ:\n" + "\n".join(wrong[:20])
    failing = [e for (s, c), e in expected.items() if e.value == "FAIL"]
    assert failing  # checks that fail in the planner fail in the workbook too


def test_a_delayed_site_moves_its_receipts(edited):
    folder, made = edited
    title = made["delay"][0]
    values = load_workbook(folder / "recalculated" / "edited-delay.xlsx", data_only=True)[title]
    row = _row(values, "Site value uplift captured")
    header = _row(values, "Line")
    year = {values.cell(header, c).value: c for c in range(3, 13)}
    # the depot's captured uplift, 4 ha × (1.2m - 0.3m - 0.15m) × 50% = £1.5m over 3 years, leaves 2018-19
    assert values.cell(row, year["2018-19"]).value == pytest.approx(0.0)
    depot_a_year = 4 * (1_200_000 - 300_000 - 150_000) * 0.5 / 3
    index = 1.02 ** (year["2021-22"] - 3)
    before = made["delay"][2][(title, f"{values.cell(row, year['2021-22']).column_letter}{row}")].value
    assert values.cell(row, year["2021-22"]).value == pytest.approx(before + depot_a_year * index, rel=1e-12)


def test_the_sheets_print_on_a4_landscape_fitted_to_width(edited):
    folder, _ = edited
    wb = load_workbook(folder / "halve.xlsx")
    for label in ("Land value", "Funding for Growth programme"):
        ws = _sheet(wb, label)
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
