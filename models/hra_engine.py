"""The HRA year by year: stock, rents and costs for every trial at once, then the funding waterfall.

Layout: the engine holds each line years down, (T, n), so that every year is one contiguous
row for the year loops, and hands back (n, T) views of them (no copies): the (n, T) convention
for everyone else at no cost. A trial's inputs, (n,), broadcast along a year's row.

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


def compute_lines(inputs) -> dict[str, np.ndarray]:
    """Every annual line as an (n, T) array, except headroom and interest cover (models.hra)."""
    t = np.arange(inputs.horizon)[:, None]
    cost_index = (1.0 + inputs.cost_inflation) ** t
    lines = _stock(inputs, inputs.extra_units_per_year, t)
    lines.update(_operating(inputs, lines, cost_index, t))
    lines.update(_financing(inputs, lines))
    for name in ("avg_stock", "rent_weight"):
        lines.pop(name)
    return {name: value.T for name, value in lines.items()}


def _running(x: np.ndarray, op=np.add, out: np.ndarray | None = None) -> np.ndarray:
    """Running total (or, with np.multiply, product) down the years of a (T, n) array.

    The same sums, in the same order, as np.cumsum(x, axis=0); for many trials a row at a time
    is several times faster, for a few the loop's overhead is the larger cost. `out` may be `x`.

    >>> _running(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).tolist()
    [[1.0, 2.0], [4.0, 6.0], [9.0, 12.0]]
    >>> _running(np.full((3, 300), 2.0), np.multiply)[:, 299].tolist()
    [2.0, 4.0, 8.0]
    """
    if x.shape[1] < 256:
        return np.cumsum(x, axis=0, out=out) if op is np.add else np.cumprod(x, axis=0, out=out)
    out = np.empty_like(x) if out is None else out
    out[0] = x[0]
    for t in range(1, len(x)):
        op(out[t - 1], x[t], out=out[t])
    return out


def _rent_index(inputs, t: np.ndarray) -> np.ndarray:
    """Rent level relative to the first year, (T, n): the product of each later year's change."""
    index = np.empty((len(t), inputs.n))
    index[:] = 1.0 + inputs.rent_change
    index[0] = 1.0  # the first year's rent is the weekly rent as entered
    for row in inputs.rows("rent_path"):
        index[row["year"] - inputs.start_year] = 1.0 + row["rate"]
    return _running(index, np.multiply, out=index)


def _extra_years(inputs, t: np.ndarray) -> np.ndarray:
    """(T, 1): 1 in the years extra homes are built, else 0."""
    first = 0 if inputs.extra_first_year is None else inputs.extra_first_year - inputs.start_year
    span = len(t) if inputs.extra_years is None else inputs.extra_years
    return ((t >= first) & (t < first + span)).astype(float)


def _by_year(inputs, horizon: int, value) -> np.ndarray:
    """(T, n): `value(row)` of each new-build row, added up in its completion year.

    A loop over the table's rows, not trials: a scatter is far cheaper than a one-hot product.
    """
    out = np.zeros((horizon, inputs.n))
    for row in inputs.rows("new_build"):
        out[row["year"] - inputs.start_year] += value(row)
    return out


def _half_then_full(built: np.ndarray, total: np.ndarray | None = None) -> np.ndarray:
    """Weight of homes completed in a year in each year's average stock: 1/2, then 1 (years down).
    `total` is the running total of `built` when already known.

    >>> _half_then_full(np.array([[0.0], [1.0], [0.0], [0.0]]))[:, 0].tolist()
    [0.0, 0.5, 1.0, 1.0]
    """
    weight = 0.5 * built
    np.subtract(_running(built) if total is None else total, weight, out=weight)
    return weight


def _stock(inputs, extra: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Stock, new-build cost and grant, and the rent-weighted average stock (first-year prices).

    New-build cost and grant are at first-year prices here; `_operating` indexes them.
    """
    # Arrays are built in place where that reads as plainly: each fresh (T, n) array costs more
    # in memory traffic than the sum it holds.
    horizon = len(t)
    old = inputs.rtb_sales * np.arange(horizon + 1.0)[:, None]
    np.maximum(np.subtract(inputs.opening_stock, old, out=old), 0.0, out=old)
    old_open, old_close = old[:-1], old[1:]  # homes held at the start of the plan, still unsold
    extra_built = _extra_years(inputs, t) * extra
    built = _by_year(inputs, horizon, lambda r: r["units"])
    built += extra_built
    cost = _by_year(inputs, horizon, lambda r: r["units"] * r["cost_per_unit"])
    cost += extra_built * inputs.extra_cost_per_unit
    grant = _by_year(inputs, horizon, lambda r: r["units"] * r["cost_per_unit"] * r["grant_share"])
    grant += extra_built * (inputs.extra_cost_per_unit * inputs.extra_grant_share)
    let = _by_year(inputs, horizon, lambda r: r["units"] * r["weekly_rent"])  # weekly rent × homes
    let += extra_built * inputs.extra_weekly_rent
    new_close = _running(built)
    old_avg = old_open + old_close
    old_avg *= 0.5
    opening = new_close - built
    opening += old_open
    rent_weight = _half_then_full(let)
    rent_weight += inputs.weekly_rent * old_avg
    return {"opening_stock": opening, "homes_sold": old_open - old_close,
            "homes_built": built, "closing_stock": old_close + new_close,
            "avg_stock": old_avg + _half_then_full(built, new_close),
            "new_build_cost": cost, "grant": grant, "rent_weight": rent_weight}


def _operating(inputs, stock: dict, cost_index: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Rent, other income, running costs and net operating income; new-build cost indexed."""
    avg = stock["avg_stock"]
    gross = _rent_index(inputs, t)
    gross *= stock["rent_weight"] * inputs.rent_weeks
    net = gross * ((1.0 - inputs.void_rate) * (1.0 - inputs.bad_debt_rate))
    per_home = cost_index * avg
    costs = {name: per_home * getattr(inputs, name + "_per_unit")
             for name in ("management", "repairs", "major_repairs")}
    other = per_home * inputs.other_income_per_unit
    noi = net + other
    for cost in costs.values():
        noi -= cost
    per_unit = np.divide(gross, avg, out=np.zeros_like(gross), where=avg > 0)
    return {"rent_per_unit": per_unit, "gross_rent": gross, "net_rent": net, "other_income": other,
            **costs, "noi": noi, "new_build_cost": stock["new_build_cost"] * cost_index,
            "grant": stock["grant"] * cost_index}


def _receipts(inputs, lines: dict) -> dict[str, np.ndarray]:
    """Right to Buy receipts kept, used on new homes (oldest first) and paid over unspent.

    With G the receipts gone (used or paid over) by the end of a year, C those kept so far, D
    those whose deadline has passed and l the year's limit on use: G_t = clip(G_t-1 + l_t, D_t,
    C_t). The pot does not depend on the HRA balance or debt, so it runs on its own.
    """
    kept = lines["homes_sold"] * (inputs.rtb_receipt * inputs.rtb_retained_share)
    cost = lines["new_build_cost"]
    limit = cost * inputs.rtb_max_share_of_cost
    np.minimum(limit, cost - lines["grant"], out=limit)
    so_far = _running(kept)
    horizon, due, spend = len(kept), np.zeros_like(so_far), inputs.rtb_spend_years
    if spend is not None and spend < horizon:
        due[spend:] = so_far[:horizon - spend]
    gone = np.zeros((horizon + 1, inputs.n))
    for t in range(horizon):  # each year's pot depends on the last
        np.maximum(np.minimum(gone[t] + limit[t], so_far[t]), due[t], out=gone[t + 1])
    used = gone[:-1] + limit
    np.subtract(np.minimum(used, so_far, out=used), gone[:-1], out=used)
    returned = np.diff(gone, axis=0)
    returned -= used
    return {"receipts_retained": kept, "receipts_used": used, "receipts_returned": returned,
            "receipts_unspent": so_far - gone[1:]}


def _less(x: np.ndarray, *minus: np.ndarray) -> np.ndarray:
    """x − each of `minus`, in that order, in one new array."""
    out = x - minus[0]
    for m in minus[1:]:
        out -= m
    return out


def _financing(inputs, lines: dict) -> dict[str, np.ndarray]:
    """The HRA balance and debt, year by year (each year depends on the last).

    The loop keeps to what carries from year to year (debt, balance, borrowing, repayment);
    interest, surplus and the balance used are worked out for all years at once after it.
    """
    receipts = _receipts(inputs, lines)
    need, noi = lines["new_build_cost"] - lines["grant"], lines["noi"]
    need -= receipts["receipts_used"]
    horizon, repays = len(noi), inputs.surplus_repays_debt
    old, new, balance = (np.zeros((horizon + 1, inputs.n)) for _ in range(3))
    old[:], balance[0] = inputs.opening_debt, inputs.opening_balance  # old debt stays unless repaid
    borrowed, repaid = np.zeros((horizon, inputs.n)), np.zeros((horizon, inputs.n))
    floor, rate_old, rate_new = inputs.minimum_balance, inputs.existing_debt_rate, inputs.new_debt_rate
    for t in range(horizon):
        cash = balance[t] + (noi[t] - old[t] * rate_old - new[t] * rate_new)  # the surplus added
        borrowed[t] = np.maximum(need[t] - np.maximum(cash - floor, 0.0), 0.0)
        cash -= need[t] - borrowed[t]  # the balance above the minimum pays what is not borrowed
        new[t + 1] = new[t] + borrowed[t]
        if repays:  # the new-rate borrowing first, then the existing debt, never more than owed
            spare = np.maximum(cash - floor, 0.0)
            off_new = np.minimum(spare, new[t + 1])
            off_old = np.minimum(spare - off_new, old[t])  # a debt paid off is exactly nil
            new[t + 1] -= off_new
            old[t + 1] = old[t] - off_old
            repaid[t] = off_new + off_old
            cash -= repaid[t]
        balance[t + 1] = cash
    interest_old, interest_new = old[:-1] * rate_old, new[:-1] * rate_new
    return {"interest_existing": interest_old, "interest_new": interest_new,
            "interest": interest_old + interest_new, "surplus": _less(noi, interest_old, interest_new),
            "balance_used": need - borrowed, "new_borrowing": borrowed, "debt_repaid": repaid,
            "opening_debt": old[:-1] + new[:-1], "closing_debt": old[1:] + new[1:],
            "opening_balance": balance[:-1], "closing_balance": balance[1:], **receipts}
