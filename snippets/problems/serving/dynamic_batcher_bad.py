"""KNOWN BAD: size trigger on the caller's thread, timer trigger on another.

Every access to the pending list is locked, and shutdown is handled
correctly, yet ``_flush`` copies the list under one lock and clears it
under another. A request appended between the two is cleared without being
in any batch: its caller waits forever. Two flushes that copy the same
list run the same requests twice.
"""

import threading
import time


class _Request:
    def __init__(self, item):
        self.item = item
        self.done = threading.Event()
        self.result = None


class DynamicBatcher:
    def __init__(self, model_fn, max_batch_size, max_wait):
        self._model_fn = model_fn
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait
        self._lock = threading.Lock()
        self._pending = []
        self._closed = False
        threading.Thread(target=self._worker, name="DynamicBatcher",
                         daemon=True).start()

    # --8<-- [start:bug]
    def predict(self, item):
        req = _Request(item)
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot predict after shutdown")
            self._pending.append(req)
            full = len(self._pending) >= self.max_batch_size
        if full:
            self._flush()  # size trigger, on this caller's thread
        req.done.wait()
        return req.result

    def _worker(self):  # timer trigger, on the worker thread
        while not self._closed:
            time.sleep(self.max_wait)
            self._flush()
        self._flush()

    def _flush(self):
        with self._lock:
            batch = list(self._pending)  # copy under the lock ...
        with self._lock:
            self._pending.clear()  # ... clear under it again: two steps
        if batch:
            results = self._model_fn([r.item for r in batch])
            for req, res in zip(batch, results):
                req.result = res
                req.done.set()
    # --8<-- [end:bug]

    def shutdown(self, wait=True):
        with self._lock:
            self._closed = True
