"""Known-bad: the lock order follows the arguments, so opposite transfers deadlock."""

import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    with source.lock:
        with target.lock:  # the other transfer may hold this one and want ours
            source.balance -= amount
            target.balance += amount
