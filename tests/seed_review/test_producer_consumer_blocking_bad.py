"""The obvious fix of the polling consumer deadlocks: shown with real threads.

The consumer sleeps in ``queue.get()`` while holding the extra lock; the
producer waits for that lock in ``produce()``. Both threads are daemons and
the test unsticks them itself, so the suite never hangs.
"""

from snippets.seed_review import producer_consumer_blocking_bad
from tests.seed_review.helpers import start_daemon, wait_until
from tests.support.threads import join_all


def test_consumer_blocks_inside_the_lock_and_producer_cannot_enter():
    pc = producer_consumer_blocking_bad.ProducerConsumer()
    got = []
    consumer = start_daemon(lambda: got.append(pc.consume()))
    assert wait_until(pc.lock.locked)  # the consumer is inside the lock
    producer = start_daemon(pc.produce, "item")

    producer.join(0.2)  # time enough to get in, if it could
    assert consumer.is_alive() and producer.is_alive()  # stuck, both of them
    assert got == [] and pc.queue.empty()  # the item never got in

    # Unstick: put straight into the inner queue.Queue, which has its own lock.
    pc.queue.put("unstick")
    join_all([consumer, producer])
    assert got == ["unstick"]
    assert pc.queue.get_nowait() == "item"
