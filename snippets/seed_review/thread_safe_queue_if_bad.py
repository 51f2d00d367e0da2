"""KNOWN-BAD: the corrected queue with ``if`` instead of ``while`` around wait().

A getter woken by ``put`` does not own the new item: between the notify and
the moment the woken thread re-takes the lock, another getter that was not
waiting at all can take the lock first and remove the item. With ``if``, the
woken getter does not look again and pops from an empty deque
(``IndexError``). Only ``get`` differs from ``thread_safe_queue.py``.
"""

import queue

from snippets.seed_review import thread_safe_queue
from snippets.seed_review.thread_safe_queue import Closed


class ThreadSafeQueue(thread_safe_queue.ThreadSafeQueue):
    def get(self, block=True, timeout=None):
        with self._not_empty:
            deadline = thread_safe_queue._deadline(timeout)
            if not self._items:  # BUG: must be `while`
                if self._closed:
                    raise Closed
                if not block:
                    raise queue.Empty
                self._wait(self._not_empty, deadline, queue.Empty)
            item = self._items.popleft()
            self._not_full.notify()
            return item
