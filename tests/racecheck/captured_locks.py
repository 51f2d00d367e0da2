"""Real primitives a module keeps where rebinding threading's names cannot
reach them, created or captured at import, before any run
(test_captured_locks.py): striped locks in a list, a lock per key in a
defaultdict, a dataclass field's default_factory, a default argument, a
singleton's component's lock two attributes down, and subclasses of
threading's classes (refused: racecheck models the classes themselves)."""

import dataclasses
import threading
from collections import defaultdict
from threading import RLock

STRIPES = [threading.Lock() for _ in range(4)]  # striped locks
KEY_LOCKS = defaultdict(threading.Lock)  # a lock per key, made on first use
KEY_LOCKS["warm"]  # one made before any run
TOTALS: dict[str, int] = {}


def _add(key, n):
    value = TOTALS.get(key, 0)  # read, then write: a lost update without the lock
    TOTALS[key] = value + n


def add_striped(key, n):
    with STRIPES[len(key) % len(STRIPES)]:
        _add(key, n)


def add_per_key(key, n):
    with KEY_LOCKS[key]:
        _add(key, n)


def add_unlocked(key, n):
    _add(key, n)


@dataclasses.dataclass
class Counter:
    value: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def incr(self):
        with self.lock:
            value = self.value
            self.value = value + 1


class Tally:
    def __init__(self, make_lock=threading.Lock):  # a factory as a default argument
        self._lock = make_lock()
        self.value = 0

    def incr(self):
        with self._lock:
            value = self.value
            self.value = value + 1


class Scheduler:
    def __init__(self):
        self.lock = RLock()
        self.waiting = 0

    def admit(self):
        with self.lock:
            value = self.waiting
            self.waiting = value + 1


class Engine:
    def __init__(self):
        self.scheduler = Scheduler()


ENGINE = Engine()  # ENGINE.scheduler.lock: a real RLock two attributes down


class Admission(threading.BoundedSemaphore):
    def run(self):
        ok = self.acquire(timeout=1.0)
        try:
            return "ok" if ok else "busy"
        finally:
            self.release()  # also after a timed-out acquire: releases too many times


ADMISSION = Admission(1)  # a subclass instance made before any run
