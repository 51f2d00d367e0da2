"""Known-bad: the waiter checks the count with ``if`` instead of ``while``.

This version notifies on every ``count_down()`` (so waiters can "re-check"),
but the waiter does not re-check: the first wakeup ends the wait, and
``await_()`` returns True while the count is still above zero.
"""

from snippets.problems.primitives.countdown_latch import CountDownLatch


class IfWaitLatch(CountDownLatch):
    def count_down(self):
        with self._zero:
            if self._count > 0:
                self._count -= 1
                self._zero.notify_all()

    def await_(self, timeout=None):
        with self._zero:
            if self._count > 0:  # BUG: must be `while`
                self._zero.wait(timeout)
            return True
