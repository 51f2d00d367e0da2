"""KNOWN-BAD LeetCode 1117: slots without a barrier.

The semaphores cap how many H and O are inside at once, but nothing makes an
atom wait for its partners. A hydrogen that releases and leaves frees its slot
for the next hydrogen before any oxygen arrives: ``HHH...``.
"""

from threading import Semaphore
from typing import Callable


class H2O:
    def __init__(self) -> None:
        self._h_slots = Semaphore(2)
        self._o_slots = Semaphore(1)

    def hydrogen(self, releaseHydrogen: "Callable[[], None]") -> None:
        with self._h_slots:  # BUG: no wait for a complete molecule
            releaseHydrogen()

    def oxygen(self, releaseOxygen: "Callable[[], None]") -> None:
        with self._o_slots:
            releaseOxygen()
