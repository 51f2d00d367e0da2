"""Known bad: ``self.total += n`` without a lock loses updates.

Two threads both read the old total, both add, and the second write
overwrites the first: one request's tokens are never counted.
"""


class TokenCounter:
    def __init__(self):
        self.total = 0

    def add(self, n):
        self.total += n  # read, add, write: not atomic
