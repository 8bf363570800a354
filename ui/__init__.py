"""The desktop app (PySide6, pyqtgraph): the only layer that imports Qt."""
from ui.qt_fixes import apply as _guard_pyside_refcounts

_guard_pyside_refcounts()
