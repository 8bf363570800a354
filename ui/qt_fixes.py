"""A guard against reference-count bugs in PySide6 6.12.0, applied when `ui` is imported.

In that release a wrapped C++ method that returns nothing (`label.setText(...)`,
`item.setPos(...)`) hands back `None` without taking a reference to it, and
`SignalInstance.emit()` does the same with `True`. Every such call leaves the object one
reference short. On Python 3.11, where `None` and `True` are ordinary objects, a few thousand
calls (one redraw of a chart makes dozens) drive the count to zero and the interpreter aborts
("Fatal Python error: none_dealloc" / "bool_dealloc"), on exit or mid-session.

A fixed PySide6 is the real cure. Until then, where a probe shows a leak, the object is given
a spare 2**40 references, which no session can use up. Python 3.12+ makes both immortal, and
there nothing is done.
"""
from __future__ import annotations

import ctypes
import sys

SPARE = 1 << 40
PROBES = 16


def leaks() -> list[object]:
    """The singletons this PySide6 drops references to (measured, not guessed from versions)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    found = []
    for singleton, call in ((None, lambda: probe.setObjectName("probe")), (True, probe.ping.emit)):
        before = sys.getrefcount(singleton)
        for _ in range(PROBES):
            call()
        if before - sys.getrefcount(singleton) >= PROBES // 2:
            found.append(singleton)
    return found


def apply() -> list[object]:
    """Give each leaking singleton spare references; returns those it guarded."""
    if sys.version_info >= (3, 12) or getattr(sys, "_ffg_refcounts_guarded", False):
        return []
    guarded = leaks()
    for singleton in guarded:
        # ob_refcnt is the first field of every object in CPython 3.11 (a Py_ssize_t at id(obj))
        ctypes.c_ssize_t.from_address(id(singleton)).value += SPARE
    sys._ffg_refcounts_guarded = True  # once per interpreter
    return guarded
