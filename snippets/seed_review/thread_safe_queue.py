"""A FIFO queue for threads, with blocking, timeouts, a bound and close().

ThreadSafeQueue(maxsize=0)
    An internally synchronized FIFO queue. ``maxsize <= 0`` means unbounded.

put(item, block=True, timeout=None)
    Append ``item`` (``None`` is an ordinary item). If the queue is full,
    block until a slot frees up, at most ``timeout`` seconds; raise
    ``queue.Full`` when the time runs out or when ``block`` is false and the
    queue is full. Raise ``Closed`` if the queue is closed.

get(block=True, timeout=None)
    Remove and return the oldest item. If the queue is empty, block until an
    item arrives, at most ``timeout`` seconds; raise ``queue.Empty`` when the
    time runs out or when ``block`` is false and the queue is empty. Raise
    ``Closed`` once the queue is closed *and* drained.

close()
    Refuse further puts and wake every blocked thread. Items already queued
    can still be taken; after them, ``get`` raises ``Closed``. Idempotent.

Every operation is O(1) apart from waiting. Python 3.13 added the same idea
to the standard library as ``queue.Queue.shutdown()`` / ``queue.ShutDown``;
on any version, prefer ``queue.Queue`` unless you need something it lacks.
"""

import queue
import threading
import time
from collections import deque


class Closed(Exception):
    """Raised by put() on a closed queue and by get() on a closed, empty one."""


class ThreadSafeQueue:
    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._items = deque()  # popleft() is O(1); list.pop(0) is O(n)
        self._closed = False
        # One lock, two conditions (as in CPython's queue.py): a put wakes a
        # getter and a get wakes a putter, so notify() never wakes the wrong kind.
        self._lock = threading.Lock()
        self._not_empty = threading.Condition(self._lock)
        self._not_full = threading.Condition(self._lock)

    def put(self, item, block=True, timeout=None):
        with self._not_full:
            deadline = _deadline(timeout)
            # `while`, not `if`: after a wake-up, another thread may have
            # taken the free slot first (or the queue was closed).
            while self._full() and not self._closed:
                if not block:
                    raise queue.Full
                self._wait(self._not_full, deadline, queue.Full)
            if self._closed:
                raise Closed
            self._items.append(item)
            self._not_empty.notify()

    def get(self, block=True, timeout=None):
        with self._not_empty:
            deadline = _deadline(timeout)
            while not self._items:
                if self._closed:
                    raise Closed
                if not block:
                    raise queue.Empty
                self._wait(self._not_empty, deadline, queue.Empty)
            item = self._items.popleft()
            self._not_full.notify()
            return item

    def close(self):
        with self._lock:
            self._closed = True  # mutant: equivalent moved-out-of-with -- one atomic store; waiters re-check it under the lock after the notify_all below
            # Every waiter must re-check: notify() would wake only one.
            self._not_empty.notify_all()
            self._not_full.notify_all()

    def _full(self):
        return 0 < self._maxsize <= len(self._items)

    @staticmethod
    def _wait(condition, deadline, timeout_error):
        if deadline is None:
            condition.wait()
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise timeout_error
        condition.wait(remaining)


def _deadline(timeout):
    if timeout is None:
        return None
    if timeout < 0:
        raise ValueError("'timeout' must be a non-negative number")
    return time.monotonic() + timeout
