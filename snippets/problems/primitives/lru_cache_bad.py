"""Known-bad: ``put`` takes the lock, ``get`` does not.

"Reads do not need a lock" is wrong here because an LRU ``get`` is a write:
it moves the entry to the end. Between the membership check and the final
read, a concurrent ``put`` can evict the entry, and ``move_to_end`` or the
read raises ``KeyError`` on a key that was present a moment ago.
"""

from snippets.problems.primitives.lru_cache import PrefixLRUCache


class ReadsWithoutLockCache(PrefixLRUCache):
    def get(self, key, default=None):
        if key not in self._entries:  # BUG: no lock around check and move
            return default
        self._entries.move_to_end(key)
        return self._entries[key]
