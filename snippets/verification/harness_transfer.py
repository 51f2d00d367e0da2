"""Transfers between accounts: both locks, taken in one global order."""

import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    """Atomic with respect to other transfer() calls; never deadlocks.

    Both locks are taken in the order of id(), so two opposite transfers
    cannot each hold the lock the other one needs.
    """
    first, second = sorted((source, target), key=id)
    with first.lock:  # mutant: equivalent locks-swapped -- the reverse of one global order is a global order too
        with second.lock:
            source.balance -= amount
            target.balance += amount
