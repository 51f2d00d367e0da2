# Stub of rate_limiter.py (tools/signatures.py): write the bodies.

class TokenBucket:
    """Allow ``rate`` tokens per second on average, bursts up to ``capacity``.

    The bucket starts full. ``clock`` (seconds, monotonic) and ``sleep`` are
    injectable for tests; by default they are ``time.monotonic`` and
    ``time.sleep``, looked up at each call.

    Raises ValueError if ``rate`` or ``capacity`` is not a finite number > 0.
    """

    def __init__(self, rate, capacity, *, clock=None, sleep=None):
        ...

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
        ...

    def try_acquire(self, tokens=1):
        """Take ``tokens`` tokens if they are available now; never block.

        Equivalent to ``acquire(tokens, timeout=0)``. Returns True or False.
        """
        ...
