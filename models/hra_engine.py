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


def _rent_index(inputs, t: np.ndarray) -> np.ndarray:
    """Rent level relative to the first year, (T, n): the product of each later year's change."""
    rates = np.zeros((len(t), inputs.n)) + inputs.rent_change
    rates[0] = 0.0  # the first year's rent is the weekly rent as entered
    for row in inputs.rows("rent_path"):
        rates[row["year"] - inputs.start_year] = row["rate"]
    return np.cumprod(1.0 + rates, axis=0)


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


def _half_then_full(built: np.ndarray) -> np.ndarray:
    """Weight of homes completed in a year in each year's average stock: 1/2, then 1 (years down).

    >>> _half_then_full(np.array([0.0, 1.0, 0.0, 0.0])).tolist()
    [0.0, 0.5, 1.0, 1.0]
    """
    return np.cumsum(built, axis=0) - 0.5 * built


def _stock(inputs, extra: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Stock, new-build cost and grant, and the rent-weighted average stock (first-year prices).

    New-build cost and grant are at first-year prices here; `_operating` indexes them.
    """
    horizon, held, sales = len(t), inputs.opening_stock, inputs.rtb_sales
    old_open = np.maximum(held - sales * t, 0.0)
    old_close = np.maximum(held - sales * (t + 1), 0.0)
    extra_built = _extra_years(inputs, t) * extra
    built = _by_year(inputs, horizon, lambda r: r["units"]) + extra_built
    cost = _by_year(inputs, horizon, lambda r: r["units"] * r["cost_per_unit"])
    grant = _by_year(inputs, horizon, lambda r: r["units"] * r["cost_per_unit"] * r["grant_share"])
    let = (_by_year(inputs, horizon, lambda r: r["units"] * r["weekly_rent"])
           + extra_built * inputs.extra_weekly_rent)  # weekly rent × homes completed
    new_close = np.cumsum(built, axis=0)
    opening, closing = old_open + new_close - built, old_close + new_close
    return {"opening_stock": opening, "homes_sold": old_open - old_close, "homes_built": built,
            "closing_stock": closing, "avg_stock": (opening + closing) / 2.0,
            "new_build_cost": cost + extra_built * inputs.extra_cost_per_unit,
            "grant": grant + extra_built * (inputs.extra_cost_per_unit * inputs.extra_grant_share),
            "rent_weight": inputs.weekly_rent * (old_open + old_close) / 2.0 + _half_then_full(let)}


def _operating(inputs, stock: dict, cost_index: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Rent, other income, running costs and net operating income; new-build cost indexed."""
    avg = stock["avg_stock"]
    gross = inputs.rent_weeks * _rent_index(inputs, t) * stock["rent_weight"]
    net = gross * ((1.0 - inputs.void_rate) * (1.0 - inputs.bad_debt_rate))
    per_home = cost_index * avg
    costs = {name: per_home * getattr(inputs, name + "_per_unit") for name in ("management", "repairs",
                                                                              "major_repairs")}
    other = per_home * inputs.other_income_per_unit
    noi = net + other - costs["management"] - costs["repairs"] - costs["major_repairs"]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = np.where(avg > 0, gross / avg, 0.0)
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
    limit = np.minimum(cost - lines["grant"], cost * inputs.rtb_max_share_of_cost)
    so_far = np.cumsum(kept, axis=0)
    horizon, due, spend = len(kept), np.zeros_like(so_far), inputs.rtb_spend_years
    if spend is not None and spend < horizon:
        due[spend:] = so_far[:horizon - spend]
    gone = np.zeros((horizon + 1, inputs.n))
    for t in range(horizon):  # each year's pot depends on the last
        np.maximum(np.minimum(gone[t] + limit[t], so_far[t]), due[t], out=gone[t + 1])
    used = np.minimum(gone[:-1] + limit, so_far) - gone[:-1]
    return {"receipts_retained": kept, "receipts_used": used,
            "receipts_returned": np.diff(gone, axis=0) - used, "receipts_unspent": so_far - gone[1:]}


def _financing(inputs, lines: dict) -> dict[str, np.ndarray]:
    """The HRA balance and debt, year by year (each year depends on the last).

    The loop keeps to what carries from year to year (debt, balance, borrowing, repayment);
    interest, surplus and the balance used are worked out for all years at once after it.
    """
    receipts = _receipts(inputs, lines)
    need, noi = lines["new_build_cost"] - lines["grant"] - receipts["receipts_used"], lines["noi"]
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
        if repays:  # the new-rate borrowing first, then the existing debt
            repaid[t] = np.minimum(np.maximum(cash - floor, 0.0), old[t] + new[t + 1])
            cash -= repaid[t]
            off_new = np.minimum(repaid[t], new[t + 1])
            new[t + 1] -= off_new
            old[t + 1] = old[t] - (repaid[t] - off_new)
        balance[t + 1] = cash
    interest_old, interest_new = old[:-1] * rate_old, new[:-1] * rate_new
    return {"interest_existing": interest_old, "interest_new": interest_new,
            "interest": interest_old + interest_new, "surplus": noi - interest_old - interest_new,
            "balance_used": need - borrowed, "new_borrowing": borrowed, "debt_repaid": repaid,
            "opening_debt": old[:-1] + new[:-1], "closing_debt": old[1:] + new[1:],
            "opening_balance": balance[:-1], "closing_balance": balance[1:], **receipts}
