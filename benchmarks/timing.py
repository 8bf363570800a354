"""Median wall time of a zero-argument function."""

from __future__ import annotations

import statistics
import time


def median_seconds(fn, min_total: float = 1.0, max_reps: int = 200, min_reps: int = 9) -> float:
    """The median of at least `min_reps` timed calls (and of as many as fit in `min_total` seconds):
    enough that a busy moment on a shared machine moves it little."""
    fn()  # warm caches and imports
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < max_reps and (len(times) < min_reps or time.perf_counter() - start < min_total):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def row(name: str, seconds: float | None, target: float | None, note: str = "", value: str | None = None) -> dict:
    """A table row: measured seconds against a target in seconds (or a ratio in `value`)."""
    return {"name": name, "seconds": seconds, "target": target, "note": note, "value": value}
