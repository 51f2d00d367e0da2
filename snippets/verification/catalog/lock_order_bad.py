"""Known bad: lock-order inversion.

``transfer(a, b)`` locks a then b, ``transfer(b, a)`` locks b then a. Each
thread can hold its first lock and wait for the other's: a deadlock.
"""

import threading


class Tenant:
    def __init__(self, rank, budget):
        self.rank = rank
        self.budget = budget
        self.lock = threading.Lock()


def transfer(src, dst, n):
    with src.lock:
        with dst.lock:
            src.budget -= n
            dst.budget += n
