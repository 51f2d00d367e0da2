"""The corrected producer-consumer keeps the contract in its docstring."""

import queue
import threading
from types import SimpleNamespace

import pytest

import racecheck

from snippets.seed_review.producer_consumer import (
    ProducerConsumer,
    consume_all,
    process,
)
from tests.seed_review.helpers import start_daemon, wait_until
from tests.support.threads import join_all, run_threads, within


def test_every_item_handled_exactly_once_none_included():
    items = [None, *range(500), None]
    handled = []
    lock = threading.Lock()

    def handle(item):
        with lock:
            handled.append(item)

    process(items, handle, consumers=3, maxsize=4)
    assert sorted(handled, key=repr) == sorted(items, key=repr)


def test_full_queue_applies_backpressure():
    channel = ProducerConsumer(maxsize=2)
    channel.produce(1)
    channel.produce(2)
    with pytest.raises(queue.Full):
        within(lambda: channel.produce(3, timeout=0.01))
    producer = start_daemon(channel.produce, 3)
    producer.join(0.05)
    assert producer.is_alive()  # waits for room
    assert channel.consume(timeout=1) == 1
    join_all([producer])


def test_consume_times_out_with_empty():
    with pytest.raises(queue.Empty):
        within(lambda: ProducerConsumer().consume(timeout=0.01))


def test_a_bound_is_required():
    with pytest.raises(ValueError):
        ProducerConsumer(maxsize=0)


def test_stop_lets_consumers_finish_the_backlog_then_exit():
    channel = ProducerConsumer(maxsize=8)
    for i in range(5):
        channel.produce(i)
    channel.stop(consumers=2)
    handled = []
    run_threads(*[lambda: consume_all(channel, handled.append)] * 2)
    assert sorted(handled) == [0, 1, 2, 3, 4]


def test_join_waits_until_every_item_is_done():
    channel = ProducerConsumer(maxsize=8)
    release = threading.Event()
    handled = []

    def slow(item):
        release.wait(5)
        handled.append(item)

    consumer = start_daemon(consume_all, channel, slow)
    for i in range(3):
        channel.produce(i)
    waiter = start_daemon(channel.join)
    waiter.join(0.05)
    assert waiter.is_alive()  # items taken but not done yet
    release.set()
    join_all([waiter])
    assert handled == [0, 1, 2]
    channel.stop(consumers=1)
    join_all([consumer])


def test_handler_error_is_reported_and_other_items_still_handled():
    handled = []

    def handle(item):
        if item == 3:
            raise RuntimeError("bad item")
        handled.append(item)

    with pytest.raises(RuntimeError, match="bad item"):
        process(range(10), handle, consumers=2)
    assert sorted(handled) == [0, 1, 2, 4, 5, 6, 7, 8, 9]


def test_failing_producer_still_stops_the_consumers():
    before = threading.active_count()

    def items():
        yield from range(3)
        raise OSError("input broke")

    with pytest.raises(OSError):
        process(items(), lambda item: None, consumers=2)
    assert wait_until(lambda: threading.active_count() == before)


def test_real_threads_pipeline_conserves_items():
    # Outer layer: real threads, Barrier start, tiny switch interval, watchdog.
    def setup():
        return SimpleNamespace(channel=ProducerConsumer(maxsize=4), ledger=racecheck.Ledger())

    def producer(s):
        for i in range(300):
            s.channel.produce(i, timeout=5)
            s.ledger.produced(i)
        s.channel.stop(consumers=2, timeout=5)

    def consumer(s):
        consume_all(s.channel, s.ledger.consumed, timeout=5)

    racecheck.stress(
        setup,
        [producer, consumer, consumer],
        check=lambda s: s.ledger.assert_conserved() or True,
        rounds=10,
        timeout=10.0,
        name="producer_consumer: 1 producer x 300, 2 consumers, maxsize=4",
    )
