"""KNOWN-BAD: RequestCounter without the lock. Each dict operation (str keys) is
atomic in CPython 3.11, but the read (``get``) and the write (``[model] =``) are separate
steps, so two concurrent ``record`` calls can both read the same old count
and one increment is lost."""


class RequestCounter:
    def __init__(self):
        self._counts = {}

    def record(self, model):
        self._counts[model] = self._counts.get(model, 0) + 1  # BUG: not atomic

    def snapshot(self):
        return dict(self._counts)
