"""LeetCode 1117 Building H2O, solved with one ``Condition`` and counters.

Contract: as for the barrier version. The condition's lock guards the
counters of the molecule being built (``_h``, ``_o``: atoms admitted so far,
``_released``: atoms already out). An atom is admitted when the molecule has
room for its kind; it then waits until the molecule is complete, releases,
and the last atom out resets the counters for the next molecule. Releases
happen while holding the lock, so the output is one molecule after another.
"""

from threading import Condition
from typing import Callable


class H2O:
    def __init__(self) -> None:
        self._cond = Condition()
        self._h = 0  # all three guarded by _cond
        self._o = 0
        self._released = 0

    def _bond(self, is_hydrogen: bool, release: "Callable[[], None]") -> None:
        with self._cond:
            if is_hydrogen:
                self._cond.wait_for(lambda: self._h < 2)
                self._h += 1
            else:
                self._cond.wait_for(lambda: self._o < 1)
                self._o += 1
            self._cond.notify_all()  # the molecule may now be complete
            self._cond.wait_for(lambda: self._h == 2 and self._o == 1)
            release()
            self._released += 1
            if self._released == 3:  # last atom out: open the next molecule
                self._h = self._o = self._released = 0
                self._cond.notify_all()  # mutant: equivalent notify_all-to-notify -- every waiter now passes its first wait_for, and the one woken calls notify_all above

    def hydrogen(self, releaseHydrogen: "Callable[[], None]") -> None:
        self._bond(True, releaseHydrogen)

    def oxygen(self, releaseOxygen: "Callable[[], None]") -> None:
        self._bond(False, releaseOxygen)
