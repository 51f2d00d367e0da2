"""Known-bad: a reader-preferring lock that starves writers.

It counts waiting writers but lets readers in anyway. While the read
sections of several threads overlap, the reader count never drops to zero,
so a waiting writer can wait forever.
"""

from snippets.problems.primitives.rw_lock import RWLock


class ReaderPreferringRWLock(RWLock):
    def _can_read(self):
        return not self._writer  # BUG: ignores self._writers_waiting
