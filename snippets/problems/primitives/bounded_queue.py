"""A bounded blocking FIFO queue: a drop-in for ``queue.Queue``.

``BoundedQueue`` is internally synchronized: any number of producer and
consumer threads may call any method concurrently. Every method is atomic
with respect to the others (one mutex guards all state); ``qsize()``,
``empty()`` and ``full()`` return a snapshot that may be stale by the time the
caller looks at it.

Contract (the same as ``queue.Queue`` in CPython 3.13):

* ``put(item, block=True, timeout=None)`` blocks while the queue is full.
  ``timeout`` is a non-negative number of seconds, after which ``Full`` is
  raised; ``block=False`` raises ``Full`` at once (``timeout`` is ignored).
  A negative ``timeout`` with ``block=True`` raises ``ValueError``. On an
  unbounded queue (``maxsize <= 0``) ``put`` never blocks and ignores
  ``block`` and ``timeout``.
* ``get(block=True, timeout=None)`` blocks while the queue is empty, with the
  same rules, raising ``Empty``.
* ``task_done()`` / ``join()``: every ``put`` adds one unfinished task, every
  ``task_done()`` removes one; ``join()`` blocks until none are left.
  Calling ``task_done()`` more often than ``put`` raises ``ValueError``.
* ``shutdown(immediate=False)``: afterwards ``put`` raises ``ShutDown``;
  ``get`` raises ``ShutDown`` once the queue is empty (``immediate=True``
  discards the remaining items first, marking each as done). Every blocked
  ``put``/``get`` wakes up and re-checks.
"""

import queue
import threading
import time
from collections import deque

Empty = queue.Empty
Full = queue.Full

try:
    ShutDown = queue.ShutDown  # Python 3.13+
except AttributeError:

    class ShutDown(Exception):
        """Raised when put/get is called on a shut-down queue."""


class BoundedQueue:
    """A FIFO queue holding at most ``maxsize`` items (``maxsize <= 0``: no bound)."""

    def __init__(self, maxsize=0):
        self.maxsize = maxsize
        self._items = deque()
        self._unfinished_tasks = 0
        self._is_shutdown = False
        # One mutex, three wait queues: a put wakes only getters, a get wakes
        # only putters, so a wakeup is never spent on a thread that cannot run.
        self._mutex = threading.Lock()
        self._not_empty = threading.Condition(self._mutex)
        self._not_full = threading.Condition(self._mutex)
        self._all_tasks_done = threading.Condition(self._mutex)

    # --8<-- [start:put]
    def put(self, item, block=True, timeout=None):
        """Put ``item`` at the tail, waiting for a free slot if the queue is full.

        Raises ``Full`` if no slot frees up in time (or at once if ``block``
        is false), ``ShutDown`` if the queue is (or gets) shut down, and
        ``ValueError`` for a negative ``timeout``.
        """
        with self._not_full:
            if self._is_shutdown:
                raise ShutDown
            if self.maxsize > 0:
                if not block:
                    if len(self._items) >= self.maxsize:
                        raise Full
                elif timeout is None:
                    # `while`, not `if`: another producer may take the slot
                    # between our wakeup and our turn on the mutex.
                    while len(self._items) >= self.maxsize:
                        self._not_full.wait()
                        if self._is_shutdown:
                            raise ShutDown
                elif timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                else:
                    deadline = time.monotonic() + timeout
                    while len(self._items) >= self.maxsize:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0.0:
                            raise Full
                        self._not_full.wait(remaining)
                        if self._is_shutdown:
                            raise ShutDown
            self._items.append(item)
            self._unfinished_tasks += 1
            self._not_empty.notify()
    # --8<-- [end:put]

    # --8<-- [start:get]
    def get(self, block=True, timeout=None):
        """Remove and return the item at the head, waiting while the queue is empty.

        Raises ``Empty`` if no item arrives in time (or at once if ``block``
        is false), ``ShutDown`` if the queue is shut down and empty, and
        ``ValueError`` for a negative ``timeout``.
        """
        with self._not_empty:
            if self._is_shutdown and not self._items:
                raise ShutDown
            if not block:
                if not self._items:
                    raise Empty
            elif timeout is None:
                while not self._items:
                    self._not_empty.wait()
                    if self._is_shutdown and not self._items:
                        raise ShutDown
            elif timeout < 0:
                raise ValueError("'timeout' must be a non-negative number")
            else:
                deadline = time.monotonic() + timeout
                while not self._items:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0.0:
                        raise Empty
                    self._not_empty.wait(remaining)
                    if self._is_shutdown and not self._items:
                        raise ShutDown
            item = self._items.popleft()
            self._not_full.notify()
            return item
    # --8<-- [end:get]

    def put_nowait(self, item):
        """Put ``item`` if a slot is free right now, else raise ``Full``."""
        return self.put(item, block=False)

    def get_nowait(self):
        """Return an item if one is available right now, else raise ``Empty``."""
        return self.get(block=False)

    # --8<-- [start:tasks]
    def task_done(self):
        """Mark one item returned by ``get`` as processed; may wake ``join()``.

        Raises ``ValueError`` if called more times than items were put.
        """
        with self._all_tasks_done:
            unfinished = self._unfinished_tasks - 1
            if unfinished <= 0:
                if unfinished < 0:
                    raise ValueError("task_done() called too many times")
                self._all_tasks_done.notify_all()
            self._unfinished_tasks = unfinished

    def join(self):
        """Block until every item put so far has been marked done."""
        with self._all_tasks_done:
            while self._unfinished_tasks:
                self._all_tasks_done.wait()
    # --8<-- [end:tasks]

    # --8<-- [start:shutdown]
    def shutdown(self, immediate=False):
        """Make later puts raise ``ShutDown``, and gets once the queue is empty.

        With ``immediate=True`` the remaining items are discarded and each
        counts as done, which may release ``join()``. Wakes every blocked
        ``put`` and ``get`` so that they re-check the state.
        """
        with self._mutex:
            self._is_shutdown = True
            if immediate:
                while self._items:
                    self._items.popleft()
                    if self._unfinished_tasks > 0:
                        self._unfinished_tasks -= 1
                self._all_tasks_done.notify_all()
            self._not_empty.notify_all()
            self._not_full.notify_all()
    # --8<-- [end:shutdown]

    def qsize(self):
        """Return the number of items (a snapshot: it may be stale at once)."""
        with self._mutex:
            return len(self._items)

    def empty(self):
        """Return True if the queue holds no item (a snapshot)."""
        with self._mutex:
            return not self._items

    def full(self):
        """Return True if the queue is bounded and at its bound (a snapshot)."""
        with self._mutex:
            return 0 < self.maxsize <= len(self._items)
