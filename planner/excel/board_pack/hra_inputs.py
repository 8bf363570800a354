"""The HRA sheet's inputs block: the run's scalar inputs, its tables (archetypes, the Rent Standard
limit, the rent path, the new-build programme, components, works, the loan book) and the few
scalar workings the annual formulas share (the rate on new borrowing, the opening debt, the years
of extra homes).

Every value a reader may change is an input cell (blue on yellow); a table's helper columns
(a row's own limit, its spend years, a component's first year due) are formulas beside it.
Each table's columns are addressed as "[table.column]" (an absolute range) by the formulas.
A table's text columns (names, tenure, kind) place the formulas and are written as labels:
changing them means writing the pack again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.excel.board_pack.blocks import headers, inputs_block, section
from planner.excel.board_pack.formulas import scalar
from planner.excel.board_pack.styles import BODY, GBP, HELPER, INPUT, INTEGER, LABEL, NOTE, PCT, TOTAL, field_format

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.annual import RunContext
    from planner.excel.board_pack.cells import Cells

FLAGS = ("surplus_repays_debt",)  # yes/no inputs, written 1 (yes) or 0 (no)
TEXT = ("rents_follow",)  # choices, written as the words the formulas test for
Helper = tuple[str, str, Callable[[int], str], Callable[[dict], float], str]  # column, label, formula, value, fmt


def scalars(cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, row: int) -> tuple[int, dict]:
    """Every scalar input of the run, in the declaration's order; returns the next row and their cells."""
    items = []
    for f in ctx.spec.fields:
        value = getattr(inputs, f.name)
        if f.name in FLAGS:
            items.append((f.name, f.label, 1.0 if value else 0.0, "1 yes, 0 no", "int", ctx.source(f.name)))
        elif f.name in TEXT:
            items.append((f.name, f.label, None, f.unit, f.fmt, ctx.source(f.name)))
        else:
            items.append(ctx.input_item(f.name, scalar(inputs, f.name)))
    row, at = inputs_block(cells, ws, row, items)
    for name in TEXT:  # a choice is text the formulas compare with
        cells.text(ws, int(at[name][3:]), 3, getattr(inputs, name), INPUT)
    return row, at


def table(
    cells: Cells,
    ws: Worksheet,
    ctx: RunContext,
    inputs: Inputs,
    name: str,
    row: int,
    helpers: tuple[Helper, ...] = (),
    values: Callable[[str, Any], Any] | None = None,
) -> tuple[int, dict]:
    """A table of the run as input cells, one row each, with helper columns worked out beside them.

    Returns the next row and each column's range, as "table.column": "$B$10:$B$13" (None when empty)."""
    spec = ctx.spec.table(name)
    rows = inputs.rows(name)
    columns = list(spec.columns)
    row = section(cells, ws, row, f"{spec.label} (inputs)")
    labels = [c.label for c in columns] + [h[1] for h in helpers]
    row = headers(cells, ws, row, labels, right_from=2)
    first, last = row, row + len(rows) - 1
    at = {}
    for i, c in enumerate(columns, start=1):
        at[f"{name}.{c.name}"] = _range(i, first, last) if rows else None
    for j, h in enumerate(helpers, start=len(columns) + 1):
        at[f"{name}.{h[0]}"] = _range(j, first, last) if rows else None
    for r in rows:
        for i, c in enumerate(columns, start=1):
            value = r[c.name] if values is None else values(c.name, r[c.name])
            _cell(cells, ws, row, i, c, value)
        for j, (_, _, formula, value, fmt) in enumerate(helpers, start=len(columns) + 1):
            cells.formula(ws, row, j, formula(row), value(r), fmt, HELPER)
        row += 1
    if not rows:
        cells.text(ws, row, 1, "None.", NOTE)
        row += 1
    return row + 1, at


def _cell(cells: Cells, ws: Worksheet, row: int, col: int, c: Any, value: Any) -> None:
    if c.fmt in ("text", "choice"):  # names wrap in the wide first column; tenure and kind stay on one line
        cells.text(ws, row, col, value, LABEL if col == 1 else BODY)
    elif c.fmt == "bool":
        cells.number(ws, row, col, 1.0 if value else 0.0, INTEGER, INPUT)
    elif value is None:
        cells.text(ws, row, col, "", INPUT)
    else:
        cells.number(ws, row, col, float(np.ravel(value)[0]), field_format(c.fmt, c.unit), INPUT)


def _range(col: int, first: int, last: int) -> str:
    letter = get_column_letter(col)
    return f"${letter}${first}:${letter}${last}"


def note(cells: Cells, ws: Worksheet, row: int, text: str) -> int:
    cells.text(ws, row, 1, text, NOTE)
    return row + 1


def workings(cells: Cells, ws: Worksheet, inputs: Inputs, at: dict, row: int) -> tuple[int, dict]:
    """Scalars worked out once from the inputs, each a formula: returns the next row and their cells."""
    from models.hra import loans

    first = 0 if inputs.extra_first_year is None else inputs.extra_first_year - inputs.start_year
    stop = inputs.horizon if inputs.extra_years is None else min(first + inputs.extra_years, inputs.horizon)
    book = at.get("loans.principal")
    items = (
        (
            "new_rate",
            "Rate on new borrowing and refinancing (gilt yield + PWLB HRA margin where a gilt yield is set)",
            "% a year",
            f"=IF(ISNUMBER({at['gilt_yield']}),{at['gilt_yield']}+{at['pwlb_hra_margin']},{at['new_debt_rate']})",
            float(loans.new_rate(inputs)[0]),
            PCT,
        ),
        (
            "opening",
            "Existing debt at the start (the loan book's principal, else the opening debt)",
            "£",
            f"=SUM({book})" if book else f"={at['opening_debt']}",
            float(loans.opening(inputs)[0]),
            GBP,
        ),
        (
            "extra_first",
            "First year of extra homes, as a year index (0: the plan's first year)",
            "t",
            f"=IF(ISNUMBER({at['extra_first_year']}),{at['extra_first_year']}-{at['start_year']},0)",
            float(first),
            INTEGER,
        ),
        (
            "extra_stop",
            "Year index after the last year of extra homes",
            "t",
            f"=IF(ISNUMBER({at['extra_years']}),MIN([extra_first]+{at['extra_years']},{at['horizon']}),"
            f"{at['horizon']})",
            float(stop),
            INTEGER,
        ),
        (
            "lost",
            "Share of a year's rent lost on a new home's first let (first-let void ÷ rent weeks)",
            "share",
            f"={at['first_let_void_weeks']}/{at['rent_weeks']}",
            scalar(inputs, "first_let_void_weeks") / scalar(inputs, "rent_weeks"),
            "0.0000",
        ),
    )
    row = section(cells, ws, row, "Workings from the inputs")
    row = headers(cells, ws, row, ("Working", "Unit", "Value"), right_from=3)
    out = {}
    for key, label, unit, formula, value, fmt in items:
        for k, cell in out.items():
            formula = formula.replace(f"[{k}]", cell)
        cells.text(ws, row, 1, label, LABEL)
        cells.text(ws, row, 2, unit, LABEL)
        cells.formula(ws, row, 3, formula, value, fmt, TOTAL)
        out[key] = f"$C${row}"
        row += 1
    return row + 1, out


def rent_limit_rate(r: dict) -> float:
    """A Rent Standard row's limit on the year's rise: CPI + the amount over it (the amount alone
    without CPI), at most the ceiling, as models.hra.rents.limits works it out."""
    cpi, over, ceiling = (None if r[k] is None else float(np.ravel(r[k])[0]) for k in ("cpi", "over_cpi", "ceiling"))
    assert over is not None  # a required column
    rate = over if cpi is None else cpi + over
    return rate if ceiling is None else min(rate, ceiling)
