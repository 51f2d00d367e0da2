"""LeetCode 1195 Fizz Buzz Multithreaded, solved with one ``Condition``.

Contract: four threads call ``fizz``, ``buzz``, ``fizzbuzz`` and ``number``
on one instance, in any start order; the output is the FizzBuzz sequence for
``1..n``. ``_i`` (guarded by the condition's lock) is the next value to print.
Each thread waits until ``_i`` is one of its own or past ``n``; then it
prints, advances ``_i`` and wakes all others (``notify_all``: four threads
wait on one condition, and only one of them owns the next value). Every
method returns once ``_i > n``.
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
        self._i = 1  # guarded by _cond

    def _serve(self, kind: str, emit: "Callable[[int], None]") -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._i > self.n or _kind(self._i) == kind)
                if self._i > self.n:
                    return
                emit(self._i)
                self._i += 1
                self._cond.notify_all()

    # printFizz() outputs "fizz"
    def fizz(self, printFizz: "Callable[[], None]") -> None:
        self._serve("fizz", lambda _: printFizz())

    # printBuzz() outputs "buzz"
    def buzz(self, printBuzz: "Callable[[], None]") -> None:
        self._serve("buzz", lambda _: printBuzz())

    # printFizzBuzz() outputs "fizzbuzz"
    def fizzbuzz(self, printFizzBuzz: "Callable[[], None]") -> None:
        self._serve("fizzbuzz", lambda _: printFizzBuzz())

    # printNumber(x) outputs "x", where x is an integer.
    def number(self, printNumber: "Callable[[int], None]") -> None:
        self._serve("number", printNumber)
