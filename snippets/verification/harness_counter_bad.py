"""Known-bad: another thread can run between the read and the write."""


class Counter:
    """Not synchronized: two concurrent increments can add only 1."""

    def __init__(self):
        self.value = 0

    def increment(self):
        current = self.value
        self.value = current + 1
