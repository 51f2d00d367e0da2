# Stub of rate_limiter_async.py (tools/signatures.py): write the bodies.

class AsyncTokenBucket:
    """Allow ``rate`` tokens per second on average, bursts up to ``capacity``.

    The bucket starts full. ``clock`` defaults to the running loop's
    ``time()``, so a test loop with virtual time controls it.

    Raises ValueError if ``rate`` or ``capacity`` is not a finite number > 0.
    """

    def __init__(self, rate, capacity, *, clock=None):
        ...

    async def acquire(self, tokens=1, timeout=None):
        """Take ``tokens`` tokens, sleeping until the bucket has refilled.

        Blocking and timeout behave as in ``TokenBucket.acquire``: with a
        timeout, return False at once, taking nothing, if the tokens cannot
        be ready in time. If the waiting task is cancelled, its reservation
        is returned to the bucket and CancelledError propagates.

        Raises ValueError if ``tokens`` is not > 0 or exceeds ``capacity``,
        or if ``timeout`` is negative.
        """
        ...

    def try_acquire(self, tokens=1):
        """Take ``tokens`` tokens if available now. Never blocks; a plain
        method, not a coroutine."""
        ...
