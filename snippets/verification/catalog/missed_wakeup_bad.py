"""Known bad: ``if`` instead of ``while`` around ``Condition.wait``.

A consumer woken by ``notify`` does not re-check: if another consumer took
the item first, ``popleft()`` raises IndexError on an empty deque.
"""

import threading
from collections import deque


class RequestQueue:
    def __init__(self):
        self._items = deque()
        self._ready = threading.Condition()

    def put(self, item):
        with self._ready:
            self._items.append(item)
            self._ready.notify()

    def get(self):
        with self._ready:
            if not self._items:  # tested once: stale after the wakeup
                self._ready.wait()
            return self._items.popleft()
