"""The HRA's year-by-year loops for a single trial, on Python floats.

For one trial numpy's cost per call would be most of the work, so `models.hra.engine` runs
these instead; each number goes through the same operations in the same order as the array
loops, so a scalar run and trial i of an array run agree exactly (a property test checks it).
min and max are numpy's: NaN if either side is; spelt out inline as `b if b < a or b != b else a`
(the smaller, or b when it is NaN; a when a is NaN, as then b < a is False) and its mirror.
"""

from __future__ import annotations


def gone_floats(limit: list, so_far: list, spend: int | None) -> list:
    """Receipts gone (used or paid over) by the end of each year: G_t = clip(G_t-1 + l_t, D_t, C_t)."""
    gone = [0.0]
    for t, (cap, kept) in enumerate(zip(limit, so_far)):
        g = gone[t] + cap
        g = kept if kept < g or kept != kept else g
        due = so_far[t - spend] if spend is not None and t >= spend else 0.0
        gone.append(due if due > g or due != due else g)
    return gone


def financing_floats(
    noi: list,
    need: list,
    old: float,
    balance: float,
    rate_old: list,
    rate_new: float,
    floor: float,
    repays: bool,
    earn: float | None = None,
) -> list:
    """Columns: interest on old and new debt, surplus, borrowed, balance used, repaid (T each);
    old debt, new debt, balance (T + 1 each). `rate_old` is the existing debt's rate each year;
    `earn` the rate earned on the opening balance (None: none, and nothing added)."""
    new, repaid, years = 0.0, 0.0, [(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, old, 0.0, balance)]
    for t in range(len(noi)):
        interest_old, interest_new = old * rate_old[t], new * rate_new
        surplus = noi[t] - interest_old - interest_new
        if earn is not None:
            surplus = surplus + balance * earn
        cash = balance + surplus
        spare = cash - floor
        spare = 0.0 if spare < 0.0 else spare  # max(spare, 0): NaN stays NaN
        borrowed = need[t] - spare
        borrowed = 0.0 if borrowed < 0.0 else borrowed
        used = need[t] - borrowed
        new, cash = new + borrowed, cash - used
        if repays:
            spare = cash - floor
            spare = 0.0 if spare < 0.0 else spare
            off_new = new if new < spare or new != new else spare
            off_old = spare - off_new
            off_old = old if old < off_old or old != old else off_old
            new, old, repaid = new - off_new, old - off_old, off_new + off_old
            cash = cash - repaid
        balance = cash
        years.append((interest_old, interest_new, surplus, borrowed, used, repaid, old, new, balance))
    columns = list(zip(*years))
    return [c[1:] for c in columns[:6]] + columns[6:]


def rent_floats(
    start: list,
    grow: list,
    formulas: list,
    conv: list,
    floor: list | None,
    to_formula: list,
    affordable: list,
) -> list:
    """Each archetype's rent by year, [T][A], from the first year's rents (models.hra.rents):
    r_t = r_t-1 × grow_t; + clip(F_t − r_t, 0, c_t) where the archetype converges to formula
    rent; ≤ floor_t (the Affordable Rent cap less the service charge) where it is Affordable Rent."""
    years = [start]
    for t in range(1, len(grow)):
        g, c, row = grow[t], conv[t], []
        for a, r in enumerate(years[-1]):
            r = r * g
            if to_formula[a]:
                gap = formulas[t][a] - r
                gap = 0.0 if gap < 0.0 else gap
                gap = c if c < gap or c != c else gap
                r = r + gap
            if floor is not None and affordable[a]:
                cap = floor[t][a]
                r = cap if cap < r or cap != cap else r
            row.append(r)
        years.append(row)
    return years


def reserve_floats(spend: list, credit: list) -> tuple[list, list]:
    """The Major Repairs Reserve at the start of each year and the end of the last (T + 1), and
    what it pays each year (T): credited, then drawn for the year's spend up to what it holds."""
    held, used = [0.0], []
    for cost, added in zip(spend, credit):
        balance = held[-1] + added
        paid = cost if cost < balance or cost != cost else balance
        used.append(paid)
        held.append(balance - paid)
    return held, used
