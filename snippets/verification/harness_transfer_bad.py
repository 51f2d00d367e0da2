"""Known-bad: lock order follows the arguments, so it can deadlock."""

import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    with source.lock:
        with target.lock:  # the opposite transfer may hold this one
            source.balance -= amount
            target.balance += amount
