"""LeetCode 1188 Design Bounded Blocking Queue: every variant, real threads and racecheck."""

import threading
from collections import Counter

import pytest

from snippets.problems.leetcode import (
    p1188_bounded_blocking_queue_condition,
    p1188_bounded_blocking_queue_if_wait_bad,
    p1188_bounded_blocking_queue_one_condition_bad,
    p1188_bounded_blocking_queue_semaphore,
)
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [p1188_bounded_blocking_queue_condition, p1188_bounded_blocking_queue_semaphore]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


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
    q.enqueue(7)
    consumer.join(JOIN_TIMEOUT)
    assert not consumer.is_alive() and got == [7]

    q.enqueue(8)
    producer = threading.Thread(target=q.enqueue, args=(9,), daemon=True)
    producer.start()
    producer.join(0.05)
    assert producer.is_alive() and q.size() == 1  # blocked: full
    assert q.dequeue() == 8
    producer.join(JOIN_TIMEOUT)
    assert not producer.is_alive() and q.dequeue() == 9


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


# ---------------------------------------------------------------- racecheck
from types import SimpleNamespace  # noqa: E402

import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402


def scenario(mod):
    """Capacity 1, two producers, two consumers: both 'full' and 'empty'
    waits happen. Check conservation: what came out is what went in, and the
    queue is empty at the end. A blocked thread at the end is a deadlock."""

    def setup():
        return SimpleNamespace(q=mod.BoundedBlockingQueue(1), got=[])

    def check(s):
        assert sorted(s.got) == [1, 2], f"dequeued {s.got}, enqueued [1, 2]"
        assert s.q.size() == 0, f"size() is {s.q.size()} at the end"
    return racecheck.Scenario(
        name=f"1188 bounded queue, 2 producers 2 consumers: {short(mod)}",
        setup=setup,
        threads=[
            lambda s: s.q.enqueue(1),
            lambda s: s.q.enqueue(2),
            lambda s: s.got.append(s.q.dequeue()),
            lambda s: s.got.append(s.q.dequeue()),
        ],
        check=check,
        targets=[mod],
    )


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_racecheck_conservation_and_no_deadlock(mod):
    racecheck.verify(scenario(mod))


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


@pytest.mark.parametrize(
    "mod, kind",
    [
        (p1188_bounded_blocking_queue_if_wait_bad, "exception"),
        (p1188_bounded_blocking_queue_one_condition_bad, "deadlock"),
    ],
    ids=["if_wait_bad", "one_condition_bad"],
)
def test_racecheck_catches_known_bad(mod, kind):
    racecheck.expect_failure(scenario(mod), kind=kind, seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind=kind, seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
