"""Counts in the board pack: whole where every figure is whole (homes), to one place where the
model's figure is an expected value (people supported under a retention rate)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.excel.board_pack.export import build_board_pack
from planner.excel.board_pack.styles import COUNT, WHOLE
from planner.project.project_file import load_project
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def pack():
    return build_board_pack(load_project(EXAMPLES / "funding-for-growth-programme.ffg"), today=dt.date(2026, 12, 3))


def _line(wb, sheet_start: str, label: str):
    ws = next(ws for ws in wb.worksheets if ws["A2"].value and str(ws["A2"].value).startswith(sheet_start))
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    return [ws.cell(row, c) for c in range(3, 8)]


def test_homes_are_whole_numbers_and_expected_people_keep_one_place(pack):
    wb = pack.workbook
    homes = _line(wb, "Housing Revenue Account", "Homes at start of year")
    assert homes[0].value is not None and {c.number_format for c in homes} == {WHOLE}
    people = _line(wb, "Housing First", "People supported")
    assert {c.number_format for c in people} == {COUNT}
