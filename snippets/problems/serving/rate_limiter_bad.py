"""KNOWN BAD: a token bucket whose check and take are not one atomic step.

The lock guards the refill only. Two threads can both see enough tokens,
both take them, and the bucket hands out more than it holds.
"""

import threading
import time


class TokenBucket:
    def __init__(self, rate, capacity, *, clock=None, sleep=None):
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = capacity
        self._stamp = None

    # --8<-- [start:bug]
    def try_acquire(self, tokens=1):
        with self._lock:
            self._refill()
        if self._tokens >= tokens:      # check ...
            self._tokens -= tokens      # ... then act: too late, not atomic
            return True
        return False

    def acquire(self, tokens=1, timeout=None):
        now = self._clock or time.monotonic
        deadline = None if timeout is None else now() + timeout
        while not self.try_acquire(tokens):
            if deadline is not None and now() >= deadline:
                return False
            (self._sleep or time.sleep)(tokens / self.rate)  # poll
        return True
    # --8<-- [end:bug]

    def _refill(self):
        now = (self._clock or time.monotonic)()
        if self._stamp is not None and now > self._stamp:
            earned = (now - self._stamp) * self.rate
            self._tokens = min(self.capacity, self._tokens + earned)
        self._stamp = now
