"""Known-bad: ``shutdown`` sets the flag but wakes nobody.

Threads already blocked in ``get()`` (or in ``put()`` on a full queue) sleep
on a condition variable; only a notification makes them re-check the flag.
Without one, a consumer that was waiting for work when the queue was shut
down waits forever.
"""

from snippets.problems.primitives.bounded_queue import BoundedQueue


class SilentShutdownQueue(BoundedQueue):
    def shutdown(self, immediate=False):
        with self._mutex:
            self._is_shutdown = True
            if immediate:
                while self._items:
                    self._items.popleft()
                    if self._unfinished_tasks > 0:
                        self._unfinished_tasks -= 1
                self._all_tasks_done.notify_all()
            # BUG: no notify_all() on _not_empty and _not_full
