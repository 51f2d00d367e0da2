"""Known bad: unsafe lazy initialization.

Two threads both see ``None``, both load: the expensive load runs twice and
the threads end up holding two different instances.
"""


class LazyTokenizer:
    def __init__(self, load):
        self._load = load
        self._instance = None

    def get(self):
        if self._instance is None:
            self._instance = self._load()
        return self._instance
