"""Run a planner function off the window's thread, with progress and a cancel flag.

One class serves every long job: a Monte Carlo, a tornado, a goal seek or solver, the board-pack
export. The window stays responsive, shows progress and can ask the job to stop:

    worker = Worker(monte_carlo, runs, run, vary, trials, seed, progress=True, cancel=True)
    worker.progress.connect(show_progress)      # (done, total), between chunks
    worker.message.connect(status.setText)      # progress(done, total, "what is being done"), if given
    worker.finished.connect(show)               # the function's return value
    worker.failed.connect(show_error)           # one line per problem the user can fix
    worker.cancelled.connect(say_stopped)       # the job stopped early on request
    worker.start()
    ...
    worker.cancel()                             # sets the threading.Event the job checks

`progress=True` passes a `progress(done, total)` callable and `cancel=True` the
`threading.Event` as keyword arguments of those names, which is the planner's convention
(`planner.analysis.montecarlo.monte_carlo(progress=..., cancel=...)`); a function that takes neither
(a tornado: one vectorised call, nothing to interrupt) is run as it is. Exactly one of
finished, failed and cancelled is emitted, then `done`.

A job is cancelled when it raises one of `cancel_errors` (by default the planner's
`montecarlo.Cancelled`). A PlannerError is a problem the user can fix and its messages are
shown as they are; any other exception is a bug: it is logged with its traceback and reported
in one line, so a crash in a background job never takes the window down.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)
_RUNNING: set[Worker] = set()  # kept alive while their thread runs, even if the owner lets go


@atexit.register
def _stop_all() -> None:
    """At exit, stop and wait for running jobs: Qt aborts if a QThread is destroyed while it runs."""
    for worker in list(_RUNNING):
        worker.stop()


class _Thread(QThread):
    """The thread itself: calls the job and hands the outcome back as a (kind, payload) pair."""

    outcome = Signal(str, object)

    def __init__(self, job: Callable[[], Any], cancel_errors: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self._job, self._cancel_errors = job, cancel_errors

    def run(self) -> None:  # runs in the new thread
        from planner.errors import PlannerError

        try:
            self.outcome.emit("finished", self._job())
        except self._cancel_errors as exc:
            self.outcome.emit("cancelled", str(exc) or "cancelled")
        except PlannerError as exc:
            self.outcome.emit("failed", "\n".join(exc.problems))
        except Exception as exc:  # a bug: keep the window alive, tell the user, keep the traceback
            log.exception("background job failed")
            self.outcome.emit("failed", f"unexpected error ({type(exc).__name__}): {exc}")


class Worker(QObject):
    """A planner call in a background thread; signals arrive on the thread that made the Worker."""

    progress = Signal(int, int)  # done, total
    message = Signal(str)  # the third argument of progress(done, total, "writing the annual tables")
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # the problems, one per line
    cancelled = Signal(str)  # the planner's words: "cancelled after 2,000 of 10,000 trials"
    done = Signal()  # after any of the three above

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        progress: bool = False,
        cancel: bool = False,
        cancel_errors: tuple[type[BaseException], ...] | None = None,
        parent: QObject | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        if progress:
            kwargs["progress"] = self._report
        if cancel:
            kwargs["cancel"] = self.cancel_event
        if cancel_errors is None:
            from planner.analysis.montecarlo import Cancelled

            cancel_errors = (Cancelled,)
        self._thread = _Thread(lambda: fn(*args, **kwargs), cancel_errors)
        self._thread.outcome.connect(self._deliver)  # queued: delivered on this object's thread
        self._running = False

    def start(self) -> None:
        if self._running:
            raise RuntimeError("this worker is already running; make a new Worker for another job")
        self._running = True
        _RUNNING.add(self)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next check (a Monte Carlo checks between chunks)."""
        self.cancel_event.set()

    @property
    def running(self) -> bool:
        return self._running

    def wait(self, msecs: int = -1) -> bool:
        """Block until the thread ends (True) or `msecs` pass (False); -1 waits for ever."""
        return self._thread.wait() if msecs < 0 else self._thread.wait(msecs)

    def stop(self, msecs: int = 30_000) -> bool:
        """Cancel and wait: call before the owner of a running worker goes away."""
        self.cancel()
        return self.wait(msecs)

    def _report(self, done: float, total: float, what: str | None = None) -> None:  # on the job's thread
        self.progress.emit(int(done), int(total))
        if isinstance(what, str):
            self.message.emit(what)

    def _deliver(self, kind: str, payload: object) -> None:
        self._thread.wait()  # the thread has emitted its last signal; let it finish before reuse or deletion
        self._running = False
        _RUNNING.discard(self)
        if kind == "finished" and self.cancel_event.is_set():
            # Cancel was pressed before the result reached the window: nothing may change then,
            # even when the job got to its end first
            kind, payload = "cancelled", "cancelled"
        getattr(self, kind).emit(payload)
        self.done.emit()
