"""The fourth design for many writers and one table: one owner thread.

Writers never touch the table. ``add`` puts a message on a queue, and a
single owner thread applies the messages in order; the table is confined to
that thread, so it needs no lock at all. This is the actor / event-loop
shape: the queue is the only shared object, and ``queue.Queue`` is
internally synchronized.

Contract: ``add`` may be called from any thread until ``close``; ``close``
waits until every message put before it has been applied, stops the owner
and returns the final table. Reads in between are not offered: a reader
would race with the owner (ask the owner instead, by message).
"""

from __future__ import annotations

import queue
import threading

__all__ = ["OwnerThreadAccumulator"]

_STOP = object()


# --8<-- [start:owner]
class OwnerThreadAccumulator:
    """Per-key sums applied by one owner thread; writers only enqueue."""

    def __init__(self):
        self._inbox = queue.Queue()
        self._sums = {}  # touched only by the owner thread
        self._owner = threading.Thread(target=self._run, name="accumulator-owner", daemon=True)
        self._owner.start()

    def add(self, key, value):
        self._inbox.put((key, value))

    def _run(self):
        while (item := self._inbox.get()) is not _STOP:
            key, value = item
            self._sums[key] = self._sums.get(key, 0) + value

    def close(self, timeout=None):
        """Apply everything enqueued so far, stop the owner, return the sums."""
        self._inbox.put(_STOP)  # FIFO: behind every add made before close()
        self._owner.join(timeout)
        if self._owner.is_alive():
            raise TimeoutError("the owner thread did not drain its inbox in time")
        return dict(self._sums)
# --8<-- [end:owner]
