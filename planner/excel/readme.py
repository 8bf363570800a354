"""The template's first sheet, "Read me": how to fill the workbook in and read it back, and what
each of its sheets holds. Only the template has one; the board pack's input sheets do not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner import __version__
from planner.excel import styles as st
from planner.excel.layout import HEADER_ROW, SCHEMA
from planner.excel.sheet_writer import SheetWriter
from planner.project.document import Project
from planner.project.scenarios import BASELINE

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_README = (
    (
        "What this is",
        "The inputs of a planner project: every input of every model run, with its unit, the values "
        "allowed, help and source. Fill it in, then read it back with:   planner import THIS.xlsx "
        "PROJECT.ffg   (it makes a new project file; nothing already open changes).",
    ),
    (
        "How to fill it in",
        "Type in the yellow cells. Money in pounds; rates as percentages (3.5%); years as the "
        "year a financial year starts (2018 for 2018-19). Leave a cell empty only where its "
        "allowed range says so.",
    ),
    (
        "",
        "Inputs are found by their key (column A of a run's sheet; the key row of a table), not by their cell: "
        "rows may be reordered and a table may gain or lose rows. Keep the keys and the sheet names as they are.",
    ),
    (
        "",
        "Each scenario is a value column beside the Baseline; import records as the scenario's changes the "
        "values that differ from the scenario it builds on. A scenario's value that differs from the Baseline's "
        "is shaded.",
    ),
    (
        "",
        "Formulas are allowed once Excel has calculated and saved them. Workbooks with macros are refused, and "
        "links to other workbooks are ignored. Every problem is reported at once, by sheet and cell.",
    ),
)


def write_readme(ws: Worksheet, project: Project, layout: list[tuple]) -> None:
    """The guidance, then one line per sheet of `layout` (as write_input_sheets returns it)."""
    out = SheetWriter(
        ws,
        "Funding for Growth Planner — input workbook",
        f"{project.title} · written by the Funding for Growth Planner {__version__} (workbook layout {SCHEMA})",
    )
    row = HEADER_ROW - 1
    for heading, text in _README:
        if heading:
            row += 1
            st.put(ws, row, 1, heading, st.GROUP)
        row += 1
        st.put(ws, row, 1, text, st.WRAP)
    row += 1
    st.put(ws, row + 1, 1, "Sheets", st.GROUP)
    first = row + 2
    for row, (sheet, kind, run, _model, table, scenario) in enumerate(layout, start=first):
        what = {
            "project": "the title, runs and scenarios",
            "run": f"the single inputs of run {run!r}",
            "assumptions": "sources of tables and table cells",
        }.get(kind)
        what = what or f"table {table} of run {run!r}" + ("" if scenario == BASELINE else f", scenario {scenario!r}")
        st.put(ws, row, 1, f"{sheet}:  {what}", st.BODY)
    out.widths = {1: 100}
    out.finish(None, high=100)
