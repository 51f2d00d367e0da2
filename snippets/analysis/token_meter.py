"""Token accounting shared by request threads: the read-modify-write under one lock.

``TokenMeter`` is internally synchronized: any number of threads may call
``add`` and ``totals``. ``totals`` returns a pair that existed at one instant
(both counters are read under the same lock that ``add`` holds).
"""

import threading

__all__ = ["TokenMeter"]


# --8<-- [start:meter]
class TokenMeter:
    """Running totals of prompt and completion tokens across request threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._prompt = 0
        self._completion = 0

    def add(self, prompt_tokens, completion_tokens):
        # Both read-modify-writes under one lock: no update is lost, and a
        # reader never sees one counter updated without the other.
        with self._lock:
            self._prompt += prompt_tokens
            self._completion += completion_tokens

    def totals(self):
        with self._lock:
            return self._prompt, self._completion
# --8<-- [end:meter]
