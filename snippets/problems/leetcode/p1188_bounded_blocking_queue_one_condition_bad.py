"""KNOWN-BAD LeetCode 1188: one condition for both kinds of waiter, ``notify()``.

Producers waiting for space and consumers waiting for data share one wait
set. ``notify()`` wakes one waiter of either kind: a consumer that empties the
queue can wake another consumer instead of the waiting producer, which then
sleeps forever while every thread waits (deadlock). Either use two conditions
(the correct version) or ``notify_all()``.
"""

from collections import deque
from threading import Condition


class BoundedBlockingQueue(object):
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._items: deque = deque()
        self._cond = Condition()

    def enqueue(self, element: int) -> None:
        with self._cond:
            while len(self._items) >= self._capacity:
                self._cond.wait()
            self._items.append(element)
            self._cond.notify()  # BUG: may wake a producer, not a consumer

    def dequeue(self) -> int:
        with self._cond:
            while not self._items:
                self._cond.wait()
            element = self._items.popleft()
            self._cond.notify()  # BUG: may wake a consumer, not a producer
            return element

    def size(self) -> int:
        with self._cond:
            return len(self._items)
