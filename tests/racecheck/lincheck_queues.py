"""Queues for the lincheck tests: a correct one and two known-bad ones."""

import threading


class LockedQueue:
    """FIFO queue, internally synchronized by one lock."""

    def __init__(self):
        self._items = []
        self._lock = threading.Lock()

    def put(self, item):
        with self._lock:
            self._items.append(item)

    def get(self):
        """Return the oldest item; raise IndexError if empty."""
        with self._lock:
            return self._items.pop(0)


class PeekThenRemoveQueue:
    """Known bad: get() reads the head, then removes it in a second step,
    so two concurrent gets can return the same item and drop another."""

    def __init__(self):
        self._items = []

    def put(self, item):
        self._items.append(item)

    def get(self):
        item = self._items[0]
        del self._items[0]
        return item


class IndexedQueue:
    """Known bad: put() writes at a slot index it read before bumping the
    tail, so two concurrent puts can overwrite each other (a lost item)."""

    def __init__(self):
        self._slots = [None] * 16
        self._head = 0
        self._tail = 0

    def put(self, item):
        tail = self._tail
        self._slots[tail] = item
        self._tail = tail + 1

    def get(self):
        if self._head == self._tail:
            raise IndexError("empty")
        item = self._slots[self._head]
        self._head += 1
        return item
