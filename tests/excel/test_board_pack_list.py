"""The board pack of a BRS that reads the VOA's list: the bands counted from the list, the split
by billing authority and where the list came from; recalculated by LibreOffice, every formula
agrees with the planner's exact figures (a revaluation moves the threshold to a new band edge)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from models.brs import SPEC
from planner.excel.board_pack.export import export_board_pack
from planner.project.document import new_project
from planner.project.scenario_file import RunDef
from planner.rating_list import read_rating_list
from planner.rating_list.apply import use_rating_list
from tests.excel.libreoffice import recalculate
from tools.make_rating_list import line, name, write_zip

RUN = "WMCA BRS from the list"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("list-pack")
    rvs = [8_000, 20_000, 49_000, 50_000, 51_000, 64_000, 90_000, 130_000, 480_000, 2_500_000]
    lines = [line(i + 1, ("4605", "4610", "4630")[i % 3], str(rv)) for i, rv in enumerate(rvs)]
    listing = write_zip(folder / name(2023, "0019"), lines)
    raw = SPEC.defaults()
    raw["revaluations"] = [{"year": 2026, "rv_factor": 1.2, "threshold": 70_000.0}]
    project = new_project("List pack", [RunDef(RUN, "brs", raw)], now="2026-12-03T09:00:00Z")
    project = use_rating_list(project, RUN, read_rating_list(listing, ["4605", "4610", "4630"]))
    written = export_board_pack(project, folder / "pack.xlsx", today=dt.date(2026, 12, 3))
    recalculate([written.path], folder)
    return written, load_workbook(folder / "recalculated" / "pack.xlsx", data_only=True)


def test_every_formula_agrees_with_the_exact_figures(pack):
    written, values = pack
    wrong = [
        f"{sheet}!{cell}: LibreOffice {values[sheet][cell].value!r}, planner {e.value!r}"
        for (sheet, cell), e in written.expected.items()
        if not e.agrees(values[sheet][cell].value)
    ]
    assert not wrong, "\n".join(wrong[:20])


def test_the_sheet_shows_the_bands_the_split_and_the_provenance(pack):
    written, values = pack
    ws = next(values[t] for t in written.sheets if t.startswith("1."))
    text = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert any(t.startswith("Rating list counted into bands from the VOA list") for t in text)
    assert "uk-englandwales-ndr-2023-listentries-compiled-epoch-0019-baseline-csv.zip" in text
    assert {"Birmingham", "Coventry", "Walsall", "4605, 4610, 4630", "10", "0019"} <= text
    assert "Supplement collected — Birmingham (4605)" in text
    liable = next(r for r in ws.iter_rows() if r[0].value == "Liable RV")
    # first year: above £50,000 are 51,000 + 64,000 + 90,000 + 130,000 + 480,000 + 2,500,000
    assert liable[2].value == pytest.approx(3_315_000.0)
