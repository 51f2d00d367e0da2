"""Pool of free KV-cache blocks: internally synchronized.

``take()`` returns a free block id, or None when none is left. The emptiness
test and the removal happen under one lock, so two threads never both pass
the test for the last block.
"""

import threading


class BlockPool:
    def __init__(self, blocks):
        self._free = list(blocks)
        self._lock = threading.Lock()

    def take(self):
        with self._lock:
            if self._free:
                return self._free.pop()
            return None
