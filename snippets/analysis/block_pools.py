"""Moving KV-cache blocks between two pools, each guarded by its own lock.

A move must hold both pools' locks at once (take from one, give to the
other, with no instant where a block is in neither or in both). Two threads
moving in opposite directions can each take one lock and wait forever for
the other: a lock-order deadlock. Two fixes:

- ``move``: a lock hierarchy. Every pool has a fixed ``level``; locks are
  always taken in increasing level, whatever the direction of the move, so
  no cycle of waiting threads can form.
- ``move_with_backoff``: take the first lock, *try* the second with a
  timeout, and on failure release everything, wait a random, growing time,
  and start over. Nobody holds a lock while waiting, so no cycle persists.
"""

from __future__ import annotations

import random
import threading
import time

__all__ = ["BlockPool", "move", "move_with_backoff"]


# --8<-- [start:pool]
class BlockPool:
    """A set of free KV-cache block ids; externally synchronized by ``lock``.

    ``level`` places the pool in the lock hierarchy: a thread that holds a
    pool's lock may only take locks of pools with a higher level.
    """

    def __init__(self, level: int, blocks=()):
        self.level = level
        self.lock = threading.Lock()
        self.blocks = set(blocks)
# --8<-- [end:pool]


# --8<-- [start:hierarchy]
def move(src: BlockPool, dst: BlockPool, n: int) -> list[int]:
    """Move ``n`` blocks (or as many as ``src`` has) from ``src`` to ``dst``."""
    if src is dst:
        raise ValueError("src and dst must be different pools")
    first, second = sorted((src, dst), key=lambda pool: pool.level)
    with first.lock, second.lock:  # always the lower level first
        taken = [src.blocks.pop() for _ in range(min(n, len(src.blocks)))]
        dst.blocks.update(taken)
        return taken
# --8<-- [end:hierarchy]


# --8<-- [start:backoff]
def move_with_backoff(src, dst, n, *, timeout=0.01, max_wait=0.5, rng=None):
    """Like ``move``, without a global order: try-lock, back off, retry."""
    if src is dst:
        raise ValueError("src and dst must be different pools")
    rng = rng or random.Random()
    wait = timeout
    while True:
        with src.lock:
            if dst.lock.acquire(timeout=timeout):
                try:
                    taken = [src.blocks.pop() for _ in range(min(n, len(src.blocks)))]
                    dst.blocks.update(taken)
                    return taken
                finally:
                    dst.lock.release()
        # src.lock is released here: back off holding nothing, with jitter so
        # two threads do not retry in lockstep forever (a livelock).
        time.sleep(rng.uniform(0, wait))
        wait = min(wait * 2, max_wait)
# --8<-- [end:backoff]
