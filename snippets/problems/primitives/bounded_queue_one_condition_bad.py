"""Known-bad: one condition variable for both "not empty" and "not full".

Producers and consumers wait on the same condition, and each operation wakes
a single waiter with ``notify()``. The wakeup can go to a thread of the wrong
kind (a consumer woken by a consumer), which finds nothing to do and waits
again, while the thread that could have proceeded is never woken: every
thread ends up waiting, a deadlock.
"""

import threading
from collections import deque


class OneConditionQueue:
    def __init__(self, maxsize):
        self.maxsize = maxsize
        self._items = deque()
        self._changed = threading.Condition()  # BUG: shared by both sides

    def put(self, item):
        with self._changed:
            while len(self._items) >= self.maxsize:
                self._changed.wait()
            self._items.append(item)
            self._changed.notify()  # may wake another producer

    def get(self):
        with self._changed:
            while not self._items:
                self._changed.wait()
            item = self._items.popleft()
            self._changed.notify()  # may wake another consumer
            return item
