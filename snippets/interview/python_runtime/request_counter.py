"""Per-model request counts, shared by the threads of a serving process.

``RequestCounter`` is internally synchronized: ``record`` and ``snapshot``
may be called from any thread, and each call is atomic with respect to the
others. Neither blocks for longer than one dict update or copy; neither
raises.
"""

import threading


class RequestCounter:
    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}

    def record(self, model):
        """Count one request for ``model``."""
        # get-then-store is a read-modify-write: the lock makes it one step.
        with self._lock:
            self._counts[model] = self._counts.get(model, 0) + 1

    def snapshot(self):
        """A copy of the counts, consistent at one instant."""
        with self._lock:
            return dict(self._counts)
