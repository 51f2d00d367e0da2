# Stub of p1114_print_in_order_event.py (tools/signatures.py): write the bodies.

from typing import Callable


class Foo:
    def __init__(self) -> None:
        ...

    def first(self, printFirst: "Callable[[], None]") -> None:
        ...

    def second(self, printSecond: "Callable[[], None]") -> None:
        ...

    def third(self, printThird: "Callable[[], None]") -> None:
        ...
