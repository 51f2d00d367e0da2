"""The corrected ThreadSafeQueue keeps the contract in its docstring."""

import queue
import threading

import pytest

from snippets.seed_review.thread_safe_queue import Closed, ThreadSafeQueue
from tests.seed_review.helpers import joined, start_daemon, wait_until


def test_fifo_and_none_is_an_ordinary_item():
    q = ThreadSafeQueue()
    for item in (1, None, 3):
        q.put(item)
    assert [q.get(timeout=1) for _ in range(3)] == [1, None, 3]
    with pytest.raises(queue.Empty):  # empty is an exception, not a value
        q.get(block=False)


def test_get_times_out_with_empty():
    with pytest.raises(queue.Empty):
        ThreadSafeQueue().get(timeout=0.01)


def test_blocking_get_is_woken_by_put():
    q = ThreadSafeQueue()
    got = []
    consumer = start_daemon(lambda: got.append(q.get(timeout=5)))
    assert not wait_until(lambda: got, timeout=0.05)  # really waiting
    q.put("item")
    assert joined(consumer)
    assert got == ["item"]


def test_bound_blocks_put_then_raises_full():
    q = ThreadSafeQueue(maxsize=2)
    q.put(1)
    q.put(2)
    with pytest.raises(queue.Full):
        q.put(3, block=False)
    with pytest.raises(queue.Full):
        q.put(3, timeout=0.01)


def test_full_put_is_woken_by_get():
    q = ThreadSafeQueue(maxsize=1)
    q.put(1)
    producer = start_daemon(q.put, 2)
    assert not joined(producer, timeout=0.05)  # blocked: backpressure
    assert q.get(timeout=1) == 1
    assert joined(producer)
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
    assert not joined(*consumers, timeout=0.05)
    q.close()
    assert joined(*consumers)
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
    assert not joined(thread, timeout=0.05)
    q.close()
    assert joined(thread)
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
    # interleavings that matter are explored in test_racecheck.py.
    q = ThreadSafeQueue(maxsize=4)
    produced = [(p, i) for p in range(2) for i in range(2_000)]
    consumed = []
    lock = threading.Lock()

    def produce(p):
        for i in range(2_000):
            q.put((p, i), timeout=5)

    def consume():
        while True:
            try:
                item = q.get(timeout=5)
            except Closed:
                return
            with lock:
                consumed.append(item)

    consumers = [start_daemon(consume) for _ in range(2)]
    producers = [start_daemon(produce, p) for p in range(2)]
    assert joined(*producers)
    q.close()
    assert joined(*consumers)
    assert sorted(consumed) == sorted(produced)
