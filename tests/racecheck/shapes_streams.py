"""Target code for tests/racecheck/test_abandoned_generators.py: token streams
(generators) that the consumer leaves suspended, as serving code does when a
client disconnects. Their cleanup runs whenever Python finalizes them, which
may be in a thread of a later run (garbage collection) or between runs."""

import threading


def stream(resp):
    i = 0
    try:
        while True:
            yield i
            i += 1
    finally:
        # Cleanup with a context manager on its run's (modelled) lock.
        with resp.lock:
            resp.closed += 1


def bare_stream():
    i = 0
    while True:  # no try: on 3.12 close() still runs code in the frame
        yield i
        i += 1


class Resp:
    def __init__(self):
        self.lock = threading.Lock()
        self.it = stream(self)
        self.bare = bare_stream()
        self.got = []
        self.closed = 0
        next(self.bare)  # suspended from setup on

    def pull(self):
        with self.lock:
            self.got.append(next(self.it))
            next(self.bare)

    def pull_racy(self):
        # Bug: two threads may resume the same generator at once.
        self.got.append(next(self.it))

    def first_of_fresh(self):
        # A stream abandoned (closed by refcount) inside the run itself.
        for tok in stream(self):
            return tok
