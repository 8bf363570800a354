"""Land value capture, recomputed by the workbook from an inputs block on its sheet.

The sites table works out each site's uplift, what is captured and its part a year; each year's
site receipts are the parts of the sites building out that year (a SUMPRODUCT over the table on
each site's first year and build-out), indexed. Retained rates follow the occupied floorspace
(the cumulative SUMIF of the floorspace table) through the bills to the growth kept inside the
retention period; the tariff is the chargeable floorspace at the indexed rate after reliefs, less
a CIL's neighbourhood portion and administration (the Regulations' figures as rows by year).
Their total repays the supportable borrowing year by year. The real-terms appraisal is on the
Appraisal sheet; its figures are shown here as the planner's. Every other amount is a formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.core.validation import validate
from models.land_value import retention, tariff
from models.land_value.tariff import CIL_PLAN, SIT
from planner.excel.board_pack.annual import Plan, RunContext
from planner.excel.board_pack.blocks import (
    LIVE_NOTE,
    Figure,
    LiveCheck,
    check_label,
    every_line_agrees,
    inputs_block,
    line_agreement,
    section,
)
from planner.excel.board_pack.formulas import Rows, scalar
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.land_value_inputs import CIL_ONLY, SCALARS, T, rule_lines, tables
from planner.excel.board_pack.land_value_loan import loan_lines
from planner.excel.board_pack.styles import GBP, INPUT, INTEGER, LABEL, TOTAL

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from models.core.validation import Inputs
    from planner.excel.board_pack.cells import Cells


def build(cells: Cells, ws: Worksheet, ctx: RunContext, row: int) -> Plan:
    inputs = validate(ctx.spec, ctx.run.inputs)
    cil = inputs.tariff_kind != SIT and bool(inputs.rows("tariff_floorspace"))
    row = section(cells, ws, row, "Inputs")
    items = [ctx.input_item(n, scalar(inputs, n)) for n in SCALARS if n not in CIL_ONLY or cil]
    row, at = inputs_block(cells, ws, row, items)
    if cil:  # a choice is text: the inputs block writes numbers
        cells.text(ws, int(at["tariff_kind"][3:]), 3, inputs.tariff_kind, INPUT)
    row, ranges = tables(cells, ws, ctx, inputs, at, row)
    row = section(cells, ws, row, "Financing worked out from the annual table below")
    fin, where = f"$C${row}", {**at, **ranges}
    grid = Grid(list(ctx.result.annual.index), _lines(ctx, inputs, where, fin, cil), row + 3)
    cells.text(ws, row, 1, "Supportable borrowing: PV of total receipts ÷ cover over the loan term", LABEL)
    cells.text(ws, row, 2, "£", LABEL)
    formula = f"=MAX(0,({grid.sumproduct('total_receipts', 'term_df')})/{at['cover_ratio']})"
    cells.formula(ws, row, 3, formula, ctx.result.summary["supportable_borrowing"], GBP, TOTAL)
    section(cells, ws, row + 2, "Annual figures, worked out in this workbook")
    last_col, statuses = line_agreement(cells, ws, grid)
    beyond = Rows(ctx, where).f(_beyond(where))(grid, 0)
    checks = _checks(ctx, at, ranges, grid, beyond, cil) + [every_line_agrees(statuses)]
    return Plan(grid, _figures(ctx, grid, where, fin, beyond), checks, LIVE_NOTE, last_col)


def _lines(ctx: RunContext, inputs: Inputs, at: dict, fin: str, cil: bool) -> list[Line]:
    mk = Rows(ctx, at)
    return _timeline(mk, inputs) + _rates(mk, inputs) + _tariff(mk, inputs, cil) + loan_lines(mk, inputs, fin)


def _sumif(at: dict, table: str, column: str) -> str:
    """A dated table's amount for the year, or 0 when the table is empty."""
    years = at.get(f"{table}.year")
    return f"SUMIF({years},{{year}},{at[f'{table}.{column}']})" if years else "0"


def _timeline(mk: Rows, inputs: Inputs) -> list[Line]:
    """The year index and year, and the site receipts from the sites table."""
    building = "([sites.first_year]<={year})*([sites.first_year]+[sites.build_out_years]>{year})"
    has_sites = "sites.first_year" in mk.at
    site = "=SUMPRODUCT(" + building + "*[sites.captured_a_year])*(1+[land_value_growth])^" + T if has_sites else "=0"
    uplift = "=SUMPRODUCT(" + building + "*[sites.uplift_a_year])" if has_sites else "=0"
    return [
        mk.year(inputs.start_year, inputs.horizon),
        mk.line("site_receipts", site),
        mk.line("land_value_uplift", uplift),
    ]


def _multiplier(mk: Rows, inputs: Inputs) -> tuple[list[Line], str]:
    """Rows for the multiplier by year and the revaluation factor, where those tables are used."""
    multiplier = "[rates_multiplier]"
    out: list[Line] = []
    if "multiplier_path.year" in mk.at:
        path = np.full(inputs.horizon, scalar(inputs, "rates_multiplier"))
        for r in sorted(inputs.rows("multiplier_path"), key=lambda r: r["year"]):
            path[max(r["year"] - inputs.start_year, 0) :] = float(np.ravel(r["multiplier"])[0])
        out.append(
            mk.helper(
                "multiplier",
                "Multiplier in the year (the path's latest row, else the multiplier above)",
                "fraction of RV",
                mk.f("=IFERROR(LOOKUP({year},[multiplier_path.year],[multiplier_path.multiplier]),[rates_multiplier])"),
                path,
                "0.0000",
            )
        )
        multiplier = "{multiplier}"
    if "rates_revaluations.year" in mk.at:
        factor = np.ones(inputs.horizon)
        for r in inputs.rows("rates_revaluations"):  # each compounds from its year, as models.land_value.bills
            factor[max(r["year"] - inputs.start_year, 0) :] *= float(np.ravel(r["rv_factor"])[0])
        out.append(
            mk.helper(
                "rv_factor",
                "RV factor from the revaluations to date",
                "×",
                mk.f("=EXP(SUMPRODUCT(([rates_revaluations.year]<={year})*LN([rates_revaluations.rv_factor])))"),
                factor,
                "0.0000",
            )
        )
        multiplier += "*{rv_factor}"
    return out, multiplier


def _rates(mk: Rows, inputs: Inputs) -> list[Line]:
    """Floorspace to retained and additional rates."""
    first = "IF(ISNUMBER([retention_start_year]),[retention_start_year],[start_year])"
    within, _ = retention.retention_window(inputs)
    steps, multiplier = _multiplier(mk, inputs)
    bill = (
        "{occupied_floorspace}*[rv_per_m2]*(1+[rv_growth])^" + T + "*" + multiplier + "*(1-[rates_relief_share])"
        "*[rates_collection_rate]*(1-[appeals_provision])-[baseline_rates]"
    )
    to_date = 'SUMIF([floorspace.year],"<="&{year},[floorspace.m2])' if "floorspace.year" in mk.at else "0"
    return [
        mk.line("occupied_floorspace", f"={to_date}*[occupancy]"),
        mk.helper(
            "in_retention",
            "Inside the retention period (1) or not (0)",
            "",
            mk.f(f"=IF(AND({{year}}>={first},{{year}}<{first}+[retention_years]),1,0)"),
            within[0].astype(float),
            INTEGER,
        ),
        *steps,
        mk.line("retained_rates", "={in_retention}*[retention_share]*MAX(" + bill + ",0)"),
        mk.line("additional_rates", "={retained_rates}*(1-[deadweight])*(1-[displacement])*(1-[leakage])"),
    ]


def _tariff(mk: Rows, inputs: Inputs, cil: bool) -> list[Line]:
    """The tariff collected and, for a CIL, the neighbourhood portion and administration kept back."""
    collected = (
        _sumif(mk.at, "tariff_floorspace", "m2") + "*[tariff_per_m2]*(1-[relief_share])*(1+[tariff_indexation])^" + T
    )
    if not cil:  # all of a Strategic Infrastructure Tariff is kept
        return [mk.line("tariff_receipts", "=" + collected)]
    gross = tariff.collected(inputs)[0]
    portion = (
        f'=IF([tariff_kind]="{CIL_PLAN}",{{collected}}*{{share_with_plan}},'
        "MIN({collected}*{share_no_plan},IF(ISNUMBER([parish_dwellings]),[parish_dwellings]*{cap},"
        "{collected}*{share_no_plan})))"
    )
    admin = "={collected}*IF(ISNUMBER([cil_admin_share]),[cil_admin_share],{admin_allowed})"
    return [
        mk.helper("collected", "Tariff collected after reliefs, indexed", "£", mk.f("=" + collected), gross, GBP),
        *rule_lines(inputs),
        mk.helper(
            "neighbourhood",
            "Neighbourhood portion passed to the parish (reg. 59A)",
            "£",
            mk.f(portion),
            tariff.neighbourhood(inputs, gross[None, :])[0],
            GBP,
        ),
        mk.helper(
            "admin",
            "Kept for administration (reg. 61): as entered, else the most allowed",
            "£",
            mk.f(admin),
            gross * tariff.admin_share(inputs)[0],
            GBP,
        ),
        mk.line("tariff_receipts", "={collected}-{neighbourhood}-{admin}"),
    ]


def _beyond(at: dict) -> str:
    """Years of retention past the horizon (none when no floorspace is delivered), as a template."""
    first = "IF(ISNUMBER([retention_start_year]),[retention_start_year],[start_year])"
    delivered = "SUM([floorspace.m2])" if "floorspace.m2" in at else "0"
    return f"=IF({delivered}>0,MAX({first}-[start_year]+[retention_years]-[horizon],0),0)"


def _repaid(grid: Grid, fin: str, start: str) -> str:
    """The year the loan is repaid: the balance, once repaid, stays nil (receipts are never negative),
    so the years before it are those with a balance left."""
    left = "+".join(f"SUMPRODUCT(({r}>0.005)*1)" for r in grid.ranges("loan_balance"))
    year = f"({start}+{left})"
    label = f'{year}&"-"&RIGHT({year}+1,2)'
    return f'=IF(AND({fin}>0,{left}<{len(grid.years)}),{label},"never")'


def _figures(ctx: RunContext, grid: Grid, ranges: dict, fin: str, beyond: str) -> list[Figure]:
    total = grid.total_cell
    captured, uplift = ranges.get("sites.captured"), ranges.get("sites.uplift")
    formulas = {
        "total_receipts": f"={total('total_receipts')}",
        "site_receipts": f"={total('site_receipts')}",
        "retained_rates": f"={total('retained_rates')}",
        "tariff_receipts": f"={total('tariff_receipts')}",
        "pv_receipts": "=" + grid.sumproduct("total_receipts", "cash_df"),
        "supportable_borrowing": f"={fin}",
        "repayment_year": _repaid(grid, fin, ranges["start_year"]),
        "additional_rates_total": f"={total('additional_rates')}",
        "captured_uplift": f"=SUM({captured})" if captured else "=0",
        "sites_without_uplift": f'=COUNTIF({uplift},"<=0")' if uplift else "=0",
        "retention_years_beyond": beyond,
    }
    return [
        Figure(k, ctx.spec.metric_info(k).label, ctx.spec.metric_info(k).kind, v, formulas.get(k))
        for k, v in ctx.result.summary.items()
    ]


def _checks(ctx: RunContext, at: dict, ranges: dict, grid: Grid, beyond: str, cil: bool) -> list[LiveCheck]:
    verdict = {c.name: c.ok for c in ctx.result.checks}
    parts = "+".join(grid.total_cell(k) for k in ("site_receipts", "retained_rates", "tariff_receipts"))
    formulas = {
        "mechanisms_sum_to_total": f'=IF(ABS({parts}-{grid.total_cell("total_receipts")})<=0.01,"OK","FAIL")',
        "retention_past_horizon": f'=IF({beyond[1:]}=0,"OK","FAIL")',
    }
    if "sites.uplift" in ranges:
        formulas["sites_without_uplift"] = f'=IF(COUNTIF({ranges["sites.uplift"]},"<=0")=0,"OK","FAIL")'
        formulas["build_out_past_horizon"] = f'=IF(SUM({ranges["sites.beyond"]})<=0,"OK","FAIL")'
    if cil:
        allowed, share = grid.extreme("MIN", "admin_allowed"), at["cil_admin_share"]
        formulas["cil_admin_share"] = f'=IF(ISNUMBER({share}),IF({share}<={allowed}+1E-12,"OK","FAIL"),"OK")'
    return [
        LiveCheck(name, formula, verdict[name], check_label(ctx.spec, name))
        for name, formula in formulas.items()
        if name in verdict
    ]
