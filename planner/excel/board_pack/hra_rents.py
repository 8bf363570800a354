"""The HRA sheet's rent lines: each archetype's rent under the Rent Standard limit (its formula
rent and the most the limit allows), then the gross and net rent debit, other income (with
service charges) and the average rents; or, with no archetype table, one rent on the rent path.
Formulas as in docs/models/hra.md and models.hra.rents, whose functions give the planner's
figures for each helper step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from models.hra import rents
from models.hra.rents import rent_paths  # the archetypes' rents, year by year, as the engine works them
from planner.excel.board_pack.formulas import Rows
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.hra_lines import average, held
from planner.excel.board_pack.styles import GBP

if TYPE_CHECKING:
    from models.core.validation import Inputs

Formula = Callable[[Grid, int], str]


def archetype_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """Each archetype's rent, formula rent and the most the limit allows, £ a week (one row each).

    Tenure places the formula: Social Rent converges on formula rent; Affordable Rent is held to
    80% of market rent and the LHA less the service charge; shared ownership follows the growth."""
    table = x.rows("archetypes")
    if not table:
        return []
    rent_, formula_, most_ = paths(x)
    first = int(at["archetypes.homes"].split(":")[0].split("$")[-1])  # the table's first row
    out: list[Line] = []
    for a, r in enumerate(table):
        out.append(_rent(mk, a, r, first + a, rent_[:, a]))
    for a, r in enumerate(table):
        cell = f"$E${first + a}"
        f = _formula_rent(a, cell)
        out.append(mk.helper(f"frent:{a}", f"Formula rent: {r['name']}", "£ a week", f, formula_[:, a], GBP))
    for a, r in enumerate(table):
        out.append(
            mk.helper(
                f"most:{a}", f"Most rent the limit allows: {r['name']}", "£ a week", _most(a, r), most_[:, a], GBP
            )
        )
    return out


def _formula_rent(a: int, cell: str) -> Formula:
    """F_t = F_t-1 × (1 + the limit where one is in force, else the rent growth)."""

    def formula(g: Grid, t: int) -> str:
        if t == 0:
            return f"={cell}"
        rise = f"IF({g.cell('has_limit', t)}>0,{g.cell('lim', t)},{g.cell('grow', t)})"
        return f"={g.cell(f'frent:{a}', t - 1)}*(1+{rise})"

    return formula


def paths(x: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each archetype's rent, formula rent and most permitted rent (the rent itself where no limit
    applies), (T, A), as models.hra.rents works them out."""
    horizon = x.horizon
    cost_index = (1.0 + float(np.ravel(x.cost_inflation)[0])) ** np.arange(horizon)[:, None]
    rent, formula, most = rent_paths(x, rents.growth(x, horizon), cost_index)
    rent, formula, most = rent[:, :, 0], formula[:, :, 0], most[:, :, 0]
    return rent, formula, np.where(np.isnan(most), rent, most)


def _rent(mk: Rows, a: int, r: dict, row: int, values: np.ndarray) -> Line:
    tenure = r["tenure"]

    def formula(g: Grid, t: int) -> str:
        if t == 0:
            return f"=$D${row}"
        base = f"{g.cell(f'rent:{a}', t - 1)}*(1+{g.cell('grow', t)})"
        if tenure == "Social Rent":
            f = g.cell(f"frent:{a}", t)
            return f"=IF($E${row}>0,{base}+MIN(MAX({f}-{base},0),{g.cell('conv', t)}),{base})"
        if tenure == "Affordable Rent":
            grown = f"(1+[market_rent_growth])^{g.cell('t', t)}"
            cap = f"MIN(IF($J${row}>0,0.8*$J${row}*{grown},1E+300),IF($K${row}>0,$K${row}*{grown},1E+300))"
            return mk.f(f"=MIN({base},MAX({cap}-$F${row}*{g.cell('cidx', t)},0))")(g, t)
        return f"={base}"

    return mk.helper(f"rent:{a}", f"Weekly rent: {r['name']} ({tenure})", "£ a week", formula, values, GBP)


def _most(a: int, r: dict) -> Formula:
    tenure = r["tenure"]

    def formula(g: Grid, t: int) -> str:
        rent = g.cell(f"rent:{a}", t)
        if t == 0 or tenure == "Shared ownership":
            return f"={rent}"
        allowed = f"{g.cell(f'rent:{a}', t - 1)}*(1+{g.cell('lim', t)})"
        if tenure == "Social Rent":
            allowed = f"{allowed}+MIN(MAX({g.cell(f'frent:{a}', t)}-{allowed},0),{g.cell('conv', t)})"
        return f"=IF({g.cell('has_limit', t)}>0,{allowed},{rent})"

    return formula


def rent_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """Gross and net rent, other income and the average rents, for the archetypes or the one rent."""
    n = len(x.rows("archetypes"))
    new_part = "[rent_weeks]*{ridx}*({let_cum}-{let}*(0.5+[lost]))"
    if n:
        rent, _, most = paths(x)
        lines = [
            mk.helper("new_rent", "Rent debit of the new homes", "£", mk.f("=" + new_part), _new_rent(mk, x), GBP),
            mk.line("gross_rent", formula=_arch(mk, at, "={new_rent}+[rent_weeks]*SUMPRODUCT(AVG*RENT)", n)),
            mk.line(
                "net_rent",
                formula=_arch(
                    mk,
                    at,
                    "={new_rent}*(1-[void_rate])*(1-[bad_debt_rate])+[rent_weeks]*SUMPRODUCT(AVG*RENT*[archetypes.kept])",
                    n,
                ),
            ),
            mk.line(
                "other_income",
                "=[other_income_per_unit]*{cidx}*{avg}+[rent_weeks]*{cidx}*SUMPRODUCT("
                + average(at)
                + "*[archetypes.service_charge]*[archetypes.kept])",
            ),
            mk.line("average_rent", formula=_arch(mk, at, '=IF({old_open}>0,SUMPRODUCT(OPEN*RENT)/{old_open},"")', n)),
            mk.line(
                "formula_rent",
                formula=_arch(
                    mk,
                    at,
                    "=IF(SUMPRODUCT(OPEN*(FRENT>0))>0,SUMPRODUCT(OPEN*(FRENT>0)*FRENT)/SUMPRODUCT(OPEN*(FRENT>0)),0)",
                    n,
                ),
            ),
            mk.line(
                "limit_rent",
                formula=_arch(
                    mk,
                    at,
                    '=IF({has_limit}>0,IF({old_open}>0,SUMPRODUCT(OPEN*MOST)/{old_open},""),{average_rent})',
                    n,
                    first="={average_rent}",
                ),
            ),
            mk.helper(
                "over",
                "Largest rise of an archetype's rent above the limit",
                "£ a week",
                lambda g, t: (
                    "=MAX(0," + ",".join(f"{g.cell(f'rent:{a}', t)}-{g.cell(f'most:{a}', t)}" for a in range(n)) + ")"
                ),
                np.maximum(0.0, np.max(rent - most, axis=1)),
                GBP,
            ),
        ]
    else:
        lines = [
            mk.line(
                "gross_rent",
                "=" + new_part.replace("({let_cum}", "([weekly_rent]*({old_open}+{old_close})/2+{let_cum}"),
            ),
            mk.line("net_rent", "={gross_rent}*(1-[void_rate])*(1-[bad_debt_rate])"),
            mk.line("other_income", "=[other_income_per_unit]*{cidx}*{avg}"),
            mk.line("average_rent", "=[weekly_rent]*{ridx}"),
            mk.line("formula_rent", "=0"),
            mk.line(
                "limit_rent",
                formula=lambda g, t: (
                    f"={g.cell('average_rent', 0)}"
                    if t == 0
                    else mk.f(f"=IF({{has_limit}}>0,{g.cell('average_rent', t - 1)}*(1+{{lim}}),{{average_rent}})")(
                        g, t
                    )
                ),
            ),
        ]
    return [mk.line("rent_per_unit", "=IF({avg}>0,{gross_rent}/{avg},0)")] + lines


def _arch(mk: Rows, at: dict, template: str, n: int, first: str | None = None) -> Formula:
    """A template over the archetypes' lines of the year: AVG and OPEN (the table's homes), RENT,
    FRENT and MOST (the year's column of those lines)."""

    def formula(g: Grid, t: int) -> str:
        if t == 0 and first is not None:
            return mk.f(first)(g, t)
        text = template.replace("AVG", average(at)).replace("OPEN", held("{t}", at))
        for word, key in (("FRENT", "frent"), ("MOST", "most"), ("RENT", "rent")):
            text = text.replace(word, g.down(f"{key}:0", f"{key}:{n - 1}", t))
        return mk.f(text)(g, t)

    return formula


def _new_rent(mk: Rows, x: Inputs) -> np.ndarray:
    """The new homes' rent debit: the gross rent less the archetypes' (models.hra.rents)."""
    horizon = x.horizon
    cost_index = (1.0 + float(np.ravel(x.cost_inflation)[0])) ** np.arange(horizon)[:, None]
    lines = rents.archetype_lines(x, cost_index, float(np.ravel(x.rent_weeks)[0]))
    return mk.annual["gross_rent"].to_numpy() - np.ravel(lines["gross"])
