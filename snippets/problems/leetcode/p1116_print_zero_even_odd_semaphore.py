"""LeetCode 1116 Print Zero Even Odd, solved with three semaphores.

Contract: three threads call ``zero``, ``even`` and ``odd`` on one instance,
started in any order. The output is ``0 1 0 2 ... 0 n`` (``2n`` numbers).
Exactly one of the three semaphores holds a permit at any moment: the turn.
``zero`` hands the turn to ``odd`` or ``even``, which hand it back. Each
method knows how many numbers it prints, so all three return without a stop
flag.
"""

from threading import Semaphore
from typing import Callable


class ZeroEvenOdd:
    def __init__(self, n: int) -> None:
        self.n = n
        self._zero_turn = Semaphore(1)
        self._odd_turn = Semaphore(0)
        self._even_turn = Semaphore(0)

    # printNumber(x) outputs "x", where x is an integer.
    def zero(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1):
            self._zero_turn.acquire()
            printNumber(0)
            (self._odd_turn if i % 2 else self._even_turn).release()

    def even(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(2, self.n + 1, 2):
            self._even_turn.acquire()
            printNumber(i)
            self._zero_turn.release()

    def odd(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1, 2):
            self._odd_turn.acquire()
            printNumber(i)
            self._zero_turn.release()
