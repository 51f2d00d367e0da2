"""KNOWN-BAD: the article's queue "optimised": a head index, and no lock.

The O(n) ``pop(0)`` is replaced by a read index, which is a fair idea, and
the lock is dropped on the belief that the GIL makes every list operation
atomic. ``append`` alone is atomic; the dequeue is not: it reads ``head``,
reads the slot, and writes ``head + 1`` back. Two consumers that read the
same ``head`` both return the same item, and one item is never returned.
"""


class ThreadSafeQueue:
    def __init__(self):
        self.items = []
        self.head = 0  # index of the next item to dequeue

    def enqueue(self, item):
        self.items.append(item)

    def dequeue(self):
        if self.head == len(self.items):
            return None
        item = self.items[self.head]
        self.head += 1  # read-modify-write, unprotected
        return item
