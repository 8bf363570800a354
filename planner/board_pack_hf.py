"""The Housing First profile, recomputed by the workbook from an inputs block on its sheet.

Intake is the annual target times the year's share (SUMIF over the intake table); each year's
cohort is followed down its own row (retention ** age while age < support_years); the caseload
is the sum of the cohorts; person-years count the year housed at entry_year_fraction; support
and other costs are indexed; the grant comes from the tranches table; the cumulative balance is
grant less cost; each council takes its share of units. Every amount is a formula.
"""
from __future__ import annotations

import numpy as np

from models.timeline import fy_label
from models.validation import validate
from planner.board_pack_annual import Plan, RunContext, subtotal
from planner.board_pack_blocks import Figure, LiveCheck, headers, inputs_block, section
from planner.board_pack_brs import scalar
from planner.board_pack_grid import Grid, Line
from planner.board_pack_styles import COUNT, GBP, HELPER, INPUT, INTEGER, LABEL, PCT, YEAR

SCALARS = ("start_year", "horizon", "award", "annual_target", "support_cost_per_person_year", "entry_year_fraction",
           "support_years", "retention_rate", "cost_inflation", "cost_avoided_per_person_year")
TABLES = (("tranches", "amount", GBP), ("intake", "share", PCT), ("other_costs", "amount", GBP))


def build(cells, ws, ctx: RunContext, row: int) -> Plan:
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
    note = ("Every figure on this sheet is worked out here from the inputs above (blue on yellow), beside the "
            "planner's own figures; the checks below compare the two.")
    return Plan(grid, _figures(ctx, grid, councils), _checks(ctx, at, grid, councils), note)


def _dated_table(cells, ws, ctx, inputs, name: str, column: str, fmt: str, row: int):
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


def _councils(cells, ws, ctx, inputs, row: int):
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
    where = {"weights": cells_of, "units": f"$B${first}:$B${last}", "hf": f"$C${first}:$C${last}",
             "other": f"$D${first}:$D${last}"} if rows else {"weights": {}}
    return row + 1, where


def _lines(ctx: RunContext, inputs, at: dict, tables: dict, councils: dict) -> list[Line]:
    a, horizon = ctx.result.annual, inputs.horizon
    t_ = np.arange(horizon)
    intake = a["intake"].to_numpy()
    retention, years_supported = scalar(inputs, "retention_rate"), scalar(inputs, "support_years")
    inflation = (1.0 + scalar(inputs, "cost_inflation")) ** t_

    def line(key: str, formula) -> Line:
        info = ctx.spec.line_info(key)
        return Line(key, info.label, info.unit, formula=formula, expected=a[key].to_numpy(), total=info.total)

    def helper(key, label, unit, formula, values, fmt) -> Line:
        return Line(key, label, unit, formula=formula, expected=np.asarray(values, float), kind="helper", fmt=fmt)

    def sumif(name: str, g: Grid, t: int) -> str:
        where = tables[name]
        return f"SUMIF({where[0]},{g.cell('year', t)},{where[1]})" if where else "0"

    def cohort(s: int):
        def formula(g: Grid, t: int) -> str | None:
            if t < s:
                return None
            age = f"({g.cell('t', t)}-{s})"
            return (f"={g.cell('intake', s, absolute=True)}*{at['retention_rate']}^{age}"
                    f"*IF({age}<{at['support_years']},1,0)")
        values = np.where(t_ >= s, intake[s] * retention ** np.maximum(t_ - s, 0) * ((t_ - s) < years_supported), 0.0)
        return helper(f"cohort{s}", f"People housed in {a.index[s]} still supported", "people", formula, values,
                      COUNT)

    last_cohort = f"cohort{horizon - 1}"
    out = [
        Line("t", "Year index t (years from the first)", "", values=t_.astype(float), kind="helper", fmt=INTEGER),
        helper("year", "Financial year starting (calendar year)", "year",
               lambda g, t: f"={at['start_year']}+{g.cell('t', t)}", inputs.start_year + t_, YEAR),
        helper("index", "Cost index (1 + cost inflation) ^ t", "factor",
               lambda g, t: f"=(1+{at['cost_inflation']})^{g.cell('t', t)}", inflation, "0.0000"),
        helper("share", "Share of the annual target housed (intake table)", "%",
               lambda g, t: "=" + sumif("intake", g, t), _by_year(inputs, "intake", "share"), PCT),
        line("intake", lambda g, t: f"={at['annual_target']}*{g.cell('share', t)}"),
        *[cohort(s) for s in range(horizon)],
        line("caseload", lambda g, t: f"=SUM({g.down('cohort0', last_cohort, t)})"),
        line("person_years", lambda g, t: f"={g.cell('caseload', t)}-{g.cell('intake', t)}"
                                          f"+{g.cell('intake', t)}*{at['entry_year_fraction']}"),
        line("support_cost", lambda g, t: f"={g.cell('person_years', t)}*{at['support_cost_per_person_year']}"
                                          f"*{g.cell('index', t)}"),
        line("other_cost", lambda g, t: f"={sumif('other_costs', g, t)}*{g.cell('index', t)}"),
        line("total_cost", lambda g, t: f"={g.cell('support_cost', t)}+{g.cell('other_cost', t)}"),
        line("grant", lambda g, t: "=" + sumif("tranches", g, t)),
        line("cumulative_grant", _running("grant", "cumulative_grant")),
        line("cumulative_cost", _running("total_cost", "cumulative_cost")),
        line("funding_balance", lambda g, t: f"={g.cell('cumulative_grant', t)}-{g.cell('cumulative_cost', t)}"),
        line("cost_avoided", lambda g, t: f"={g.cell('person_years', t)}*{at['cost_avoided_per_person_year']}"
                                          f"*{g.cell('index', t)}"),
    ]
    for prefix, whole in (("caseload", "caseload"), ("cost", "total_cost")):
        members = [f"{prefix}:{name}" for name in councils["weights"]]
        for name, weight in councils["weights"].items():
            out.append(line(f"{prefix}:{name}", lambda g, t, w=weight, k=whole: f"={g.cell(k, t)}*{w}"))
        if members:
            out.append(subtotal(ctx.spec, prefix, members, a[members].to_numpy().T, False))
    out.append(_liability(ctx, inputs, at, intake, retention, years_supported, inflation))
    return out


def _by_year(inputs, table: str, column: str) -> np.ndarray:
    """A dated table summed into years, as the SUMIF formulas do."""
    out = np.zeros(inputs.horizon)
    for r in inputs.rows(table):
        out[int(r["year"]) - inputs.start_year] += float(np.ravel(r[column])[0])
    return out


def _running(flow: str, key: str):
    return lambda g, t: f"={g.cell(flow, t)}" if t == 0 else f"={g.cell(key, t - 1)}+{g.cell(flow, t)}"


def last_tranche(inputs) -> int:
    return max(int(r["year"]) for r in inputs.rows("tranches")) - inputs.start_year


def _liability(ctx, inputs, at: dict, intake, retention, years_supported, inflation) -> Line:
    """Support cost, after the last tranche's year, of the people housed up to it."""
    last, horizon = last_tranche(inputs), inputs.horizon
    t_ = np.arange(horizon)
    cost = scalar(inputs, "support_cost_per_person_year")
    alive = sum(np.where(t_ >= s, intake[s] * retention ** np.maximum(t_ - s, 0) * ((t_ - s) < years_supported), 0.0)
                for s in range(min(last + 1, horizon)))
    values = np.where(t_ > last, alive * cost * inflation, 0.0)

    def formula(g: Grid, t: int) -> str | None:
        if t <= last:
            return None
        return (f"=SUM({g.down('cohort0', f'cohort{last}', t)})*{at['support_cost_per_person_year']}"
                f"*{g.cell('index', t)}")

    return Line("liability", "Support cost after the last tranche, of people housed by then", "£",
                formula=formula, expected=values, total=True, kind="helper", fmt=GBP)


def _figures(ctx: RunContext, grid: Grid, councils: dict) -> list[Figure]:
    total = grid.total_cell
    people, cost = total("intake"), total("total_cost")
    has = "units" in councils
    formulas = {
        "grant_total": f"={total('grant')}", "people_housed": f"={people}", "total_cost": f"={cost}",
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
    return [Figure(k, ctx.spec.metric_info(k).label, ctx.spec.metric_info(k).kind, v, formulas.get(k))
            for k, v in ctx.result.summary.items()]


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
