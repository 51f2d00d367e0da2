"""Real threads share one tokenizer wrapper: count correct, wrong and failed calls.

Thread ``t`` of ``threads`` asks for ``max_length = t + 1`` on every call, so
a correct result has exactly ``t + 1`` ids; any other length is another
thread's setting. Exceptions are counted by type, message and the source
line that raised them. Standard library and ``tokenizers`` only, so the
bench script can run it in a separate virtual environment per version:

    python -m snippets.analysis.real_stack.tokenizers_experiment --json
"""

from __future__ import annotations

import argparse
import json
import platform
import threading
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Callable

import tokenizers

from snippets.analysis.real_stack.tokenizers_shared import (
    LockedTokenizer,
    PerCallTruncation,
    PerThreadTokenizer,
    build_tokenizer,
    sample_text,
)
from snippets.analysis.real_stack.tokenizers_shared_bad import SharedMutableTokenizer

__all__ = ["PATTERNS", "Tally", "run", "run_all"]

PATTERNS: dict[str, Callable] = {
    "shared, set then encode (bad)": SharedMutableTokenizer,
    "per-call truncation": PerCallTruncation,
    "per-thread copy": PerThreadTokenizer,
    "lock around set + encode": LockedTokenizer,
}

JOIN_TIMEOUT = 60.0


@dataclass
class Tally:
    calls: int = 0
    correct: int = 0
    wrong_length: int = 0
    errors: Counter = field(default_factory=Counter)  # "Type: message @ line" -> count

    def as_dict(self) -> dict:
        d = asdict(self)
        d["errors"] = dict(sorted(self.errors.items()))
        return d


def run(make: Callable, threads: int = 16, calls: int = 125, words: int = 400) -> Tally:
    """``threads`` real threads make ``calls`` calls each through ``make(tokenizer)``."""
    assert threads <= words, "each thread needs a distinct max_length below the text length"
    wrapper = make(build_tokenizer())
    text = sample_text(words)
    tally, lock = Tally(), threading.Lock()
    start = threading.Barrier(threads)

    def worker(max_length: int) -> None:
        start.wait()
        for _ in range(calls):
            try:
                n = len(wrapper.encode(text, max_length))
            except Exception as exc:  # counted, not raised: the experiment measures them
                where = traceback.extract_tb(exc.__traceback__)[-1].line
                key = f"{type(exc).__name__}: {exc} @ {where}"
                with lock:
                    tally.calls += 1
                    tally.errors[key] += 1
                continue
            with lock:
                tally.calls += 1
                if n == max_length:
                    tally.correct += 1
                else:
                    tally.wrong_length += 1

    workers = [threading.Thread(target=worker, args=(t + 1,), daemon=True) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(JOIN_TIMEOUT)
    alive = sum(w.is_alive() for w in workers)
    if alive:
        raise RuntimeError(f"{alive} threads still running after {JOIN_TIMEOUT} s")
    return tally


def run_all(threads: int = 16, calls: int = 125, words: int = 400) -> dict:
    """Every pattern once, with the versions it ran on (a JSON-ready dict)."""
    return {
        "tokenizers": tokenizers.__version__,
        "python": platform.python_version(),
        "threads": threads,
        "calls_per_thread": calls,
        "words": words,
        "patterns": {name: run(make, threads, calls, words).as_dict() for name, make in PATTERNS.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--calls", type=int, default=125, help="calls per thread")
    parser.add_argument("--words", type=int, default=400, help="words in the encoded text")
    args = parser.parse_args(argv)
    print(json.dumps(run_all(args.threads, args.calls, args.words), indent=2))


if __name__ == "__main__":
    main()
