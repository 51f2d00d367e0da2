"""Known-bad: a writer that times out leaves without waking anyone.

With writer preference, a waiting writer keeps new readers out. When it gives
up, readers that were held back only by it could go now, but they sleep on the
condition until some other event notifies it. If none comes, they sleep
forever.
"""

from snippets.problems.primitives.rw_lock import RWLock, _check_timeout


class SilentTimeoutRWLock(RWLock):
    def acquire_write(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        with self._cond:
            self._writers_waiting += 1
            try:
                acquired = self._wait(blocking, timeout, self._can_write)
            finally:
                self._writers_waiting -= 1
            if not acquired:
                return False  # BUG: readers held back by this writer are not woken
            self._writer = True
            return True
