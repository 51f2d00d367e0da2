"""Known bad: a stale read of the ``closed`` flag.

``submit`` reads ``closed`` (False), then ``close`` sets it and drains, then
``submit`` appends to the batch nobody will drain again: the request was
accepted and silently dropped.
"""


class Batcher:
    def __init__(self):
        self._items = []
        self._closed = False

    def submit(self, item):
        if self._closed:
            return False
        self._items.append(item)  # the flag may have changed since the test
        return True

    def close(self):
        self._closed = True
        drained, self._items = self._items, []
        return drained
