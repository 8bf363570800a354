"""Large work buffers for the vectorised models, kept for the next run that asks for the same size.

A 5,000-trial HRA run writes about 50 MB of lines and scratch. Fresh memory that size is zeroed
by the kernel page by page as it is first written, a fifth of the run's time, and a Monte Carlo
evaluates chunk after chunk of one size. So a large buffer is kept when its run is done and
handed to the next run asking for that size, but only when nothing else refers to it: a result
still in use keeps its buffer. Results never depend on it: a buffer's contents are undefined,
as np.empty's are, and every model writes a value before it reads it.
"""

from __future__ import annotations

import sys
import threading

import numpy as np

MIN_BYTES = 4 << 20  # smaller buffers malloc reuses by itself
KEEP_BYTES = 256 << 20  # at most this much is kept

_kept: list[np.ndarray] = []
_lock = threading.Lock()
_UNUSED = 3  # references to a kept buffer nobody uses, as counted below: the list, the loop, the call


def empty(size: int) -> np.ndarray:
    """A float64 array of `size` elements, contents undefined: a kept buffer of that size that
    nothing refers to, else a new one, kept while the kept ones total at most KEEP_BYTES."""
    if size * 8 < MIN_BYTES:
        return np.empty(size)
    with _lock:  # handed out under the lock: the caller's reference counts before anyone looks again
        for buffer in _kept:
            if buffer.size == size and sys.getrefcount(buffer) == _UNUSED:
                return buffer
        buffer = np.empty(size)
        if sum(b.nbytes for b in _kept) + buffer.nbytes <= KEEP_BYTES:
            _kept.append(buffer)
        return buffer


def kept_bytes() -> int:
    with _lock:
        return sum(b.nbytes for b in _kept)


def release() -> None:
    """Forget every kept buffer (its memory goes back once nothing else refers to it)."""
    with _lock:
        _kept.clear()
