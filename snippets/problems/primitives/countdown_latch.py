"""A countdown latch: wait until N events have happened.

``CountDownLatch`` is internally synchronized and one-shot: the count only
goes down, and once it reaches zero every current and future ``await_()``
returns at once. (Java's ``java.util.concurrent.CountDownLatch`` has the same
contract; ``await`` is a keyword in Python, hence ``await_``.)

* ``CountDownLatch(count)``: ``count`` must be an ``int`` >= 0
  (``TypeError`` / ``ValueError`` otherwise).
* ``count_down()`` decrements the count; at zero it wakes every waiter.
  At zero it does nothing. It never blocks (beyond a short mutex).
* ``await_(timeout=None)`` blocks until the count is zero and returns True,
  or returns False after ``timeout`` seconds. A negative ``timeout`` raises
  ``ValueError``.
* ``count`` is the current count (a snapshot).
"""

import threading
import time


class CountDownLatch:
    def __init__(self, count):
        if not isinstance(count, int) or isinstance(count, bool):
            raise TypeError("count must be an int")
        if count < 0:
            raise ValueError("count must be non-negative")
        self._count = count
        self._zero = threading.Condition(threading.Lock())

    # --8<-- [start:latch]
    def count_down(self):
        with self._zero:
            if self._count > 0:
                self._count -= 1
                if self._count == 0:
                    self._zero.notify_all()  # every waiter, not just one

    def await_(self, timeout=None):
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        with self._zero:
            if timeout is None:
                while self._count > 0:  # re-check after every wakeup
                    self._zero.wait()
                return True
            deadline = time.monotonic() + timeout
            while self._count > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._zero.wait(remaining)
            return True
    # --8<-- [end:latch]

    @property
    def count(self):
        with self._zero:  # mutant: equivalent with-removed -- one attribute read: atomic
            return self._count
