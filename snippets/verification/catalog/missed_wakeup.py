"""Request queue for worker threads: ``get()`` blocks until an item is there.

The condition is re-tested in a ``while`` loop after every wakeup: between
``notify`` and the moment the woken thread holds the lock again, another
consumer may already have taken the item (and spurious wakeups exist).
"""

import threading
from collections import deque


class RequestQueue:
    def __init__(self):
        self._items = deque()
        self._ready = threading.Condition()

    def put(self, item):
        with self._ready:
            self._items.append(item)  # mutant: equivalent moved-out-of-with -- one atomic append; the notify below still comes after it, under the lock
            self._ready.notify()

    def get(self):
        with self._ready:
            while not self._items:
                self._ready.wait()
            return self._items.popleft()
