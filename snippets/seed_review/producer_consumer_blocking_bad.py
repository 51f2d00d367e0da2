"""KNOWN-BAD: the obvious fix for the article's polling consumer. It deadlocks.

Making ``consume()`` block with ``queue.get()`` removes the polling, but the
get now waits *while holding* ``self.lock``. On an empty queue the consumer
sleeps inside the lock, and every producer blocks in ``produce()`` trying to
take that same lock, so the item that would wake the consumer is never put.
Nothing in this class can make progress again.

The corrected version, ``producer_consumer.py``, drops the extra lock.
"""

import queue
import threading


# --8<-- [start:blocking]
class ProducerConsumer:
    def __init__(self):
        self.queue = queue.Queue()
        self.lock = threading.Lock()

    def produce(self, item):
        with self.lock:
            self.queue.put(item)

    def consume(self):
        with self.lock:
            return self.queue.get()  # sleeps while holding self.lock
# --8<-- [end:blocking]
