"""Existing homes by archetype, and their rents under the Rent Standard (models.hra.book's tables).

Arrays are years down, (T, m), m being 1 when nothing varies by trial and n otherwise. Each
archetype's homes fall by its Right to Buy sales a year, never below zero; rent and costs fall on
the average of a year's opening and closing homes, as in the engine.

Rents, £ a week, from the first year's rent as entered; each later year r_t = r_t-1 × (1 + g_t),
g_t being the plan's rent change (`rents_follow` = "rent path") or the limit in force L_t ("rent
limit"; the rent change in a year the limit table does not cover). Then, by tenure:
- Social Rent with a formula rent F: r_t += clip(F_t − r_t, 0, c_t), the convergence allowance c_t,
  so a rent below formula climbs to it and stops; F_t = F_t-1 × (1 + L_t) (× (1 + g_t) without a limit).
- Affordable Rent: r_t ≤ min(80% of market rent, the Local Housing Allowance) − the service charge,
  the market rent and LHA moving with market rent growth (a cap of 0 is none).
- Shared ownership: the rent path (lease terms), outside the Rent Standard.
Service charges move with cost inflation, outside the limit; they are collected like rent.
The check: a Social or Affordable Rent above r_t-1 × (1 + L_t) (+ c_t for Social Rent) by more than
half a penny, in a year with a limit.
"""

from __future__ import annotations

import numpy as np

from models.core.validation import Inputs
from models.hra.same import one, rows

AT_LIMIT = 0.005  # £ a week: within half a penny of the limit is at it


def limits(x: Inputs, horizon: int) -> tuple[list, list]:
    """The limit L_t (None where no row covers year t) and the convergence allowance c_t, by year."""
    by_year = {r["year"] - x.start_year: r for r in rows(x, "rent_limit")}
    rates, allowances = [None] * horizon, [0.0] * horizon
    for t in range(horizon):
        row = by_year.get(t)
        if row is None:
            continue
        rate = row["over_cpi"] if row["cpi"] is None else row["cpi"] + row["over_cpi"]
        rates[t] = rate if row["ceiling"] is None else np.minimum(rate, row["ceiling"])
        allowances[t] = row["convergence"]
    return rates, allowances


def growth(x: Inputs, horizon: int) -> list:
    """1 + g_t of each year (g_0 unused): the rent path, or the limit where `rents_follow` it."""
    out = [1.0 + one(x.rent_change)] * horizon
    for row in rows(x, "rent_path"):
        out[row["year"] - x.start_year] = 1.0 + row["rate"]
    if x.rents_follow == "rent limit":
        for t, rate in enumerate(limits(x, horizon)[0]):
            if rate is not None:
                out[t] = 1.0 + rate
    return out


def homes(x: Inputs, horizon: int) -> list[np.ndarray]:
    """Each archetype's homes at the start of each year and the end of the last, (T + 1, m)."""
    years = np.arange(horizon + 1.0)[:, None]
    return [np.maximum(row["homes"] - years * row["rtb_sales"], 0.0) for row in rows(x, "archetypes")]


def old_stock(x: Inputs, horizon: int) -> np.ndarray:
    """The existing homes still held, (T + 1, m): the archetypes' sum, in the order of the table."""
    held = homes(x, horizon)
    total = held[0].copy()
    for h in held[1:]:
        total = total + h
    return total


def _column(table: list, key: str) -> np.ndarray:
    """One column of the archetype table as (A, m): an archetype a row, trials across."""
    return np.stack(np.broadcast_arrays(*(np.asarray(row[key], dtype=float) for row in table)))


def _years(values: list) -> np.ndarray:
    """Values by year (floats, or arrays that broadcast together) as one array, years first: at
    least (T, 1), a float being a value the same in every trial."""
    return np.stack(np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in values)))


def _rent_paths(x: Inputs, table: list, grow: list, rates: list, conv: list, cost_index: np.ndarray) -> tuple:
    """Every archetype's rent, formula rent and most permitted rent, each (T, A, m); see the module
    note. What follows from last year's alone (formula, market rent and LHA: running products; the
    Affordable Rent cap; the most permitted) is worked for every year at once; only the rent, which
    the clip to formula rent and the cap make depend on itself, goes a year at a time."""
    tenure = np.array([row["tenure"] for row in table])[:, None]
    social, affordable, shared = tenure == "Social Rent", tenure == "Affordable Rent", tenure == "Shared ownership"
    rent, formula = _column(table, "weekly_rent"), _column(table, "formula_rent")
    to_formula = social & (formula > 0)
    limit = [None if rate is None else 1.0 + rate for rate in rates]  # 1 + L_t
    formulas = np.cumprod(_years([formula] + [g if k is None else k for g, k in zip(grow[1:], limit[1:])]), axis=0)
    capped = bool(affordable.any())  # Affordable Rent's caps worked out only where there is such a home
    if capped:
        market_growth = [1.0 + one(x.market_rent_growth)] * (len(grow) - 1)
        market = np.cumprod(_years([_column(table, "market_rent")] + market_growth), axis=0)
        lha = np.cumprod(_years([_column(table, "lha")] + market_growth), axis=0)
        cap = np.minimum(np.where(market > 0, 0.8 * market, np.inf), np.where(lha > 0, lha, np.inf))
        floor = np.maximum(cap - _column(table, "service_charge") * cost_index[:, None, :], 0.0)
    rents = [rent]
    for t in range(1, len(grow)):
        r = rent * grow[t]
        r = np.where(to_formula, r + np.clip(formulas[t] - r, 0.0, conv[t]), r)
        if capped:
            r = np.where(affordable, np.minimum(r, floor[t]), r)
        rents.append(r)
        rent = r
    rents_ = _years(rents)
    # the most permitted: last year's rent × (1 + L_t), convergence only up to formula rent; none
    # (NaN) in the first year, in a year with no limit and for shared ownership (outside the Rent Standard)
    allowed = rents_[:-1] * _years([np.nan if k is None else k for k in limit[1:]])[:, None]
    allowed = np.where(social, allowed + np.clip(formulas[1:] - allowed, 0.0, _years(conv[1:])[:, None]), allowed)
    allowed = np.where(shared, np.nan, allowed)
    most = np.concatenate([np.full((1,) + allowed.shape[1:], np.nan), allowed])
    shape = np.broadcast_shapes(rents_.shape, formulas.shape, most.shape)
    return tuple(v if v.shape == shape else np.broadcast_to(v, shape) for v in (rents_, formulas, most))


def archetype_lines(x: Inputs, cost_index: np.ndarray, weeks: float | np.ndarray) -> dict:
    """Gross and net rent and service charges of the existing homes, (T, m) each; the home-weighted
    average rent, formula rent and most permitted rent a week; and the Rent Standard breach."""
    horizon = len(cost_index)
    grow, (rates, conv) = growth(x, horizon), limits(x, horizon)
    out: dict[str, float | np.ndarray] = {
        k: 0.0 for k in ("gross", "net", "service", "rent", "formula", "most", "homes", "with_formula", "over")
    }
    table = rows(x, "archetypes")
    rents_, formulas, mosts = _rent_paths(x, table, grow, rates, conv, cost_index)
    for a, (row, held) in enumerate(zip(table, homes(x, horizon))):
        average = 0.5 * (held[:-1] + held[1:])
        rent, formula, most = rents_[:, a], formulas[:, a], mosts[:, a]
        gross = average * rent * weeks
        kept = (1.0 - row["void_rate"]) * (1.0 - row["bad_debt_rate"])
        out["gross"] = out["gross"] + gross
        out["net"] = out["net"] + gross * kept
        out["service"] = out["service"] + average * row["service_charge"] * kept  # × cost index and weeks below
        opening = held[:-1]
        out["homes"] = out["homes"] + opening
        out["rent"] = out["rent"] + opening * rent
        has_formula = opening * (formula > 0)
        out["with_formula"] = out["with_formula"] + has_formula
        out["formula"] = out["formula"] + has_formula * formula
        out["most"] = out["most"] + opening * np.where(np.isnan(most), rent, most)
        out["over"] = np.maximum(out["over"], np.where(np.isnan(most), 0.0, rent - most))
    out["service"] = out["service"] * weeks * cost_index
    with np.errstate(all="ignore"):
        for k, weight in (("rent", "homes"), ("formula", "with_formula"), ("most", "homes")):
            out[k] = np.where(out[weight] > 0, out[k] / out[weight], 0.0 if k == "formula" else np.nan)
    unlimited = np.array([t == 0 or rate is None for t, rate in enumerate(rates)])[:, None]
    out["most"] = np.where(unlimited, out["rent"], out["most"])  # the rent itself where no limit applies
    return out


def first_breach(over: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first year (−1 for none) an archetype's rent is above the limit, (n,), and by how much a
    week then. `over` is (T, m): the largest excess over the limit across archetypes each year."""
    breach = over > AT_LIMIT
    year = np.where(breach.any(axis=0), breach.argmax(axis=0), -1)
    amount = np.where(year >= 0, over[np.maximum(year, 0), np.arange(over.shape[1])], 0.0)
    return year, amount


def fill(x: Inputs, held: dict, cost_index: np.ndarray, index: np.ndarray) -> None:
    """The existing homes' rent (by archetype when the table has rows, models.hra.rents), service
    charges in other income, and the average rent against formula rent and the limit, £ a week."""
    if not x.rows("archetypes"):
        rent = np.multiply(index, one(x.weekly_rent))
        most = np.broadcast_to(rent, (len(rent), x.n)).copy()  # the rent itself where no limit applies
        for t, rate in enumerate(limits(x, len(rent))[0]):
            if rate is not None and t > 0:
                most[t] = rent[t - 1] * (1.0 + rate)
        held["average_rent"][:], held["formula_rent"][:], held["limit_rent"][:] = rent, 0.0, most
        return
    lines = archetype_lines(x, cost_index, one(x.rent_weeks))
    held["gross_rent"] += lines["gross"]
    held["net_rent"] += lines["net"]
    held["other_income"] += lines["service"]
    held["average_rent"][:], held["formula_rent"][:], held["limit_rent"][:] = (
        lines["rent"],
        lines["formula"],
        lines["most"],
    )
    held["rent_over"] = lines["over"]
