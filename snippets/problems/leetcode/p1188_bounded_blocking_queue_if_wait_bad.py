"""KNOWN-BAD LeetCode 1188: ``if`` instead of ``while`` around ``wait``.

A consumer woken by ``notify`` does not re-check. Between the notify and the
moment the woken consumer re-acquires the lock, another consumer can take the
element, and ``popleft`` then raises ``IndexError`` on an empty deque.
"""

from collections import deque
from threading import Condition, Lock


class BoundedBlockingQueue(object):
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._items: deque = deque()
        self._lock = Lock()
        self._not_full = Condition(self._lock)
        self._not_empty = Condition(self._lock)

    def enqueue(self, element: int) -> None:
        with self._not_full:
            if len(self._items) >= self._capacity:  # BUG: must be `while`
                self._not_full.wait()
            self._items.append(element)
            self._not_empty.notify()

    def dequeue(self) -> int:
        with self._not_empty:
            if not self._items:  # BUG: must be `while`
                self._not_empty.wait()
            element = self._items.popleft()
            self._not_full.notify()
            return element

    def size(self) -> int:
        with self._lock:
            return len(self._items)
