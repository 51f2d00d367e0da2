"""An async LLM client across event loops and threads, against a local fake server.

The server (Starlette + uvicorn, 127.0.0.1, a port the OS picks) starts once
for this module. Bad patterns that can hang run in a subprocess with a hard
timeout; everything else runs here, every wait bounded.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import racecheck

from tests.support.optional import lazy, require

openai = require("openai")
require("httpx")
require("uvicorn")
require("starlette")

# Named lazily (tests/support/optional.py): the snippets import openai, which
# only the worker that runs these tests needs.
good = lazy("snippets.analysis.real_stack.async_client")
bad = lazy("snippets.analysis.real_stack.async_client_bad")
experiment = lazy("snippets.analysis.real_stack.async_client_experiment")
server = lazy("snippets.analysis.real_stack.fake_openai_server")
# The experiment's bad patterns, by name (test_the_bad_patterns_are_all_named keeps the list whole).
BAD_PATTERNS = ["AsyncOpenAI cached, asyncio.run per call (bad)", "httpx.AsyncClient cached, asyncio.run per call (bad)"]

ROOT = Path(__file__).resolve().parents[3]
CLOSED = "RuntimeError: Event loop is closed @ _check_closed"


@pytest.fixture(scope="module")
def base_url():
    with server.serve() as url:
        yield url


def test_the_server_answers_in_the_chat_completions_shape(base_url):
    assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
    assert good.complete_with_own_client(base_url, "hello") == "HELLO"


def test_one_loop_owner_serves_sequential_and_concurrent_callers(base_url):
    owner = good.LoopOwner(base_url)
    try:
        assert experiment.sequential(owner.complete, 5) == {"ok": 5}
        assert experiment.threaded(owner.complete, threads=4, calls=3, join_timeout=20) == {"ok": 12}
    finally:
        owner.close()
    assert not owner._thread.is_alive()


def test_a_client_per_asyncio_run_works_sequentially_and_from_threads(base_url):
    call = lambda prompt: good.complete_with_own_client(base_url, prompt)  # noqa: E731
    assert experiment.sequential(call, 2) == {"ok": 2}
    assert experiment.threaded(call, threads=2, calls=2, join_timeout=20) == {"ok": 4}


def test_the_bad_patterns_are_all_named():
    assert sorted(n for n in experiment.PATTERNS if "(bad)" in n) == sorted(BAD_PATTERNS)


@pytest.mark.parametrize("facade", ["CachedOpenAIFacade", "CachedHttpxFacade"],
                         ids=["AsyncOpenAI", "httpx.AsyncClient"])
def test_a_cached_async_client_fails_on_the_second_asyncio_run(base_url, facade):
    client = getattr(bad, facade)(base_url)
    outcomes = [experiment._outcome(client.complete, f"call {i}") for i in range(2)]
    # The first call fills the pool on loop 1; the second reuses that connection on loop 2.
    assert outcomes == ["ok", CLOSED]


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_a_cached_async_client_shared_by_threads_fails_or_hangs(pattern):
    """In a subprocess: a hung thread there cannot leak into this test run."""
    proc = subprocess.run(
        [sys.executable, "-m", "snippets.analysis.real_stack.async_client_experiment",
         "--pattern", pattern, "--calls", "3", "--threads", "4", "--join-timeout", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=90,
    )
    assert proc.returncode == 0, proc.stderr
    import json

    threads = json.loads(proc.stdout)["patterns"][pattern]["threads"]
    assert threads.get("ok", 0) < 12, threads
    assert set(threads) - {"ok"}, threads


def test_a_port_in_use_is_a_clear_error_not_a_hang():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(server.PortInUse, match=f"127.0.0.1:{port} is already in use"):
            with server.serve(port):
                pass


def test_the_server_stops_when_the_block_ends():
    with server.serve() as url:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_mock_transport_hides_the_bug_the_real_pool_shows():
    """The page's warning: with httpx2.MockTransport there is no pooled connection to go stale."""
    import asyncio

    httpx2 = require("httpx2")

    def handler(request):
        return httpx2.Response(200, json={
            "id": "c", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "MOCKED"}}]})

    client = openai.AsyncOpenAI(
        base_url="http://mock.invalid/v1", api_key="unused", max_retries=0,
        http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
    )
    assert [asyncio.run(good.ask(client, "x")) for _ in range(3)] == ["MOCKED"] * 3


def test_the_threaded_tally_counts_every_outcome_of_concurrent_workers():
    """The experiment's tally is shared by its threads: no outcome may be lost."""
    racecheck.verify(
        racecheck.Scenario(
            name="async client experiment: two workers tally their outcomes",
            setup=dict,
            threads=[lambda s: s.__setitem__("tally", experiment.threaded(str.upper, threads=2, calls=2,
                                                                          join_timeout=20))],
            check=lambda s: s["tally"] == {"ok": 4},
            targets=[experiment],
            timeouts="lazy",  # the join deadline is a safety net, not part of what is checked
        )
    )
