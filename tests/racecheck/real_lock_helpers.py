"""Real locks kept in containers, the way code under test keeps per-key and
striped locks: ``KEY_LOCKS[rid]``, ``STRIPES[i % 4]``, ``self.locks[key]``,
``locks[self.shard]`` (test_prerun_locks.py).

Each factory below creates its locks before any run with ``_thread`` (not
threading), and they are reachable only through the closures and instances
it returns, never from a module global, a class attribute or a module-level
object: racecheck cannot swap them for modelled ones, so a thread that
waits for one blocks for real, and racecheck has to name the lock from the
expression the thread waits in. This module is not a target; the work the
functions run under their locks is (a switch point while holding one)."""

import _thread
from collections import defaultdict


def key_locked(keys, factory=_thread.allocate_lock):
    """(a) `KEY_LOCKS = defaultdict(Lock)`, one lock per request id. The keys
    used are created now: a missing one would make its lock during the run."""
    KEY_LOCKS = defaultdict(factory)
    for key in keys:
        KEY_LOCKS[key]  # noqa: B018 (creates the entry)

    def update(rid, work):
        with KEY_LOCKS[rid]:
            work()

    return update


def striped(n=4):
    """(b) `STRIPES = [Lock() for _ in range(4)]`, a lock per stripe."""
    STRIPES = [_thread.allocate_lock() for _ in range(n)]

    def by_arithmetic(i, work):
        with STRIPES[i % 4]:
            work()

    def by_index(i, work):
        idx = i % len(STRIPES)
        with STRIPES[idx]:
            work()

    return by_arithmetic, by_index


class Table:
    """(c) An instance's dict of locks, one per key."""

    def __init__(self, keys):
        self.locks = {key: _thread.allocate_lock() for key in keys}

    def update(self, key, work):
        with self.locks[key]:
            work()


def sharded(n):
    """(c) A list of locks shared by shard objects, indexed by an attribute."""
    locks = [_thread.allocate_lock() for _ in range(n)]

    class Shard:
        def __init__(self, shard):
            self.shard = shard

        def update(self, work):
            with locks[self.shard]:
                work()

    return Shard
