"""Small classes for tests/racecheck/test_guards.py: one lock discipline, kept and broken."""

import threading
from collections import deque


class Box:
    """_items is guarded by _lock (every access below holds it)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items = deque()

    def put(self, x):
        with self._lock:
            self._items.append(x)

    def size(self):
        with self._lock:
            return len(self._items)


class UnlockedSizeBox(Box):
    def size(self):
        return len(self._items)  # one C call: no interleaving can show it, the guard can


class SlottedBox:
    __slots__ = ("_lock", "_items")

    def __init__(self):
        self._lock = threading.RLock()
        self._items = []

    def put(self, x):
        with self._lock:
            with self._lock:  # reentrant: still held
                self._items.append(x)

    def clear_unlocked(self):
        self._items = []


class CondBox:
    """_items guarded by _cond (a Condition: its lock)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._items = []

    def put(self, x):
        with self._cond:
            self._items.append(x)
            self._cond.notify()

    def get(self):
        with self._cond:
            while not self._items:
                self._cond.wait()
            return self._items.pop()

    def peek_unlocked(self):
        return self._items[-1] if self._items else None
