"""A counter whose increment() is atomic: a lock guards the read and the write."""

import threading


class Counter:
    """Internally synchronized: concurrent increment() calls never lose an update."""

    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            current = self.value
            self.value = current + 1
