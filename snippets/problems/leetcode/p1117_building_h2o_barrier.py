"""LeetCode 1117 Building H2O, solved with two semaphores and a ``Barrier``.

Contract: ``hydrogen`` and ``oxygen`` are each called by their own thread
(``2n`` hydrogen threads, ``n`` oxygen threads, any arrival order). Each call
blocks until a whole molecule (two H, one O) has gathered, then releases its
atom. Cut the release sequence into groups of three and every group holds two
``H`` and one ``O``.

Why it works: the semaphores admit at most two H and one O into the current
molecule; the barrier lets them go only when all three are there. An admitted
thread gives its permit back only *after* its release call, so the next
molecule cannot pass the barrier before every atom of this one is out.
"""

from threading import Barrier, Semaphore
from typing import Callable


class H2O:
    def __init__(self) -> None:
        self._h_slots = Semaphore(2)
        self._o_slots = Semaphore(1)
        self._molecule = Barrier(3)

    def hydrogen(self, releaseHydrogen: "Callable[[], None]") -> None:
        with self._h_slots:
            self._molecule.wait()
            # releaseHydrogen() outputs "H". Do not change or remove this line.
            releaseHydrogen()

    def oxygen(self, releaseOxygen: "Callable[[], None]") -> None:
        with self._o_slots:
            self._molecule.wait()
            # releaseOxygen() outputs "O". Do not change or remove this line.
            releaseOxygen()
