"""Worker threads for the numpy-heavy parts of an analysis (Monte Carlo chunks, sorting trials).

numpy lets go of the GIL inside its loops (sorting, and every ufunc over more than a few
hundred values), so a second thread does real work while the first is in Python: on a 2-core
laptop two threads take a 10,000-trial Monte Carlo of the HRA from about 150 ms to about 80.
More than four threads buy little (the Python between numpy calls holds the GIL) and each one
holds a chunk of trials in memory. The threads are started once, on first use, and kept.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


WORKERS = max(1, min(4, _cores()))

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_ours: set[int] = set()  # the executor's threads


def _enrol() -> None:
    _ours.add(threading.get_ident())


def executor() -> ThreadPoolExecutor:
    """The process's worker threads (WORKERS of them)."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(WORKERS, thread_name_prefix="planner-worker", initializer=_enrol)
        return _executor


def on_worker() -> bool:
    """True on one of the worker threads: work started there runs there (waiting on the others
    from inside one could leave every worker waiting)."""
    return threading.get_ident() in _ours


def parallel_map(fn: Callable[[T], R], items: Iterable[T], workers: int = WORKERS) -> list[R]:
    """[fn(item) for item in items], on the worker threads; the first exception is raised. One
    item, one worker, or a call from a worker thread runs here without them."""
    items = list(items)
    if workers <= 1 or len(items) <= 1 or on_worker():
        return [fn(item) for item in items]
    return list(executor().map(fn, items))
