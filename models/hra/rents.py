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
from models.hra.book import TENURES
from models.hra.same import derived, keep, one, rows, shape_of, spread, stack
from models.hra.single import rent_floats

AT_LIMIT = 0.005  # £ a week: within half a penny of the limit is at it
ONE = np.ones(1)  # 1 + L_t in a year with no limit (L_t none): the rent as it is
ONE.flags.writeable = False


def limits(x: Inputs, horizon: int) -> tuple[tuple, tuple]:
    """The limit L_t (None where no row covers year t) and the convergence allowance c_t, by year
    (worked out once for the limit table as it is: not to be changed)."""
    return derived(x, "rent_limit", ("limits", x.start_year, horizon), lambda: _limits(x, horizon))


def _limits(x: Inputs, horizon: int) -> tuple[tuple, tuple]:
    by_year = {r["year"] - x.start_year: r for r in rows(x, "rent_limit")}
    rates, allowances = [None] * horizon, [0.0] * horizon
    for t in range(horizon):
        row = by_year.get(t)
        if row is None:
            continue
        rate = row["over_cpi"] if row["cpi"] is None else row["cpi"] + row["over_cpi"]
        rates[t] = rate if row["ceiling"] is None else np.minimum(rate, row["ceiling"])
        allowances[t] = row["convergence"]
    return tuple(rates), tuple(allowances)


def limit_rows(x: Inputs, horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`limits` as arrays, years down: whether a limit is in force, (T, 1); 1 + L_t, (T, m), 1
    where none is; and c_t, (T, m) (worked out once, as `limits`; read-only)."""
    return derived(x, "rent_limit", ("rows", x.start_year, horizon), lambda: _limit_rows(x, horizon))


def _limit_rows(x: Inputs, horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rates, conv = limits(x, horizon)
    limited = np.array([rate is not None for rate in rates])[:, None]
    steps = stack([ONE if rate is None else 1.0 + rate for rate in rates])  # every one an array: joined
    return limited, steps, stack(list(conv))


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


def homes(x: Inputs, horizon: int) -> np.ndarray:
    """Every archetype's homes at the start of each year and the end of the last, (T + 1, A, m)
    (worked out once for the archetype table as it is; read-only)."""
    return derived(x, "archetypes", ("homes", horizon), lambda: _homes(x, horizon))


def _homes(x: Inputs, horizon: int) -> np.ndarray:
    years = np.arange(horizon + 1.0)[:, None, None]
    return np.maximum(_column(x, "homes") - years * _column(x, "rtb_sales"), 0.0)


def old_stock(x: Inputs, horizon: int) -> np.ndarray:
    """The existing homes still held, (T + 1, m): the archetypes' sum, in the order of the table
    (worked out once for the archetype table as it is; read-only)."""
    return derived(x, "archetypes", ("old stock", horizon), lambda: _old_stock(x, horizon))


def _old_stock(x: Inputs, horizon: int) -> np.ndarray:
    held = homes(x, horizon)
    total = held[:, 0].copy()
    for a in range(1, held.shape[1]):
        total += held[:, a]
    return total


def _total(values: np.ndarray) -> np.ndarray:
    """(T, A, m) summed over the archetypes, a new (T, m): 0 + the first + the second + …, in order.
    One running sum over the archetypes, then + 0 (a sum begun at 0 is never -0; begun at the first
    term, it differs from one begun at 0 only in the sign of a zero, which the + 0 makes the same)."""
    total = np.add.accumulate(values, axis=1)[:, -1]
    total += 0.0
    return total


def _column(x: Inputs, key: str) -> np.ndarray:
    """One column of the archetype table as (A, m): an archetype a row, trials across (read-only)."""
    return derived(x, "archetypes", ("column", key), lambda: stack([row[key] for row in rows(x, "archetypes")]))


def _tenures(x: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which archetypes are Social Rent, Affordable Rent and shared ownership, (A, 1) each; and
    which Social Rent ones have a formula rent to converge to, (A, m) (read-only)."""

    def make() -> tuple[np.ndarray, ...]:
        table = rows(x, "archetypes")
        social, affordable, shared = (np.array([[row["tenure"] == t] for row in table]) for t in TENURES)
        return social, affordable, shared, social & (_column(x, "formula_rent") > 0)

    return derived(x, "archetypes", ("tenures",), make)


def rent_paths(x: Inputs, grow: list, cost_index: np.ndarray) -> tuple:
    """Every archetype's rent, formula rent and most permitted rent, each (T, A, m); see the module
    note. What follows from last year's alone (formula, market rent and LHA: running products; the
    Affordable Rent cap; the most permitted) is worked for every year at once; only the rent, which
    the clip to formula rent and the cap make depend on itself, goes a year at a time."""
    social, affordable, shared, to_formula = _tenures(x)
    rent, formula = _column(x, "weekly_rent"), _column(x, "formula_rent")
    limited, limit, conv_ = limit_rows(x, len(grow))
    growth_ = stack(grow)
    # formula rent: F_0 as entered, then × (1 + L_t), or the plan's growth in a year without a limit
    steps = np.empty((len(grow),) + shape_of(formula.shape, limit.shape[1:], growth_.shape[1:]))
    steps[0] = formula
    steps[1:] = np.where(limited, limit, growth_)[1:, None]
    formulas = np.cumprod(steps, axis=0)
    capped = bool(affordable.any())  # Affordable Rent's caps worked out only where there is such a home
    shapes = [rent.shape, formulas.shape[1:], growth_.shape[1:], conv_.shape[1:]]
    if capped:
        market_growth = 1.0 + one(x.market_rent_growth)
        market = _grown(_column(x, "market_rent"), market_growth, len(grow))
        lha = _grown(_column(x, "lha"), market_growth, len(grow))
        cap = np.minimum(np.where(market > 0, 0.8 * market, np.inf), np.where(lha > 0, lha, np.inf))
        floor = np.maximum(cap - _column(x, "service_charge") * cost_index[:, None, :], 0.0)
        shapes.append(floor.shape[1:])
    rents_ = np.empty((len(grow),) + shape_of(*shapes))
    rents_[0] = rent
    if rents_.shape[-1] == 1:  # one column of trials: the recursion on floats (models.hra.single)
        rents_[:, :, 0] = rent_floats(
            rent[:, 0].tolist(),
            growth_[:, 0].tolist(),
            spread(formulas, rents_.shape)[:, :, 0].tolist(),
            conv_[:, 0].tolist(),
            floor[:, :, 0].tolist() if capped else None,
            to_formula[:, 0].tolist(),
            affordable[:, 0].tolist(),
        )
    else:
        _rent_years(rents_, growth_, formulas, conv_, floor if capped else None, to_formula, affordable)
    # the most permitted: last year's rent × (1 + L_t), convergence only up to formula rent; none
    # (NaN) in the first year, in a year with no limit and for shared ownership (outside the Rent Standard)
    allowed = rents_[:-1] * np.where(limited, limit, np.nan)[1:, None]
    gap = np.minimum(np.maximum(formulas[1:] - allowed, 0.0), conv_[1:, None])  # np.clip's work, unwrapped
    allowed = np.where(social, allowed + gap, allowed)
    most = np.empty((len(allowed) + 1,) + allowed.shape[1:])
    most[0] = np.nan
    np.copyto(most[1:], np.where(shared, np.nan, allowed))
    shape = shape_of(rents_.shape, formulas.shape, most.shape)
    return tuple(spread(v, shape) for v in (rents_, formulas, most))


def _grown(first: np.ndarray, step: np.ndarray, years: int) -> np.ndarray:
    """`first` in the first year, × `step` in each later one: (T, A, m), a running product."""
    steps = np.empty((years,) + shape_of(first.shape, step.shape))
    steps[0] = first
    steps[1:] = step
    return np.cumprod(steps, axis=0)


def _rent_years(
    rents_: np.ndarray,
    grow: np.ndarray,
    formulas: np.ndarray,
    conv: np.ndarray,
    floor: np.ndarray | None,
    to_formula: np.ndarray,
    affordable: np.ndarray,
) -> None:
    """`rents_` (T, A, m) from its first year, a year at a time (`rent_paths`; `floor` None
    without Affordable Rent): each ufunc in place, where= keeping the rent of the other archetypes."""
    gap = np.empty(rents_.shape[1:])
    formulas_ = to_formula.any()
    for t in range(1, len(grow)):
        r = rents_[t]
        np.multiply(rents_[t - 1], grow[t], out=r)
        if formulas_:  # r + clip(F_t − r, 0, c_t), the clip's max then min
            np.subtract(formulas[t], r, out=gap)
            np.maximum(gap, 0.0, out=gap)
            np.minimum(gap, conv[t], out=gap)
            np.add(r, gap, out=r, where=to_formula)
        if floor is not None:
            np.minimum(r, floor[t], out=r, where=affordable)


def archetype_lines(x: Inputs, cost_index: np.ndarray, weeks: float | np.ndarray) -> dict:
    """Gross and net rent and service charges of the existing homes, (T, m) each; the home-weighted
    average rent, formula rent and most permitted rent a week; and the Rent Standard breach. Worked
    for every archetype at once, (T, A, m), then added up over them in the order of the table."""
    horizon = len(cost_index)
    grow, rates = growth(x, horizon), limits(x, horizon)[0]
    rent, formula, most = rent_paths(x, grow, cost_index)
    opening, average, kept, homes_, service = derived(
        x, "archetypes", ("weights", horizon), lambda: _weights(x, horizon)
    )
    gross = average * rent * weeks
    unknown = np.isnan(most)
    has_formula = opening * (formula > 0)
    out = {
        "gross": _total(gross),
        "net": _total(gross * kept),
        "service": service,  # × weeks and cost index below
        "homes": homes_,
        "rent": _total(opening * rent),
        "with_formula": _total(has_formula),
        "formula": _total(has_formula * formula),
        "most": _total(opening * np.where(unknown, rent, most)),
    }
    excess = np.where(unknown, 0.0, rent - most)
    over = np.maximum(0.0, excess[:, 0])
    for a in range(1, excess.shape[1]):
        np.maximum(over, excess[:, a], out=over)
    out["over"] = over
    out["service"] = out["service"] * weeks * cost_index
    with np.errstate(all="ignore"):
        for k, weight in (("rent", "homes"), ("formula", "with_formula"), ("most", "homes")):
            out[k] = np.where(out[weight] > 0, out[k] / out[weight], 0.0 if k == "formula" else np.nan)
    unlimited = derived(x, "rent_limit", ("unlimited", x.start_year, horizon), lambda: _unlimited(rates))
    out["most"] = np.where(unlimited, out["rent"], out["most"])  # the rent itself where no limit applies
    return out


def _unlimited(rates: tuple) -> np.ndarray:
    """The years no limit applies to, (T, 1): the first, and any without a limit in force."""
    return np.array([t == 0 or rate is None for t, rate in enumerate(rates)])[:, None]


def _weights(x: Inputs, horizon: int) -> tuple[np.ndarray, ...]:
    """What `archetype_lines` takes from the archetype table alone: the homes at the start of each
    year and on average over it, the share of rent collected ((1 − void rate) × (1 − bad debts)),
    all (T, A, m); the homes at the start of each year and service charges at first-year prices,
    a week, added up over the archetypes, (T, m)."""
    held = homes(x, horizon)
    opening = held[:-1]
    average = 0.5 * (opening + held[1:])
    kept = (1.0 - _column(x, "void_rate")) * (1.0 - _column(x, "bad_debt_rate"))
    return opening, average, kept, _total(opening), _total(average * _column(x, "service_charge") * kept)


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
        rates = limits(x, len(rent))[0]
        limited = [t for t, rate in enumerate(rates) if rate is not None and t > 0]
        if limited:  # last year's rent × (1 + L_t), every such year at once
            most[limited] = rent[[t - 1 for t in limited]] * (1.0 + stack([rates[t] for t in limited]))
        keep(held, "average_rent", rent)
        keep(held, "formula_rent", np.zeros((len(rent), 1)))
        keep(held, "limit_rent", most)
        return
    lines = archetype_lines(x, cost_index, one(x.rent_weeks))
    held["gross_rent"] += lines["gross"]
    held["net_rent"] += lines["net"]
    held["other_income"] += lines["service"]
    for name, line in (("average_rent", "rent"), ("formula_rent", "formula"), ("limit_rent", "most")):
        keep(held, name, lines[line])
    held["rent_over"] = lines["over"]
