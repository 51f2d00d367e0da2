"""Lazily loaded tokenizer: built once, on first use, whoever asks first.

``get()`` returns the one shared instance. The lock around the test and the
construction makes sure ``load`` runs exactly once even when several request
threads ask at the same time.
"""

import threading


class LazyTokenizer:
    def __init__(self, load):
        self._load = load
        self._instance = None
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._instance is None:
                self._instance = self._load()
            return self._instance  # mutant: equivalent moved-out-of-with -- once set under the lock, _instance never changes
