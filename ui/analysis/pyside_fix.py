"""Work around PySide6 6.12 dropping references to None, True and False on Python 3.11.

The PySide6-Essentials 6.12.0 wheel (abi3, built with Python 3.12+ headers, where these objects
are immortal) returns them without the reference the caller is owed: every void method called
from Python (`point.setX(1)`, `item.setPos(x, y)`), every `Signal.emit()` and every
`disconnect()` takes one reference from None or True. Python 3.11 starts with a few thousand;
after that many calls the process aborts with "Fatal Python error: none_dealloc: deallocating
None" (or bool_dealloc). pyqtgraph makes dozens of such calls per plot item, so a chart or two
is enough.

On CPython before 3.12, `apply()` adds 2**40 to the reference counts of None, True, False,
NotImplemented and Ellipsis, so a dropped reference can never bring them to zero: what Python
3.12 does by making them immortal. These objects are never freed anyway, so the extra count
changes nothing else. On 3.12 and later, or another Python, it does nothing. It is idempotent;
call it once at start-up, before Qt is used much (ui/analysis/__init__.py does, so every
dialog and chart here is covered). The lasting cure is Python 3.12+ or a PySide6 build without
the fault.
"""
from __future__ import annotations

import ctypes
import sys

BOOST = 1 << 40  # a dropped reference a microsecond would take 12 days of calls to use this up
SINGLETONS = (None, True, False, NotImplemented, Ellipsis)
_applied = False


def needed() -> bool:
    """Whether this interpreter can lose these objects to a missing reference (CPython < 3.12)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def apply() -> bool:
    """Make the singletons effectively immortal where needed; True if the boost is in place."""
    global _applied
    if _applied or not needed():
        return _applied
    # In a release build the reference count is the object's first field (a Py_ssize_t); a debug
    # build (sys.gettotalrefcount exists) puts two list pointers before it.
    offset = 2 * ctypes.sizeof(ctypes.c_void_p) if hasattr(sys, "gettotalrefcount") else 0
    for obj in SINGLETONS:
        ctypes.c_ssize_t.from_address(id(obj) + offset).value += BOOST
    _applied = True
    return True
