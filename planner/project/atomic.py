"""Every file the planner writes is written atomically: a temporary file beside it, flushed, then
renamed over it, so a crash part-way leaves the old file as it was.

mkstemp makes its file readable by its owner alone (0600); the file is given the mode the old
file had, or for a new file the mode the user's umask gives any new file (0666 less the umask),
so a project on a shared drive stays readable by the colleagues who could read it before."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from planner.errors import PlannerError


def write_atomic(path: Path, data: bytes) -> None:
    """Write a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A crash part-way leaves the old file untouched (and perhaps a `.NAME.*.tmp` beside it).
    """
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PlannerError(f"{path}: cannot be saved ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise PlannerError(f"{path}: cannot be saved ({exc.strerror or exc})") from None
        raise
    if os.name == "posix":  # make the rename itself durable; Windows has no folder handles to sync
        with contextlib.suppress(OSError):
            folder_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(folder_fd)
            finally:
                os.close(folder_fd)


def _mode_for(path: Path) -> int:
    """The permission bits of the file being replaced, or 0666 less the umask for a new one."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    # The umask can only be read by setting it; done once, at import, before any worker thread
    # could create a file in the moment it is 0.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
