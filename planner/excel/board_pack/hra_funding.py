"""The HRA sheet's annual lines below net operating income: new homes and their cost, Right to Buy
receipts (kept, used oldest first, paid over after the deadline), investment in the existing
homes and the Major Repairs Reserve, the loan pool and new borrowing, the HRA balance, and the
measures (headroom, interest cover, consolidated rate, debt per home). Formulas as in
docs/models/hra.md; the planner's figures for each helper step are derived from its lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.hra import loans
from models.hra.lawful import statutory_years
from models.hra.single import gone_floats
from planner.excel.board_pack.formulas import Rows, running
from planner.excel.board_pack.grid import Grid, Line
from planner.excel.board_pack.hra_lines import nb_sum
from planner.excel.board_pack.styles import GBP, PCT

if TYPE_CHECKING:
    from models.core.validation import Inputs

SPEND = "({year}>=[new_build.year]-[new_build.spend]+1)*({year}<=[new_build.year])"


def build_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """New-build cost and grant (each row spread over its build years), and the cost of homes that
    count as Right to Buy replacements."""
    per = "[new_build.units]*[new_build.cost_per_unit]/[new_build.spend]"
    extra = "[extra_units_per_year]*[extra_cost_per_unit]*{in_extra}"
    return [
        mk.line("new_build_cost", f"=({nb_sum(at, SPEND, per)}+{extra})*{{cidx}}"),
        mk.line(
            "grant", f"=({nb_sum(at, SPEND, per + '*[new_build.grant_share]')}+{extra}*[extra_grant_share])*{{cidx}}"
        ),
        mk.helper(
            "replacing",
            "Cost of the new homes counting as Right to Buy replacements",
            "£",
            mk.f(f"=({nb_sum(at, SPEND, per + '*[new_build.replacement]')}+{extra})*{{cidx}}"),
            replacing(x),
            GBP,
        ),
    ]


def replacing(x: Inputs) -> np.ndarray:
    """The replacement homes' cost by year, as models.hra.engine spreads and indexes it."""
    from models.hra.new_build import spending

    rows = [r | {"counts": float(r["replacement"])} for r in x.rows("new_build")]
    out = np.zeros(x.horizon)
    for r in spending(x, rows):
        units, cost = float(np.ravel(r["units"])[0]), float(np.ravel(r["cost_per_unit"])[0])
        out[r["year"] - x.start_year] += units * cost * r["counts"] / r["years"]
    first = 0 if x.extra_first_year is None else x.extra_first_year - x.start_year
    stop = x.horizon if x.extra_years is None else min(first + x.extra_years, x.horizon)
    out[first:stop] += float(np.ravel(x.extra_units_per_year)[0]) * float(np.ravel(x.extra_cost_per_unit)[0])
    return out * (1.0 + float(np.ravel(x.cost_inflation)[0])) ** np.arange(x.horizon)


def receipt_lines(mk: Rows, x: Inputs) -> list[Line]:
    """G, the receipts gone (used or paid over) by the end of the year: the smaller of last year's
    G plus the year's limit and the receipts kept so far, but at least those past the deadline."""
    a = mk.annual
    kept = a["receipts_retained"].to_numpy()
    so_far = np.cumsum(kept)
    limit = np.minimum(
        replacing(x) * float(np.ravel(x.rtb_max_share_of_cost)[0]),
        a["new_build_cost"].to_numpy() - a["grant"].to_numpy(),
    )
    spend = x.rtb_spend_years
    gone = np.array(gone_floats(limit.tolist(), so_far.tolist(), spend)[1:])

    def gone_f(g: Grid, t: int) -> str:
        before = "0" if t == 0 else g.cell("gone", t - 1)
        cell = mk.at["rtb_spend_years"]  # receipts kept up to t - spend years are past their deadline
        past = zip(g.ranges("t", absolute=True), g.ranges("receipts_retained", absolute=True))
        kept = "+".join(f"SUMPRODUCT(({years}<={g.cell('t', t)}-{cell})*{flows})" for years, flows in past)
        due = f"IF(ISNUMBER({cell}),{kept},0)"
        return f"=MAX(MIN({before}+{g.cell('rlimit', t)},{g.cell('so_far', t)}),{due})"

    def before(g: Grid, t: int) -> str:
        return "0" if t == 0 else g.cell("gone", t - 1)

    return [
        mk.line("receipts_retained", "={homes_sold}*[rtb_receipt]*[rtb_retained_share]"),
        mk.helper("so_far", "Receipts kept so far", "£", running("receipts_retained", "so_far"), so_far, GBP),
        mk.helper(
            "rlimit",
            "Most receipts may pay this year (share of the replacements' cost, and no more than the cost after grant)",
            "£",
            mk.f("=MIN({replacing}*[rtb_max_share_of_cost],{new_build_cost}-{grant})"),
            limit,
            GBP,
        ),
        mk.helper("gone", "Receipts gone (used or paid over) by the end of the year", "£", gone_f, gone, GBP),
        mk.line(
            "receipts_used",
            formula=lambda g, t: f"=MIN({before(g, t)}+{g.cell('rlimit', t)},{g.cell('so_far', t)})-{before(g, t)}",
        ),
        mk.line(
            "receipts_returned",
            formula=lambda g, t: f"={g.cell('gone', t)}-{before(g, t)}-{g.cell('receipts_used', t)}",
        ),
        mk.line("receipts_unspent", "={so_far}-{gone}"),
    ]


def investment_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """Components falling due (every `life` years from the first due, spread over `spread` years)
    on the homes their archetype holds, and programmes of works spread to their target year;
    then the Major Repairs Reserve, credited with the major repairs charge, which pays first."""
    active = bool(x.rows("components") or x.rows("works"))
    if not active:
        return [mk.line(k, "=0") for k in ("investment", "mrr_credit", "opening_mrr", "mrr_used", "closing_mrr")]
    parts = []
    if x.rows("components"):
        d, life, spread = "[components.due]", "[components.life]", "[components.spread]"
        since = f"({{t}}-{d})"
        shorter = f"(({spread}-1)+{since}-ABS(({spread}-1)-{since}))/2"  # the smaller, element by element
        count = f"({{t}}>={d})*(INT(({shorter}-MOD({since},{life}))/{life})+1)"
        homes = f"(({'[components.homes]'}-[components.sales]*{{t}})>0)*([components.homes]-[components.sales]*{{t}})"
        homes += '+([components.archetype]="")*{old_open}'
        parts.append(f"SUMPRODUCT({count}/{spread}*[components.unit_cost]*({homes}))")
    if x.rows("works"):
        y = "[works.years]"
        parts.append(f"SUMPRODUCT(({{t}}<{y})/{y}*[works.homes]*[works.cost_per_home])")
    return [
        mk.line("investment", f"=({'+'.join(parts)})*{{cidx}}"),
        mk.line("mrr_credit", "={major_repairs}"),
        mk.line("opening_mrr", formula=lambda g, t: "=0" if t == 0 else f"={g.cell('closing_mrr', t - 1)}"),
        mk.line("mrr_used", "=MIN({opening_mrr}+{mrr_credit},{investment})"),
        mk.line("closing_mrr", "={opening_mrr}+{mrr_credit}-{mrr_used}"),
    ]


def financing_lines(mk: Rows, x: Inputs, at: dict) -> list[Line]:
    """The existing pool and new borrowing, interest, the surplus, the funding waterfall and the
    repayment of debt from the balance above the minimum (new borrowing first)."""
    a = mk.annual
    v = {k: a[k].to_numpy() for k in a.columns}
    need = v["new_build_cost"] - v["grant"] - v["receipts_used"] + v["investment"] - v["mrr_used"]
    floor = float(np.ravel(x.minimum_balance)[0])
    spare = np.maximum(v["opening_balance"] + v["surplus"] - v["balance_used"] - floor, 0.0)
    spare = spare if x.surplus_repays_debt else spare * 0.0
    new_open = _new_open(v)
    off_new = np.minimum(new_open + v["new_borrowing"], spare)
    pool_open = v["opening_debt"] - new_open
    pool = loans.rates(x, x.horizon)[:, 0]
    return [
        mk.helper(
            "pool_rate", "Rate on the existing pool (consolidated over the loan book)", "%", mk.f(_pool(at)), pool, PCT
        ),
        mk.helper(
            "pool_open",
            "Existing pool at the start of the year",
            "£",
            lambda g, t: (
                f"={mk.at['opening']}"
                if t == 0
                else f"={g.cell('pool_open', t - 1)}-({g.cell('debt_repaid', t - 1)}-{g.cell('off_new', t - 1)})"
            ),
            pool_open,
            GBP,
        ),
        mk.helper(
            "new_open",
            "New borrowing outstanding at the start of the year",
            "£",
            lambda g, t: (
                "=0"
                if t == 0
                else f"={g.cell('new_open', t - 1)}+{g.cell('new_borrowing', t - 1)}-{g.cell('off_new', t - 1)}"
            ),
            new_open,
            GBP,
        ),
        mk.line("opening_debt", "={pool_open}+{new_open}"),
        mk.line(
            "debt_maturing", "=SUMIF([loans.maturity],{year},[loans.principal])" if at.get("loans.maturity") else "=0"
        ),
        mk.line("interest_existing", "={pool_open}*{pool_rate}"),
        mk.line("interest_new", "={new_open}*[new_rate]"),
        mk.line("interest", "={interest_existing}+{interest_new}"),
        mk.line("consolidated_rate", '=IF({opening_debt}>0,{interest}/{opening_debt},"")'),
        mk.line(
            "opening_balance",
            formula=lambda g, t: mk.f("=[opening_balance]")(g, t) if t == 0 else f"={g.cell('closing_balance', t - 1)}",
        ),
        mk.line("interest_earned", "={opening_balance}*[balance_interest_rate]"),
        mk.line("surplus", "={noi}-{interest}+{interest_earned}"),
        mk.helper(
            "need",
            "Left to fund after grant, receipts and the reserve (new homes and investment)",
            "£",
            mk.f("={new_build_cost}-{grant}-{receipts_used}+{investment}-{mrr_used}"),
            need,
            GBP,
        ),
        mk.line("balance_used", "={need}-{new_borrowing}"),
        mk.line("new_borrowing", "=MAX({need}-MAX({opening_balance}+{surplus}-[minimum_balance],0),0)"),
        mk.helper(
            "spare",
            "Balance above the minimum left to repay debt (where surpluses repay debt)",
            "£",
            mk.f("=[surplus_repays_debt]*MAX({opening_balance}+{surplus}-{balance_used}-[minimum_balance],0)"),
            spare,
            GBP,
        ),
        mk.helper(
            "off_new", "Repaid off new borrowing", "£", mk.f("=MIN({new_open}+{new_borrowing},{spare})"), off_new, GBP
        ),
        mk.line("debt_repaid", "={off_new}+MIN({spare}-{off_new},{pool_open})"),
        mk.line("closing_debt", "={opening_debt}+{new_borrowing}-{debt_repaid}"),
        mk.line("closing_balance", "={opening_balance}+{surplus}-{balance_used}-{debt_repaid}"),
        *internal_lines(mk, x, v),
        mk.line("headroom", '=IF(ISNUMBER([debt_cap]),[debt_cap]-{capped},"")'),
        mk.line("debt_per_home", '=IF({closing_stock}>0,{closing_debt}/{closing_stock},"")'),
        mk.line("interest_cover", '=IF({interest}>0,{noi}/{interest},"")'),
    ]


def _new_open(v: dict) -> np.ndarray:
    """New borrowing outstanding at the start of each year: the running sum of borrowing less what
    was repaid off it (repaid first off new borrowing, up to what is owed)."""
    out, owed = np.zeros(len(v["new_borrowing"])), 0.0
    for t in range(len(out)):
        out[t] = owed
        owed = owed + v["new_borrowing"][t] - min(owed + v["new_borrowing"][t], v["debt_repaid"][t])
    return out


def _pool(at: dict) -> str:
    if not at.get("loans.principal"):
        return "=[existing_debt_rate]"
    p, r, m, k = (at[f"loans.{c}"] for c in ("principal", "rate", "maturity", "kind"))
    live = f"({{year}}<={m})"
    cost = (
        f'SUMPRODUCT({live}*{p}*{r})+[variable_rate_shift]*SUMPRODUCT({live}*({k}="variable")*{p})'
        f"+[new_rate]*SUMPRODUCT(({{year}}>{m})*{p})"
    )
    return f"=IF([opening]>0,({cost})/[opening],[new_rate])"


def internal_lines(mk: Rows, x: Inputs, v: dict) -> list[Line]:
    """Balances lent to capital beyond the year's own surplus (when the plan lends them), internal
    borrowing so far, the CFR and the reserve; and the debt each year's cap is judged on (the CFR
    in the statutory cap's years)."""
    statutory = statutory_years(x)
    spent = "({balance_used}+{debt_repaid})"
    return [
        mk.line("lent_to_capital", f"=[internal_borrowing]*({spent}-MIN(MAX({{surplus}},0),{spent}))"),
        mk.line("internal_debt", formula=running("lent_to_capital", "internal_debt")),
        mk.line("closing_cfr", "={closing_debt}+{internal_debt}"),
        mk.line("closing_reserve", "={closing_balance}+{internal_debt}"),
        mk.helper(
            "capped",
            "Debt the cap is judged on (the CFR while the statutory cap was in force)",
            "£",
            mk.f("={closing_debt}+{statutory}*{internal_debt}"),
            np.where(statutory, v["closing_cfr"], v["closing_debt"]),
            GBP,
        ),
    ]
