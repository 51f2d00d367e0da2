"""Token-bucket rate limiter for an LLM API client, for threads.

The bucket holds at most ``capacity`` tokens and refills at ``rate`` tokens
per second. A caller that needs more tokens than the bucket holds *reserves*
them: the balance goes negative and the caller sleeps exactly as long as
the refill takes. Reservations are made under one lock, so callers are
served in the order they reserved (FIFO), each ``acquire`` takes the lock
once, and nobody polls.

Thread safety: ``TokenBucket`` is internally synchronized; any number of
threads may call ``acquire`` and ``try_acquire`` on one instance.
"""

import math
import threading
import time

__all__ = ["TokenBucket"]


# --8<-- [start:validate]
def _validate_config(rate, capacity):
    # `not x > 0` (rather than `x <= 0`) also rejects NaN.
    if not rate > 0 or math.isinf(rate):
        raise ValueError(f"rate must be a finite number > 0, got {rate!r}")
    if not capacity > 0 or math.isinf(capacity):
        raise ValueError(
            f"capacity must be a finite number > 0, got {capacity!r}")


def _validate_request(tokens, timeout, capacity):
    if not tokens > 0:
        raise ValueError(f"tokens must be > 0, got {tokens!r}")
    if tokens > capacity:
        # It could never be granted; blocking forever would hide the bug.
        raise ValueError(f"tokens ({tokens!r}) exceeds the bucket capacity"
                         f" ({capacity!r})")
    if timeout is not None and not timeout >= 0:
        raise ValueError(
            f"'timeout' must be a non-negative number or None, got {timeout!r}")
# --8<-- [end:validate]


# --8<-- [start:bucket]
class TokenBucket:
    """Allow ``rate`` tokens per second on average, bursts up to ``capacity``.

    The bucket starts full. ``clock`` (seconds, monotonic) and ``sleep`` are
    injectable for tests; by default they are ``time.monotonic`` and
    ``time.sleep``, looked up at each call.

    Raises ValueError if ``rate`` or ``capacity`` is not a finite number > 0.
    """

    def __init__(self, rate, capacity, *, clock=None, sleep=None):
        _validate_config(rate, capacity)
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        # Negative while sleepers hold reservations (tokens owed to them).
        self._tokens = capacity
        self._stamp = None  # clock reading at the last refill (None: none yet)

    def acquire(self, tokens=1, timeout=None):
        """Take ``tokens`` tokens, sleeping until the bucket has refilled.

        If ``timeout`` is None, block as long as necessary and return True.
        If ``timeout`` is a non-negative number, return False at once, taking
        nothing, when the tokens cannot be ready within ``timeout`` seconds
        (the refill rate makes that known up front); otherwise sleep and
        return True. Requests are granted in the order they reserve.

        Raises ValueError if ``tokens`` is not > 0 or exceeds ``capacity``,
        or if ``timeout`` is negative.
        """
        _validate_request(tokens, timeout, self.capacity)
        with self._lock:
            self._refill()
            wait = max(0.0, (tokens - self._tokens) / self.rate)
            if timeout is not None and wait > timeout:
                return False
            # Reserve now; the refill pays the debt back within `wait`.
            self._tokens -= tokens
        if wait > 0:
            # Outside the lock: others may reserve (behind us) meanwhile.
            (self._sleep or time.sleep)(wait)
        return True

    def try_acquire(self, tokens=1):
        """Take ``tokens`` tokens if they are available now; never block.

        Equivalent to ``acquire(tokens, timeout=0)``. Returns True or False.
        """
        return self.acquire(tokens, timeout=0)

    def _refill(self):
        # Caller holds self._lock.
        now = (self._clock or time.monotonic)()
        if self._stamp is not None and now > self._stamp:
            earned = (now - self._stamp) * self.rate
            self._tokens = min(self.capacity, self._tokens + earned)
        if self._stamp is None or now > self._stamp:
            self._stamp = now  # a clock that steps back is ignored, not trusted
# --8<-- [end:bucket]
