"""A lock file beside an open project, so two people opening one file on a shared drive know of
each other, and a check that the file has not been changed on disk since it was opened.

The lock is `~$<name>.lock` beside `<name>.ffg` (the `~$` prefix is how Office marks its own, so
it sorts beside the file and backup tools skip it). It holds JSON: who (the user's login name),
on which computer, the process id and since when (UTC). It is made with O_EXCL, so of two
people opening at once exactly one gets it; the other is told who has the file and since when,
and may open it read-only.

A lock is **stale**, and taken over, when it was left by a process on this computer that is no
longer running (a crash), or is older than STALE_HOURS (a computer that crashed elsewhere;
no planner session on a shared drive keeps a file open for days). A lock that cannot be read
(cut short by a crash between create and write) is stale too. Closing the project removes the
lock, if it is still ours.

`Opened` records the file's modification time and size when it was read; `changed_since` says
whether another program has written the file since, so a save can ask before overwriting.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PlannerError

PREFIX = "~$"
SUFFIX = ".lock"
STALE_HOURS = 72


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str  # ISO time, UTC

    def describe(self) -> str:
        """ "jsmith on FIN-PC12 since 3 December 2026 at 10:32" (local time)."""
        when = _local(self.since)
        stamp = f"{when.day} {when:%B %Y at %H:%M}" if when else self.since or "an unknown time"
        return f"{self.user} on {self.host} since {stamp}"


def lock_path(project: str | os.PathLike) -> Path:
    path = Path(project)
    return path.with_name(f"{PREFIX}{path.stem}{SUFFIX}")


def me() -> Holder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account without a passwd entry)
        user = "someone"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Holder(user, socket.gethostname(), os.getpid(), now)


def acquire(project: str | os.PathLike) -> Holder | None:
    """Take the lock; None when it is ours now, else the Holder of a live lock (nothing changed).

    A stale lock is replaced. A folder where no lock can be made (read-only media) gives None:
    the lock is a courtesy, and its absence must not stop anyone opening a file."""
    target = lock_path(project)
    for _ in range(2):  # a stale lock is removed, then the create is tried once more
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            holder = read(target)
            if holder is not None and not stale(holder):
                return holder
            _remove(target)
            continue
        except OSError:
            return None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            mine = me()
            json.dump(mine.__dict__, handle)
        return None
    return read(target)


def release(project: str | os.PathLike) -> None:
    """Remove the lock if it is ours (this process on this computer)."""
    target = lock_path(project)
    holder = read(target)
    if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
        _remove(target)


def read(target: Path) -> Holder | None:
    """The lock's holder; None if there is no lock or it cannot be read."""
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def stale(holder: Holder, now: dt.datetime | None = None) -> bool:
    """Left by a process of this computer that has ended, or older than STALE_HOURS."""
    if holder.host == socket.gethostname() and not _running(holder.pid):
        return True
    when = _parse(holder.since)
    now = now or dt.datetime.now(dt.UTC)
    return when is None or (now - when) > dt.timedelta(hours=STALE_HOURS)


@dataclass(frozen=True)
class Opened:
    """The file's state when it was read: a later save compares against it."""

    mtime_ns: int
    size: int


def stamp(project: str | os.PathLike) -> Opened | None:
    try:
        info = os.stat(project)
    except OSError:
        return None
    return Opened(info.st_mtime_ns, info.st_size)


def changed_since(project: str | os.PathLike, opened: Opened | None) -> bool:
    """True when the file on disk is not the one that was opened (saved by someone else since)."""
    if opened is None:
        return False
    now = stamp(project)
    return now is not None and now != opened


def holder_message(project: str | os.PathLike, holder: Holder) -> str:
    return f"{Path(project).name} is open by {holder.describe()}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no cheap check on Windows without extra packages: trust the age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _parse(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _local(text: str) -> dt.datetime | None:
    when = _parse(text)
    return when.astimezone() if when is not None else None


def _remove(target: Path) -> None:
    try:
        target.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise PlannerError(f"{target}: the lock file cannot be removed ({exc.strerror or exc})") from None
