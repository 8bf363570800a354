"""Analysis: Monte Carlo, tornado and the most-homes solver, each against its target.

`cases()` are timed by `make bench`; `rows()` measures the Monte Carlo speed-up over the same
trials run one at a time (a sample of single runs, scaled up to the full count).
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.timing import median_seconds, row
from planner.analysis.montecarlo import draw, monte_carlo
from planner.analysis.sensitivity import evaluate_with, tornado
from planner.project.project_file import load_project
from planner.project.scenario_file import RunDef
from planner.registry import get_spec, model_keys

TRIALS = 10_000
LOOP_SAMPLE = 200
HRA_VARY = {
    "weekly_rent": "triangular(80, 85, 92)",
    "new_debt_rate": "normal(3%, 0.5%)",
    "cost_inflation": "uniform(2%, 3.5%)",
    "rtb_sales": "lognormal(30, 8)",
    "extra_cost_per_unit": "triangular(140k, 160k, 200k)",
}
HF_VARY = {
    "retention_rate": "triangular(0.7, 0.8, 0.9)",
    "support_cost_per_person_year": "normal(4200, 300)",
    "annual_target": "uniform(200, 250)",
}


PROGRAMME_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "funding-for-growth-programme.ffg"
PROGRAMME_VARY = {
    "optimism_bias": "triangular(10%, 20%, 40%)",
    "borrowing_rate": "normal(4.5%, 0.5%)",
    "deflator_growth": "uniform(1.5%, 3%)",
}


def _programme_monte_carlo() -> tuple[str, object, float | None]:
    """The example's programme (its linked BRS and land value runs, 22 streams, the appraisal in
    real terms and the prudential indicators), 10,000 trials, every percentile of every line."""
    project = load_project(PROGRAMME_EXAMPLE)
    runs = project.resolve()
    name = next(r.name for r in runs if r.model == "programme")
    return (
        f"analysis: Monte Carlo {TRIALS:,} trials of the example programme (appraisal, indicators), every percentile",
        lambda: monte_carlo(runs, name, PROGRAMME_VARY, TRIALS, seed=1),
        0.1,
    )


def _available(key: str) -> bool:
    try:
        get_spec(key)
    except ImportError:
        return False
    return True


def _monte_carlo_subject() -> tuple[str, list[RunDef], dict]:
    """The 30-year HRA with 40 extra homes a year (so the cap binds in some trials), else Housing First."""
    if _available("hra"):
        return "30-year HRA", [RunDef("plan", "hra", {"extra_units_per_year": 40.0})], HRA_VARY
    return "Housing First", [RunDef("plan", "housing_first", {})], HF_VARY


def cases() -> list[tuple[str, object, float | None]]:
    label, runs, vary = _monte_carlo_subject()
    out = [
        (
            f"analysis: Monte Carlo {TRIALS:,} trials of the {label}, every percentile",
            lambda: monte_carlo(runs, "plan", vary, TRIALS, seed=1),
            0.1,
        ),
        (
            "analysis: the same without annual lines (metrics and checks only)",
            lambda: monte_carlo(runs, "plan", vary, TRIALS, seed=1, lines=[]),
            None,
        ),
    ]
    if _available("programme"):
        out.append(_programme_monte_carlo())
    for key in model_keys():
        if not _available(key):
            continue
        spec = get_spec(key)
        metric = spec.metrics[0].name
        model_runs = [RunDef("m", key, {})]
        out.append(
            (f"analysis: tornado over every input of {key}", lambda r=model_runs, m=metric: tornado(r, "m", m), 0.1)
        )
    if _available("hra"):
        from planner.analysis.solvers import most_homes

        hra = [RunDef("plan", "hra", {})]
        out.append(("analysis: HRA most extra homes a year", lambda: most_homes(hra, "plan"), 0.1))
    return out


FIRST_RUN = """
import time
from benchmarks.bench_analysis import _monte_carlo_subject
from planner.analysis.montecarlo import monte_carlo
label, runs, vary = _monte_carlo_subject()
start = time.perf_counter()
monte_carlo(runs, "plan", vary, {trials}, seed=1)
print(time.perf_counter() - start)
"""


def first_run_seconds() -> float:
    """The Monte Carlo as the first analysis of a fresh process: worker threads to start and the
    model's work buffers still to be paged in (the repeated runs timed above have both)."""
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run(
        [sys.executable, "-c", FIRST_RUN.format(trials=TRIALS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return float(out.stdout.strip().splitlines()[-1])


def rows() -> list[dict]:
    """Monte Carlo in vectorised chunks against the same trials looped as single runs."""
    label, runs, vary = _monte_carlo_subject()
    vector = median_seconds(lambda: monte_carlo(runs, "plan", vary, TRIALS, seed=1), min_reps=3, max_reps=5)
    draws, _, _ = draw(runs, "plan", vary, TRIALS, seed=1)
    start = time.perf_counter()
    for i in range(LOOP_SAMPLE):
        evaluate_with(runs, "plan", {p: float(v[i]) for p, v in draws.items()})
    looped = (time.perf_counter() - start) / LOOP_SAMPLE * TRIALS
    first = sorted(first_run_seconds() for _ in range(3))[1]
    return [
        row(
            "analysis: the same Monte Carlo as a fresh process's first analysis",
            first,
            None,
            note="median of 3 processes",
        ),
        row(
            f"analysis: Monte Carlo speed-up over {TRIALS:,} single {label} runs",
            None,
            None,
            note=f"{LOOP_SAMPLE} single runs timed, scaled up",
            value=f"{looped / vector:,.0f}x",
        ),
        row(f"analysis: {TRIALS:,} single {label} runs (estimated)", looped, None),
    ]


if __name__ == "__main__":  # pragma: no cover - `make bench` runs every module; this runs just this one
    from benchmarks.__main__ import show

    table = [row(name, median_seconds(fn), target) for name, fn, target in cases()] + rows()
    print(show(table))
