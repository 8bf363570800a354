"""Two-way data tables and Monte Carlo drivers against their targets.

A 20 × 20 table of the 30-year HRA plan is 400 trials and the base case in one vectorised call;
the drivers of a 10,000-trial Monte Carlo are five Spearman rank correlations over its trials,
timed on their own (the Monte Carlo itself is timed in bench_analysis).
"""

from __future__ import annotations

import numpy as np

from benchmarks.bench_analysis import HRA_VARY, TRIALS, _available
from planner.analysis.drivers import drivers
from planner.analysis.montecarlo import monte_carlo
from planner.analysis.two_way import two_way
from planner.project.scenario_file import RunDef


def cases() -> list[tuple[str, object, float | None]]:
    if not _available("hra"):
        return []
    runs = [RunDef("plan", "hra", {"horizon": 30, "extra_units_per_year": 40.0})]
    rents, inflation = np.linspace(75.0, 95.0, 20), np.linspace(0.01, 0.04, 20)
    result = monte_carlo(runs, "plan", HRA_VARY, TRIALS, seed=1, lines=[])
    return [
        (
            "tables: a 20 × 20 two-way table of the 30-year HRA (rent × cost inflation)",
            lambda: two_way(runs, "plan", "weekly_rent", "cost_inflation", "min_headroom", rents, inflation),
            0.1,
        ),
        (
            f"tables: Monte Carlo drivers of {TRIALS:,} HRA trials (5 inputs), on top of the run",
            lambda: drivers(result, "min_headroom"),
            0.05,
        ),
    ]


if __name__ == "__main__":  # pragma: no cover - `make bench` runs every module; this runs just this one
    from benchmarks.__main__ import show
    from benchmarks.timing import median_seconds, row

    print(show([row(name, median_seconds(fn), target) for name, fn, target in cases()]))
