"""A step counter shared by training-loop threads (logging, metrics).

SharedCounter()
    Internally synchronized: ``add()`` from any number of threads loses no
    update. ``value`` reads the current count (a single attribute read).

add(n=1)
    Add ``n``. The read, the addition and the write happen under one lock,
    so no other ``add()`` can run between them.
"""

import threading


class SharedCounter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def add(self, n=1):
        with self._lock:
            self.value += n
