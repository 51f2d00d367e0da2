"""Producer-consumer on Python 3.13+: Queue.shutdown() instead of sentinels.

consume_all(q, handle)
    The consumer loop: call ``handle(item)`` on every item; return when
    ``q.get()`` raises ``queue.ShutDown``, which happens only once the queue
    is shut down *and* empty, so the backlog is always finished.

process(items, handle, consumers=2, maxsize=8, timeout=5.0)
    Same contract as ``producer_consumer.process``: every item handled, every
    thread ended, ``queue.Full`` or ``TimeoutError`` instead of a hang, the
    first exception from ``handle`` re-raised at the end. Needs Python 3.13
    or later (``queue.Queue.shutdown`` and ``queue.ShutDown``).
"""

import queue
import threading


# --8<-- [start:shutdown]
def consume_all(q, handle):
    while True:
        try:
            item = q.get()
        except queue.ShutDown:  # shut down and drained: nothing more will come
            return
        try:
            handle(item)
        finally:
            q.task_done()


def process(items, handle, consumers=2, maxsize=8, timeout=5.0):
    q = queue.Queue(maxsize)
    errors = []

    def guarded(item):
        try:
            handle(item)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=consume_all, args=(q, guarded)) for _ in range(consumers)]
    for thread in threads:
        thread.start()
    try:
        for item in items:
            q.put(item, timeout=timeout)
    finally:
        q.shutdown()  # no sentinels: later put() raises, get() raises once empty
        for thread in threads:
            thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a consumer did not stop")
    if errors:
        raise errors[0]
# --8<-- [end:shutdown]
