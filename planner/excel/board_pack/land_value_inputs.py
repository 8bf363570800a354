"""The land value sheet's inputs: its scalars, its tables (sites with what each yields worked out
beside them, floorspace, the multiplier path, revaluations, chargeable floorspace) and the CIL
Regulations' figures as rows by year, each with its citation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.core.timeline import fy_label
from planner.excel.board_pack.blocks import TableColumn, input_table
from planner.excel.board_pack.grid import Line
from planner.excel.board_pack.styles import GBP, PCT, RATIO, YEAR

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.annual import RunContext
    from planner.excel.board_pack.cells import Cells

SCALARS = (
    "start_year",
    "horizon",
    "land_value_growth",
    "rv_per_m2",
    "occupancy",
    "rates_multiplier",
    "retention_share",
    "retention_start_year",
    "retention_years",
    "rv_growth",
    "deadweight",
    "displacement",
    "leakage",
    "rates_relief_share",
    "rates_collection_rate",
    "appeals_provision",
    "baseline_rates",
    "tariff_per_m2",
    "relief_share",
    "tariff_indexation",
    "tariff_kind",
    "parish_dwellings",
    "cil_admin_share",
    "borrowing_rate",
    "loan_term_years",
    "cover_ratio",
    "discount_base_year",
)
CIL_ONLY = ("tariff_kind", "parish_dwellings", "cil_admin_share")  # shown only where a CIL is collected
M2 = "#,##0"
T = "({year}-[start_year])"  # the year index t, from the year row


def _num(row: dict, column: str) -> float:
    return float(np.ravel(row[column])[0])


def tables(
    cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, at: dict, row: int
) -> tuple[int, dict[str, str]]:
    """Every table a land value run uses, written under the scalars; returns the next row and each
    column's range as "table.column"."""
    ranges: dict[str, str] = {}
    row = _sites(cells, ws, ctx, inputs, at, row, ranges)
    dated = (
        ("floorspace", "m2", M2, True),
        ("multiplier_path", "multiplier", "0.0000", False),
        ("rates_revaluations", "rv_factor", RATIO, False),
        ("tariff_floorspace", "m2", M2, True),
    )
    for name, column, fmt, always in dated:
        rows = sorted(inputs.rows(name), key=lambda r: r["year"])  # a LOOKUP needs its years in order
        if not rows and not always:
            continue
        table = ctx.spec.table(name)
        columns = [
            TableColumn("label", "Row", [f"{table.label} {i} ({fy_label(r['year'])})" for i, r in enumerate(rows, 1)]),
            TableColumn("year", table.column("year").label, [r["year"] for r in rows], YEAR),
            TableColumn(column, table.column(column).label, [_num(r, column) for r in rows], fmt),
        ]
        row, found = input_table(cells, ws, row, f"{table.label} (inputs)", columns)
        ranges.update({f"{name}.{k}": v for k, v in (found or {}).items()})
    return row, ranges


def _sites(cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, at: dict, row: int, ranges: dict) -> int:
    """The sites, and beside each its uplift, what is captured, its parts a year and what falls past the horizon."""
    rows = inputs.rows("sites")
    table = ctx.spec.table("sites")
    columns = [
        TableColumn("name", table.column("name").label, [r["name"] for r in rows]),
        TableColumn("hectares", "Area (ha)", [_num(r, "hectares") for r in rows], "#,##0.00"),
        TableColumn("existing", "Existing use £/ha", [_num(r, "existing_value_per_ha") for r in rows], GBP),
        TableColumn("post", "With the scheme £/ha", [_num(r, "post_value_per_ha") for r in rows], GBP),
        TableColumn("remediation", "Remediation £/ha", [_num(r, "remediation_per_ha") for r in rows], GBP),
        TableColumn("capture", "Capture rate", [_num(r, "capture_rate") for r in rows], PCT),
        TableColumn("first_year", "First year of receipts", [r["first_year"] for r in rows], YEAR),
        TableColumn("build_out_years", "Build-out years", [int(_num(r, "build_out_years")) for r in rows], "0"),
    ]
    ha, existing, post, rem, capture, first, build = (np.array(c.values, dtype=float) for c in columns[1:])
    uplift = ha * (post - existing - rem)
    captured = np.maximum(uplift, 0.0) * capture
    end = inputs.start_year + inputs.horizon
    beyond = captured * np.maximum(first + build - end, 0.0) / np.where(build > 0, build, 1.0)
    start, horizon = at["start_year"], at["horizon"]
    columns += [
        TableColumn(
            "uplift",
            "Uplift £",
            list(uplift),
            GBP,
            lambda c: f"={c['hectares']}*({c['post']}-{c['existing']}-{c['remediation']})",
        ),
        TableColumn("captured", "Captured £", list(captured), GBP, lambda c: f"=MAX({c['uplift']},0)*{c['capture']}"),
        TableColumn(
            "captured_a_year",
            "Captured a year £",
            list(captured / build),
            GBP,
            lambda c: f"={c['captured']}/{c['build_out_years']}",
        ),
        TableColumn(
            "uplift_a_year",
            "Uplift a year £",
            list(np.maximum(uplift, 0.0) / build),
            GBP,
            lambda c: f"=MAX({c['uplift']},0)/{c['build_out_years']}",
        ),
        TableColumn(
            "beyond",
            "Captured after the horizon £",
            list(beyond),
            GBP,
            lambda c: (
                f"={c['captured']}*MAX({c['first_year']}+{c['build_out_years']}-({start}+{horizon}),0)"
                f"/{c['build_out_years']}"
            ),
        ),
    ]
    row, found = input_table(cells, ws, row, f"{table.label} (inputs; uplift and receipts worked out)", columns)
    ranges.update({f"sites.{k}": v for k, v in (found or {}).items()})
    return row


RULES = (
    ("share_with_plan", "cil.neighbourhood_share_with_plan", "%", "0.0%"),
    ("share_no_plan", "cil.neighbourhood_share", "%", "0.0%"),
    ("cap", "cil.neighbourhood_cap_per_dwelling", "£ a dwelling", GBP),
    ("admin_allowed", "cil.admin_share", "%", "0.0%"),
)


def rule_lines(inputs: Inputs) -> list[Line]:
    """The CIL Regulations' figures in force each year (the rulebook, models.rules), as rows of
    values labelled with the instrument and regulation they come from."""
    years = range(inputs.start_year, inputs.start_year + inputs.horizon)
    out = []
    for key, rule_id, unit, fmt in RULES:
        rule = inputs.rules.rule(rule_id)
        cited = (rule.step(inputs.start_year) or rule.steps[-1]).source.citation()
        values = np.nan_to_num(inputs.rules.value(rule_id, years))
        out.append(Line(key, f"{rule.label} (law: {cited})", unit, values=values, kind="helper", fmt=fmt))
    return out
