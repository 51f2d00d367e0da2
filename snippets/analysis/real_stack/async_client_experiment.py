"""Call a local fake OpenAI-compatible server through each client pattern; count outcomes.

Two usages per pattern: ``calls`` sequential calls from one thread, and
``threads`` threads making ``calls`` calls each at the same time. A call
is "ok" when it returns the right answer; an exception is counted by type,
message and the function that raised it; a thread still running after
``join_timeout`` seconds counts as hung (its calls never returned).

    python -m snippets.analysis.real_stack.async_client_experiment [--pattern NAME]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import threading
import traceback
from collections import Counter
from importlib import metadata

from snippets.analysis.real_stack.async_client import LoopOwner, complete_with_own_client
from snippets.analysis.real_stack.async_client_bad import CachedHttpxFacade, CachedOpenAIFacade
from snippets.analysis.real_stack.fake_openai_server import serve

__all__ = ["PATTERNS", "sequential", "threaded", "run_pattern"]


class _PerLoop:
    def __init__(self, base_url: str):
        self._base_url = base_url

    def complete(self, prompt: str) -> str:
        return complete_with_own_client(self._base_url, prompt)

    def close(self) -> None:
        pass


PATTERNS = {
    "AsyncOpenAI cached, asyncio.run per call (bad)": CachedOpenAIFacade,
    "httpx.AsyncClient cached, asyncio.run per call (bad)": CachedHttpxFacade,
    "one loop owner thread": LoopOwner,
    "a client per asyncio.run": _PerLoop,
}


def _outcome(call, prompt: str) -> str:
    try:
        answer = call(prompt)
    except Exception as exc:  # counted: the experiment measures them
        where = traceback.extract_tb(exc.__traceback__)[-1].name
        message = re.sub(r" at 0x[0-9a-f]+", "", str(exc))  # object addresses differ per run
        return f"{type(exc).__name__}: {message} @ {where}"
    return "ok" if answer == prompt.upper() else f"wrong answer {answer!r}"


def sequential(call, calls: int) -> Counter:
    return Counter(_outcome(call, f"call {i}") for i in range(calls))


def threaded(call, threads: int, calls: int, join_timeout: float) -> Counter:
    tally, lock = Counter(), threading.Lock()
    start = threading.Barrier(threads)

    def worker(t: int) -> None:
        start.wait()
        for i in range(calls):
            result = _outcome(call, f"thread {t} call {i}")
            with lock:
                tally[result] += 1

    workers = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(join_timeout)
    hung = sum(w.is_alive() for w in workers)
    if hung:
        tally[f"hung: threads still waiting after {join_timeout} s"] = hung
    return tally


def run_pattern(name: str, base_url: str, calls: int, threads: int, join_timeout: float) -> dict:
    facade = PATTERNS[name](base_url)
    try:
        return {
            "sequential": dict(sequential(facade.complete, calls)),
            "threads": dict(threaded(facade.complete, threads, calls, join_timeout)),
        }
    finally:
        close = getattr(facade, "close", None)
        if close and "(bad)" not in name:
            close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pattern", action="append", choices=list(PATTERNS),
                    help="default: every pattern")
    ap.add_argument("--calls", type=int, default=10)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--join-timeout", type=float, default=15.0)
    args = ap.parse_args(argv)
    with serve() as base_url:
        results = {name: run_pattern(name, base_url, args.calls, args.threads, args.join_timeout)
                   for name in (args.pattern or PATTERNS)}
    print(json.dumps({
        "python": platform.python_version(),
        "versions": {d: metadata.version(d) for d in ("openai", "httpx2", "httpx", "httpcore",
                                                       "anyio", "starlette", "uvicorn")},
        "calls": args.calls, "threads": args.threads, "join_timeout": args.join_timeout,
        "patterns": results,
    }, indent=2))


if __name__ == "__main__":
    main()
