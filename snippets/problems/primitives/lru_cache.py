"""A size-bounded LRU cache for prompt-prefix entries.

``PrefixLRUCache`` maps a prompt prefix (for example a tuple of token ids) to
whatever the server keeps for it (for example a handle to its KV cache). It
is internally synchronized: every method holds one mutex for its whole
duration, so each call is atomic and the cache is linearizable. No method
blocks except to take that mutex for O(1) work.

* ``capacity`` must be a positive ``int``: ``TypeError`` otherwise, and
  ``ValueError`` if it is less than 1.
* ``get(key, default=None)`` returns the value and marks the entry as most
  recently used; a miss returns ``default`` and changes nothing.
* ``put(key, value)`` inserts or replaces the entry, marks it most recently
  used, and evicts the least recently used entry if the cache is over
  capacity. It returns the evicted ``(key, value)`` pair or None, so the
  caller can release what the value holds.
"""

import threading
from collections import OrderedDict


class PrefixLRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or isinstance(capacity, bool):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._entries = OrderedDict()  # least recently used first
        self._lock = threading.Lock()

    # --8<-- [start:ops]
    def get(self, key, default=None):
        with self._lock:
            try:
                value = self._entries[key]
            except KeyError:
                return default
            self._entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self.capacity:
                return self._entries.popitem(last=False)
            return None
    # --8<-- [end:ops]

    def __len__(self):
        with self._lock:
            return len(self._entries)

    def keys(self):
        """Return the keys, least recently used first (a snapshot)."""
        with self._lock:
            return list(self._entries)
