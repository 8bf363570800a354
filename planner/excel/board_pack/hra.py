"""The Housing Revenue Account business plan, recomputed by the workbook from an inputs block on
its sheet (planner.excel.board_pack.hra_inputs): stock (planner.excel.board_pack.hra_lines), rents
under the Rent Standard (planner.excel.board_pack.hra_rents), new homes, Right to Buy receipts,
investment, the Major Repairs Reserve, the loan pool, borrowing and the balance
(planner.excel.board_pack.hra_funding). Every amount is a formula over the inputs; the Rent
Standard limit for each year is the rent limit table, and the statutory cap's years and the
Right to Buy limits are rows of the rulebook's values: law entered as data, with its citation.
The year of a table row, a loan's maturity, a component's archetype and the receipts' deadline
are read by the formulas; an archetype's tenure places its rent's formula when the pack is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from models.core.validation import validate
from models.hra.lawful import statutory_years
from planner.excel.board_pack import hra_funding as funding
from planner.excel.board_pack import hra_inputs as block
from planner.excel.board_pack import hra_lines as lines_
from planner.excel.board_pack import hra_rents as rents_
from planner.excel.board_pack.annual import Plan, RunContext
from planner.excel.board_pack.blocks import Figure, LiveCheck, section
from planner.excel.board_pack.formulas import Rows
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.styles import INTEGER, PCT

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.cells import Cells


def build(cells: Cells, ws: Worksheet, ctx: RunContext, row: int) -> Plan:
    x = validate(ctx.spec, ctx.run.inputs)
    row = section(cells, ws, row, "Inputs")
    top = row
    row, at = block.scalars(cells, ws, ctx, x, row)
    row, tables = _tables(cells, ws, ctx, x, at, row)
    at.update(tables)
    at.update(block.workings(cells, ws, x, at, top))
    row = section(cells, ws, row, "Annual figures, worked out in this workbook (its own steps: + in the margin)")
    lines = _lines(ctx, x, at)
    steps = [line for line in lines if line.kind == "helper"]
    grid = Grid(list(ctx.result.annual.index), [line for line in lines if line.kind != "helper"] + steps, row)
    _group(ws, grid, steps)
    note = (
        "Every figure on this sheet is worked out here from the inputs above (blue on yellow), beside the "
        "planner's own figures; the key figures and checks below compare the two."
    )
    return Plan(grid, _figures(ctx, x, at, grid), _checks(ctx, x, at, grid), note, 13)  # workings in M


def _group(ws: Worksheet, grid: Grid, steps: list[Line]) -> None:
    """The workbook's own steps, below the model's lines in each block of years, grouped and folded:
    the printed sheet shows the inputs and the model's lines; + in the margin opens the steps."""
    outline = ws.sheet_properties.outlinePr
    if outline is not None:  # openpyxl makes one with every sheet
        outline.summaryBelow = False  # the + sits on the row above the steps
    for line in steps:
        for start in grid.starts:
            dim = ws.row_dimensions[grid.row(line.key, start)]
            dim.outlineLevel, dim.hidden = 1, True


def _tables(cells: Cells, ws: Worksheet, ctx: RunContext, x: Inputs, at: dict, row: int) -> tuple[int, dict]:
    """Every table of the run, each with the helper columns its formulas need."""
    out: dict = {}
    start, horizon = at["start_year"], at["horizon"]
    specs = (
        ("archetypes", (("kept", "Share of rent collected", lambda r: f"=(1-G{r})*(1-H{r})", _kept, "0.0000"),)),
        ("rent_limit", (("limit", "Limit on the rise", _limit_formula, block.rent_limit_rate, "0.00%"),)),
        ("rent_path", ()),
        ("new_build", (("spend", "Years the cost is spread over", _spend_formula, _spend, INTEGER),)),
        (
            "components",
            (
                ("due", "First due (year index)", lambda r: f"=MAX(E{r}+D{r},{start})-{start}", _due(x), INTEGER),
                (
                    "homes",
                    "Archetype's homes at the start",
                    _arch_formula(out, "homes"),
                    _arch_value(x, "homes"),
                    "#,##0",
                ),
                (
                    "sales",
                    "Archetype's sales a year",
                    _arch_formula(out, "rtb_sales"),
                    _arch_value(x, "rtb_sales"),
                    "#,##0",
                ),
            ),
        ),
        (
            "works",
            (("years", "Years spread over", lambda r: f"=MIN(D{r}-{start}+1,{horizon})", _works_years(x), INTEGER),),
        ),
        ("loans", ()),
    )
    first, last = x.start_year, x.start_year + x.horizon - 1
    in_plan = {"rent_limit": lambda r: first <= r["year"] <= last}  # the law of other years changes nothing
    empty = []
    for name, helpers in specs:
        row, where = block.table(cells, ws, ctx, x, name, row, helpers, in_plan.get(name))
        out.update(where)
        if not any(where.values()):
            empty.append(ctx.spec.table(name).label.lower())
        elif name == "rent_limit":
            row = block.note(cells, ws, row - 1, "Law entered as data: " + ctx.source("rent_limit")) + 1
    if empty:
        row = block.note(cells, ws, row, "Tables with no rows in this run: " + ", ".join(empty) + ".") + 1
    return row, out


def _kept(r: dict) -> float:
    return (1.0 - float(np.ravel(r["void_rate"])[0])) * (1.0 - float(np.ravel(r["bad_debt_rate"])[0]))


def _limit_formula(r: int) -> str:
    rate = f"IF(ISNUMBER(B{r}),B{r}+C{r},C{r})"
    return f"=IF(ISNUMBER(D{r}),MIN({rate},D{r}),{rate})"


def _spend_formula(r: int) -> str:
    return f'=IF(G{r}="acquisition",1,F{r})'


def _spend(r: dict) -> float:
    return 1.0 if r["kind"] == "acquisition" else float(r["build_years"])


def _due(x: Inputs) -> Callable[[dict], float]:
    return lambda r: float(max(r["last_replaced"] + r["life"], x.start_year) - x.start_year)


def _arch_formula(out: dict, column: str) -> Callable[[int], str]:
    """A component's archetype looked up in the archetype table, written before it (0 for a blank
    archetype: every existing home, whose number is the year's old stock line)."""
    return lambda r: (
        f"=SUMIF({out['archetypes.name']},B{r},{out['archetypes.' + column]})" if out.get("archetypes.name") else "=0"
    )


def _arch_value(x: Inputs, key: str) -> Callable[[dict], float]:
    by = {a["name"]: float(np.ravel(a[key])[0]) for a in x.rows("archetypes")}
    return lambda r: by.get(r["archetype"], 0.0)


def _works_years(x: Inputs) -> Callable[[dict], float]:
    return lambda r: float(min(r["target_year"] - x.start_year + 1, x.horizon))


def _lines(ctx: RunContext, x: Inputs, at: dict) -> list[Line]:
    mk = Rows(ctx, {k: v for k, v in at.items() if v})  # an empty table has no ranges
    years = range(x.start_year, x.start_year + x.horizon)
    statutory = statutory_years(x).astype(float)
    law = Line(
        "statutory",
        "Statutory HRA cap in force (1): rule hra.statutory_cap, Localism Act 2011 s. 171, 2012-13 to 2018-19",
        "",
        values=statutory,
        kind="helper",
        fmt=INTEGER,
    )
    rules = [
        Line(
            f"law:{rule}",
            f"Law: {label} (rule {rule}; blank: none)",
            unit,
            values=x.rules.value(rule, years),
            kind="helper",
            fmt=fmt,
        )
        for rule, label, unit, fmt in (
            ("rtb.max_share_of_cost", "most of a home's cost receipts meet", "%", PCT),
            ("rtb.spend_years", "years to spend receipts", "years", INTEGER),
        )
    ]
    return (
        [law, *rules]
        + lines_.index_lines(mk, x, at)
        + lines_.new_home_lines(mk, x, at)
        + lines_.stock_lines(mk, x, at)
        + rents_.archetype_lines(mk, x, at)
        + rents_.rent_lines(mk, x, at)
        + lines_.cost_lines(mk)
        + funding.build_lines(mk, x, at)
        + funding.receipt_lines(mk, x)
        + funding.investment_lines(mk, x, at)
        + funding.financing_lines(mk, x, at)
    )


def _figures(ctx: RunContext, x: Inputs, at: dict, grid: Grid) -> list[Figure]:
    last = len(grid.years) - 1
    total, cell = grid.total_cell, grid.cell
    formulas = {
        "peak_debt": "=" + grid.extreme("MAX", "capped"),
        "final_debt": f"={cell('closing_debt', last)}",
        "lowest_balance": "=" + grid.extreme("MIN", "closing_balance"),
        "min_interest_cover": "=" + grid.extreme("MIN", "interest_cover"),
        "total_interest": f"={total('interest')}",
        "total_new_borrowing": f"={total('new_borrowing')}",
        "homes_built": f"={total('homes_built')}",
        "homes_sold": f"={total('homes_sold')}",
        "homes_replacing": f"={total('homes_replacing')}",
        "final_stock": f"={cell('closing_stock', last)}",
        "receipts_unspent": f"={cell('receipts_unspent', last)}",
        "receipts_returned": f"={total('receipts_returned')}",
        "within_limits": f'=IF(AND({_cap_ok(at, grid, None)},{_min_ok(at, grid)},{_icr_ok(at, grid)}),"Yes","No")',
    }
    if x.debt_cap is not None:
        formulas["min_headroom"] = "=" + grid.extreme("MIN", "headroom")
    return [
        Figure(k, ctx.spec.metric_info(k).label, ctx.spec.metric_info(k).kind, v, formulas.get(k))
        for k, v in ctx.result.summary.items()
    ]


def _each(grid: Grid, template: str, *keys: str) -> str:
    """SUMPRODUCT of a template over the lines' ranges, block by block ({0}, {1} … the lines)."""
    parts = zip(*(grid.ranges(k) for k in keys))
    return "+".join(f"SUMPRODUCT({template.format(*p)})" for p in parts)


def _cap_ok(at: dict, grid: Grid, statutory: bool | None) -> str:
    """No year over the cap (+ half a penny): all years, or those the statutory cap was or was not in force."""
    if statutory is None:
        over = _each(grid, "--({0}>" + at["debt_cap"] + "+0.005)", "capped")
    else:
        flag = "{1}" if statutory else "(1-{1})"
        over = _each(grid, "({0}>" + at["debt_cap"] + "+0.005)*" + flag, "capped", "statutory")
    return f"OR(NOT(ISNUMBER({at['debt_cap']})),{over}=0)"


def _min_ok(at: dict, grid: Grid) -> str:
    return f"{grid.extreme('MIN', 'closing_balance')}>={at['minimum_balance']}-0.005"


def _icr_ok(at: dict, grid: Grid) -> str:
    short = _each(grid, "({0}>0)*({1}<" + at["icr_threshold"] + "*{0})", "interest", "noi")
    return f"{short}=0"


def _ok(condition: str) -> str:
    return f'=IF({condition},"OK","FAIL")'


def _tie(grid: Grid, flows: str, keys: tuple, carried: tuple | None, tolerance: float = 0.01) -> str:
    """Flows identity in every year (SUMPRODUCT of its absolute gap), and each closing carried to
    the next opening."""
    gap = _each(grid, f"ABS({flows})", *keys)
    checks = [f"{gap}<{tolerance}"]
    if carried:
        closing, opening = carried
        steps = [f"ABS({grid.cell(opening, t)}-{grid.cell(closing, t - 1)})" for t in range(1, len(grid.years))]
        if steps:
            checks.append(f"MAX({','.join(steps)})<{tolerance}")
    return f"AND({','.join(checks)})"


def _checks(ctx: RunContext, x: Inputs, at: dict, grid: Grid) -> list[LiveCheck]:
    verdict = {c.name: c.ok for c in ctx.result.checks}
    lagged = ",".join(
        f"ABS({'0' if t == 0 else grid.cell('receipts_unspent', t - 1)}+{grid.cell('receipts_retained', t)}"
        f"-{grid.cell('receipts_used', t)}-{grid.cell('receipts_returned', t)}-{grid.cell('receipts_unspent', t)})"
        for t in range(len(grid.years))
    )
    debit = x.rules.value("hra.min_balance", range(x.start_year, x.start_year + x.horizon))
    formulas = {
        "Statutory debt cap": _ok(_cap_ok(at, grid, True)),
        "Debt cap": _ok(_cap_ok(at, grid, False)),
        "Minimum balance": _ok(_min_ok(at, grid)),
        "Interest cover": _ok(_icr_ok(at, grid)),
        "Debt tie-out": _ok(
            _tie(
                grid,
                "{0}+{1}-{2}-{3}",
                ("opening_debt", "new_borrowing", "debt_repaid", "closing_debt"),
                ("closing_debt", "opening_debt"),
            )
        ),
        "Balance tie-out": _ok(
            _tie(
                grid,
                "{0}+{1}-{2}-{3}-{4}",
                ("opening_balance", "surplus", "balance_used", "debt_repaid", "closing_balance"),
                ("closing_balance", "opening_balance"),
            )
        ),
        "Stock tie-out": _ok(
            _tie(
                grid,
                "{0}+{1}-{2}-{3}",
                ("opening_stock", "homes_built", "homes_sold", "closing_stock"),
                ("closing_stock", "opening_stock"),
                1e-6,
            )
        ),
        "Funding tie-out": _ok(
            _tie(
                grid,
                "{0}+{1}+{2}+{3}+{4}-{5}-{6}",
                ("grant", "receipts_used", "mrr_used", "balance_used", "new_borrowing", "new_build_cost", "investment"),
                None,
            )
        ),
        "Reserve tie-out": _ok(
            _tie(
                grid,
                "{0}+{1}-{2}-{3}",
                ("opening_mrr", "mrr_credit", "mrr_used", "closing_mrr"),
                ("closing_mrr", "opening_mrr"),
            )
        ),
        "Receipts tie-out": _ok(f"MAX({lagged})<0.01"),
    }
    share, window = (grid.ranges(f"law:rtb.{k}") for k in ("max_share_of_cost", "spend_years"))
    formulas["Right to Buy receipts' share"] = _ok(
        "+".join(f"SUMPRODUCT(ISNUMBER({r})*({at['rtb_max_share_of_cost']}>{r}+1E-9))" for r in share) + "=0"
    )
    years = at["rtb_spend_years"]  # none: no deadline, over any the law sets
    over = "+".join(f"SUMPRODUCT(ISNUMBER({r})*({years}>{r}))" for r in window)
    ruled = "+".join(f"SUMPRODUCT(--ISNUMBER({r}))" for r in window)
    formulas["Right to Buy spend window"] = _ok(f"IF(ISNUMBER({years}),{over},{ruled})=0")
    if np.all(np.nan_to_num(debit) == 0.0):  # s. 76: nil in every year of the plan
        formulas["HRA in debit"] = _ok(f"{grid.extreme('MIN', 'closing_balance')}>=-0.005")
    if x.rows("archetypes"):
        formulas["Rent Standard"] = _ok(f"{grid.extreme('MAX', 'over')}<=0.005")
    return [LiveCheck(name, formula, verdict[name], name) for name, formula in formulas.items() if name in verdict]
