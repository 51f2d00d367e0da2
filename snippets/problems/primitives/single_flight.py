"""Single-flight: concurrent calls for the same key share one computation.

``SingleFlight`` is internally synchronized. ``do(key, fn)`` runs ``fn()``
unless a call for ``key`` is already in flight, in which case it waits for
that call and returns its result.

* Policy: results are not cached. A call that arrives while a computation for
  its key is running shares it; a call that arrives after it has finished
  starts a new one. (Put a cache in front if results may be reused.)
* Errors: if ``fn()`` raises, the same exception object is raised in the
  caller that ran it and in every caller that waited for it, as
  ``concurrent.futures.Future.result()`` does.
* Blocking: a waiting caller blocks until the computation ends, or for at
  most ``timeout`` seconds, then raises ``TimeoutError``; the computation
  itself is not cancelled. A negative ``timeout`` raises ``ValueError``.
  ``fn`` runs without any lock held, so it may call ``do`` for other keys
  (for its own key it would wait for itself forever).
"""

import threading


class _Flight:
    __slots__ = ("done", "value", "error", "waiters")

    def __init__(self):
        self.done = threading.Event()
        self.value = None
        self.error = None
        self.waiters = 0


class SingleFlight:
    def __init__(self):
        self._lock = threading.Lock()
        self._flights = {}  # key -> _Flight in progress

    # --8<-- [start:do]
    def do(self, key, fn, timeout=None):
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        with self._lock:  # look up and register in one atomic step
            flight = self._flights.get(key)
            if flight is None:
                flight = self._flights[key] = _Flight()
                leader = True
            else:
                flight.waiters += 1
                leader = False
        if not leader:
            if not flight.done.wait(timeout):
                raise TimeoutError(f"call for {key!r} still running")
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            flight.value = fn()
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                del self._flights[key]  # later calls start a new flight
            flight.done.set()  # publish value/error to the waiters
        return flight.value
    # --8<-- [end:do]
