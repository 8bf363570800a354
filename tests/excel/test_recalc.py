"""The board pack recalculated by LibreOffice: every formula cell agrees with the planner.

One soffice run recalculates the pack of every example (examples/*.json read as projects, and
the example project .ffg) and two packs whose inputs an auditor has edited; the values it saved
are then read with openpyxl (data_only) and every formula cell is compared with the planner's
own figure, to £1 for money.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.excel.board_pack.export import export_board_pack
from planner.project.project_file import load_project
from tests.conftest import EXAMPLES
from tests.excel.libreoffice import recalculate, shared

PROJECTS = sorted(EXAMPLES.glob("*.json")) + sorted(EXAMPLES.glob("*.ffg"))
TODAY = dt.date(2024, 5, 6)


def _edit(source: Path, target: Path, sheet_model: str, label: str, factor: float) -> dict:
    """An auditor's what-if: one input on the first sheet of a model scaled by `factor`."""
    wb = load_workbook(source)
    ws = next(ws for ws in wb.worksheets if ws.title.startswith("1.") and ws["A2"].value.startswith(sheet_model))
    row = _row(ws, label)
    ws.cell(row, 3).value = ws.cell(row, 3).value * factor
    wb.save(target)
    return {"sheet": ws.title}


@functools.cache
def _values(path: Path):
    """The values LibreOffice saved (each recalculated file is read once)."""
    return load_workbook(path, data_only=True)


def _row(ws, label: str) -> int:
    """The first row whose column A holds `label`."""
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


@dataclass
class Packed:
    """What a test needs of a pack written (perhaps by the other xdist worker): its file, sheets,
    input sheets, the planner's figures, and the file LibreOffice recalculated."""

    path: Path
    sheets: list[str]
    input_sheets: list[str]
    expected: dict
    recalculated: Path


def _export(paths: list[Path], folder: Path, edits: dict | None = None) -> None:
    """The packs of these examples (and edited copies), recalculated in one LibreOffice run; what a
    test needs of them is pickled beside them."""
    packs = {}
    for path in paths:
        target = folder / (path.stem + ("-project" if path.suffix == ".ffg" else "") + ".xlsx")
        pack = export_board_pack(load_project(path), target, today=TODAY)
        packs[path.name] = (pack.path.name, pack.sheets, pack.input_sheets, pack.expected)
    made = {
        key: _edit(folder / packs[example][0], folder / f"edited-{key}.xlsx", *how)
        for key, (example, *how) in (edits or {}).items()
    }
    recalculate([folder / p[0] for p in packs.values()] + [folder / f"edited-{key}.xlsx" for key in made], folder)
    (folder / "packs.pickle").write_bytes(pickle.dumps((packs, made)))


EDITS = {
    "hf": ("west-midlands-housing-first-2018.json", "Housing First", "Support cost per person a year", 2.0),
    "brs": ("wmca-business-rate-supplement.json", "Business Rate", "Supplement multiplier", 0.5),
}
JOBS = {  # the example project's pack is about as much work as all the others: one job each way
    "project": lambda folder: _export([p for p in PROJECTS if p.suffix == ".ffg"], folder),
    "examples": lambda folder: _export([p for p in PROJECTS if p.suffix != ".ffg"], folder, EDITS),
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """({example file name: Packed}, the edits, {file name: recalculated path})."""
    root = shared(tmp_path_factory, "board-packs", JOBS)
    packs, edits, out = {}, {}, {}
    for job in JOBS:
        folder = root / job
        found, made = pickle.loads((folder / "packs.pickle").read_bytes())
        packs.update(
            {
                name: Packed(folder / f, sheets, inputs, expected, folder / "recalculated" / f)
                for name, (f, sheets, inputs, expected) in found.items()
            }
        )
        edits.update(made)
        out.update({p.name: p for p in (folder / "recalculated").glob("*.xlsx")})
    return packs, edits, out


@pytest.mark.parametrize("example", [p.name for p in PROJECTS])
def test_every_formula_cell_matches_the_planner(recalculated, example):
    pack = recalculated[0][example]
    values = _values(pack.recalculated)
    wrong = []
    for (sheet, cell), expected in pack.expected.items():
        found = values[sheet][cell].value
        if not expected.agrees(found):
            wrong.append(f"{sheet}!{cell}: LibreOffice {found!r}, planner {expected.value!r}")
    assert not wrong, f"{len(wrong)} of {len(pack.expected)} formula cells disagree:\n" + "\n".join(wrong[:30])
    numbers = [e for e in pack.expected.values() if not isinstance(e.value, str)]
    assert len(numbers) > 50 and any(abs(e.value) > 1000 for e in numbers)  # real figures, not empty cells


@pytest.mark.parametrize("example", [p.name for p in PROJECTS])
def test_every_formula_the_pack_writes_has_the_planners_figure(recalculated, example):
    """No formula escapes the comparison: each formula cell of the pack's own sheets is in `expected`."""
    pack = recalculated[0][example]
    wb = load_workbook(pack.path)
    own = [t for t in pack.sheets if t not in pack.input_sheets and t != "_planner"]  # printed or reference only
    formulas = {(t, c.coordinate) for t in own for row in wb[t].iter_rows() for c in row if c.data_type == "f"}
    assert formulas == set(pack.expected)


def test_the_master_check_counts_the_failing_checks(recalculated):
    values = _values(recalculated[0]["funding-for-growth-programme.ffg"].recalculated)
    failing = sum(1 for row in values["Checks"].iter_rows(min_row=5, min_col=5, max_col=5) if row[0].value == "FAIL")
    assert failing >= 1  # the Housing First grant runs behind its costs in 2022-23
    assert values["Checks"]["C3"].value == f"{failing} OF {values['Checks'].max_row - 4} CHECKS FAIL"
    assert values["Cover"].cell(_row(values["Cover"], "Master check"), 2).value == values["Checks"]["C3"].value
    assert values["Checks"]["E3"].value == 0  # the workbook and the planner agree on every check


def test_the_workbook_recomputes_housing_first_from_its_inputs(recalculated):
    """Dual running for real: doubling the support cost in the workbook doubles its support cost."""
    packs, edits, out = recalculated
    before = _values(packs["west-midlands-housing-first-2018.json"].recalculated)[edits["hf"]["sheet"]]
    after = load_workbook(out["edited-hf.xlsx"], data_only=True)[edits["hf"]["sheet"]]
    cells = {label: _row(before, label) for label in ("Support cost", "Other costs", "Total cost")}
    header = _row(before, "Line")
    total_col = next(c for c in range(3, 20) if str(before.cell(header, c).value).startswith("Total"))
    support, other = (before.cell(cells[k], total_col).value for k in ("Support cost", "Other costs"))
    assert support > 1_000_000 and other > 1_000_000
    assert after.cell(cells["Support cost"], total_col).value == pytest.approx(2 * support, rel=1e-12)
    assert after.cell(cells["Other costs"], total_col).value == pytest.approx(other, rel=1e-12)
    assert after.cell(cells["Total cost"], total_col).value == pytest.approx(2 * support + other, rel=1e-12)


def test_the_workbook_recomputes_the_supplement_from_its_inputs(recalculated):
    """Halving the multiplier halves the gross supplement of every year and lowers the borrowing."""
    packs, edits, out = recalculated
    before = _values(packs["wmca-business-rate-supplement.json"].recalculated)[edits["brs"]["sheet"]]
    after = load_workbook(out["edited-brs.xlsx"], data_only=True)[edits["brs"]["sheet"]]
    gross = _row(before, "Gross supplement")
    firsts = [before.cell(gross, c).value for c in range(3, 13)]
    assert all(x > 10_000_000 for x in firsts)
    assert [after.cell(gross, c).value for c in range(3, 13)] == pytest.approx([x / 2 for x in firsts], rel=1e-12)
    borrowing = next(r for r in range(1, 200) if str(before.cell(r, 1).value).startswith("Supportable borrowing"))
    assert 0 < after.cell(borrowing, 3).value < 0.6 * before.cell(borrowing, 3).value
