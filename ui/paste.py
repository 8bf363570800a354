"""Rows of a table input: a new row, and a block copied from Excel (tab-separated) pasted in.

Pure Python over the declaration, so every cell of a paste is read with the same rules as the
form, and a paste with any bad cell is refused whole, naming each cell and what it allows.
"""

from __future__ import annotations

import copy

from models.core.declare import Field, TableSpec
from models.core.timeline import fy_start
from ui.values import ValueTextError, parse

MAX_LISTED = 8  # problems listed in a message before "and N more"


def read_block(text: str) -> list[list[str]]:
    """Cells of a block as Excel puts it on the clipboard: rows by line, cells by tab."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [[_unquote(cell) for cell in line.split("\t")] for line in lines]


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def new_row(table: TableSpec, rows: list[dict], first_year: int | None = None) -> dict:
    """A row to type over: declared defaults, the year after the last row's, a fresh name."""
    return {c.name: _new_cell(table, c, rows, first_year) for c in table.columns}


def _new_cell(table: TableSpec, column: Field, rows: list[dict], first_year: int | None):
    if column.fmt == "year":
        years = [fy_start(r[column.name]) for r in rows if r.get(column.name) is not None]
        if years:
            return max(years) + 1
        return first_year if first_year is not None else column.default
    if column.fmt == "text" and column.name == table.key:
        taken = {str(r.get(column.name)) for r in rows}
        n = len(rows) + 1
        while f"{column.label} {n}" in taken:
            n += 1
        return f"{column.label} {n}"
    if column.default is not None or column.optional:
        return column.default
    if column.numeric:
        return column.low if column.low is not None else 0
    return column.choices[0] if column.choices else ""


def paste_block(
    table: TableSpec,
    rows: list[dict],
    block: list[list[str]],
    at_row: int,
    at_column: int,
    first_year: int | None = None,
) -> list[dict]:
    """A copy of `rows` with `block` written from (at_row, at_column), adding rows as needed."""
    columns = table.columns[at_column:]
    if block and _is_heading(block[0], columns):
        block = block[1:]
    if not block:
        raise ValueTextError("the clipboard holds no cells to paste")
    width = max(len(line) for line in block)
    if width > len(columns):
        raise ValueTextError(
            f"the block is {width} columns wide but only {len(columns)} fit from "
            f"{columns[0].label if columns else 'here'}; columns are: " + ", ".join(c.label for c in table.columns)
        )
    out = copy.deepcopy(rows)
    problems = []
    for i, line in enumerate(block):
        r = at_row + i
        while r >= len(out):
            out.append(new_row(table, out, first_year))
        for j, text in enumerate(line):
            column = columns[j]
            try:
                out[r][column.name] = parse(column, text)
            except ValueTextError as exc:
                problems.append(f"row {r + 1}, {column.label}: {exc}")
    if problems:
        more = len(problems) - MAX_LISTED
        listed = problems[:MAX_LISTED] + ([f"… and {more} more"] if more > 0 else [])
        raise ValueTextError("nothing was pasted:\n" + "\n".join(listed))
    return out


def _is_heading(line: list[str], columns: tuple[Field, ...]) -> bool:
    """A first line that repeats the column labels or names (copied with the headings)."""
    names = [{c.label.casefold(), c.name.casefold()} for c in columns]
    cells = [cell.casefold() for cell in line]
    return bool(cells) and len(cells) <= len(names) and all(cell in n for cell, n in zip(cells, names))
