"""KNOWN BAD: per-subscriber queues in a plain list, iterated without a lock.

``queue.Queue`` is internally synchronized, so each queue is fine; the
list of queues is not. ``close`` iterates the list while another thread's
``unsubscribe`` removes an earlier entry: the list shifts left under the
iterator, the next subscriber is skipped, never receives the end of the
stream, and waits forever.
"""

import queue

_EOS = object()


class TokenFanout:
    def __init__(self, maxsize=64):
        self._subscribers = []
        self._maxsize = maxsize

    def subscribe(self):
        q = queue.Queue(self._maxsize)
        self._subscribers.append(q)
        return q

    # --8<-- [start:bug]
    def publish(self, token):
        for q in self._subscribers:       # the list can change under this loop
            q.put(token)

    def close(self):
        for q in self._subscribers:       # a removal here skips the next queue
            q.put(_EOS)

    def unsubscribe(self, q):
        self._subscribers.remove(q)
    # --8<-- [end:bug]

    @staticmethod
    def tokens(q):
        """Iterate one subscriber's tokens until the end of the stream."""
        while (token := q.get()) is not _EOS:
            yield token
