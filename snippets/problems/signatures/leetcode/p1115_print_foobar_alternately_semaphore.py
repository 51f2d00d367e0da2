# Stub of p1115_print_foobar_alternately_semaphore.py (tools/signatures.py): write the bodies.

from typing import Callable


class FooBar:
    def __init__(self, n: int) -> None:
        ...

    def foo(self, printFoo: "Callable[[], None]") -> None:
        ...

    def bar(self, printBar: "Callable[[], None]") -> None:
        ...
