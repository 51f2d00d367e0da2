"""Token-bucket rate limiter for asyncio code.

The same reservation scheme as ``rate_limiter.TokenBucket``, for one event
loop. The balance is read and reserved without an ``await`` in between, so
no lock is needed: coroutines of one loop cannot interleave there, and
requests are granted in the order they called ``acquire``.

Thread safety: not thread-safe. An ``AsyncTokenBucket`` belongs to the
event loop it is used on (like ``asyncio.Queue``); use it from that loop's
thread only.
"""

import asyncio

from snippets.problems.serving.rate_limiter import (
    _validate_config,
    _validate_request,
)

__all__ = ["AsyncTokenBucket"]


# --8<-- [start:bucket]
class AsyncTokenBucket:
    """Allow ``rate`` tokens per second on average, bursts up to ``capacity``.

    The bucket starts full. ``clock`` defaults to the running loop's
    ``time()``, so a test loop with virtual time controls it.

    Raises ValueError if ``rate`` or ``capacity`` is not a finite number > 0.
    """

    def __init__(self, rate, capacity, *, clock=None):
        _validate_config(rate, capacity)
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = capacity  # negative while sleepers hold reservations
        self._stamp = None

    async def acquire(self, tokens=1, timeout=None):
        """Take ``tokens`` tokens, sleeping until the bucket has refilled.

        Blocking and timeout behave as in ``TokenBucket.acquire``: with a
        timeout, return False at once, taking nothing, if the tokens cannot
        be ready in time. If the waiting task is cancelled, its reservation
        is returned to the bucket and CancelledError propagates.

        Raises ValueError if ``tokens`` is not > 0 or exceeds ``capacity``,
        or if ``timeout`` is negative.
        """
        _validate_request(tokens, timeout, self.capacity)
        self._refill()
        wait = max(0.0, (tokens - self._tokens) / self.rate)
        if timeout is not None and wait > timeout:
            return False
        self._tokens -= tokens  # no await between the check and the reservation
        if wait > 0:
            try:
                await asyncio.sleep(wait)
            except asyncio.CancelledError:
                self._refill()
                # Give the reservation back, as if never asked for.
                self._tokens = min(self.capacity, self._tokens + tokens)
                raise
        return True

    def try_acquire(self, tokens=1):
        """Take ``tokens`` tokens if available now. Never blocks; a plain
        method, not a coroutine."""
        _validate_request(tokens, 0, self.capacity)
        self._refill()
        if self._tokens >= tokens:
            self._tokens -= tokens
            return True
        return False

    def _refill(self):
        if self._clock is not None:
            now = self._clock()
        else:
            now = asyncio.get_running_loop().time()
        if self._stamp is not None and now > self._stamp:
            earned = (now - self._stamp) * self.rate
            self._tokens = min(self.capacity, self._tokens + earned)
        if self._stamp is None or now > self._stamp:
            self._stamp = now
# --8<-- [end:bucket]
