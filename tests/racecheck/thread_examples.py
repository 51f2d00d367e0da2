"""Code that starts its own threads, as serving code does: the targets of
test_started_threads.py. Each correct shape has a known-bad twin."""

import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor


class Tally:
    """Token counts reported by several workers."""

    def __init__(self):
        self.total = 0
        self.lock = threading.Lock()

    def add(self, n):
        with self.lock:
            self.total += n

    def add_bad(self, n):
        self.total += n  # read, add, write: two workers can lose one update


def count_with_threads(tally, batches, add):
    """One thread per batch, started and joined here (a fan-out)."""
    threads = [threading.Thread(target=add, args=(len(b),), name=f"counter-{i}")
               for i, b in enumerate(batches)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.total


def count_with_pool(tally, batches, add):
    """The same fan-out on a thread pool: submit, then wait for every result."""
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="count") as pool:
        futures = [pool.submit(add, len(b)) for b in batches]
        for f in futures:
            f.result()
    return tally.total


def count_with_map(tally, batches, add):
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(add, [len(b) for b in batches]))
    return tally.total


class LazyClient:
    """A client created on first use by whichever worker gets there first."""


class Registry:
    def __init__(self):
        self.client = None
        self.lock = threading.Lock()

    def get_bad(self):
        if self.client is None:  # check-then-act: two workers create two clients
            self.client = LazyClient()
        return self.client

    def get(self):
        with self.lock:
            if self.client is None:
                self.client = LazyClient()
            return self.client


request_id = contextvars.ContextVar("request_id", default="-")


def current_request():
    return request_id.get()


class Loader:
    """Expensive creation, called under other modules' locks."""

    def __init__(self):
        self.calls = 0

    def load(self):
        self.calls += 1
        return f"weights#{self.calls}"
