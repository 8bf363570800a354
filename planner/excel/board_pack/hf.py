"""The Housing First profile, recomputed by the workbook from an inputs block on its sheet.

Intake is the annual target times the year's share (SUMIF over the intake table); each year's
cohort is followed down its own row (retention ** age while age < support_years); the caseload
is the sum of the cohorts; person-years count the year housed at entry_year_fraction; support
and other costs are indexed; the grant comes from the tranches table; the cumulative balance is
grant less cost; each council takes its share of units. Every amount is a formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.core.timeline import fy_label
from models.core.validation import validate
from planner.excel.board_pack.annual import Plan, RunContext, subtotal
from planner.excel.board_pack.blocks import Figure, LiveCheck, headers, inputs_block, section
from planner.excel.board_pack.formulas import Rows, running, scalar
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import COUNT, GBP, HELPER, INPUT, INTEGER, LABEL, PCT, YEAR

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.cells import Cells

SCALARS = (
    "start_year",
    "horizon",
    "award",
    "annual_target",
    "support_cost_per_person_year",
    "entry_year_fraction",
    "support_years",
    "retention_rate",
    "cost_inflation",
    "cost_avoided_per_person_year",
)
TABLES = (("tranches", "amount", GBP), ("intake", "share", PCT), ("other_costs", "amount", GBP))


def build(cells: Cells, ws: Worksheet, ctx: RunContext, row: int) -> Plan:
    inputs = validate(ctx.spec, ctx.run.inputs)
    row = section(cells, ws, row, "Inputs")
    row, at = inputs_block(cells, ws, row, [ctx.input_item(n, scalar(inputs, n)) for n in SCALARS])
    tables = {}
    for name, column, fmt in TABLES:
        row, tables[name] = _dated_table(cells, ws, ctx, inputs, name, column, fmt, row)
    row, councils = _councils(cells, ws, ctx, inputs, row)
    row = section(cells, ws, row, "Annual figures, worked out in this workbook")
    lines = _lines(ctx, inputs, at, tables, councils)
    grid = Grid(list(ctx.result.annual.index), lines, row)
    note = (
        "Every figure on this sheet is worked out here from the inputs above (blue on yellow), beside the "
        "planner's own figures; the checks below compare the two."
    )
    return Plan(grid, _figures(ctx, grid, councils), _checks(ctx, at, grid, councils), note)


def _dated_table(
    cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, name: str, column: str, fmt: str, row: int
) -> tuple[int, tuple[str, str] | None]:
    """A table of (year, value) rows; returns the next row and its (years, values) ranges, or None if empty."""
    table = ctx.spec.table(name)
    row = section(cells, ws, row, f"{table.label} (inputs)")
    row = headers(cells, ws, row, ("Row", "Year starting", table.column(column).label), right_from=2)
    rows = inputs.rows(name)
    first = row
    for i, r in enumerate(rows, start=1):
        cells.text(ws, row, 1, f"{table.label} {i} ({fy_label(int(r['year']))})", LABEL)
        cells.number(ws, row, 2, int(r["year"]), YEAR, INPUT)
        cells.number(ws, row, 3, float(np.ravel(r[column])[0]), fmt, INPUT)
        row += 1
    where = (f"$B${first}:$B${row - 1}", f"$C${first}:$C${row - 1}") if rows else None
    return row + 1, where


def _councils(cells: Cells, ws: Worksheet, ctx: RunContext, inputs: Inputs, row: int) -> tuple[int, dict]:
    table = ctx.spec.table("councils")
    row = section(cells, ws, row, f"{table.label} (inputs)")
    row = headers(cells, ws, row, [c.label for c in table.columns] + ["Share of people and cost"], right_from=2)
    rows, first = inputs.rows("councils"), row
    units = inputs.col("councils", "units_per_year")[0]
    weights = units / (units.sum() if units.sum() > 0 else 1.0)
    cells_of = {}
    for i, r in enumerate(rows):
        cells.text(ws, row, 1, r["name"], LABEL)
        for col, c in enumerate(table.columns[1:], start=2):
            cells.number(ws, row, col, float(np.ravel(r[c.name])[0]), GBP if c.unit == "£" else COUNT, INPUT)
        total = f"SUM($B${first}:$B${first + len(rows) - 1})"
        cells.formula(ws, row, 5, f"=IF({total}>0,$B${row}/{total},0)", float(weights[i]), PCT, HELPER)
        cells_of[r["name"]] = f"$E${row}"
        row += 1
    last = row - 1
    where = (
        {
            "weights": cells_of,
            "units": f"$B${first}:$B${last}",
            "hf": f"$C${first}:$C${last}",
            "other": f"$D${first}:$D${last}",
        }
        if rows
        else {"weights": {}}
    )
    return row + 1, where


def _lines(ctx: RunContext, inputs: Inputs, at: dict, tables: dict, councils: dict) -> list[Line]:
    ranges = {
        f"{name}_{part}": cells
        for name, where in tables.items()
        if where
        for part, cells in zip(("years", "values"), where)
    }
    rows = Rows(ctx, {**at, **ranges})
    return (
        _intake_lines(rows, inputs, tables)
        + _cost_lines(rows, tables)
        + _council_lines(rows, councils)
        + [_liability(rows, inputs)]
    )


def _sumif(tables: dict, name: str) -> str:
    """A dated table's value for the year (SUMIF over its rows), or 0 when it has none."""
    return f"SUMIF([{name}_years],{{year}},[{name}_values])" if tables[name] else "0"


def _cohorts(rows: Rows, inputs: Inputs) -> np.ndarray:
    """People housed in year s (row) still supported in year t (column): intake × retention^age
    while age < support years, as the workbook's cohort rows work it out."""
    t_ = np.arange(inputs.horizon)
    intake = rows.annual["intake"].to_numpy()
    age = t_[None, :] - t_[:, None]
    alive = (age >= 0) & (age < scalar(inputs, "support_years"))
    return np.where(alive, intake[:, None] * scalar(inputs, "retention_rate") ** np.maximum(age, 0), 0.0)


def _intake_lines(rows: Rows, inputs: Inputs, tables: dict) -> list[Line]:
    t_, horizon = np.arange(inputs.horizon), inputs.horizon
    cohorts = _cohorts(rows, inputs)

    retention, years = rows.at["retention_rate"], rows.at["support_years"]

    def cohort(s: int) -> Line:
        def formula(g: Grid, t: int) -> str | None:
            if t < s:
                return None
            age = f"({g.cell('t', t)}-{s})"
            return f"={g.cell('intake', s, absolute=True)}*{retention}^{age}*IF({age}<{years},1,0)"

        return rows.helper(
            f"cohort{s}",
            f"People housed in {rows.annual.index[s]} still supported",
            "people",
            formula,
            cohorts[s],
            COUNT,
        )

    return [
        Line("t", "Year index t (years from the first)", "", values=t_.astype(float), kind="helper", fmt=INTEGER),
        rows.year(inputs.start_year, inputs.horizon),
        rows.helper(
            "index",
            "Cost index (1 + cost inflation) ^ t",
            "factor",
            rows.f("=(1+[cost_inflation])^{t}"),
            (1.0 + scalar(inputs, "cost_inflation")) ** t_,
            "0.0000",
        ),
        rows.helper(
            "share",
            "Share of the annual target housed (intake table)",
            "%",
            rows.f("=" + _sumif(tables, "intake")),
            _by_year(inputs, "intake", "share"),
            PCT,
        ),
        rows.line("intake", "=[annual_target]*{share}"),
        *[cohort(s) for s in range(horizon)],
        rows.line("caseload", formula=lambda g, t: f"=SUM({g.down('cohort0', f'cohort{horizon - 1}', t)})"),
    ]


def _cost_lines(rows: Rows, tables: dict) -> list[Line]:
    return [
        rows.line("person_years", "={caseload}-{intake}+{intake}*[entry_year_fraction]"),
        rows.line("support_cost", "={person_years}*[support_cost_per_person_year]*{index}"),
        rows.line("other_cost", "=" + _sumif(tables, "other_costs") + "*{index}"),
        rows.line("total_cost", "={support_cost}+{other_cost}"),
        rows.line("grant", "=" + _sumif(tables, "tranches")),
        rows.line("cumulative_grant", formula=running("grant", "cumulative_grant")),
        rows.line("cumulative_cost", formula=running("total_cost", "cumulative_cost")),
        rows.line("funding_balance", "={cumulative_grant}-{cumulative_cost}"),
        rows.line("cost_avoided", "={person_years}*[cost_avoided_per_person_year]*{index}"),
    ]


def _council_lines(rows: Rows, councils: dict) -> list[Line]:
    """Each council's share of the caseload and the cost, each group with its sub-total."""
    out = []
    for prefix, whole in (("caseload", "caseload"), ("cost", "total_cost")):
        members = [f"{prefix}:{name}" for name in councils["weights"]]
        for name, weight in councils["weights"].items():
            # named first: mypy infers a lambda with default arguments (binding this weight and line) only so
            share = lambda g, t, w=weight, k=whole: f"={g.cell(k, t)}*{w}"  # noqa: E731
            out.append(rows.line(f"{prefix}:{name}", formula=share))
        if members:
            out.append(subtotal(rows.ctx.spec, prefix, members, rows.annual[members].to_numpy().T, False))
    return out


def _by_year(inputs: Inputs, table: str, column: str) -> np.ndarray:
    """A dated table summed into years, as the SUMIF formulas do."""
    out = np.zeros(inputs.horizon)
    for r in inputs.rows(table):
        out[int(r["year"]) - inputs.start_year] += float(np.ravel(r[column])[0])
    return out


def last_tranche(inputs: Inputs) -> int:
    return max(int(r["year"]) for r in inputs.rows("tranches")) - inputs.start_year


def _liability(rows: Rows, inputs: Inputs) -> Line:
    """Support cost, after the last tranche's year, of the people housed up to it."""
    last, t_ = last_tranche(inputs), np.arange(inputs.horizon)
    alive = _cohorts(rows, inputs)[: last + 1].sum(axis=0)
    index = (1.0 + scalar(inputs, "cost_inflation")) ** t_
    values = np.where(t_ > last, alive * scalar(inputs, "support_cost_per_person_year") * index, 0.0)
    cost = rows.at["support_cost_per_person_year"]

    def formula(g: Grid, t: int) -> str | None:
        if t <= last:
            return None
        return f"=SUM({g.down('cohort0', f'cohort{last}', t)})*{cost}*{g.cell('index', t)}"

    return Line(
        "liability",
        "Support cost after the last tranche, of people housed by then",
        "£",
        formula=formula,
        expected=values,
        total=True,
        kind="helper",
        fmt=GBP,
    )


def _figures(ctx: RunContext, grid: Grid, councils: dict) -> list[Figure]:
    total = grid.total_cell
    people, cost = total("intake"), total("total_cost")
    has = "units" in councils
    formulas = {
        "grant_total": f"={total('grant')}",
        "people_housed": f"={people}",
        "total_cost": f"={cost}",
        "peak_caseload": "=" + grid.extreme("MAX", "caseload"),
        "cost_per_person": f'=IF({people}>0,{cost}/{people},"")',
        "liability_beyond_grant": f"={total('liability')}",
        "largest_shortfall": f"=MAX(-{grid.extreme('MIN', 'funding_balance')},0)",
        "closing_balance": f"={grid.cell('funding_balance', len(grid.years) - 1)}",
        "council_allocation_total": f"=SUM({councils['hf']})+SUM({councils['other']})" if has else "=0",
        "council_units_total": f"=SUM({councils['units']})" if has else "=0",
        "cost_avoided_total": f"={total('cost_avoided')}",
        "net_public_benefit": f"={total('cost_avoided')}-{cost}",
    }
    return [
        Figure(k, ctx.spec.metric_info(k).label, ctx.spec.metric_info(k).kind, v, formulas.get(k))
        for k, v in ctx.result.summary.items()
    ]


def _checks(ctx: RunContext, at: dict, grid: Grid, councils: dict) -> list[LiveCheck]:
    verdict = {c.name: c.ok for c in ctx.result.checks}
    has = "units" in councils
    allocated = f"SUM({councils['hf']})+SUM({councils['other']})" if has else "0"
    units = f"SUM({councils['units']})" if has else "0"
    formulas = {
        "Tranches sum to the award": f'=IF(ABS({grid.total_cell("grant")}-{at["award"]})<0.005,"OK","FAIL")',
        "Council allocations sum to the award": f'=IF(ABS({allocated}-{at["award"]})<0.005,"OK","FAIL")',
        "Council units sum to the annual target": f'=IF(ABS({units}-{at["annual_target"]})<0.005,"OK","FAIL")',
        "Grant covers costs in every year": f'=IF({grid.extreme("MIN", "funding_balance")}<-0.005,"FAIL","OK")',
    }
    return [LiveCheck(name, formula, verdict[name], name) for name, formula in formulas.items() if name in verdict]
