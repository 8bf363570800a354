"""What the input workbook's writer (excel_template) and its reader (excel_import) agree on.

The names of the layout and of the hidden sheet, the headings both look for, and how an input
value is held in a cell. Kept apart from both so the reader never loads the writer.
"""

from __future__ import annotations

from typing import Any

from models.core.declare import Field, TableSpec

SCHEMA = 1  # the workbook layout; import refuses a newer one
META = "_planner"
LAYOUT = ("sheet", "kind", "run", "model", "table", "scenario", "schema_version")
INFO = ("unit", "allowed range", "help", "source", "owner", "date", "note")
DETAILS = (
    ("title", "Title"),
    ("description", "Description"),
    ("author", "Author"),
    ("organisation", "Organisation"),
    ("created", "Created (UTC, kept from the project)"),
)
RUNS = ("run", "model", "description")
SCENARIOS = ("scenario", "builds on", "description")
ASSUMPTIONS = ("run", "input", "source", "owner", "date", "note")
HEADER_ROW = 4  # where the writer puts headers; import finds them by their text


def cell_value(f: Field, value: Any) -> Any:
    """A raw input as the workbook holds it: years as the year they start (2018 for '2018-19')."""
    if f.fmt == "year" and isinstance(value, str):
        from models.core.timeline import fy_start

        try:
            return fy_start(value)
        except ValueError:
            return value
    return value


def table_rows(table: TableSpec, inputs: dict) -> list[dict]:
    """A table's rows with every column, defaults filled, as the workbook holds them."""
    rows = inputs.get(table.name, table.default)
    return [
        {c.name: cell_value(c, row.get(c.name, c.default)) for c in table.columns}
        for row in rows
        if isinstance(row, dict)
    ]


def column_heading(c: Field) -> str:
    """A table column's label with its unit ("Amount (£)"); a year's unit says nothing more."""
    return f"{c.label} ({c.unit})" if c.unit and c.fmt != "year" else c.label
