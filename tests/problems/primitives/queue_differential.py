"""Differential check: BoundedQueue against queue.Queue (Python 3.13+).

Runs the same random operation sequences (and a few blocking scenarios with
real threads) on both classes and compares every outcome: returned value, or
exception type and message. Needs ``queue.ShutDown``, i.e. Python 3.13+;
the test module runs this file under such an interpreter when the test
interpreter is older:  python3.13 -m tests.problems.primitives.queue_differential
"""

import queue
import random
import sys
import threading
import time

from snippets.problems.primitives.bounded_queue import BoundedQueue
from tests.problems.primitives.helpers import outcome

OPS = (
    "put_nowait", "get_nowait", "put_t0", "get_t0", "put_neg", "get_neg",
    "put_nb_neg", "get_nb_neg", "task_done", "qsize", "empty", "full",
    "shutdown", "shutdown_now", "unfinished",
)


def apply(q, op, item):
    if op == "put_nowait":
        return outcome(q.put_nowait, item)
    if op == "get_nowait":
        return outcome(q.get_nowait)
    if op == "put_t0":
        return outcome(q.put, item, timeout=0)
    if op == "get_t0":
        return outcome(q.get, timeout=0)
    if op == "put_neg":
        return outcome(q.put, item, timeout=-1)
    if op == "get_neg":
        return outcome(q.get, timeout=-1)
    if op == "put_nb_neg":  # timeout is ignored when block is false
        return outcome(q.put, item, block=False, timeout=-1)
    if op == "get_nb_neg":
        return outcome(q.get, block=False, timeout=-1)
    if op == "task_done":
        return outcome(q.task_done)
    if op == "shutdown":
        return outcome(q.shutdown)
    if op == "shutdown_now":
        return outcome(q.shutdown, immediate=True)
    if op == "unfinished":
        # Observable through join(): it returns at once exactly when no task
        # is unfinished. (Read the counter instead of risking a hang.)
        count = getattr(q, "unfinished_tasks", getattr(q, "_unfinished_tasks", None))
        if count == 0:
            q.join()
        return ("ok", count)
    return outcome(getattr(q, op))


def sequential(seed, length=60):
    rng = random.Random(seed)
    maxsize = rng.choice([-1, 0, 1, 2, 3])
    ours, theirs = BoundedQueue(maxsize), queue.Queue(maxsize)
    for step in range(length):
        # Shut down rarely, so that most of the sequence runs on a live queue.
        op = rng.choice(OPS if rng.random() < 0.1 else OPS[:12] + ("unfinished",))
        item = rng.randrange(100)
        a, b = apply(ours, op, item), apply(theirs, op, item)
        assert a == b, f"seed {seed} maxsize {maxsize} step {step} {op}: {a} != {b}"


def blocked_then(cls, blocked_call, then, maxsize=1, prefill=0):
    """Start ``blocked_call(q)`` in a thread, let it block, run ``then(q)``."""
    q = cls(maxsize)
    for i in range(prefill):
        q.put(i)
    result = []
    t = threading.Thread(target=lambda: result.append(outcome(blocked_call, q)), daemon=True)
    t.start()
    time.sleep(0.02)  # it blocks (or has finished, which the result shows)
    then(q)
    t.join(5)
    assert not t.is_alive(), "blocked call never returned"
    return result[0]


BLOCKING_SCENARIOS = {
    "get blocked, shutdown": dict(blocked_call=lambda q: q.get(), then=lambda q: q.shutdown()),
    "get blocked, shutdown now": dict(
        blocked_call=lambda q: q.get(), then=lambda q: q.shutdown(immediate=True)),
    "put blocked, shutdown": dict(
        blocked_call=lambda q: q.put("x"), then=lambda q: q.shutdown(), prefill=1),
    "put timeout blocked, shutdown": dict(
        blocked_call=lambda q: q.put("x", timeout=5), then=lambda q: q.shutdown(), prefill=1),
    "get timeout blocked, shutdown": dict(
        blocked_call=lambda q: q.get(timeout=5), then=lambda q: q.shutdown()),
    "join blocked, shutdown now": dict(
        blocked_call=lambda q: q.join(), then=lambda q: q.shutdown(immediate=True), prefill=1),
    "get blocked, put": dict(blocked_call=lambda q: q.get(), then=lambda q: q.put("y")),
    "put blocked, get": dict(
        blocked_call=lambda q: q.put("x"), then=lambda q: q.get(), prefill=1),
    "get timeout expires": dict(blocked_call=lambda q: q.get(timeout=0.01), then=lambda q: None),
    "put timeout expires": dict(
        blocked_call=lambda q: q.put("x", timeout=0.01), then=lambda q: None, prefill=1),
}


def main(seeds=range(300)):
    assert hasattr(queue, "ShutDown"), "needs Python 3.13+"
    for seed in seeds:
        sequential(seed)
    for name, scenario in BLOCKING_SCENARIOS.items():
        a = blocked_then(BoundedQueue, **scenario)
        b = blocked_then(queue.Queue, **scenario)
        assert a == b, f"{name}: {a} != {b}"
    print(f"ok: {len(seeds)} sequences, {len(BLOCKING_SCENARIOS)} blocking scenarios, "
          f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
