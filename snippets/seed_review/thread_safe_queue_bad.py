"""KNOWN-BAD: the source article's answer to "implement a thread-safe queue".

The class below is copied verbatim from the article. Each call is internally
synchronized by the lock, so it loses no item and raises no error under
concurrent use. Its defects are in the API and the cost:

- ``list.pop(0)`` moves every remaining element: a dequeue is O(n), and
  draining n items is O(n**2).
- ``dequeue()`` returns ``None`` both for "empty" and for a queued ``None``.
- There is no blocking get, no timeout, no bound and no close, so a consumer
  must poll and a fast producer can fill memory.

The corrected version is ``thread_safe_queue.py``.
"""

# --8<-- [start:original]
import threading

class ThreadSafeQueue:
    def __init__(self):
        self.queue = []
        self.lock = threading.Lock()

    def enqueue(self, item):
        with self.lock:
            self.queue.append(item)

    def dequeue(self):
        with self.lock:
            if not self.queue:
                return None
            return self.queue.pop(0)
# --8<-- [end:original]
