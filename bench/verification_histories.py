"""Generated concurrent histories for the linearizability checker's tests
and benchmark (one place, reused by both)."""

from __future__ import annotations

import random
from collections import deque

from racecheck.linearizability import EMPTY, Operation


def queue_history(n_ops: int = 800, n_threads: int = 8, seed: int = 0, overlap: float = 3.0):
    """A linearizable FIFO-queue history: every thread runs ops back to back;
    each op takes effect at a random point inside its [invoke, response]
    interval, and results come from applying the ops in that order.
    ``overlap`` scales how long calls last relative to the gaps between
    them (larger = more concurrency)."""
    rng = random.Random(seed)
    per_thread = n_ops // n_threads
    raw = []
    for t in range(n_threads):
        clock = rng.random()
        for _ in range(per_thread):
            duration = rng.random() * overlap
            invoke, response = clock, clock + duration
            point = rng.uniform(invoke, response)
            is_put = rng.random() < 0.5
            raw.append((point, t, is_put, invoke, response))
            clock = response + rng.random()
    raw.sort()
    items: deque = deque()
    ops = []
    next_item = 0
    for i, (point, t, is_put, invoke, response) in enumerate(raw):
        if is_put:
            items.append(next_item)
            ops.append(Operation(f"T{t}", "put", (next_item,), None, invoke, response, i))
            next_item += 1
        else:
            result = items.popleft() if items else EMPTY
            ops.append(Operation(f"T{t}", "get", (), result, invoke, response, i))
    return ops


def duplicate_one_get(ops, seed: int = 0):
    """Break a history: a second get returns an item that another get
    already returned (a duplicated item, as a racy queue produces)."""
    rng = random.Random(seed)
    gets = [o for o in ops if o.op == "get" and o.result is not EMPTY]
    first = rng.choice(gets[: len(gets) // 2])
    later = [o for o in gets if o.invoke > first.response]
    victim = later[0]
    out = [o if o is not victim else Operation(o.thread, o.op, o.args, first.result, o.invoke, o.response, o.id) for o in ops]
    return out
