"""Known-bad: one async client cached across event loops (and threads).

A synchronous facade keeps one async client and runs each call with
``asyncio.run()``, which creates a new loop and closes it at the end
(Python 3.11; measured with openai 3.51.0 and httpx 0.28.1). The
second call reuses a pooled connection whose loop is closed. From several
threads at once, each thread's loop reaches into connections and pool state
that belong to other loops.
"""

from __future__ import annotations

import asyncio

import httpx

from snippets.analysis.real_stack.async_client import TIMEOUT, ask, make_client

__all__ = ["CachedOpenAIFacade", "CachedHttpxFacade"]


# --8<-- [start:bad]
class CachedOpenAIFacade:
    """BAD: one AsyncOpenAI client, a new event loop per call."""

    def __init__(self, base_url: str):
        self._client = make_client(base_url)  # its pool will outlive the loops that fill it

    def complete(self, prompt: str) -> str:
        return asyncio.run(ask(self._client, prompt))
# --8<-- [end:bad]


class CachedHttpxFacade:
    """BAD: the same mistake with a plain ``httpx.AsyncClient`` (httpx 0.28.1)."""

    def __init__(self, base_url: str):
        self._client = httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT)

    async def _ask(self, prompt: str) -> str:
        reply = await self._client.post("/chat/completions", json={
            "model": "local-fake", "messages": [{"role": "user", "content": prompt}]})
        return reply.json()["choices"][0]["message"]["content"]

    def complete(self, prompt: str) -> str:
        return asyncio.run(self._ask(prompt))
