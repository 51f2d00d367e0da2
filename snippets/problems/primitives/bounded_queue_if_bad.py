"""Known-bad: ``get`` waits under ``if`` instead of ``while``.

A woken getter assumes the queue is non-empty. But between ``notify()`` and
the moment the woken getter re-acquires the mutex, another getter that was
not waiting at all can take the lock first and take the item. The woken
getter then pops from an empty deque and raises ``IndexError``.
"""

from snippets.problems.primitives.bounded_queue import BoundedQueue


class IfInsteadOfWhileQueue(BoundedQueue):
    def get(self, block=True, timeout=None):
        with self._not_empty:
            if not self._items:  # BUG: must be `while`
                self._not_empty.wait()
            item = self._items.popleft()
            self._not_full.notify()
            return item
