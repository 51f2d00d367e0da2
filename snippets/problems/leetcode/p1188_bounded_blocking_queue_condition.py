"""LeetCode 1188 Design Bounded Blocking Queue, with one lock and two conditions.

Contract (internally synchronized, FIFO):

- ``enqueue(element)`` blocks while the queue holds ``capacity`` elements,
  then appends ``element`` at the tail.
- ``dequeue()`` blocks while the queue is empty, then removes and returns
  the element at the head.
- ``size()`` returns the number of elements at the moment of the call; it
  never blocks for long (it takes the lock briefly).

Every operation is linearizable: its effect happens at one instant while the
lock is held. No timeouts and no interruption: a caller blocks until it can
proceed. This is the design of CPython's ``queue.Queue`` (``Lib/queue.py``, 3.11): two ``Condition``
objects over one lock, so a producer wakes only consumers and vice versa, and
each waiter re-checks its predicate in a ``while`` loop.
"""

from collections import deque
from threading import Condition, Lock


class BoundedBlockingQueue(object):
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._items: deque = deque()  # guarded by _lock
        self._lock = Lock()
        self._not_full = Condition(self._lock)
        self._not_empty = Condition(self._lock)

    def enqueue(self, element: int) -> None:
        with self._not_full:
            while len(self._items) >= self._capacity:
                self._not_full.wait()
            self._items.append(element)
            self._not_empty.notify()  # one new element: one consumer can use it

    def dequeue(self) -> int:
        with self._not_empty:
            while not self._items:
                self._not_empty.wait()
            element = self._items.popleft()
            self._not_full.notify()  # one free slot: one producer can use it
            return element

    def size(self) -> int:
        with self._lock:
            return len(self._items)
