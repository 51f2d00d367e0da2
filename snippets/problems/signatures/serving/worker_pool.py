# Stub of worker_pool.py (tools/signatures.py): write the bodies.

class Task:
    """Handle of one submitted call (like ``concurrent.futures.Future``)."""

    def __init__(self, fn, args, kwargs):
        ...

    def cancel(self):
        """Cancel the call if it has not started. Return True if the task is
        now cancelled, False if it is running or finished."""
        ...

    def cancelled(self):
        ...

    def done(self):
        """True if the task finished or was cancelled."""
        ...

    def result(self, timeout=None):
        """Wait until the task is done and return its result.

        Blocks at most ``timeout`` seconds (None: no limit). Raises
        TimeoutError if still not done, CancelledError if cancelled, and
        re-raises the call's exception if it raised one.
        """
        ...

    def exception(self, timeout=None):
        """Like ``result``, but return the call's exception (or None)."""
        ...


class WorkerPool:
    """Run submitted calls on ``n_workers`` threads, started here.

    Raises ValueError if ``n_workers`` is not an int >= 1.
    """

    def __init__(self, n_workers):
        ...

    def submit(self, fn, /, *args, **kwargs):
        """Queue ``fn(*args, **kwargs)`` and return its Task. Never blocks
        (the queue is unbounded).

        Raises TypeError if ``fn`` is not callable, RuntimeError after
        ``shutdown``.
        """
        ...

    def shutdown(self, wait=True, *, cancel_pending=False):
        """Stop accepting tasks; safe to call more than once.

        Tasks already accepted still run, unless ``cancel_pending`` is true:
        then those not yet started are cancelled. With ``wait=True``, block
        until the pool's threads have exited (all accepted tasks have ended).
        """
        ...
