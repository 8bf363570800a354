"""The application-data folder and the recovery files the app's autosave keeps there.

The folder is FFG_PLANNER_DATA if set; else %APPDATA%\\FundingForGrowthPlanner on Windows;
else $XDG_DATA_HOME/funding-for-growth-planner, ~/.local/share/funding-for-growth-planner by
default. A recovery file is a complete project file (`<name>-<hash>.ffg` in `recovery/`) with
a small note beside it recording which file it belongs to and that file's modification time
when the snapshot was taken, so a later save of the file makes the snapshot stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from planner.project.atomic import write_atomic
from planner.project.project_file import save_project

if TYPE_CHECKING:
    from planner.project.document import Project

APP_FOLDER_WINDOWS = "FundingForGrowthPlanner"
APP_FOLDER_POSIX = "funding-for-growth-planner"
UNTITLED = "untitled"


def data_folder(environ: dict | None = None, platform: str | None = None) -> Path:
    """Where the planner keeps the user's data (not created here)."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if env.get("FFG_PLANNER_DATA"):
        return Path(env["FFG_PLANNER_DATA"])
    if platform.startswith("win"):
        base = env.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_FOLDER_WINDOWS
    xdg = env.get("XDG_DATA_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"  # XDG: relative paths are ignored
    return base / APP_FOLDER_POSIX


def recovery_path(original_path: str | os.PathLike | None, folder: str | os.PathLike | None = None) -> Path:
    """The snapshot file for a project file (None: a project never saved)."""
    if original_path is None:
        name, key = UNTITLED, UNTITLED
    else:
        full = os.path.abspath(original_path)
        name, key = Path(full).stem, hashlib.sha256(full.encode("utf-8")).hexdigest()[:12]
    base = Path(folder) if folder is not None else data_folder() / "recovery"
    return base / f"{name}-{key}.ffg"


def write_recovery(
    project: Project, original_path: str | os.PathLike | None, folder: str | os.PathLike | None = None
) -> Path:
    """Snapshot a project with unsaved changes; atomic like a save."""
    target = recovery_path(original_path, folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_project(project, target)
    note = {
        "original": None if original_path is None else os.path.abspath(original_path),
        "original_mtime_ns": _mtime(original_path),
    }
    write_atomic(_note_path(target), (json.dumps(note, sort_keys=True) + "\n").encode("utf-8"))
    return target


def find_recovery(original_path: str | os.PathLike | None, folder: str | os.PathLike | None = None) -> Path | None:
    """A snapshot newer than the file: taken after the file's last save (or of a file since lost)."""
    target = recovery_path(original_path, folder)
    if not target.exists():
        return None
    current = _mtime(original_path)
    if current is None:
        return target
    try:
        recorded = json.loads(_note_path(target).read_text(encoding="utf-8"))["original_mtime_ns"]
    except (OSError, ValueError, KeyError, TypeError):  # no note (a crash between the two writes): compare times
        return target if target.stat().st_mtime_ns > current else None
    return target if recorded == current else None


def discard_recovery(original_path: str | os.PathLike | None, folder: str | os.PathLike | None = None) -> None:
    """Remove the snapshot (after a save, or when the user declines to recover it)."""
    target = recovery_path(original_path, folder)
    for path in (target, _note_path(target)):
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _note_path(target: Path) -> Path:
    return target.with_suffix(".json")


def _mtime(path: str | os.PathLike | None) -> int | None:
    if path is None:
        return None
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None
