"""Each model: a 40-year scalar run, 10,000 trials at once, and the speed-up over a loop."""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds, row
from planner.project.paths import declaration, get_value, numeric_paths, with_value
from planner.registry import get_spec, model_keys

TRIALS = 10_000
LOOP_SAMPLE = 100


def _forty_years(spec) -> dict:
    raw = spec.defaults()
    raw["horizon"] = 40
    return raw


def _trials(spec, raw: dict, n: int, rng) -> dict:
    """Vary up to six numeric inputs by ±20% across n trials, inside their bounds."""
    out = raw
    for path in numeric_paths(spec, raw)[:6]:
        field = declaration(spec, path)
        base = float(get_value(spec, raw, path))
        values = base * rng.uniform(0.8, 1.2, n)
        if field.integer:
            values = np.round(values)
        lo = field.low if field.low is not None else -np.inf
        hi = field.high if field.high is not None else np.inf
        out = with_value(spec, out, path, np.clip(values, lo, hi))
    return out


def rows() -> list[dict]:
    out = []
    rng = np.random.default_rng(1)
    for key in model_keys():
        try:
            spec = get_spec(key)
        except ImportError:
            continue
        scalar = spec.defaults() if key == "hra" else _forty_years(spec)
        many = _trials(spec, spec.defaults(), TRIALS, rng)
        one = median_seconds(lambda spec=spec: spec.run(_forty_years(spec)).trial(0))
        vector = median_seconds(lambda spec=spec, many=many: spec.run(many), min_reps=3)
        looped = (
            median_seconds(
                lambda spec=spec, scalar=scalar: [spec.run(scalar) for _ in range(LOOP_SAMPLE)], min_reps=1, max_reps=3
            )
            / LOOP_SAMPLE
            * TRIALS
        )
        out.append(row(f"{key}: one 40-year run", one, 0.002))
        out.append(row(f"{key}: {TRIALS:,} trials at once", vector, 0.1))
        out.append(
            row(
                f"{key}: speed-up over {TRIALS:,} single runs",
                None,
                None,
                note=">= 50x",
                value=f"{looped / vector:,.0f}x",
            )
        )
    return out
