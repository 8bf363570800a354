"""The programme sheet's inputs: its scalars and tables (streams, dated amounts, links, the
investment plan), each source's own line worked out from its table row, and the prudential limits
by year as rows with their citation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from models.core.timeline import fy_label
from models.programme.prudential import limit_line
from planner.excel.board_pack.blocks import TableColumn, input_table
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import GBP, PCT, YEAR

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.annual import RunContext
    from planner.excel.board_pack.cells import Cells
    from planner.excel.board_pack.formulas import Rows

SCALARS = (
    "start_year",
    "horizon",
    "optimism_bias",
    "brs_project_cost",
    "borrowing_rate",
    "repayment_policy",
    "asset_life",
    "years_to_use",
)
TEXT = ("repayment_policy",)  # choices: text, which the inputs block (numbers) leaves empty
LIMITS = ("net_revenue_stream", "operational_boundary", "authorised_limit", "debt_cap", "resources")
T = "({year}-[start_year])"


def _num(row: dict, column: str) -> float:
    return float(np.ravel(row[column])[0])


def cell(ranges: dict, key: str, i: int) -> str:
    """Row i's cell of a table column's range ("$C$10:$C$13", 1 -> "$C$11")."""
    col, first = re.match(r"\$([A-Z]+)\$(\d+):", ranges[key]).groups()  # type: ignore[union-attr]
    return f"${col}${int(first) + i}"


def _level(g: str, m: str) -> str:
    """Σ (1 + g) ** k for k < m: what £1 a year indexed at g pays over m years."""
    return f"IF({g}=0,{m},((1+{g})^{m}-1)/{g})"


def _stream_totals(inputs: Inputs, at: dict) -> list[TableColumn]:
    """Beside each stream: its total as entered (in closed form) and the part of it after the horizon."""
    entered, after = [], []
    end = inputs.start_year + inputs.horizon
    for r in inputs.rows("streams"):
        a, g, years = _num(r, "annual_amount"), _num(r, "indexation"), int(r["years"])
        level = [(1 + g) ** k for k in range(years)]
        inside = int(np.clip(end - r["first_year"], 0, years))
        entered.append(a * sum(level))
        after.append(a * sum(level[inside:]))
    end_cell = f"({at['start_year']}+{at['horizon']})"

    def later(c: dict) -> str:
        inside = f"MIN(MAX({end_cell}-{c['first_year']},0),{c['years']})"
        return f"={c['entered']}-{c['annual_amount']}*{_level(c['indexation'], inside)}"

    return [
        TableColumn(
            "entered",
            "Total as entered £",
            entered,
            GBP,
            lambda c: f"={c['annual_amount']}*{_level(c['indexation'], c['years'])}",
        ),
        TableColumn("after", "After the horizon £", after, GBP, later),
    ]


def tables(
    cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, at: dict, row: int
) -> tuple[int, dict[str, str]]:
    """Streams (with each one's total and the part after the horizon worked out), dated amounts, links
    and the investment plan under the scalars; each column's range as "table.column"."""
    specs = {
        "streams": (
            ("name", "", None),
            ("first_year", "", YEAR),
            ("annual_amount", "", GBP),
            ("years", "", "0"),
            ("indexation", "", PCT),
            ("kind", "", None),
        ),
        "profile": (("name", "", None), ("year", "", YEAR), ("amount", "", GBP), ("kind", "", None)),
        "links": (("name", "", None), ("run", "", None), ("line", "", None), ("share", "", PCT), ("kind", "", None)),
        "investment": (("description", "", None), ("year", "", YEAR), ("amount", "", GBP), ("kind", "", None)),
    }
    ranges: dict[str, str] = {}
    for name, columns in specs.items():
        table, rows = ctx.spec.table(name), inputs.rows(name)
        if not rows and name in ("profile", "links"):
            continue
        made = []
        for key, _, fmt in columns:
            text = table.column(key).fmt in ("text", "choice")
            values = [str(r[key]) if text else (int(r[key]) if fmt in (YEAR, "0") else _num(r, key)) for r in rows]
            made.append(TableColumn(key, table.column(key).label, values, fmt))
        if name == "streams":
            made += _stream_totals(inputs, at)
        row, found = input_table(cells, ws, row, f"{table.label} (inputs)", made)
        ranges.update({f"{name}.{k}": v for k, v in (found or {}).items()})
    return row, ranges


def source_lines(mk: Rows, inputs: Inputs) -> tuple[list[Line], list[Line], dict[str, str]]:
    """The linked lines copied from the planner (helpers), each source's line, and each source's kind cell."""
    at, annual = mk.at, mk.annual
    copies, lines, kinds = [], [], {}
    for i, r in enumerate(inputs.rows("streams")):
        first, amount, years, index = (
            cell(at, f"streams.{k}", i) for k in ("first_year", "annual_amount", "years", "indexation")
        )
        formula = f"=IF(AND({{year}}>={first},{{year}}<{first}+{years}),{amount}*(1+{index})^({{year}}-{first}),0)"
        lines.append(mk.line(f"source:{r['name']}", formula))
        kinds[r["name"]] = cell(at, "streams.kind", i)
    seen: dict[str, int] = {}
    for i, r in enumerate(inputs.rows("profile")):
        seen.setdefault(r["name"], i)
    for name, i in seen.items():
        where = f"[profile.amount],[profile.name],{cell(at, 'profile.name', i)},[profile.year],{{year}}"
        lines.append(mk.line(f"source:{name}", f"=SUMIFS({where})"))
        kinds[name] = cell(at, "profile.kind", i)
    for i, r in enumerate(inputs.rows("links")):
        share = _num(r, "share")
        line = annual[f"source:{r['name']}"].to_numpy()
        copied = line / share if share > 0 else line
        copies.append(
            Line(
                f"linked:{r['name']}",
                f"Line '{r['line']}' of run '{r['run']}': the planner's figures, copied (that run's sheet "
                "works them out)",
                "£",
                values=copied,
                kind="helper",
                fmt=GBP,
            )
        )
        share_cell = cell(at, "links.share", i)
        lines.append(mk.line(f"source:{r['name']}", formula=_linked(r["name"], share_cell)))
        kinds[r["name"]] = cell(at, "links.kind", i)
    return copies, lines, kinds


def _linked(name: str, share: str) -> Callable[[Grid, int], str]:
    return lambda g, t: f"={share}*{g.cell(f'linked:{name}', t)}"


def limit_lines(ctx: RunContext, inputs: Inputs) -> tuple[list[Line], list[tuple[str, str]]]:
    """Each prudential limit entered for some year, as a row by year (the authority's own limits, and
    a combined authority's debt cap agreed with HM Treasury: policy), and (label, source) of each."""
    table = ctx.spec.table("limits")
    out, sources = [], []
    for column in LIMITS:
        values = limit_line(inputs, column)[0]
        if np.isnan(values).all():
            continue
        field = table.column(column)
        years = [fy_label(int(r["year"])) for r in inputs.rows("limits") if r[column] is not None]
        label = f"{field.label} (entered for {', '.join(years)}; source under Inputs)"
        out.append(Line(f"limit:{column}", label, "£", values=values, kind="helper", fmt=GBP))
        sources.append((field.label, field.source))
    return out, sources
