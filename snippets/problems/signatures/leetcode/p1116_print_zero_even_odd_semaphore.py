# Stub of p1116_print_zero_even_odd_semaphore.py (tools/signatures.py): write the bodies.

from typing import Callable


class ZeroEvenOdd:
    def __init__(self, n: int) -> None:
        ...

    def zero(self, printNumber: "Callable[[int], None]") -> None:
        ...

    def even(self, printNumber: "Callable[[int], None]") -> None:
        ...

    def odd(self, printNumber: "Callable[[int], None]") -> None:
        ...
