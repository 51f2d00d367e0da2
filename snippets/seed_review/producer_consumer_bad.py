"""KNOWN-BAD: the source article's producer-consumer answer.

The class below is copied verbatim from the article. ``queue.Queue`` is
already internally synchronized; the extra lock adds nothing but contention
(every producer waits for every consumer and vice versa). The
``if not empty(): get()`` check-then-act is safe only because that extra lock
serialises every call. The real defect: ``consume()`` returns ``None`` when the
queue is empty, so a consumer has to spin, and a queued ``None`` looks like
"empty". The queue is unbounded, so there is no backpressure.

The corrected version is ``producer_consumer.py``; the obvious "fix" (a
blocking ``get()`` inside the lock) deadlocks, see
``producer_consumer_blocking_bad.py``.
"""

# --8<-- [start:original]
import threading
import queue

class ProducerConsumer:
    def __init__(self):
        self.queue = queue.Queue()
        self.lock = threading.Lock()

    def produce(self, item):
        with self.lock:
            self.queue.put(item)

    def consume(self):
        with self.lock:
            if not self.queue.empty():
                return self.queue.get()
            return None
# --8<-- [end:original]
