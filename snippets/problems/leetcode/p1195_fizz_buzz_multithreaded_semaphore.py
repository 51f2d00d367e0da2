"""LeetCode 1195 Fizz Buzz Multithreaded, solved with four semaphores.

Contract: as for the Condition version. The ``number`` thread walks
``1..n`` and is the only one that decides: it prints plain numbers itself and
hands every other value to the one thread that owns it (``release`` on that
thread's semaphore), then waits (``acquire`` on its own) until that thread
has printed. The word threads compute how many words they print, so all four
return without a stop flag.
"""

from threading import Semaphore
from typing import Callable


class FizzBuzz:
    def __init__(self, n: int) -> None:
        self.n = n
        self._fizz = Semaphore(0)
        self._buzz = Semaphore(0)
        self._fizzbuzz = Semaphore(0)
        self._number = Semaphore(0)

    def _count(self, step: int, skip: int) -> int:
        """How many i in 1..n are multiples of ``step`` but not of ``skip``."""
        return self.n // step - (self.n // skip if skip else 0)

    def _words(self, turn: Semaphore, times: int, emit: "Callable[[], None]") -> None:
        for _ in range(times):
            turn.acquire()
            emit()
            self._number.release()  # give the walk back to number()

    # printFizz() outputs "fizz"
    def fizz(self, printFizz: "Callable[[], None]") -> None:
        self._words(self._fizz, self._count(3, 15), printFizz)

    # printBuzz() outputs "buzz"
    def buzz(self, printBuzz: "Callable[[], None]") -> None:
        self._words(self._buzz, self._count(5, 15), printBuzz)

    # printFizzBuzz() outputs "fizzbuzz"
    def fizzbuzz(self, printFizzBuzz: "Callable[[], None]") -> None:
        self._words(self._fizzbuzz, self._count(15, 0), printFizzBuzz)

    # printNumber(x) outputs "x", where x is an integer.
    def number(self, printNumber: "Callable[[int], None]") -> None:
        for i in range(1, self.n + 1):
            if i % 15 == 0:
                owner = self._fizzbuzz
            elif i % 3 == 0:
                owner = self._fizz
            elif i % 5 == 0:
                owner = self._buzz
            else:
                printNumber(i)
                continue
            owner.release()
            self._number.acquire()  # wait until the owner has printed
