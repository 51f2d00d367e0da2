"""LeetCode 1116 Print Zero Even Odd, solved with one ``Condition``.

Contract: as for the semaphore version. ``_step`` counts the numbers printed
so far (guarded by the condition's lock); output position ``k`` (0-based) is
``0`` when ``k`` is even and ``k // 2 + 1`` otherwise. Each thread waits in a
loop for a position it owns. Three threads share one condition, so every
hand-over must be ``notify_all``: a plain ``notify`` may wake the one thread
whose turn it is not.
"""

from threading import Condition
from typing import Callable


class ZeroEvenOdd:
    def __init__(self, n: int) -> None:
        self.n = n
        self._cond = Condition()
        self._step = 0  # guarded by _cond

    def _print_at(self, step: int, value: int, printNumber: "Callable[[int], None]") -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._step == step)
            printNumber(value)
            self._step += 1
            self._cond.notify_all()

    def zero(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1):
            self._print_at(2 * (i - 1), 0, printNumber)

    def even(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(2, self.n + 1, 2):
            self._print_at(2 * i - 1, i, printNumber)

    def odd(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1, 2):
            self._print_at(2 * i - 1, i, printNumber)
