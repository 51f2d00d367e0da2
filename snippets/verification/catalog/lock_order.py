"""Moving GPU memory budget between two tenants: each tenant has a lock.

``transfer(src, dst, n)`` needs both locks. Taking them in one global order
(by ``tenant.rank``), whatever the direction of the transfer, makes a cycle
of waiting threads impossible.
"""

import threading


class Tenant:
    def __init__(self, rank, budget):
        self.rank = rank
        self.budget = budget
        self.lock = threading.Lock()


def transfer(src, dst, n):
    first, second = sorted((src, dst), key=lambda t: t.rank)
    with first.lock:  # mutant: equivalent locks-swapped -- the reverse of one global order is a global order too
        with second.lock:
            src.budget -= n
            dst.budget += n
