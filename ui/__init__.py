"""The desktop app (PySide6, pyqtgraph): the only layer that imports Qt."""
