"""Known-bad: ``notify()`` instead of ``notify_all()`` at zero.

The count reaches zero once, so there is exactly one wakeup. With two or more
threads in ``await_()``, ``notify()`` wakes one of them; the others wait for
a notification that never comes.
"""

from snippets.problems.primitives.countdown_latch import CountDownLatch


class NotifyOneLatch(CountDownLatch):
    def count_down(self):
        with self._zero:
            if self._count > 0:
                self._count -= 1
                if self._count == 0:
                    self._zero.notify()  # BUG: wakes only one waiter
