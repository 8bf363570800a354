"""What the app remembers between sessions (recent files, window geometry), in QSettings.

Always an INI file in the user scope, so a test can move it with `QSettings.setPath` and a
council laptop keeps it in the profile rather than in the registry.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ORGANISATION = "Funding for Growth"
APPLICATION = "Planner"
RECENT_KEY = "recent_files"
MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def recent_files() -> list[str]:
    """Recent project files, newest first, leaving out any no longer there."""
    value = settings().value(RECENT_KEY, [])
    paths = [value] if isinstance(value, str) else list(value or [])
    return [p for p in paths if os.path.exists(p)]


def add_recent(path: str) -> None:
    path = os.path.abspath(path)
    paths = [path] + [p for p in recent_files() if os.path.abspath(p) != path]
    settings().setValue(RECENT_KEY, paths[:MAX_RECENT])


def clear_recent() -> None:
    settings().remove(RECENT_KEY)


TOLERANCE_KEY = "tie_out_tolerance"


def tie_out_tolerance() -> float:
    """The materiality of a tie-out in pounds (a gap of at most this passes); £1 unless set."""
    from models.core.result import DEFAULT_TOLERANCE

    try:
        value = float(settings().value(TOLERANCE_KEY, DEFAULT_TOLERANCE))
    except (TypeError, ValueError):
        return DEFAULT_TOLERANCE
    return value if value >= 0 else DEFAULT_TOLERANCE


def set_tie_out_tolerance(value: float) -> None:
    settings().setValue(TOLERANCE_KEY, float(value))
