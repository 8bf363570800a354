"""Worker threads for the numpy-heavy parts of an analysis (Monte Carlo chunks, sorting trials).

numpy lets go of the GIL inside its loops (sorting, and every ufunc over more than a few
hundred values), so a second thread does real work while the first is in Python: on a 2-core
laptop two threads take a 10,000-trial Monte Carlo of the HRA from about 150 ms to under 100.
More than four threads buy little (the Python between numpy calls holds the GIL) and each one
holds a chunk of trials in memory.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


WORKERS = max(1, min(4, _cores()))


def parallel_map(fn: Callable[[T], R], items: Iterable[T], workers: int = WORKERS) -> list[R]:
    """[fn(item) for item in items], on up to `workers` threads; the first exception is raised
    once every started call has ended. One item, or one worker, runs here without a thread."""
    items = list(items)
    if workers <= 1 or len(items) <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(min(workers, len(items))) as pool:
        return list(pool.map(fn, items))
