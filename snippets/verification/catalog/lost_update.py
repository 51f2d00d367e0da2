"""Token counter shared by request threads: internally synchronized.

``add(n)`` adds ``n`` to the running total; ``total`` reads it. ``+=`` on an
attribute is a read, an add and a write: three steps another thread can
interleave with, so the lock makes the three one atomic step.
"""

import threading


class TokenCounter:
    def __init__(self):
        self.total = 0
        self._lock = threading.Lock()

    def add(self, n):
        with self._lock:
            self.total += n
