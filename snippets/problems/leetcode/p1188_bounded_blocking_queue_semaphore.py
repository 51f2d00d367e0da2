"""LeetCode 1188 Design Bounded Blocking Queue, with two counting semaphores.

Contract: as for the Condition version (blocking, FIFO, no timeouts).
``_free`` counts free slots and ``_filled`` counts stored elements, so the
blocking is done by the semaphores alone; a short ``Lock`` protects the deque
itself. (CPython 3.11 documents ``deque.append``/``popleft`` as thread-safe on their own; the
lock keeps the code correct without relying on that, and keeps ``size()``
consistent with the operations.)
"""

from collections import deque
from threading import Lock, Semaphore


class BoundedBlockingQueue(object):
    def __init__(self, capacity: int) -> None:
        self._free = Semaphore(capacity)
        self._filled = Semaphore(0)
        self._lock = Lock()
        self._items: deque = deque()  # guarded by _lock

    def enqueue(self, element: int) -> None:
        self._free.acquire()  # blocks while full
        with self._lock:
            self._items.append(element)
        self._filled.release()

    def dequeue(self) -> int:
        self._filled.acquire()  # blocks while empty
        with self._lock:
            element = self._items.popleft()
        self._free.release()
        return element

    def size(self) -> int:
        with self._lock:
            return len(self._items)
