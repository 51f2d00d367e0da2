"""Producer-consumer on a bounded queue.Queue, with a shutdown protocol.

ProducerConsumer(maxsize=64)
    A bounded, internally synchronized channel. ``queue.Queue`` already
    holds its own lock, so no extra lock is added: producers and consumers
    never wait for each other except on a full or an empty queue.

produce(item, timeout=None)
    Put ``item``. While the queue is full, block at most ``timeout`` seconds
    (backpressure: a fast producer is slowed to the consumers' pace), then
    raise ``queue.Full``.

consume(timeout=None)
    Take the oldest item. While the queue is empty, block at most
    ``timeout`` seconds, then raise ``queue.Empty``. ``None`` is an ordinary
    item. Returns ``STOP`` when a producer has called ``stop()``; the
    consumer must then leave its loop (it holds that one ``STOP``).

task_done() / join()
    As in ``queue.Queue``: each consumed item (``STOP`` included) is marked
    done once; ``join()`` blocks until every item put so far is done.

stop(consumers, timeout=None)
    Put one ``STOP`` per consumer, behind every item already queued, so
    consumers finish the backlog and then exit. On Python 3.13+,
    ``queue.Queue.shutdown()`` is the standard-library alternative.

consume_all(channel, handle, timeout=None)
    The consumer loop: call ``handle(item)`` on every item until ``STOP``.

process(items, handle, consumers=2, maxsize=8, timeout=5.0)
    Run one producer (the caller) and ``consumers`` consumer threads over
    ``items``; return once every item is handled and every thread has ended.
    A consumer waits for items without a time limit (idle is normal); the
    producer side waits at most ``timeout`` per put and per thread join and
    raises ``queue.Full`` or ``TimeoutError`` instead of hanging. An exception
    from ``handle`` does not stop the consumers; the first one is re-raised
    at the end.
"""

import queue
import threading

STOP = object()  # a sentinel no caller can confuse with a real item, unlike None


# --8<-- [start:channel]
class ProducerConsumer:
    def __init__(self, maxsize=64):
        if maxsize <= 0:
            raise ValueError("a bound is required: it is what gives backpressure")
        self._queue = queue.Queue(maxsize)

    def produce(self, item, timeout=None):
        self._queue.put(item, timeout=timeout)

    def consume(self, timeout=None):
        return self._queue.get(timeout=timeout)

    def task_done(self):
        self._queue.task_done()

    def join(self):
        self._queue.join()

    def stop(self, consumers, timeout=None):
        for _ in range(consumers):
            self._queue.put(STOP, timeout=timeout)
# --8<-- [end:channel]


# --8<-- [start:loop]
def consume_all(channel, handle, timeout=None):
    while True:
        item = channel.consume(timeout=timeout)
        try:
            if item is STOP:
                return
            handle(item)
        finally:
            channel.task_done()  # also after an exception, or join() would hang


def process(items, handle, consumers=2, maxsize=8, timeout=5.0):
    channel = ProducerConsumer(maxsize)
    errors = []

    def guarded(item):
        try:
            handle(item)
        except Exception as exc:  # keep consuming, report to the caller below
            errors.append(exc)

    threads = [
        threading.Thread(target=consume_all, args=(channel, guarded))
        for _ in range(consumers)
    ]
    for thread in threads:
        thread.start()
    try:
        for item in items:
            channel.produce(item, timeout=timeout)  # queue.Full, never a hang
    finally:
        # Runs even if `items` raised: the consumers must always get their STOP.
        channel.stop(len(threads), timeout=timeout)
        for thread in threads:
            thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a consumer did not stop")
    if errors:
        raise errors[0]
# --8<-- [end:loop]
