"""A per-adapter lock registry filled lazily at module level: a run leaves it
filled for the next one unless the scenario's setup empties it
(test_leftover_state.py)."""

import threading

_GUARD = threading.Lock()
_LOCKS: dict[str, threading.Lock] = {}


def lock_for(name):
    with _GUARD:
        lock = _LOCKS.get(name)
        if lock is None:
            lock = _LOCKS[name] = threading.Lock()
        return lock


def lock_for_bad(name):
    lock = _LOCKS.get(name)
    if lock is None:  # two first callers make two different locks
        lock = _LOCKS[name] = threading.Lock()
    return lock


class AdapterCache:
    def __init__(self, lock_for):
        self.lock_for = lock_for
        self.loaded = {}
        self.loads = 0

    def load(self, name):
        with self.lock_for(name):
            if name not in self.loaded:
                self.loads += 1
                self.loaded[name] = object()
        return self.loaded[name]
