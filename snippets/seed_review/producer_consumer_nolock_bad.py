"""KNOWN-BAD: the article's ProducerConsumer with its extra lock removed.

This shows what the extra lock was really doing. ``queue.Queue`` is
internally synchronized, but ``if not empty(): get()`` is two calls, and
another consumer can take the last item between them. The second ``get()``
then blocks on an empty queue: a consumer that was meant never to wait
hangs. Removing the lock is right; keeping the check-then-act is not. The
correction uses one blocking ``get(timeout=...)`` instead.
"""

import queue


class ProducerConsumer:
    def __init__(self):
        self.queue = queue.Queue()

    def produce(self, item):
        self.queue.put(item)

    def consume(self):
        if not self.queue.empty():
            return self.queue.get()  # may block: the item can be gone by now
        return None
