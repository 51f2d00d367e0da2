"""racecheck scenarios for the seed-review queues, shared by the tests.

COUNTEREXAMPLES lists the failures published on the pages; regenerate them with
``UPDATE_COUNTEREXAMPLES=1 .venv/bin/pytest tests/seed_review/test_racecheck.py``."""

import queue
from types import SimpleNamespace

import racecheck
from snippets.seed_review import (
    producer_consumer,
    producer_consumer_bad,
    producer_consumer_blocking_bad,
    producer_consumer_nolock_bad,
    shared_counter_bad,
    thread_safe_queue,
    thread_safe_queue_bad,
    thread_safe_queue_close_notify_bad,
    thread_safe_queue_if_bad,
    thread_safe_queue_nolock_bad,
)


def _state(q):
    return SimpleNamespace(q=q, got=[])


def _targets(module):
    # The subclassing bad variants also run code inherited from the good module.
    return [module] if module is thread_safe_queue else [module, thread_safe_queue]


def _short(module):
    return module.__name__.rsplit(".", 1)[-1]


# --- ThreadSafeQueue (corrected, and variants built on it) ------------------


def two_producers_two_consumers(module=thread_safe_queue, maxsize=1):
    """Blocking put/get on a queue of size 1: both conditions get exercised."""
    return racecheck.Scenario(
        name=f"{_short(module)}: 2 producers, 2 blocking consumers, maxsize={maxsize}",
        setup=lambda: _state(module.ThreadSafeQueue(maxsize=maxsize)),
        threads=[
            lambda s: s.q.put("a"),
            lambda s: s.q.put("b"),
            lambda s: s.got.append(s.q.get()),
            lambda s: s.got.append(s.q.get()),
        ],
        check=lambda s: sorted(s.got) == ["a", "b"],
        targets=_targets(module),
    )


def get_woken_by_put(module=thread_safe_queue):
    return racecheck.Scenario(
        name=f"{_short(module)}: a blocked get is woken by put",
        setup=lambda: _state(module.ThreadSafeQueue()),
        threads=[lambda s: s.got.append(s.q.get()), lambda s: s.q.put(1)],
        check=lambda s: s.got == [1],
        targets=_targets(module),
    )


def get_timeout_against_late_put(module=thread_safe_queue):
    def getter(s):
        try:
            s.got.append(s.q.get(timeout=1.0))
        except queue.Empty:
            s.got.append("empty")

    def consistent(s):
        if s.got == [1]:
            return True
        # Timed out first: the item must still be queued for the next caller.
        return s.got == ["empty"] and s.q.get(block=False) == 1

    return racecheck.Scenario(
        name=f"{_short(module)}: get(timeout=1) against a late put",
        setup=lambda: _state(module.ThreadSafeQueue()),
        threads=[getter, lambda s: s.q.put(1)],
        check=consistent,
        targets=_targets(module),
    )


def close_wakes_every_getter(module=thread_safe_queue):
    def getter(s):
        try:
            s.got.append(s.q.get())
        except thread_safe_queue.Closed:
            s.got.append("closed")

    return racecheck.Scenario(
        name=f"{_short(module)}: close() wakes two blocked getters",
        setup=lambda: _state(module.ThreadSafeQueue()),
        threads=[getter, getter, lambda s: s.q.close()],
        check=lambda s: s.got == ["closed", "closed"],
        targets=_targets(module),
    )


def close_wakes_every_putter(module=thread_safe_queue):
    """A full queue (maxsize=1), two blocked putters, then close(): both must
    raise Closed. The putters wait on the other condition than the getters,
    so this is the only scenario where close() must wake ``_not_full``."""

    def putter(s):
        try:
            s.q.put("late")
            s.got.append("put")
        except thread_safe_queue.Closed:
            s.got.append("closed")

    def setup():
        s = _state(module.ThreadSafeQueue(maxsize=1))
        s.q.put("first")
        return s

    return racecheck.Scenario(
        name=f"{_short(module)}: close() wakes two blocked putters",
        setup=setup,
        threads=[putter, putter, lambda s: s.q.close()],
        check=lambda s: s.got == ["closed", "closed"],
        targets=_targets(module),
    )


def timeouts_expire(module=thread_safe_queue):
    """get(timeout) on an empty queue and put(timeout) on a full one, with
    nobody to help: both must give up (queue.Empty, queue.Full), never wait
    forever. racecheck's clock is virtual, so the timeouts cost nothing."""

    def attempt(s, call, label):
        try:
            call()
            s.got.append("returned")
        except (queue.Empty, queue.Full) as exc:
            s.got.append(f"{label}: {type(exc).__name__}")

    def setup():
        s = _state(None)
        s.empty, s.full = module.ThreadSafeQueue(), module.ThreadSafeQueue(maxsize=1)
        s.full.put("item")
        return s

    return racecheck.Scenario(
        name=f"{_short(module)}: get and put time out alone",
        setup=setup,
        threads=[
            lambda s: attempt(s, lambda: s.empty.get(timeout=1.0), "get"),
            lambda s: attempt(s, lambda: s.full.put("x", timeout=1.0), "put"),
        ],
        check=lambda s: sorted(s.got) == ["get: Empty", "put: Full"],
        targets=_targets(module),
    )


# --- the article's ThreadSafeQueue, and its lock-free "optimisation" --------


def enqueue_dequeue_conservation(module=thread_safe_queue_bad):
    """Two enqueues and two non-blocking dequeues. A dequeue may run first and
    get None (empty); whatever was not dequeued must still be queued."""

    def leftover(q):
        if hasattr(q, "head"):
            return q.items[q.head :]
        return list(q.queue)

    def conserved(s):
        taken = [item for item in s.got if item is not None]
        return sorted(taken + leftover(s.q)) == ["a", "b"]

    return racecheck.Scenario(
        name=f"{_short(module)}: 2 enqueues, 2 dequeues, nothing lost or doubled",
        setup=lambda: _state(module.ThreadSafeQueue()),
        threads=[
            lambda s: s.q.enqueue("a"),
            lambda s: s.q.enqueue("b"),
            lambda s: s.got.append(s.q.dequeue()),
            lambda s: s.got.append(s.q.dequeue()),
        ],
        check=conserved,
        targets=[module],
    )


# --- producer-consumer -------------------------------------------------------


def produce_consume_with_backpressure(module=producer_consumer):
    return racecheck.Scenario(
        name=f"{_short(module)}: 2 producers, 2 consumers, maxsize=1",
        setup=lambda: _state(module.ProducerConsumer(maxsize=1)),
        threads=[
            lambda s: s.q.produce(1),
            lambda s: s.q.produce(2),
            lambda s: s.got.append(s.q.consume()),
            lambda s: s.got.append(s.q.consume()),
        ],
        check=lambda s: sorted(s.got) == [1, 2],
        targets=[module],
    )


def channel_timeouts_expire():
    """produce(timeout) on a full channel, consume(timeout) on an empty one,
    stop(timeout) on a full one, nobody helping: each gives up in time
    (queue.Full, queue.Empty), never waits forever."""

    def attempt(s, label, call):
        try:
            call()
            s.got.append(f"{label}: returned")
        except (queue.Full, queue.Empty) as exc:
            s.got.append(f"{label}: {type(exc).__name__}")

    def setup():
        s = _state(None)
        s.full, s.empty, s.stopping = (producer_consumer.ProducerConsumer(maxsize=1) for _ in range(3))
        s.full.produce("x")
        s.stopping.produce("x")
        return s

    return racecheck.Scenario(
        name="producer_consumer: timed produce, consume and stop with nobody helping",
        setup=setup,
        threads=[
            lambda s: attempt(s, "produce", lambda: s.full.produce("y", timeout=1.0)),
            lambda s: attempt(s, "consume", lambda: s.empty.consume(timeout=1.0)),
            lambda s: attempt(s, "stop", lambda: s.stopping.stop(1, timeout=1.0)),
        ],
        check=lambda s: sorted(s.got) == ["consume: Empty", "produce: Full", "stop: Full"],
        targets=[producer_consumer],
    )


def consume_then_produce(module=producer_consumer_blocking_bad):
    """One consumer that waits for an item, one producer that brings it."""
    return racecheck.Scenario(
        name=f"{_short(module)}: consume() and produce() on an empty queue",
        setup=lambda: _state(module.ProducerConsumer()),
        threads=[lambda s: s.got.append(s.q.consume()), lambda s: s.q.produce("item")],
        check=lambda s: s.got == ["item"],
        targets=[module],
    )


def last_item_two_consumers(module=producer_consumer_bad):
    """One item queued, two consumers whose consume() must never block."""

    def setup():
        s = _state(module.ProducerConsumer())
        s.q.produce("item")
        return s

    return racecheck.Scenario(
        name=f"{_short(module)}: two consumers race for the last item",
        setup=setup,
        threads=[lambda s: s.got.append(s.q.consume()), lambda s: s.got.append(s.q.consume())],
        check=lambda s: sorted(s.got, key=repr) == ["item", None],  # one got it, one saw empty
        targets=[module],
    )


# Known-bad variants whose failure report is published on the pages
# (coding answers, problem types): file stem -> (scenario, expected kind).
COUNTEREXAMPLES = {
    "lost_update": (
        lambda: two_adds(shared_counter_bad),
        "invariant",
    ),
    "nolock_lost_item": (
        lambda: enqueue_dequeue_conservation(thread_safe_queue_nolock_bad),
        "invariant",
    ),
    "blocking_get_deadlock": (
        lambda: consume_then_produce(producer_consumer_blocking_bad),
        "deadlock",
    ),
    "if_instead_of_while": (
        lambda: two_producers_two_consumers(thread_safe_queue_if_bad),
        "exception",
    ),
    "close_notify_deadlock": (
        lambda: close_wakes_every_getter(thread_safe_queue_close_notify_bad),
        "deadlock",
    ),
    "check_then_act_without_lock": (
        lambda: last_item_two_consumers(producer_consumer_nolock_bad),
        "deadlock",
    ),
}


# --- linearizability: every history explained by one sequential FIFO queue --


class NoneMeansEmpty:
    """Adapter for the article's API, where dequeue() returns None for "empty"
    (the tests enqueue no None, so the translation is exact here)."""

    def __init__(self, q):
        self.q = q

    def enqueue(self, item):
        return self.q.enqueue(item)

    def dequeue(self):
        item = self.q.dequeue()
        return racecheck.EMPTY if item is None else item


def fifo_linearizable(module):
    if module is thread_safe_queue:
        make = module.ThreadSafeQueue
        put, get = ("put",), ("get", False)  # get(block=False): queue.Empty when empty
    else:
        make = lambda: NoneMeansEmpty(module.ThreadSafeQueue())  # noqa: E731
        put, get = ("enqueue",), ("dequeue",)
    return racecheck.linearizability_scenario(
        f"{_short(module)}: every history is a sequential FIFO queue's",
        make,
        [
            [(*put, "a"), get],
            [(*put, "b"), get],
            [get],
        ],
        racecheck.queue_model(),
        targets=[module],
    )


# --- a counter shared by threads (problem-types page) ------------------------


def two_adds(module):
    return racecheck.Scenario(
        name=f"{_short(module)}: two threads add 1",
        setup=module.SharedCounter,
        threads=[lambda c: c.add(), lambda c: c.add()],
        check=lambda c: c.value == 2,
        targets=[module],
    )


# --- the STOP-sentinel shutdown protocol ---------------------------------------


def sentinel_shutdown(consumers=2, stops=None):
    """A producer puts two items then ``stop(stops)``; ``consumers`` threads run
    consume_all. Every consumer must end, every item be handled once, and
    every item (STOPs included) be marked done, so join() cannot hang."""
    stops = consumers if stops is None else stops

    def producer(s):
        s.q.produce(1)
        s.q.produce(2)
        s.q.stop(stops)

    def check(s):
        return sorted(s.got) == [1, 2] and s.q._queue.unfinished_tasks == 0

    return racecheck.Scenario(
        name=f"producer_consumer: {consumers} consumers, {stops} STOP(s), maxsize=1",
        setup=lambda: _state(producer_consumer.ProducerConsumer(maxsize=1)),
        threads=[producer] + [lambda s: producer_consumer.consume_all(s.q, s.got.append)] * consumers,
        check=check,
        targets=[producer_consumer],
    )
