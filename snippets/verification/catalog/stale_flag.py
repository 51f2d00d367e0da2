"""Batch collector that can be closed: no accepted request is ever lost.

``submit(x)`` returns True if ``x`` was accepted into the current batch and
False after ``close()``; ``close()`` returns every accepted item. The flag
test and the append happen under the same lock as close's flag write and
drain, so an item is either rejected or in the drained batch.
"""

import threading


class Batcher:
    def __init__(self):
        self._items = []
        self._closed = False
        self._lock = threading.Lock()

    def submit(self, item):
        with self._lock:
            if self._closed:
                return False
            self._items.append(item)
            return True

    def close(self):
        with self._lock:
            self._closed = True  # mutant: equivalent moved-out-of-with -- a submit that already passed the check still appends before the drain below takes the lock
            drained, self._items = self._items, []
            return drained
