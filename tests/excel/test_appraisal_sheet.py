"""The Appraisal sheet of the board pack: live conversions from cash to real terms and the Green Book PVs.

The values of every formula are checked against the planner's by LibreOffice in test_recalc; here,
that the sheet is there for a programme, says what each PV is, and is built from formulas.
"""

from __future__ import annotations

from pathlib import Path

from planner.excel.board_pack.export import build_board_pack
from planner.project.project_file import load_project

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "funding-for-growth-programme.ffg"


def test_the_programme_gets_an_appraisal_sheet_of_live_formulas():
    pack = build_board_pack(load_project(EXAMPLE), scenarios=["Baseline"])
    ws = pack.workbook["Appraisal"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for label in ("PV of sources (real, Green Book)", "PV of uses (cash at the borrowing rate)"):
        row = labels[label]
        assert ws.cell(row, 2).value.startswith("=SUMPRODUCT(")
        assert pack.expected[("Appraisal", f"B{row}")].value == ws.cell(row, 3).value
    df = labels["Discount factor (real, Green Book)"]
    assert ws.cell(df, 3).value == "=1"  # 2017-18, the discount base year, undiscounted
    assert ws.cell(df, 4).value.startswith("=C") and "/(1+" in ws.cell(df, 4).value
    index = labels["Price index"]
    assert ws.cell(index, 4).value == f"=C{index}*(1+D{labels['GDP deflator growth']})"


def test_the_prudential_sheet_carries_the_cfr_and_the_wmca_debt_cap_headroom():
    pack = build_board_pack(load_project(EXAMPLE), scenarios=["Baseline"])
    ws = pack.workbook["Prudential"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    cap, headroom = (
        labels["Debt cap agreed with HM Treasury"],
        labels["Headroom under the debt cap agreed with HM Treasury"],
    )
    # 2019-20 (column D): cap £662.9m; the illustrative plan is over it (the programme's check fails there)
    assert ws.cell(cap, 4).value == 662_900_000
    assert ws.cell(headroom, 4).value.startswith("=IF(ISNUMBER(D")
    assert pack.expected[("Prudential", f"D{headroom}")].value < 0
    cfr = labels["Capital financing requirement"]
    assert ws.cell(cfr, 3).value.startswith(f"=B{cfr}+C")


def test_the_prudential_limits_are_input_cells_and_a_limit_nobody_entered_says_so():
    pack = build_board_pack(load_project(EXAMPLE), scenarios=["Baseline"])
    ws = pack.workbook["Prudential"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    boundary = labels["Operational boundary (not entered)"]  # the example enters no boundary
    cap = labels["Debt cap agreed with HM Treasury"]  # entered for 2018-19 to 2020-21
    years = range(2, 2 + 30)
    assert all(ws.cell(boundary, c).style == "FFG Input" and ws.cell(boundary, c).value is None for c in years)
    assert {ws.cell(cap, c).style for c in years} == {"FFG Input"}
    assert "Operational boundary" not in labels and "Debt cap agreed with HM Treasury (not entered)" not in labels
