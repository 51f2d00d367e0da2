"""Known-bad: increment() reads, then writes; another thread can run in between."""


class Counter:
    """Not synchronized: two concurrent increment() calls can add only 1."""

    def __init__(self):
        self.value = 0

    def increment(self):
        current = self.value
        self.value = current + 1
