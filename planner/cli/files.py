"""The file a command writes: the right kind of name, and never one already there unless asked."""

from __future__ import annotations

from pathlib import Path

from planner.errors import PlannerError


def writable_target(path: str, suffix: str, force: bool, what: str = "the file") -> Path:
    """`path` as a Path, refused (naming it) if its suffix is wrong or it exists without --force."""
    target = Path(path)
    if target.suffix.lower() != suffix:
        raise PlannerError(f"{target}: {what}'s name must end in {suffix}")
    if target.exists() and not force:
        raise PlannerError(f"{target}: already exists; choose another name or add --force to replace it")
    return target
