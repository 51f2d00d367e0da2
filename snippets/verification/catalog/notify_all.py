"""Start gate: serving threads wait until the model weights are loaded.

``wait_ready()`` blocks until ``mark_ready()`` was called. Every waiter must
be released, so ``mark_ready`` uses ``notify_all``.
"""

import threading


class ReadyGate:
    def __init__(self):
        self._ready = False
        self._cond = threading.Condition()

    def mark_ready(self):
        with self._cond:
            self._ready = True  # mutant: equivalent moved-out-of-with -- one atomic store; waiters re-check it under the lock after the notify_all below
            self._cond.notify_all()

    def wait_ready(self):
        with self._cond:
            while not self._ready:  # mutant: equivalent while-to-if -- _ready only goes False to True, the only notify comes after it, and CPython's Condition.wait returns only when notified (no spurious wakeups): every wakeup finds it True
                self._cond.wait()
