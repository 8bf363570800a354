"""The HRA business plan at the depth of a council's 30-year plan: 4 archetypes, 12 components and
20 loans (the 2026 example, its book and survey filled out), as a 10,000-trial Monte Carlo with
every percentile, one scalar run and the most-homes solver, each against its target."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from planner.analysis.montecarlo import monte_carlo
from planner.project.scenario_file import RunDef

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.core.validation import CHECKED_MOST
from models.hra.model import SPEC
from models.hra.solvers import max_extra_units
from tools.build_hra_example import inputs

TRIALS = 10_000
VARY = {
    "gilt_yield": "normal(5%, 0.5%)",
    "cost_inflation": "uniform(2%, 3.5%)",
    "variable_rate_shift": "triangular(-0.5%, 0%, 2%)",
    "management_per_unit": "triangular(900, 950, 1100)",
    "major_repairs_per_unit": "normal(1450, 100)",
    "market_rent_growth": "uniform(1%, 3%)",
}


def plan() -> dict:
    """The example with 12 components and 20 loans."""
    raw = dict(inputs()[0])
    extra = [("Lifts", 20, 60000.0, "High-rise flats"), ("Communal areas", 15, 1500.0, "Low-rise flats")]
    extra += [
        ("Door entry", 15, 800.0, ""),
        ("Fire doors", 30, 1800.0, "High-rise flats"),
        ("Sprinklers", 30, 3000.0, "Sheltered"),
    ]
    kept = {row["component"] for row in raw["components"]}
    assert len(kept) + len(extra) == 12
    raw["components"] = raw["components"] + [
        {"component": c, "archetype": a, "unit_cost": cost, "life": life, "last_replaced": 2010, "spread": 5}
        for c, life, cost, a in extra
    ]
    book = raw["loans"]
    raw["loans"] = book + [
        dict(book[i % len(book)], lender=f"PWLB tranche {i}", principal=5e6, maturity=2028 + 2 * i)
        for i in range(20 - len(book))
    ]
    return raw


def new_tables(raw: dict, count: int) -> list[dict]:
    """`count` copies of the plan, each with every table changed a little (a loan's principal, an
    archetype's rent, a component's cost, a programme's homes, a new build's homes, a rent limit):
    runs none of whose tables validation has seen, as the first run of a plan is. More of them than
    validation remembers, so that going round them again, each is new again."""
    out = []
    for k in range(count):
        copy = {key: [dict(row) for row in v] if isinstance(v, list) else v for key, v in raw.items()}
        copy["loans"][0]["principal"] += k
        copy["archetypes"][0]["weekly_rent"] += k * 1e-6
        copy["components"][0]["unit_cost"] += k * 1e-3
        copy["works"][0]["homes"] += k * 1e-6
        copy["new_build"][0]["units"] += k * 1e-6
        copy["rent_limit"][0]["over_cpi"] += k * 1e-12
        out.append(copy)
    return out


def cases() -> list[tuple[str, object, float | None]]:
    raw = plan()
    runs = [RunDef("plan", "hra", raw)]
    fresh = itertools.cycle(new_tables(raw, CHECKED_MOST + 44))
    return [
        (
            f"hra plan: Monte Carlo {TRIALS:,} trials, 4 archetypes, 12 components, 20 loans, every percentile",
            lambda: monte_carlo(runs, "plan", VARY, TRIALS, seed=1),
            0.1,
        ),
        (
            "hra plan: one 30-year run (its tables as they were: an edit elsewhere, a solver's try)",
            lambda: SPEC.run(raw).trial(0),
            0.002,
        ),
        (
            "hra plan: one 30-year run, every table new to it (a plan's first run)",
            lambda: SPEC.run(next(fresh)).trial(0),
            None,
        ),
        ("hra plan: the most-homes solver", lambda: max_extra_units(raw), 0.1),
    ]
