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
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from planner.excel.board_pack.blocks import headers, section
from planner.excel.board_pack.formulas import scalar
from planner.excel.board_pack.styles import (
    BODY,
    GBP,
    HELPER,
    INPUT,
    INTEGER,
    KEY,
    LABEL,
    NOTE,
    PCT,
    TOTAL,
    field_format,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.annual import RunContext
    from planner.excel.board_pack.cells import Cells

FLAGS = ("surplus_repays_debt", "internal_borrowing")  # yes/no inputs, written 1 (yes) or 0 (no)
TEXT = ("rents_follow",)  # choices, written as the words the formulas test for
LIVE_TEXT = ("kind",)  # a table's words the formulas test for (a component's archetype is a label: one line)
PAIRS = ((1, 2, 3), (5, 8, 9))  # label, unit and value columns of the two pairs
Helper = tuple[str, str, Callable[[int], str], Callable[[dict], float], str]  # column, label, formula, value, fmt


def scalars(cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, row: int) -> tuple[int, dict]:
    """The run's scalar inputs that its formulas read, in the declaration's order, down two pairs of
    columns (label, unit, value: A-C, then E-I); each input's source is its cell's comment and on
    the Assumptions sheet. Returns the next row and each input's cell."""
    items = []
    for f in ctx.spec.fields:
        if f.name in unused(inputs):
            continue
        value = getattr(inputs, f.name)
        if f.name in FLAGS:
            items.append((f.name, f.label, 1.0 if value else 0.0, "1 yes, 0 no", "int", ctx.source(f.name)))
        elif f.name in TEXT:
            items.append((f.name, f.label, value, f.unit, "text", ctx.source(f.name)))
        else:
            items.append(ctx.input_item(f.name, scalar(inputs, f.name)))
    half = (len(items) + 1) // 2
    names = ("Input", "Unit", "Value", "", "Input", "", "", "Unit", "Value")
    headers(cells, ws, row, names, right_from=3, text=(5, 8))
    at = {}
    for i, (name, label, value, unit, fmt, source) in enumerate(items):
        r, (lab, un, val) = row + 1 + i % half, PAIRS[i // half]
        cells.text(ws, r, lab, label, LABEL if lab == 1 else BODY)  # the second label runs over E and F
        cells.text(ws, r, un, unit, KEY)
        if value is None or fmt == "text":
            cell = cells.text(ws, r, val, "" if value is None else value, INPUT)
        else:
            cell = cells.number(ws, r, val, value, field_format(fmt, unit), INPUT)
        if source:
            cell.comment = Comment(f"Source: {source}", "Funding for Growth Planner", width=400, height=120)
        at[name] = f"${get_column_letter(val)}${r}"
    return row + 2 + half, at


def unused(x: Inputs) -> tuple[str, ...]:
    """Inputs no formula of this run reads: those the archetype table or the loan book stand in for
    (or that apply only with them), and the CPI that only the rulebook's rent check reads."""
    tenures = {r["tenure"] for r in x.rows("archetypes")}
    out = ["rent_cpi"]
    out += ["opening_stock", "weekly_rent", "rtb_sales"] if tenures else ["rents_follow"]
    out += [] if "Affordable Rent" in tenures else ["market_rent_growth"]
    out += ["opening_debt", "existing_debt_rate"] if x.rows("loans") else ["variable_rate_shift"]
    return tuple(out)


def table(
    cells: Cells,
    ws: Worksheet,
    ctx: RunContext,
    inputs: Inputs,
    name: str,
    row: int,
    helpers: tuple[Helper, ...] = (),
    keep: Callable[[dict], bool] | None = None,
) -> tuple[int, dict]:
    """A table of the run as input cells, one row each (those `keep` keeps), with helper columns
    worked out beside them; nothing for a table without rows.

    Returns the next row and each column's range, as "table.column": "$B$10:$B$13" (None when empty)."""
    spec = ctx.spec.table(name)
    rows = [r for r in inputs.rows(name) if keep is None or keep(r)]
    columns = list(spec.columns)
    if not rows:
        return row, {f"{name}.{c.name}": None for c in columns}
    row = section(cells, ws, row, f"{spec.label} (inputs)")
    labels = [c.label for c in columns] + [h[1] for h in helpers]
    row = headers(cells, ws, row, labels, right_from=2)
    first, last = row, row + len(rows) - 1
    at = {}
    for i, c in enumerate(columns, start=1):
        at[f"{name}.{c.name}"] = _range(i, first, last)
    for j, h in enumerate(helpers, start=len(columns) + 1):
        at[f"{name}.{h[0]}"] = _range(j, first, last)
    for r in rows:
        for i, c in enumerate(columns, start=1):
            _cell(cells, ws, row, i, c, r[c.name])
        for j, (_, _, formula, value, fmt) in enumerate(helpers, start=len(columns) + 1):
            cells.formula(ws, row, j, formula(row), value(r), fmt, HELPER)
        row += 1
    return row + 1, at


def _cell(cells: Cells, ws: Worksheet, row: int, col: int, c: Any, value: Any) -> None:
    if c.name in LIVE_TEXT:  # a word the formulas read: an input
        cells.text(ws, row, col, value, INPUT)
    elif c.fmt in ("text", "choice"):  # names wrap in the wide first column; tenure places formulas
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


def workings(cells: Cells, ws: Worksheet, inputs: Inputs, at: dict, row: int) -> dict:
    """Scalars worked out once from the inputs, each a formula, in columns J-M beside the inputs
    from their header `row` on; returns their cells."""
    from models.hra import loans

    first = 0 if inputs.extra_first_year is None else inputs.extra_first_year - inputs.start_year
    stop = inputs.horizon if inputs.extra_years is None else min(first + inputs.extra_years, inputs.horizon)
    book = at.get("loans.principal")
    items = (
        (
            "new_rate",
            "Rate on new borrowing and refinancing",
            "% a year",
            f"=IF(ISNUMBER({at['gilt_yield']}),{at['gilt_yield']}+{at['pwlb_hra_margin']},{at['new_debt_rate']})",
            float(loans.new_rate(inputs)[0]),
            PCT,
        ),
        (
            "opening",
            "Existing debt at the start" + (" (loan book)" if book else ""),
            "£",
            f"=SUM({book})" if book else f"={at['opening_debt']}",
            float(loans.opening(inputs)[0]),
            GBP,
        ),
        (
            "extra_first",
            "First year of extra homes (year index t)",
            "t",
            f"=IF(ISNUMBER({at['extra_first_year']}),{at['extra_first_year']}-{at['start_year']},0)",
            float(first),
            INTEGER,
        ),
        (
            "extra_stop",
            "Year index t after the last extra homes",
            "t",
            f"=IF(ISNUMBER({at['extra_years']}),MIN([extra_first]+{at['extra_years']},{at['horizon']}),"
            f"{at['horizon']})",
            float(stop),
            INTEGER,
        ),
        (
            "lost",
            "Rent lost on a first let (share of a year)",
            "share",
            f"={at['first_let_void_weeks']}/{at['rent_weeks']}",
            scalar(inputs, "first_let_void_weeks") / scalar(inputs, "rent_weeks"),
            "0.0000",
        ),
    )
    headers(cells, ws, row, ("",) * 9 + ("Workings", "", "", "Value"), right_from=13)
    out: dict[str, str] = {}
    for i, (key, label, _, formula, value, fmt) in enumerate(items, start=1):
        for k, cell in out.items():
            formula = formula.replace(f"[{k}]", cell)
        cells.text(ws, row + i, 10, label, BODY)  # runs over K and L
        cells.formula(ws, row + i, 13, formula, value, fmt, TOTAL)
        out[key] = f"$M${row + i}"
    return out


def rent_limit_rate(r: dict) -> float:
    """A Rent Standard row's limit on the year's rise: CPI + the amount over it (the amount alone
    without CPI), at most the ceiling, as models.hra.rents.limits works it out."""
    cpi, over, ceiling = (None if r[k] is None else float(np.ravel(r[k])[0]) for k in ("cpi", "over_cpi", "ceiling"))
    assert over is not None  # a required column
    rate = over if cpi is None else cpi + over
    return rate if ceiling is None else min(rate, ceiling)
