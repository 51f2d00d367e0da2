"""KNOWN-BAD LeetCode 1115: a lock gives mutual exclusion, not order.

Each print happens alone, but nothing says whose turn it is, so ``foo`` may
print twice in a row.
"""

from threading import Lock
from typing import Callable


class FooBar:
    def __init__(self, n: int) -> None:
        self.n = n
        self._lock = Lock()

    def foo(self, printFoo: "Callable[[], None]") -> None:
        for _ in range(self.n):
            with self._lock:  # BUG: no turn-taking
                printFoo()

    def bar(self, printBar: "Callable[[], None]") -> None:
        for _ in range(self.n):
            with self._lock:
                printBar()
