"""LeetCode 1188 Design Bounded Blocking Queue: what is special to it.

The template (test_leetcode.py, row P1188 of problems.py) runs racecheck on
every variant, the known-bad ones and their published reports, and the same
scenario on real threads. Here: the judge's example, blocking, many threads,
and linearizability against a sequential FIFO queue.
"""

import threading
from collections import Counter

import pytest

import racecheck
from tests.problems.leetcode.problems import P1188
from tests.problems.leetcode.template import short
from tests.support.threads import JOIN_TIMEOUT, run_threads, within

GOOD = P1188.good


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_leetcode_example_1(mod):
    """The judge's example 1, one producer and one consumer."""
    q = mod.BoundedBlockingQueue(2)
    got = []

    def producer():
        for x in [1, 0, 2, 3, 4]:
            q.enqueue(x)

    def consumer():
        for _ in range(3):
            got.append(q.dequeue())

    run_threads(consumer, producer)
    assert got == [1, 0, 2]
    assert q.size() == 2


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_dequeue_blocks_while_empty_and_enqueue_while_full(mod):
    q = mod.BoundedBlockingQueue(1)
    got = []
    consumer = threading.Thread(target=lambda: got.append(q.dequeue()), daemon=True)
    consumer.start()
    consumer.join(0.05)
    assert consumer.is_alive() and got == []  # blocked: nothing to take
    within(lambda: q.enqueue(7))  # (every call of the test's own thread has a deadline too)
    consumer.join(JOIN_TIMEOUT)
    assert not consumer.is_alive() and got == [7]

    within(lambda: q.enqueue(8))
    producer = threading.Thread(target=q.enqueue, args=(9,), daemon=True)
    producer.start()
    producer.join(0.05)
    assert producer.is_alive() and q.size() == 1  # blocked: full
    assert within(q.dequeue) == 8
    producer.join(JOIN_TIMEOUT)
    assert not producer.is_alive() and within(q.dequeue) == 9


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_many_producers_and_consumers_conserve_items_in_fifo_order(mod):
    """8 producers, 8 consumers (the problem's maximum), capacity 3."""
    q = mod.BoundedBlockingQueue(3)
    per_thread = 50
    got = [[] for _ in range(8)]  # one list per consumer

    def producer(p):
        for i in range(per_thread):
            q.enqueue(p * 1000 + i)

    def consumer(c):
        for _ in range(per_thread):
            got[c].append(q.dequeue())

    run_threads(*[lambda p=p: producer(p) for p in range(8)], *[lambda c=c: consumer(c) for c in range(8)])
    everything = [x for mine in got for x in mine]
    assert Counter(everything) == Counter(p * 1000 + i for p in range(8) for i in range(per_thread))
    assert q.size() == 0
    # FIFO: one producer's items, as seen by one consumer, keep the producer's order.
    for mine in got:
        for p in range(8):
            from_p = [x for x in mine if x // 1000 == p]
            assert from_p == sorted(from_p)


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_linearizable_against_a_fifo_queue(mod):
    """Every explored history must be explained by a sequential FIFO queue
    (enqueue, dequeue and size), respecting real-time order."""
    racecheck.verify(
        racecheck.linearizability_scenario(
            f"1188 bounded queue is linearizable: {short(mod)}",
            lambda: mod.BoundedBlockingQueue(2),
            [
                [("enqueue", 1), ("enqueue", 2)],
                [("enqueue", 3), ("size",)],
                [("dequeue",), ("dequeue",), ("dequeue",)],
            ],
            racecheck.queue_model(),
            targets=[mod],
        )
    )
