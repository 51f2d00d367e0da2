# Stub of p1226_dining_philosophers_ordered.py (tools/signatures.py): write the bodies.

from typing import Callable


class DiningPhilosophers:
    def __init__(self, seats: int = 5) -> None:
        ...

    def wantsToEat(
        self,
        philosopher: int,
        pickLeftFork: "Callable[[], None]",
        pickRightFork: "Callable[[], None]",
        eat: "Callable[[], None]",
        putLeftFork: "Callable[[], None]",
        putRightFork: "Callable[[], None]",
    ) -> None:
        ...
