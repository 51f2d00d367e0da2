"""Known-bad: a writer only waits for other writers, not for readers.

The mistake is thinking that readers "do not change anything" and so need not
be waited for. A writer then runs while readers are still inside, and they
see a half-written state.
"""

from snippets.problems.primitives.rw_lock import RWLock


class WriterIgnoresReadersRWLock(RWLock):
    def _can_write(self):
        return not self._writer  # BUG: must also require self._readers == 0
