"""Every file the planner writes is written atomically: a temporary file beside it, flushed, then
renamed over it, so a crash part-way leaves the old file as it was."""

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
