"""Small LLM-serving shapes, each correct and known-bad: targets of test_llm_serving.py.

Decorated methods (a metrics decorator without functools.wraps),
functools.cached_property (a lazily loaded tokenizer), a token stream
generator shared by two consumers, and a request whose timed wait races the
worker that completes it.
"""

import threading
from functools import cached_property

from tests.racecheck.shapes_helper import counted


# ------------------------------------------------ decorated method (metrics)
class TokenMeter:
    """Counts generated tokens per server; `record` is wrapped by a metrics decorator."""

    def __init__(self):
        self.tokens = 0
        self.lock = threading.Lock()

    @counted
    def record(self, n):
        with self.lock:
            self.tokens += n


class TokenMeterBad(TokenMeter):
    @counted
    def record(self, n):  # BUG: read-modify-write without the lock
        self.tokens += n


# ------------------------------------------- cached_property (lazy tokenizer)
class Model:
    """Loads its tokenizer once, on first use, from any request thread."""

    def __init__(self):
        self.loads = 0
        self._lock = threading.Lock()
        self._tokenizer = None

    def _load(self):
        self.loads += 1
        return {"vocab": 32000}

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:  # double-checked under the lock
                    self._tokenizer = self._load()
        return self._tokenizer


class ModelBad(Model):
    @cached_property
    def tokenizer(self):  # BUG on 3.12+: cached_property no longer locks
        return self._load()


# --------------------------------------------- shared token stream generator
def token_stream(n):
    for i in range(n):
        yield f"tok{i}"


class Stream:
    """One response stream read by two consumer threads (e.g. SSE fan-out)."""

    def __init__(self, n):
        self.it = token_stream(n)
        self.lock = threading.Lock()
        self.seen = []

    def pull(self):
        with self.lock:
            tok = next(self.it, None)
        if tok is not None:
            self.seen.append(tok)
        return tok


class StreamBad(Stream):
    def pull(self):
        tok = next(self.it, None)  # BUG: two threads may run the generator at once
        if tok is not None:
            self.seen.append(tok)
        return tok


# ------------------------------------------------ timeout vs completion
class Request:
    """A request that a worker completes while the caller waits with a deadline.

    Exactly one of "done" and "timed_out" wins: the caller returns the output
    if and only if the request ends "done" (a response nobody received must
    not be billed, a timed-out request must not be overwritten).
    """

    def __init__(self):
        self.state = "pending"
        self.output = None
        self.done = threading.Event()
        self.lock = threading.Lock()

    def complete(self, output):
        with self.lock:
            if self.state == "pending":
                self.output = output
                self.state = "done"
        self.done.set()

    def result(self, timeout):
        self.done.wait(timeout)
        with self.lock:
            if self.state == "pending":
                self.state = "timed_out"
                return None
            return self.output


class RequestBad(Request):
    def complete(self, output):
        self.output = output
        self.state = "done"  # BUG: overwrites a request the caller gave up on
        self.done.set()

    def result(self, timeout):
        if not self.done.wait(timeout):
            self.state = "timed_out"
            return None
        return self.output
