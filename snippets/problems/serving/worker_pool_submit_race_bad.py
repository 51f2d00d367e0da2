"""KNOWN BAD: ``submit`` tests the shutdown flag outside the lock.

Between the test and the append, ``shutdown`` can run and the last worker
can see an empty queue and exit. The task is then accepted (no exception,
a handle returned) but no worker will ever run it.
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

    # --8<-- [start:bug]
    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:                # checked without the lock ...
            raise RuntimeError("cannot submit after shutdown")
        task = Task(fn, args, kwargs)
        with self._cond:                  # ... acted on under it: too late
            self._queue.append(task)
            self._cond.notify()
        return task
    # --8<-- [end:bug]

    def _worker(self):
        while True:
            with self._cond:
                while not self._queue and not self._shutdown:
                    self._cond.wait()
                if not self._queue:
                    return
                task = self._queue.popleft()
            task._run()

    def shutdown(self, wait=True):
        with self._cond:
            self._shutdown = True
            self._cond.notify_all()
        if wait:
            for t in self._threads:
                t.join()
