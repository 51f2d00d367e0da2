"""Three ways to let many threads add per-key values into one table.

Workers add values under keys: a gradient shard id and a float, or a metric
name and a count. All three classes below are internally synchronized for
``add``; they differ in how much the writers contend and in when a reader
sees a consistent total.

- ``GlobalLockAccumulator``: one lock around one dict. Simplest; every
  ``add`` serializes on the same lock.
- ``StripedAccumulator``: ``n_stripes`` dicts, each with its own lock; a key
  always maps to the same stripe. Writers to different stripes do not wait
  for each other.
- ``PerThreadAccumulator``: each thread adds into its own dict (no lock on
  the hot path); ``reduce()`` sums the buffers once the writers are done.
"""

import threading
from numbers import Number

__all__ = [
    "GlobalLockAccumulator",
    "StripedAccumulator",
    "PerThreadAccumulator",
]


def _check_value(value):
    if not isinstance(value, Number):
        raise TypeError(f"value must be a number, got {type(value).__name__}")


# --8<-- [start:global]
class GlobalLockAccumulator:
    """A dict of running sums behind one lock. Internally synchronized."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sums = {}

    def add(self, key, value):
        """Add ``value`` to the sum under ``key`` (atomic). Raises TypeError
        if ``value`` is not a number."""
        _check_value(value)
        with self._lock:
            self._sums[key] = self._sums.get(key, 0) + value

    def get(self, key, default=0):
        with self._lock:
            return self._sums.get(key, default)

    def snapshot(self):
        """A copy of all sums, taken atomically."""
        with self._lock:
            return dict(self._sums)
# --8<-- [end:global]


# --8<-- [start:striped]
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
        if type(n_stripes) is not int or n_stripes < 1:  # bool is not allowed
            raise ValueError(
                f"n_stripes must be an int >= 1, got {n_stripes!r}")
        self._locks = [threading.Lock() for _ in range(n_stripes)]
        self._stripes = [{} for _ in range(n_stripes)]

    def _index(self, key):
        # hash() of str keys is salted per process but fixed within it:
        # a key maps to the same stripe for the life of the object.
        return hash(key) % len(self._stripes)

    def add(self, key, value):
        """Add ``value`` to the sum under ``key`` (atomic)."""
        _check_value(value)
        i = self._index(key)
        with self._locks[i]:
            stripe = self._stripes[i]
            stripe[key] = stripe.get(key, 0) + value

    def get(self, key, default=0):
        i = self._index(key)
        with self._locks[i]:
            return self._stripes[i].get(key, default)

    def snapshot(self):
        """A copy of all sums as of one instant (holds every stripe lock)."""
        for lock in self._locks:
            lock.acquire()
        try:
            merged = {}
            for stripe in self._stripes:
                merged.update(stripe)  # a key lives in exactly one stripe
            return merged
        finally:
            for lock in reversed(self._locks):
                lock.release()
# --8<-- [end:striped]


# --8<-- [start:per_thread]
class PerThreadAccumulator:
    """Each thread adds into a dict of its own; ``reduce()`` merges them.

    ``add`` takes no lock after a thread's first call (thread-local buffer).
    ``reduce`` is exact only once the writers have finished (joined): it
    reads buffers that their owners may still be changing, so while writers
    run it can miss recent adds. That is the usual contract of a gradient
    all-reduce at a step boundary.
    """

    def __init__(self):
        self._local = threading.local()
        # Guards the list of buffers, not the buffers themselves.
        self._buffers_lock = threading.Lock()
        self._buffers = []

    def add(self, key, value):
        _check_value(value)
        buf = getattr(self._local, "buf", None)
        if buf is None:
            buf = self._local.buf = {}
            with self._buffers_lock:
                self._buffers.append(buf)
        buf[key] = buf.get(key, 0) + value  # only this thread writes `buf`

    def reduce(self):
        """Sum of all threads' buffers. Call after the writers are joined."""
        with self._buffers_lock:
            buffers = list(self._buffers)
        total = {}
        for buf in buffers:
            for key, value in buf.items():
                total[key] = total.get(key, 0) + value
        return total
# --8<-- [end:per_thread]
