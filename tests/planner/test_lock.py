"""Lock files beside a project: taken, refused while held, stale ones taken over, released."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys

from planner.project import lock


def test_acquire_release_and_a_second_process_is_refused(tmp_path):
    project = tmp_path / "plan.ffg"
    project.write_text("{}", encoding="utf-8")
    assert lock.acquire(project) is None
    target = lock.lock_path(project)
    assert target.name == "~$plan.lock" and lock.read(target).pid == os.getpid()
    script = "import sys; from planner.project import lock; h = lock.acquire(sys.argv[1]); print(h.pid if h else 0)"
    out = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True, check=True)
    assert int(out.stdout) == os.getpid()  # the second process is told who holds it
    lock.release(project)
    assert not target.exists()


def test_stale_locks_are_taken_over(tmp_path):
    project = tmp_path / "plan.ffg"
    target = lock.lock_path(project)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = {"user": "x", "host": socket.gethostname(), "pid": int(ended.stdout), "since": "2026-12-03T10:32:00Z"}
    target.write_text(json.dumps(gone), encoding="utf-8")
    assert lock.acquire(project) is None and lock.read(target).pid == os.getpid()
    old = lock.Holder("jsmith", "FIN-PC12", 1, "2026-11-01T09:00:00Z")
    assert lock.stale(old, now=dt.datetime(2026, 11, 4, 10, tzinfo=dt.UTC))
    assert not lock.stale(old, now=dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC))
    target.write_text("{", encoding="utf-8")  # cut short by a crash between create and write
    assert lock.acquire(project) is None


def test_the_holder_is_described_in_words_and_changes_on_disk_are_seen(tmp_path):
    held = lock.Holder("jsmith", "FIN-PC12", 1, "2026-12-03T10:32:00Z")
    local = dt.datetime(2026, 12, 3, 10, 32, tzinfo=dt.UTC).astimezone()
    assert held.describe() == f"jsmith on FIN-PC12 since {local.day} {local:%B %Y at %H:%M}"
    project = tmp_path / "plan.ffg"
    project.write_text("{}", encoding="utf-8")
    opened = lock.stamp(project)
    assert not lock.changed_since(project, opened)
    project.write_text("{ }", encoding="utf-8")
    assert lock.changed_since(project, opened)
