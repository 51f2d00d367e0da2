"""Known bad: check-then-act on a list without a lock.

Both threads see one free block, both call ``pop()``; the second one
raises IndexError (or, with other containers, both get the same block).
"""


class BlockPool:
    def __init__(self, blocks):
        self._free = list(blocks)

    def take(self):
        if self._free:  # check ...
            return self._free.pop()  # ... then act: the list may be empty by now
        return None
