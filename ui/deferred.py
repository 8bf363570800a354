"""Drawing that waits until its view is on screen: a tab out of sight is not laid out, painted or
fitted after every edit; it draws the latest request once, when it is next shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget


class WhenShown:
    """`request(*args)` calls `draw(*args)` now if `widget` is visible, else keeps only the last
    request for `flush()`, which the widget calls from its showEvent (and before it is read)."""

    def __init__(self, widget: QWidget, draw: Callable[..., Any]) -> None:
        self._widget, self._draw = widget, draw
        self._pending: tuple | None = None

    def request(self, *args: Any) -> None:
        if self._widget.isVisible():
            self._pending = None
            self._draw(*args)
        else:
            self._pending = args

    def flush(self) -> None:
        if self._pending is not None:
            args, self._pending = self._pending, None
            self._draw(*args)
