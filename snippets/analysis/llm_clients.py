"""The same batch of chat-completion calls made three ways: threads, asyncio, processes.

Each ``run_*`` function sends every prompt to ``url`` with at most
``concurrency`` requests in flight and returns, in prompt order, one
``Reply(text, latency)`` per prompt (latency measured from sending the
request to reading the whole response). Standard library only, one
connection per request, so the three differ only in the concurrency model.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Reply", "complete", "complete_async", "run_threads", "run_asyncio", "run_processes"]

PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Reply:
    text: str
    latency: float


def _body(prompt: str) -> bytes:
    return json.dumps({"model": "fake", "messages": [{"role": "user", "content": prompt}]}).encode()


def _text(payload: bytes) -> str:
    return json.loads(payload)["choices"][0]["message"]["content"]


# --8<-- [start:blocking]
def complete(url: str, prompt: str, timeout: float = 30.0) -> Reply:
    """One blocking call; the thread waits in the socket read, without the GIL."""
    parts = urlsplit(url)
    start = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("POST", PATH, body=_body(prompt), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {payload[:200]!r}")
    finally:
        conn.close()
    return Reply(_text(payload), time.perf_counter() - start)


def run_threads(url, prompts, concurrency):
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda p: complete(url, p), prompts))
# --8<-- [end:blocking]


# --8<-- [start:asyncio]
async def complete_async(url: str, prompt: str, timeout: float = 30.0) -> Reply:
    """One call on the event loop: waiting for the reply costs no thread."""
    parts = urlsplit(url)
    start = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port), timeout)
    try:
        body = _body(prompt)
        writer.write(
            f"POST {PATH} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
        )
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)  # the server closes after replying
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"bad reply: {head[:200]!r}")
    return Reply(_text(payload), time.perf_counter() - start)


def run_asyncio(url, prompts, concurrency):
    async def main():
        limit = asyncio.Semaphore(concurrency)  # at most `concurrency` requests in flight

        async def one(prompt):
            async with limit:
                return await complete_async(url, prompt)

        return await asyncio.gather(*(one(p) for p in prompts))

    return asyncio.run(main())
# --8<-- [end:asyncio]


# --8<-- [start:processes]
def run_processes(url, prompts, concurrency, pool=None):
    """Each worker process makes blocking calls; ``pool`` lets a caller reuse warm workers."""
    if pool is not None:
        return list(pool.map(complete, [url] * len(prompts), prompts))
    # "spawn", not "fork": the caller may have threads running (a server, a pool),
    # and a forked child would inherit their locks in whatever state they were.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=concurrency, mp_context=context) as pool:
        return list(pool.map(complete, [url] * len(prompts), prompts))
# --8<-- [end:processes]
