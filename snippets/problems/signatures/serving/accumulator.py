# Stub of accumulator.py (tools/signatures.py): write the bodies.

class GlobalLockAccumulator:
    """A dict of running sums behind one lock. Internally synchronized."""

    def __init__(self):
        ...

    def add(self, key, value):
        """Add ``value`` to the sum under ``key`` (atomic). Raises TypeError
        if ``value`` is not a number."""
        ...

    def get(self, key, default=0):
        ...

    def snapshot(self):
        """A copy of all sums, taken atomically."""
        ...


class StripedAccumulator:
    """Running sums split over ``n_stripes`` independently locked dicts.

    ``add`` and ``get`` lock only the stripe of their key, so they are
    atomic per key. ``snapshot`` locks every stripe, always in index order
    (one global order, so two snapshots cannot deadlock), and therefore
    returns a state that existed at one instant.

    Raises ValueError if ``n_stripes`` is not an int >= 1, TypeError if an
    added value is not a number.
    """

    def __init__(self, n_stripes=16):
        ...

    def add(self, key, value):
        """Add ``value`` to the sum under ``key`` (atomic)."""
        ...

    def get(self, key, default=0):
        ...

    def snapshot(self):
        """A copy of all sums as of one instant (holds every stripe lock)."""
        ...


class PerThreadAccumulator:
    """Each thread adds into a dict of its own; ``reduce()`` merges them.

    ``add`` takes no lock after a thread's first call (thread-local buffer).
    ``reduce`` is exact only once the writers have finished (joined): it
    reads buffers that their owners may still be changing, so while writers
    run it can miss recent adds. That is the usual contract of a gradient
    all-reduce at a step boundary.
    """

    def __init__(self):
        ...

    def add(self, key, value):
        ...

    def reduce(self):
        """Sum of all threads' buffers. Call after the writers are joined."""
        ...
