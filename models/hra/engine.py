"""The HRA year by year: stock, rents and costs for every trial at once, then the funding waterfall.

Layout: every line is held years down, (T, n), all in one buffer allocated once per run (one
large allocation, not one page-faulted array per line), so that each year is one contiguous
row for the year loops; `compute_lines` hands back (n, T) views of them (no copies): the
(n, T) convention for everyone else at no cost. A trial's inputs, (n,), broadcast along a
year's row. Lines are written in place (`out=`), not through temporaries; an input that is the
same in every trial is held once, (1,), so that what depends only on such inputs (the homes
built, usually) is worked out once and only then spread across the trials; such a line is
kept as that one row, a read-only view spread over the trials (`models.hra.same.keep`), and
lines equal by definition share memory (depreciation is the major repairs line). A single
trial runs its year loops on Python floats (`models.hra.single`), where numpy's cost per call
would be most of the work. However it is worked, each number goes through the same operations in the same
order, so the results never depend on the route.

Stock moves during the year, so rents and costs fall on the average of opening and closing
stock: a home sold or completed in a year counts for half of it. Right to Buy sales come out
of the homes held at the start of the plan (the cost floor keeps sales of new homes low), and
stop when none are left. New homes are paid for in the year they complete.

Funding waterfall, each year, after the year's surplus (NOI - interest) is added to the
balance: grant, then retained Right to Buy receipts (at most `rtb_max_share_of_cost` of the
cost), then the HRA balance above the minimum, then new borrowing. Receipts wait in their own
pot, which starts empty; they are spent oldest first, and those kept in year s and still unspent
at the end of year s + `rtb_spend_years` are paid over to government. When
`surplus_repays_debt`, the balance left above the minimum then repays debt: the new-rate
borrowing first (the flexible debt; the self-financing loans run to term), then the existing
debt. The cap, the minimum balance and interest cover are limits the plan is checked against,
never brakes: borrowing always fills the gap and a deficit always falls on the balance, so the
user sees by how much a plan breaks them.
"""

from __future__ import annotations

import numpy as np

from models.core import buffers
from models.core.validation import Inputs
from models.hra import investment, loans, new_build, rents
from models.hra.same import keep
from models.hra.same import one as _one
from models.hra.same import room as _room
from models.hra.same import running as _running
from models.hra.single import financing_floats, gone_floats

LINES = (
    "opening_stock",
    "homes_sold",
    "homes_built",
    "closing_stock",
    "rent_per_unit",
    "gross_rent",
    "net_rent",
    "other_income",
    "management",
    "repairs",
    "major_repairs",
    "noi",
    "interest_existing",
    "interest_new",
    "interest",
    "surplus",
    "new_build_cost",
    "grant",
    "receipts_retained",
    "receipts_used",
    "receipts_returned",
    "receipts_unspent",
    "balance_used",
    "new_borrowing",
    "debt_repaid",
    "headroom",
    "interest_cover",
    "interest_earned",
    "debt_maturing",
    "consolidated_rate",
    "debt_per_home",
    "average_rent",
    "formula_rent",
    "limit_rent",
    "investment",
    "mrr_credit",
    "mrr_used",
    "homes_replacing",
)
CARRIED = ("debt", "balance", "mrr")  # (T + 1, n): opening_x is rows 0 … T-1, closing_x rows 1 … T
SCRATCH = ("replacing", "let", "new_close", "old_average", "average", "weight", "index", "limit", "so_far", "need")
SCRATCH_PLUS = ("old", "gone", "new", "old_debt")  # (T + 1, n)
ROWS = ("cash", "spare", "off_new")  # (n,)


def compute_lines(inputs: Inputs) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Every annual line of models.hra.model as an (n, T) view of a year-major (T, n) array, and the
    largest excess of an archetype's rent over the limit, (T, m), or None without an archetype table."""
    n, horizon = inputs.n, inputs.horizon
    # np.power rounds differently in its vector and scalar loops, so the index is taken in this
    # one call for every trial, as it always has been
    cost_index = (1.0 + inputs.cost_inflation) ** np.arange(horizon)[:, None]
    held = _carve([(LINES, horizon), (CARRIED, horizon + 1)], n)
    held.update(_carve([(SCRATCH, horizon), (SCRATCH_PLUS, horizon + 1), (ROWS, 1)], n))  # freed on return
    for name in ROWS:
        held[name] = held[name][0]
    _stock(inputs, held)
    _operating(inputs, held, cost_index)
    _receipts(inputs, held)
    investment.fill(inputs, held, cost_index)
    _financing(inputs, held)
    _limits(inputs, held)
    loans.measures(held)
    lines = {k: held[k].T for k in LINES}
    for k in CARRIED:
        lines["opening_" + k], lines["closing_" + k] = held[k][:-1].T, held[k][1:].T
    return lines, held.get("rent_over")  # (T, m) or None: for the Rent Standard check


def _carve(groups: list, n: int) -> dict[str, np.ndarray]:
    """C-contiguous (rows, n) arrays, for each (names, rows) group, one after another in one new buffer."""
    out: dict[str, np.ndarray] = {}
    buffer, at = buffers.empty(sum(len(names) * rows for names, rows in groups) * n), 0
    for names, rows in groups:
        size = len(names) * rows * n
        out.update(zip(names, buffer[at : at + size].reshape(len(names), rows, n)))
        at += size
    return out


def _stock(x: Inputs, held: dict) -> None:
    """Stock; new-build cost and grant at first-year prices (`_operating` indexes them); the
    average stock and the rent-weighted average stock (weekly rent × homes) of each year."""
    horizon = len(held["homes_built"])
    if x.rows("archetypes"):  # homes held at the start of the plan, still unsold
        old = rents.old_stock(x, horizon)
    else:
        sales, stock = _one(x.rtb_sales), _one(x.opening_stock)
        old = _room(held["old"], sales, stock)
        np.multiply(np.arange(horizon + 1.0)[:, None], sales, out=old)
        np.subtract(stock, old, out=old)
        np.maximum(old, 0.0, out=old)
    held["old_stock"], old_open, old_close = old, old[:-1], old[1:]
    extra, cost = _one(x.extra_units_per_year), _one(x.extra_cost_per_unit)
    plan, by_year = new_build.programme(x), new_build.by_year
    built = by_year(x, plan["built"], extra, held["homes_built"])
    held["cost"] = by_year(x, plan["cost"], _one(extra * cost), held["new_build_cost"])
    keep(held, "homes_replacing", by_year(x, plan["replacing"], extra, held["homes_replacing"]))
    room, held["replacing"] = held["replacing"], None  # the cost of homes counting as replacements, if not all
    if not plan["all replacing"]:
        held["replacing"] = by_year(x, plan["replacing cost"], _one(extra * cost), room)
    grant = _one(extra * (cost * _one(x.extra_grant_share)))
    held["grant0"] = by_year(x, plan["grant"], grant, held["grant"])
    let = by_year(x, plan["let"], _one(extra * _one(x.extra_weekly_rent)), held["let"])
    keep(held, "homes_built", built)
    new_close = _running(built, out=_room(held["new_close"], built))
    closing = _room(held["closing_stock"], old_close, new_close)
    keep(held, "closing_stock", np.add(old_close, new_close, out=closing))
    held["sold"] = sold = _room(held["homes_sold"], old)
    np.subtract(old_open, old_close, out=sold)
    keep(held, "homes_sold", sold)
    old_average = _room(held["old_average"], old)
    np.add(old_open, old_close, out=old_average)
    old_average *= 0.5
    # homes completed in a year count half in it, then in full; the opening stock and the
    # average work from new_close - built and new_close - built / 2, and new_close is spent
    average, opening = _room(held["average"], old, built), _room(held["opening_stock"], old, built)
    if new_close.shape[1] == 1:
        np.add(new_close - built, old_open, out=opening)
        np.add(old_average, new_close - 0.5 * built, out=average)
    else:
        np.multiply(built, 0.5, out=average)
        np.subtract(new_close, average, out=average)
        np.add(old_average, average, out=average)
        np.subtract(new_close, built, out=new_close)
        np.add(new_close, old_open, out=opening)
    keep(held, "opening_stock", opening)
    lost = _one(x.first_let_void_weeks) / _one(x.rent_weeks)  # share of a year's rent lost on first lets
    voids = bool(np.any(lost != 0.0))
    if voids and np.size(lost) > let.shape[1]:
        let = let + np.zeros_like(lost)
    weight = _room(held["weight"], let, old, _one(x.weekly_rent))  # the rent-weighted average stock
    factor = 0.5 + lost if voids else 0.5  # completed halfway through the year, less the first-let void
    half = np.multiply(let, factor, out=weight) if let.shape[1] > 1 else factor * let
    _running(let, out=let)
    np.subtract(let, half, out=let)
    np.multiply(old_average, 0.0 if x.rows("archetypes") else _one(x.weekly_rent), out=weight)
    np.add(let, weight, out=weight)
    held["average_stock"], held["rent_weight"] = average, weight


def _operating(x: Inputs, held: dict, cost_index: np.ndarray) -> None:
    """Rent, other income, running costs and net operating income; new-build cost indexed."""
    change = _one(x.rent_change)
    path = [(row["year"] - x.start_year, _one(row["rate"])) for row in x.rows("rent_path")]
    index = _room(held["index"], change, *(rate for _, rate in path))
    index[:] = 1.0 + change  # rent level relative to the first year: the product of each later year's change
    index[0] = 1.0  # the first year's rent is the weekly rent as entered
    for year, rate in path:
        index[year] = 1.0 + rate
    _running(index, np.multiply, out=index)
    gross, net, average = held["gross_rent"], held["net_rent"], held["average_stock"]
    np.multiply(held["rent_weight"], _one(x.rent_weeks), out=gross)
    gross *= index
    np.multiply(gross, (1.0 - x.void_rate) * (1.0 - x.bad_debt_rate), out=net)
    per_home = held["weight"]  # spent: its memory now holds the cost index × average stock
    np.multiply(cost_index, average, out=per_home)
    noi = held["noi"]
    np.multiply(per_home, _one(x.other_income_per_unit), out=held["other_income"])
    rents.fill(x, held, cost_index, index)
    np.add(net, held["other_income"], out=noi)
    for name in ("management", "repairs", "major_repairs"):
        np.multiply(per_home, _one(getattr(x, name + "_per_unit")), out=held[name])
        noi -= held[name]
    per_unit = held["rent_per_unit"]
    if average.min() > 0:
        np.divide(gross, average, out=per_unit)
    else:  # no homes (or none left): no rent per home
        per_unit.fill(0.0)
        np.divide(gross, average, out=per_unit, where=np.broadcast_to(average > 0, per_unit.shape))
    np.multiply(held["cost"], cost_index, out=held["new_build_cost"])
    if held["replacing"] is not None:
        held["replacing"] = held["replacing"] * cost_index
    np.multiply(held["grant0"], cost_index, out=held["grant"])


def _receipts(x: Inputs, held: dict) -> None:
    """Right to Buy receipts kept, used on new homes (oldest first) and paid over unspent; and
    what new homes still need after grant and receipts (held["need"]).

    With G the receipts gone (used or paid over) by the end of a year, C those kept so far, D
    those whose deadline has passed and l the year's limit on use: G_t = clip(G_t-1 + l_t, D_t,
    C_t). The pot does not depend on the HRA balance or debt, so it runs on its own.
    """
    cost, need, limit = held["new_build_cost"], held["need"], held["limit"]
    sold = held["sold"]
    kept = _room(held["receipts_retained"], sold, _one(x.rtb_receipt), _one(x.rtb_retained_share))
    np.multiply(sold, _one(x.rtb_receipt) * _one(x.rtb_retained_share), out=kept)
    keep(held, "receipts_retained", kept)
    np.subtract(cost, held["grant"], out=need)
    np.multiply(cost if held["replacing"] is None else held["replacing"], _one(x.rtb_max_share_of_cost), out=limit)
    np.minimum(limit, need, out=limit)
    so_far, gone, spend = _running(kept, out=_room(held["so_far"], kept)), held["gone"], x.rtb_spend_years
    used, returned = held["receipts_used"], held["receipts_returned"]
    if x.n == 1:
        gone[:, 0] = gone_floats(limit[:, 0].tolist(), so_far[:, 0].tolist(), spend)
        np.add(gone[:-1], limit, out=used)
        np.minimum(used, so_far, out=used)
    else:
        gone[0] = 0.0
        for t in range(len(limit)):  # each year's pot depends on the last; `used` holds min(G + l, C) for now
            np.add(gone[t], limit[t], out=used[t])
            np.minimum(used[t], so_far[t], out=used[t])
            np.maximum(used[t], so_far[t - spend] if spend is not None and t >= spend else 0.0, out=gone[t + 1])
    used -= gone[:-1]
    np.subtract(gone[1:], gone[:-1], out=returned)
    returned -= used
    np.subtract(so_far, gone[1:], out=held["receipts_unspent"])
    need -= used


def _financing(x: Inputs, held: dict) -> None:
    """The HRA balance and debt, year by year (each year depends on the last)."""
    noi, need, new, balance, old = held["noi"], held["need"], held["new"], held["balance"], held["old_debt"]
    interest_old, interest_new, surplus = held["interest_existing"], held["interest_new"], held["surplus"]
    borrowed, used, repaid = held["new_borrowing"], held["balance_used"], held["debt_repaid"]
    repays, floor = x.surplus_repays_debt, _one(x.minimum_balance)
    rate_old, rate_new, opening = loans.rates(x, len(noi)), loans.new_rate(x), loans.opening(x)
    earn = _one(x.balance_interest_rate)
    earns = bool(np.any(earn != 0.0))  # interest on balances: left out altogether when there is none
    if x.n == 1:
        columns = financing_floats(
            noi[:, 0].tolist(),
            need[:, 0].tolist(),
            float(opening[0]),
            float(x.opening_balance[0]),
            rate_old[:, 0].tolist(),
            float(rate_new[0]),
            float(floor[0]),
            repays,
            float(earn[0]) if earns else None,
        )
        for a, values in zip((interest_old, interest_new, surplus, borrowed, used, repaid, old, new, balance), columns):
            a[:, 0] = values
    else:
        new[0], balance[0] = 0.0, x.opening_balance
        if repays:
            old[0] = opening
        else:  # the existing debt stays as it is, and so does its interest
            interest_old[:] = opening * rate_old
            repaid.fill(0.0)
        cash, spare, off_new = held["cash"], held["spare"], held["off_new"]
        for t in range(len(noi)):
            if repays:
                np.multiply(old[t], rate_old[t], out=interest_old[t])
            np.multiply(new[t], rate_new, out=interest_new[t])
            np.subtract(noi[t], interest_old[t], out=surplus[t])
            surplus[t] -= interest_new[t]
            if earns:
                surplus[t] += balance[t] * earn
            np.add(balance[t], surplus[t], out=cash)  # the surplus added
            np.subtract(cash, floor, out=spare)
            np.maximum(spare, 0.0, out=spare)
            np.subtract(need[t], spare, out=borrowed[t])
            np.maximum(borrowed[t], 0.0, out=borrowed[t])
            np.subtract(need[t], borrowed[t], out=used[t])  # the balance above the minimum pays the rest
            np.add(new[t], borrowed[t], out=new[t + 1])
            if not repays:
                np.subtract(cash, used[t], out=balance[t + 1])
                continue
            cash -= used[t]  # the new-rate borrowing first, then the existing debt, never more than owed
            np.subtract(cash, floor, out=spare)
            np.maximum(spare, 0.0, out=spare)
            np.minimum(spare, new[t + 1], out=off_new)
            spare -= off_new
            np.minimum(spare, old[t], out=spare)  # a debt paid off is exactly nil
            new[t + 1] -= off_new
            np.subtract(old[t], spare, out=old[t + 1])
            np.add(off_new, spare, out=repaid[t])
            np.subtract(cash, repaid[t], out=balance[t + 1])
    np.add(interest_old, interest_new, out=held["interest"])
    np.add(old if repays or x.n == 1 else opening, new, out=held["debt"])
    np.multiply(balance[:-1], earn if earns else 0.0, out=held["interest_earned"])
    keep(held, "debt_maturing", loans.maturing(x, len(noi)))


def _limits(x: Inputs, held: dict) -> None:
    """Headroom under the cap (NaN with none) and interest cover (NaN where not meaningful)."""
    if x.debt_cap is None:
        held["headroom"].fill(np.nan)
    else:
        np.subtract(_one(x.debt_cap), held["debt"][1:], out=held["headroom"])
    cover, interest = held["interest_cover"], held["interest"]
    with np.errstate(all="ignore"):  # no interest, or a sliver of it: cover is not meaningful
        np.divide(held["noi"], interest, out=cover)
    if interest.min() > 0 and np.isfinite(cover.min()) and np.isfinite(cover.max()):
        return  # interest in every year of every trial, and every cover a number: nothing to blank
    meaningful = np.isfinite(cover)
    meaningful &= interest > 0
    cover[~meaningful] = np.nan
