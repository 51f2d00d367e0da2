"""Helpers that create their locks at import time, before any run, the way
library code does, and that are *not* targets of the scenarios using them
(test_prerun_locks.py). The callbacks they run under their locks are target
code, so a thread can be preempted while it holds one of these locks."""

import functools
import queue
from concurrent.futures import ThreadPoolExecutor
from threading import Condition, Event, Lock, RLock

_registry_lock = Lock()  # a real _thread.lock, created when this module is imported
_registry = {}


def register_once(key, make):
    """Create the entry for `key` once, under the module's lock."""
    with _registry_lock:
        if key not in _registry:
            _registry[key] = make()
        return _registry[key]


def register_once_bad(key, make):
    if key not in _registry:  # check outside the lock: two creators
        value = make()
        with _registry_lock:
            _registry[key] = value
    return _registry[key]


def reset():
    _registry.clear()


class Cache:
    """A module-level singleton whose RLock is created at import."""

    def __init__(self):
        self._lock = RLock()
        self.items = {}

    def get_or_create(self, key, make):
        with self._lock:
            if key not in self.items:
                self.items[key] = make()
            return self.items[key]


CACHE = Cache()


class Model:
    """functools.cached_property: on 3.11 it holds a real RLock per property."""

    def __init__(self, load):
        self._load = load

    @functools.cached_property
    def weights(self):
        return self._load()


def spin_forever():
    """A runaway loop in code racecheck does not trace (no switch points)."""
    n = 0
    while True:
        n += 1


def wait_in_c(gate):
    """Block in C on a real lock, in a way racecheck cannot name (no `x.acquire()`
    on the line): only the watchdog notices, and no exception reaches the thread
    until the gate opens."""
    wait = gate.acquire
    wait()
    gate.release()


# ------------------------------------------------ executors created at import
POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="helpers-pool")


def fan_out(fn, args):
    """Run fn(arg) for every arg on the module's pool; wait for them all."""
    futures = [POOL.submit(fn, a) for a in args]
    return [f.result() for f in futures]


class Service:
    """A class-level pool and an instance-level one (the instance is module-level)."""

    shared = ThreadPoolExecutor(max_workers=1, thread_name_prefix="service-shared")

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="service")

    def run_both(self, fn, a, b):
        first = Service.shared.submit(fn, a)
        second = self.pool.submit(fn, b)
        return first.result(), second.result()


SERVICE = Service()


# ------------------------------------- other primitives created at import
class Guarded:
    """A lock and a Condition over it: both must exclude each other."""

    def __init__(self):
        self.lock = Lock()
        self.changed = Condition(self.lock)
        self.value = 0


GUARDED = Guarded()

READY = Event()
READY.set()  # set before any run: a run must see it set

JOBS = queue.Queue()  # created at import: its mutex and Conditions are real
