# Stub of p1117_building_h2o_barrier.py (tools/signatures.py): write the bodies.

from typing import Callable


class H2O:
    def __init__(self) -> None:
        ...

    def hydrogen(self, releaseHydrogen: "Callable[[], None]") -> None:
        ...

    def oxygen(self, releaseOxygen: "Callable[[], None]") -> None:
        ...
