"""Per-model token usage, updated by many request threads.

``record(model, tokens)`` adds to that model's entry; ``usage`` maps model
name to tokens. ``d[k] = d.get(k, 0) + n`` is a read and a write of the
dict with Python code in between, so the lock makes the pair atomic.
"""

import threading


class UsageMeter:
    def __init__(self):
        self.usage = {}
        self._lock = threading.Lock()

    def record(self, model, tokens):
        with self._lock:
            self.usage[model] = self.usage.get(model, 0) + tokens
