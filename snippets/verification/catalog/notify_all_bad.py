"""Known bad: ``notify()`` where ``notify_all()`` is needed.

``notify()`` wakes one waiter. With two serving threads already waiting,
the second one is never woken and blocks forever.
"""

import threading


class ReadyGate:
    def __init__(self):
        self._ready = False
        self._cond = threading.Condition()

    def mark_ready(self):
        with self._cond:
            self._ready = True
            self._cond.notify()  # wakes one waiter; the others sleep on

    def wait_ready(self):
        with self._cond:
            while not self._ready:
                self._cond.wait()
