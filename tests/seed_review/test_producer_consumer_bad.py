"""The article's ProducerConsumer: a consumer can only poll.

Its extra lock serialises every call, so the ``if not empty(): get()``
check-then-act is safe here and nothing is lost. The defect is the API:
``consume()`` never waits, so a consumer spins, and a queued ``None`` reads as
"empty".
"""

import threading
import time

from snippets.seed_review import producer_consumer, producer_consumer_bad
from tests.support.threads import join_all

WINDOW = 0.1  # the producer delivers one item after this many seconds


def test_polling_consumer_burns_calls_while_waiting():
    pc = producer_consumer_bad.ProducerConsumer()
    timer = threading.Timer(WINDOW, pc.produce, args=("item",))
    timer.start()
    useless_calls = 0
    deadline = time.monotonic() + 5
    while (item := pc.consume()) is None and time.monotonic() < deadline:
        useless_calls += 1
    join_all([timer])
    assert item == "item"
    # Each call takes about a microsecond, so 100 ms of waiting costs tens of
    # thousands of calls (bench/seed_review_polling.py measures the rate);
    # 100 is a floor no machine misses.
    assert useless_calls > 100


def test_blocking_consumer_makes_no_useless_call():
    pc = producer_consumer.ProducerConsumer()
    timer = threading.Timer(WINDOW, pc.produce, args=("item",))
    timer.start()
    calls = 0
    item = None
    while item is None:  # the same loop as the poller; it runs once
        calls += 1
        item = pc.consume(timeout=5)
    join_all([timer])
    assert (item, calls) == ("item", 1)


def test_queued_none_reads_as_empty():
    pc = producer_consumer_bad.ProducerConsumer()
    pc.produce(None)
    assert pc.consume() is None  # the item
    assert pc.consume() is None  # "empty": the caller cannot tell them apart


def test_items_arrive_in_order_single_thread():
    pc = producer_consumer_bad.ProducerConsumer()
    for i in range(3):
        pc.produce(i)
    assert [pc.consume() for _ in range(4)] == [0, 1, 2, None]
