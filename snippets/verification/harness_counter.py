"""A counter whose increment() is atomic: a lock guards read and write."""

import threading


class Counter:
    """Internally synchronized: no increment() is ever lost."""

    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:
            current = self.value
            self.value = current + 1
