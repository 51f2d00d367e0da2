"""KNOWN-BAD LeetCode 1195: ``notify()`` where ``notify_all()`` is needed.

Identical to the Condition solution except for the wake-up. With up to three
threads parked on the one condition, ``notify()`` can wake a thread that does
not own the next value; it waits again and the owner is never woken: every
thread waits (deadlock).
"""

from threading import Condition
from typing import Callable


def _kind(i: int) -> str:
    if i % 15 == 0:
        return "fizzbuzz"
    if i % 3 == 0:
        return "fizz"
    if i % 5 == 0:
        return "buzz"
    return "number"


class FizzBuzz:
    def __init__(self, n: int) -> None:
        self.n = n
        self._cond = Condition()
        self._i = 1

    def _serve(self, kind: str, emit: "Callable[[int], None]") -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._i > self.n or _kind(self._i) == kind)
                if self._i > self.n:
                    return
                emit(self._i)
                self._i += 1
                self._cond.notify()  # BUG: wakes one waiter, maybe the wrong one

    def fizz(self, printFizz: "Callable[[], None]") -> None:
        self._serve("fizz", lambda _: printFizz())

    def buzz(self, printBuzz: "Callable[[], None]") -> None:
        self._serve("buzz", lambda _: printBuzz())

    def fizzbuzz(self, printFizzBuzz: "Callable[[], None]") -> None:
        self._serve("fizzbuzz", lambda _: printFizzBuzz())

    def number(self, printNumber: "Callable[[int], None]") -> None:
        self._serve("number", printNumber)
