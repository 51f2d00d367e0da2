"""An async LLM client and event loops: two ownership patterns that work.

An ``AsyncOpenAI`` client (openai 3.51.0, built on ``httpx2.AsyncClient``)
keeps a connection pool; a pooled connection's transport belongs to the
event loop that opened it. So the client must live and die on one loop:

- ``LoopOwner``: one thread runs one long-lived loop that creates, uses and
  closes the client; any thread submits a request with
  ``asyncio.run_coroutine_threadsafe`` and waits with a timeout.
- ``complete_with_own_client``: code that must call ``asyncio.run()`` per
  call creates the client inside that loop (``async with``) and closes it
  before the loop ends, giving up connection reuse across calls.
"""

from __future__ import annotations

import asyncio
import threading

from openai import AsyncOpenAI

__all__ = ["TIMEOUT", "make_client", "ask", "LoopOwner", "complete_with_own_client"]

TIMEOUT = 5.0  # seconds, for every request and every wait on another thread


def make_client(base_url: str) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=base_url, api_key="unused-local-key", max_retries=0, timeout=TIMEOUT)


async def ask(client: AsyncOpenAI, prompt: str) -> str:
    reply = await client.chat.completions.create(
        model="local-fake", messages=[{"role": "user", "content": prompt}]
    )
    return reply.choices[0].message.content


# --8<-- [start:owner]
class LoopOwner:
    """One event loop in one thread owns the client; ``complete`` works from any thread."""

    def __init__(self, base_url: str):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="llm-client-loop",
                                        daemon=True)
        self._thread.start()
        self._client = self._call(self._make(base_url))  # created on the owning loop

    @staticmethod
    async def _make(base_url: str) -> AsyncOpenAI:
        return make_client(base_url)

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(TIMEOUT)

    def complete(self, prompt: str) -> str:
        return self._call(ask(self._client, prompt))

    def close(self) -> None:
        self._call(self._client.close())  # close the pool on the loop that owns it
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(TIMEOUT)
        self._loop.close()
# --8<-- [end:owner]


# --8<-- [start:per_loop]
def complete_with_own_client(base_url: str, prompt: str) -> str:
    """A new loop per call, so a new client per call, closed before the loop ends."""

    async def main() -> str:
        async with make_client(base_url) as client:
            return await ask(client, prompt)

    return asyncio.run(main())
# --8<-- [end:per_loop]
