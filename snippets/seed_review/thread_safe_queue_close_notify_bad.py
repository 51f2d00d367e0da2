"""KNOWN-BAD: the corrected queue whose close() wakes one waiter, not all.

``notify()`` wakes a single blocked getter; the others sleep on and never
learn that the queue is closed. Only ``close`` differs from
``thread_safe_queue.py``.
"""

from snippets.seed_review import thread_safe_queue


class ThreadSafeQueue(thread_safe_queue.ThreadSafeQueue):
    def close(self):
        with self._lock:
            self._closed = True
            self._not_empty.notify()  # BUG: must be notify_all()
            self._not_full.notify()
