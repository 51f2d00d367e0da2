"""Dynamic batching: many callers, one batched model call.

Callers call ``predict(item)`` from their own threads. One worker thread
collects pending requests and calls ``model_fn(items)`` once per batch, as
soon as ``max_batch_size`` requests are waiting or the oldest has waited
``max_wait`` seconds, whichever comes first. Each caller gets back the
result at its own position, or its own exception.

Thread safety: ``DynamicBatcher`` is internally synchronized. One condition
variable guards the pending queue; the worker takes a batch off it under
the lock, so the size trigger and the timer trigger are the same decision
made by the same thread, and a request is in exactly one batch.
"""

import threading
import time
from collections import deque

__all__ = ["DynamicBatcher"]


# --8<-- [start:batcher]
class _Request:
    """One caller's slot: its item, when it arrived, and the answer. The
    worker writes ``result``/``error`` before ``done.set()``; the caller
    reads them after ``done.wait()``, so the Event orders the two."""

    __slots__ = ("item", "arrival", "done", "result", "error")

    def __init__(self, item, arrival):
        self.item, self.arrival = item, arrival
        self.done = threading.Event()
        self.result = self.error = None


class DynamicBatcher:
    """Batch ``predict`` calls into calls of ``model_fn(list_of_items)``.

    ``model_fn`` must return a sequence of the same length as its input.
    An element that is an exception instance is raised to that caller
    only; if ``model_fn`` itself raises, every caller of that batch gets
    the exception. The worker thread is started here.

    Raises ValueError if ``max_batch_size`` is not an int >= 1 or
    ``max_wait`` is not a number >= 0; TypeError if ``model_fn`` is not
    callable.
    """

    def __init__(self, model_fn, max_batch_size, max_wait):
        if not callable(model_fn):
            raise TypeError(
                f"model_fn must be callable, got {type(model_fn).__name__}")
        if type(max_batch_size) is not int or max_batch_size < 1:
            raise ValueError(
                f"max_batch_size must be an int >= 1, got {max_batch_size!r}")
        if not max_wait >= 0:  # also rejects NaN
            raise ValueError(
                f"max_wait must be a number >= 0, got {max_wait!r}")
        self._model_fn = model_fn
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait
        self._cond = threading.Condition()
        self._pending = deque()
        self._closed = False
        self._thread = threading.Thread(
            target=self._worker, name="DynamicBatcher", daemon=True)
        self._thread.start()

    def predict(self, item, timeout=None):
        """Submit ``item``, block until its batch has run, return its result.

        Re-raises the exception meant for this item. With a ``timeout``
        (seconds), raise TimeoutError if no answer came in time: a request
        not yet taken into a batch is withdrawn; one already in a running
        batch is abandoned and its result discarded.

        Raises RuntimeError after ``shutdown``; ValueError if ``timeout``
        is negative.
        """
        if timeout is not None and not timeout >= 0:
            raise ValueError("'timeout' must be a non-negative number or None,"
                             f" got {timeout!r}")
        with self._cond:
            if self._closed:
                raise RuntimeError(
                    "cannot predict on a DynamicBatcher after shutdown")
            req = _Request(item, time.monotonic())
            self._pending.append(req)
            self._cond.notify()  # the worker may be waiting for a full batch
        if not req.done.wait(timeout):
            with self._cond:
                if not req.done.is_set():
                    try:
                        self._pending.remove(req)   # still queued: withdraw it
                    except ValueError:
                        pass  # in a running batch: abandon it
                    raise TimeoutError(f"no answer within {timeout} s")
        if req.error is not None:
            raise req.error
        return req.result

    def _worker(self):
        """The worker loop: form and run batches until shut down and drained."""
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            self._run_batch(batch)

    def _next_batch(self):
        with self._cond:
            while True:
                if not self._pending:
                    if self._closed:
                        return None           # shut down and drained
                    self._cond.wait()
                    continue
                if len(self._pending) >= self.max_batch_size or self._closed:
                    break                     # full, or flushing for shutdown
                # Recomputed on every wake-up: the oldest may have withdrawn.
                due = self._pending[0].arrival + self.max_wait
                remaining = due - time.monotonic()
                if remaining <= 0:
                    break  # the oldest request has waited long enough
                self._cond.wait(remaining)
            n = min(self.max_batch_size, len(self._pending))
            return [self._pending.popleft() for _ in range(n)]

    def _run_batch(self, batch):
        # Outside the lock: callers keep submitting while the model runs.
        try:
            results = list(self._model_fn([r.item for r in batch]))
            if len(results) != len(batch):
                raise RuntimeError(f"model_fn returned {len(results)} results"
                                   f" for {len(batch)} items")
        except BaseException as e:  # every caller of the batch must hear of it
            results = [e] * len(batch)
        for req, res in zip(batch, results):
            if isinstance(res, BaseException):
                req.error = res
            else:
                req.result = res
            req.done.set()

    def shutdown(self, wait=True):
        """Stop accepting requests; those already accepted still get answered.

        With ``wait=True``, block until the worker has answered them and
        exited. Safe to call more than once.
        """
        with self._cond:
            self._closed = True  # mutant: equivalent moved-out-of-with -- one atomic store; the worker re-checks it under the lock after the notify_all below
            self._cond.notify_all()  # mutant: equivalent notify_all-to-notify -- only the one worker thread ever waits on _cond (callers wait on their own Event)
        if wait and self._thread is not threading.current_thread():
            self._thread.join()
# --8<-- [end:batcher]
