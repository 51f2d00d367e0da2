# Stub of lru_cache.py (tools/signatures.py): write the bodies.

class PrefixLRUCache:
    def __init__(self, capacity):
        ...

    def get(self, key, default=None):
        ...

    def put(self, key, value):
        ...

    def __len__(self):
        ...

    def keys(self):
        """Return the keys, least recently used first (a snapshot)."""
        ...
