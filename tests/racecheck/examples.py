"""Small classic concurrency bugs and their fixes: the targets of the racecheck tests.

Kept in one module (not in the test files) so the tests can name it as the
only target: its code gets switch points, the test code does not.
"""

import threading
import time
from collections import deque
from threading import Lock  # a name bound by import: racecheck must patch it too


class Counter:
    """Lost update: `self.n += 1` is a read, an add and a write."""

    def __init__(self):
        self.n = 0

    def incr(self):
        self.n += 1


class LockedCounter:
    def __init__(self):
        self.n = 0
        self.lock = Lock()

    def incr(self):
        with self.lock:
            self.n += 1


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer_bad(src, dst, amount):
    """Lock order follows the arguments: two opposite transfers can deadlock."""
    with src.lock:
        with dst.lock:
            src.balance -= amount
            dst.balance += amount


def transfer(src, dst, amount):
    """One global order (by id) for the two locks: no deadlock."""
    first, second = (src, dst) if id(src) < id(dst) else (dst, src)
    with first.lock:
        with second.lock:
            src.balance -= amount
            dst.balance += amount


class Mailbox:
    """One-slot handoff guarded by a Condition; `get` must re-check in a loop."""

    def __init__(self):
        self.items = deque()
        self.cond = threading.Condition()

    def put(self, item):
        with self.cond:
            self.items.append(item)
            self.cond.notify()

    def get(self, timeout=None):
        with self.cond:
            while not self.items:
                if not self.cond.wait(timeout):
                    return None
            return self.items.popleft()


class MailboxBad(Mailbox):
    def get(self, timeout=None):
        with self.cond:
            if not self.items:  # BUG: `if` instead of `while`
                self.cond.wait(timeout)
            return self.items.popleft()


_instance = None
_instance_lock = threading.Lock()  # module level: racecheck swaps in a modelled lock per run


class Config:
    created = 0

    def __init__(self):
        Config.created += 1


def get_config_bad():
    global _instance
    if _instance is None:
        _instance = Config()
    return _instance


def get_config():
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = Config()
    return _instance


def reset_config():
    global _instance
    _instance = None
    Config.created = 0


def wait_with_deadline(event, seconds):
    """Returns (was_set, elapsed) measured with time.monotonic (virtual in a run)."""
    start = time.monotonic()
    was_set = event.wait(seconds)
    return was_set, time.monotonic() - start


def nap(seconds):
    time.sleep(seconds)


def spin_until(flag_holder):
    while not flag_holder["flag"]:
        pass


def limited_section(state):
    """Count how many threads are inside the semaphore-guarded section at once.

    The counters have a lock of their own: two threads may be inside at once,
    and an unguarded ``active -= 1`` there loses updates (a random walk finds
    that, and then a correct semaphore looks broken)."""
    with state["sem"]:
        with state["count_lock"]:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
        with state["count_lock"]:
            state["active"] -= 1


def busy(k):
    for _ in range(k):
        pass
