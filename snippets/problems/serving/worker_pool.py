"""A fixed-size worker pool with graceful shutdown and cancellation.

``submit`` queues a call and returns a ``Task`` handle. Workers take tasks in
FIFO order. ``shutdown`` stops new submissions; by default the workers drain
every task accepted before it, ``cancel_pending=True`` cancels those not yet
started instead. Every accepted task ends exactly once: run (result or
exception) or cancelled, never lost and never run twice.

Thread safety: ``WorkerPool`` and ``Task`` are internally synchronized. The
one lock of the pool decides, for each ``submit``, whether it came before
``shutdown`` (accepted and guaranteed to end) or after (RuntimeError).
"""

import threading
from collections import deque
from concurrent.futures import CancelledError

__all__ = ["Task", "WorkerPool", "CancelledError"]

_PENDING, _RUNNING = "pending", "running"
_FINISHED, _CANCELLED = "finished", "cancelled"


# --8<-- [start:task]
class Task:
    """Handle of one submitted call (like ``concurrent.futures.Future``)."""

    def __init__(self, fn, args, kwargs):
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cond = threading.Condition()
        self._state = _PENDING
        self._result = self._exception = None

    def cancel(self):
        """Cancel the call if it has not started. Return True if the task is
        now cancelled, False if it is running or finished."""
        with self._cond:
            if self._state == _PENDING:
                self._state = _CANCELLED
                self._cond.notify_all()
            return self._state == _CANCELLED  # mutant: equivalent moved-out-of-with -- a state that is or is not CANCELLED here never changes to or from it later

    def cancelled(self):
        with self._cond:  # mutant: equivalent with-removed -- one read of _state: atomic
            return self._state == _CANCELLED

    def done(self):
        """True if the task finished or was cancelled."""
        with self._cond:  # mutant: equivalent with-removed -- one read of _state: atomic
            return self._state in (_FINISHED, _CANCELLED)

    def result(self, timeout=None):
        """Wait until the task is done and return its result.

        Blocks at most ``timeout`` seconds (None: no limit). Raises
        TimeoutError if still not done, CancelledError if cancelled, and
        re-raises the call's exception if it raised one.
        """
        self._wait(timeout)
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self, timeout=None):
        """Like ``result``, but return the call's exception (or None)."""
        self._wait(timeout)
        return self._exception

    def _wait(self, timeout):
        if timeout is not None and not timeout >= 0:
            raise ValueError("'timeout' must be a non-negative number or None,"
                             f" got {timeout!r}")
        with self._cond:
            def ended():
                return self._state in (_FINISHED, _CANCELLED)

            if not self._cond.wait_for(ended, timeout):
                raise TimeoutError(f"task not done after {timeout} s")
            if self._state == _CANCELLED:  # mutant: equivalent moved-out-of-with -- once ended() holds, _state is final
                raise CancelledError()

    def _run(self):
        """Run the call unless cancelled; called by exactly one worker."""
        with self._cond:
            if self._state != _PENDING:   # cancelled while queued
                return
            self._state = _RUNNING        # from here on, cancel() returns False
        try:
            result, exc = self._fn(*self._args, **self._kwargs), None
        except BaseException as e:       # the caller gets it from result()
            result, exc = None, e
        with self._cond:
            self._result, self._exception = result, exc  # mutant: equivalent moved-out-of-with -- nobody reads them before _state is FINISHED, set under the lock below
            self._state = _FINISHED
            self._cond.notify_all()
        self._fn = self._args = self._kwargs = None  # drop references early
# --8<-- [end:task]


# --8<-- [start:pool]
class WorkerPool:
    """Run submitted calls on ``n_workers`` threads, started here.

    Raises ValueError if ``n_workers`` is not an int >= 1.
    """

    def __init__(self, n_workers):
        if type(n_workers) is not int or n_workers < 1:  # bool is not allowed
            raise ValueError(
                f"n_workers must be an int >= 1, got {n_workers!r}")
        self._cond = threading.Condition()
        self._queue = deque()
        self._shutdown = False
        self._threads = []
        for i in range(n_workers):
            t = threading.Thread(target=self._worker,
                                 name=f"WorkerPool-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def submit(self, fn, /, *args, **kwargs):
        """Queue ``fn(*args, **kwargs)`` and return its Task. Never blocks
        (the queue is unbounded).

        Raises TypeError if ``fn`` is not callable, RuntimeError after
        ``shutdown``.
        """
        if not callable(fn):
            raise TypeError(f"fn must be callable, got {type(fn).__name__}")
        task = Task(fn, args, kwargs)
        with self._cond:
            # Checked under the same lock that shutdown() sets the flag with:
            # a task is either accepted before shutdown or rejected after it.
            if self._shutdown:
                raise RuntimeError(
                    "cannot submit to a WorkerPool after shutdown")
            self._queue.append(task)
            self._cond.notify()
        return task

    def _worker(self):
        """The worker loop: run tasks until shut down *and* drained."""
        while True:
            with self._cond:
                while not self._queue and not self._shutdown:
                    self._cond.wait()
                if not self._queue:       # shut down and nothing left: exit
                    return
                task = self._queue.popleft()
            task._run()  # outside the lock: tasks run in parallel

    def shutdown(self, wait=True, *, cancel_pending=False):
        """Stop accepting tasks; safe to call more than once.

        Tasks already accepted still run, unless ``cancel_pending`` is true:
        then those not yet started are cancelled. With ``wait=True``, block
        until the pool's threads have exited (all accepted tasks have ended).
        """
        with self._cond:
            self._shutdown = True
            dropped = list(self._queue) if cancel_pending else []
            if cancel_pending:
                self._queue.clear()
            self._cond.notify_all()       # every idle worker must see the flag
        for task in dropped:
            task.cancel()
        if wait:
            for t in self._threads:
                if t is not threading.current_thread():  # shutdown from a task
                    t.join()
# --8<-- [end:pool]
