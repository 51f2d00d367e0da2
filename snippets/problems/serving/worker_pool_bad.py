"""KNOWN BAD: a worker pool whose workers quit on shutdown without draining.

Everything is locked; the bug is the exit test. A worker that sees the
shutdown flag returns at once, so tasks accepted *before* shutdown may
never run and their ``result()`` waits forever.
"""

import threading
from collections import deque

from snippets.problems.serving.worker_pool import Task


class WorkerPool:
    def __init__(self, n_workers):
        self._cond = threading.Condition()
        self._queue = deque()
        self._shutdown = False
        self._threads = []
        for i in range(n_workers):
            t = threading.Thread(target=self._worker,
                                 name=f"WorkerPool-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def submit(self, fn, /, *args, **kwargs):
        task = Task(fn, args, kwargs)
        with self._cond:
            if self._shutdown:
                raise RuntimeError("cannot submit after shutdown")
            self._queue.append(task)
            self._cond.notify()
        return task

    # --8<-- [start:bug]
    def _worker(self):
        while True:
            with self._cond:
                while not self._queue and not self._shutdown:
                    self._cond.wait()
                if self._shutdown:        # exits even if tasks are still queued
                    return
                task = self._queue.popleft()
            task._run()
    # --8<-- [end:bug]

    def shutdown(self, wait=True):
        with self._cond:
            self._shutdown = True
            self._cond.notify_all()
        if wait:
            for t in self._threads:
                t.join()
