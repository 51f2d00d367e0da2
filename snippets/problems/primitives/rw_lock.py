"""A readers-writer lock that prefers writers.

``RWLock`` is internally synchronized. Any number of threads may hold it for
reading at the same time; a writer holds it alone. Writer preference: once a
writer is waiting, new readers wait behind it, so a steady stream of
overlapping readers cannot starve a writer (readers can still be delayed by a
steady stream of writers).

Contract, modelled on ``threading.Lock.acquire``:

* ``acquire_read(blocking=True, timeout=-1)`` and
  ``acquire_write(blocking=True, timeout=-1)`` return True once the lock is
  held. ``timeout`` is in seconds, ``-1`` means wait forever; on timeout they
  return False. ``blocking=False`` never waits. A timeout with
  ``blocking=False``, or a negative timeout other than -1, raises
  ``ValueError``.
* ``release_read()`` / ``release_write()`` raise ``RuntimeError`` if the lock
  is not held in that mode.
* Not reentrant: a thread that holds the lock and acquires it again can
  deadlock (a read re-acquire waits behind a waiting writer, which waits for
  the first read to end). Ownership is not tracked, as with ``Lock``.
"""

import contextlib
import threading
import time


def _check_timeout(blocking, timeout):
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be a non-negative number")


class RWLock:
    """Many readers or one writer; waiting writers block new readers."""

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0  # threads holding the lock for reading
        self._writer = False  # a thread holds the lock for writing
        self._writers_waiting = 0

    # --8<-- [start:read]
    def acquire_read(self, blocking=True, timeout=-1):
        """Acquire for reading; wait while a writer holds or waits for the lock."""
        _check_timeout(blocking, timeout)
        with self._cond:
            if not self._wait(blocking, timeout, self._can_read):
                return False
            self._readers += 1
            return True

    def _can_read(self):
        # Writer preference: a waiting writer also keeps new readers out.
        return not self._writer and not self._writers_waiting

    def release_read(self):
        with self._cond:
            if self._readers <= 0:
                raise RuntimeError("release_read() of a lock not held for reading")
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()  # a waiting writer may go now
    # --8<-- [end:read]

    # --8<-- [start:write]
    def acquire_write(self, blocking=True, timeout=-1):
        """Acquire for writing; wait until no reader and no writer holds it."""
        _check_timeout(blocking, timeout)
        with self._cond:
            self._writers_waiting += 1
            try:
                acquired = self._wait(blocking, timeout, self._can_write)
            finally:
                self._writers_waiting -= 1
            if not acquired:
                # This writer may have been all that kept readers waiting.
                self._cond.notify_all()
                return False
            self._writer = True
            return True

    def _can_write(self):
        return not self._writer and not self._readers

    def release_write(self):
        with self._cond:
            if not self._writer:
                raise RuntimeError("release_write() of a lock not held for writing")
            self._writer = False
            self._cond.notify_all()  # readers and writers re-check
    # --8<-- [end:write]

    @property
    def writers_waiting(self):
        """The number of writers waiting to acquire (a snapshot, for metrics)."""
        with self._cond:
            return self._writers_waiting

    def _wait(self, blocking, timeout, predicate):
        """Wait (holding ``_cond``) until ``predicate()``; False on timeout."""
        if not blocking:
            return predicate()
        deadline = None if timeout == -1 else time.monotonic() + timeout
        while not predicate():
            if deadline is None:
                self._cond.wait()
            else:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    @contextlib.contextmanager
    def read_locked(self):
        """``with lock.read_locked():`` holds the lock for reading."""
        self.acquire_read()
        try:
            yield
        finally:
            self.release_read()

    @contextlib.contextmanager
    def write_locked(self):
        """``with lock.write_locked():`` holds the lock for writing."""
        self.acquire_write()
        try:
            yield
        finally:
            self.release_write()
