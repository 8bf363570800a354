"""The HRA sheet's annual lines from the year's indices to net operating income: stock, rents (by
archetype under the Rent Standard limit, or one rent on the rent path), voids and bad debts,
service charges and other income, and the running costs. Formulas as in docs/models/hra.md;
the planner's figures for each helper step come from the same functions models.hra uses.

A table's rows enter a year's formula through SUMPRODUCT over the table's columns: the homes an
archetype holds at the start of year t are ((homes − sales × t) > 0) × (homes − sales × t).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.hra import rents
from planner.excel.board_pack.formulas import Rows, running
from planner.excel.board_pack.grid import Line
from planner.excel.board_pack.styles import COUNT, GBP, INTEGER, PCT

if TYPE_CHECKING:
    from models.core.validation import Inputs

FACTOR4 = "0.0000"


def held(t: str, at: dict) -> str:
    """The homes each archetype holds at the start of year index `t` (an array over the table)."""
    h, s = at["archetypes.homes"], at["archetypes.rtb_sales"]
    return f"(({h}-{s}*{t})>0)*({h}-{s}*{t})"


def average(at: dict) -> str:
    """Each archetype's average homes in the year: the mean of its opening and closing homes."""
    return f"({held('{t}', at)}+{held('({t}+1)', at)})/2"


def path_rate(at: dict) -> str:
    """The rent path's change for the year, else the annual rent change."""
    if not at.get("rent_path.year"):
        return "[rent_change]"
    y, r = at["rent_path.year"], at["rent_path.rate"]
    return f"IF(COUNTIF({y},{{year}})>0,SUMIF({y},{{year}},{r}),[rent_change])"


def index_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """Year index, year, cost index, rent index, the Rent Standard limit and each year's rent growth."""
    horizon = x.horizon
    t_ = np.arange(horizon)
    change = np.full(horizon, float(np.ravel(x.rent_change)[0]))
    for r in x.rows("rent_path"):
        change[r["year"] - x.start_year] = float(np.ravel(r["rate"])[0])
    change[0] = 0.0
    rates, conv = rents.limits(x, horizon)
    lim = np.array([0.0 if r is None else float(np.ravel(r)[0]) for r in rates])
    has = np.array([r is not None for r in rates], dtype=float)
    grow = np.array([float(np.ravel(g)[0]) for g in rents.growth(x, horizon)]) - 1.0
    path = path_rate(at)
    limited = bool(at.get("rent_limit.year"))
    ly, lr, lc = at.get("rent_limit.year"), at.get("rent_limit.limit"), at.get("rent_limit.convergence")
    lines = [
        Line("t", "Year index t (years from the first)", "", values=t_.astype(float), kind="helper", fmt=INTEGER),
        mk.year(x.start_year, x.horizon),
        mk.helper(
            "cidx",
            "Cost index (1 + cost inflation) ^ t",
            "factor",
            mk.f("=(1+[cost_inflation])^{t}"),
            (1.0 + float(np.ravel(x.cost_inflation)[0])) ** t_,
            FACTOR4,
        ),
        mk.helper(
            "ridx",
            "Rent index: the rent path's changes since the first year",
            "factor",
            lambda g, t: "=1" if t == 0 else mk.f(f"={g.cell('ridx', t - 1)}*(1+{path})")(g, t),
            np.cumprod(1.0 + change),
            FACTOR4,
        ),
        mk.helper(
            "has_limit",
            "Rent Standard limit in force (1) or not (0)",
            "",
            mk.f(f"=IF(COUNTIF({ly},{{year}})>0,1,0)" if limited else "=0"),
            has,
            INTEGER,
        ),
        mk.helper(
            "lim",
            "Rent Standard limit on the year's rise",
            "%",
            mk.f(f"=SUMIF({ly},{{year}},{lr})" if limited else "=0"),
            lim,
            PCT,
        ),
        mk.helper(
            "conv",
            "Social Rent convergence allowance",
            "£ a week",
            mk.f(f"=SUMIF({ly},{{year}},{lc})" if limited else "=0"),
            np.array([float(np.ravel(c)[0]) for c in conv]),
            GBP,
        ),
    ]
    if x.rows("archetypes"):
        lines.append(
            mk.helper(
                "grow",
                "Archetype rent growth (the limit where rents follow it, else the rent path)",
                "%",
                mk.f(f'=IF(AND([rents_follow]="rent limit",{{has_limit}}>0),{{lim}},{path})'),
                grow,
                PCT,
            )
        )
    return lines


def stock_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """Existing homes, then the stock lines (new homes from the new-build block)."""
    annual = mk.annual
    if x.rows("archetypes"):
        old = rents.old_stock(x, x.horizon)[:, 0]
        opening, closing = f"=SUMPRODUCT({held('{t}', at)})", f"=SUMPRODUCT({held('({t}+1)', at)})"
    else:
        stock, sales = float(np.ravel(x.opening_stock)[0]), float(np.ravel(x.rtb_sales)[0])
        old = np.maximum(stock - sales * np.arange(x.horizon + 1.0), 0.0)
        opening, closing = "=MAX([opening_stock]-[rtb_sales]*{t},0)", "=MAX([opening_stock]-[rtb_sales]*({t}+1),0)"
    avg = (annual["opening_stock"] + annual["closing_stock"]).to_numpy() / 2
    return [
        mk.helper(
            "old_open", "Existing homes still held at the start of the year", "homes", mk.f(opening), old[:-1], COUNT
        ),
        mk.helper(
            "old_close", "Existing homes still held at the end of the year", "homes", mk.f(closing), old[1:], COUNT
        ),
        mk.line(
            "opening_stock",
            formula=lambda g, t: f"={g.cell('old_open', t)}" if t == 0 else f"={g.cell('closing_stock', t - 1)}",
        ),
        mk.line("homes_sold", "={old_open}-{old_close}"),
        mk.line(
            "homes_built",
            "=" + nb_sum(at, "{year}=[new_build.year]", "[new_build.units]") + "+[extra_units_per_year]*{in_extra}",
        ),
        mk.line(
            "homes_replacing",
            "="
            + nb_sum(at, "{year}=[new_build.year]", "[new_build.units]*[new_build.replacement]")
            + "+[extra_units_per_year]*{in_extra}",
        ),
        mk.line("closing_stock", "={opening_stock}-{homes_sold}+{homes_built}"),
        mk.helper(
            "avg",
            "Average homes in the year (opening and closing)",
            "homes",
            mk.f("=({opening_stock}+{closing_stock})/2"),
            avg,
            COUNT,
        ),
    ]


def nb_sum(at: dict, when: str, what: str) -> str:
    """Σ over the new-build rows of `what` where `when` holds (0 with no rows)."""
    if not at.get("new_build.year"):
        return "0"
    return f"SUMPRODUCT(({when})*{what})"


def new_home_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """The weekly rent roll of new homes completed in the year, and of all completed so far."""
    horizon, start = x.horizon, x.start_year
    let = np.zeros(horizon)
    for r in x.rows("new_build"):
        let[r["year"] - start] += float(np.ravel(r["units"])[0]) * float(np.ravel(r["weekly_rent"])[0])
    let += _extra(x) * float(np.ravel(x.extra_units_per_year)[0]) * float(np.ravel(x.extra_weekly_rent)[0])
    return [
        mk.helper(
            "in_extra",
            "A year of extra homes (1) or not (0)",
            "",
            mk.f("=IF(AND({t}>=[extra_first],{t}<[extra_stop]),1,0)"),
            _extra(x),
            INTEGER,
        ),
        mk.helper(
            "let",
            "Weekly rent of the new homes completed in the year (first-year prices)",
            "£ a week",
            mk.f(
                "="
                + nb_sum(at, "{year}=[new_build.year]", "[new_build.units]*[new_build.weekly_rent]")
                + "+[extra_units_per_year]*[extra_weekly_rent]*{in_extra}"
            ),
            let,
            GBP,
        ),
        mk.helper(
            "let_cum",
            "Weekly rent of all new homes completed so far",
            "£ a week",
            running("let", "let_cum"),
            np.cumsum(let),
            GBP,
        ),
    ]


def _extra(x: Inputs) -> np.ndarray:
    first = 0 if x.extra_first_year is None else x.extra_first_year - x.start_year
    stop = x.horizon if x.extra_years is None else min(first + x.extra_years, x.horizon)
    t_ = np.arange(x.horizon)
    return ((t_ >= first) & (t_ < stop)).astype(float)


def cost_lines(mk: Rows) -> list[Line]:
    return [
        mk.line("management", "=[management_per_unit]*{cidx}*{avg}"),
        mk.line("repairs", "=[repairs_per_unit]*{cidx}*{avg}"),
        mk.line("major_repairs", "=[major_repairs_per_unit]*{cidx}*{avg}"),
        mk.line("noi", "={net_rent}+{other_income}-{management}-{repairs}-{major_repairs}"),
    ]
