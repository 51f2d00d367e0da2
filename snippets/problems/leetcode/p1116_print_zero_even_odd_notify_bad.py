"""KNOWN-BAD LeetCode 1116: ``notify()`` where ``notify_all()`` is needed.

Same as the Condition solution except for one word. When ``zero`` and
``even`` both wait and ``odd`` hands over with ``notify()``, the one thread
woken may be ``even``: it re-checks, is not its turn, waits again, and the
thread that could run (``zero``) is never woken. All three wait: deadlock.
"""

from threading import Condition
from typing import Callable


class ZeroEvenOdd:
    def __init__(self, n: int) -> None:
        self.n = n
        self._cond = Condition()
        self._step = 0

    def _print_at(self, step: int, value: int, printNumber: "Callable[[int], None]") -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._step == step)
            printNumber(value)
            self._step += 1
            self._cond.notify()  # BUG: may wake the wrong one of two waiters

    def zero(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1):
            self._print_at(2 * (i - 1), 0, printNumber)

    def even(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(2, self.n + 1, 2):
            self._print_at(2 * i - 1, i, printNumber)

    def odd(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1, 2):
            self._print_at(2 * i - 1, i, printNumber)
