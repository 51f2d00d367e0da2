"""The corrected ThreadSafeQueue keeps the contract in its docstring."""

import queue
import time
from types import SimpleNamespace

import pytest

import racecheck

from snippets.seed_review.thread_safe_queue import Closed, ThreadSafeQueue
from tests.seed_review.helpers import start_daemon, wait_until
from tests.support.threads import join_all, within


def test_fifo_and_none_is_an_ordinary_item():
    q = ThreadSafeQueue()
    for item in (1, None, 3):
        q.put(item)
    assert [q.get(timeout=1) for _ in range(3)] == [1, None, 3]
    with pytest.raises(queue.Empty):  # empty is an exception, not a value
        q.get(block=False)


def test_get_times_out_with_empty():
    with pytest.raises(queue.Empty):
        within(lambda: ThreadSafeQueue().get(timeout=0.01))


def test_blocking_get_is_woken_by_put():
    q = ThreadSafeQueue()
    got = []
    consumer = start_daemon(lambda: got.append(q.get(timeout=5)))
    assert not wait_until(lambda: got, timeout=0.05)  # really waiting
    q.put("item")
    join_all([consumer])
    assert got == ["item"]


def test_bound_blocks_put_then_raises_full():
    q = ThreadSafeQueue(maxsize=2)
    q.put(1)
    q.put(2)
    with pytest.raises(queue.Full):
        q.put(3, block=False)
    with pytest.raises(queue.Full):
        within(lambda: q.put(3, timeout=0.01))


def test_full_put_is_woken_by_get():
    q = ThreadSafeQueue(maxsize=1)
    q.put(1)
    producer = start_daemon(q.put, 2)
    producer.join(0.05)
    assert producer.is_alive()  # blocked: backpressure
    assert q.get(timeout=1) == 1
    join_all([producer])
    assert q.get(timeout=1) == 2


def test_close_wakes_every_blocked_getter():
    q = ThreadSafeQueue()
    outcomes = []

    def consumer():
        try:
            q.get(timeout=5)
        except Closed:
            outcomes.append("closed")

    consumers = [start_daemon(consumer) for _ in range(3)]
    time.sleep(0.05)
    assert all(c.is_alive() for c in consumers)  # every one is waiting
    q.close()
    join_all(consumers)
    assert outcomes == ["closed"] * 3


def test_close_wakes_a_blocked_putter():
    q = ThreadSafeQueue(maxsize=1)
    q.put(1)
    outcomes = []

    def producer():
        try:
            q.put(2, timeout=5)
        except Closed:
            outcomes.append("closed")

    thread = start_daemon(producer)
    thread.join(0.05)
    assert thread.is_alive()  # blocked: the queue is full
    q.close()
    join_all([thread])
    assert outcomes == ["closed"]


def test_close_drains_queued_items_first_and_refuses_puts():
    q = ThreadSafeQueue()
    q.put("a")
    q.put("b")
    q.close()
    q.close()  # idempotent
    with pytest.raises(Closed):
        q.put("c")
    assert q.get(block=False) == "a"
    assert q.get(timeout=1) == "b"
    with pytest.raises(Closed):
        q.get(timeout=1)


def test_negative_timeout_is_rejected():
    with pytest.raises(ValueError):
        ThreadSafeQueue().get(timeout=-1)


def test_real_threads_conserve_items():
    # Outer layer only: real threads rarely expose races on GIL CPython. The
    # interleavings that matter are explored in test_racecheck.py; this run
    # adds real blocking, real timeouts and a watchdog that dumps every stack.
    per_producer = 200

    def setup():
        return SimpleNamespace(q=ThreadSafeQueue(maxsize=4), ledger=racecheck.Ledger())

    def producer(tag):
        def run(s):
            for i in range(per_producer):
                s.q.put((tag, i), timeout=5)
                s.ledger.produced((tag, i))

        return run

    def consumer(s):
        for _ in range(per_producer):
            s.ledger.consumed(s.q.get(timeout=5))

    racecheck.stress(
        setup,
        [producer("p0"), producer("p1"), consumer, consumer],
        check=lambda s: s.ledger.assert_conserved() or True,
        rounds=10,
        timeout=10.0,
        name="thread_safe_queue: 2 producers x 200, 2 consumers, maxsize=4",
    )
