# Stub of p1195_fizz_buzz_multithreaded_condition.py (tools/signatures.py): write the bodies.

from typing import Callable


class FizzBuzz:
    def __init__(self, n: int) -> None:
        ...

    def fizz(self, printFizz: "Callable[[], None]") -> None:
        ...

    def buzz(self, printBuzz: "Callable[[], None]") -> None:
        ...

    def fizzbuzz(self, printFizzBuzz: "Callable[[], None]") -> None:
        ...

    def number(self, printNumber: "Callable[[int], None]") -> None:
        ...
