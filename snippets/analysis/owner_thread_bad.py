"""KNOWN BAD: close() reads the table without waiting for the owner.

The stop message is queued behind the pending adds, but ``close`` returns the
table at once: adds still in the inbox are missing from the result.
"""

import queue
import threading

__all__ = ["HastyOwnerThreadAccumulator"]

_STOP = object()


# --8<-- [start:bug]
class HastyOwnerThreadAccumulator:
    def __init__(self):
        self._inbox = queue.Queue()
        self._sums = {}
        self._owner = threading.Thread(target=self._run, daemon=True)
        self._owner.start()

    def add(self, key, value):
        self._inbox.put((key, value))

    def _run(self):
        while (item := self._inbox.get()) is not _STOP:
            key, value = item
            self._sums[key] = self._sums.get(key, 0) + value

    def close(self):
        self._inbox.put(_STOP)
        return dict(self._sums)  # no join: the owner may still be applying adds
# --8<-- [end:bug]
